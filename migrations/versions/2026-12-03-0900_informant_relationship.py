"""An informant request records the informant's working relationship with the employee and a
short description (issue 18, Art. 1.k: "een relevante functionele werkrelatie"). Requests made
before keep none.

Revision ID: 0020_informant_relationship
Revises: 0019_delivery_claims
Create Date: 2026-12-03 09:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_informant_relationship"
down_revision: str | None = "0019_delivery_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # informant_request refuses UPDATE once final (row triggers); adding columns is no update.
    op.add_column(
        "informant_request", sa.Column("relationship", sa.String(length=20), nullable=True)
    )
    op.add_column(
        "informant_request", sa.Column("relationship_note", sa.String(length=200), nullable=True)
    )
    op.create_check_constraint(
        "relationship",
        "informant_request",
        "relationship IN ('colleague','client','chain-partner','other-manager','external')",
    )


def downgrade() -> None:
    op.drop_constraint("relationship", "informant_request", type_="check")
    op.drop_column("informant_request", "relationship_note")
    op.drop_column("informant_request", "relationship")
