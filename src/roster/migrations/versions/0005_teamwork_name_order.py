"""An index in Teamwork's default order: first name, last name (code point order), id.

Without it a page of ``people.json`` sorted every visible user before it could return the first
fifty (3.3 s at a million users, docs/benchmark.md); with it the page walks the index in order and
stops when the page is full. PostgreSQL compares in the "C" collation, as the query asks
(``roster.dialects.teamwork.ordering.binary_order``); SQLite's default collation is already binary.
Not declared on the model: the collation clause exists only on PostgreSQL.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            'CREATE INDEX ix_users_first_last_name ON users (first_name COLLATE "C", '
            'last_name COLLATE "C", id)'
        )
    else:
        op.execute("CREATE INDEX ix_users_first_last_name ON users (first_name, last_name, id)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_users_first_last_name")
