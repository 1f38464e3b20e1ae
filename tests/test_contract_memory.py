"""samizdat_contract.memory: free heap pages handed back to the system."""

import ctypes.util
import os

import pytest
from samizdat_contract import memory

PAGE = os.sysconf("SC_PAGE_SIZE")


def _resident() -> int:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * PAGE


@pytest.mark.skipif(
    memory._malloc_trim() is None or not os.path.exists("/proc/self/statm"),
    reason="glibc's malloc_trim and /proc are needed",
)
def test_freed_holes_among_kept_blocks_leave_the_resident_set():
    # Blocks too large for CPython's own arenas come from malloc; keeping
    # every 32nd leaves the freed ones as holes the heap cannot shrink past
    # (as the reader's temporaries among the articles it keeps).
    blocks = [bytes(8192) for _ in range(16384)]  # 128 MiB
    kept = blocks[::32]
    del blocks
    before = _resident()
    assert memory.release_free_memory()
    freed = before - _resident()
    assert freed > 64 * 1024 * 1024, f"only {freed} bytes returned"
    assert len(kept) == 512


def test_without_malloc_trim_it_does_nothing(monkeypatch):
    memory._malloc_trim.cache_clear()
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    try:
        assert memory.release_free_memory() is False
    finally:
        memory._malloc_trim.cache_clear()
