"""Page weight of a built site: what a reader pays per page.

Builds content/ (default) or N generated articles (--generate N, see
bench/corpus.py) with this project's configuration and prints: the median
article page against the median size of its own text (headline, captions,
paragraphs), the largest page, the stylesheet and the whole site.

    python bench/sizes.py                  # the sample site
    python bench/sizes.py --generate 5000  # a generated corpus
"""

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from corpus import pelican_build, write_corpus

ROOT = Path(__file__).resolve().parent.parent


def article_text_bytes(html: str) -> int:
    return len(html[html.index("<h1>") : html.index("</article>")].encode("utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generate", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="samizdat-sizes-") as folder:
        work = Path(folder)
        content = ROOT / "content"
        if args.generate:
            content = work / "content"
            write_corpus(content, args.generate, seed=7)
        output = work / "output"
        pelican_build(content, output)
        report = json.loads(Path(f"{output}.report.json").read_text(encoding="utf-8"))
        pages, texts, overheads = [], [], []
        for entry in report["files"]:
            if entry["status"] != "published":
                continue
            html = (output / entry["lang"] / f"{entry['slug']}.html").read_text("utf-8")
            size = len(html.encode("utf-8"))
            pages.append(size)
            texts.append(article_text_bytes(html))
            overheads.append(size - texts[-1])
        every_page = [(p.stat().st_size, p) for p in output.rglob("*.html")]
        largest = max(every_page)
        total = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
        stylesheet = (output / "theme" / "css" / "site.css").stat().st_size
    print(
        f"corpus:                   {args.generate or 'content/'} "
        f"({len(pages)} articles, {len(every_page)} HTML pages)"
    )
    print(f"median article page:      {statistics.median(pages):,.0f} B")
    print(f"median article text:      {statistics.median(texts):,.0f} B")
    print(
        f"median page - text:       {statistics.median(overheads):,.0f} B "
        f"(max {max(overheads):,} B; budget 3,072 B)"
    )
    print(
        f"largest HTML page:        {largest[0]:,} B "
        f"({largest[1].relative_to(output)}; budget 51,200 B)"
    )
    print(f"stylesheet:               {stylesheet:,} B (budget < 4,096 B)")
    print(f"whole site:               {total:,} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
