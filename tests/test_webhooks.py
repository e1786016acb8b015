"""Webhooks (issue 17) against a real receiver on 127.0.0.1: signed CloudEvents (Standard
Webhooks), retries with the log of every attempt, Retry-After, 410 Gone, a spent retry
schedule, secret rotation, manual redelivery, type filters and the receiver URL's rules."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text, update
from standardwebhooks.webhooks import Webhook

from app.events import rules
from app.events.delivery import deliver_due
from app.events.rules import retry_after, retry_delay, url_problem
from app.models.events import WebhookDelivery
from app.worker import publish_all
from tests.committed import start_receiver
from tests.org import HR_SUB, NEWCOMER

HOOKS = {"client": "hris-hooks", "scopes": ["webhooks:manage"]}


@pytest.fixture
async def receiver(committed):
    """A receiver of its own per test; afterwards every subscription goes (with its
    deliveries), so no test sends to another's receiver."""
    receiver = start_receiver()
    yield receiver
    receiver.server.shutdown()
    async with committed.runtime.sessionmaker.begin() as session:
        await session.execute(text("DELETE FROM webhook_subscription"))


async def subscribe(committed, receiver, **body) -> dict:
    created = await committed.client.post(
        "/v1/webhook-subscriptions",
        json={"url": receiver.url, **body},
        headers=committed.headers(**HOOKS),
    )
    assert created.status_code == 201, created.text
    assert created.headers["Location"].endswith(created.json()["id"])
    return created.json()


async def change(committed, number: str, **fields) -> None:
    """A committed change that emits employee.synced (HR syncs an employee)."""
    hr = committed.headers(role="hr", sub=HR_SUB)
    done = await committed.client.put(
        f"/v1/employees/{number}", json={**NEWCOMER, **fields}, headers=hr
    )
    assert done.status_code in (200, 201), done.text


async def run_worker_once(committed):
    await publish_all(committed.runtime)
    return await deliver_due(committed.runtime.sessionmaker, committed.runtime.sender)


async def unsubscribe(committed, subscription: dict) -> None:
    gone = await committed.client.delete(
        f"/v1/webhook-subscriptions/{subscription['id']}", headers=committed.headers(**HOOKS)
    )
    assert gone.status_code == 204


async def deliveries(committed, subscription: dict) -> list[dict]:
    page = await committed.client.get(
        f"/v1/webhook-subscriptions/{subscription['id']}/deliveries",
        headers=committed.headers(**HOOKS),
    )
    assert page.status_code == 200, page.text
    return page.json()["items"]


async def test_a_receiver_gets_signed_cloudevents_it_can_verify(committed, receiver):
    subscription = await subscribe(
        committed, receiver, eventTypes=["nl.goedgesprek.employee.synced"]
    )
    assert subscription["secret"].startswith("whsec_")
    await change(committed, "400001")
    done = await run_worker_once(committed)
    assert done.delivered == 1
    [got] = receiver.received
    # The Standard Webhooks verifier checks the signature over id, timestamp and body.
    event = Webhook(subscription["secret"]).verify(got.body, got.headers)
    assert got.headers["content-type"].startswith("application/cloudevents+json")
    assert got.headers["webhook-id"] == event["id"]
    assert event["specversion"] == "1.0" and event["type"] == "nl.goedgesprek.employee.synced"
    assert event["source"] == committed.settings.events_source
    assert event["subject"] == "400001" and event["datacontenttype"] == "application/json"
    assert len(event["sequence"]) == 20 and event["sequence"].isdigit()
    assert event["data"] == {
        "personnelNumber": "400001",
        "url": "/v1/employees/400001",
        "change": "created",
    }
    # Only the subscribed type: the new employee's cycle.created went elsewhere.
    assert all(
        Webhook(subscription["secret"]).verify(r.body, r.headers)["type"].endswith("synced")
        for r in receiver.received
    )
    with pytest.raises(Exception, match="No matching signature"):
        Webhook("whsec_" + "A" * 43 + "=").verify(got.body, got.headers)
    [logged] = await deliveries(committed, subscription)
    assert logged["status"] == "delivered" and logged["attempts"] == 1
    assert logged["log"][0]["statusCode"] == 200 and logged["eventType"].endswith("synced")
    await unsubscribe(committed, subscription)


