"""The schema is made by Alembic only; the models and the migrations agree."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from app.migrate import alembic_config, head_revision
from app.models import Base


async def test_models_and_migrations_agree(connection):
    def diff(sync_connection):
        context = MigrationContext.configure(
            sync_connection,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                # procrastinate's tables come from its own schema.sql (migration 0017)
                "include_name": lambda name, type_, _parents: (
                    not (type_ == "table" and (name or "").startswith("procrastinate_"))
                ),
            },
        )
        return compare_metadata(context, Base.metadata)

    assert await connection.run_sync(diff) == []


async def test_downgrade_to_base_and_upgrade_to_head_round_trips(connection):
    def round_trip(sync_connection):
        config = alembic_config(sync_connection)
        command.downgrade(config, "base")
        tables_at_base = set(inspect(sync_connection).get_table_names())
        command.upgrade(config, "head")
        tables_at_head = set(inspect(sync_connection).get_table_names())
        return tables_at_base, tables_at_head

    at_base, at_head = await connection.run_sync(round_trip)
    assert at_base <= {"alembic_version"}
    assert set(Base.metadata.tables) <= at_head


def test_migration_files_follow_the_naming_scheme():
    import re
    from pathlib import Path

    versions = Path(__file__).resolve().parent.parent / "migrations" / "versions"
    names = [p.name for p in versions.glob("*.py")]
    assert names
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}-\d{4}_[a-z0-9_]+\.py", n) for n in names), names
    assert head_revision() is not None


def test_the_job_queues_schema_is_the_one_of_the_installed_procrastinate():
    """Migration 0017 applies a copy of procrastinate 3.10.0's schema.sql. Upgrading the
    package (pyproject.toml) must come with a revision that applies its own migrations; this
    fails until the copy's release and the installed one agree again."""
    from importlib import metadata
    from pathlib import Path

    copies = sorted(
        (Path(__file__).resolve().parent.parent / "migrations" / "procrastinate").glob(
            "schema-*.sql"
        )
    )
    assert [c.name for c in copies] == [f"schema-{metadata.version('procrastinate')}.sql"]
