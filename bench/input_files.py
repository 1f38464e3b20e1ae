"""Safe input discovery and reading against Pelican's os.walk and open().

The reader walks INPUTDIR without following links and reads each file through
descriptors opened one path component at a time (plugins/article_reader/
files.py). This prints its time over a generated tree against the yardstick
of what Pelican did before: os.walk(followlinks=True) and open().read().
Best of --repeat runs each.

    python bench/input_files.py --articles 5000
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
from article_reader.files import discover, read_regular_file  # noqa: E402

MAX_BYTES = 5_000_000


def plain(root: str) -> int:
    total = 0
    for folder, _, names in os.walk(root, followlinks=True):
        for name in names:
            if name.endswith(".txt"):
                with open(os.path.join(folder, name), "rb") as handle:
                    total += len(handle.read())
    return total


def safe(root: str) -> int:
    tree = discover(root, ["txt"])
    return sum(len(read_regular_file(root, path, MAX_BYTES)[0]) for path in tree.files)


def best_of(function, root: str, repeat: int) -> tuple[float, int]:
    best, size = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = function(root)
        best = min(best, time.perf_counter() - start)
    return best, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="samizdat-files-") as folder:
        root = Path(folder) / "content"
        write_corpus(root, args.articles)
        # Spread the files over folders, as scrapes are.
        for index, path in enumerate(sorted(root.glob("*.txt"))):
            sub = root / f"site{index % 20}" / f"day{index % 7}"
            sub.mkdir(parents=True, exist_ok=True)
            path.rename(sub / path.name)
        plain_time, plain_size = best_of(plain, str(root), args.repeat)
        safe_time, safe_size = best_of(safe, str(root), args.repeat)
    assert plain_size == safe_size
    print(f"files:                     {args.articles} ({plain_size:,} bytes)")
    print(f"os.walk + open (yardstick): {plain_time * 1000:.0f} ms")
    print(f"discover + read_regular:   {safe_time * 1000:.0f} ms")
    print(f"ratio safe/plain:          {safe_time / plain_time:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
