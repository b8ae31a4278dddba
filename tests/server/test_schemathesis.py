"""A bounded schemathesis run against `/openapi.json` of a real demo server, with a login token
(issue #13, point 9): every operation, a fixed number of examples each from a fixed seed, and
every answer must be no server error and match the schema it is documented with.

Logout is left out: it would end the run's own token (tests/server/test_revocation.py covers it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from talenttui.server.demo.constants import JANE_EMAIL
from talenttui.server.settings import OtpPolicy, ServerSettings
from tests.conftest import Live
from tests.server.otp_helpers import login

EXAMPLES_PER_OPERATION = 25


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Live, str]]:
    settings_ = ServerSettings(
        data_dir=tmp_path_factory.mktemp("schemathesis"),
        port=0,
        dev=True,
        demo=True,
        otp=OtpPolicy(resend_cooldown_seconds=0, max_sends_per_hour=10_000),
    )
    live = Live(settings_)
    token = str(login(live.client, JANE_EMAIL)["token"])
    yield live, token
    live.close()


@pytest.fixture(scope="module")
def api_schema(fuzzed: tuple[Live, str]) -> Any:
    live, _ = fuzzed
    loaded = schemathesis.openapi.from_url(f"{live.url}/openapi.json")
    return loaded.exclude(path="/api/v1/auth/logout")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_within_its_schema(case: Any, fuzzed: tuple[Live, str]) -> None:
    _, token = fuzzed
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
