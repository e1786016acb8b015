"""The caller's inbox of open tasks, their notifications and their reminder preference."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query, Request

from app.api.deps import CurrentActor, Session, Today
from app.api.pagination import Pagination
from app.api.routing import ApiRouter
from app.config import API_PREFIX
from app.notices import service
from app.notices.rules import Task
from app.notices.schemas import (
    NotificationOut,
    NotificationPage,
    PreferencesIn,
    PreferencesOut,
    TaskOut,
    TaskPage,
)
from app.pagination import page_meta
from app.schemas import KEY_PATTERN

router = ApiRouter(prefix=f"{API_PREFIX}/me", tags=["notices"])


def _task_out(task: Task, today, base: str) -> TaskOut:
    url = f"{API_PREFIX}{task.link}"
    return TaskOut(
        kind=task.kind,
        action=task.text(),
        actor=task.actor,
        role=task.role,
        personnel_number=task.employee,
        name=task.employee_name,
        org_unit=task.org_unit,
        due=task.due,
        overdue=task.overdue(today),
        rule=task.rule,
        talk_id=task.talk_id,
        talk_kind=task.talk_kind,
        cycle_id=task.cycle_id,
        url=url,
        link=base.rstrip("/") + task.link,
    )


@router.get(
    "/tasks",
    summary="Your open actions across cycles, each with its due date and rule",
    operation_id="listMyTasks",
)
async def list_tasks(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    page: Pagination,
    scope: Annotated[
        Literal["mine", "team", "organisation"],
        Query(
            description="mine: what you must do; team (managers): the overdue tasks about "
            "the people you manage; organisation (HR): every overdue task."
        ),
    ] = "mine",
    org_unit: Annotated[
        str | None,
        Query(
            alias="orgUnit",
            pattern=KEY_PATTERN,
            description="With scope organisation: this unit and the units below it.",
        ),
    ] = None,
) -> TaskPage:
    tasks, total = await service.inbox(
        session, actor=actor, today=today, scope=scope, org_unit=org_unit, page=page
    )
    base = request.app.state.settings.frontend_base_url
    return TaskPage(items=[_task_out(t, today, base) for t in tasks], meta=page_meta(page, total))


@router.get(
    "/notifications",
    summary="The notices sent (or captured) for you, newest first",
    operation_id="listMyNotifications",
)
async def list_notifications(
    session: Session, actor: CurrentActor, page: Pagination
) -> NotificationPage:
    rows, total = await service.my_notifications(session, actor=actor, page=page)
    return NotificationPage(
        items=[NotificationOut.model_validate(r, from_attributes=True) for r in rows],
        meta=page_meta(page, total),
    )


@router.get(
    "/notification-preferences",
    summary="Whether you receive reminders",
    operation_id="getMyNotificationPreferences",
)
async def get_preferences(session: Session, actor: CurrentActor) -> PreferencesOut:
    service.require_person(actor)
    return PreferencesOut(reminders=await service.reminders_on(session, actor.subject))


@router.put(
    "/notification-preferences",
    summary="Mute or unmute reminders (the regulation's notices always go)",
    operation_id="setMyNotificationPreferences",
)
async def set_preferences(
    session: Session, actor: CurrentActor, body: PreferencesIn
) -> PreferencesOut:
    return PreferencesOut(
        reminders=await service.set_reminders(session, actor=actor, reminders=body.reminders)
    )
