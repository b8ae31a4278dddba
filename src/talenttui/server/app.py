"""The ASGI application: both APIs on one port, every router mounted here, schema migrated at start."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from talenttui import __version__
from talenttui.paths import ensure_private_dir
from talenttui.server import dev, health, heap, join
from talenttui.server.bus import make_bus
from talenttui.server.commit_hooks import bind_commit_hooks
from talenttui.server.context import ServerContext
from talenttui.server.credential_cache import CredentialCache
from talenttui.server.db import make_engine, make_sessions, session_class_of
from talenttui.server.demo import seed_demo
from talenttui.server.hub import Hub, bind_publisher
from talenttui.server.mail import Mailer
from talenttui.server.migrations.runner import migrate
from talenttui.server.realtime import routes as realtime
from talenttui.server.realtime.retention import EventRetention
from talenttui.server.secret_store import load_secret
from talenttui.server.settings import ServerSettings
from talenttui.server.skilldeo import (
    auth_routes,
    campaign_routes,
    interview_routes,
    session_routes,
)
from talenttui.server.skillsync.analytics import routes as analytics
from talenttui.server.skillsync.keys import routes as keys
from talenttui.server.skillsync.matches import routes as matches
from talenttui.server.skillsync.messages import routes as messages
from talenttui.server.skillsync.profiles import photos
from talenttui.server.skillsync.profiles import routes as profiles
from talenttui.server.skillsync.ratelimit.middleware import RateLimitMiddleware
from talenttui.server.tokens import TokenService
from talenttui.server.web.envelopes import SKILLDEO_PREFIX, SKILLSYNC_PREFIX
from talenttui.server.web.error_handlers import add_error_handlers
from talenttui.server.web.host_guard import HostGuardMiddleware, allowed_hosts
from talenttui.server.web.json_guard import JsonGuardMiddleware
from talenttui.server.web.middleware import BodySizeLimitMiddleware, RequestIdMiddleware
from talenttui.server.web.openapi import drop_framework_422
from talenttui.server.webhooks import routes as webhooks
from talenttui.server.webhooks.dispatcher import Dispatcher
from talenttui.server.webhooks.sealing import seal_plain_rows

log = logging.getLogger("talenttui.server")

SKILLSYNC_ROUTERS = (keys, profiles, matches, messages, analytics, realtime, webhooks)


class TalentServer(FastAPI):
    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema is None:
            self.openapi_schema = drop_framework_422(super().openapi())
        return self.openapi_schema


def _mount_routers(app: FastAPI, dev_mode: bool) -> None:
    app.include_router(health.router)
    app.include_router(join.router)
    app.include_router(
        auth_routes.router, prefix=f"{SKILLDEO_PREFIX}/auth", tags=["skilldeo: auth"]
    )
    app.include_router(
        session_routes.router,
        prefix=f"{SKILLDEO_PREFIX}/auth",
        tags=["skilldeo: sessions (extension)"],
    )
    app.include_router(
        campaign_routes.router,
        prefix=f"{SKILLDEO_PREFIX}/svc/campaign",
        tags=["skilldeo: campaigns"],
    )
    app.include_router(
        interview_routes.router,
        prefix=f"{SKILLDEO_PREFIX}/svc/interview",
        tags=["skilldeo: interviews"],
    )
    for feature in SKILLSYNC_ROUTERS:
        app.include_router(feature.router, prefix=SKILLSYNC_PREFIX)
    if dev_mode:
        app.include_router(dev.router, prefix=f"{SKILLDEO_PREFIX}/dev")


def create_app(settings: ServerSettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ensure_private_dir(settings.data_dir)
        engine = make_engine(settings.resolved_database_url, settings.database_pool_size)
        await migrate(engine)
        sessions = make_sessions(engine)
        secret = await load_secret(settings, sessions.write)
        hub = Hub()
        ctx = ServerContext(
            settings=settings,
            engine=engine,
            sessions=sessions.read,
            writes=sessions.write,
            tokens=TokenService(secret, settings.token_ttl_seconds),
            secret=secret,
            mailer=Mailer(
                sessions.write, settings.smtp, lambda: ctx.now(), settings.mail_lease_seconds
            ),
            hub=hub,
            bus=make_bus(hub, engine, sessions.read),
            principals=CredentialCache(settings.credential_cache_seconds),
        )
        hub.add_revocation_listener(ctx.principals.forget)
        bind_commit_hooks(session_class_of(sessions.read))
        bind_publisher(session_class_of(sessions.read), ctx.hub)
        app.state.ctx = ctx
        if allowed_hosts(settings) is None:
            log.warning("any Host header is accepted: set --allowed-hosts to the server's names")
        await seal_plain_rows(ctx)
        if settings.demo:
            await seed_demo(ctx)
        await photos.import_files(settings.data_dir, ctx.writes, ctx.now())
        await ctx.bus.start()
        ctx.mailer.start()
        dispatcher = Dispatcher(ctx)
        dispatcher.start()
        retention = EventRetention(ctx)
        retention.start()
        heap.settle()
        try:
            yield
        finally:
            await retention.stop()
            await dispatcher.stop()
            await ctx.mailer.stop()
            await ctx.bus.stop()
            await engine.dispose()

    app = TalentServer(
        title="talenttui server",
        version=__version__,
        summary="SkillSync v1 (/v1) and skilldeo v1 (/api/v1) on one port.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    add_error_handlers(app)
    app.add_middleware(JsonGuardMiddleware)
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        upload_max_bytes=settings.max_upload_bytes,
    )
    app.add_middleware(RateLimitMiddleware)
    app.add_middleware(HostGuardMiddleware, allowed=allowed_hosts(settings))
    app.add_middleware(RequestIdMiddleware)
    _mount_routers(app, settings.dev)
    return app
