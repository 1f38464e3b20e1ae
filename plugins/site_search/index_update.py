"""The last build's index made this build's: articles added, deleted, or
changed since it.

Document ids are positions in date order. The last build's documents are
matched by name to this build's (alignment.py): a matched one is the same
text, so its postings are the last build's, at its new id; the others'
(deleted, or the last versions of changed ones: their old postings cache
entries stay in the cache until this build ends) are taken out of the
kept index, the matched ones' ids renumbered where articles were added
or deleted before them, and the postings of this build's unmatched
documents (added, or the new versions of changed ones) spliced in
(splice.py, as index_cache.extended splices added articles), each key's
list kept in id order. Keys left with no posting are dropped, and each
alias is the first document's holding its form, as build_index gives
them: the kept index says, for each form, the first document whose
analysis gave it an alias and how many did (alias_docs); a form whose
first document was taken out takes the next one's, found by reading the
cached entries of the documents after it, in order, until each such form
is found (their aliases only: they come first in an entry, before the
weights). The result equals an index built afresh
(tests/test_search_cache.py and tests/test_search_update.py compare
them): where anything disagrees (an old entry missing, a posting not
where the kept index says), there is no result and the caller builds
the index from the postings cache.

Rebuilding from the postings cache instead read every article's entry and
numbered every posting again: a fifth of a build that changed 10 articles
of 20,000, where each of them changed the first ids of the run the kept
index could be extended from. Compared id by id instead of matched by
name, 100 articles dated among the last 160 days of 20,000 (a realistic
vocabulary) made the 320 after them look changed, their postings taken
out and put back: the update took 7.0 s of py-spy's samples, 3.1 s
matched by name.

The search writer is told which ids hold other postings than in the last
build (changed_keys: id by id, since its files hold ids), with the keys
the last and new documents there hold, but those both hold with the same
weight (their posting is the same): only those keys' lists moved, so only
their buckets need making again (bucket_cache.py).

Data shapes:
    updated(kept names, previous: Packed, documents, names, postings) ->
        SearchIndex | None   names: each document's postings cache name;
        previous: the index of the documents `kept names`
    changed_keys(kept names, names, postings) -> bucket_cache.Changes |
        None: {id: (the last build's document's name there, the keys it
        held, the keys this build's holds, but those both hold with one
        weight)}; None where an entry is missing or more than
        MAX_CHANGED_SHARE of the ids changed (the writer makes every
        bucket again)
"""

import logging
from array import array
from bisect import bisect_left
from itertools import compress

from .alignment import Alignment, align
from .index import _analyse
from .index_cache import MAX_CHANGED_SHARE, extended
from .postings import (
    Packed,
    Postings,
    SearchIndex,
    joined_provenance,
    posting_starts,
)
from .postings_cache import PostingsCache
from .splice import spliced

logger = logging.getLogger(__name__)

# Ids renumbered a chunk at a time (renumbered()): 4 MiB of them.
_RENUMBER_CHUNK = 1 << 20


class _Disagrees(Exception):
    """The kept index and the postings cache do not tell the same story."""


def updated(
    kept: list[str],
    previous: Packed,
    documents,
    names: list[str],
    postings: PostingsCache,
) -> SearchIndex | None:
    """The index of `documents`, from `previous` (that of the documents
    named `kept`)."""
    known = len(kept)
    alignment = align(kept, names)
    if not alignment.removed and alignment.added == list(range(known, len(names))):
        index = extended(known, previous, documents, postings)
        logger.info(
            "Search: %d articles added to the last index", len(documents) - known
        )
        return index
    try:
        index = _updated(kept, alignment, previous, documents, postings)
    except _Disagrees as reason:
        logger.warning("Search: the kept index is not used (%s); rebuilt", reason)
        return None
    logger.info(
        "Search: %d articles put in the last index, %d taken out of it",
        len(alignment.added),
        len(alignment.removed),
    )
    return index


def changed_keys(kept: list[str], names: list[str], postings: PostingsCache):
    """The ids whose document is not the last build's (the same positions,
    other names), with the keys of the last build's and this build's
    postings cache entries there (both still cached until the build
    ends); None where one is missing, or where more than
    MAX_CHANGED_SHARE of the ids changed (an article deleted or dated
    among the first: reading two entries an id would cost more than the
    writer saves). Tuples, not frozensets: the C pickler's fast mode
    (workers._dump) fails with a KeyError once a value holds 50
    frozensets (CPython gh-146059), and these cross to the writer process
    (25 changed articles did)."""
    if sum(map(str.__ne__, kept, names)) > len(kept) * MAX_CHANGED_SHARE:
        return None
    found = {}
    for doc, (old, new) in enumerate(zip(kept, names, strict=False)):
        if old == new:
            continue
        entries = postings.load_named(old), postings.load_named(new)
        if None in entries:
            return None
        last, now = entries[0][0], entries[1][0]
        # A key both versions hold with one weight keeps its posting: its
        # bucket did not move (pair counts neither: both versions count).
        found[doc] = (
            old,
            tuple(key for key, weight in last.items() if now.get(key) != weight),
            tuple(key for key, weight in now.items() if last.get(key) != weight),
        )
    return found


