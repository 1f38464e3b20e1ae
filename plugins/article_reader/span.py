"""Where the article is in a page dump whose lines blocks.py has classified.

- the article itself: the densest run of prose (found as the maximum-sum run
  of line weights, as in Finn et al.'s Body Text Extraction). Short lines
  outside that run with no prose are chrome; prose outside it is kept (when
  unsure, keep);
- lists the text announces ("Zutaten:") are the article's (introduced_lists),
  and so is a list right after its last paragraph whose first item is longer
  than a menu's (list_after_prose);
- a short line that continues the numbering of its headings ("7. …") is a
  heading, whatever word it holds (numbered_headings);
- it ends at the first heading of related links or comments after most of
  its prose, with the page's furniture after it (article_end), unless that
  heading opens a section the text announces (opens_a_section);
- the page's furniture after the article starts at a line of a block kind
  that only furniture has, or at two lines in a row that might be furniture
  (furniture_start): a single "E-Mail: …" line after the prose may be the
  article's own contact.

Data shapes (indexes are into the file's list of lines):
    introduced_lists(texts, reasons) -> {item index: announcing line's index}
    list_after_prose(texts, numbers, reasons, end, prose)
        -> {item index: paragraph's index}   (numbers: each line's number in the file)
    article_span(texts, reasons, prose: Callable[[str], float], neutral) -> (start, end)
    article_end(texts, reasons, span, prose) -> index where the article ends
    opens_a_section(texts, reasons, index) -> bool  (a heading the article keeps)
    numbered_headings(texts, reasons, prose) -> [index of a heading to keep]
    furniture_start(texts, reasons, listed, start, end) -> index
"""

import re
from collections.abc import Callable, Collection, Container

from .blocks import (
    END_HEADING,
    MENU,
    WEAK_KINDS,
    is_list_item,
    is_related_heading,
)
from .interface_lines import (
    SHORT_UNITS,
    is_loose_ui_line,
)
from .line_ends import ends_in
from .lines import (
    is_body_like,
    size_in_units,
)

# Line weights for the article span: prose counts its words, a line of a
# known block kind counts against as much as a 10-word sentence (a share or
# menu block ends the article), other short lines a little (headings inside
# an article must not split it).
CHROME_WEIGHT = -10.0  # tuned on the development half of the real corpus
WEAK_WEIGHT = -2.0
SHORT_WEIGHT = -1.0


# "Zutaten:", "Aus dem Inhalt:", "On the agenda:", "材料：": a line that ends in
# a colon (before any invisible characters: line_ends.ends_in).
_INTRODUCING = (":", "\uff1a")


def introduced_lists(texts: list[str], reasons: dict[int, str]) -> dict[int, int]:
    """Bullet items right after a line that announces them with a colon: a
    recipe's ingredients, an agenda ("Aus dem Inhalt:"), not a menu. Items of
    another kind (buttons after "Share this:") and lists after an interface
    line are not the article's. Returns {item index: announcing line index}.
    """
    items: dict[int, int] = {}
    for index, text in enumerate(texts[:-1]):
        if not ends_in(text, _INTRODUCING) or index in reasons or is_list_item(text):
            continue
        following = index + 1
        while (
            following < len(texts)
            and is_list_item(texts[following])
            and reasons.get(following, MENU) == MENU
        ):
            items[following] = index
            following += 1
    return items


def list_after_prose(
    texts: list[str],
    numbers: list[int],
    reasons: dict[int, str],
    end: int,
    prose: Callable[[str], float],
) -> dict[int, int]:
    """A bullet list right after the article span's last paragraph, with no
    heading between, whose first item is of no block kind (longer than a
    menu item): the article's own list ("…the channels in each country." then
    "• Argentina: ESPN, Fox Sports", "• México: HBO Max"), however short its
    later items. A list of related links or tags has a heading or short
    first items. The list ends at a blank line (a dump separates lists by
    one; ``numbers`` are the lines' numbers in the file). Returns {item
    index: the paragraph's index}; {} when none.
    """
    paragraph = end - 1
    if (
        not 0 <= paragraph < end < len(texts)
        or paragraph in reasons
        or not prose(texts[paragraph])
        or is_list_item(texts[paragraph])
        or not is_list_item(texts[end])
        or end in reasons
    ):
        return {}
    items: dict[int, int] = {}
    following = end
    while following < len(texts) and is_list_item(texts[following]):
        if reasons.get(following, MENU) != MENU or (
            following > end and numbers[following] != numbers[following - 1] + 1
        ):
            break
        items[following] = paragraph
        following += 1
    return items


