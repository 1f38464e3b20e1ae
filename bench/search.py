"""Samizdat search against Pagefind (pagefind-bin from PyPI) on the same site.

Generates N articles in five languages (en, vi, ko, zh-Hans, ug) from
Zipf-distributed pseudo-vocabularies, so that headlines are distinctive the
way real ones are; builds the site; indexes the same output with Pagefind
(article bodies only, marked data-pagefind-body); then runs known-item
queries (two rare words of a target article's headline, as a reader who
remembers it would type) in headless Chromium over http against both, each
query in a fresh browser context, and prints for each engine:

- MRR@10 (1/rank of the target within the first ten results, else 0);
- median gzipped bytes of every file the browser loads for one query and its
  first page of results (the HTML page itself excepted for both);
- indexing time: Pagefind's run, and for Samizdat the build with search
  minus the build without it;
- search files: the bytes of every file under search/ and pagefind/, and
  how many there are.

    .venv/bin/python bench/search.py --articles 20000 --queries 60

With --reuse WORK, the site bench/search_memory.py built of the same N in
WORK is queried instead of building it again (at 100,000 articles a build
takes most of an hour): one build measures both memory and bytes.
Goals (issue 12): bytes <= 0.10x Pagefind's, MRR@10 >= Pagefind's, growing
sub-linearly (<= 1.5x from 5,000 to 100,000 articles); indexing no slower
than Pagefind's (issue 4).
"""

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from corpus import pelican_build
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
LANGUAGES = ["en", "vi", "ko", "zh-Hans", "ug"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


ONSETS = [
    "b",
    "c",
    "d",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "tr",
    "ch",
    "th",
    "ng",
]
VOWELS = {
    "en": ["a", "e", "i", "o", "u", "ai", "ou", "ea"],
    "vi": ["à", "á", "ả", "ạ", "ê", "ế", "ô", "ơ", "ư", "ă", "ộ", "ữ"],
}
ARABIC_LETTERS = [chr(c) for c in range(0x0628, 0x064A)] + ["ۇ", "ۆ", "ې", "ى", "ە"]


def pseudo_word(lang: str, rng: random.Random) -> str:
    if lang in VOWELS:
        return "".join(
            rng.choice(ONSETS) + rng.choice(VOWELS[lang])
            for _ in range(rng.randint(1, 3))
        )
    if lang == "ko":
        return "".join(
            chr(0xAC00 + rng.randrange(0, 11172, 28)) for _ in range(rng.randint(2, 3))
        )
    if lang == "zh-Hans":
        return "".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(2))
    return "".join(rng.choice(ARABIC_LETTERS) for _ in range(rng.randint(3, 7)))


