"""Archive scale: full and incremental builds of N articles, time and memory.

    python bench/scale.py 20000 [--workdir DIR] [--check-identical]
        [--vocabulary realistic] [--newest]

Generates N articles in three publishers' chrome (bench/scale_corpus.py,
five languages, seeded; --vocabulary realistic draws their words from
bench/search.py's 4,000 Zipf-distributed pseudo-words a language instead
of bench/corpus.py's few: a search index of real size), then, each build
in a child process whose own resource usage (os.wait4) gives its peak RSS:

1. vanilla Pelican on the same articles as Markdown (the yardstick of
   bench/build.py: pelicanconf.py's plugins minus article_reader, plus
   bench/markdown_yardstick);
2. this project, through its normal entry, `make html FULL=1` (Pelican
   into OUTPUTDIR.partial, then site_output swaps it in, with the build
   report beside OUTPUTDIR; FULL=1 ignores any earlier cache);
3. +100 articles, `make html` again, so whatever cache `make html` keeps
   is used as a daily build would use it (their dates fall among the
   archive's, or with --newest on the day after its last, as a daily
   update's do); 4. 10 articles changed, again;
   (--full-only stops before these);
5. with --check-identical, `make html FULL=1` of the same tree into another
   folder, and the two output trees compared byte for byte.

Prints wall time, CPU time (user + system, the build's processes) and
peak RSS per build, the ratios ours / vanilla and incremental / full (CPU
time ratios too: on a loaded machine they move less than wall time; with
--check-identical, to the second full build as well), and peak RSS
against the goals (issue 12: <= 1.25x vanilla; incremental <= 0.2x full
at 20,000; <= 1 GiB at 20,000, <= 3 GiB at 100,000). One run
each: the load average is printed beside the figures, since only ratios
from the same run compare.

Generated files go under --workdir (default: a new folder in /tmp, removed
afterwards unless --keep), never into the repository.
"""

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from build import MARKDOWN_PLUGINS
from corpus import VOCABULARIES, pelican_command
from scale_corpus import write_articles

ROOT = Path(__file__).resolve().parent.parent
GIB = 1024**3
FULL_RATIO_GOAL = 1.25
INCREMENTAL_RATIO_GOAL = 0.2
# (articles, bytes): the peak RSS goal for archives up to that size.
RSS_GOALS = ((20_000, 1 * GIB), (100_000, 3 * GIB))


@dataclass
class Build:
    name: str
    seconds: float
    peak_rss: int  # bytes, of the child and the children it waited for
    load: str  # /proc/loadavg's first three fields after the build
    cpu: float = 0.0  # seconds of CPU (user + system), child and its children


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def run_child(name: str, command: list[str], env: dict, log: Path) -> Build:
    """Run one build; its wall time and its own peak RSS (not this process')."""
    with open(log, "ab") as output:
        start = time.perf_counter()
        child = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{name}: exit status {child.returncode}; see {log}")
    # Linux gives ru_maxrss in KiB; for `make`, the largest of make and the
    # children it waited for (site_output, Pelican). Its floor is this
    # bench's own size when it started the child (Linux carries that across
    # exec()): tens of MiB here, against builds of hundreds.
    cpu = usage.ru_utime + usage.ru_stime
    return Build(name, seconds, usage.ru_maxrss * 1024, load_average(), cpu)


def make_html(name: str, work: Path, output: Path, *, full: bool = False) -> Build:
    command = [
        "make",
        "--no-print-directory",
        "-C",
        str(ROOT),
        "html",
        f"INPUTDIR={work / 'raw'}",
        f"OUTPUTDIR={output}",
        f"KEYDIR={work / 'no-signing-key'}",
        "PELICANOPTS=-q",
    ]
    if full:
        command.append("FULL=1")
    env = {key: value for key, value in os.environ.items() if key != "MAKEFLAGS"}
    return run_child(name, command, env, work / "build.log")


def vanilla_build(work: Path) -> Build:
    output = work / "out-vanilla"
    shutil.rmtree(output, ignore_errors=True)
    command, env = pelican_command(work / "markdown", output, plugins=MARKDOWN_PLUGINS)
    return run_child("vanilla Pelican (Markdown)", command, env, work / "build.log")


def file_stamps(tree: Path) -> dict[str, tuple[int, int]]:
    """Relative path -> (inode, mtime_ns) of every file under `tree`."""
    stamps = {}
    for folder, _, names in os.walk(tree):
        for name in names:
            stat = os.stat(os.path.join(folder, name))
            relative = os.path.relpath(os.path.join(folder, name), tree)
            stamps[relative] = (stat.st_ino, stat.st_mtime_ns)
    return stamps


def untouched(before: dict, after: dict) -> int:
    return sum(1 for path, stamp in after.items() if before.get(path) == stamp)


def compare_trees(first: Path, second: Path) -> list[str]:
    """Differences between two output trees: missing, extra, differing files."""
    left, right = file_stamps(first).keys(), file_stamps(second).keys()
    differences = [f"only in {first.name}: {path}" for path in sorted(left - right)]
    differences += [f"only in {second.name}: {path}" for path in sorted(right - left)]
    for path in sorted(left & right):
        if not filecmp.cmp(first / path, second / path, shallow=False):
            differences.append(f"differs: {path}")
    return differences


def rss_goal(articles: int) -> int | None:
    return next((goal for limit, goal in RSS_GOALS if articles <= limit), None)


