"""Keep loaded rows out of the cyclic garbage collector's full passes.

A full (generation 2) collection walks every tracked object: with 100,000 matches on the
list one takes about 0.2 s (0.06 s without them, ``bench/bench_feed_memory.py``; it was
0.6 s when a row was a pydantic model of 15 tracked objects, now one ``MatchRow``), long
enough to swallow several key presses. The rows live until the next page load or
refresh, and they hold no reference cycles, so reference counting frees them when they
are replaced even while frozen. Freezing after a young collection leaves out only the garbage the young
generations would have found anyway. Widgets do hold cycles (parent and children), so
when a screen goes away (logout), everything is thawed for the collector to reclaim it.
"""

from __future__ import annotations

import gc


def settle_loaded_rows() -> None:
    """After rows arrive: collect the young generations, then freeze what is alive."""
    gc.collect(1)
    gc.freeze()


def thaw() -> None:
    """A screen that held frozen rows is gone: let the collector see everything again."""
    gc.unfreeze()
