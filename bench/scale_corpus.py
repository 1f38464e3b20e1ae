"""Articles in three publishers' chrome, for bench/scale.py and its test.

Each publisher wraps its articles in its own recurring lines (navigation
before the headline, share and related-links lines after the text, a footer
or an indented publisher block), so the reader's recurrence census and chrome
stripping do the work they do on a real scraped archive. The articles' text
comes from bench/corpus.py's vocabularies, in its five languages: its
few words a language by default, its realistic ones (4,000 Zipf-distributed
pseudo-words a language) with vocabulary="realistic".

Every article is drawn from its own generator seeded by (seed, number,
revision), so article 7 is the same whether 10 or 100,000 are written, and
adding or changing a few articles leaves every other file byte-identical.
File modification times are set from the article's date (and revision)
too: a bare file's date is its mtime, and the same tree must build to the
same bytes.

Data shapes:
    PUBLISHERS: tuple[Publisher, ...]      (name, lines before, lines after)
    article(number, seed, revision=0, vocabulary="small", newest=False)
        -> Article
        raw: str (the scraped file), markdown: str (the same article as
        Pelican Markdown, without chrome), name: str (file stem),
        publisher: Publisher, mtime: int (seconds since the epoch)
    write_articles(raw: Path, markdown: Path | None, numbers, seed,
                   revision=0, vocabulary="small", newest=False) -> int
        files written per folder; `vocabulary` as corpus.article_text's

An article's date cycles through the twenty years with its number, so
articles added to an archive of more than 6,720 fall among existing dates;
newest=True dates them on the day after the archive's last instead, as a
daily update's articles are.
"""

import os
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from corpus import VOCABULARY, article_text

LANGUAGES = sorted(VOCABULARY)
YEARS = 20  # an archive of twenty years: dates spread over them
DAYS = YEARS * 12 * 28  # days of the archive; day DAYS is the day after it


@dataclass(frozen=True)
class Publisher:
    name: str
    before: tuple[str, ...]  # lines above the headline, verbatim in every file
    after: tuple[str, ...]  # lines below the text ("    " = indented block)


PUBLISHERS = (
    Publisher(
        "Bench Radio",
        ("Accessibility links", "Skip to content", "Breaking News"),
        (
            "  \u2022 16x9 Image",
            "    Bench Radio",
            "    Bench Radio is an invented broadcaster used to time builds.",
        ),
    ),
    Publisher(
        "Harbor Ledger",
        ("Home | World | Politics | Business | Opinion", "Search", "Log in"),
        (
            "Share this article",
            "Facebook",
            "Telegram",
            "Email",
            "Most read",
            "\u00a9 2026 Harbor Ledger. All rights reserved.",
            "Privacy Policy | Terms of Use | Contact",
        ),
    ),
    Publisher(
        "Steppe Wire",
        ("\u2022 Latest", "\u2022 Regions", "\u2022 Explainers", "Menu"),
        (
            "Follow us on Telegram",
            "Related stories",
            "    Steppe Wire",
            "    Steppe Wire is an independent newsroom invented to time builds.",
        ),
    ),
)


@dataclass(frozen=True)
class Article:
    raw: str
    markdown: str
    name: str
    publisher: Publisher
    mtime: int


def article(
    number: int,
    seed: int,
    revision: int = 0,
    vocabulary: str = "small",
    newest: bool = False,
) -> Article:
    """Article `number` of the archive; a new revision rewrites its text;
    `newest` dates it after every article of the archive."""
    rng = random.Random(f"{seed}:{number}:{revision}")
    name_rng = random.Random(f"{seed}:{number}")  # the file keeps its name
    lang = LANGUAGES[number % len(LANGUAGES)]
    publisher = PUBLISHERS[number % len(PUBLISHERS)]
    title, caption, paragraphs = article_text(rng, number, lang, (6, 16), vocabulary)
    day = DAYS if newest else number % DAYS
    date = datetime(
        2007 + day // (12 * 28), 1 + day // 28 % 12, 1 + day % 28, tzinfo=UTC
    )
    header = (
        f"Title: {title}\nDate: {date:%Y-%m-%d}\nLang: {lang}\n"
        f"Source: {publisher.name}\n\n"
    )
    body = "\n\n".join(
        [
            *publisher.before,
            title,
            f"{caption}\n{caption}",
            *paragraphs,
            *publisher.after,
        ]
    )
    # Half the files carry a header, half are bare page dumps (then the
    # date is the file's modification time).
    raw = (header + body if number % 2 else body) + "\n"
    markdown = header + "\n\n".join([caption, *paragraphs]) + "\n"
    name = f"{seed:02d}{number:06d}_{name_rng.getrandbits(64):016x}"
    # A revised file is saved later: an hour per revision, the same day.
    mtime = int(date.timestamp()) + 3600 * revision
    return Article(raw, markdown, name, publisher, mtime)


def write_articles(
    raw: Path,
    markdown: Path | None,
    numbers: Iterable[int],
    seed: int,
    revision: int = 0,
    vocabulary: str = "small",
    newest: bool = False,
) -> int:
    raw.mkdir(parents=True, exist_ok=True)
    if markdown:
        markdown.mkdir(parents=True, exist_ok=True)
    written = 0
    for number in numbers:
        item = article(number, seed, revision, vocabulary, newest)
        paths = {raw / f"{item.name}.txt": item.raw}
        if markdown:
            paths[markdown / f"{item.name}.md"] = item.markdown
        for path, text in paths.items():
            path.write_text(text, encoding="utf-8")
            os.utime(path, (item.mtime, item.mtime))
        written += 1
    return written
