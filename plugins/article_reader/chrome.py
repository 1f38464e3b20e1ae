"""Tell an article's own lines from the publisher's chrome around them.

Evidence comes from two places:

- the tree: a line that recurs verbatim in many files of the input tree is
  chrome (navigation, publisher name, standing blurb). The tree's census
  (line_census.TreeCensus) counts, for each line, the files holding it;
- the file's structure: block kinds of page dumps (blocks.py: menus, forms,
  banners, share lines, footers, server warnings; a line of a block kind
  that also recurs in the tree is removed by its kind) and the article's
  span, the densest run of prose, where it ends, where furniture starts
  (span.py); short lines before the headline and the article's details
  under it (headline.py); a
  photo caption written twice (alt text, then caption); a trailing block
  after the last body paragraph (image labels, publisher name, blurb), which
  scrapers often indent (trailing.py); lines a shape rule took for chrome
  that a second sign shows to be the article's: a heading over prose, the
  references the text cites, a shared section heading (notes.py); teasers
  for other stories and lists of tags, wherever they stand (link_lines.py).

Nothing is dropped silently: every line that is not kept is returned in
``removed`` with its line number and the reason, for the build report.
Long sentences in the middle of an article are never chrome, even when they
recur (agencies reuse background paragraphs): only short navigation-like
lines are removed there, and not a lone one between the article's lines
with prose after it (a section heading many articles share, "Fazit");
prose outside the article's span is kept.

Data shapes:
    split_lines(text: str) -> list[Line]            (lines.py)
    strip_chrome(lines: list[Line], recurs: Callable[[str], int | None],
                 known_title: str | None, whole_page: bool) -> Stripped
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from .blocks import (
    AFTER_END,
    MENU,
    OUTSIDE_AFTER,
    SHARE,
    SINGLE_LINE_KINDS,
    WEAK_KINDS,
    classify_lines,
)
from .doubled_lines import mark_doubled_lines
from .headline import (
    details_under_headline,
    is_signed_line,
    mark_leading_block,
    opens_without_headline,
    section_sizes,
    skip_short_opening,
)
from .interface_lines import (
    is_loose_ui_line,
)
from .lines import (
    HEADLINE,
    IMAGE_LABEL,
    NAVIGATION,
    PUBLISHER_BLURB,
    PUBLISHER_NAME,
    RECURRING,
    REPEATED_CAPTION,
    TRAILING,
    Line,
    RemovedLine,
    is_body_like,
    is_image_label,
    is_navigation_like,
    is_sentence,
    size_in_units,
    split_lines,
)
from .link_lines import TAG_LINE, TEASER, tag_lines, teaser_links
from .notes import announcing_headings, cited_references, heading_inside
from .span import (
    article_end,
    article_span,
    furniture_start,
    introduced_lists,
    list_after_prose,
    numbered_headings,
    opens_a_section,
)
from .trailing import mark_trailing_block

# Names the reader's other modules and the tests import from here.
__all__ = [
    "HEADLINE",
    "IMAGE_LABEL",
    "NAVIGATION",
    "PUBLISHER_BLURB",
    "PUBLISHER_NAME",
    "REPEATED_CAPTION",
    "TRAILING",
    "RemovedLine",
    "Stripped",
    "split_lines",
    "strip_chrome",
]

# After the page's furniture starts (the first menu, form, share or footer
# line after the article's prose), a line of at most this many units that is
# not a sentence is chrome (related links, widget titles).
TRAILING_CHROME_MAX_UNITS = 10


@dataclass
class Stripped:
    headline: str | None = None
    captions: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    source: str | None = None
    # The publisher block confirms the name: a blurb opens with it ("Some
    # Radio is a broadcaster..."). A footer's "Privacy Policy", or a consent
    # vendor's name that recurs across sites, is not confirmed.
    source_confirmed: bool = False
    removed: list[RemovedLine] = field(default_factory=list)


def is_after_article_chrome(text: str) -> bool:
    """After the article's prose, short lines that are not sentences are chrome."""
    return size_in_units(text) <= TRAILING_CHROME_MAX_UNITS and not is_sentence(text)


def strip_chrome(
    lines: list[Line],
    recurs: Callable[[str], int | None],
    known_title: str | None = None,
    whole_page: bool = True,
) -> Stripped:
    """Split the lines of one article into headline, captions, body and chrome.

    ``recurs(text)`` returns the number of files holding the line when that
    makes it chrome by the tree's evidence, else None. ``whole_page`` is
    false for text an extractor already cut from its page (a file with a
    header): then only single lines of unmistakable kinds (form fields,
    server warnings, consent notes) are judged by shape, never runs of
    short lines or the distance from the article's prose.
    """
    result = _strip(lines, recurs, known_title, whole_page)
    if not result.paragraphs and any(recurs(line.text) for line in lines):
        # Every line recurs. A copy of a real article (same text in several
        # files) still holds prose: judge it by its own structure alone and
        # keep its text. A file of chrome alone (menus, the masthead) holds
        # none: it stays empty and is skipped.
        alone = _strip(lines, lambda text: None, known_title, whole_page)
        if any(is_body_like(paragraph) for paragraph in alone.paragraphs):
            result = alone
    return result


