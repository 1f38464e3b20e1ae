"""Single lines that link to other pages of the site: teasers and tag lists.

Pages set them between or under an article's paragraphs, where the span
and furniture rules (span.py) keep every line; each is told by two signs of
its own, so it is removed wherever it stands and moves no boundary:

- a teaser for another story: "Lesen Sie auch: <another story's title>",
  "Czytaj też: …", "À lire aussi » …", "Related: …". The phrase of a
  related-links heading (blocks.py) at the line's start, then a colon or an
  arrow with a title after it. The heading alone ("Lesen Sie auch") is an
  END_HEADING and may end the article; a teaser does not, the article goes
  on under it. A sentence that merely begins so ("Read more about
  sharing.") has no separator;
- a list of tags or categories: "Tags: linux, c64, retro", "Schlagwörter:
  Energiewende", "Kategorie: Blog, Reisen". A tag label at the line's start,
  then a list (items joined by commas) or, after a label only tag lists use
  ("Schlagwörter", "Tags", "Kategorien"), a colon; no sentence. "Thema:
  Whisky mit Buffet" (one topic, a label articles use too) is kept.

Data shapes (``reasons`` maps an index to why the line is not body text):
    teaser_links(texts: list[str], reasons: dict[int, str]) -> [index]
    tag_lines(texts: list[str], reasons: dict[int, str]) -> [index]
"""

import re

from .blocks import RELATED_HEADING
from .lines import (
    is_sentence,
    size_in_units,
)

TEASER = "link to another story (read also: …)"
TAG_LINE = "list of tags or categories"

_READ_ON = (
    r"weiterlesen|read\s+more|lire\s+la\s+suite|leer\s+m[áa]s|czytaj\s+dalej"
    r"|lee\s+tambi[ée]n"
)
_LEADING_BULLET = r"^(?:[\u2022*\u2013-]\s*)?"
# The phrase, then a colon or an arrow and the title (two words at least).
_TEASER = re.compile(
    rf"{_LEADING_BULLET}(?:{RELATED_HEADING}|{_READ_ON})\s*"
    r"(?::|\u00bb|\u203a|>|\u2192)\s*\S+\s+\S",
    re.IGNORECASE,
)
# A teaser is one title: longer lines are the article's prose.
TEASER_MAX_UNITS = 30

# Labels only tag lists use: a colon after one is sign enough.
_TAGS_ONLY = (
    r"tags?|tag\(s\)|schlagw[öo]rter|schlagworte?|stichw[öo]rter|stichworte"
    r"|keywords|etiquetas|tagi|mots[- ]cl[ée]s|kategorien|kategorie\(n\)"
    r"|categories|categor[íi]as|cat[ée]gories"
)
# Labels a list of items follows ("Themen: A, B, C").
_LIST_LABELS = rf"{_TAGS_ONLY}|kategorie|category|categor[íi]a|themen|topics"
# The label, and up to three words that say what it tags ("Schlagworte
# zum Thema:", "Tags for this post:"), not any words ("Tag der Abstimmung:
# …" is a heading).
_OF_WHAT = (
    r"zum|zur|zu|diesem|dieses|dieser|thema|artikel|beitrag|for|of|this|the"
    r"|post|article|story"
)
_LABEL = rf"{_LEADING_BULLET}(?:{{labels}})\b(?:\s+(?:{_OF_WHAT})\b){{{{0,3}}}}"
_TAGS_COLON = re.compile(_LABEL.format(labels=_TAGS_ONLY) + r"\s*:\s*\S", re.IGNORECASE)
_TAG_LIST = re.compile(
    _LABEL.format(labels=_LIST_LABELS) + r"\s*:?\s*[^,:]+(?:\s*,\s*[^,]+)+$",
    re.IGNORECASE,
)
TAG_LINE_MAX_UNITS = 40


def teaser_links(texts: list[str], reasons: dict[int, str]) -> list[int]:
    """Lines no rule claimed that are links to another story."""
    return _unclaimed(texts, reasons, TEASER_MAX_UNITS, _TEASER.match)


def tag_lines(texts: list[str], reasons: dict[int, str]) -> list[int]:
    """Lines no rule claimed that list a post's tags or categories."""

    def is_tag_line(text: str) -> bool:
        return not is_sentence(text) and bool(
            _TAGS_COLON.match(text) or _TAG_LIST.match(text)
        )

    return _unclaimed(texts, reasons, TAG_LINE_MAX_UNITS, is_tag_line)


def _unclaimed(texts, reasons, most_units: int, fits) -> list[int]:
    """Indexes of the lines not in `reasons`, of at most `most_units`
    (size_in_units), for which `fits(text)` holds."""
    return [
        index
        for index, text in enumerate(texts)
        if index not in reasons and size_in_units(text) <= most_units and fits(text)
    ]
