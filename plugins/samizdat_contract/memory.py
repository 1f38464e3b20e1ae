"""Free heap memory handed back to the system between a build's phases.

A plugin that has just let go of much memory calls release_free_memory().
CPython asks the C library's malloc for every object too large for its own
small-object arenas (an article's paragraphs and HTML, the search index's
arrays), and glibc's malloc keeps what is freed for later requests: reading
the articles leaves freed holes among the ones kept, and a released index
leaves its pages in the heap, counted in the process's resident size while
the next phase (writing pages beside the search writer) runs. glibc's
malloc_trim() returns the whole free pages of every arena to the system
(madvise), at the cost of one walk over the heap's free lists.

Measured on bench/scale.py's articles of a realistic vocabulary
(2026-12-02): at 20,000, the Pelican process's resident size 621 -> 522
MiB once the articles were read, its peak over the build 821 -> 768 MiB;
at 100,000 (bench/search_memory.py), the Pelican process 2,390 -> 1,900
MiB while the index is analysed, its peak 3,015 -> 2,736 MiB, the sum
of the build's processes 3,105 -> 2,823 MiB.

Elsewhere than glibc (musl, macOS, Windows) there is no malloc_trim and this
does nothing. The output never depends on it.

Data shapes:
    release_free_memory() -> bool   whether the C library was asked
"""

import ctypes
import ctypes.util
import functools
import logging

logger = logging.getLogger(__name__)


@functools.cache
def _malloc_trim():
    """glibc's malloc_trim, or None where the C library has none."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_free_memory() -> bool:
    trim = _malloc_trim()
    if trim is None:
        return False
    # 0: keep no free pad at the top of the heap.
    trim(0)
    logger.debug("free heap memory returned to the system")
    return True
