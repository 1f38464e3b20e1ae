"""Search on real documents in many languages: Samizdat against Pagefind.

    .venv/bin/python bench/search_langs.py ../shared/corpora/real/langs.tar.xz
        [--half test|tune|all] [--limit N]

The corpus (an archive or its unpacked folder: `.txt` files, title line,
blank line, paragraphs, and `<folder>.truth.json` giving each file's `lang`)
is copied into a temporary site with each file's language as a header, so
that this measures search, not language identification. Both engines index
the same built site (Pagefind: article bodies, as in bench/search.py).

Known-item queries, two per document, made deterministically from the
document itself (see queries()):
- a remembered phrase: 2-4 consecutive words of one paragraph (for Chinese,
  Burmese, Lao and Khmer, written without spaces, 2-4 "words" of two
  characters each; a character is a letter with its combining marks);
  Tibetan syllables joined by the tsheg;
- its two rarest words (fewest documents of the corpus hold them; for
  those scripts, two-character sequences; outside English and Vietnamese,
  words of the document's own script), space-separated.
Documents are split in two halves by the parity of the first byte of the
SHA-1 of their file name: "tune" (even) for development, "test" (odd) for
the figures reported. Prints per language MRR@10 and median gzipped bytes
per query (every file loaded, the page itself excepted) for both engines.
Goals (issue 10): MRR@10 >= Pagefind's in every language, >= 0.90 overall;
bytes per query <= 0.1x Pagefind's.
"""

import argparse
import collections
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import unicodedata
import urllib.parse
from pathlib import Path

from corpus import pelican_build
from playwright.sync_api import sync_playwright
from search import (
    CHROMIUM_ARGS,
    PYTHON,
    folder_size,
    kind,
    mark_article_bodies,
    measured,
    pagefind_results,
    reciprocal_rank,
    samizdat_results,
    serve,
)

# Written without spaces between words (Khmer marks some boundaries with
# U+200B, not all).
CHARACTER_LANGUAGES = {"zh-Hans", "zh-Hant", "my", "lo", "km"}
LATIN_LANGUAGES = {"en", "vi"}
# Tibetan separates syllables with the tsheg and ends clauses with the shad.
SEPARATORS = {"bo": "\u0f0b\u0f0d\u0f0e"}
JOINERS = {"bo": "\u0f0b", **dict.fromkeys(CHARACTER_LANGUAGES, "")}


def unpacked(corpus: Path, scratch: Path) -> Path:
    """The folder of .txt files (unpacking an archive into `scratch`)."""
    if corpus.is_dir():
        return corpus
    with tarfile.open(corpus) as archive:
        archive.extractall(scratch, filter="data")
    truth = next(scratch.rglob("*.truth.json"))  # beside its folder
    return truth.parent / truth.name.removesuffix(".truth.json")


def characters(text: str) -> list[str]:
    """Letters with their combining marks; anything else, Latin letters
    too, ends a run (returned as "")."""
    found: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category[0] == "M" and found and found[-1]:
            found[-1] += char
        elif category[0] == "L" and ord(char) > 0x24F:
            found.append(char)
        elif found and found[-1]:
            found.append("")
    return found


def units(text: str, lang: str) -> list[list[str]]:
    """Runs of consecutive words of `text` (a paragraph): words are letters
    (and marks) between spaces and punctuation; for CHARACTER_LANGUAGES, two
    characters each."""
    if lang in CHARACTER_LANGUAGES:
        runs, run = [], []
        for char in [*characters(text), ""]:
            if char:
                run.append(char)
                continue
            runs.append(["".join(run[i : i + 2]) for i in range(0, len(run) - 1, 2)])
            run = []
        return [r for r in runs if r]
    for separator in SEPARATORS.get(lang, ""):
        text = text.replace(separator, " ")
    runs, run = [], []
    for word in text.split():
        letters = "".join(c for c in word if unicodedata.category(c)[0] in "LM")
        if letters and len(letters) >= len(word) - 2:
            run.append(letters)
        else:
            if run:
                runs.append(run)
            run = [letters] if letters else []
    return [r for r in [*runs, run] if r]


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha1(text.encode()).digest()[:4], "big")


