"""Every table, imported here so `Base.metadata` is whole for migrations."""

from talenttui.server.db import Base
from talenttui.server.models.api_keys import ApiKey
from talenttui.server.models.auth import LoginSession, OtpFailure, OtpLock, OtpSession
from talenttui.server.models.conversations import (
    Conversation,
    ConversationParticipant,
    Message,
)
from talenttui.server.models.events import Event
from talenttui.server.models.identity import Organization, Plan, Role, User
from talenttui.server.models.interviews import (
    Campaign,
    CampaignStatus,
    Interview,
    InterviewStatus,
)
from talenttui.server.models.mail import OutboxMail
from talenttui.server.models.matches import Match, MatchAction, MatchStatus
from talenttui.server.models.photos import Photo
from talenttui.server.models.profiles import DEFAULT_ROLE, Profile, ProfileKind, ProfileView
from talenttui.server.models.shared_state import RateBucket, ServerSecret
from talenttui.server.models.webhooks import Webhook, WebhookDelivery

__all__ = [
    "DEFAULT_ROLE",
    "ApiKey",
    "Base",
    "Campaign",
    "CampaignStatus",
    "Conversation",
    "ConversationParticipant",
    "Event",
    "Interview",
    "InterviewStatus",
    "LoginSession",
    "Match",
    "MatchAction",
    "MatchStatus",
    "Message",
    "Organization",
    "OtpFailure",
    "OtpLock",
    "OtpSession",
    "OutboxMail",
    "Photo",
    "Plan",
    "Profile",
    "ProfileKind",
    "ProfileView",
    "RateBucket",
    "Role",
    "ServerSecret",
    "User",
    "Webhook",
    "WebhookDelivery",
]
