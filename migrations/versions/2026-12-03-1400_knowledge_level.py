"""Art. 4.1 b (issue 18): a function profile carries its knowledge level (a text: education
level, required knowledge), synced from the HR system; a competency set keeps the one its
profile had when it was composed, so the knowledge level is rated against what the profile said.

Revision ID: 0025_knowledge_level
Revises: 0024_guide_adoption
Create Date: 2026-12-03 14:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025_knowledge_level"
down_revision: str | None = "0024_guide_adoption"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("function_profile", sa.Column("knowledge_level", sa.Text(), nullable=True))
    op.add_column("competency_set_revision", sa.Column("knowledge_level", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("competency_set_revision", "knowledge_level")
    op.drop_column("function_profile", "knowledge_level")
