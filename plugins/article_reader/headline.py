"""Which line before the body is the headline; the navigation before it.

In news scrapes the headline is the last line before the body (or before the
doubled photo caption) that is not itself body text, a byline, a dateline or
a photo credit; the short lines before it are navigation ("Accessibility
links", "Breaking news", in any script) when they also show a second sign:
a bullet, or a place in a run of a few plain lines (a longer run is an
address or a book's details). This is judged by position, shape and size
relative to the headline, not by a list of words, so it holds for
scripts written without spaces, where a menu label can be as long as a short
headline. Lines between the headline and the body (a standfirst, a byline)
are kept as body.

Data shapes (indexes are into the list of the file's lines):
    mark_leading_block(leading: list[Line], reasons: dict[int, str], recurs,
                       known_title: str | None, result, doubled_headline)
    skip_short_opening(texts, reasons, first_body, prose_weight) -> int
    section_sizes(texts, reasons, first_body, end, prose_weight) -> list[float]
    opens_without_headline(lines, reasons, recurs, first_body, end) -> bool
    details_under_headline(texts, reasons) -> list[int]
"""

import re

from .blocks import (
    MENU,
    MENU_MIN_RUN,
    is_list_item,
)
from .lines import (
    HEADLINE,
    HEADLINE_MAX_UNITS,
    LEADING_NAVIGATION_MAX_UNITS,
    NAVIGATION,
    NAVIGATION_MAX_UNITS,
    RECURRING,
    REPEATED_CAPTION,
    is_body_like,
    is_navigation_like,
    is_sentence,
    same_headline,
    size_in_units,
)

# Datelines and bylines: "2023/08/24 11:19", "12.03.2020", "1953년 01월",
# "By …", "記者…".
_DATE_OR_TIME = re.compile(
    r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}|\b\d{1,2}:\d{2}\b"
    r"|\d{2,4}\s*[年년]\s*\d{1,2}\s*[月월]"
)
_BYLINE_START = re.compile(
    r"^(?:by|von|par|por|di|door|av|af|przez|autor|author|記者|记者|文／|文/)[\s:：]",
    re.IGNORECASE,
)

# A year in a plain line before the headline: the article's dateline.
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d{2}(?!\d)")

# A photo caption with its credit: "▲…（圖／…）", "… (Foto: dpa)".
_PHOTO_CREDIT = re.compile(
    r"^[\u25b2\u25b3]|(?:^|[\s（(])(?:圖|图|照片|foto|photo|bild|image|imagen)\s*[：:／/]",
    re.IGNORECASE,
)


# A sentence ending inside a line: ". " or a CJK or Khmer full stop.
_INNER_SENTENCE_END = re.compile(r"[.!?]\s|[\u3002\uff01\uff1f\u17d4]")


def is_before_headline_chrome(text: str, headline: str) -> bool:
    """Before the headline, short lines are navigation (even one ending in a
    shad or "!"): short in absolute terms, or fairly short and shorter than
    the headline. Longer ones are kept (when unsure, keep)."""
    units = size_in_units(text)
    return units <= LEADING_NAVIGATION_MAX_UNITS or (
        units <= 2 * LEADING_NAVIGATION_MAX_UNITS and units < size_in_units(headline)
    )


def is_signed_line(text: str) -> bool:
    """A line that names the author ("Autor: Jane Doe", "By Jane Doe")."""
    return bool(_BYLINE_START.match(text))


def is_byline_like(text: str) -> bool:
    return bool(
        _DATE_OR_TIME.search(text)
        or _BYLINE_START.match(text)
        or _PHOTO_CREDIT.search(text)
        or (text[:1] in "(（[【" and text[-1:] in ")）]】")
        or ("\uff0f" in text and size_in_units(text) <= NAVIGATION_MAX_UNITS * 2)
    )


def skip_short_opening(texts, reasons, first_body, prose_weight) -> int:
    """A short line ending like a sentence ("གསར་འགྱུར་གལ་ཆེན།", "Breaking!")
    that a headline-like line and then prose follow is navigation, not the
    start of the body: the body starts at that prose."""
    following = [i for i in range(first_body + 1, len(texts)) if i not in reasons]
    if (
        len(following) >= 2
        and size_in_units(texts[first_body]) < size_in_units(texts[following[0]])
        and not prose_weight(texts[following[0]])
        and prose_weight(texts[following[1]])
    ):
        return following[1]
    return first_body


