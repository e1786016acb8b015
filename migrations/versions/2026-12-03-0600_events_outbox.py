"""Events (issue 17): the outbox of domain events, the webhook subscriptions with their
deliveries and attempts, and the job queue's own schema: procrastinate 3.10.0's ``schema.sql``,
copied into ``migrations/procrastinate/`` so that this revision makes the same schema whatever
release is installed later. Alembic stays the only way the schema is made: a later procrastinate
release that changes its schema comes with a revision that applies its own migration scripts
(``procrastinate/sql/migrations``) from 3.10.0 on.

Every INSERT statement into the outbox queues one ``dispatch_events`` job in the same
transaction (a statement trigger): the worker is woken if and only if events committed.

Revision ID: 0017_events_outbox
Revises: 0016_no_truncate
Create Date: 2026-12-03 06:00:00+00:00
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
from sqlalchemy.util import await_

revision: str = "0017_events_outbox"
down_revision: str | None = "0016_no_truncate"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROCRASTINATE_SCHEMA = (
    Path(__file__).resolve().parent.parent / "procrastinate" / "schema-3.10.0.sql"
)


class Xid8(sa.types.UserDefinedType):
    cache_ok = True

    def get_col_spec(self, **_kw):
        return "xid8"


def _run_script(sql: str) -> None:
    """A script of many statements (functions with $$ bodies): asyncpg runs it as one simple
    query, which SQLAlchemy's prepared statements cannot."""
    driver = op.get_bind().connection.driver_connection
    await_(driver.execute(sql))


def upgrade() -> None:
    _run_script(PROCRASTINATE_SCHEMA.read_text("utf-8"))
    op.create_table(
        "domain_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("txid", Xid8(), server_default=sa.text("pg_current_xact_id()"), nullable=False),
        sa.Column("type", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("time", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("data", postgresql.JSONB(), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_domain_event"),
        sa.UniqueConstraint("position", name="uq_domain_event_position"),
        sa.UniqueConstraint("sequence", name="uq_domain_event_sequence"),
    )
    op.create_index(
        "ix_domain_event_unpublished",
        "domain_event",
        ["txid", "position"],
        postgresql_where=sa.text("sequence IS NULL"),
    )
    op.create_index("ix_domain_event_type_sequence", "domain_event", ["type", "sequence"])
    # One job per statement that wrote events or deliveries, in its transaction: the worker is
    # woken if and only if they committed (LISTEN/NOTIFY comes with procrastinate's jobs).
    op.execute(
        """
        CREATE FUNCTION goedgesprek_wake(task text) RETURNS void LANGUAGE sql AS $$
            SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(
                'events', task, 0, NULL, NULL, '{}'::jsonb, NULL
            )::procrastinate_job_to_defer_v1])
        $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION goedgesprek_wake_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM inserted) THEN  -- an INSERT of no rows wakes nobody
                PERFORM goedgesprek_wake(TG_ARGV[0]);
            END IF;
            RETURN NULL;
        END;
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER domain_event_wake_worker AFTER INSERT ON domain_event "
        "REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT "
        "EXECUTE FUNCTION goedgesprek_wake_trigger('publish_events')"
    )
    # Events are facts: never changed (but for the sequence the publisher gives) nor removed.
    op.execute(
        """
        CREATE FUNCTION domain_event_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND OLD.sequence IS NULL AND NEW.sequence IS NOT NULL
               AND (NEW.id, NEW.position, NEW.txid, NEW.type, NEW.subject, NEW.time, NEW.data)
                   IS NOT DISTINCT FROM
                   (OLD.id, OLD.position, OLD.txid, OLD.type, OLD.subject, OLD.time, OLD.data)
            THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'domain_event is append-only (% refused)', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER domain_event_immutable BEFORE UPDATE OR DELETE ON domain_event "
        "FOR EACH ROW EXECUTE FUNCTION domain_event_immutable()"
    )
    op.execute(
        "CREATE TRIGGER domain_event_no_truncate BEFORE TRUNCATE ON domain_event "
        "FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate()"
    )
    op.create_table(
        "webhook_subscription",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column(
            "event_types",
            postgresql.ARRAY(sa.String(length=100)),
            server_default="{}",
            nullable=False,
        ),
        sa.Column("description", sa.String(length=500), nullable=True),
        sa.Column("enabled", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("disabled_reason", sa.String(length=200), nullable=True),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("previous_secret", sa.String(length=100), nullable=True),
        sa.Column("previous_secret_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_subscription"),
    )
    op.create_table(
        "webhook_delivery",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subscription_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status", sa.String(length=16), server_default=sa.text("'pending'"), nullable=False
        ),
        sa.Column("attempts", sa.SmallInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column(
            "next_attempt_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_status_code", sa.SmallInteger(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("manual", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "status IN ('pending','delivered','failed')", name="ck_webhook_delivery_status_known"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["domain_event.id"], name="fk_webhook_delivery_event_id_domain_event"
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["webhook_subscription.id"],
            name="fk_webhook_delivery_subscription_id_webhook_subscription",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_delivery"),
    )
    op.create_index(
        "ix_webhook_delivery_due",
        "webhook_delivery",
        ["next_attempt_at"],
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_index(
        "ix_webhook_delivery_subscription",
        "webhook_delivery",
        ["subscription_id", "created_at", "id"],
    )
    op.create_index("ix_webhook_delivery_event_id", "webhook_delivery", ["event_id"])
    op.execute(
        "CREATE TRIGGER webhook_delivery_wake_worker AFTER INSERT ON webhook_delivery "
        "REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT "
        "EXECUTE FUNCTION goedgesprek_wake_trigger('deliver_webhooks')"
    )
    op.create_table(
        "webhook_attempt",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("delivery_id", sa.Uuid(), nullable=False),
        sa.Column(
            "attempted_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("status_code", sa.SmallInteger(), nullable=True),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("manual", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["webhook_delivery.id"],
            name="fk_webhook_attempt_delivery_id_webhook_delivery",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_attempt"),
    )
    op.create_index("ix_webhook_attempt_delivery", "webhook_attempt", ["delivery_id", "id"])


def downgrade() -> None:
    op.drop_table("webhook_attempt")
    op.drop_table("webhook_delivery")
    op.drop_table("webhook_subscription")
    op.drop_table("domain_event")
    op.execute("DROP FUNCTION domain_event_immutable()")
    op.execute("DROP FUNCTION goedgesprek_wake_trigger()")
    op.execute("DROP FUNCTION goedgesprek_wake(text)")
    # procrastinate's schema: its tables, then every function and type it made.
    for table in ("events", "periodic_defers", "jobs", "workers"):
        op.execute(f"DROP TABLE procrastinate_{table} CASCADE")
    _run_script(
        """
        DO $$
        DECLARE f record;
        BEGIN
            FOR f IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
                     JOIN pg_namespace n ON n.oid = p.pronamespace
                     WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate%'
            LOOP
                EXECUTE 'DROP FUNCTION ' || f.signature;
            END LOOP;
        END;
        $$;
        DROP TYPE procrastinate_job_to_defer_v1;
        DROP TYPE procrastinate_job_event_type;
        DROP TYPE procrastinate_job_status;
        """
    )
