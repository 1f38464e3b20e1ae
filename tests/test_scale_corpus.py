"""bench/scale_corpus.py: the generated archive of bench/scale.py.

Fast: a few dozen files, no build.
"""

import os
import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from scale_corpus import PUBLISHERS, article, write_articles  # noqa: E402


def tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.name: (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.iterdir())
    }


def test_same_seed_same_files_and_mtimes(tmp_path):
    write_articles(tmp_path / "a", tmp_path / "a-md", range(30), seed=3)
    write_articles(tmp_path / "b", tmp_path / "b-md", range(30), seed=3)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert tree(tmp_path / "a-md") == tree(tmp_path / "b-md")
    write_articles(tmp_path / "c", None, range(30), seed=4)
    assert tree(tmp_path / "a") != tree(tmp_path / "c")


def test_an_article_does_not_depend_on_the_archive_size(tmp_path):
    write_articles(tmp_path / "small", None, range(10), seed=3)
    write_articles(tmp_path / "large", None, range(40), seed=3)
    small, large = tree(tmp_path / "small"), tree(tmp_path / "large")
    assert small == {name: large[name] for name in small}


def test_three_publishers_each_with_chrome_that_recurs(tmp_path):
    write_articles(tmp_path / "raw", None, range(30), seed=5)
    texts = [path.read_text("utf-8") for path in (tmp_path / "raw").iterdir()]
    assert len(PUBLISHERS) == 3
    for publisher in PUBLISHERS:
        mine = [text for text in texts if publisher.after[-1].strip() in text]
        assert len(mine) == 10
        for line in (*publisher.before, *publisher.after):
            assert all(f"\n{line}\n" in f"\n{text}" for text in mine), line
    # Chrome differs between publishers: no navigation line is shared.
    firsts = {publisher.before[0] for publisher in PUBLISHERS}
    assert len(firsts) == 3


def test_several_languages_and_both_file_shapes(tmp_path):
    items = [article(number, seed=5) for number in range(20)]
    langs = {line for item in items for line in item.markdown.splitlines()}
    assert len({line for line in langs if line.startswith("Lang: ")}) == 5
    with_header = [item for item in items if item.raw.startswith("Title: ")]
    assert 0 < len(with_header) < len(items)


@pytest.mark.parametrize("number", [0, 1, 7])
def test_markdown_is_the_article_without_chrome(number):
    item = article(number, seed=5)
    body = item.markdown.split("\n\n", 1)[1]  # after the header
    for line in (*item.publisher.before, *item.publisher.after):
        assert line.strip() not in body
    for paragraph in body.split("\n\n"):
        assert paragraph.strip() in item.raw


def test_a_revision_changes_the_text_not_the_file_name(tmp_path):
    write_articles(tmp_path / "raw", None, range(5), seed=5)
    before = tree(tmp_path / "raw")
    write_articles(tmp_path / "raw", None, [2], seed=5, revision=1)
    after = tree(tmp_path / "raw")
    assert before.keys() == after.keys()
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [article(2, seed=5).name + ".txt"]
    assert after[changed[0]][1] > before[changed[0]][1]  # saved later
    assert os.path.getsize(tmp_path / "raw" / changed[0]) > 0


def test_realistic_vocabulary_has_the_search_bench_words(tmp_path):
    from corpus import VOCABULARY, word_pool
    from search import vocabulary

    small, _ = word_pool("en")
    assert set(small) == set(VOCABULARY["en"].split())
    words, cumulative = word_pool("en", "realistic")
    assert len(words) == len(cumulative) == 4000
    assert list(words) == vocabulary("en", random.Random("vocabulary:en"), 4000)
    assert cumulative == tuple(sorted(cumulative))  # Zipf: the first most often
    write_articles(tmp_path / "s", None, range(10), seed=3)
    write_articles(tmp_path / "r", None, range(10), seed=3, vocabulary="realistic")

    def distinct_words(folder):
        return {w for text, _ in tree(folder).values() for w in text.decode().split()}

    assert len(distinct_words(tmp_path / "r")) > 3 * len(distinct_words(tmp_path / "s"))
    # The same names and dates: only the words differ.
    assert tree(tmp_path / "s").keys() == tree(tmp_path / "r").keys()


def test_newest_articles_are_dated_after_the_whole_archive():
    """--newest: the +100 of a daily update come after every archive date,
    whatever their numbers (numbers alone cycle through the twenty years)."""
    archive = [article(number, seed=5).mtime for number in range(0, 20_000, 97)]
    added = [article(number, seed=5, newest=True) for number in (20_000, 20_099)]
    assert min(item.mtime for item in added) > max(archive)
    # Only the date moves: the same file, the same text.
    plain = article(20_000, seed=5)
    assert added[0].name == plain.name
    assert added[0].markdown.split("\n\n", 1)[1] == plain.markdown.split("\n\n", 1)[1]