def mib(size: int) -> str:
    return f"{size / 1024**2:.0f} MiB"


def run(args, work: Path) -> None:
    count = args.articles
    dated = "after the archive" if args.newest else "among the archive's"
    print(
        f"articles: {count} ({args.vocabulary} vocabulary, added ones dated "
        f"{dated}), workdir: {work}, load before: {load_average()}"
    )
    start = time.perf_counter()
    write_articles(
        work / "raw", work / "markdown", range(count), args.seed, 0, args.vocabulary
    )
    print(f"generated in {time.perf_counter() - start:.1f} s", flush=True)

    builds: dict[str, Build] = {}

    def show(key: str, build: Build) -> None:
        builds[key] = build
        print(
            f"{build.name:<38} {build.seconds:8.1f} s {build.cpu:8.1f} s CPU"
            f" {mib(build.peak_rss):>10}   load {build.load}",
            flush=True,
        )

    output = work / "out"
    if not args.skip_vanilla:
        show("vanilla", vanilla_build(work))
    # FULL=1: a full build even if a cache of earlier runs is found.
    full = make_html("ours, full build (make html FULL=1)", work, output, full=True)
    show("full", full)
    if args.full_only:
        summary(builds, count)
        return
    before = file_stamps(output)
    added = range(count, count + args.add)
    write_articles(
        work / "raw", None, added, args.seed, 0, args.vocabulary, args.newest
    )
    show("added", make_html(f"ours, +{args.add} articles (make html)", work, output))
    after = file_stamps(output)
    print(f"  output files untouched by +{args.add}: {untouched(before, after)}")
    changed = range(0, count, max(1, count // args.change))[: args.change]
    write_articles(work / "raw", None, changed, args.seed, 1, args.vocabulary)
    show(
        "changed",
        make_html(f"ours, {len(changed)} changed (make html)", work, output),
    )
    kept = untouched(after, file_stamps(output))
    print(f"  output files untouched by the change: {kept}")
    if args.check_identical:
        reference = work / "out-full"
        show(
            "reference",
            make_html("ours, same tree, make html FULL=1", work, reference, full=True),
        )
        differences = compare_trees(output, reference)
        verdict = "identical" if not differences else f"{len(differences)} differ"
        print(f"incremental output vs full build of the same tree: {verdict}")
        for line in differences[:10]:
            print(f"  {line}")

    summary(builds, count)


def summary(builds: dict[str, Build], count: int) -> None:
    full = builds["full"]
    print()
    if "vanilla" in builds:
        ratio = full.seconds / builds["vanilla"].seconds
        print(f"ours / vanilla, full build:  {ratio:.2f}x (goal <= {FULL_RATIO_GOAL}x)")
    # The same full build took 92 to 153 s here within one run: with
    # --check-identical, the ratios to the second one are printed too.
    reference = builds.get("reference")
    for key in ("added", "changed") if "added" in builds else ():
        ratio = builds[key].seconds / full.seconds
        cpu = builds[key].cpu / full.cpu if full.cpu else float("nan")
        second = ""
        if reference is not None and reference.cpu:
            wall = builds[key].seconds / reference.seconds
            second = (
                f" (of the second full build: {wall:.2f}x,"
                f" CPU {builds[key].cpu / reference.cpu:.2f}x)"
            )
        print(
            f"{builds[key].name.split(', ')[1]:<28} {ratio:.2f}x of the full build "
            f"(goal <= {INCREMENTAL_RATIO_GOAL}x); CPU time {cpu:.2f}x{second}"
        )
    peak = max(build.peak_rss for key, build in builds.items() if key != "vanilla")
    goal = rss_goal(count)
    verdict = f"goal <= {mib(goal)}" if goal else "no goal above 100,000 articles"
    print(f"peak RSS, ours:              {mib(peak)} ({verdict})")
    if "vanilla" in builds:
        print(f"peak RSS, vanilla:           {mib(builds['vanilla'].peak_rss)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, help="N, articles in the archive")
    parser.add_argument("--workdir", type=Path, help="default: a new temp folder")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument(
        "--vocabulary",
        choices=VOCABULARIES,
        default="small",
        help="the articles' words: bench/corpus.py's few a language (small) "
        "or bench/search.py's 4,000 Zipf-distributed ones (realistic)",
    )
    parser.add_argument("--add", type=int, default=100, help="articles added")
    parser.add_argument(
        "--newest",
        action="store_true",
        help="date the added articles after every other (a daily update); "
        "by default their dates fall among the archive's",
    )
    parser.add_argument("--change", type=int, default=10, help="articles changed")
    parser.add_argument(
        "--check-identical",
        action="store_true",
        help="compare the incremental output with a FULL=1 build of the same tree",
    )
    parser.add_argument("--skip-vanilla", action="store_true")
    parser.add_argument(
        "--full-only", action="store_true", help="no incremental builds"
    )
    parser.add_argument("--keep", action="store_true", help="keep the workdir")
    args = parser.parse_args()
    if args.workdir:
        if args.workdir.exists() and any(args.workdir.iterdir()):
            parser.error(f"--workdir {args.workdir} is not empty")
        args.workdir.mkdir(parents=True, exist_ok=True)
        work = args.workdir.resolve()
    else:
        work = Path(tempfile.mkdtemp(prefix="samizdat-scale-"))
    if ROOT in (work, *work.parents):
        parser.error("--workdir must be outside the repository")
    try:
        run(args, work)
    finally:
        if not (args.keep or args.workdir):
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
