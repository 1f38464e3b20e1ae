"""The block after an article's last paragraph: image labels, the publisher.

Scrapers often end a page with what the site prints under every article:
image labels, the publisher's name and a blurb that opens with it ("Radio
Free Asia operates under..."), lines that recur in the tree, all often
indented deeper than the article's paragraphs. The name found here is the
article's source when the blurb confirms it.

Data shapes (indexes are into the file's list of lines):
    mark_trailing_block(lines: list[Line], reasons: dict[int, str], recurs,
                        result: Stripped) -> index where the block starts
"""

import re
from collections import Counter

from .blocks import CONSENT
from .lines import (
    IMAGE_LABEL,
    PUBLISHER_BLURB,
    PUBLISHER_NAME,
    PUBLISHER_NAME_MAX_UNITS,
    TRAILING,
    is_body_like,
    is_sentence,
    size_in_units,
)

# "© 2026 ", "(c) ", "Copyright 2021 " before a publisher's blurb.
_COPYRIGHT_PREFIX = re.compile(
    r"^(?:(?:\u00a9|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-\u2013]\s*\d{4})?)?\s*)+",
    re.IGNORECASE,
)


def mark_trailing_block(lines, reasons, recurs, result) -> int:
    """Mark the block after the last body paragraph; return where it starts.

    Walking back from the end, a line belongs to the block when it recurs in
    the tree, is an image label, or is indented deeper than the article's
    own paragraphs (the seed's scraper indents the block).
    """
    start, by_indent_only = _block_start(lines, reasons, recurs)
    block = [index for index in range(start, len(lines)) if index not in reasons]
    names = [
        index
        for index in block
        if size_in_units(lines[index].text) <= PUBLISHER_NAME_MAX_UNITS
        and not is_sentence(lines[index].text)
    ]
    if (
        by_indent_only
        and not names
        and len(block) == len(lines) - start
        and start - 1 not in reasons
    ):
        # Indented sentences alone right under a line the rules keep:
        # nothing recurring, no name, no line of a block kind (a footer's
        # links) in or over it. The last paragraph of an extractor's text
        # set off by a tab, not the publisher's block.
        return len(lines)
    # The publisher's blurb opens with the publisher's name ("Radio Free
    # Asia operates under..."): that tells the name from "Share this story"
    # or a consent banner that merely mentions "Privacy Policy".
    blurbs = [
        _COPYRIGHT_PREFIX.sub("", lines[index].text)
        for index in range(start, len(lines))
        if is_sentence(lines[index].text) and reasons.get(index) != CONSENT
    ]
    named = [
        index
        for index in names
        if any(_opens_with(blurb, lines[index].text) for blurb in blurbs)
    ]
    name = (named or names or [None])[0]
    for index in block:
        if index == name:
            result.source = lines[index].text
            result.source_confirmed = index in named
            reasons[index] = PUBLISHER_NAME
        elif is_sentence(lines[index].text):
            reasons[index] = PUBLISHER_BLURB
        else:
            reasons[index] = TRAILING
    return start


def _block_start(lines, reasons, recurs) -> tuple[int, bool]:
    """(where the trailing block starts, whether only indentation joined
    lines to it): walking back from the end over recurring lines, image
    labels and unclaimed lines indented deeper than the body."""
    body_indent = _body_indent(lines, reasons)
    start = len(lines)
    by_indent_only = True  # no line joined for recurring or as an image label
    while start > 0:
        index = start - 1
        line = lines[index]
        # A recurring line of a block kind ("Share this story") stays in
        # the block with its kind.
        if reasons.get(index) == IMAGE_LABEL or recurs(line.text) is not None:
            by_indent_only = False
        elif not (index not in reasons and line.indent > body_indent):
            break
        start = index
    return start, by_indent_only


def _body_indent(lines, reasons) -> int:
    """The indent of the article's paragraphs: the least indent of the lines
    no rule claimed, unless most of the prose stands deeper. A page laid
    out in columns puts the article's paragraphs far right of a sidebar's
    short lines, and its last paragraphs are no block indented under the
    article (two signs for the block: deeper than the least indent, and
    deeper than most of the prose)."""
    unmarked = [line for index, line in enumerate(lines) if index not in reasons]
    prose_by_indent: Counter[int] = Counter()
    for line in unmarked:
        if is_body_like(line.text):
            prose_by_indent[line.indent] += size_in_units(line.text)
    least = min((line.indent for line in unmarked), default=0)
    if not prose_by_indent:
        return least
    return max(least, prose_by_indent.most_common(1)[0][0])


def _opens_with(blurb: str, name: str) -> bool:
    """The blurb starts with the whole name ("Ledger is…", "Ledger. Ledger…")."""
    rest = blurb[len(name) :]
    return blurb.startswith(name) and bool(rest) and not rest[0].isalnum()
