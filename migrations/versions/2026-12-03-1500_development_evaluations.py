"""Art. 6.4 b (issue 18): the appraisal evaluates each development agreement (a text, no score,
like a career agreement).

Revision ID: 0026_development_evaluations
Revises: 0025_knowledge_level
Create Date: 2026-12-03 15:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0026_development_evaluations"
down_revision: str | None = "0025_knowledge_level"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_constraint("item", "appraisal_rating", type_="check")
    op.drop_constraint("career_unrated", "appraisal_rating", type_="check")
    op.create_check_constraint(
        "item",
        "appraisal_rating",
        "item IN ('work','competency','knowledge','development','career')",
    )
    op.create_check_constraint(
        "evaluated_unrated",
        "appraisal_rating",
        "(item IN ('development','career')) = (score IS NULL)",
    )


def downgrade() -> None:
    op.execute("DELETE FROM appraisal_rating WHERE item = 'development'")
    op.drop_constraint("evaluated_unrated", "appraisal_rating", type_="check")
    op.drop_constraint("item", "appraisal_rating", type_="check")
    op.create_check_constraint(
        "item", "appraisal_rating", "item IN ('work','competency','knowledge','career')"
    )
    op.create_check_constraint(
        "career_unrated", "appraisal_rating", "(item = 'career') = (score IS NULL)"
    )