def queries(folder: Path, truth: dict) -> list[dict]:
    """Two known-item queries per document (see the module docstring):
    {name, lang, kind ("phrase" or "rare"), query, half}."""
    words_of = {}
    for name in sorted(truth):
        paragraphs = (folder / name).read_text(encoding="utf-8").split("\n\n")[1:]
        words_of[name] = [units(p, truth[name]["lang"]) for p in paragraphs]
    frequency = collections.Counter(
        word
        for runs in words_of.values()
        for word in {w for paragraph in runs for run in paragraph for w in run}
    )
    found = []
    for name in sorted(truth):
        lang = truth[name]["lang"]
        half = "tune" if hashlib.sha1(name.encode()).digest()[0] % 2 == 0 else "test"
        runs = [run for paragraph in words_of[name] for run in paragraph]
        joiner = JOINERS.get(lang, " ")
        size = 2 + _hash(name) % 3
        long_runs = [run for run in runs if len(run) >= size]
        if long_runs:
            run = long_runs[_hash(name + "run") % len(long_runs)]
            start = _hash(name + "start") % (len(run) - size + 1)
            phrase = joiner.join(run[start : start + size])
            found.append(dict(name=name, lang=lang, kind="phrase", query=phrase))
        candidates = {
            word
            for run in runs
            for word in run
            if len(word) >= 2 and (lang in LATIN_LANGUAGES or not word.isascii())
        }
        rare = sorted(candidates, key=lambda w: (frequency[w], w))[:2]
        if len(rare) == 2:
            found.append(dict(name=name, lang=lang, kind="rare", query=" ".join(rare)))
        for query in found[-2:]:
            query["half"] = half
    return found


def write_site_content(folder: Path, truth: dict, content: Path) -> None:
    """Each file with Title, Date (its mtime) and Lang headers."""
    content.mkdir(parents=True)
    for name, entry in truth.items():
        source = folder / name
        title, _, body = source.read_text(encoding="utf-8").partition("\n\n")
        date = time.strftime("%Y-%m-%d", time.gmtime(source.stat().st_mtime))
        header = f"Title: {title.strip()}\nDate: {date}\nLang: {entry['lang']}\n\n"
        (content / name).write_text(header + body, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--half", choices=["test", "tune", "all"], default="test")
    parser.add_argument("--limit", type=int, default=0, help="queries per language")
    parser.add_argument("--keep", type=Path, help="build here and keep the site")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="samizdat-langs-") as scratch:
        work = args.keep or Path(scratch)
        folder = unpacked(args.corpus.resolve(), Path(scratch) / "corpus")
        truth = json.loads(next(folder.parent.glob("*.truth.json")).read_text())
        chosen = [q for q in queries(folder, truth) if args.half in (q["half"], "all")]
        if args.limit:
            per_lang = collections.defaultdict(list)
            for query in chosen:
                per_lang[query["lang"]].append(query)
            chosen = [q for found in per_lang.values() for q in found[: args.limit]]
        site = work / "site"
        if not (site / "search.html").exists():
            shutil.rmtree(work / "content", ignore_errors=True)
            write_site_content(folder, truth, work / "content")
            plugins = [
                p for p in __import__("pelicanconf").PLUGINS if p != "site_search"
            ]
            without = pelican_build(work / "content", work / "plain", plugins=plugins)
            ours = pelican_build(work / "content", site) - without
            mark_article_bodies(site, sorted({e["lang"] for e in truth.values()}))
            start = time.perf_counter()
            subprocess.run(
                [PYTHON, "-m", "pagefind_bin", "--site", str(site), "-q"], check=True
            )
            theirs = time.perf_counter() - start
            print(
                f"indexing seconds: ours {ours:.1f} (build with search minus "
                f"without), Pagefind {theirs:.1f}: {ours / theirs:.2f}x"
            )
        sizes = folder_size(site / "search"), folder_size(site / "pagefind")
        print(
            f"search files: ours {sizes[0][0]:,} bytes in {sizes[0][1]:,} files, "
            f"Pagefind {sizes[1][0]:,} in {sizes[1][1]:,}: "
            f"{sizes[0][0] / sizes[1][0]:.2f}x"
        )
        report = json.loads((work / "site.report.json").read_text(encoding="utf-8"))
        hrefs = {
            os.path.basename(e["path"]): f"{e['lang']}/{e['slug']}.html"
            for e in report["files"]
        }
        results = run_queries(site, chosen, hrefs)
    print_table(chosen, results, args.half)
    print_breakdown(chosen, results["kinds"])
    return 0


