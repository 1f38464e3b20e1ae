"""Peak memory of one build on bench/search.py's corpus (realistic vocabulary).

bench/scale.py's articles draw on about 30 words per language, so their
index has few distinct terms and pairs; bench/search.py's draw on 4,000
Zipf-distributed pseudo-words per language (five languages, 300-900 words
an article), which is what makes a search index big. This script writes
that corpus (once per size, kept in --work), builds it with Pelican as
bench/corpus.py's pelican_build does, and samples /proc every
--interval seconds for the build's process tree: the peak resident set
of the Pelican process, the largest peak of any other process in the
tree (the search workers), and the peak of the tree's sum (when, and of
which processes; a child not yet past exec() shares its parent's memory
and is not counted, see sample_tree). Also prints
the wall time, the CPU time (user + system of the build and every process
it waited for) and the load average at the start and the end. With
--change N, then the same for an incremental rebuild after a paragraph
was added to N articles (the build that loads the last build's caches).

    .venv/bin/python bench/search_memory.py --articles 20000 [--change 10]
"""

import argparse
import contextlib
import os
import resource
import runpy
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from corpus import ROOT, pelican_command
from search import write_articles

PAGE = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024


def _children() -> dict[int, list[int]]:
    """{parent pid: child pids} of every process now running."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def _resident(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * PAGE
    except OSError:
        return 0


def _command(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def sample_tree(root: int, peaks: dict[int, int], unstarted: dict) -> dict[int, int]:
    """Resident bytes of `root` and each of its descendants now {pid:
    bytes}; raises `peaks` {pid: bytes} to them. A child whose command
    line is still its parent's has not reached exec(): subprocess starts
    it with vfork(), so it shares the parent's memory and its resident set
    is the parent's (counted once, in the parent; `unstarted` keeps the
    largest such reading and how many were seen, {"bytes", "seen"})."""
    tree = _children()
    pending, now, commands = [root], {}, {root: _command(root)}
    while pending:
        pid = pending.pop()
        for child in tree.get(pid, []):
            commands[child] = _command(child)
            if commands[child] == commands[pid]:
                unstarted["seen"] = unstarted.get("seen", 0) + 1
                unstarted["bytes"] = max(unstarted.get("bytes", 0), _resident(child))
            else:
                pending.append(child)
        now[pid] = resident = _resident(pid)
        peaks[pid] = max(peaks.get(pid, 0), resident)
    return now


def _name(pid: int) -> str:
    """A search worker's function name (the last word of its command line),
    or the pid of any other process."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            words = handle.read().split(b"\0")
    except OSError:
        return str(pid)
    if len(words) > 4 and words[1] == b"-c":
        return words[-2].decode("ascii", "replace")
    return str(pid)


