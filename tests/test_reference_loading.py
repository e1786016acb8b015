"""Loading guide versions: validated, idempotent, immutable (R3.5)."""

from __future__ import annotations

import json

import asyncpg
import pytest
from sqlalchemy import func, select

from app.auth import SYSTEM_ACTOR
from app.cli import main
from app.errors import Conflict
from app.models import AuditEvent, Competency, CompetencyLevel, GuideVersion
from app.reference.service import load_guide
from tests.conftest import _plain_dsn
from tests.guides import synthetic_guide


@pytest.fixture
def system_session(session):
    session.info["actor"] = SYSTEM_ACTOR
    return session


async def test_r3_5_loading_stores_a_version_with_all_its_rows(system_session):
    result = await load_guide(system_session, document=synthetic_guide(), actor=SYSTEM_ACTOR)
    assert (result.version, result.created) == ("test-1", True)
    version = await system_session.get(GuideVersion, "test-1")
    assert version.content_hash == synthetic_guide().content_hash()
    count = select(func.count()).where(Competency.guide_version_id == "test-1")
    assert await system_session.scalar(count) == 13
    levels = select(func.count()).where(CompetencyLevel.guide_version_id == "test-1")
    assert await system_session.scalar(levels) == 39
    event = await system_session.scalar(
        select(AuditEvent).where(
            AuditEvent.resource_type == "guide-version", AuditEvent.resource_id == "test-1"
        )
    )
    assert event.action == "create" and event.after["competencies"] == 13


async def test_r3_5_loading_the_same_document_twice_changes_nothing(system_session):
    await load_guide(system_session, document=synthetic_guide(), actor=SYSTEM_ACTOR)
    again = await load_guide(system_session, document=synthetic_guide(), actor=SYSTEM_ACTOR)
    assert again.created is False
    count = select(func.count()).where(Competency.guide_version_id == "test-1")
    assert await system_session.scalar(count) == 13


async def test_r3_5_a_changed_document_under_the_same_version_is_refused(system_session):
    await load_guide(system_session, document=synthetic_guide(), actor=SYSTEM_ACTOR)
    changed = synthetic_guide().model_copy(update={"title": "Anders"})
    with pytest.raises(Conflict) as raised:
        await load_guide(system_session, document=changed, actor=SYSTEM_ACTOR)
    assert raised.value.rule == "R3.5" and raised.value.code == "guide-version-exists"


async def test_r3_5_two_versions_cannot_take_effect_on_the_same_day(system_session):
    await load_guide(system_session, document=synthetic_guide(), actor=SYSTEM_ACTOR)
    twin = synthetic_guide(version="test-twin")
    with pytest.raises(Conflict) as raised:
        await load_guide(system_session, document=twin, actor=SYSTEM_ACTOR)
    assert raised.value.code == "guide-effective-date-taken"


async def test_r3_5_guide_load_command_validates_loads_once_and_refuses_changes(
    scratch_database_url, tmp_path, capsys
):
    import asyncio

    document = synthetic_guide().model_dump(mode="json", by_alias=True)
    path = tmp_path / "guide.json"
    path.write_text(json.dumps(document))

    def run(*argv: str) -> int:
        # The command runs its own event loop, as it does from a shell.
        return asyncio.get_running_loop().run_in_executor(None, main, list(argv))

    assert await run("guide", "load", str(path)) == 0
    assert "loaded competency guide version test-1" in capsys.readouterr().out
    assert await run("guide", "load", str(path)) == 0
    assert "already loaded; nothing changed" in capsys.readouterr().out

    path.write_text(json.dumps({**document, "title": "Anders"}))
    assert await run("guide", "load", str(path)) == 1
    assert "new version id" in capsys.readouterr().err

    broken = {**document, "competencies": document["competencies"][:2]}
    path.write_text(json.dumps(broken))
    assert await run("guide", "load", str(path)) == 1
    assert "validation error" in capsys.readouterr().err

    conn = await asyncpg.connect(_plain_dsn(scratch_database_url))
    try:
        versions = await conn.fetch("SELECT id FROM guide_version ORDER BY id")
    finally:
        await conn.close()
    assert [row["id"] for row in versions] == ["2014", "test-1"]  # the bundled one by migrate


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["competencies"].pop(0), "three core competencies"),
        (lambda d: d["profiles"][1].update(freeChoices=2), "steering profile sturend"),
        (lambda d: d["profiles"][2].update(freeChoices=2), "needs 6 free choices"),
        (
            lambda d: d["profiles"][0].update(
                specificCompetencies=["extra-1", "extra-2", "extra-3", "extra-4", "extra-5"]
            ),
            "at most 9",
        ),
    ],
)
def test_r3_2_t3_2_r3_3_a_guide_that_breaks_the_profile_rules_is_refused(change, message):
    from pydantic import ValidationError

    from app.reference.document import GuideDocument

    document = synthetic_guide().model_dump(mode="json", by_alias=True)
    change(document)
    with pytest.raises(ValidationError, match=message):
        GuideDocument.model_validate(document)


def test_r3_5_the_content_hash_ignores_optional_fields_left_at_their_default():
    from app.reference.document import GuideDocument

    document = synthetic_guide()

    class Later(GuideDocument):  # a later schema with one more optional field
        note: str | None = None

    later = Later.model_validate(document.model_dump(mode="json", by_alias=True))
    assert later.content_hash() == document.content_hash()


def test_r3_5_a_document_whose_adoption_precedes_the_consent_is_refused():
    from pydantic import ValidationError

    from app.reference.document import GuideDocument

    document = synthetic_guide().model_dump(mode="json", by_alias=True)
    document["adoption"]["worksCouncilConsentDate"] = "2026-02-01"  # after the decision
    with pytest.raises(ValidationError, match=r"R3\.5"):
        GuideDocument.model_validate(document)


async def test_r3_5_loading_a_document_again_with_its_adoption_adopts_the_draft(system_session):
    draft = synthetic_guide(adopted=False)
    first = await load_guide(system_session, document=draft, actor=SYSTEM_ACTOR)
    assert (first.created, first.adopted) == (True, False)
    # The adoption is not part of the content: the same guide, now with its adoption.
    assert draft.content_hash() == synthetic_guide().content_hash()
    again = await load_guide(system_session, document=synthetic_guide(), actor=SYSTEM_ACTOR)
    assert (again.created, again.adopted) == (False, True)
    event = await system_session.scalar(
        select(AuditEvent).where(
            AuditEvent.resource_type == "guide-adoption", AuditEvent.resource_id == "test-1"
        )
    )
    assert event.after["collegeDecisionReference"] == "B&W 2026/3"