def run_queries(site: Path, chosen: list[dict], hrefs: dict) -> dict:
    """{engine: [(reciprocal rank, gzipped bytes) per query]; "kinds": [{kind
    of file (search.kind()): gzipped bytes} per query of ours]}."""
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_port}/"
    results = {"samizdat": [], "pagefind": [], "kinds": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for query in chosen:
            target = hrefs[query["name"]]
            url = f"{base}search.html?q={urllib.parse.quote(query['query'])}"
            paths, sizes = measured(browser, url, samizdat_results)
            results["samizdat"].append(
                (reciprocal_rank(paths, target), sum(sizes.values()))
            )
            kinds = collections.Counter()
            for loaded, size in sizes.items():
                kinds[kind(loaded)] += size
            results["kinds"].append(kinds)
            url = f"{base}pagefind-bench-{query['lang']}.html"
            paths, sizes = measured(browser, url, pagefind_results(query["query"]))
            results["pagefind"].append(
                (reciprocal_rank(paths, target), sum(sizes.values()))
            )
        browser.close()
    server.shutdown()
    return results


def print_table(chosen: list[dict], results: dict, half: str) -> None:
    print(f"known-item queries: {len(chosen)} ({half} half)")
    print(
        f"{'lang':10}{'queries':>8}{'MRR ours':>10}{'MRR PF':>9}"
        f"{'phrase':>8}{'rare':>7}{'KB ours':>9}{'KB PF':>8}{'ratio':>7}"
    )
    groups = collections.defaultdict(list)
    for number, query in enumerate(chosen):
        groups[query["lang"]].append(number)
    groups["all"] = list(range(len(chosen)))
    for lang, numbers in sorted(groups.items(), key=lambda i: (i[0] == "all", i[0])):
        ours = [results["samizdat"][n] for n in numbers]
        theirs = [results["pagefind"][n] for n in numbers]
        by_kind = {
            kind: statistics.mean(
                results["samizdat"][n][0] for n in numbers if chosen[n]["kind"] == kind
            )
            if any(chosen[n]["kind"] == kind for n in numbers)
            else 0.0
            for kind in ("phrase", "rare")
        }
        our_bytes = statistics.median(size for _, size in ours)
        their_bytes = statistics.median(size for _, size in theirs)
        print(
            f"{lang:10}{len(numbers):>8}"
            f"{statistics.mean(r for r, _ in ours):>10.3f}"
            f"{statistics.mean(r for r, _ in theirs):>9.3f}"
            f"{by_kind['phrase']:>8.3f}{by_kind['rare']:>7.3f}"
            f"{our_bytes / 1000:>9.1f}{their_bytes / 1000:>8.1f}"
            f"{our_bytes / their_bytes:>7.2f}"
        )


def print_breakdown(chosen: list[dict], kinds: list[collections.Counter]) -> None:
    """Our mean gzipped bytes per query by kind of file, per language."""
    names = sorted({name for found in kinds for name in found})
    print("our mean gz bytes per query by file kind:")
    print(f"{'lang':10}" + "".join(f"{name[:11]:>12}" for name in names))
    groups = collections.defaultdict(list)
    for query, found in zip(chosen, kinds, strict=True):
        groups[query["lang"]].append(found)
        groups["all"].append(found)
    for lang, found in sorted(groups.items(), key=lambda i: (i[0] == "all", i[0])):
        print(
            f"{lang:10}"
            + "".join(
                f"{statistics.mean(f[name] for f in found):>12,.0f}" for name in names
            )
        )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
