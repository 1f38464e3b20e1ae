"""Adding articles changes only the pages that show them (update packs stay
small, incremental builds leave other pages untouched).

A generated site is built, new articles are added and it is built again a
day later (a later SOURCE_DATE_EPOCH, as a real update is): every file that
differs outside search/ must be one the new articles belong on.
"""

import os
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import ROOT, run_pelican

sys.path.insert(0, str(ROOT / "bench"))
from corpus import write_corpus

# After every date the corpus writes (2026-01 to 2026-12-28), so that no
# article's date is clamped differently by the two builds.
EPOCH = int(datetime(2026, 12, 29, 12, tzinfo=UTC).timestamp())
NEW_DATE = "2026-12-30"
LANGUAGES = ["en", "ko", "ug", "vi", "zh-Hans"]  # bench/corpus.py's
NUMBERED = re.compile(r"-p\d+\.html$")


def build(content: Path, output: Path, epoch: int):
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        return run_pelican(content, output)
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def newest_numbered(tree: dict, base: str) -> str:
    """The highest-numbered older page of the list at base + ".html"."""
    numbers = [
        int(path[len(base) + 2 : -5])
        for path in tree
        if path.startswith(base + "-p") and path[len(base) + 2 : -5].isdigit()
    ]
    return f"{base}-p{max(numbers)}.html"


@pytest.mark.slow
def test_adding_articles_changes_only_the_pages_that_list_them(tmp_path):
    content = tmp_path / "content"
    write_corpus(content, 300, seed=3)
    # Bare files are dated by their modification time: a fixed one, so that
    # the test does not depend on the day it runs.
    fixed = datetime(2026, 11, 15, tzinfo=UTC).timestamp()
    for path in content.iterdir():
        os.utime(path, (fixed, fixed))
    first = build(content, tmp_path / "first", EPOCH)
    published = {
        entry["lang"]: entry
        for entry in sorted(
            (e for e in first.report["files"] if e["status"] == "published"),
            key=lambda e: (e["date"], f"{e['lang']}/{e['slug']}.html"),
        )
    }  # the newest article of each language
    write_corpus(content, 10, seed=4, date=NEW_DATE)
    second = build(content, tmp_path / "second", EPOCH + 86400)

    before, after = files(first.output), files(second.output)
    assert set(before) <= set(after)
    changed = {
        path
        for path in before
        if before[path] != after[path] and not path.startswith("search/")
    }
    expected = {"index.html", "pages/verify.html", "samizdat.json"}
    for lang in LANGUAGES:
        newest = published[lang]
        expected |= {
            f"{newest['lang']}/{newest['slug']}.html",  # gets a "newer" link
            f"{lang}/index.html",
            newest_numbered(before, f"{lang}/index"),  # its "newer" link
            f"{lang}/archive/index.html",  # the month's count
            f"{lang}/archive/2026-12.html",
            f"{lang}/source/bench-radio.html",
            newest_numbered(before, f"{lang}/source/bench-radio"),
        }
    assert changed == expected
    added = {p for p in set(after) - set(before) if not p.startswith("search/")}
    articles = {p for p in added if p.count("/") == 1 and not NUMBERED.search(p)}
    assert len(articles) == 10
    # Beyond the articles, only new older pages: 60 articles a language
    # filled three pages of 20, so each front gets a fourth.
    assert added - articles == {f"{lang}/index-p4.html" for lang in LANGUAGES}
