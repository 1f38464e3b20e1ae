"""How articles are grouped and paginated (plugins/site_pages/structure.py),
as pure functions over article-like records: no Pelican, no build."""

import time
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from types import SimpleNamespace

import pytest
from site_pages.settings import build_date
from site_pages.structure import (
    by_language,
    by_month,
    link_neighbours,
    newest_first,
    stable_pages,
)

START = datetime(2026, 1, 1, 12)


def articles(count: int, lang: str = "en", step: timedelta = timedelta(days=1)):
    """`count` records, number n dated START + n * step (n = 0 is the oldest)."""
    return [
        SimpleNamespace(
            date=START + n * step, lang=lang, url=f"{lang}/{n:04d}.html", n=n
        )
        for n in range(count)
    ]


@pytest.mark.parametrize(
    ("count", "per_page", "sizes"),
    [
        (0, 20, []),
        (1, 20, [1]),
        (5, 20, [5]),
        (20, 20, [20]),
        (21, 20, [20, 1]),
        (45, 20, [20, 20, 5]),
        (7, 1, [1] * 7),
    ],
)
def test_stable_pages_count_from_the_oldest(count, per_page, sizes):
    pages = stable_pages(articles(count), per_page)
    assert [len(page) for page in pages] == sizes
    numbers = [article.n for page in pages for article in page]
    # Page 1 holds the oldest; each page lists its own newest first.
    assert numbers == [
        n for page in pages for n in sorted((a.n for a in page), reverse=True)
    ]
    assert sorted(numbers) == list(range(count))
    if pages:
        assert pages[0][-1].n == 0
        assert pages[-1][0].n == count - 1


@pytest.mark.parametrize(("count", "added"), [(45, 1), (45, 15), (40, 20), (3, 50)])
def test_adding_newer_articles_keeps_every_full_older_page(count, added):
    before = stable_pages(articles(count), 20)
    after = stable_pages(articles(count + added), 20)
    full = [page for page in before if len(page) == 20]
    assert after[: len(full)] == full
    # Only the last (part-filled) page and the new pages after it change.
    assert len(after) == -(-(count + added) // 20)


def test_pages_do_not_depend_on_input_order():
    records = articles(30, step=timedelta(0))  # all the same date: URL decides
    shuffled = records[::2] + records[1::2]
    assert stable_pages(shuffled, 7) == stable_pages(records, 7)
    assert newest_first(shuffled) == newest_first(records)


def test_neighbours_link_within_a_language_only():
    english, korean = articles(4, "en"), articles(3, "ko", timedelta(hours=5))
    link_neighbours(english[1::2] + korean + english[::2])
    for group in (english, korean):
        ordered = newest_first(group)
        assert ordered[0].newer is None and ordered[-1].older is None
        for newer, older in pairwise(ordered):
            assert newer.older is older and older.newer is newer


def test_languages_in_the_given_order_then_alphabetical():
    records = articles(2, "zh-Hant") + articles(1, "bo") + articles(2, "en")
    records += articles(1, "ko")
    grouped = by_language(records, ["ko", "en"])
    assert [lang for lang, _ in grouped] == ["ko", "en", "bo", "zh-Hant"]
    assert all(items == newest_first(items) for _, items in grouped)


def test_months_newest_first_and_complete():
    records = articles(70, step=timedelta(days=1))  # 2026-01-01 .. 2026-03-11
    months = by_month(records)
    assert [(m.year, m.month) for m, _ in months] == [(2026, 3), (2026, 2), (2026, 1)]
    assert [len(items) for _, items in months] == [11, 28, 31]


@pytest.mark.parametrize(
    ("epoch", "article_dates", "expected"),
    [
        (
            "1795953600",
            [datetime(2020, 1, 1, tzinfo=UTC)],
            datetime(2026, 11, 29, 12, tzinfo=UTC),
        ),
        (
            None,
            [
                datetime(2020, 1, 1, tzinfo=UTC),
                datetime(2021, 5, 2, 3, 4, 5, 600, tzinfo=UTC),
            ],
            datetime(2021, 5, 2, 3, 4, 5, tzinfo=UTC),
        ),
        (None, [], datetime(1970, 1, 1, tzinfo=UTC)),
    ],
)
def test_build_date_never_reads_the_clock(monkeypatch, epoch, article_dates, expected):
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    monkeypatch.setattr(time, "time", lambda: pytest.fail("the clock was read"))
    articles = [SimpleNamespace(date=date) for date in article_dates]
    assert build_date(articles) == expected