def section_sizes(texts, reasons, first_body, end, prose_weight) -> list[float]:
    """Sizes of the body's own section headings: short lines that are not
    sentences, each followed by prose."""
    return [
        size_in_units(texts[i])
        for i in range(first_body + 1, end - 1)
        if i not in reasons
        and i + 1 not in reasons
        and not is_sentence(texts[i])
        and size_in_units(texts[i]) <= HEADLINE_MAX_UNITS
        and prose_weight(texts[i + 1])
    ]


def opens_without_headline(lines, reasons, recurs, first_body, end) -> bool:
    before = [
        index
        for index in range(first_body)
        if index not in reasons and recurs(lines[index].text) is None
    ]
    after = [index for index in range(first_body + 1, end) if index not in reasons]
    if before or not after or first_body >= end:
        return False
    units = size_in_units(lines[first_body].text)
    # A longer opening line is still the headline when it is one sentence
    # and the paragraph after it is at least twice as long (Khmer headlines
    # end with "!" or "…" and run to 30 units).
    return units <= HEADLINE_MAX_UNITS or (
        units <= 2 * HEADLINE_MAX_UNITS
        and not _INNER_SENTENCE_END.search(lines[first_body].text[:-1])
        and 2 * units <= size_in_units(lines[after[0]].text)
    )


# A clause break inside a line: a standfirst reads as prose ("…, …").
_CLAUSE_BREAK = re.compile(r",\s|[\uff0c\u3001]")
STANDFIRST_MIN_UNITS = HEADLINE_MAX_UNITS // 2


def _title_before_heading_or_standfirst(leading, previous, last, section_sizes):
    """The last line before the body, or the file's first line when that one
    is the title and the last one is

    - the first of the body's section headings: the body has two or more
      of them, none shorter than this one, and the title is longer;
    - an unpunctuated standfirst: prose with a clause break, longer than the
      title, which has neither a clause break nor a sentence end inside.

    Only a file that opens with its title (nothing before it, not even
    navigation) is read so: on a page dump the line before the headline is
    the site's furniture.
    """
    if previous != 0:
        return last
    last_units = size_in_units(leading[last].text)
    previous_units = size_in_units(leading[previous].text)
    if (
        len(section_sizes) >= 2
        and last_units <= max(section_sizes)
        and previous_units > last_units
    ):
        return previous
    if (
        last_units >= STANDFIRST_MIN_UNITS
        and last_units > previous_units
        and _CLAUSE_BREAK.search(leading[last].text)
        and not _CLAUSE_BREAK.search(leading[previous].text)
        and not _INNER_SENTENCE_END.search(leading[previous].text)
    ):
        return previous
    return last


def mark_leading_block(
    leading, reasons, recurs, known_title, result, doubled_headline, section_sizes=()
) -> None:
    """Find the headline among the lines before the first body paragraph.

    In news scrapes the headline is the last line before the body (or before
    the doubled photo caption) that is not itself body text; the short lines
    before it are navigation ("Accessibility links", "Breaking news", in any
    script) when _navigation_shaped says so. This is judged by position
    and shape, not by a list of words, so it holds for scripts written
    without spaces, where a menu label can be as long as a headline. Lines
    between the headline and the body (a standfirst) are kept as body.
    ``section_sizes``: the sizes of the body's own section headings (short
    lines each followed by prose).
    """
    candidates = _mark_recurring_lines(leading, reasons, recurs)
    if doubled_headline is not None:
        headline = doubled_headline - 1
        if known_title is None:
            result.headline = leading[headline].text
    elif not candidates:
        return
    elif known_title is not None:
        headline = next(
            (i for i in candidates if same_headline(leading[i].text, known_title)),
            None,
        )
        if headline is None:
            return  # the header named a title the text does not repeat
    else:
        headline = _headline_by_shape(leading, reasons, candidates, section_sizes)
        result.headline = leading[headline].text
    claimed = set(reasons)
    reasons[headline] = HEADLINE
    for index in candidates:
        if (
            index < headline
            and is_before_headline_chrome(leading[index].text, leading[headline].text)
            and _navigation_shaped(leading, claimed, headline, index)
        ):
            reasons[index] = NAVIGATION


def _mark_recurring_lines(leading, reasons, recurs) -> list[int]:
    """Mark the unclaimed leading lines the tree holds in many files; the
    indexes of the others (the headline's candidates)."""
    candidates = []
    for index, line in enumerate(leading):
        if index in reasons:
            continue
        count = recurs(line.text)
        if count is not None:
            reasons[index] = RECURRING.format(count=count)
        else:
            candidates.append(index)
    return candidates


