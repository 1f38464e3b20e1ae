"""An archive built as one site against the same archive split per language.

Generates N articles (bench/corpus.py: five languages), builds them as one
site (the yardstick), then sorts the same files into one folder per
language (by the language the one-site build gave each file, as a newsroom's
folders would) and builds each folder as a part of a split archive, side by
side, each naming the others in SITE_PAGES_PARTS. Prints, for the one site
and for each part: wall time, peak RSS (the largest process of the build,
from wait4), HTML pages, bytes of search/; and the median gzipped bytes a
known-item query loads (every file under search/ and theme/js/ the browser
requests, gzipped as a server would send them; Chromium over file://). The
queries are the number that starts a target article's title and one of its
words, as typed into the search page of the one site, and of the target's
part.

    python bench/split.py --articles 20000 --queries 20
"""

import argparse
import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from corpus import ROOT, pelican_command, write_corpus

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run"]


def build(content: Path, output: Path, **settings) -> tuple[float, int]:
    """(seconds, peak RSS in bytes) of one build in its own process."""
    command, env = pelican_command(content, output, overrides=settings)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build of {content} failed: {status}")
    return seconds, usage.ru_maxrss * 1024


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def split_by_language(content: Path, report: Path, parts: Path) -> dict[str, Path]:
    """Copies each input file into parts/<lang>-content/, keeping its time."""
    folders = {}
    for entry in json.loads(report.read_text(encoding="utf-8"))["files"]:
        if entry["status"] != "published":
            continue
        folder = folders.setdefault(entry["lang"], parts / f"{entry['lang']}-content")
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(content / entry["path"], folder / entry["path"])
    return folders


def queries(report: Path, count: int) -> list[dict]:
    published = [
        e
        for e in json.loads(report.read_text(encoding="utf-8"))["files"]
        if e["status"] == "published"
    ]
    rng = random.Random(7)
    chosen = []
    for entry in rng.sample(published, count):
        number, *words = entry["title"].split()
        chosen.append(
            {
                "q": f"{number} {rng.choice(words)}",
                "lang": entry["lang"],
                "href": f"{entry['lang']}/{entry['slug']}.html",
            }
        )
    return chosen


def query_bytes(page, site: Path, query: str) -> tuple[int, list[str]]:
    """Gzipped bytes of the search files one query loads, and the result links."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    address = f"{site.as_uri()}/search.html?{urllib.parse.urlencode({'q': query})}"
    page.goto(address)
    page.wait_for_function(
        "document.getElementById('search-status').textContent !== ''", timeout=120000
    )
    links = page.locator("#search-results ol > li > a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    total = 0
    prefix = site.as_uri() + "/"
    for url in set(requested):
        path = urllib.parse.unquote(url.split("?")[0])
        if not path.startswith(prefix):
            continue
        relative = path[len(prefix) :]
        if relative.startswith(("search/", "theme/js/")):
            total += len(gzip.compress((site / relative).read_bytes(), 6))
    return total, hrefs


def measure_queries(sites: dict[str, Path], chosen: list[dict]) -> dict:
    from playwright.sync_api import sync_playwright

    found = {name: [] for name in ("one", "part")}
    hits = {name: 0 for name in found}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        for query in chosen:
            for name, site in (("one", sites["one"]), ("part", sites[query["lang"]])):
                context = browser.new_context()
                page = context.new_page()
                size, hrefs = query_bytes(page, site, query["q"])
                context.close()
                found[name].append(size)
                target = f"{site.as_uri()}/{query['href']}"
                hits[name] += target in hrefs[:10]
        browser.close()
    return {
        name: (statistics.median(sizes), hits[name]) for name, sizes in found.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=20)
    args = parser.parse_args()
    rows = []
    load = Path("/proc/loadavg").read_text().strip()
    with tempfile.TemporaryDirectory(prefix="samizdat-split-") as folder:
        work = Path(folder)
        write_corpus(work / "content", args.articles, seed=21)
        sites = {"one": work / "one"}
        seconds, rss = build(work / "content", sites["one"])
        rows.append(("one site", seconds, rss, sites["one"]))
        report = Path(f"{sites['one']}.report.json")
        folders = split_by_language(work / "content", report, work / "parts")
        for lang, content in sorted(folders.items()):
            others = [
                (other, f"../{other}", [other])
                for other in sorted(folders)
                if other != lang
            ]
            sites[lang] = work / "parts" / lang
            seconds, rss = build(content, sites[lang], SITE_PAGES_PARTS=others)
            rows.append((f"part {lang}", seconds, rss, sites[lang]))
        measured = measure_queries(sites, queries(report, args.queries))
        after = Path("/proc/loadavg").read_text().strip()
        print(f"articles: {args.articles}; load average before: {load}, after: {after}")
        print(f"{'build':<14} {'wall s':>8} {'peak MiB':>9} {'pages':>8}", end="")
        print(f" {'search MB':>10}")
        for name, seconds, rss, site in rows:
            pages = sum(1 for _ in site.rglob("*.html"))
            print(
                f"{name:<14} {seconds:>8.1f} {rss / 2**20:>9.0f} {pages:>8,} "
                f"{folder_bytes(site / 'search') / 1e6:>10.1f}"
            )
    parts = rows[1:]
    one_seconds, one_rss = rows[0][1], rows[0][2]
    print()
    print(
        f"parts one after another: {sum(r[1] for r in parts):.1f} s "
        f"({sum(r[1] for r in parts) / one_seconds:.2f}x the one site)"
    )
    print(
        f"largest part:            {max(r[1] for r in parts):.1f} s "
        f"({max(r[1] for r in parts) / one_seconds:.2f}x), peak "
        f"{max(r[2] for r in parts) / 2**20:.0f} MiB "
        f"({max(r[2] for r in parts) / one_rss:.2f}x)"
    )
    for name in ("one", "part"):
        median, hits = measured[name]
        label = "one site" if name == "one" else "the target's part"
        print(
            f"query on {label:<18} median {median / 1000:.1f} KB gzipped, "
            f"target in top 10: {hits}/{args.queries}"
        )
    print(
        f"query bytes, part / one site: {measured['part'][0] / measured['one'][0]:.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