async def test_a_500_then_a_200_delivers_and_logs_both_attempts(committed, receiver):
    subscription = await subscribe(
        committed, receiver, eventTypes=["nl.goedgesprek.employee.synced"]
    )
    receiver.plan(500)
    await change(committed, "400002")
    first = await run_worker_once(committed)
    assert (first.sent, first.failed) == (1, 1)
    [pending] = await deliveries(committed, subscription)
    assert pending["status"] == "pending" and pending["lastStatusCode"] == 500
    assert pending["nextAttemptAt"] is not None
    await committed.runtime.engine.dispose()  # nothing cached between the two runs
    import asyncio

    await asyncio.sleep(0.2)  # past the first retry's delay (0.05 s × jitter in this module)
    second = await run_worker_once(committed)
    assert second.delivered == 1
    [delivered] = await deliveries(committed, subscription)
    assert delivered["status"] == "delivered" and delivered["attempts"] == 2
    assert [a["statusCode"] for a in delivered["log"]] == [500, 200]
    assert all(a["latencyMs"] >= 0 for a in delivered["log"])
    # The same event both times: a receiver de-duplicates on webhook-id.
    assert receiver.received[0].headers["webhook-id"] == receiver.received[1].headers["webhook-id"]
    await unsubscribe(committed, subscription)


async def test_retry_after_is_honoured(committed, receiver):
    subscription = await subscribe(
        committed, receiver, eventTypes=["nl.goedgesprek.employee.synced"]
    )
    receiver.plan(503, {"Retry-After": "120"})
    await change(committed, "400003")
    await run_worker_once(committed)
    [pending] = await deliveries(committed, subscription)
    due = datetime.fromisoformat(pending["nextAttemptAt"])
    assert timedelta(seconds=110) < due - datetime.now(UTC) <= timedelta(seconds=121)
    await unsubscribe(committed, subscription)


async def test_a_410_disables_the_subscription_and_says_so_in_an_event(committed, receiver):
    subscription = await subscribe(
        committed, receiver, eventTypes=["nl.goedgesprek.employee.synced"]
    )
    receiver.plan(410)
    await change(committed, "400004")
    done = await run_worker_once(committed)
    assert done.disabled == 1
    shown = await committed.client.get(
        f"/v1/webhook-subscriptions/{subscription['id']}", headers=committed.headers(**HOOKS)
    )
    assert (shown.json()["enabled"], shown.json()["disabledReason"]) == (False, "gone")
    [failed] = await deliveries(committed, subscription)
    assert failed["status"] == "failed" and failed["lastStatusCode"] == 410
    # Disabled: nothing more is sent to it.
    await change(committed, "400004", name="Nieuwe Nina II")
    assert (await run_worker_once(committed)).sent == 0
    feed = await committed.client.get(
        "/v1/events?type=nl.goedgesprek.webhook-subscription.disabled",
        headers=committed.headers(client="hris-events", scopes=["events:read"]),
    )
    assert feed.status_code == 200, feed.text
    told = [e for e in feed.json()["items"] if e["subject"] == subscription["id"]]
    assert told and told[0]["data"]["reason"] == "gone"
    # Re-enabled by its owner, it receives again.
    again = await committed.client.put(
        f"/v1/webhook-subscriptions/{subscription['id']}",
        json={"url": receiver.url, "eventTypes": ["nl.goedgesprek.employee.synced"]},
        headers=committed.headers(**HOOKS),
    )
    assert (again.json()["enabled"], again.json()["disabledReason"]) == (True, None)
    await unsubscribe(committed, subscription)