def vocabulary(lang: str, rng: random.Random, size: int = 4000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add(pseudo_word(lang, rng))
    return sorted(words)


def write_articles(folder: Path, count: int, seed: int = 5) -> dict[str, dict]:
    """Article files; returns {file name: {lang, title words}} for queries."""
    rng = random.Random(seed)
    vocab = {lang: vocabulary(lang, rng) for lang in LANGUAGES}
    weights = [1 / (rank + 1) ** 1.05 for rank in range(4000)]
    joiner = {"zh-Hans": ""}
    stop = {"zh-Hans": "。"}
    particles = ["이", "가", "은", "는", "을", "를"]
    facts = {}
    folder.mkdir(parents=True)
    for number in range(count):
        lang = LANGUAGES[number % len(LANGUAGES)]

        def words(n, lang=lang):
            return rng.choices(vocab[lang], weights, k=n)

        def sentence(n, lang=lang):
            found = words(n)
            if lang == "ko":
                found = [
                    w + rng.choice(particles) if rng.random() < 0.4 else w
                    for w in found
                ]
            return joiner.get(lang, " ").join(found) + stop.get(lang, ".")

        title = words(rng.randint(6, 9))
        paragraphs = [
            " ".join(sentence(rng.randint(12, 28)) for _ in range(2))
            for _ in range(rng.randint(8, 16))
        ]
        name = f"{number:05d}_{rng.getrandbits(64):016x}.txt"
        date = f"2026-{1 + number % 12:02d}-{1 + number % 28:02d}"
        headline = joiner.get(lang, " ").join(title)
        text = f"Title: {headline}\nDate: {date}\nLang: {lang}\n\n" + "\n\n".join(
            paragraphs
        )
        (folder / name).write_text(text + "\n", encoding="utf-8")
        facts[name] = {"lang": lang, "title": title}
    return facts


def mark_article_bodies(output: Path, languages=LANGUAGES) -> None:
    """Pagefind indexes only what is marked: the article itself; one query
    page per language (Pagefind loads the index of the page's language)."""
    for page in output.glob("*/*.html"):
        html = page.read_text(encoding="utf-8")
        if "<article>" in html:
            page.write_text(
                html.replace("<article>", "<article data-pagefind-body>"),
                encoding="utf-8",
            )
    for lang in languages:
        (output / f"pagefind-bench-{lang}.html").write_text(
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            '<title>bench</title></head><body><script type="module">'
            'import * as pagefind from "./pagefind/pagefind.js";'
            "await pagefind.options({});window.pagefind = pagefind;window.ready = true;"
            "</script></body></html>",
            encoding="utf-8",
        )


def same_articles(written: Path, kept: Path) -> None:
    """Refuse a kept corpus that is not the one `write_articles` writes now:
    the queries are made from the articles written, the answers from the
    kept site."""
    names = sorted(p.name for p in written.iterdir())
    if names != sorted(p.name for p in kept.iterdir()):
        raise SystemExit(f"{kept}: not the articles this script writes")
    for name in names:
        if (written / name).read_bytes() != (kept / name).read_bytes():
            raise SystemExit(f"{kept / name}: not the article this script writes")


def queries_for(facts: dict, report: dict, count: int, seed: int = 9) -> list[tuple]:
    """(lang, query, target href): two rarest headline words of random targets."""
    frequency: dict[str, int] = {}
    for fact in facts.values():
        for word in set(fact["title"]):
            frequency[word] = frequency.get(word, 0) + 1
    slugs = {e["path"]: f"{e['lang']}/{e['slug']}.html" for e in report["files"]}
    rng = random.Random(seed)
    chosen = []
    for name in rng.sample(sorted(facts), count):
        fact = facts[name]
        rare = sorted(set(fact["title"]), key=lambda w: (frequency[w], w))[:2]
        joiner = "" if fact["lang"] == "zh-Hans" else " "
        chosen.append((fact["lang"], joiner.join(rare), slugs[name]))
    return chosen


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measured(browser, url: str, action) -> tuple[list[str], dict[str, int]]:
    """Run one query in a fresh context: (result paths, {url: gzipped bytes}
    of every file loaded but the page itself)."""
    context = browser.new_context()
    # Generous: on a loaded machine a page can take more than the default
    # 30 s; what is counted does not depend on it.
    context.set_default_timeout(180_000)
    context.set_default_navigation_timeout(180_000)
    page = context.new_page()
    bodies = {}

    def on_response(response):
        if response.url != url and response.ok:
            with contextlib.suppress(PlaywrightError):  # a response without a body
                bodies[response.url] = len(gzip.compress(response.body(), 6))

    page.on("response", on_response)
    page.goto(url)
    paths = action(page)
    page.wait_for_load_state("networkidle")
    context.close()
    return paths, bodies


def kind(url: str) -> str:
    """What a loaded file of ours is, for the breakdown."""
    path = urllib.parse.urlparse(url).path
    if "/search/" not in path:
        return path.rsplit("/", 1)[-1]
    name = path.split("/search/", 1)[1]
    if name.startswith("t/a"):
        return "aliases"
    if name.startswith(("t/", "r/")):
        file = name[2:-3]
        return (
            ("recent " if name.startswith("r/") else "")
            + ("pair " if file.startswith("q") else "term ")
            + ("chunk" if "-" in file else "head")
        )
    return name.split("/")[0] if "/" in name else name


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under `folder`."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


STATUS_SHOWN = "document.getElementById('search-status').textContent !== ''"
PAGEFIND_TOP = """async q => {
  const found = await pagefind.search(q);
  const top = await Promise.all(found.results.slice(0, 10).map(r => r.data()));
  return top.map(d => d.url);
}"""


def samizdat_results(page) -> list[str]:
    page.wait_for_function(STATUS_SHOWN)
    links = page.locator("#search-results ol > li > a").all()
    return [link.get_attribute("href") for link in links]


def pagefind_results(query: str):
    def run(page) -> list[str]:
        page.wait_for_function("window.ready === true")
        return page.evaluate(PAGEFIND_TOP, query)

    return run


def reciprocal_rank(paths: list[str], target: str) -> float:
    for rank, path in enumerate(paths[:10], start=1):
        if path.endswith(target):
            return 1 / rank
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument(
        "--reuse",
        type=Path,
        metavar="WORK",
        help="query the site bench/search_memory.py built of the same N in WORK "
        "(WORK/site-N, its report and WORK/content-N) instead of building it "
        "again; the indexing time is then not measured, and WORK/site-N gets "
        "Pagefind's files",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="samizdat-search-") as folder:
        work = Path(folder)
        facts = write_articles(work / "content", args.articles)
        if args.reuse:
            site = args.reuse / f"site-{args.articles}"
            same_articles(work / "content", args.reuse / f"content-{args.articles}")
            without = with_search = None
        else:
            site = work / "site"
            plugins = [
                p for p in __import__("pelicanconf").PLUGINS if p != "site_search"
            ]
            without = pelican_build(work / "content", work / "plain", plugins=plugins)
            with_search = pelican_build(work / "content", site)
        report_file = site.with_name(f"{site.name}.report.json")
        report = json.loads(report_file.read_text(encoding="utf-8"))
        queries = queries_for(facts, report, args.queries)
        mark_article_bodies(site)
        start = time.perf_counter()
        subprocess.run(
            [PYTHON, "-m", "pagefind_bin", "--site", str(site), "-q"],
            check=True,
        )
        pagefind_seconds = time.perf_counter() - start
        server = serve(site)
        base = f"http://127.0.0.1:{server.server_port}/"
        results = {"samizdat": ([], []), "pagefind": ([], [])}
        kinds: dict[str, list[int]] = {}
        ours_files = folder_size(site / "search")
        theirs_files = folder_size(site / "pagefind")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            for lang, query, target in queries:
                url = f"{base}search.html?q={urllib.parse.quote(query)}"
                paths, sizes = measured(browser, url, samizdat_results)
                results["samizdat"][0].append(reciprocal_rank(paths, target))
                results["samizdat"][1].append(sum(sizes.values()))
                for loaded, size in sizes.items():
                    kinds.setdefault(kind(loaded), []).append(size)
                url = f"{base}pagefind-bench-{lang}.html"
                paths, sizes = measured(browser, url, pagefind_results(query))
                results["pagefind"][0].append(reciprocal_rank(paths, target))
                results["pagefind"][1].append(sum(sizes.values()))
            browser.close()
        server.shutdown()
    ours, theirs = results["samizdat"], results["pagefind"]
    ours_bytes, theirs_bytes = statistics.median(ours[1]), statistics.median(theirs[1])
    print(f"articles: {args.articles}; known-item queries: {len(queries)}")
    print(f"{'':22}{'Samizdat':>12}{'Pagefind':>12}")
    print(
        f"{'MRR@10':22}{statistics.mean(ours[0]):>12.3f}{statistics.mean(theirs[0]):>12.3f}"
    )
    print(f"{'median gz bytes/query':22}{ours_bytes:>12,.0f}{theirs_bytes:>12,.0f}")
    if with_search is not None:
        indexing = with_search - without
        print(f"{'indexing seconds':22}{indexing:>12.1f}{pagefind_seconds:>12.1f}")
    print(
        f"{'search files, bytes':22}{ours_files[0]:>12,}{theirs_files[0]:>12,}\n"
        f"{'search files, count':22}{ours_files[1]:>12,}{theirs_files[1]:>12,}"
    )
    print("our gz bytes per query by file kind (files a query, median bytes each):")
    for name, sizes in sorted(kinds.items()):
        per_query = len(sizes) / len(queries)
        print(f"  {name:20}{per_query:>8.2f}{statistics.median(sizes):>10,.0f}")
    ratio = ours_bytes / theirs_bytes
    print(f"bytes ratio Samizdat/Pagefind: {ratio:.3f}x (goal <= 0.10x)")
    files_ratio = ours_files[0] / theirs_files[0]
    print(f"search files ratio Samizdat/Pagefind: {files_ratio:.2f}x")
    if with_search is None:
        print(f"indexing not measured (--reuse); Pagefind {pagefind_seconds:.1f} s")
        return 0
    speed = indexing / pagefind_seconds
    print(f"indexing time ratio Samizdat/Pagefind: {speed:.2f}x (goal <= 1x)")
    print(f"full build with search: {with_search:.1f} s; without: {without:.1f} s")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
