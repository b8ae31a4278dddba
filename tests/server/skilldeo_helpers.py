"""Helpers for the skilldeo campaign and interview tests: tokens minted with the live server's
own secret (a legitimate way in, as loginVerify issues the same tokens), rows written straight
into its database, and calls to /api/v1/svc."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

import httpx

from talenttui.server.models import Campaign, Organization, Role, User
from tests.conftest import Live
from tests.server.skillsync_people import db, mint_token

_serial = itertools.count(1)


def bearer(
    live: Live,
    user_id: int,
    org_id: int | None,
    role_id: int = Role.RECRUITER.value,
    age_seconds: float = 0,
) -> dict[str, str]:
    token = mint_token(live, user_id, org_id, role_id, live.settings.clock() - age_seconds)
    return {"Authorization": f"Bearer {token}"}


def add_org(live: Live, users: int = 1) -> tuple[int, list[int]]:
    """An organization with `users` recruiters; returns its id and theirs."""
    n = next(_serial)
    with db(live) as session:
        org = Organization(name=f"Org {n}", plan="pro", created_at=datetime.now(UTC))
        session.add(org)
        session.flush()
        people = [
            User(
                email=f"recruiter{n}.{i}@org{n}.example",
                role_id=Role.RECRUITER.value,
                org_id=org.id,
                created_at=datetime.now(UTC),
            )
            for i in range(users)
        ]
        session.add_all(people)
        session.commit()
        return org.id, [p.id for p in people]


def add_user_without_org(live: Live) -> int:
    with db(live) as session:
        user = User(
            email=f"loner{next(_serial)}@example.com",
            role_id=Role.CANDIDATE.value,
            created_at=datetime.now(UTC),
        )
        session.add(user)
        session.commit()
        return user.id


def add_campaign(
    live: Live,
    org_id: int,
    user_id: int,
    name: str = "Walk-in",
    status: str = "active",
    skill: str | None = None,
    location: str | None = None,
) -> int:
    with db(live) as session:
        campaign = Campaign(
            org_id=org_id,
            created_by=user_id,
            name=name,
            status=status,
            skill=skill,
            location=location,
            link_token=f"tok{next(_serial)}x{org_id}",
            created_at=datetime.now(UTC),
        )
        session.add(campaign)
        session.commit()
        return campaign.id


def svc_post(live: Live, headers: dict[str, str], path: str, body: Any) -> httpx.Response:
    return live.client.post(f"/api/v1/svc/{path}", json=body, headers=headers)


def svc_get(live: Live, headers: dict[str, str], path: str, **params: Any) -> httpx.Response:
    return live.client.get(f"/api/v1/svc/{path}", params=params, headers=headers)
