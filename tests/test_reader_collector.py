"""The cyclic garbage collector while the articles are read (collector.py):
off while they are read, what was read frozen until the build's end, and
everything as it was after a build; frozen again at the process's exit."""

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from article_reader import collector

ARTICLE = "Title: A river\nDate: 2026-01-02\n\nThe river rose over the bridge.\n"


@pytest.fixture
def restored_collector():
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    (gc.enable if enabled else gc.disable)()


@pytest.mark.parametrize("enabled", [True, False])
def test_pause_settle_release_leave_the_collector_as_they_found_it(
    restored_collector, enabled
):
    (gc.enable if enabled else gc.disable)()
    gc.unfreeze()
    collector.pause()
    assert not gc.isenabled()
    kept = [[object()] for _ in range(10)]
    collector.settle()
    assert gc.isenabled() == enabled
    assert gc.get_freeze_count() >= len(kept)
    collector.release()
    assert gc.get_freeze_count() == 0
    assert gc.isenabled() == enabled


def test_a_build_reads_with_the_collector_off_and_ends_with_nothing_frozen(
    build_site, monkeypatch, restored_collector
):
    gc.enable()
    seen = {}
    settle, release = collector.settle, collector.release

    def settle_seen():
        seen["collecting while reading"] = gc.isenabled()
        settle()

    def release_seen():
        seen["frozen at the end"] = gc.get_freeze_count()
        release()

    monkeypatch.setattr(collector, "settle", settle_seen)
    monkeypatch.setattr(collector, "release", release_seen)
    site = build_site({"a-river.txt": ARTICLE})
    assert site.output.exists()
    assert seen["collecting while reading"] is False
    assert seen["frozen at the end"] > 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


EXIT_SCRIPT = """
import sys
from article_reader import collector

class Cycle:
    def __init__(self):
        self.me = self
    def __del__(self):
        print("collected", flush=True)

if sys.argv[1] == "build":
    collector.pause()
    collector.settle()
    collector.release()
Cycle()  # cyclic garbage: only a collection can end it
"""


@pytest.mark.parametrize(("built", "collected"), [(True, False), (False, True)])
def test_a_process_that_built_skips_the_last_collections_at_exit(built, collected):
    """The interpreter's exit collects what is left only in a process that
    built nothing (the control: the same garbage is collected there)."""
    plugins = Path(collector.__file__).parents[1]
    done = subprocess.run(
        [sys.executable, "-c", EXIT_SCRIPT, "build" if built else "none"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(plugins)},
    )
    assert ("collected" in done.stdout) == collected
