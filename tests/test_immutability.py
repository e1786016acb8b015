"""TRUNCATE is refused on every table whose rows are immutable once final (issue 16), as UPDATE
and DELETE already are: the guide (R3.5), the appraisal and its parts (R6.11, R6.12), the
informants of a finalised appraisal's talk (R6.10), the agreements' history (R5.2) and the audit
trail."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

IMMUTABLE_ONCE_FINAL = (
    "guide_version",
    "competency",
    "competency_level_band",
    "competency_level",
    "competency_profile",
    "competency_profile_item",
    "preparation_tip",
    "rating_value",
    "appraisal",
    "appraisal_rating",
    "appraisal_signature",
    "informant_request",
    "informant_suggestion",
    "agreement_version",
    "competency_set_revision",
    "agreement_approval",
    "agreement_decision",
    "talk_contribution",
    "audit_event",
    "domain_event",  # issue 17: an event is a fact, once committed
)


@pytest.mark.parametrize("table", IMMUTABLE_ONCE_FINAL)
async def test_r3_5_r5_2_r6_12_truncate_is_refused(connection, table):
    savepoint = await connection.begin_nested()
    with pytest.raises(DBAPIError, match=r"refused|append-only"):
        # CASCADE: the tables that refer to it would go too; still refused.
        await connection.execute(text(f"TRUNCATE {table} CASCADE"))
    await savepoint.rollback()


async def test_every_table_with_a_no_truncate_trigger_is_listed_here(connection):
    # information_schema lists no TRUNCATE triggers; pg_trigger does (tgtype bit 5: TRUNCATE).
    # BEFORE ones (bit 1): the AFTER TRUNCATE triggers of the list totals' tally (migration
    # 0030) refuse nothing.
    rows = await connection.execute(
        text(
            "SELECT tgrelid::regclass::text FROM pg_trigger "
            "WHERE (tgtype & 32) <> 0 AND (tgtype & 2) <> 0"
        )
    )
    assert {r[0] for r in rows} == set(IMMUTABLE_ONCE_FINAL)
