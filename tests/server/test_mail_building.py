"""Mail and addresses done right (issue #13, point 7): addresses checked by email-validator,
the recipient given to SMTP explicitly, Date and Message-ID on every mail, implicit TLS and
STARTTLS with verified certificates, and `[smtp]` settings read strictly."""

from __future__ import annotations

import email
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from talenttui.server.mail.smtp import Letter, send_batch
from talenttui.server.settings import SettingsError, SmtpSettings, load_smtp
from tests.conftest import Live
from tests.server.skilldeo_helpers import add_campaign, add_org, bearer, svc_post
from tests.server.smtp_sink import Sink, make_certificate, start_sink

WRITTEN = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
BAD_ADDRESSES = [
    "foo,bar@example.com",
    "a@b..c",
    '"x"<y>@example.com',
    "x@y@example.com",
    "Jane <jane@example.com>",
    "jane@example.com\r\nBcc: evil@example.com",
    "no-at-sign.example.com",
    "a@-bad-.example",
]


@pytest.fixture
def cert(tmp_path: Path) -> tuple[Path, Path]:
    return make_certificate(tmp_path)


@pytest.fixture
def sinks() -> Iterator[list[Sink]]:
    started: list[Sink] = []
    yield started
    for sink in started:
        sink.close()


def _letter(mail_id: int = 7, to: str = "someone@example.com") -> Letter:
    return Letter(mail_id, to, "Your code", "Your code is 123456.", WRITTEN)


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_bad_addresses_are_refused_where_addresses_are_accepted(live: Live, address: str) -> None:
    for path, body in (
        ("/api/v1/auth/loginOTP", {"email": address}),
        ("/api/v1/auth/signupOTP", {"email": address}),
    ):
        resp = live.client.post(path, json=body)
        assert resp.status_code == 422, (path, resp.text)
        assert resp.json()["details"]["field"] == "email"
    org, (recruiter,) = add_org(live)
    campaign = add_campaign(live, org, recruiter)
    invite = svc_post(
        live,
        bearer(live, recruiter, org),
        "interview/invite",
        {
            "emails": ["fine@example.com", address],
            "campaign_id": campaign,
            "user_id": recruiter,
            "invited_from": "api",
        },
    )
    assert invite.status_code == 422 and invite.json()["details"]["field"] == "emails[1]"
    outbox = live.client.get("/api/v1/dev/outbox", params={"email": "fine@example.com"})
    assert outbox.json()["records"] == []  # all or nothing


def test_addresses_are_stored_in_one_spelling(live: Live) -> None:
    sent = live.client.post("/api/v1/auth/loginOTP", json={"email": "  Jane.Doe@Bücher.Example "})
    assert sent.status_code == 200
    records = live.client.get(
        "/api/v1/dev/outbox", params={"email": "jane.doe@xn--bcher-kva.example"}
    ).json()["records"]
    assert len(records) == 1


def test_the_recipient_is_explicit_and_every_mail_has_date_and_message_id(
    sinks: list[Sink],
) -> None:
    sink = start_sink("plain")
    sinks.append(sink)
    smtp = SmtpSettings("127.0.0.1", sink.port, sender="Talent <talent@mail.example>", tls="none")
    assert [o.error for o in send_batch(smtp, [_letter(), _letter(8, "other@example.com")])] == [
        None,
        None,
    ]
    first, second = sink.received
    assert first.rcpt_to == ["<someone@example.com>"] and second.rcpt_to == ["<other@example.com>"]
    assert first.mail_from == "<talent@mail.example>"
    parsed = email.message_from_string(first.data)
    assert parsed["To"] == "someone@example.com"
    assert parsed["Date"] == "Sun, 01 Mar 2026 12:00:00 +0000"
    assert parsed["Message-ID"] == f"<outbox.7.{int(WRITTEN.timestamp())}@mail.example>"
    send_batch(smtp, [_letter()])  # a retry of the same outbox mail keeps its Message-ID
    assert email.message_from_string(sink.received[-1].data)["Message-ID"] == parsed["Message-ID"]


@pytest.mark.parametrize("mode", ["implicit", "starttls"])
def test_tls_from_the_first_byte_and_starttls_with_a_verified_certificate(
    sinks: list[Sink], cert: tuple[Path, Path], mode: str
) -> None:
    sink = start_sink(mode, cert)
    sinks.append(sink)
    trusted = SmtpSettings("127.0.0.1", sink.port, tls=mode, ca_file=str(cert[0]))  # type: ignore[arg-type]
    assert [o.error for o in send_batch(trusted, [_letter()])] == [None]
    assert sink.received[0].tls is True
    untrusted = SmtpSettings("127.0.0.1", sink.port, tls=mode)  # type: ignore[arg-type]
    (outcome,) = send_batch(untrusted, [_letter()])
    assert outcome.error is not None and not outcome.permanent  # a self-signed cert is refused
    assert len(sink.received) == 1


def _smtp_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "server.toml"
    path.write_text("[smtp]\n" + text)
    return path


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('host = "mx"\nstarttls = "false"\n', "starttls must be bool"),
        ('host = "mx"\nstartls = false\n', "unknown key 'startls'"),
        ('host = "mx"\nport = "587"\n', "port must be int"),
        ('host = "mx"\nport = 0\n', "port must be 1-65535"),
        ('host = "mx"\ntls = "ssl"\n', "tls must be one of"),
        ('host = "mx"\ntls = "none"\nstarttls = true\n', "not both"),
        ("port = 25\n", "needs at least host"),
        ('host = "mx"\nsender = "nobody"\n', "sender must be an address"),
    ],
)
def test_smtp_settings_are_read_strictly(tmp_path: Path, text: str, error: str) -> None:
    with pytest.raises(SettingsError, match=error) as info:
        load_smtp(_smtp_file(tmp_path, text))
    assert "server.toml [smtp]" in str(info.value)


def test_smtp_settings_that_are_right(tmp_path: Path) -> None:
    def read(text: str) -> SmtpSettings:
        found = load_smtp(_smtp_file(tmp_path, text))
        assert found is not None
        return found

    assert (read('host = "mx"\n').tls, read('host = "mx"\n').port) == ("starttls", 587)
    assert (read('host = "mx"\nport = 465\n').tls, read('host = "mx"\nport = 465\n').port) == (
        "implicit",
        465,
    )
    assert read('host = "mx"\ntls = "implicit"\n').port == 465
    assert read('host = "mx"\nstarttls = false\n').tls == "none"
    assert read('host = "mx"\nstarttls = true\nport = 2525\n').tls == "starttls"
    assert "password" not in repr(read('host = "mx"\npassword = "hunter2"\n'))
