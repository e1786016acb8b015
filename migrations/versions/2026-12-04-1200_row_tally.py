"""The totals of the unfiltered whole-organisation lists without counting (issue 20).

``row_tally`` is append-only bookkeeping: statement-level triggers (with transition tables)
add one row per writing statement holding by how much it changed the number of employees, or
of cycles not superseded, and the total is ``sum(n)`` over the table's rows. It is exact: a
delta commits or rolls back with the rows it counts, so in any snapshot the sum equals the
count. Writers only insert, so they never wait on each other. ``row_tally_compact`` folds a
table's committed deltas into one row (one statement: the DELETE's rows are the INSERT's sum),
under a try-advisory lock: called by the worker's sweep, and by the triggers every 64th delta
(for every table).
A TRUNCATE adds minus the sum. The tally starts from the count at migration (the CREATE
TRIGGERs lock out writers until this transaction commits).

Revision ID: 0030_row_tally
Revises: 0029_report_indexes
Create Date: 2026-12-04 12:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030_row_tally"
down_revision: str | None = "0029_report_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMPACT_EVERY = 64
"""A trigger whose delta row's id is a multiple of this compacts (if nobody else is at it)."""

# What each table's tally counts: the rows the unfiltered list shows.
COUNTED = {
    "employee": "true",
    "cycle": "state <> 'superseded'",
}


def _tally_function(table: str, counted: str) -> str:
    compact_all = " ".join(f"PERFORM row_tally_compact('{t}');" for t in COUNTED)
    return f"""
        CREATE FUNCTION row_tally_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            delta bigint;
            added bigint;
        BEGIN
            IF TG_OP = 'INSERT' THEN
                SELECT count(*) INTO delta FROM new_rows WHERE {counted};
            ELSIF TG_OP = 'DELETE' THEN
                SELECT -count(*) INTO delta FROM old_rows WHERE {counted};
            ELSIF TG_OP = 'UPDATE' THEN
                SELECT (SELECT count(*) FROM new_rows WHERE {counted})
                     - (SELECT count(*) FROM old_rows WHERE {counted}) INTO delta;
            ELSE  -- TRUNCATE: minus what was there (a compaction in flight keeps the sum)
                SELECT -coalesce(sum(n), 0) INTO delta FROM row_tally
                 WHERE table_name = '{table}';
            END IF;
            IF delta <> 0 THEN
                INSERT INTO row_tally (table_name, n) VALUES ('{table}', delta)
                RETURNING id INTO added;
                IF added % {COMPACT_EVERY} = 0
                   AND current_setting('transaction_isolation') = 'read committed' THEN
                    -- every table's: the ids are shared, and writers that alternate
                    -- between two tables would bring every 64th id to the same one
                    {compact_all}
                END IF;
            END IF;
            RETURN NULL;
        END;
        $$
    """  # noqa: S608 (the module's own constants)


def upgrade() -> None:
    op.create_table(
        "row_tally",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("table_name", sa.String(length=63), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_row_tally")),
    )
    op.create_index("ix_row_tally_table_name", "row_tally", ["table_name"])
    # Compaction: the committed deltas of a table, deleted, and their sum inserted, in one
    # statement (a reader sees both or neither). Under a try-lock: one compactor at a time,
    # the others go on; only in READ COMMITTED (a repeatable-read snapshot could meet rows
    # another compaction deleted since, and fail). Returns the rows folded (NULL: not now).
    op.execute(
        """
        CREATE FUNCTION row_tally_compact(target text) RETURNS integer LANGUAGE plpgsql AS $$
        DECLARE
            folded integer;
        BEGIN
            IF current_setting('transaction_isolation') <> 'read committed'
               OR NOT pg_try_advisory_xact_lock(hashtext('goedgesprek.row_tally.' || target))
            THEN
                RETURN NULL;
            END IF;
            IF (SELECT count(*) FROM row_tally WHERE table_name = target) < 2 THEN
                RETURN 0;
            END IF;
            WITH folded_rows AS (
                DELETE FROM row_tally WHERE table_name = target RETURNING n
            ), total AS (
                INSERT INTO row_tally (table_name, n)
                SELECT target, sum(n) FROM folded_rows HAVING count(*) > 0
            )
            SELECT count(*) INTO folded FROM folded_rows;
            RETURN folded;
        END;
        $$
        """
    )
    for table, counted in COUNTED.items():
        op.execute(_tally_function(table, counted))
        for event, transition in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ):
            if table == "employee" and event == "UPDATE":
                continue  # every employee counts: an update changes nothing
            op.execute(
                f"CREATE TRIGGER {table}_tally_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {transition} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION row_tally_{table}()"
            )
        op.execute(
            f"CREATE TRIGGER {table}_tally_truncate AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION row_tally_{table}()"
        )
        op.execute(
            f"INSERT INTO row_tally (table_name, n) "  # noqa: S608 (the module's constants)
            f"SELECT '{table}', count(*) FROM {table} WHERE {counted}"
        )


def downgrade() -> None:
    for table in COUNTED:
        for event in ("insert", "delete", "update", "truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_tally_{event} ON {table}")
        op.execute(f"DROP FUNCTION row_tally_{table}()")
    op.execute("DROP FUNCTION row_tally_compact(text)")
    op.drop_index("ix_row_tally_table_name", table_name="row_tally")
    op.drop_table("row_tally")
