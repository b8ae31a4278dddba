"""Demo step: conversations with history. Sarah Johnson and Jane Doe already share one."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.demo.constants import JANE_USER_ID
from talenttui.server.demo.run import DemoRun
from talenttui.server.demo.skillsync_people import SARAH_PUBLIC_ID
from talenttui.server.models import (
    Conversation,
    ConversationParticipant,
    Match,
    MatchStatus,
    Message,
    User,
)
from talenttui.server.skillsync.messages.conversations import pair_key

SARAH_AND_JANE = (
    ("jane", "Hi Sarah, I'm Jane from Acme Corp. Your React and Node.js work caught our eye."),
    ("sarah", "Hi Jane! Thanks for reaching out. I'd love to hear more about the role."),
    ("jane", "It's a full-stack position on our hiring platform team, remote-friendly."),
    ("sarah", "Sounds great. What does the interview process look like?"),
    ("jane", "A short AI video interview first, then a call with the team lead."),
    ("jane", "Would Thursday at 10:00 PT work for the call?"),
)
SARAH_UNREAD = 2

SMALL_TALK = (
    "Thanks for connecting! Is the role still open?",
    "Yes, it is. Could you share your availability this week?",
    "Tuesday or Wednesday afternoon works for me.",
    "Great, I'll send an invite for Wednesday.",
)


async def _conversation(
    db: AsyncSession,
    run: DemoRun,
    a: int,
    b: int,
    lines: list[tuple[int, int, str]],
    unread_for_a: int,
    start: int,
) -> None:
    when = run.now - timedelta(days=start)
    conv = Conversation(
        public_id=f"conv_demo{a:05d}{b:05d}",
        pair_key=pair_key(a, b),
        created_at=when,
        updated_at=when + timedelta(hours=len(lines)),
    )
    db.add(conv)
    await db.flush()
    rows = [
        {
            "public_id": f"msg_demo{conv.id:05d}{i:03d}",
            "conversation_id": conv.id,
            "sender_id": sender,
            "recipient_id": recipient,
            "body": text,
            "type": "text",
            "metadata": {},
            "created_at": when + timedelta(hours=i + 1),
        }
        for i, (sender, recipient, text) in enumerate(lines)
    ]
    await db.execute(insert(Message), rows)
    last_id = await db.scalar(
        select(Message.id)
        .where(Message.conversation_id == conv.id)
        .order_by(Message.id.desc())
        .limit(1)
    )
    db.add_all(
        [
            ConversationParticipant(
                conversation_id=conv.id,
                user_id=a,
                unread_count=unread_for_a,
                last_read_message_id=(last_id or 0) - unread_for_a,
            ),
            ConversationParticipant(
                conversation_id=conv.id,
                user_id=b,
                unread_count=0,
                last_read_message_id=last_id or 0,
            ),
        ]
    )


async def seed_conversations(db: AsyncSession, run: DemoRun) -> None:
    rng = run.rng
    sarah = await db.scalar(select(User.id).where(User.public_id == SARAH_PUBLIC_ID))
    if sarah is None:
        return
    ids = {"sarah": sarah, "jane": JANE_USER_ID}
    lines = [
        (ids[who], ids["jane" if who == "sarah" else "sarah"], text) for who, text in SARAH_AND_JANE
    ]
    await _conversation(db, run, sarah, JANE_USER_ID, lines, SARAH_UNREAD, start=3)
    accepted = (
        await db.execute(
            select(Match.user_id, Match.matched_user_id)
            .where(
                Match.status == MatchStatus.ACCEPTED.value, Match.user_id < Match.matched_user_id
            )
            .order_by(Match.id)
            .limit(40 * run.size)
        )
    ).all()
    seen = {pair_key(sarah, JANE_USER_ID)}
    for a, b in accepted:
        if pair_key(a, b) in seen:
            continue
        seen.add(pair_key(a, b))
        count = rng.randint(2, len(SMALL_TALK))
        talk = [((a, b) if i % 2 == 0 else (b, a)) + (SMALL_TALK[i],) for i in range(count)]
        await _conversation(db, run, a, b, talk, rng.randint(0, 1), start=rng.randint(4, 30))
