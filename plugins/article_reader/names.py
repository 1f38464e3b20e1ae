"""Whether a line of text reads as a publisher's name, and which source wins.

A publisher becomes a page of the site, so a wrong one is worse than none.
Metadata (``source``/``sitename``, then ``hostname``) is trusted; a line from
the text becomes the source only when it reads as a name: mostly letters, a
few words, no sentence punctuation, not a date or a number, not a bracketed
UI token (``[ ]``, ``[piwik]``), not a lone bullet, not a template
placeholder (``%d``), and not a word of the interface (``Schließen``,
``Nach oben``, ``Share``...). Otherwise the article has no source.

Data shapes:
    is_name_like(text: str) -> bool
    name_problem(text: str) -> str | None   (why the text is not a name)
    choose_source(fields: dict, candidate: str | None)
        -> SourceDecision(source: str | None, source_from: str | None, note: str)
"""

import re
import unicodedata
from dataclasses import dataclass

from .interface_lines import (
    is_ui_phrase,
)

NAME_MAX_WORDS = 8
NAME_MAX_CHARS = 80
# At least this share of a name's non-space characters are letters.
NAME_MIN_LETTER_SHARE = 0.6

_DATE_LIKE = re.compile(
    r"\d{1,4}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{1,4}|\d{1,2}:\d{2}|^\d+$"
)
_PLACEHOLDER = re.compile(r"%[ds]|\{\w*\}|\$\w+")
_SENTENCE_PUNCTUATION = re.compile(r"[.!?:;]$|[.!?]\s")


@dataclass(frozen=True)
class SourceDecision:
    source: str | None
    source_from: str | None  # "header", "trailing block" or None
    note: str  # for the build report: why this source, or why none


def name_problem(text: str) -> str | None:
    """Why ``text`` is not a publisher's name, or None when it reads as one."""
    text = " ".join(text.split())
    letters = sum(1 for char in text if unicodedata.category(char)[0] == "L")
    visible = sum(1 for char in text if not char.isspace())
    if not text or not letters:
        return "no letters"
    if letters < NAME_MIN_LETTER_SHARE * visible:
        return "mostly not letters"
    if len(text) > NAME_MAX_CHARS or len(text.split()) > NAME_MAX_WORDS:
        return "too long for a name"
    if not (text[0].isalnum() or text[0] in "\"'\u201c\u00ab"):
        return "starts with a bullet or symbol"
    if text[0] in "[(<{" or text[-1] in "])>}":
        return "bracketed interface token"
    if _PLACEHOLDER.search(text):
        return "template placeholder"
    if _DATE_LIKE.search(text):
        return "a date, time or number"
    if _SENTENCE_PUNCTUATION.search(text):
        return "reads as a sentence or a label"
    if is_ui_phrase(text):
        return "an interface word"
    return None


def is_name_like(text: str) -> bool:
    return name_problem(text) is None


def choose_source(
    fields: dict, candidate: str | None, confirmed: bool = True
) -> SourceDecision:
    """The article's source: metadata first, else a name-like text line that
    the publisher block confirms (``confirmed``: a blurb opens with it)."""
    for key in ("source", "hostname"):
        value = fields.get(key)
        if isinstance(value, str) and value.strip():
            return SourceDecision(" ".join(value.split()), "header", f"header {key}")
    if candidate is None:
        return SourceDecision(None, None, "no publisher block in the text")
    problem = name_problem(candidate)
    if problem is None and not confirmed:
        problem = "no blurb after the article opens with it"
    if problem:
        return SourceDecision(
            None, None, f"line {candidate!r} not taken as the source: {problem}"
        )
    return SourceDecision(candidate, "trailing block", "name-like line after the body")
