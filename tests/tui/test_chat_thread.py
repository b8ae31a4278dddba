"""The thread model alone (tui/chat.py): pages, live messages and sends merge without a
message shown twice, and read marks and typing throttle as the README says."""

from __future__ import annotations

from talenttui.api.models.messages import Message
from talenttui.tui.chat import ChatMessage, Thread, TypingThrottle
from talenttui.tui.widgets.message_log import wrap

ME, HER = "user_me", "user_her"


def server(n: int, sender: str = HER) -> Message:
    return Message(id=f"msg_{n:03d}", sender_id=sender, message=f"m{n}", created_at=None)


def sending(key: str, text: str = "mine") -> ChatMessage:
    return ChatMessage(key=f"local:{key}", sender_id=ME, text=text, state="sending")


def keys(thread: Thread) -> list[str]:
    return [m.key for m in thread.messages]


def test_older_pages_go_in_front_and_a_refetched_newest_page_keeps_them() -> None:
    thread = Thread("conv", HER, ME)
    thread.newest_page([server(3), server(4)], older="msg_003")
    thread.older_page([server(1), server(2)], older=None)
    assert keys(thread) == ["msg_001", "msg_002", "msg_003", "msg_004"]
    assert thread.older is None
    thread.newest_page([server(4), server(5)], older="msg_004")
    assert keys(thread) == ["msg_001", "msg_002", "msg_003", "msg_004", "msg_005"]


def test_a_send_that_landed_is_shown_once_even_if_a_page_had_it_first() -> None:
    thread = Thread("conv", HER, ME)
    thread.newest_page([server(1)], older=None)
    thread.add_unsent([sending("k1")])
    thread.newest_page([server(1), server(2, ME)], older=None)
    assert keys(thread) == ["msg_001", "msg_002", "local:k1"]
    thread.landed("local:k1", "msg_002", None)
    assert keys(thread) == ["msg_001", "msg_002"]


def test_a_live_message_goes_before_sends_still_on_their_way_and_never_twice() -> None:
    thread = Thread("conv", HER, ME)
    thread.newest_page([server(1)], older=None)
    thread.add_unsent([sending("k1")])
    live = ChatMessage(key="msg_002", sender_id=HER, text="hi")
    assert thread.received(live)
    assert not thread.received(live)
    assert keys(thread) == ["msg_001", "msg_002", "local:k1"]


def test_read_marks_reach_delivered_sends_and_one_landing_after_the_mark() -> None:
    thread = Thread("conv", HER, ME)
    thread.newest_page([server(1, ME), server(2, ME)], older=None)
    thread.add_unsent([sending("k3")])
    thread.read_up_to("msg_001")
    assert [m.state for m in thread.messages] == ["read", "delivered", "sending"]
    thread.read_up_to("msg_003")  # the answer to the send is still on its way
    thread.landed("local:k3", "msg_003", None)
    assert [m.state for m in thread.messages] == ["read", "read", "read"]


def test_sends_from_an_earlier_run_leave_once_the_outbox_has_sent_them() -> None:
    thread = Thread("conv", HER, ME)
    thread.newest_page([], older=None)
    old = ChatMessage(key="local:old", sender_id=ME, text="queued", state="queued")
    thread.unsent_from_outbox([old], watched=set())
    assert keys(thread) == ["local:old"]
    thread.add_unsent([sending("mine-now")])
    thread.unsent_from_outbox([], watched={"local:mine-now"})
    assert keys(thread) == ["local:mine-now"]


def test_typing_is_sent_at_most_every_three_seconds_and_again_after_a_send() -> None:
    throttle = TypingThrottle()
    assert throttle.key(0.0)
    assert not throttle.key(1.0) and not throttle.key(2.9)
    assert throttle.key(3.0)
    throttle.stop()
    assert throttle.key(3.5)


def test_wrap_breaks_at_spaces_splits_long_words_and_keeps_blank_lines() -> None:
    assert wrap("aaa bbb ccc", 7) == ["aaa bbb", "ccc"]
    assert wrap("x" * 10, 4) == ["xxxx", "xxxx", "xx"]
    assert wrap("a\n\nb", 10) == ["a", "", "b"]
    assert wrap("日本語テキスト", 6) == ["日本語", "テキス", "ト"]


def test_a_read_mark_older_than_the_loaded_page_marks_nothing() -> None:
    thread = Thread("conv", HER, ME)
    thread.newest_page([server(5, ME), server(6, ME)], older="msg_005")
    thread.read_up_to("msg_002")
    assert [m.state for m in thread.messages] == ["delivered", "delivered"]


def test_a_message_that_came_live_after_a_page_was_read_stays_after_that_page() -> None:
    """A refetch (a reconnect's resync) answered with a page read before a live arrival:
    the arrival stayed on the server but went from the screen (bench_faults: 24 sent, 23
    shown)."""
    thread = Thread("conv", HER, ME)
    thread.newest_page([server(1), server(2)], older=None)
    thread.add_unsent([sending("k1")])
    assert thread.received(ChatMessage(key="msg_003", sender_id=HER, text="live"))
    thread.newest_page([server(1), server(2)], older=None)  # read before msg_003 came
    assert keys(thread) == ["msg_001", "msg_002", "msg_003", "local:k1"]
    thread.newest_page([server(2), server(3), server(4)], older="msg_002")
    assert keys(thread) == ["msg_001", "msg_002", "msg_003", "msg_004", "local:k1"]
