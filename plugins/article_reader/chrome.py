"""Tell an article's own lines from the publisher's chrome around them.

Evidence comes from two places:

- the tree: a line that recurs verbatim in many files of the input tree is
  chrome (navigation, publisher name, standing blurb). LineCensus counts, for
  each line, the number of files holding it;
- the file's structure: short navigation-like lines before the headline; a
  photo caption written twice (alt text, then caption); a trailing block after
  the last body paragraph (image labels, publisher name, blurb), which
  scrapers often indent.

Nothing is dropped silently: every line that is not kept is returned in
``removed`` with its line number and the reason, for the build report.
Long sentences in the middle of an article are never chrome, even when they
recur (agencies reuse background paragraphs): only short navigation-like
lines are removed there.

Data shapes:
    LineCensus.add_file(text: str); LineCensus.count(line: str) -> int
    split_lines(text: str) -> list[Line]
    strip_chrome(lines: list[Line], recurs: Callable[[str], int | None],
                 known_title: str | None) -> Stripped
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

# Reasons written to the build report.
NAVIGATION = "navigation before the headline"
RECURRING = "recurs verbatim in {count} files of the tree"
REPEATED_CAPTION = "photo caption repeated (alt text)"
IMAGE_LABEL = "image label"
PUBLISHER_NAME = "publisher name (kept as source)"
PUBLISHER_BLURB = "publisher blurb after the article"
HEADLINE = "headline (kept as title)"
TRAILING = "after the last paragraph (recurs or indented)"

# Ends a sentence in the scripts Samizdat serves, optionally followed by
# closing quotes or brackets: Latin/Arabic, CJK, Devanagari, Myanmar,
# Tibetan shad, Khmer khan, ellipsis.
_TERMINAL = re.compile(
    "[.!?\u3002\uff01\uff1f\u0964\u0965\u104a\u104b\u0f0d\u0f0e\u17d4\u061f\u06d4\u2026]"
    "[\"'\u201d\u2019\u00bb\u300d\u300f)\\]]*$"
)
# Image labels scrapers leave where a picture was: "• 16x9 Image",
# "Image 2 of 5", "Photo: …" stays (that is a credit, often a caption).
_IMAGE_LABEL = re.compile(
    r"^(?:[\u2022\u00b7\u25aa\u2023\u25e6*-]\s*)?"
    r"(?:\d+\s*[x\u00d7:]\s*\d+\s+)?(?:image|photo|picture|video)"
    r"(?:\s+\d+(?:\s+of\s+\d+)?)?$",
    re.IGNORECASE,
)
_BULLET_ONLY = re.compile(r"^[\u2022\u00b7\u25aa\u2023\u25e6]\s*\S.{0,40}$")

# Scripts written without spaces between words: Thai, Lao, Tibetan,
# Myanmar, Khmer, kana, Han.
_UNSPACED_SCRIPT = re.compile(
    "[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]"
)
# Sizes in "units": words in spaced scripts, half the letters in scripts
# written without spaces (Chinese, Burmese, Khmer, Lao, Tibetan).
NAVIGATION_MAX_UNITS = 3
BODY_MIN_UNITS = 6  # a sentence with a full stop
BODY_MIN_UNITS_UNPUNCTUATED = 30  # a paragraph that lacks one
PUBLISHER_NAME_MAX_UNITS = 8
HEADLINE_MAX_UNITS = 20


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the file (after any header)
    text: str  # whitespace collapsed, stripped
    indent: int  # leading spaces (a tab counts 4)


@dataclass(frozen=True)
class RemovedLine:
    number: int
    text: str
    reason: str


@dataclass
class Stripped:
    headline: str | None = None
    captions: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    source: str | None = None
    removed: list[RemovedLine] = field(default_factory=list)


class LineCensus:
    """For each normalised line: the number of files of the tree holding it."""

    def __init__(self) -> None:
        self.files = 0
        self._counts: Counter[str] = Counter()

    def add_file(self, text: str) -> None:
        self.files += 1
        self._counts.update({line.text for line in split_lines(text)})

    def count(self, text: str) -> int:
        return self._counts[text]


def split_lines(text: str, first_number: int = 1) -> list[Line]:
    """Non-blank lines of a text, numbered, with their indentation."""
    lines = []
    for offset, raw in enumerate(text.splitlines()):
        collapsed = " ".join(raw.split())
        if collapsed:
            expanded = raw.replace("\t", "    ")
            indent = len(expanded) - len(expanded.lstrip())
            lines.append(Line(first_number + offset, collapsed, indent))
    return lines


def size_in_units(text: str) -> float:
    """Roughly the number of words, whether or not the script uses spaces."""
    unspaced_letters = sum(
        1
        for char in text
        if _UNSPACED_SCRIPT.match(char) and unicodedata.category(char)[0] != "M"
    )
    return max(len(text.split()), unspaced_letters / 2)


def is_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


def is_navigation_like(text: str) -> bool:
    return size_in_units(text) <= NAVIGATION_MAX_UNITS and not is_sentence(text)


def is_body_like(text: str) -> bool:
    units = size_in_units(text)
    if is_sentence(text):
        return units >= BODY_MIN_UNITS
    return units >= BODY_MIN_UNITS_UNPUNCTUATED


def is_image_label(text: str) -> bool:
    return bool(_IMAGE_LABEL.match(text) or _BULLET_ONLY.match(text))


def same_headline(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def strip_chrome(
    lines: list[Line],
    recurs: Callable[[str], int | None],
    known_title: str | None = None,
) -> Stripped:
    """Split the lines of one article into headline, captions, body and chrome.

    ``recurs(text)`` returns the number of files holding the line when that
    makes it chrome by the tree's evidence, else None.
    """
    result = _strip(lines, recurs, known_title)
    if not result.paragraphs and any(recurs(line.text) for line in lines):
        # Every line recurs: this is a duplicate article, not chrome. Judge
        # it by its own structure alone rather than drop its text.
        result = _strip(lines, lambda text: None, known_title)
    return result


def _strip(lines, recurs, known_title) -> Stripped:
    result = Stripped()
    reasons: dict[int, str] = {}  # index in lines -> why it is not body
    caption_indexes = _mark_captions(lines, reasons)
    for index, line in enumerate(lines):
        if index not in reasons and is_image_label(line.text):
            reasons[index] = IMAGE_LABEL

    trailing_start = _mark_trailing_block(lines, reasons, recurs, result)
    first_body = next(
        (
            index
            for index in range(trailing_start)
            if index not in reasons
            and is_body_like(lines[index].text)
            and recurs(lines[index].text) is None
        ),
        trailing_start,
    )
    if known_title is None and _opens_without_headline(
        lines, reasons, recurs, first_body, trailing_start
    ):
        # Some headlines end like a sentence (Tibetan ones with a shad, some
        # with "?"): a short first "paragraph" with nothing before it and
        # more text after it is the headline.
        first_body += 1
    _mark_leading_block(lines[:first_body], reasons, recurs, known_title, result)

    for index in range(first_body, trailing_start):
        count = recurs(lines[index].text)
        if (
            index not in reasons
            and count is not None
            and is_navigation_like(lines[index].text)
        ):
            reasons[index] = RECURRING.format(count=count)

    for index, line in enumerate(lines):
        reason = reasons.get(index)
        if index in caption_indexes:
            result.captions.append(line.text)
        elif reason is None:
            result.paragraphs.append(line.text)
        elif reason != HEADLINE or known_title:
            result.removed.append(RemovedLine(line.number, line.text, reason))
    return result


def _opens_without_headline(lines, reasons, recurs, first_body, end) -> bool:
    before = [
        index
        for index in range(first_body)
        if index not in reasons and recurs(lines[index].text) is None
    ]
    after = [index for index in range(first_body + 1, end) if index not in reasons]
    return (
        not before
        and bool(after)
        and first_body < end
        and size_in_units(lines[first_body].text) <= HEADLINE_MAX_UNITS
    )


def _mark_captions(lines: list[Line], reasons: dict[int, str]) -> set[int]:
    """A line written twice in a row is a photo caption: keep the second."""
    captions = set()
    for index in range(1, len(lines)):
        if lines[index].text == lines[index - 1].text and index - 1 not in captions:
            reasons[index - 1] = REPEATED_CAPTION
            reasons[index] = "caption"
            captions.add(index)
    return captions


def _mark_trailing_block(lines, reasons, recurs, result) -> int:
    """Mark the block after the last body paragraph; return where it starts.

    Walking back from the end, a line belongs to the block when it recurs in
    the tree, is an image label, or is indented deeper than the article's
    own paragraphs (the seed's scraper indents the block).
    """
    unmarked = [line.indent for i, line in enumerate(lines) if i not in reasons]
    body_indent = min(unmarked, default=0)
    start = len(lines)
    while start > 0:
        index = start - 1
        line = lines[index]
        if reasons.get(index) == IMAGE_LABEL or (
            index not in reasons
            and (line.indent > body_indent or recurs(line.text) is not None)
        ):
            start = index
        else:
            break

    block = [index for index in range(start, len(lines)) if index not in reasons]
    names = [
        index
        for index in block
        if size_in_units(lines[index].text) <= PUBLISHER_NAME_MAX_UNITS
        and not is_sentence(lines[index].text)
    ]
    # The publisher's blurb names the publisher ("Radio Free Asia operates
    # under..."): that tells the name from "Share this story" and the like.
    named = [
        index
        for index in names
        if any(
            lines[index].text in lines[other].text for other in block if other != index
        )
    ]
    name = (named or names or [None])[0]
    for index in block:
        if index == name:
            result.source = lines[index].text
            reasons[index] = PUBLISHER_NAME
        elif is_sentence(lines[index].text):
            reasons[index] = PUBLISHER_BLURB
        else:
            reasons[index] = TRAILING
    return start


def _mark_leading_block(leading, reasons, recurs, known_title, result) -> None:
    """Find the headline among the lines before the first body paragraph.

    Lines before the headline are navigation. Lines between the headline
    and the body (a standfirst) are kept as body.
    """
    candidates = []
    for index, line in enumerate(leading):
        if index in reasons:
            continue
        count = recurs(line.text)
        if count is not None:
            reasons[index] = RECURRING.format(count=count)
        else:
            candidates.append(index)
    if not candidates:
        return
    if known_title is not None:
        headline = next(
            (i for i in candidates if same_headline(leading[i].text, known_title)),
            None,
        )
        if headline is None:
            return  # the header named a title the text does not repeat
    else:
        headline = next(
            (i for i in candidates if not is_navigation_like(leading[i].text)),
            candidates[-1],
        )
        result.headline = leading[headline].text
    reasons[headline] = HEADLINE
    for index in candidates:
        if index < headline:
            reasons[index] = NAVIGATION
