"""Celery worker for background jobs (embeddings, long generations)."""
import os

from celery import Celery

celery = Celery("app", broker=os.environ.get("REDIS_URL", "redis://redis:6379/0"))


@celery.task
def embed(document_id: int) -> int:
    # Placeholder for the real work: fetch the document, embed it through Ollama, store the vector.
    return document_id
