"""A small FastAPI app: /health says the process answers, /ready that its dependencies do."""
import os

import httpx
import redis.asyncio as redis
from fastapi import FastAPI, Response
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

DATABASE_URL = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+asyncpg://", 1)
REDIS_URL = os.environ.get("REDIS_URL", "redis://redis:6379/0")
OLLAMA_BASE_URL = os.environ.get("OLLAMA_BASE_URL", "http://ollama:11434")

app = FastAPI(title="ai-stack example api")
engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
cache = redis.from_url(REDIS_URL)


@app.get("/health")
async def health() -> dict[str, str]:
    # Liveness only: never touch dependencies here, or one slow database restarts every API container.
    return {"status": "ok"}


@app.get("/ready")
async def ready(response: Response) -> dict[str, str]:
    checks: dict[str, str] = {}
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        checks["db"] = "ok"
    except Exception as exc:  # noqa: BLE001 - report, do not crash the probe
        checks["db"] = type(exc).__name__
    try:
        await cache.ping()
        checks["redis"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["redis"] = type(exc).__name__
    try:
        async with httpx.AsyncClient(timeout=3) as client:
            (await client.get(f"{OLLAMA_BASE_URL}/api/tags")).raise_for_status()
        checks["ollama"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["ollama"] = type(exc).__name__
    if any(v != "ok" for v in checks.values()):
        response.status_code = 503
    return checks


@app.post("/generate")
async def generate(prompt: str, model: str = "llama3.2:1b") -> dict[str, str]:
    async with httpx.AsyncClient(timeout=120) as client:
        r = await client.post(f"{OLLAMA_BASE_URL}/api/generate", json={"model": model, "prompt": prompt, "stream": False})
        r.raise_for_status()
        return {"response": r.json().get("response", "")}
