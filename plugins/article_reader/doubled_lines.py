"""Lines written twice in a row: a photo caption, or the headline.

Scrapers write a photo's alt text, then its caption: the same line twice.
Many (and trafilatura) also write the headline twice: the title line, then
the same text as the first paragraph.

Data shapes:
    mark_doubled_lines(lines: list[Line], reasons: dict[int, str],
                       known_title: str | None)
        -> (caption indexes: set[int], headline's second copy: int | None)
        adds REPEATED_CAPTION, CAPTION and HEADLINE reasons by line index
"""

from .blocks import BRACKETED, FORM_FIELD, NO_TEXT, block_kind
from .lines import HEADLINE, REPEATED_CAPTION, Line, same_headline
from .notes import CAPTION


def mark_doubled_lines(
    lines: list[Line], reasons: dict[int, str], known_title: str | None
) -> tuple[set[int], int | None]:
    """A line written twice in a row is a photo caption: keep the second.

    Except the headline written twice (title line, then the same text as the
    first paragraph, as many scrapers and trafilatura write it): a pair that
    repeats the header's title, or that opens the file (nothing but lines
    already known as chrome before it), is the headline. Returns (caption
    indexes, index of the headline's second copy, kept as the first
    paragraph, or None).
    """
    captions: set[int] = set()
    doubled_headline = None
    for index in range(1, len(lines)):
        if lines[index].text != lines[index - 1].text or index - 1 in captions:
            continue
        if _is_form_or_placeholder(lines[index].text):
            continue  # "[      ]" twice is two form fields, not a caption
        if index - 1 in reasons:
            continue
        opens = all(earlier in reasons for earlier in range(index - 1))
        if (
            doubled_headline is None
            and not captions
            and (
                same_headline(lines[index].text, known_title) if known_title else opens
            )
        ):
            doubled_headline = index
            reasons[index - 1] = HEADLINE
            continue
        reasons[index - 1] = REPEATED_CAPTION
        reasons[index] = CAPTION
        captions.add(index)
    return captions, doubled_headline


def _is_form_or_placeholder(text: str) -> bool:
    return block_kind(text) in (FORM_FIELD, BRACKETED, NO_TEXT)