@dataclass
class _Page:
    """One article's lines while _strip judges them. ``reasons`` maps the
    index of each line that is not the article's to why; each step of
    _strip adds or takes back reasons, in order."""

    lines: list[Line]
    texts: list[str]
    reasons: dict[int, str]
    recurs: Callable[[str], int | None]
    known_title: str | None
    whole_page: bool

    def prose_weight(self, text: str) -> float:
        if is_body_like(text) and self.recurs(text) is None:
            return size_in_units(text)
        return 0.0


def _strip(lines, recurs, known_title, whole_page) -> Stripped:
    result = Stripped()
    texts = [line.text for line in lines]
    page = _Page(lines, texts, {}, recurs, known_title, whole_page)
    caption_indexes, doubled_headline = _mark_kinds(page)
    # A list the text announces ("Zutaten:") is the article's, however short
    # its items.
    announced = introduced_lists(texts, page.reasons)
    trailing_start = mark_trailing_block(lines, page.reasons, recurs, result)
    span_start, span_end = _article_span(page, announced, trailing_start)
    furniture = _furniture_start(page, announced, span_end, trailing_start)
    if doubled_headline is not None:
        span_start = min(span_start, doubled_headline + 1)
    span_start = _article_start(page, span_start, span_end)
    _mark_after_furniture(page, furniture, trailing_start)
    first_body = _first_body(page, span_start, trailing_start, doubled_headline)
    sections = section_sizes(
        texts, page.reasons, first_body, trailing_start, page.prose_weight
    )
    mark_leading_block(
        lines[:first_body],
        page.reasons,
        recurs,
        known_title,
        result,
        doubled_headline,
        sections,
    )
    for index in details_under_headline(texts, page.reasons):
        del page.reasons[index]  # "• 28 September 2020, 18:00" under the headline
    _keep_announced_items(page, announced)
    _mark_recurring(page, first_body, trailing_start)
    _apply_second_signs(page)
    _sort_lines(page, caption_indexes, result)
    return result


def _mark_kinds(page: _Page) -> tuple[set[int], int | None]:
    """Lines written twice, then block kinds (of single lines only for
    extracted text), then image labels; returns (caption indexes, index of
    the headline's second copy or None): doubled_lines.py."""
    reasons = page.reasons
    doubled = mark_doubled_lines(page.lines, reasons, page.known_title)
    for index, reason in classify_lines(page.texts).items():
        if not page.whole_page and reason not in SINGLE_LINE_KINDS:
            continue
        if index not in reasons:
            reasons[index] = reason
    for index, line in enumerate(page.lines):
        if index not in reasons and is_image_label(line.text):
            reasons[index] = IMAGE_LABEL
    return doubled


def _article_span(page: _Page, announced, trailing_start: int) -> tuple[int, int]:
    """(start, end) of the article's lines before the trailing block: on a
    whole page the densest prose (the lines after where the article ends
    are AFTER_END), in extracted text all of them."""
    texts, reasons, prose_weight = page.texts, page.reasons, page.prose_weight
    span_start, span_end = article_span(
        texts[:trailing_start], reasons, prose_weight, announced
    )
    if not page.whole_page:
        return 0, trailing_start
    end = article_end(texts, reasons, (span_start, span_end), prose_weight)
    for index in range(span_start, end):
        if opens_a_section(texts, reasons, index):
            del reasons[index]  # "More on this" heading of the article's section
    if end < trailing_start:
        for index in range(end, trailing_start):
            reasons.setdefault(index, AFTER_END)
        span_end = min(span_end, end)
    return span_start, span_end


def _furniture_start(page: _Page, announced, span_end: int, trailing_start) -> int:
    """Where the page's furniture starts. The article ends there: lines
    between the last prose and the first menu, form, share or footer line
    after it (lists, notes, links to documents) are the article's. A list
    the text announces and its announcing line are not furniture (the lists
    found after the prose are added to ``announced``)."""
    texts, reasons = page.texts, page.reasons
    numbers = [line.number for line in page.lines]
    announced |= list_after_prose(texts, numbers, reasons, span_end, page.prose_weight)
    listed = {*announced, *announced.values()}
    for index in announcing_headings(texts, reasons):
        del reasons[index]  # "Was uns gefällt:" over a paragraph, no share line
    return furniture_start(texts, reasons, listed, span_end, trailing_start)


