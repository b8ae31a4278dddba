"""When a demo server was seeded: its dates are the reference's, moved to that hour."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from talenttui.server.demo.constants import ACME_ORG_ID, ANCHOR
from talenttui.server.models import Organization
from tests.conftest import Live
from tests.server.skillsync_people import db


def seeded_at(live: Live) -> datetime:
    """The seeding's ``now`` (to the hour): the demo organizations are created then."""
    with db(live) as session:
        created = session.scalar(
            select(Organization.created_at).where(Organization.id == ACME_ORG_ID)
        )
    assert created is not None
    return created if created.tzinfo else created.replace(tzinfo=UTC)


def moved(live: Live, reference: datetime) -> str:
    """A date of the reference's examples as this seeding has it, in the API's spelling."""
    when = reference + (seeded_at(live) - ANCHOR)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")