def article_span(
    texts: list[str],
    reasons: dict[int, str],
    prose: Callable[[str], float],
    neutral: Container[int] = frozenset(),
) -> tuple[int, int]:
    """[start, end) of the densest run of prose (maximum-sum run of weights).

    ``prose(text)`` gives a line's weight as prose (its size in words when it
    reads as body text, else 0). Lines in ``neutral`` (the items of a list
    the text announces) weigh nothing either way.
    """
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for index, text in enumerate(texts):
        if index in neutral:
            weight = 0.0
        elif index in reasons:
            # a run of short bullets may be a list of the article's own
            weight = WEAK_WEIGHT if reasons[index] in WEAK_KINDS else CHROME_WEIGHT
        else:
            weight = prose(text) or SHORT_WEIGHT
        if total <= 0:
            total, start = 0.0, index
        total += weight
        if total > best:
            best, best_span = total, (start, index + 1)
    return best_span


# The share of the article span's prose that must come before a heading of
# related links or comments for the heading to end the article (a teaser
# box in the first half of an article does not end it).
END_AFTER_SHARE = 0.5
# Related links and comment sections come with the page's furniture (list
# bullets, forms, buttons, dates) within a few lines of their heading; an
# article's own heading that happens to read "Comments" does not.
END_CONFIRM_LINES = 6
# A comment's or teaser's date ("9. Juni 2017 um 13:22", "19/02/2020") or
# a numbered entry ("1.").
_DATE_OR_NUMBER = re.compile(
    r"\b\d{1,2}:\d{2}\b|\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|^\d+\.$"
    r"|\b(?:19|20)\d{2}\b"
)


def opens_a_section(texts, reasons, index) -> bool:
    """A "More on this" heading followed by a sentence that announces a list
    ("Further information is on these pages:") opens a section of the
    article, as a list the text announces is the article's (a list of
    related links has a heading, not a sentence, above it). Comment headings
    are not read so: a comment form explains itself in sentences."""
    following = index + 1
    if reasons.get(index) != END_HEADING or following >= len(texts):
        return False
    if following in reasons:
        return False
    text = texts[following]
    return (
        is_related_heading(texts[index])
        and ends_in(text, _INTRODUCING)
        and size_in_units(text) >= SHORT_UNITS
    )


def article_end(
    texts: list[str],
    reasons: dict[int, str],
    span: tuple[int, int],
    prose: Callable[[str], float],
) -> int:
    """Where the article ends: the first heading of related links or comments
    after most of the article span's prose, with the page's furniture, or a
    short line with a date or a number, within a few lines after it (a year
    in a paragraph of prose is no sign); else len(texts)."""
    start, end = span
    weights = [
        0.0 if index in reasons else prose(texts[index]) for index in range(len(texts))
    ]
    total = sum(weights[start:end])
    before = 0.0
    for index in range(start, len(texts)):
        following = range(index + 1, min(index + 1 + END_CONFIRM_LINES, len(texts)))
        if (
            reasons.get(index) == END_HEADING
            and before > END_AFTER_SHARE * total
            and not opens_a_section(texts, reasons, index)
            and any(
                later in reasons
                or (
                    _DATE_OR_NUMBER.search(texts[later])
                    and not is_body_like(texts[later])
                )
                for later in following
            )
        ):
            return index
        if index < end:
            before += weights[index]
    return len(texts)


def furniture_start(
    texts: list[str],
    reasons: dict[int, str],
    listed: Collection[int],
    start: int,
    end: int,
) -> int:
    """The first line in [start, end) where the page's furniture begins: a
    line of a block kind only furniture has (a share, form or footer line),
    or two lines in a row that might be furniture (a line of a weak kind, an
    interface word in a short line). Lines of a list the text announces
    (``listed``) are never furniture. Returns ``end`` when there is none."""

    def may_be_furniture(index: int) -> bool:
        return index not in listed and (
            index in reasons or is_loose_ui_line(texts[index])
        )

    for index in range(start, end):
        if not may_be_furniture(index):
            continue
        if reasons.get(index, MENU) not in WEAK_KINDS:
            return index
        if index + 1 < end and may_be_furniture(index + 1):
            return index
    return end


# "7. Newsletter": a section heading numbered like the one before it.
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+\S")
NUMBERED_HEADING_MAX_UNITS = 10


def numbered_headings(
    texts: list[str], reasons: dict[int, str], prose: Callable[[str], float]
) -> list[int]:
    """Short removed lines that continue the numbering of the article's own
    headings ("6. Neue Mitglieder" kept, then "7. Newsletter", taken for a
    newsletter box by its word) and head prose: the article's. Two signs:
    the number follows the last numbered line the article keeps, and the
    line after it is kept prose. A breadcrumb's or a comment's numbers are
    on removed lines, and no prose follows a breadcrumb."""
    headings = []
    last_kept = None  # the number of the last kept numbered line
    for index, text in enumerate(texts):
        found = _NUMBERED.match(text)
        if found is None:
            continue
        number = int(found.group(1))
        if index not in reasons:
            last_kept = number
        elif (
            last_kept is not None
            and number == last_kept + 1
            and size_in_units(text) <= NUMBERED_HEADING_MAX_UNITS
            and index + 1 < len(texts)
            and index + 1 not in reasons
            and prose(texts[index + 1])
        ):
            headings.append(index)
            last_kept = number
    return headings
