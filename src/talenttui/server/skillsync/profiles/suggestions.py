"""Plain rules standing in for the reference's "AI optimization suggestions" on a profile."""

from __future__ import annotations

from talenttui.server.models import Profile, ProfileKind
from talenttui.server.skillsync.profiles.presenter import Suggestion


def suggestions_for(profile: Profile) -> list[Suggestion]:
    out: list[Suggestion] = []
    if len(profile.bio.strip()) < 50:
        out.append(
            Suggestion(field="bio", message="Write a bio of a few sentences about your work.")
        )
    if not profile.title.strip():
        out.append(Suggestion(field="title", message="Add a title, such as your current role."))
    if not profile.avatar and not profile.logo:
        out.append(
            Suggestion(
                field="avatar", message="Upload a photo; profiles with one get more replies."
            )
        )
    if profile.kind == ProfileKind.COMPANY:
        if not profile.role_with_defaults()["required_skills"]:
            out.append(
                Suggestion(
                    field="required_skills",
                    message="List the skills your opening needs so candidates can be matched.",
                )
            )
        return out
    skills = profile.skills or []
    if len(skills) < 3:
        out.append(
            Suggestion(field="skills", message="List at least three skills to get better matches.")
        )
    if any(not s.get("years") for s in skills):
        out.append(Suggestion(field="skills", message="Add years of experience to each skill."))
    if not (profile.preferences or {}).get("salary_range"):
        out.append(
            Suggestion(
                field="preferences.salary_range",
                message="Add a salary range so offers fit your expectations.",
            )
        )
    if not profile.social_links:
        out.append(
            Suggestion(field="social_links", message="Link your GitHub, LinkedIn or portfolio.")
        )
    return out