def _headline_by_shape(leading, reasons, candidates, section_sizes) -> int:
    """The headline's index among ``candidates`` when neither a header nor a
    doubled line names it: the last line before the first caption that is
    not body text, nor a byline, list item or section label."""
    first_caption = min(
        (i for i, why in reasons.items() if why == REPEATED_CAPTION),
        default=len(leading),
    )
    before = [i for i in candidates if i < first_caption] or candidates
    not_body = [i for i in before if not is_body_like(leading[i].text)]
    # A byline, dateline or photo credit between the headline and the
    # body ("記者李湘文／綜合報導", "2023/08/24 11:19", "(Foto: dpa)") is
    # not the headline; it stays as body text.
    # A standfirst without a full stop is longer than any headline.
    titles = [
        i
        for i in not_body
        if not is_byline_like(leading[i].text)
        and not is_list_item(leading[i].text)  # "• an item" is no headline
        and size_in_units(leading[i].text) <= HEADLINE_MAX_UNITS
    ]
    # A headline stands over its byline ("By Jane Doe - January 10,
    # 2020"): a short line after the byline is the reading time or a
    # dateline, not the headline.
    bylines = [i for i in not_body if _BYLINE_START.match(leading[i].text)]
    if bylines and any(i < bylines[0] for i in titles):
        titles = [i for i in titles if i < bylines[0]]
    # A section label of a word or two ("해 제", "Zutaten") after the
    # headline is not it either.
    named = [i for i in titles if not is_navigation_like(leading[i].text)]
    if not named and titles:  # all short: the longest, the last of equals
        longest = max(size_in_units(leading[i].text) for i in titles)
        named = [i for i in titles if size_in_units(leading[i].text) == longest]
    headline = (named or not_body or before)[-1]
    if headline in named[1:]:
        headline = _title_before_heading_or_standfirst(
            leading, named[named.index(headline) - 1], headline, section_sizes
        )
    return headline


# Navigation before a headline comes in a few plain lines ("Accessibility
# links", "Home", "Breaking news") or as a bulleted list; a longer run of
# plain short lines is a block of its own (an address, a book's details).
NAVIGATION_RUN_MAX_LINES = 3


def _navigation_shaped(leading, claimed, headline, index) -> bool:
    """A short line before the headline is navigation with a second sign: a
    list bullet, or (a plain line without a year: a dateline is the
    article's) a place in a run of at most NAVIGATION_RUN_MAX_LINES
    plain lines (between lines of a block kind, the file's start and the
    headline); after lines of a block kind, only a line of at most
    LEADING_NAVIGATION_MAX_UNITS. When unsure, keep."""
    text = leading[index].text
    if is_list_item(text):
        return True
    if _YEAR.search(text):
        return False  # a dateline ("October 22, 2019 report"), not a menu
    start = index
    while start > 0 and start - 1 not in claimed:
        start -= 1
    end = index + 1
    while end < headline and end not in claimed:
        end += 1
    if end - start > NAVIGATION_RUN_MAX_LINES:
        return False
    # A plain line longer than a label after the page's own furniture is a
    # kicker, or the real headline over a subtitle taken for it; at the
    # file's start, where scrapers of news pages leave the site's
    # navigation ("Breaking news" in a script without spaces), it is not.
    return start == 0 or size_in_units(text) <= LEADING_NAVIGATION_MAX_UNITS


# A news page prints the article's details under its headline as a short
# list: "• League", "• 28 September 2020, 18:00", "• Stadium" (or author,
# date). A menu is longer, and its items hold no date.
DETAILS_MAX_ITEMS = MENU_MIN_RUN + 1


def details_under_headline(texts, reasons) -> list[int]:
    """The lines of a short bullet run right under the headline that a date
    or a byline marks as the article's details, not a menu (two signs: the
    place and the date); [] when there is none."""
    headline = next((i for i, why in reasons.items() if why == HEADLINE), None)
    if headline is None:
        return []
    run = []
    following = headline + 1
    while following < len(texts) and reasons.get(following) == MENU:
        run.append(following)
        following += 1
    if (
        not run
        or len(run) > DETAILS_MAX_ITEMS
        or (following < len(texts) and is_list_item(texts[following]))
        or not any(is_byline_like(texts[i]) for i in run)
    ):
        return []
    return run
