"""How a Samizdat site's articles are grouped into pages.

Pure functions over article-like objects: anything with ``lang``, ``date``
and an optional ``source`` attribute (Pelican's Article in a build).

Data shapes:
    by_language(articles, order) -> list[(lang, list[article])]   newest first
    by_month(articles) -> list[(date(year, month, 1), list[article])]
    by_source(articles) -> list[(source_slug, source_name, list[article])]
    link_neighbours(articles): sets article.newer / article.older to the
        next article in the same language, or None
    stable_pages(articles, per_page) -> list[list[article]]
        pages numbered from the oldest (index 0 is page 1), newest first
        within a page

Lists are split into pages counted from the oldest article, not from the
newest: adding articles then changes only the front page and the newest
numbered page, and every older page keeps its bytes (update packs stay small,
and a link to page 3 shows the same articles next year).
"""

import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from article_reader.slugs import slug_for


def newest_first(articles: Iterable) -> list:
    # The URL breaks ties between articles of the same date, so the order
    # does not depend on the order files were read in.
    return sorted(
        articles,
        key=lambda article: (article.date, getattr(article, "url", "")),
        reverse=True,
    )


def by_language(articles: Iterable, order: Sequence[str]) -> list[tuple[str, list]]:
    """Languages in ``order`` first, then any others alphabetically."""
    groups: dict[str, list] = defaultdict(list)
    for article in articles:
        groups[article.lang].append(article)
    rank = {lang: index for index, lang in enumerate(order)}
    languages = sorted(groups, key=lambda lang: (rank.get(lang, len(rank)), lang))
    return [(lang, newest_first(groups[lang])) for lang in languages]


def by_month(articles: Iterable) -> list[tuple[date, list]]:
    groups: dict[date, list] = defaultdict(list)
    for article in articles:
        groups[date(article.date.year, article.date.month, 1)].append(article)
    return [
        (month, newest_first(groups[month])) for month in sorted(groups, reverse=True)
    ]


def source_slug(name: str) -> str:
    """Readable for Latin-script names, a stable hash for the others."""
    return slug_for(name, name)


def by_source(articles: Iterable) -> list[tuple[str, str, list]]:
    groups: dict[str, list] = defaultdict(list)
    for article in articles:
        source = getattr(article, "source", None)
        if source:
            groups[source].append(article)
    # Source names arrive HTML-escaped (Pelican metadata is HTML).
    return sorted(
        (source_slug(html.unescape(name)), name, newest_first(items))
        for name, items in groups.items()
    )


def link_neighbours(articles: Iterable) -> None:
    for _, items in by_language(articles, ()):
        for index, article in enumerate(items):
            article.newer = items[index - 1] if index > 0 else None
            article.older = items[index + 1] if index + 1 < len(items) else None


def stable_pages(articles: Sequence, per_page: int) -> list[list]:
    oldest_first = list(reversed(newest_first(articles)))
    chunks = [
        oldest_first[start : start + per_page]
        for start in range(0, len(oldest_first), per_page)
    ]
    return [list(reversed(chunk)) for chunk in chunks]
