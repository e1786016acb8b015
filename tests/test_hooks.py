"""The hooks by which a lower package lets a higher one take part (app/hooks.py)."""

from __future__ import annotations

import pytest

import app.main  # noqa: F401  (the composition root imports every package)
from app.cycles.hooks import holding_talk, scheduling_talk
from app.hooks import Hook, HookNotWired
from app.people.hooks import replan_cycles


def test_every_hook_is_wired_once_the_app_is_imported():
    assert [h.__module__ for h in replan_cycles.handlers] == ["app.cycles.materialise"]
    assert [h.__qualname__ for h in scheduling_talk.handlers] == ["before_scheduling"]
    # R4.6/R5.2 (the agreed set) before R6.3 (the shared draft, which moves the appraisal on).
    assert [h.__qualname__ for h in holding_talk.handlers] == ["require_agreed", "before_holding"]


async def test_a_hook_refuses_to_run_without_a_package_it_expects():
    hook: Hook = Hook("a use case", expects=("app.cycles", "tests.test_hooks"))
    called = []

    async def here(**kwargs):
        called.append(kwargs)

    hook.register(here)
    with pytest.raises(HookNotWired, match=r"needs app\.cycles"):
        await hook(day=1)
    assert called == []  # nothing ran: never a rule silently skipped


async def test_handlers_run_in_the_order_the_hook_expects_them_not_as_registered():
    hook: Hook = Hook("a use case", expects=("app.hooks", "tests.test_hooks"))
    order = []

    async def mine(**_):
        order.append("tests")

    async def lower(**_):
        order.append("app.hooks")

    lower.__module__ = "app.hooks.fake"
    hook.register(mine)
    hook.register(lower)
    await hook()
    assert order == ["app.hooks", "tests"]


def test_only_an_expected_package_may_register():
    hook: Hook = Hook("a use case", expects=("app.cycles",))

    async def stranger(**_):
        pass

    with pytest.raises(HookNotWired, match="is not one of the packages"):
        hook.register(stranger)
