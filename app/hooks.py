"""How a lower package lets a higher one take part in its use cases (docs/design.md "Layers").

The packages import in one direction: reference → people → cycles → agreements → appraisals →
reports. Where a use case of a lower package needs a higher one (syncing an employee re-plans
their cycles; holding a talk needs the agreed set and the shared draft), the lower package
declares a :class:`Hook` and calls it at that point; the higher package registers its handler
when it is imported (in its ``__init__``). A hook names the packages it expects: calling it
before every one of them registered is a programming error, never a rule silently skipped.
Handlers run in the order of ``expects``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

H = TypeVar("H", bound=Callable[..., Awaitable[Any]])


class HookNotWired(RuntimeError):
    """A hook was called before the packages it expects registered their handlers."""


class Hook(Generic[H]):
    def __init__(self, name: str, *, expects: tuple[str, ...]) -> None:
        self.name = name
        self.expects = expects
        self._handlers: dict[str, H] = {}

    def register(self, handler: H) -> H:
        """Register ``handler`` for its package (a decorator); registering again replaces it."""
        package = self._package_of(handler)
        if package not in self.expects:
            raise HookNotWired(f"{package} is not one of the packages of {self.name!r}")
        self._handlers[package] = handler
        return handler

    @property
    def handlers(self) -> list[H]:
        missing = [p for p in self.expects if p not in self._handlers]
        if missing:
            raise HookNotWired(
                f"{self.name!r} needs {', '.join(missing)}: import it before this use case runs"
            )
        return [self._handlers[p] for p in self.expects]

    async def __call__(self, *args: Any, **kwargs: Any) -> None:
        for handler in self.handlers:
            await handler(*args, **kwargs)

    @staticmethod
    def _package_of(handler: Callable[..., Any]) -> str:
        return ".".join(handler.__module__.split(".")[:2])
