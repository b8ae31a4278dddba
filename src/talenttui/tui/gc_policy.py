"""Keep loaded rows out of the cyclic garbage collector's full passes.

A full (generation 2) collection walks every tracked object: with 100,000 matches on the
list one takes about 0.2 s (0.06 s without them, ``bench/bench_feed_memory.py``; it was
0.6 s when a row was a pydantic model of 15 tracked objects, now one ``MatchRow``), long
enough to swallow several key presses. The rows live until the next page load or
refresh, and they hold no reference cycles, so reference counting frees them when they
are replaced even while frozen. Freezing after a young collection leaves out only the garbage the young
generations would have found anyway. Widgets do hold cycles (parent and children), so
when a screen goes away (logout), everything is thawed for the collector to reclaim it.

While a first screen is built (the app's start, the shell after a login) the collector is
held: nearly all it would walk then is kept (modules, classes, the new widgets), yet its
passes took ~85 ms of a ~0.95 s warm start and ~90 ms (one full pass, after the login
screen was thawed) of the ~0.45 s from the login code to the feed. Once that screen is
painted, what was made is frozen and collection resumes (the login screen's leftovers
stay frozen until the next thaw, at logout: one screen's worth, once a session).
"""

from __future__ import annotations

import gc


def settle_loaded_rows() -> None:
    """After rows arrive: collect the young generations, then freeze what is alive. While
    the collector is held everything made since is young: not walked now (that took
    40-70 ms before the first feed was painted), it is frozen as it is."""
    if gc.isenabled():
        gc.collect(1)
    gc.freeze()


def hold() -> None:
    """No cyclic collection until ``resume`` (reference counting still frees the rest)."""
    gc.disable()


def resume() -> None:
    """The screen is painted: freeze what was made while held, and collect from here on."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def thaw() -> None:
    """A screen that held frozen rows is gone: let the collector see everything again."""
    gc.unfreeze()