async def test_a_spent_retry_schedule_fails_the_delivery_and_disables(committed, receiver):
    subscription = await subscribe(
        committed, receiver, eventTypes=["nl.goedgesprek.employee.synced"]
    )
    await change(committed, "400005")
    await publish_all(committed.runtime)
    async with committed.runtime.sessionmaker.begin() as session:  # nine attempts behind it
        await session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.subscription_id == subscription["id"])
            .values(attempts=rules.MAX_ATTEMPTS - 1)
        )
    receiver.plan(500)
    done = await run_worker_once(committed)
    assert (done.failed, done.disabled) == (1, 1)
    [failed] = await deliveries(committed, subscription)
    assert failed["status"] == "failed" and failed["attempts"] == rules.MAX_ATTEMPTS
    shown = await committed.client.get(
        f"/v1/webhook-subscriptions/{subscription['id']}", headers=committed.headers(**HOOKS)
    )
    assert shown.json()["disabledReason"] == "failing"
    await unsubscribe(committed, subscription)


async def test_a_rotated_secret_signs_beside_the_old_one_for_a_day(committed, receiver):
    subscription = await subscribe(
        committed, receiver, eventTypes=["nl.goedgesprek.employee.synced"]
    )
    rotated = await committed.client.post(
        f"/v1/webhook-subscriptions/{subscription['id']}/secret-rotations",
        headers=committed.headers(**HOOKS),
    )
    assert rotated.status_code == 201, rotated.text
    new = rotated.json()["secret"]
    assert new != subscription["secret"]
    until = datetime.fromisoformat(rotated.json()["previousSecretValidUntil"])
    assert timedelta(hours=23) < until - datetime.now(UTC) <= timedelta(hours=24)
    await change(committed, "400006")
    await run_worker_once(committed)
    [got] = receiver.received
    assert len(got.headers["webhook-signature"].split(" ")) == 2
    for secret in (subscription["secret"], new):
        assert Webhook(secret).verify(got.body, got.headers)["subject"] == "400006"
    await unsubscribe(committed, subscription)


async def test_a_delivery_is_redelivered_on_request_and_logged_as_manual(committed, receiver):
    subscription = await subscribe(
        committed, receiver, eventTypes=["nl.goedgesprek.employee.synced"]
    )
    await change(committed, "400007")
    await run_worker_once(committed)
    [delivery] = await deliveries(committed, subscription)
    again = await committed.client.post(
        f"/v1/webhook-subscriptions/{subscription['id']}/deliveries/{delivery['id']}/redeliveries",
        headers=committed.headers(**HOOKS),
    )
    assert again.status_code == 202, again.text
    assert again.json()["status"] == "pending"
    await run_worker_once(committed)
    [done] = await deliveries(committed, subscription)
    assert [a["manual"] for a in done["log"]] == [False, True]
    assert len(receiver.received) == 2
    await unsubscribe(committed, subscription)


async def test_another_clients_subscription_is_not_found(committed, receiver):
    subscription = await subscribe(committed, receiver)
    other = committed.headers(client="crm", scopes=["webhooks:manage"])
    url = f"/v1/webhook-subscriptions/{subscription['id']}"
    assert (await committed.client.get(url, headers=other)).status_code == 404
    assert (await committed.client.delete(url, headers=other)).status_code == 404
    listed = await committed.client.get("/v1/webhook-subscriptions", headers=other)
    assert listed.json()["items"] == []
    await unsubscribe(committed, subscription)


async def test_an_unknown_event_type_is_refused_naming_the_field(committed, receiver):
    refused = await committed.client.post(
        "/v1/webhook-subscriptions",
        json={"url": receiver.url, "eventTypes": ["nl.goedgesprek.appraisal.vanished"]},
        headers=committed.headers(**HOOKS),
    )
    assert refused.status_code == 400
    [problem] = refused.json()["invalidParams"]
    assert (problem["name"], problem["code"]) == ("eventTypes", "unknown_event_type")


