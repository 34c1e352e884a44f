"""Enable pgvector and create the documents table."""
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.execute("CREATE TABLE IF NOT EXISTS documents (id serial PRIMARY KEY, body text NOT NULL, embedding vector(768))")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS documents")
