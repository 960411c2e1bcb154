"""Name and email search indexes, one kind per engine.

PostgreSQL: trigram GIN indexes (pg_trgm) on lower(full_name) and lower(email_address), so
substring search (ILIKE '%term%') uses an index instead of scanning a million users.
SQLite: an FTS5 table with the trigram tokenizer over the same two columns, kept in step by
triggers; substring LIKE on it is answered from the index.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE UNIQUE INDEX uq_users_email_lower ON users (lower(email_address))")
    op.execute("CREATE INDEX ix_users_full_name_lower ON users (lower(full_name))")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_users_full_name_trgm ON users USING gin (lower(full_name) gin_trgm_ops)"
        )
        op.execute(
            "CREATE INDEX ix_users_email_trgm ON users USING gin (lower(email_address) gin_trgm_ops)"
        )
        op.execute("CREATE INDEX ix_roles_name_trgm ON roles USING gin (lower(name) gin_trgm_ops)")
        return
    op.execute(
        "CREATE VIRTUAL TABLE users_search USING fts5("
        "full_name, email_address, content='users', content_rowid='id', tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER users_search_ai AFTER INSERT ON users BEGIN "
        "INSERT INTO users_search(rowid, full_name, email_address) "
        "VALUES (new.id, new.full_name, new.email_address); END"
    )
    op.execute(
        "CREATE TRIGGER users_search_ad AFTER DELETE ON users BEGIN "
        "INSERT INTO users_search(users_search, rowid, full_name, email_address) "
        "VALUES ('delete', old.id, old.full_name, old.email_address); END"
    )
    op.execute(
        "CREATE TRIGGER users_search_au AFTER UPDATE OF first_name, last_name, email_address "
        "ON users BEGIN "
        "INSERT INTO users_search(users_search, rowid, full_name, email_address) "
        "VALUES ('delete', old.id, old.full_name, old.email_address); "
        "INSERT INTO users_search(rowid, full_name, email_address) "
        "VALUES (new.id, new.full_name, new.email_address); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_roles_name_trgm")
        op.execute("DROP INDEX IF EXISTS ix_users_email_trgm")
        op.execute("DROP INDEX IF EXISTS ix_users_full_name_trgm")
    else:
        for trigger in ("users_search_au", "users_search_ad", "users_search_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS users_search")
    op.execute("DROP INDEX IF EXISTS ix_users_full_name_lower")
    op.execute("DROP INDEX IF EXISTS uq_users_email_lower")