async def test_the_secret_never_reaches_the_audit_trail(committed, receiver):
    subscription = await subscribe(committed, receiver)
    async with committed.runtime.sessionmaker() as session:
        trail = (
            await session.execute(
                text("SELECT after::text FROM audit_event WHERE resource_id = :id"),
                {"id": subscription["id"]},
            )
        ).scalars()
        written = list(trail)
    assert written and all(subscription["secret"] not in row for row in written)
    assert '"secret": "(withheld)"' in written[0]
    await unsubscribe(committed, subscription)


# --- the rules, pure ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://hris.example.nl/hooks", "must be an https URL"),
        ("ftp://hris.example.nl/hooks", "must be an https URL"),
        ("https://127.0.0.1/hooks", "loopback, private"),
        ("https://10.1.2.3/hooks", "loopback, private"),
        ("https://169.254.169.254/latest", "loopback, private"),
        ("https://[::1]/hooks", "loopback, private"),
        ("https://[::ffff:192.168.0.1]/hooks", "loopback, private"),
        ("https://localhost/hooks", "loopback"),
        ("https://user:pw@hris.example.nl/hooks", "credentials"),
        ("https:///hooks", "no host"),
    ],
)
def test_receiver_urls_on_private_addresses_or_without_https_are_refused(url, problem):
    assert problem in (url_problem(url, allow_private=False) or "")


def test_an_https_url_on_a_public_host_is_accepted_and_tests_may_allow_loopback():
    assert url_problem("https://hris.example.nl/hooks", allow_private=False) is None
    assert url_problem("https://93.184.215.14/hooks", allow_private=False) is None
    assert url_problem("http://127.0.0.1:8080/hooks", allow_private=True) is None


async def test_a_production_like_service_refuses_a_loopback_receiver(app_factory, auth):
    from tests.conftest import make_client

    app = app_factory(webhook_allow_private=False)
    async with make_client(app) as client:
        refused = await client.post(
            "/v1/webhook-subscriptions",
            json={"url": "http://127.0.0.1:9/hooks"},
            headers=auth(**HOOKS),
        )
    assert refused.status_code == 400, refused.text
    assert refused.json()["invalidParams"][0]["name"] == "url"
    await app.state.read_pool.close()
    await app.state.engine.dispose()


def test_the_retry_schedule_grows_fourfold_to_a_day_and_spans_about_three_days():
    delays = rules.schedule(15)
    assert delays[:3] == [15, 60, 240] and max(delays) == 24 * 3600
    assert len(delays) == rules.MAX_ATTEMPTS - 1
    assert 2.5 * 86400 < sum(delays) < 3.5 * 86400
    jittered = [retry_delay(n, base=15, rand=random.Random(n)) for n in range(1, 10)]  # noqa: S311
    assert all(0.75 * d <= j <= 1.25 * d for d, j in zip(delays, jittered, strict=True))
    assert retry_delay(rules.MAX_ATTEMPTS, base=15) is None


def test_retry_after_reads_seconds_and_http_dates_within_a_day():
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    assert retry_after("120", now) == 120
    assert retry_after("Thu, 03 Dec 2026 12:05:00 GMT", now) == 300
    assert retry_after("999999", now) == 24 * 3600
    assert retry_after("0", now) == 1
    assert retry_after("soon", now) is None and retry_after(None, now) is None


async def test_a_claimed_delivery_is_not_claimed_twice(committed, receiver):
    """Two workers at once: SKIP LOCKED and the lease give each delivery to one of them."""
    import asyncio

    subscription = await subscribe(
        committed, receiver, eventTypes=["nl.goedgesprek.employee.synced"]
    )
    for n in range(10):
        await change(committed, f"40100{n}")
    await publish_all(committed.runtime)
    a, b = await asyncio.gather(
        deliver_due(committed.runtime.sessionmaker, committed.runtime.sender, batch=3),
        deliver_due(committed.runtime.sessionmaker, committed.runtime.sender, batch=3),
    )
    assert a.sent + b.sent == 10
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 10
    async with committed.runtime.sessionmaker() as session:
        states = set(
            await session.scalars(
                select(WebhookDelivery.status).where(
                    WebhookDelivery.subscription_id == subscription["id"]
                )
            )
        )
    assert states == {"delivered"}
    await unsubscribe(committed, subscription)


