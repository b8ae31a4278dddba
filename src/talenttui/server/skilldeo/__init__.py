"""The skilldeo v1 interview API, mounted at `/api/v1`."""

from fastapi import APIRouter

from talenttui.server.skilldeo import auth_routes, campaign_routes, interview_routes

router = APIRouter()
router.include_router(auth_routes.router, prefix="/auth", tags=["skilldeo: auth"])
router.include_router(campaign_routes.router, prefix="/svc/campaign", tags=["skilldeo: campaigns"])
router.include_router(
    interview_routes.router, prefix="/svc/interview", tags=["skilldeo: interviews"]
)
