"""Build time of raw article files against the same articles as Markdown.

Generates N synthetic articles in the seed's shape (navigation lines, a
caption written twice, ~20 paragraphs, an indented publisher block) and the
same articles as plain Pelican Markdown (header + paragraphs), builds both
with this project's pelicanconf.py and theme, and prints the wall-clock
ratio raw / Markdown. Each build runs in its own process; the best of
--repeat runs counts.

    python bench/build.py --articles 5000
Goal (issue 2): at 5,000 articles the raw build takes at most 1.25x.
"""

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "the",
    "a",
    "of",
    "in",
    "to",
    "and",
    "said",
    "officials",
    "residents",
    "province",
    "party",
    "market",
    "police",
    "river",
    "village",
    "government",
    "reporters",
    "according",
    "source",
    "week",
    "month",
    "authorities",
    "families",
    "workers",
    "local",
    "national",
    "border",
    "trade",
    "prices",
    "water",
    "election",
    "court",
    "arrested",
    "released",
    "statement",
    "spokesperson",
    "minister",
    "rights",
    "group",
    "report",
    "news",
]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def article(rng: random.Random, number: int) -> tuple[str, str, list[str], str]:
    title = f"Article {number}: " + " ".join(rng.choice(WORDS) for _ in range(8))
    caption = "FILE - " + sentence(rng, 18)[:-1] + ","
    paragraphs = [
        " ".join(sentence(rng, rng.randint(12, 30)) for _ in range(rng.randint(1, 3)))
        for _ in range(20)
    ]
    return (
        title,
        caption,
        paragraphs,
        f"2026-{1 + number % 12:02d}-{1 + number % 28:02d}",
    )


def write_corpus(folder: Path, count: int) -> None:
    raw, markdown = folder / "raw", folder / "markdown"
    for path in (raw, markdown):
        path.mkdir(parents=True)
    rng = random.Random(20261129)
    for number in range(count):
        title, caption, paragraphs, date = article(rng, number)
        seed_shape = "\n\n".join(
            [
                "Accessibility links",
                "Breaking News",
                title,
                f"{caption}\n{caption}",
                *paragraphs,
                "  \u2022 16x9 Image",
                "    Bench Radio",
                "    Bench Radio is an invented broadcaster used to time builds.",
            ]
        )
        name = f"{number:05d}_{rng.getrandbits(64):016x}"
        (raw / f"{name}.txt").write_text(seed_shape + "\n", encoding="utf-8")
        header = f"Title: {title}\nDate: {date}\nLang: en\nSource: Bench Radio\n\n"
        body = "\n\n".join([caption, *paragraphs])
        (markdown / f"{name}.md").write_text(header + body + "\n", encoding="utf-8")


def timed_build(content: Path, output: Path) -> float:
    shutil.rmtree(output, ignore_errors=True)
    command = [
        str(ROOT / ".venv" / "bin" / "pelican"),
        str(content),
        "-o",
        str(output),
        "-s",
        str(ROOT / "pelicanconf.py"),
        "-q",
    ]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="samizdat-bench-") as folder:
        work = Path(folder)
        write_corpus(work, args.articles)
        best = {"raw": float("inf"), "markdown": float("inf")}
        for _ in range(args.repeat):
            for kind in ("markdown", "raw"):
                seconds = timed_build(work / kind, work / f"out-{kind}")
                best[kind] = min(best[kind], seconds)
        pages = len(list((work / "out-raw").rglob("*.html")))
    ratio = best["raw"] / best["markdown"]
    print(f"articles:            {args.articles}")
    print(f"html pages (raw):    {pages}")
    print(f"markdown build:      {best['markdown']:.2f} s (yardstick)")
    print(f"raw-file build:      {best['raw']:.2f} s")
    print(f"ratio raw/markdown:  {ratio:.2f}x (goal <= 1.25x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