def _article_start(page: _Page, span_start: int, span_end: int) -> int:
    """The article starts at positive evidence only: back from the densest
    prose over every line no block kind claims, up to the last menu, form
    or banner line before it (when unsure, keep). A list inside the
    article's prose is the article's."""
    texts, reasons = page.texts, page.reasons
    while (
        span_start > 0
        and reasons.get(span_start - 1, MENU) in WEAK_KINDS
        and page.recurs(texts[span_start - 1]) is None
    ):
        span_start -= 1
    for index in range(span_start, span_end):
        if reasons.get(index) == MENU:
            del reasons[index]
    return span_start


def _mark_after_furniture(page: _Page, furniture: int, trailing_start: int) -> None:
    """Short lines and interface lines once the furniture started."""
    texts, reasons = page.texts, page.reasons
    for index in range(furniture, trailing_start):
        if index in reasons or is_signed_line(texts[index]):
            continue  # the author's signature ("Autor: Jane Doe") is kept
        if is_after_article_chrome(texts[index]):
            reasons[index] = OUTSIDE_AFTER
        elif is_loose_ui_line(texts[index]):
            reasons[index] = SHARE


def _first_body(page: _Page, span_start, trailing_start, doubled_headline) -> int:
    """The index of the article's first body line: the lines before it are
    the headline and the block around it (headline.mark_leading_block)."""
    texts, reasons, prose_weight = page.texts, page.reasons, page.prose_weight
    first_body = next(
        (
            index
            for index in range(span_start, trailing_start)
            if index not in reasons
            and (prose_weight(texts[index]) or index == doubled_headline)
        ),
        trailing_start,
    )
    first_body = skip_short_opening(texts, reasons, first_body, prose_weight)
    unclaimed = [i for i in range(trailing_start) if i not in reasons]
    if (
        first_body == trailing_start
        and page.known_title is None
        and any(is_sentence(texts[i]) for i in unclaimed[1:])
    ):
        # No prose, but sentences (a short note): the first line is the
        # headline and every line after it is the article's.
        first_body = unclaimed[0] + 1
    if (
        page.known_title is None
        and doubled_headline is None
        and opens_without_headline(
            page.lines, reasons, page.recurs, first_body, trailing_start
        )
    ):
        # Some headlines end like a sentence (Tibetan ones with a shad, some
        # with "?"): a short first "paragraph" with nothing before it and
        # more text after it is the headline.
        first_body += 1
    return first_body


def _keep_announced_items(page: _Page, announced: dict[int, int]) -> None:
    """An item of an announced list is not furniture: neither a short line
    nor one with an interface word ("…, Ethereum network name…") after the
    page's furniture started (items of a kind of their own, buttons after
    "Share this:", were never announced)."""
    reasons = page.reasons
    for index, intro in announced.items():
        if intro not in reasons and reasons.get(index) in (
            MENU,
            OUTSIDE_AFTER,
            SHARE,
            NAVIGATION,
        ):
            del reasons[index]


def _mark_recurring(page: _Page, first_body: int, trailing_start: int) -> None:
    """Navigation-like body lines the tree holds in many files, except a
    heading of the article's own (span.heading_inside)."""
    texts, reasons = page.texts, page.reasons
    recurring = {
        index: count
        for index in range(first_body, trailing_start)
        if index not in reasons
        and (count := page.recurs(texts[index])) is not None
        and is_navigation_like(texts[index])
    }
    for index, count in recurring.items():
        if not heading_inside(
            texts, reasons, recurring, index, trailing_start, page.prose_weight
        ):
            reasons[index] = RECURRING.format(count=count)


def _apply_second_signs(page: _Page) -> None:
    """Lines a shape rule took for chrome that a second sign shows to be
    the article's, and teasers and tag lines wherever they stand."""
    texts, reasons = page.texts, page.reasons
    for index in numbered_headings(texts, reasons, page.prose_weight):
        if reasons[index] in (SHARE, OUTSIDE_AFTER, MENU):
            del reasons[index]  # "7. Newsletter" after "6. Neue Mitglieder"
    for index in cited_references(texts, reasons):
        del reasons[index]  # "[4] http://…", cited as "[4]" in the text
    for index in teaser_links(texts, reasons):
        reasons[index] = TEASER  # "Lesen Sie auch: <another story's title>"
    for index in tag_lines(texts, reasons):
        reasons[index] = TAG_LINE  # "Schlagwörter: Energiewende, Klima"


def _sort_lines(page: _Page, caption_indexes: set[int], result: Stripped) -> None:
    """Each line into the result: a caption, a paragraph, or a removed line
    with its reason (the headline only when a header gave the title)."""
    for index, line in enumerate(page.lines):
        reason = page.reasons.get(index)
        if index in caption_indexes:
            result.captions.append(line.text)
        elif reason is None:
            result.paragraphs.append(line.text)
        elif reason != HEADLINE or page.known_title:
            result.removed.append(RemovedLine(line.number, line.text, reason))
