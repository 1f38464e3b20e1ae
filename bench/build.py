"""Build time of raw article files against the same articles as Markdown.

Generates N synthetic articles in the seed's shape (bench/corpus.py:
navigation lines, a caption written twice, paragraphs, an indented publisher
block, in five languages) and the same articles as plain Pelican Markdown
(header + paragraphs), builds both
with this project's pelicanconf.py and theme, and prints the wall-clock
ratio raw / Markdown. Each build runs in its own process; the best of
--repeat runs counts.

    python bench/build.py --articles 5000
Goal (issue 2): at 5,000 articles the raw build takes at most 1.25x.
"""

import argparse
import runpy
import shutil
import sys
import tempfile
from pathlib import Path

from corpus import pelican_build, write_corpus

ROOT = Path(__file__).resolve().parent.parent


def timed_build(content: Path, output: Path, plugins=None) -> float:
    shutil.rmtree(output, ignore_errors=True)
    return pelican_build(content, output, plugins=plugins)


# The article reader switches Pelican's Markdown reader off for INPUTDIR
# (hostile input), so the yardstick is built without it: Pelican's own
# Markdown reader, the same site plugins, and bench/markdown_yardstick for
# the contract keys the site plugins read.
MARKDOWN_PLUGINS = [
    plugin
    for plugin in runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    if plugin != "article_reader"
] + ["markdown_yardstick"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="samizdat-bench-") as folder:
        work = Path(folder)
        write_corpus(work / "raw", args.articles, markdown_folder=work / "markdown")
        best = {"raw": float("inf"), "markdown": float("inf")}
        for _ in range(args.repeat):
            for kind in ("markdown", "raw"):
                plugins = MARKDOWN_PLUGINS if kind == "markdown" else None
                seconds = timed_build(work / kind, work / f"out-{kind}", plugins)
                best[kind] = min(best[kind], seconds)
        pages = len(list((work / "out-raw").rglob("*.html")))
        markdown_pages = len(list((work / "out-markdown").rglob("*.html")))
    ratio = best["raw"] / best["markdown"]
    print(f"articles:            {args.articles}")
    print(f"html pages (raw):    {pages}")
    print(f"html pages (md):     {markdown_pages}")
    print(f"markdown build:      {best['markdown']:.2f} s (yardstick)")
    print(f"raw-file build:      {best['raw']:.2f} s")
    print(f"ratio raw/markdown:  {ratio:.2f}x (goal <= 1.25x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
