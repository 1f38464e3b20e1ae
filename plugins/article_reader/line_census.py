"""The tree's line census: for each line, how many pages of the tree hold it.

Chrome is told by recurrence (chrome.py): a short line that recurs verbatim
in chrome_min_files pages or more is the publisher's, not the article's.
The census is kept up to date from build to build (build_cache.RecordStore
stores it) rather than counted afresh: pages that left the tree are taken
out, new and changed ones added.

Lines are counted by a 16-byte digest, not by their text: the census holds
every distinct line of the tree (each paragraph of every article), and the
texts themselves would be a second copy of the whole archive in memory (at
20,000 generated articles: 95 MiB by text, 22 MiB by digest).

Data shapes:
    line_digest(text: str) -> bytes                      16 bytes
    line_digests(body: str) -> frozenset[bytes]          a page's distinct lines
    TreeCensus(counts: Counter[bytes], contributions: dict[str, tuple[str,
        frozenset[bytes]]])   contributions: page path -> (file key, digests)
        .count(text) -> int; .update(pages) -> int (pages added or taken out)
    recording(answer: digest -> int | None) -> (recurs(text) that notes its
        answers, answers: dict[bytes, int | None])
    recount_reasons(record, moved: dict[bytes, tuple[int, int]])
"""

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Callable

from .lines import RECURRING, collapsed

# Digest size of a census line: 16 bytes, so that two different lines of a
# tree of millions share a digest with a chance far below one in 10^20.
LINE_DIGEST_BYTES = 16


def line_digest(text: str) -> bytes:
    return hashlib.blake2b(
        text.encode("utf-8", "surrogatepass"), digest_size=LINE_DIGEST_BYTES
    ).digest()


def line_digests(body: str) -> frozenset[bytes]:
    """A page's contribution to the census: its distinct lines, as digests
    (a line held twice by one page counts once). The texts of
    lines.split_lines, without making its Line objects: every page of a
    full build is counted."""
    return frozenset(
        line_digest(text) for raw in body.splitlines() if (text := collapsed(raw))
    )


class TreeCensus:
    """For each line digest: the number of pages of the tree holding it.

    ``contributions`` maps a page path to (file key, line digests).
    """

    def __init__(self, counts: Counter | None = None, contributions=None):
        self.counts: Counter[bytes] = counts if counts is not None else Counter()
        self.contributions: dict[str, tuple[str, frozenset[bytes]]] = (
            contributions if contributions is not None else {}
        )

    def count(self, text: str) -> int:
        return self.counts[line_digest(text)]

    def update(self, pages: dict[str, tuple[str, Callable[[], frozenset]]]) -> int:
        """Make the census that of ``pages`` (path -> (file key, a function
        giving its digests, called only for a page new or changed)).
        Returns the number of pages added or taken out."""
        moved = 0
        for path in [p for p in self.contributions if p not in pages]:
            self.counts.subtract(self.contributions.pop(path)[1])
            moved += 1
        for path, (key, digests) in pages.items():
            known = self.contributions.get(path)
            if known is not None and known[0] == key:
                continue
            if known is not None:
                self.counts.subtract(known[1])
            lines = digests()
            self.counts.update(lines)
            self.contributions[path] = (key, lines)
            moved += 1
        if moved:
            self.counts = +self.counts  # drop the lines no page holds now
        return moved


def recording(answer: Callable[[bytes], int | None]):
    """A page's ``recurs(text)``, from ``answer(line digest)``, that notes
    each answer by line digest: (function, answers). The chrome rules ask
    of most lines more than once: each line's digest is made once."""
    answers: dict[bytes, int | None] = {}
    by_text: dict[str, int | None] = {}

    def noted(text: str) -> int | None:
        if text not in by_text:
            digest = line_digest(text)
            by_text[text] = answers[digest] = answer(digest)
        return by_text[text]

    return noted, answers


def recount_reasons(record, moved: dict[bytes, tuple[int, int]]) -> None:
    """Rewrite "recurs verbatim in N files" in a reused record (an
    records.ArticleRecord) for the lines whose N moved: ``moved`` maps a
    line digest to (N then, N now)."""
    for index, removed in enumerate(record.removed):
        counts = moved.get(line_digest(removed.text))
        if counts and removed.reason == RECURRING.format(count=counts[0]):
            reason = RECURRING.format(count=counts[1])
            record.removed[index] = dataclasses.replace(removed, reason=reason)
