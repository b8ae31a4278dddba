"""The ASGI application: both APIs on one port, schema migrated at start."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from talenttui import __version__
from talenttui.server import health, join
from talenttui.server.commit_hooks import bind_commit_hooks
from talenttui.server.context import ServerContext
from talenttui.server.db import make_engine, make_sessionmaker, migrate, session_class_of
from talenttui.server.envelopes import render_error
from talenttui.server.errors import ApiError
from talenttui.server.event_retention import EventRetention
from talenttui.server.mail import Mailer
from talenttui.server.middleware import BodySizeLimitMiddleware, RequestIdMiddleware
from talenttui.server.realtime.hub import bind_publisher
from talenttui.server.settings import ServerSettings
from talenttui.server.skilldeo import router as skilldeo_router
from talenttui.server.skillsync import router as skillsync_router
from talenttui.server.skillsync.ratelimit_middleware import RateLimitMiddleware
from talenttui.server.tokens import TokenService, load_or_create_secret
from talenttui.server.validation import describe_validation_error
from talenttui.server.webhooks.dispatcher import Dispatcher


def _error_response(request: Request, err: ApiError) -> JSONResponse:
    return JSONResponse(
        render_error(request.url.path, err), status_code=err.status, headers=err.headers
    )


async def _on_api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return _error_response(request, exc)


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return _error_response(request, describe_validation_error(exc))


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    codes = {404: "RESOURCE_NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}
    err = ApiError(exc.status_code, codes.get(exc.status_code, "HTTP_ERROR"), str(exc.detail))
    return _error_response(request, err)


def create_app(settings: ServerSettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        engine = make_engine(settings.resolved_database_url)
        await migrate(engine)
        sessions = make_sessionmaker(engine)
        secret = load_or_create_secret(settings.data_dir)
        ctx = ServerContext(
            settings=settings,
            engine=engine,
            sessions=sessions,
            tokens=TokenService(secret, settings.token_ttl_seconds),
            secret=secret,
            mailer=Mailer(sessions, settings.smtp, lambda: ctx.now()),
        )
        bind_commit_hooks(session_class_of(sessions))
        bind_publisher(session_class_of(sessions), ctx.hub)
        app.state.ctx = ctx
        if settings.demo:
            from talenttui.server.demo import seed_demo

            await seed_demo(ctx)
        ctx.mailer.start()
        dispatcher = Dispatcher(ctx)
        dispatcher.start()
        retention = EventRetention(ctx)
        retention.start()
        try:
            yield
        finally:
            await retention.stop()
            await dispatcher.stop()
            await ctx.mailer.stop()
            await engine.dispose()

    app = FastAPI(
        title="talenttui server",
        version=__version__,
        summary="SkillSync v1 (/v1) and skilldeo v1 (/api/v1) on one port.",
        lifespan=lifespan,
    )
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        upload_max_bytes=settings.max_upload_bytes,
    )
    app.add_middleware(RateLimitMiddleware)
    app.add_middleware(RequestIdMiddleware)
    app.include_router(health.router)
    app.include_router(join.router)
    app.include_router(skilldeo_router, prefix="/api/v1")
    app.include_router(skillsync_router, prefix="/v1")
    if settings.dev:
        from talenttui.server.dev import router as dev_router

        app.include_router(dev_router, prefix="/api/v1/dev")
    return app
