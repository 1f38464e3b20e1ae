"""Incremental `make html` against a full build of the same tree.

Generates N articles (bench/corpus.py), builds them with `make html FULL=1`
(the yardstick: no cache read, output from nothing), then adds 100 articles
and runs `make html`, then changes 10 articles and runs `make html` again,
and prints each rebuild's wall time as a ratio of the full build's. With
--check, a last `make html FULL=1` of the final tree into another folder
must give the same bytes as the incremental output.

    python bench/incremental.py --articles 20000 [--check]

SOURCE_DATE_EPOCH is fixed, as for a copy that is signed: without it the
copy's date is the newest article's, shown in every page's footer, so new
articles newer than all others change every page.
Goal (issue 12): each rebuild at most 0.2x the full build at 20,000.
"""

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1798675200"  # 2027-01-01


def make_html(content: Path, output: Path, *, full: bool = False) -> float:
    command = ["make", "-s", "html", f"INPUTDIR={content}", f"OUTPUTDIR={output}"]
    if full:
        command.append("FULL=1")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def change_articles(content: Path, count: int) -> None:
    """Append a sentence to the last paragraph of ``count`` articles."""
    for path in sorted(content.glob("*.txt"))[:: max(1, 1000 // count)][:count]:
        text = path.read_text(encoding="utf-8")
        body, _, block = text.partition("\n\n  \u2022 16x9 Image")
        path.write_text(
            body + " A correction was added later.\n\n  \u2022 16x9 Image" + block,
            encoding="utf-8",
        )


def same_tree(first: Path, second: Path) -> bool:
    def files(root: Path) -> list[str]:
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())

    names = files(first)
    if names != files(second):
        return False
    _, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    return not mismatch and not errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--work", help="folder to work in (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="samizdat-incr-", dir=args.work) as folder:
        work = Path(folder)
        content, output = work / "articles", work / "site"
        write_corpus(content, args.articles)
        print(f"articles: {args.articles}; load average before: {os.getloadavg()}")
        full = make_html(content, output, full=True)
        print(f"full build (FULL=1):     {full:7.1f} s (yardstick)")
        write_corpus(content / "new", 100, seed=2)
        added = make_html(content, output)
        print(f"+100 articles, make html: {added:7.1f} s  ratio {added / full:.3f}x")
        change_articles(content, 10)
        changed = make_html(content, output)
        ratio = changed / full
        print(f"10 changed, make html:    {changed:7.1f} s  ratio {ratio:.3f}x")
        print(f"load average after: {os.getloadavg()}")
        if args.check:
            make_html(content, work / "check", full=True)
            same = same_tree(output, work / "check")
            print(f"incremental output == full build of the same tree: {same}")
            if not same:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
