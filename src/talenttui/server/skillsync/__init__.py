"""The SkillSync v1 matching API, mounted at `/v1`."""

from fastapi import APIRouter

from talenttui.server.realtime import routes as realtime_routes
from talenttui.server.skillsync import (
    analytics_routes,
    api_keys,
    match_routes,
    message_routes,
    profile_routes,
)
from talenttui.server.webhooks import routes as webhook_routes

router = APIRouter()
router.include_router(api_keys.router)
router.include_router(profile_routes.router)
router.include_router(match_routes.router)
router.include_router(message_routes.router)
router.include_router(analytics_routes.router)
router.include_router(realtime_routes.router)
router.include_router(webhook_routes.router)
