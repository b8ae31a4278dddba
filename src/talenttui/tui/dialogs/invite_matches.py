"""``i`` on matches (the feed, marked rows, the match details): pick an active campaign,
confirm a batch, then invite the people whose email their match reveals (once the
recruiter has accepted), through the outbox like every write."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from talenttui.tui.dialogs.invite import INVITED_FROM, invited_text
from talenttui.tui.loading import act

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget

    from talenttui.api.errors import ApiError
    from talenttui.api.models.campaigns import CampaignSummary
    from talenttui.api.models.interviews import InviteResult
    from talenttui.api.models.matches import Match
    from talenttui.tui.session import Session


def no_email_text(match: Match) -> str:
    return f"Accept {match.name} first: their email shows once you have accepted."


def invite_summary(campaign: str, matches: Sequence[Match]) -> str:
    """What a batch invite will do, before it runs."""
    missing = sum(1 for m in matches if not m.contact_email)
    text = f"Invite {len(matches) - missing} to {campaign}"
    if missing:
        text += f", skip {missing} not accepted (no email yet)"
    return text + ": enter to confirm"


async def with_emails(session: Session, matches: Sequence[Match]) -> list[Match]:
    """Accepted rows drawn before the server revealed the email (an accept just made):
    asked again, so the person can invite right after accepting."""
    from talenttui.api.endpoints.matches import get_match
    from talenttui.api.errors import ApiError, AuthError

    client = await session.client()
    people = []
    for match in matches:
        if match.status == "accepted" and not match.contact_email:
            try:
                fresh = await client.refetch(get_match(match.id))
            except AuthError as exc:
                await session.session_refused(exc)
                return []
            except ApiError:
                fresh = None  # offline: the row stays without an email, and says so
            if fresh is not None:
                match = match.model_copy(update={"contact_email": fresh.data.contact_email})
        people.append(match)
    return people


def invite_matches(host: Widget, session: Session, matches: Sequence[Match]) -> None:
    """The whole flow from ``host`` (a pane or a dialog): picker, summary for a batch, send."""

    async def flow() -> None:
        people = await with_emails(session, matches)
        if people:
            pick_and_invite(host, session, people)

    host.run_worker(flow(), group="invite-emails", exit_on_error=False)


def pick_and_invite(host: Widget, session: Session, people: list[Match]) -> None:
    from talenttui.tui.dialogs.campaign_picker import CampaignPickerScreen
    from talenttui.tui.dialogs.confirm import ConfirmScreen

    if not any(m.contact_email for m in people):
        host.notify(
            no_email_text(people[0])
            if len(people) == 1
            else "None of the marked matches is accepted yet: no email to invite.",
            severity="warning",
            markup=False,
        )
        return
    title = f"Invite {people[0].name} to…" if len(people) == 1 else f"Invite {len(people)} to…"

    def chosen(campaign: CampaignSummary | None) -> None:
        if campaign is None:
            return
        if len(people) == 1:
            send(campaign)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                send(campaign)

        host.app.push_screen(ConfirmScreen(invite_summary(campaign.name, people)), confirmed)

    def send(campaign: CampaignSummary) -> None:
        emails = [m.contact_email for m in people if m.contact_email]
        # The app's worker, not the host's: a dialog closed meanwhile would cancel it.
        app = host.app
        app.run_worker(send_invite(app, session, campaign, emails), exit_on_error=False)

    host.app.push_screen(CampaignPickerScreen(session, title), chosen)


async def send_invite(
    host: App[Any], session: Session, campaign: CampaignSummary, emails: list[str]
) -> None:
    from talenttui.api.endpoints.interviews import invite

    me = session.credentials.current
    if me is None or me.user_id is None:
        host.notify("This account has no recruiter id: it cannot invite.", severity="error")
        return
    name = campaign.name or f"campaign {campaign.id}"

    def done(result: InviteResult) -> None:
        host.notify(f"{name}: {invited_text(result)}", title="Invited", markup=False)

    def refused(exc: ApiError) -> None:
        host.notify(f"Could not invite to {name}: {exc.message}", severity="error", markup=False)

    def waiting() -> None:
        host.notify(
            f"Offline: the invite to {name} will be sent when the server is back.",
            severity="warning",
            markup=False,
        )

    call = invite(emails, campaign.id, me.user_id, invited_from=INVITED_FROM)
    await act(
        session,
        call,
        label=f"invite {len(emails)} to {name}",
        done=done,
        failed=refused,
        waiting=waiting,
    )
