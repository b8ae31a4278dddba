"""The server's objects and Python's cyclic garbage collector.

A full collection walks every object the process tracks. After start-up that is some
150,000 (modules, mappers, schemas, the statement cache) that live as long as the
process, so each full collection took 60-110 ms, with every request in flight waiting
behind it. `settle()` at the end of start-up freezes them out of the collector
(`gc.freeze()`): a full collection then walks only what was made since (about 10 ms).
Reference counting still frees a frozen object that is dropped; only a frozen object
that ends in a reference cycle would never be freed, which the long-lived ones do not.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def settle() -> None:
    """Collect what start-up left behind, then freeze what lives on."""
    gc.collect()
    gc.freeze()


@contextmanager
def set_aside() -> Iterator[None]:
    """Freeze everything alive now (a batch job's many objects, say) for the block, then
    let it back and settle again: what the block dropped is collected, what lives on
    stays frozen."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        settle()
