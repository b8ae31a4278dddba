"""Webhooks against a real receiver on 127.0.0.1: signatures as the reference checks them, retries."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.conftest import FakeClock, Live
from tests.server.skillsync_people import matched_pair, module_server, person
from tests.server.webhook_receiver import (
    SECRET,
    Receiver,
    deliveries,
    register,
    send_message,
    verify_webhook_signature,
    wait_for_status,
)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """One dev server for the tests that need no settings of their own (each uses fresh users)."""
    with module_server(tmp_path_factory.mktemp("webhooks")) as server:
        yield server


def test_delivery_is_signed_as_the_reference_says(shared: Live, receiver: Receiver) -> None:
    cand, rec = matched_pair(shared)
    created = register(shared, rec, receiver.url)
    assert created.status_code == 201
    hook = created.json()["data"]
    assert hook["secret"] == SECRET and hook["id"].startswith("wh_")
    send_message(shared, cand, rec, "signed hello")
    receiver.wait_for(1)
    raw, headers = receiver.calls[0]
    assert verify_webhook_signature(raw, headers["X-SkillSync-Signature"], SECRET)
    body = json.loads(raw)
    assert list(body) == ["id", "event", "data", "webhook_id", "created_at", "signature"]
    assert body["event"] == "message.received" and body["webhook_id"] == hook["id"]
    assert body["id"].startswith("evt_") and body["created_at"].endswith("Z")
    assert body["data"]["message"] == "signed hello"
    field = body["signature"]
    stripped = raw[: raw.rindex(b',"signature":')] + b"}"
    assert verify_webhook_signature(stripped, field, SECRET)
    assert not verify_webhook_signature(raw + b" ", headers["X-SkillSync-Signature"], SECRET)
    assert not verify_webhook_signature(raw, headers["X-SkillSync-Signature"], SECRET + "x")
    listed = shared.client.get("/v1/webhooks", headers=rec.headers).json()["data"]["webhooks"]
    assert [h["id"] for h in listed] == [hook["id"]] and "secret" not in listed[0]


def test_timestamped_signature_guards_against_replays(
    live: Live, receiver: Receiver, clock: FakeClock
) -> None:
    cand, rec = matched_pair(live)
    register(live, rec, receiver.url)
    clock.advance(600)
    send_message(live, cand, rec, "stamped")
    receiver.wait_for(1)
    raw, headers = receiver.calls[0]
    stamp = headers["X-SkillSync-Timestamp"]
    assert abs(int(stamp) - (time.time() + 600)) < 60, "the timestamp comes from the server's clock"
    signed = f"{stamp}.".encode() + raw
    assert verify_webhook_signature(signed, headers["X-SkillSync-Signature-V2"], SECRET)
    replayed = f"{int(stamp) + 600}.".encode() + raw
    assert not verify_webhook_signature(replayed, headers["X-SkillSync-Signature-V2"], SECRET)


def test_generated_secret_is_shown_once_and_signs(shared: Live, receiver: Receiver) -> None:
    cand, rec = matched_pair(shared)
    resp = shared.client.post(
        "/v1/webhooks",
        json={"url": receiver.url, "events": ["message.received", "match.created"]},
        headers=rec.headers,
    )
    assert resp.status_code == 201
    hook = resp.json()["data"]
    secret = hook["secret"]
    assert secret.startswith("whsec_") and len(secret) > 30
    assert hook["events"] == ["match.created", "message.received"]
    send_message(shared, cand, rec)
    receiver.wait_for(1)
    raw, headers = receiver.calls[0]
    assert verify_webhook_signature(raw, headers["X-SkillSync-Signature"], secret)
    listed = shared.client.get("/v1/webhooks", headers=rec.headers).text
    assert secret not in listed


def test_only_subscribed_events_of_the_owner_are_delivered(
    shared: Live, receiver: Receiver
) -> None:
    cand, rec = matched_pair(shared)
    hook_id = register(shared, rec, receiver.url, events=["profile.updated"]).json()["data"]["id"]
    send_message(shared, cand, rec, "not subscribed")
    send_message(shared, rec, cand, "to someone else")
    time.sleep(0.3)
    assert receiver.calls == [] and deliveries(shared, rec, hook_id) == []


def test_failed_deliveries_are_retried_then_delivered(start_server: Callable[..., Live]) -> None:
    live = start_server(webhook_retry_unit_seconds=0.02)
    receiver = Receiver(fail_first=2)
    try:
        cand, rec = matched_pair(live)
        hook_id = register(live, rec, receiver.url).json()["data"]["id"]
        send_message(live, cand, rec)
        receiver.wait_for(3)
        d = wait_for_status(live, rec, hook_id, "delivered")
        assert d["status"] == "delivered" and d["attempts"] == 3
        assert d["last_status_code"] == 200 and d["last_error"] is None
        assert d["delivered_at"] is not None and d["next_attempt_at"] is None
        assert d["event_id"] == json.loads(receiver.calls[0][0])["id"]
        assert len({json.loads(raw)["id"] for raw, _ in receiver.calls}) == 1
    finally:
        receiver.close()


def test_retry_schedule_doubles_then_gives_up(start_server: Callable[..., Live]) -> None:
    unit = 0.05
    live = start_server(webhook_retry_unit_seconds=unit)
    receiver = Receiver(fail_first=100)
    try:
        cand, rec = matched_pair(live)
        hook_id = register(live, rec, receiver.url).json()["data"]["id"]
        send_message(live, cand, rec)
        receiver.wait_for(6, timeout=20)
        d = wait_for_status(live, rec, hook_id, "failed")
        assert d["status"] == "failed" and d["attempts"] == 6
        assert d["last_error"] == "HTTP 500" and d["last_status_code"] == 500
        assert d["next_attempt_at"] is None
        gaps = [b - a for a, b in zip(receiver.times, receiver.times[1:], strict=False)]
        for gap, units in zip(gaps, (1, 2, 4, 8, 16), strict=True):
            assert unit * units * 0.9 <= gap < unit * units + 1.0, (gaps, units)
        time.sleep(unit * 20)
        assert len(receiver.calls) == 6, "a failed delivery must not be tried again"
    finally:
        receiver.close()


def test_redirects_are_not_followed(start_server: Callable[..., Live]) -> None:
    live = start_server(webhook_retry_unit_seconds=0.01)
    target = Receiver()
    redirecting = Receiver(fail_first=100, status=307, headers={"Location": target.url})
    try:
        cand, rec = matched_pair(live)
        hook_id = register(live, rec, redirecting.url).json()["data"]["id"]
        send_message(live, cand, rec)
        d = wait_for_status(live, rec, hook_id, "failed")
        assert d["status"] == "failed" and d["last_status_code"] == 307
        assert target.calls == []
    finally:
        target.close()
        redirecting.close()


def test_pending_retries_resume_after_a_restart(start_server: Callable[..., Live]) -> None:
    live = start_server(webhook_retry_unit_seconds=0.5)
    receiver = Receiver(fail_first=1)
    try:
        cand, rec = matched_pair(live)
        hook_id = register(live, rec, receiver.url).json()["data"]["id"]
        send_message(live, cand, rec)
        receiver.wait_for(1)
        live.restart()
        d = wait_for_status(live, rec, hook_id, "delivered")
        assert d["status"] == "delivered" and d["attempts"] == 2
        assert len(receiver.calls) == 2
    finally:
        receiver.close()


def test_deleting_a_hook_stops_its_deliveries(start_server: Callable[..., Live]) -> None:
    live = start_server(webhook_retry_unit_seconds=0.3)
    receiver = Receiver(fail_first=100)
    try:
        cand, rec = matched_pair(live)
        hook_id = register(live, rec, receiver.url).json()["data"]["id"]
        send_message(live, cand, rec)
        receiver.wait_for(1)
        assert live.client.delete(f"/v1/webhooks/{hook_id}", headers=rec.headers).status_code == 200
        time.sleep(0.8)
        assert len(receiver.calls) == 1
    finally:
        receiver.close()


def test_delivery_to_a_name_keeps_its_host_header(shared: Live, receiver: Receiver) -> None:
    """The connection goes to the checked address; the request still names the host."""
    cand, rec = matched_pair(shared)
    register(shared, rec, f"http://localhost:{receiver.port}/hook")
    send_message(shared, cand, rec)
    receiver.wait_for(1)
    assert receiver.calls[0][1]["Host"] == f"localhost:{receiver.port}"


def test_other_users_hooks_are_not_found(shared: Live, receiver: Receiver) -> None:
    _, rec = matched_pair(shared)
    hook_id = register(shared, rec, receiver.url).json()["data"]["id"]
    stranger = person(shared, name="Other")
    assert (
        shared.client.delete(f"/v1/webhooks/{hook_id}", headers=stranger.headers).status_code == 404
    )
    assert (
        shared.client.get(
            f"/v1/webhooks/{hook_id}/deliveries", headers=stranger.headers
        ).status_code
        == 404
    )
    assert (
        shared.client.get("/v1/webhooks", headers=stranger.headers).json()["data"]["webhooks"] == []
    )
    assert shared.client.delete(f"/v1/webhooks/{hook_id}", headers=rec.headers).status_code == 200
    assert shared.client.get("/v1/webhooks", headers=rec.headers).json()["data"]["webhooks"] == []
    assert shared.client.delete(f"/v1/webhooks/{hook_id}", headers=rec.headers).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"events": ["match.exploded"]}, "events[0]"),
        ({"events": ["message.read"]}, "events[0]"),
        ({"events": []}, "events"),
        ({"url": "ftp://example.com/x"}, "url"),
        ({"url": 42}, "url"),
        ({"secret": "short"}, "secret"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_invalid_registrations_name_the_field(
    shared: Live, receiver: Receiver, body: dict[str, Any], field: str
) -> None:
    _, rec = matched_pair(shared)
    resp = shared.client.post(
        "/v1/webhooks",
        json={"url": receiver.url, "events": ["message.received"], **body},
        headers=rec.headers,
    )
    assert resp.status_code == 422
    error = resp.json()["error"]
    assert error["code"] == "VALIDATION_ERROR" and error["details"]["field"] == field
    assert shared.client.get("/v1/webhooks", headers=rec.headers).json()["data"]["webhooks"] == []


def test_webhook_scopes(shared: Live, receiver: Receiver) -> None:
    _, rec = matched_pair(shared)

    def key(*scopes: str) -> dict[str, str]:
        made = shared.client.post(
            "/v1/auth/api-keys", json={"name": "k", "scopes": list(scopes)}, headers=rec.headers
        )
        return {"Authorization": f"Bearer {made.json()['data']['key']}"}

    reader, writer = key("webhooks:read"), key("webhooks:write")
    body = {"url": receiver.url, "events": ["message.received"]}
    assert shared.client.post("/v1/webhooks", json=body, headers=reader).status_code == 403
    created = shared.client.post("/v1/webhooks", json=body, headers=writer)
    assert created.status_code == 201
    assert shared.client.get("/v1/webhooks", headers=writer).status_code == 403
    listed = shared.client.get("/v1/webhooks", headers=reader)
    assert listed.status_code == 200 and len(listed.json()["data"]["webhooks"]) == 1


def test_an_account_has_at_most_twenty_webhooks(shared: Live, receiver: Receiver) -> None:
    _, rec = matched_pair(shared)
    ids = [register(shared, rec, receiver.url).json()["data"]["id"] for _ in range(20)]
    refused = register(shared, rec, receiver.url)
    assert refused.status_code == 422
    assert refused.json()["error"]["details"] == {"issue": "webhook_limit", "limit": 20}
    assert shared.client.delete(f"/v1/webhooks/{ids[0]}", headers=rec.headers).status_code == 200
    assert register(shared, rec, receiver.url).status_code == 201


def test_a_failed_delivery_can_be_resent_once_and_only_a_failed_one(
    start_server: Callable[..., Live],
) -> None:
    """Our extension: ``POST …/deliveries/{id}/resend`` tries a failed delivery again now."""
    live = start_server(webhook_retry_unit_seconds=0.01)
    receiver = Receiver(fail_first=6)
    try:
        cand, rec = matched_pair(live)
        hook_id = register(live, rec, receiver.url).json()["data"]["id"]
        send_message(live, cand, rec)
        failed = wait_for_status(live, rec, hook_id, "failed")
        assert failed["status"] == "failed" and failed["attempts"] == 6
        path = f"/v1/webhooks/{hook_id}/deliveries/{failed['id']}/resend"
        assert live.client.post(path, headers=cand.headers).status_code == 404  # not theirs
        resent = live.client.post(path, headers=rec.headers)
        assert resent.status_code == 200, resent.text
        assert resent.json()["data"]["status"] == "pending"
        done = wait_for_status(live, rec, hook_id, "delivered")
        assert done["status"] == "delivered" and done["attempts"] == 7
        assert len(receiver.calls) == 7
        again = live.client.post(path, headers=rec.headers)
        assert again.status_code == 409 and again.json()["error"]["code"] == "CONFLICT"
        unknown = live.client.post(
            f"/v1/webhooks/{hook_id}/deliveries/whd_nope/resend", headers=rec.headers
        )
        assert unknown.status_code == 404
    finally:
        receiver.close()