async def test_retry_after_never_stretches_the_schedule_beyond_its_attempts(committed, receiver):
    subscription = await subscribe(
        committed, receiver, eventTypes=["nl.goedgesprek.employee.synced"]
    )
    await change(committed, "400008")
    await publish_all(committed.runtime)
    async with committed.runtime.sessionmaker.begin() as session:
        await session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.subscription_id == subscription["id"])
            .values(attempts=rules.MAX_ATTEMPTS - 1)
        )
    receiver.plan(503, {"Retry-After": "1"})
    done = await run_worker_once(committed)
    assert (done.failed, done.disabled) == (1, 1)
    [failed] = await deliveries(committed, subscription)
    assert failed["status"] == "failed"


async def test_a_worker_whose_claim_was_taken_over_changes_nothing(committed, receiver):
    """A lease ran out and another worker claimed the delivery: the first one's outcome (here a
    410) is logged as an attempt, but neither fails the delivery nor disables the receiver."""
    import uuid

    from app.events.delivery import Outcome, record

    subscription = await subscribe(
        committed, receiver, eventTypes=["nl.goedgesprek.employee.synced"]
    )
    await change(committed, "400009")
    await publish_all(committed.runtime)
    async with committed.runtime.sessionmaker.begin() as session:
        delivery = await session.scalar(
            select(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription["id"])
        )
        delivery.claim = uuid.uuid4()  # the other worker's
        stale = Outcome(
            delivery.id, uuid.uuid4(), delivery.subscription_id, 1, False, 410, 3, "HTTP 410", None
        )
    async with committed.runtime.sessionmaker.begin() as session:
        assert await record(session, [stale], committed.settings) == 0
    [still] = await deliveries(committed, subscription)
    assert still["status"] == "pending" and [a["statusCode"] for a in still["log"]] == [410]
    shown = await committed.client.get(
        f"/v1/webhook-subscriptions/{subscription['id']}", headers=committed.headers(**HOOKS)
    )
    assert shown.json()["enabled"] is True


def test_a_delivery_connects_to_the_vetted_address_under_the_name():
    from app.events.delivery import pinned

    url, extensions, host = pinned("https://hris.example.nl:8443/hooks?a=1", "93.184.215.14")
    assert url == "https://93.184.215.14:8443/hooks?a=1"
    assert (host, extensions) == ("hris.example.nl:8443", {"sni_hostname": "hris.example.nl"})
    url, _, host = pinned("https://hris.example.nl/hooks", "2606:2800:220:1::1")
    assert (url, host) == ("https://[2606:2800:220:1::1]/hooks", "hris.example.nl")


async def test_a_slow_delivery_keeps_its_claim_while_it_is_sent(committed, receiver):
    """The lease (2 s here) is renewed while the worker waits on a slow receiver (3 s): a second
    worker does not send the same delivery again meanwhile."""
    import asyncio

    await subscribe(committed, receiver, eventTypes=["nl.goedgesprek.employee.synced"])
    receiver.plan(200, delay=3)
    await change(committed, "400010")
    await publish_all(committed.runtime)
    first = asyncio.create_task(
        deliver_due(committed.runtime.sessionmaker, committed.runtime.sender)
    )
    await asyncio.sleep(2.5)  # past the first lease
    second = await deliver_due(committed.runtime.sessionmaker, committed.runtime.sender)
    assert second.sent == 0
    assert (await first).delivered == 1
    assert receiver.arrived == 1
