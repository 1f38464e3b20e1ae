"""One line of an article file, its measures, and the reasons chrome is removed.

Shared by chrome.py (which lines are the article's) and headline.py (which
line is the headline). Sizes are in "units": words in spaced scripts, half
the letters in scripts written without spaces (size_in_units).

Data shapes:
    collapsed(raw line: str) -> str    its text; split_lines and the census use it
    size_in_units(text: str) -> float  roughly its words
    split_lines(text: str, first_number: int = 1) -> list[Line]
    Line(number, text, indent); RemovedLine(number, text, reason)
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .line_ends import INVISIBLE_TAIL, without_placeholder

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
    "[\"'\u201d\u2019\u00bb\u300d\u300f)\\]]*" + INVISIBLE_TAIL
)
_TRAILING_BRACKETS = re.compile(r"\s*[(\uff08][^()\uff08\uff09]{1,40}[)\uff09]$")
# Image labels scrapers leave where a picture was: "• 16x9 Image",
# "Image 2 of 5", "Photo: …" stays (that is a credit, often a caption).
_IMAGE_LABEL = re.compile(
    r"^(?:[\u2022\u00b7\u25aa\u2023\u25e6*-]\s*)?"
    r"(?:\d+\s*[x\u00d7:]\s*\d+\s+)?(?:image|photo|picture|video)"
    r"(?:\s+\d+(?:\s+of\s+\d+)?)?$",
    re.IGNORECASE,
)

# Scripts written without spaces between words: Thai, Lao, Tibetan,
# Myanmar, Khmer, kana, Han.
_UNSPACED_SCRIPT = re.compile(
    "[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]"
)
# The characters of those scripts that may be combining marks (vowel signs,
# tone marks, kana voicing marks), which do not count as letters.
_MAY_BE_MARK = re.compile(
    "[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u3099\u309a]"
)


# The chrome rules ask the size of each line several times.
@lru_cache(maxsize=4096)
def size_in_units(text: str) -> float:
    """Roughly the number of words, whether or not the script uses spaces."""
    words = len(text.split())
    unspaced = _UNSPACED_SCRIPT.findall(text)
    if len(unspaced) <= 2 * words:
        return words  # half the letters cannot outnumber the words
    # Han letters are never marks: only the candidates are looked up, so a
    # Chinese line costs two regular-expression scans, not one per letter.
    marks = sum(
        1 for char in _MAY_BE_MARK.findall(text) if unicodedata.category(char)[0] == "M"
    )
    return max(words, (len(unspaced) - marks) / 2)


# Sizes in "units": words in spaced scripts, half the letters in scripts
# written without spaces (Chinese, Burmese, Khmer, Lao, Tibetan).
NAVIGATION_MAX_UNITS = 3
BODY_MIN_UNITS = 6  # a sentence with a full stop
BODY_MIN_UNITS_UNPUNCTUATED = 30  # a paragraph that lacks one
PUBLISHER_NAME_MAX_UNITS = 8
HEADLINE_MAX_UNITS = 20
# Before the headline, a line of at most this many units is navigation.
LEADING_NAVIGATION_MAX_UNITS = 6


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based line number in the file (after any header)
    text: str  # whitespace collapsed, stripped
    indent: int  # leading spaces (a tab counts 4)


@dataclass(frozen=True, slots=True)
class RemovedLine:
    number: int
    text: str
    reason: str


def collapsed(raw: str) -> str:
    """A line's text: its whitespace collapsed, stripped ("" if blank)."""
    return " ".join(raw.split())


def split_lines(text: str, first_number: int = 1) -> list[Line]:
    """Non-blank lines of a text, numbered, with their indentation."""
    lines = []
    for offset, raw in enumerate(text.splitlines()):
        collapsed_text = collapsed(raw)
        if collapsed_text:
            expanded = raw.replace("\t", "    ")
            indent = len(expanded) - len(expanded.lstrip())
            lines.append(Line(first_number + offset, collapsed_text, indent))
    return lines


# The chrome rules ask it of each line several times (as size_in_units).
@lru_cache(maxsize=4096)
def is_sentence(text: str) -> bool:
    """Ends like a sentence, before any trailing "(credit)" ("…。（民眾提供）")
    or picture placeholder ("…well.[DSC_0518]")."""
    text = without_placeholder(text)
    # _TRAILING_BRACKETS ends in a closing bracket before `$`: tried only
    # on lines that end in one.
    if text.removesuffix("\n").endswith((")", "\uff09")):
        text = _TRAILING_BRACKETS.sub("", text)
    return bool(_TERMINAL.search(text))


def is_navigation_like(text: str) -> bool:
    return size_in_units(text) <= NAVIGATION_MAX_UNITS and not is_sentence(text)


def is_body_like(text: str) -> bool:
    units = size_in_units(text)
    if is_sentence(text):
        return units >= BODY_MIN_UNITS
    return units >= BODY_MIN_UNITS_UNPUNCTUATED


def is_image_label(text: str) -> bool:
    return bool(_IMAGE_LABEL.match(text))


def same_headline(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
