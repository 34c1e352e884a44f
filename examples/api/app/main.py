"""A small FastAPI app: /health says the process answers, /ready that its dependencies do.

APP_VERSION names the running version (in /health, /ready, /version and the X-App-Version
header); MODEL_LOAD_SECONDS delays start-up (the time a real app spends loading a model), so
the process does not answer at all until it has passed.
"""
import asyncio
import os

import httpx
import redis.asyncio as redis
from fastapi import FastAPI, Response
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

DATABASE_URL = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+asyncpg://", 1)
REDIS_URL = os.environ.get("REDIS_URL", "redis://redis:6379/0")
OLLAMA_BASE_URL = os.environ.get("OLLAMA_BASE_URL", "http://ollama:11434")
APP_VERSION = os.environ.get("APP_VERSION", "dev")
MODEL_LOAD_SECONDS = float(os.environ.get("MODEL_LOAD_SECONDS", "0"))

app = FastAPI(title="ai-stack example api")
engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
cache = redis.from_url(REDIS_URL)


def migration_head() -> str | None:
    """The newest revision of the migrations shipped with this version (None without Alembic files)."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ini = os.path.join(here, "alembic.ini")
    if not os.path.exists(ini):
        return None
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config(ini)
    cfg.set_main_option("script_location", os.path.join(here, "alembic"))
    return ScriptDirectory.from_config(cfg).get_current_head()


HEAD = migration_head()


@app.on_event("startup")
async def load_model() -> None:
    # Stands for loading model weights: the server accepts no request before this returns.
    if MODEL_LOAD_SECONDS > 0:
        await asyncio.sleep(MODEL_LOAD_SECONDS)


@app.middleware("http")
async def version_header(request, call_next):
    response = await call_next(request)
    response.headers["X-App-Version"] = APP_VERSION
    return response


@app.get("/health")
async def health() -> dict[str, str]:
    # Liveness only: never touch dependencies here, or one slow database restarts every API container.
    return {"status": "ok", "version": APP_VERSION}


@app.get("/version")
async def version() -> dict[str, str]:
    return {"version": APP_VERSION}


@app.get("/ready")
async def ready(response: Response) -> dict[str, str]:
    checks: dict[str, str] = {"version": APP_VERSION}
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
            checks["db"] = "ok"
            if HEAD is not None:
                current = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar()
                checks["migrations"] = "ok" if current == HEAD else f"at {current}, head is {HEAD}"
    except Exception as exc:  # noqa: BLE001 - report, do not crash the probe
        checks.setdefault("db", type(exc).__name__)
        if checks["db"] == "ok":
            checks["migrations"] = type(exc).__name__
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
    if any(v != "ok" for k, v in checks.items() if k != "version"):
        response.status_code = 503
    return checks


@app.post("/generate")
async def generate(prompt: str, model: str = "llama3.2:1b") -> dict[str, str]:
    async with httpx.AsyncClient(timeout=120) as client:
        r = await client.post(f"{OLLAMA_BASE_URL}/api/generate", json={"model": model, "prompt": prompt, "stream": False})
        r.raise_for_status()
        return {"response": r.json().get("response", "")}
