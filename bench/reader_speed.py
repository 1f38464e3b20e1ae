"""The reader's analysis alone: CPU time of analyse_tree, this tree against a git ref.

    python bench/reader_speed.py FOLDER [--files 3000] [--against main]
        [--rounds 2]

Runs article_reader's analyse_tree on the first --files files of FOLDER
(sorted; e.g. bench/scale.py's raw folder kept with --keep, or an unpacked
real corpus) in child processes: this tree's plugins and those of
--against (`git archive` of that ref into a temporary folder), one after
the other, --rounds times each. Prints each one's least CPU time (the
child's own, around analyse_tree alone: loading py3langid's model is in
it, once), the ratio this tree / the ref, and whether the records are the
same (a digest of every record's repr: lines kept and removed with their
reasons, titles, languages, dates). One figure per run; the load average
is printed beside it, since only figures of the same run compare.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(plugins: str, folder: str, files: int) -> None:
    """In the child: analyse, print {"cpu": s, "digest": hex, "records": n}."""
    sys.path.insert(0, plugins)
    from article_reader.analysis import analyse_tree
    from article_reader.settings import ReaderOptions

    names = sorted(
        os.path.relpath(os.path.join(where, name), folder)
        for where, _, found in os.walk(folder)
        for name in found
    )[:files]
    start = time.process_time()
    records = analyse_tree(folder, names, ReaderOptions())
    cpu = time.process_time() - start
    digest = hashlib.sha256()
    for path in sorted(records):
        digest.update(repr(records[path]).encode("utf-8", "surrogatepass"))
    result = {"cpu": cpu, "digest": digest.hexdigest(), "records": len(records)}
    print(json.dumps(result))


def measure(plugins: Path, folder: Path, files: int) -> dict:
    command = [sys.executable, __file__, "--child", str(plugins), str(folder)]
    output = subprocess.run(
        [*command, "--files", str(files)], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.splitlines()[-1])


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--against", default="main", help="git ref (default main)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, str(args.folder), args.files)
        return 0
    with tempfile.TemporaryDirectory(prefix="reader-speed-") as scratch:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.against, "plugins"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", scratch], input=archive, check=True)
        trees = {"this tree": ROOT / "plugins", args.against: Path(scratch, "plugins")}
        best: dict[str, dict] = {}
        print(f"{args.files} files of {args.folder}, load before: {load_average()}")
        for _ in range(args.rounds):
            for name, plugins in trees.items():
                result = measure(plugins, args.folder.resolve(), args.files)
                cpu = result["cpu"]
                print(f"  {name:<12} {cpu:7.2f} s CPU   load {load_average()}")
                if name not in best or result["cpu"] < best[name]["cpu"]:
                    best[name] = result
    ours, theirs = best["this tree"], best[args.against]
    same = ours["digest"] == theirs["digest"]
    print(
        f"this tree / {args.against}: {ours['cpu'] / theirs['cpu']:.2f}x CPU "
        f"({ours['cpu']:.2f} s / {theirs['cpu']:.2f} s, least of {args.rounds}); "
        f"records {'identical' if same else 'DIFFER'} ({ours['records']} records)"
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
