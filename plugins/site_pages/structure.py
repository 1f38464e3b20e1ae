"""How a Samizdat site's articles are grouped into pages.

Pure functions over article-like objects: anything with ``lang``, ``dir``,
``date``, ``url`` and ``source`` (samizdat_contract.metadata; Pelican's
Article in a build).

Data shapes:
    newest_first(articles) -> list[article]
    by_language(articles, order) -> list[(lang, list[article])]   newest first
    by_month(articles) -> list[(date(year, month, 1), list[article])]
    by_source(articles) -> list[(source key, display name, list[article])]
        one group per source_key(); the display name is the spelling most
        of its articles use
    link_neighbours(articles): sets NEWER / OLDER on every article to the
        next article in the same language, or None
    stable_pages(articles, per_page) -> list[list[article]]
        pages numbered from the oldest (index 0 is page 1), newest first
        within a page
    Listing, Section: what the templates get (see their docstrings)
    Listing.heading -> ListingHeading: what a listing page shows of its list
        besides the page's own articles

Lists are split into pages counted from the oldest article, not from the
newest: adding articles then changes only the front page and the newest
numbered page, and every older page keeps its bytes (update packs stay small,
and a link to page 3 shows the same articles next year).
"""

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from samizdat_contract import metadata as keys


def newest_first(articles: Iterable) -> list:
    # The URL breaks ties between articles of the same date, so the order
    # does not depend on the order files were read in.
    return sorted(
        articles, key=lambda article: (article.date, article.url), reverse=True
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


def source_key(name: str) -> str:
    """Names that differ only in case, width or spacing are one source:
    "Radio Free Asia" and "RADIO FREE ASIA" get one page."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def by_source(articles: Iterable) -> list[tuple[str, str, list]]:
    groups: dict[str, list] = defaultdict(list)
    for article in articles:
        if article.source:
            groups[source_key(article.source)].append(article)
    found = []
    for key, items in groups.items():
        spellings = Counter(article.source for article in items)
        name = min(spellings, key=lambda spelling: (-spellings[spelling], spelling))
        found.append((key, name, newest_first(items)))
    return sorted(found)


def link_neighbours(articles: Iterable) -> None:
    for _, items in by_language(articles, ()):
        for index, article in enumerate(items):
            setattr(article, keys.NEWER, items[index - 1] if index > 0 else None)
            older = items[index + 1] if index + 1 < len(items) else None
            setattr(article, keys.OLDER, older)


def stable_pages(articles: Sequence, per_page: int) -> list[list]:
    oldest_first = list(reversed(newest_first(articles)))
    chunks = [
        oldest_first[start : start + per_page]
        for start in range(0, len(oldest_first), per_page)
    ]
    return [list(reversed(chunk)) for chunk in chunks]


@dataclass
class Listing:
    """One list of articles: a language's front page, a month or a source.

    url: where its newest page is written (older pages: NUMBERED_SAVE_AS)
    month: for a month's list; name: the source's name, for a source's.
    """

    kind: str  # "language" | "month" | "source"
    lang: str
    url: str
    articles: list  # newest first
    month: date | None = None
    name: str | None = None

    @property
    def heading(self) -> "ListingHeading":
        return ListingHeading(self.kind, self.lang, self.url, self.month, self.name)


@dataclass(frozen=True)
class ListingHeading:
    """A Listing without its articles: what each of its pages shows besides
    the articles of that page. Its pages get this, not the Listing, so an
    old numbered page's inputs (and its page key, site_output) stay the
    same when the list grows."""

    kind: str
    lang: str
    url: str
    month: date | None = None
    name: str | None = None


@dataclass
class Section:
    """One language of the site: its front page, archive, months, sources."""

    lang: str
    dir: str  # text_direction(lang)
    front: Listing
    archive_url: str
    months: list[Listing] = field(default_factory=list)
    sources: list[Listing] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.front.url