def _updated(kept, alignment: Alignment, previous, documents, postings):
    removed = alignment.removed
    old = [postings.load_named(kept[doc]) for doc in removed]
    if None in old:
        raise _Disagrees("a removed article's last postings are not cached")
    _take_out(previous, removed, [weights for weights, _ in old])
    aliases = _aliases(previous, removed, [found for _, found in old])
    _resolve_orphans(aliases, removed, kept, postings)
    if not alignment.in_place:
        previous.ids = renumbered(previous.ids, alignment.new_ids)
        aliases.renumber(alignment)
    ids = alignment.added
    added = _analyse((documents[doc] for doc in ids), ids, postings)
    aliases.merge(added)
    # Spliced, not joined as unpack joins ranges: a changed article's
    # postings go among the kept ones, and only its keys are looked at.
    joined = _without_empty(spliced(previous, added))
    return SearchIndex(joined, aliases.aliases, len(documents), aliases.docs)


def _take_out(previous: Packed, removed: list[int], old: list[dict]) -> None:
    """Remove the postings of documents `removed` (their keys `old`)."""
    starts = posting_starts(previous.counts)
    found, counts, ids = [], previous.counts, previous.ids
    for doc, weights in zip(removed, old, strict=True):
        for key in weights:
            try:
                number = previous.terms.number(key)
            except KeyError:
                raise _Disagrees(f"key {key!r} is not in the kept index") from None
            start = starts[number]
            end = start + counts[number]
            at = bisect_left(ids, doc, start, end)
            if at == end or ids[at] != doc:
                raise _Disagrees(f"document {doc} is not in the list of {key!r}")
            found.append((at, number))
    found.sort()
    for _, number in found:
        counts[number] -= 1
    dropped = [at for at, _ in found]
    previous.ids = _without_positions(previous.ids, dropped)
    previous.weights = _without_positions(previous.weights, dropped)


def _without_positions(values: array, positions: list[int]) -> array:
    """A copy of `values` without the items at `positions` (ascending)."""
    kept, size, last = array(values.typecode), values.itemsize, 0
    with memoryview(values) as items, items.cast("B") as view:
        for position in positions:
            kept.frombytes(view[last * size : position * size])
            last = position + 1
        kept.frombytes(view[last * size :])
    return kept


def _without_empty(postings: Postings) -> Postings:
    """The postings without the keys left with none (a changed article's
    words and pairs that no other article holds), as a fresh build has."""
    counts = postings.counts
    if all(counts):
        return postings
    keys = postings.keys.without(counts)
    return Postings(
        keys, array("I", compress(counts, counts)), postings.ids, postings.weights
    )


class _Aliases:
    """The aliases and alias_docs of an index being updated."""

    def __init__(self, aliases: dict[str, str], docs: dict[str, tuple[int, int]]):
        self.aliases, self.docs = aliases, docs
        # form -> the document it was first found in, now taken out
        self.orphans: dict[str, int] = {}

    def renumber(self, alignment: Alignment) -> None:
        """Each form's first document at its id in this build (every first
        document is a held one, once the orphans are resolved)."""
        new_ids = alignment.new_ids
        self.docs = {
            form: (new_ids[first], count) for form, (first, count) in self.docs.items()
        }

    def merge(self, added: Packed) -> None:
        """The added part's forms (its documents' new versions and added
        articles, in id order)."""
        for form, found in added.alias_docs.items():
            known = self.docs.get(form)
            if known is None or found[0] < known[0]:
                self.aliases[form] = added.aliases[form]
            self.docs[form] = joined_provenance(known, found)


def _aliases(previous: Packed, removed, old: list[dict]) -> _Aliases:
    """previous's aliases without the removed documents' (their forms
    `old`); forms whose first document was one of them are left in
    `orphans`."""
    found = _Aliases(dict(previous.aliases), dict(previous.alias_docs))
    for doc, forms in zip(removed, old, strict=True):
        for form in forms:
            try:
                first, count = found.docs[form]
            except KeyError:
                raise _Disagrees(f"form {form!r} has no documents") from None
            found.docs[form] = (first, count - 1)
            if first == doc:
                found.orphans[form] = doc
    return found


def _resolve_orphans(found: _Aliases, removed: list[int], kept, postings) -> None:
    """Each orphan form gets the stem of the next kept document holding it
    that was not removed, read from the postings cache in id order
    (`kept`: the kept documents' names); a form no such document holds is
    dropped (the added part may bring it back)."""
    waiting = {}
    for form, doc in found.orphans.items():
        if found.docs[form][1]:
            waiting[form] = doc
        else:
            del found.docs[form], found.aliases[form]
    if not waiting:
        return
    skipped = set(removed)
    for doc in range(min(waiting.values()) + 1, len(kept)):
        if doc in skipped:
            continue
        forms = postings.load_aliases(kept[doc])
        if forms is None:
            raise _Disagrees(f"document {doc}'s postings are not cached")
        for form in waiting.keys() & forms.keys():
            if doc > waiting[form]:
                found.aliases[form] = forms[form]
                found.docs[form] = (doc, found.docs[form][1])
                del waiting[form]
        if not waiting:
            return
    raise _Disagrees(f"no document holds {min(waiting)!r}")


def renumbered(ids: array, new_ids: array) -> array:
    """`ids` (array("I") of kept documents, none removed) each replaced by
    new_ids[id], in place: a numpy gather over chunks, since the ids of a
    realistic archive are millions (a Python step an id was seconds) and
    one copy of them whole is tens of MB more at the update's peak."""
    import numpy  # where it is used: Pelican's process imports this module

    view = numpy.frombuffer(ids, dtype=numpy.uint32)
    targets = numpy.frombuffer(new_ids, dtype=numpy.int64)
    for low in range(0, len(view), _RENUMBER_CHUNK):
        chunk = view[low : low + _RENUMBER_CHUNK]
        chunk[:] = targets[chunk]
    return ids
