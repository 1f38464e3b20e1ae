"""Lines a shape rule removed that a second sign shows to be the article's.

- a heading that announces the prose under it ("Was uns gefällt:" over a
  paragraph): an interface word made it a share line, but share prompts
  ("Share this:") stand over buttons, not over prose (announcing_headings);
- the article's numbered references ("[1] http://…"): w3m writes each as a
  bracketed token, the shape of a picture's placeholder, but the kept text
  cites them by the same number ("… the FSFE [4] …") (cited_references);
- a section heading that other articles of the tree share ("Fazit") between
  the article's own lines, over prose (heading_inside).

Data shapes (indexes are into the file's list of lines; ``reasons`` maps an
index to why the line is not body text; ``prose(text)`` weighs a line as
prose, 0 when it is none):
    announcing_headings(texts, reasons) -> [index of a heading to keep]
    cited_references(texts, reasons) -> [index of a reference line to keep]
    heading_inside(texts, reasons, recurring, index, end, prose) -> bool
"""

import re

from .blocks import (
    AFTER_END,
    BRACKETED,
    MENU,
    OUTSIDE_AFTER,
    SHARE,
    is_list_item,
)
from .interface_lines import (
    SHORT_UNITS,
    is_ad_label,
)
from .line_ends import INVISIBLE_TAIL
from .lines import (
    size_in_units,
)

# The reason held by the kept copy of a photo caption written twice (it is
# shown as a caption, not removed).
CAPTION = "caption"

_ANNOUNCES = re.compile(r"[:\uff1a]" + INVISIBLE_TAIL)


def announcing_headings(texts, reasons) -> list[int]:
    """Share lines that end with an announcing colon and stand right over a
    kept line of more than twice a button's size (a paragraph, punctuated
    or not: "Das Design, der Innenraum, die Sitze…"): the article's own
    headings ("Was uns gefällt:", "What we liked:"), not share prompts,
    which stand over buttons or a list."""
    headings = []
    for index, text in enumerate(texts[:-1]):
        following = index + 1
        if (
            reasons.get(index) == SHARE
            and _ANNOUNCES.search(text)
            and following not in reasons
            and not is_list_item(texts[following])
            and size_in_units(texts[following]) > 2 * SHORT_UNITS
        ):
            headings.append(index)
    return headings


# "[1] http://www.example.org/page", "[12] Jane Doe, A Book, 2004": w3m's
# list of a page's numbered references.
_REFERENCE = re.compile(r"^\[(\d{1,3})\]\s+\S")
# The reasons a reference line is taken for: a placeholder (its bracketed
# number), a short line after the article, or a list of such lines.
_REFERENCE_REASONS = frozenset({BRACKETED, OUTSIDE_AFTER, AFTER_END, MENU})


def cited_references(texts, reasons) -> list[int]:
    """Removed lines of a run of references numbered one after the other
    ("[1] …", "[2] …"), when a line the article keeps cites one of the run's
    numbers ("… the FSFE [4] …"): the article's notes. A page's list of
    links is not numbered so, and the article does not cite it."""
    runs: list[list[tuple[int, int]]] = []  # [(index, number)] in a row
    for index, text in enumerate(texts):
        found = _REFERENCE.match(text)
        if found is None:
            continue
        number = int(found.group(1))
        if runs and runs[-1][-1] == (index - 1, number - 1):
            runs[-1].append((index, number))
        else:
            runs.append([(index, number)])
    kept_text = " ".join(
        text
        for index, text in enumerate(texts)
        if index not in reasons and not _REFERENCE.match(text)
    )
    keep = []
    for run in runs:
        if len(run) < 2 or not any(f"[{number}]" in kept_text for _, number in run):
            continue
        keep.extend(
            index for index, _ in run if reasons.get(index) in _REFERENCE_REASONS
        )
    return keep


def heading_inside(texts, reasons, recurring, index, end, prose) -> bool:
    """A short recurring line between the article's own lines, with prose
    after it: a section heading ("Fazit", "Zubereitung") that other articles
    of the tree use too, unless it labels an ad ("Advertisement").
    Navigation that recurs comes in runs of recurring or chrome lines; a
    tag is a bullet ("• Energiewende") and a list of tags follows its
    heading ("Schlagworte") as a list, not as prose. The line above may be
    the kept copy of a photo's caption, which is the article's too ("Fazit"
    under the last picture of a review)."""
    before, after = index - 1, index + 1
    if (
        is_list_item(texts[index])
        or is_ad_label(texts[index])
        or not _article_line(reasons, recurring, before, end, captions_too=True)
        or not _article_line(reasons, recurring, after, end)
    ):
        return False
    return bool(prose(texts[after]))


def _article_line(reasons, recurring, index, end, captions_too=False) -> bool:
    """Line ``index`` is one the reader keeps (a caption's kept copy too)."""
    if not 0 <= index < end or index in recurring:
        return False
    return index not in reasons or (captions_too and reasons[index] == CAPTION)
