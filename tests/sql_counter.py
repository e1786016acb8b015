"""Count the SQL statements a block (e.g. one request) sends: the guard against N+1 lists."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

_BOOKKEEPING = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@dataclass
class StatementLog:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_statements(engine: AsyncEngine) -> Iterator[StatementLog]:
    """Statements sent through ``engine`` inside the block, savepoint bookkeeping excluded."""
    log = StatementLog()

    def before_cursor_execute(_conn, _cursor, statement, *_args) -> None:
        if not statement.lstrip().upper().startswith(_BOOKKEEPING):
            log.statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield log
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", before_cursor_execute)