def measured_build(
    content: Path,
    output: Path,
    interval: float,
    plugins: list[str] | None = None,
    timeline=None,
) -> dict:
    """Peaks of one build; with `timeline` (a text file), a line a second:
    seconds, the MiB of the Pelican process, then NAME:MiB for each other
    one (a search worker's function, or a pid)."""
    command, env = pelican_command(content, output, plugins=plugins)
    peaks: dict[int, int] = {}
    unstarted: dict[str, int] = {}
    peak_sum, peak_parts = 0, (0.0, [])
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    noted = 0.0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    while process.poll() is None:
        now = sample_tree(process.pid, peaks, unstarted)
        elapsed = time.perf_counter() - start
        if sum(now.values()) > peak_sum:
            peak_sum = sum(now.values())
            # When, and of what: Pelican's MiB first.
            peak_parts = (
                elapsed,
                [
                    now[process.pid] // MIB,
                    *sorted(
                        (
                            size // MIB
                            for pid, size in now.items()
                            if pid != process.pid
                        ),
                        reverse=True,
                    ),
                ],
            )
        if timeline and elapsed >= noted + 1:
            noted = elapsed
            main = now.pop(process.pid, 0) // MIB
            print(
                f"{elapsed:.0f}",
                main,
                *(f"{_name(pid)}:{size // MIB}" for pid, size in now.items()),
                file=timeline,
                flush=True,
            )
        time.sleep(interval)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode:
        raise SystemExit(f"build failed with status {process.returncode}")
    main = peaks.pop(process.pid, 0)
    return {
        "seconds": seconds,
        "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        "main": main,
        "worker": max(peaks.values(), default=0),
        "workers": len(peaks),
        "sum": peak_sum,
        "unstarted": unstarted,
        "sum_parts": peak_parts,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/memsearch"))
    parser.add_argument("--output", type=Path, help="default: in --work")
    parser.add_argument("--interval", type=float, default=0.1)
    parser.add_argument(
        "--timeline",
        type=argparse.FileType("w"),
        help="write a line a second: seconds, MiB of Pelican, then NAME:MiB of "
        "each worker (both builds with --change)",
    )
    parser.add_argument(
        "--without-search",
        action="store_true",
        help="build without the site_search plugin (the floor of the rest)",
    )
    parser.add_argument(
        "--change",
        type=int,
        default=0,
        help="then add a paragraph to N articles and measure the incremental "
        "rebuild (the files are put back after)",
    )
    args = parser.parse_args()
    # Stopped with SIGTERM (kill), still put the changed articles back.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    content = args.work / f"content-{args.articles}"
    if not content.is_dir():
        write_articles(content, args.articles)
    plugins = None
    name = f"site-{args.articles}"
    if args.without_search:
        plugins = [
            plugin
            for plugin in runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
            if plugin != "site_search"
        ]
        name += "-without-search"
    output = args.output or args.work / name
    # A full build: no output or cache of an earlier run.
    for old in (output, Path(f"{output}.cache")):
        shutil.rmtree(old, ignore_errors=True)
    load = os.getloadavg()[0]
    found = measured_build(content, output, args.interval, plugins, args.timeline)
    build = f"articles: {args.articles}{' (without site_search)' * args.without_search}"
    show(build, found, load)
    if args.change:
        load = os.getloadavg()[0]
        if args.timeline:
            print(f"# the rebuild after {args.change} changed", file=args.timeline)
        with changed_articles(content, args.change):
            again = measured_build(
                content, output, args.interval, plugins, args.timeline
            )
        show(f"then {args.change} of them changed (incremental rebuild)", again, load)
    return 0


def show(build: str, found: dict, load: float) -> None:
    print(
        f"{build}; wall {found['seconds']:.1f} s; CPU {found['cpu']:.1f} s; "
        f"load {load:.1f} -> {os.getloadavg()[0]:.1f}"
    )
    print(
        f"peak RSS MiB: main {found['main'] / MIB:,.0f}; largest other process "
        f"{found['worker'] / MIB:,.0f} ({found['workers']} processes); "
        f"tree sum {found['sum'] / MIB:,.0f} (at {found['sum_parts'][0]:.0f} s: "
        f"{' + '.join(map(str, found['sum_parts'][1]))})"
    )
    unstarted = found["unstarted"]
    if unstarted:
        print(
            f"  not counted: {unstarted['seen']} readings of a child before its "
            f"exec() (vfork: the parent's memory), up to "
            f"{unstarted['bytes'] / MIB:,.0f} MiB"
        )


@contextlib.contextmanager
def changed_articles(content: Path, count: int):
    """`count` of the articles, spread over the tree, with a paragraph
    added, each file's modification time kept (as bench/scale.py's
    changed articles keep theirs: the reader dates an undated article by
    it and bounds every date by the newest, so a new time could re-date
    articles and renumber the index instead of changing 10 in place);
    each file's bytes and time are put back afterwards (the corpus is kept
    for the next run)."""
    files = sorted(path for path in content.iterdir() if path.is_file())
    chosen = files[:: max(1, len(files) // count)][:count]
    originals = {path: (path.read_bytes(), path.stat()) for path in chosen}

    def write(path: Path, data: bytes, status: os.stat_result) -> None:
        path.write_bytes(data)
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))

    try:
        for path, (data, status) in originals.items():
            write(path, data + ADDED_PARAGRAPH, status)
        yield
    finally:
        for path, (data, status) in originals.items():
            write(path, data, status)


ADDED_PARAGRAPH = (
    b"\n\nThis paragraph was added to the article after it was first "
    b"published, so that the next build has a changed article to read.\n"
)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
