"""Which search lines 100 new articles change: the update pack's view.

Exports the search files (plugins/site_search, no Pelican) of N generated
documents, then of the same N plus M newer ones, and diffs each file line
by line as an update pack does (samizdat_bundle/delta.py), printing per
kind of file how many exist, how many changed, and the JSON length of
their deltas (uncompressed; a pack deflates them).

    python bench/search_lines.py --articles 5000 --added 100

The documents are bench/corpus.py's articles (title, caption and
paragraphs as the body, one source), numbered oldest first as the site
numbers them; a run takes a few minutes at 5,000.
"""

import argparse
import json
import random
import sys
import tempfile
import zlib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from corpus import VOCABULARY, article_text  # noqa: E402
from samizdat_bundle.delta import make_delta  # noqa: E402
from site_search.export import SEGMENT_SIZE  # noqa: E402
from site_search.index import Document, build_index, pack  # noqa: E402
from site_search.writer import write_files  # noqa: E402


def documents(count: int, seed: int) -> list[Document]:
    rng = random.Random(seed)
    languages = sorted(VOCABULARY)
    found = []
    for number in range(count):
        lang = languages[number % len(languages)]
        title, caption, paragraphs = article_text(rng, number, lang, (8, 20))
        body = " ".join([caption, *paragraphs])
        found.append(Document(title, body, "Bench Radio", lang))
    return found


def export(found: list[Document], folder: Path) -> None:
    metas = [
        {
            "t": d.title,
            "u": f"a/{n}.html",
            "i": "2026-01-01",
            "s": d.source,
            "l": d.lang,
            "r": "ltr",
            "x": d.body,
        }
        for n, d in enumerate(found)
    ]
    # Names stand for the postings cache's (used only with a BucketCache).
    names = [str(number) for number in range(len(found))]
    write_files(
        (str(folder), pack(build_index(found)), metas, SEGMENT_SIZE, names, None)
    )


def kind_of(name: str) -> str:
    if name.startswith("t/a"):
        return "aliases"
    if name.startswith(("t/", "r/")):
        base = name[2:-3]
        return (
            ("recent " if name.startswith("r/") else "")
            + ("pair " if base.startswith("q") else "term ")
            + ("chunk" if "-" in base else "head")
        )
    return name.split("/")[0] if "/" in name else name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--added", type=int, default=100)
    args = parser.parse_args()
    old = documents(args.articles, seed=11)
    files, changed, delta_bytes, total = Counter(), Counter(), Counter(), Counter()
    with tempfile.TemporaryDirectory(prefix="samizdat-lines-") as folder:
        work = Path(folder)
        export(old, work / "old")
        export(old + documents(args.added, seed=12), work / "new")
        for path in sorted((work / "new").rglob("*.js")):
            name = path.relative_to(work / "new").as_posix()
            kind, data = kind_of(name), path.read_bytes()
            files[kind] += 1
            total[kind] += len(data)
            before = work / "old" / name
            old_data = before.read_bytes() if before.exists() else None
            if old_data == data:
                continue
            changed[kind] += 1
            if old_data is None:  # a new file goes whole, compressed
                delta_bytes[kind] += len(zlib.compress(data))
            else:
                delta = make_delta(old_data, data)
                delta_bytes[kind] += len(json.dumps(delta, ensure_ascii=False))
    print(f"documents: {args.articles} + {args.added}")
    print(f"{'kind':<12}{'files':>8}{'MB':>8}{'changed':>9}{'delta KB':>10}")
    for kind in sorted(files):
        print(
            f"{kind:<12}{files[kind]:>8}{total[kind] / 1e6:>8.2f}"
            f"{changed[kind]:>9}{delta_bytes[kind] / 1e3:>10.1f}"
        )
    print(f"all deltas: {sum(delta_bytes.values()) / 1e3:.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
