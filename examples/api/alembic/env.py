"""Alembic environment: runs migrations online against DATABASE_URL."""
import os

from alembic import context
from sqlalchemy import create_engine, pool

import sqlalchemy

# psycopg 3 has a SQLAlchemy dialect from 2.0 on; SQLAlchemy 1.4 (Debian bookworm) uses psycopg2.
driver = "psycopg" if int(sqlalchemy.__version__.split(".")[0]) >= 2 else "psycopg2"
url = os.environ["DATABASE_URL"].replace("postgresql://", f"postgresql+{driver}://", 1)
connectable = create_engine(url, poolclass=pool.NullPool)
with connectable.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
