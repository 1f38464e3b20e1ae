"""What a line ends with, read before invisible characters, and cheaply.

A pattern anchored with `$` is still tried by .search() and .sub() at
every position of the line: on a long paragraph that costs many times more
than looking at the line's last characters first. The functions here give
the answers of such patterns from the line's end alone, or run the pattern
only on the few lines whose end allows a match (tests/test_line_ends.py
compares each with its pattern on arbitrary text).

Data shapes:
    visible_end(text: str) -> str    text before its invisible tail
    ends_in(text: str, chars: tuple[str, ...]) -> bool
    without_placeholder(text: str) -> str
"""

import re

# Invisible format characters a page may leave at a line's end (zero-width
# space and joiners, marks, invisible separator, BOM): a line's end is
# read before them.
INVISIBLE_TAIL = "[\u200b-\u200f\u2060-\u2064\ufeff]*$"
# The same characters, for str.rstrip.
INVISIBLE_CHARS = "".join(
    map(chr, [*range(0x200B, 0x2010), *range(0x2060, 0x2065), 0xFEFF])
)
# w3m writes a picture without alt text as its file name in brackets, after
# the sentence it stands beside ("Stir fry to mix well.[DSC_0518-scaled]"):
# the sentence's end is read before such a placeholder (one token, no
# spaces; "[...]", an elision, is not one), when a word ends there (the
# "1." of a numbered comment's avatar "1. [a9f3]" is no sentence).
TRAILING_PLACEHOLDER = re.compile(
    r"(?:(?<=[^\W\d_][.!?\u3002\uff01\uff1f])"
    r"|(?<=[.!?]['\"\u201d\u2019\u00bb)\u2063]))\s*"
    r"\[[^\[\]\s.]{2,60}\]" + INVISIBLE_TAIL
)


def visible_end(text: str) -> str:
    """`text` up to where a pattern ending in INVISIBLE_TAIL may stop its
    last visible character: before the invisible characters at its end, and
    before the one final newline that `$` also matches before."""
    return text.removesuffix("\n").rstrip(INVISIBLE_CHARS)


def ends_in(text: str, chars: tuple[str, ...]) -> bool:
    """Whether `text` ends in one of `chars` before its invisible tail: the
    answer of re.search("[chars]" + INVISIBLE_TAIL, text)."""
    return visible_end(text).endswith(chars)


def without_placeholder(text: str) -> str:
    """`text` without a TRAILING_PLACEHOLDER at its end. A match ends in "]"
    before the invisible tail: the pattern is tried only on such lines."""
    if not ends_in(text, ("]",)):
        return text
    return TRAILING_PLACEHOLDER.sub("", text)
