"""Giving memory back after a bulk request (issue 20; docs/design.md, "Scale", "Memory").

An import of 10,000 employees or the opening of a period builds hundreds of thousands of
short-lived objects. Two things kept the memory they had used after they were gone:

* SQLAlchemy's compiled-statement cache: a cached statement keeps the statement it was
  compiled from, and with it the values of its first execution. The bulk statements bind
  whole columns as one array (``app.bulk``, ``= ANY(:ids)``), so their entries held 10,000
  ids, numbers and rows each, and those pinned the allocator's arenas around them;
* the allocators: Python's frees an arena only once nothing in it is alive, glibc's ``free``
  keeps freed pages in its heap.

``release`` empties the write engine's compiled cache (the next requests compile their
statements again, a few milliseconds once) and asks glibc to return its free pages to the
system (``malloc_trim(0)``). It runs after the response of a route marked ``BULK`` has gone
out. Where the C library is not glibc (musl, macOS) the trim is a no-op."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
from collections.abc import Callable
from functools import cache

from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where there is none."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def trim_heap() -> bool:
    """Return the C heap's free memory to the system; False where that cannot be done."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


def release(engine: AsyncEngine) -> None:
    """After a bulk request: drop the compiled statements (and the values they hold), collect
    what that freed, give the free pages back."""
    engine.clear_compiled_cache()
    # The statements hold cycles; what start-up made is frozen (app.main), so this pass walks
    # only what came since.
    gc.collect()
    if not trim_heap():
        log.debug("malloc_trim is not available: memory stays with the allocator")
