"""Create the documents table (the stack of examples/stack: plain PostgreSQL 15, no pgvector)."""
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.execute("CREATE TABLE IF NOT EXISTS documents (id serial PRIMARY KEY, body text NOT NULL)")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS documents")
