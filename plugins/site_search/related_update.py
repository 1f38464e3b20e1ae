"""Related lists of the last build kept where no changed article can have
moved them.

A document's list (related.py) depends on the documents up to it only, and
through its terms only: for each term it holds, how many documents before
it hold the term (its rank: the term is a candidate when that is at least
one and at most RELATED_MAX_SHARE of them, and the rank gives its idf),
and, for its strongest candidates, the earlier documents holding them,
their weights and languages. So when articles changed in place (same id,
other text: index_update.py), the list of a later document k can differ
only if it holds a term that a changed article before it held or holds,
and that term is a candidate for k in the old index or the new one. The
rank of k in a term's list moved by at most the number of changed
articles before k holding the term (in their old or new version), so a
term whose new rank is at least the candidate bound plus that number is
a candidate in neither, and only documents after the first changed one
holding the term can move; the bound is highest for the last document,
so a list is read only up to there (a few hundred postings of a common
word at 20,000 articles). (One bound for every term, from the first
changed article and their number, made the list of every later holder
of a changed article's rare words again.) The lists of the changed
articles, of those documents and of the added ones are made again, each
from its own terms (its postings cache entry) and their lists in the
index; the others are the last build's. Where the last build's lists are
not of the same first documents (an article removed, or one dated before
others), they are kept up to the first that differs, as before.

Data shapes:
    updated_lists(index, languages, count, names, kept, postings)
        -> (lists, how many kept)   kept: RelatedCache.kept(count), or None
"""

import logging
from bisect import bisect_left

from .index_cache import usable
from .postings import Postings, SearchIndex
from .postings_cache import PostingsCache
from .related import (
    RELATED_MAX_SHARE,
    idf_weighted,
    is_candidate,
    is_term,
    push_bounded,
    related,
    similar,
)

logger = logging.getLogger(__name__)


def updated_lists(
    index: SearchIndex,
    languages: list[str],
    count: int,
    names: list[str],
    kept: tuple[list[str], list[list[int]]] | None,
    postings: PostingsCache,
) -> tuple[list[list[int]], int]:
    """Every document's list (`names`: their postings cache names), and how
    many of them are the last build's (`kept`: its names and lists)."""
    if kept is None:
        return related(index, languages, count), 0
    kept_names, lists = kept
    known = min(len(kept_names), len(names))
    changed = [doc for doc in range(known) if kept_names[doc] != names[doc]]
    if changed and usable(kept_names, names):
        found = _changed_in_place(index, languages, count, kept, names, postings)
        if found is not None:
            return found
    shared = changed[0] if changed else known
    return lists[:shared] + related(index, languages, count, shared), shared


def _changed_in_place(index, languages, count, kept, names, postings):
    """updated_lists() where articles changed in place; None where an
    entry is missing."""
    kept_names, lists = kept
    known = len(kept_names)
    if not isinstance(index.postings, Postings):
        return None
    changed = [doc for doc in range(known) if kept_names[doc] != names[doc]]
    holders = _holders(changed, kept_names, names, postings)
    if holders is None:
        return None
    again = set(changed) | _moved(index.postings, holders, index.count)
    again = sorted(doc for doc in again if doc < known)
    # Thousands of lists at 20,000 articles of a realistic vocabulary,
    # sharing most of their terms: each is told apart and looked up once.
    numbers, is_kept = _Memo(index.postings.number), _Memo(is_term).__getitem__
    for doc in again:
        terms = _terms_of([doc], [], names, postings, is_kept)
        if terms is None:
            return None
        lists[doc] = _list_of(index, languages, count, doc, terms, numbers)
    lists = lists[:known] + related(index, languages, count, known)
    return lists, known - len(again)


class _Memo(dict):
    """{argument: function(argument)}, each computed once."""

    def __init__(self, function):
        super().__init__()
        self._function = function

    def __missing__(self, argument):
        found = self[argument] = self._function(argument)
        return found


def _terms_of(docs, kept_names, names, postings, is_kept=is_term) -> set[str] | None:
    """The terms of the documents `docs` (their postings cache entries), and
    of their last versions (`kept_names`) where given; None if an entry
    is missing."""
    found = _holders(docs, kept_names, names, postings, is_kept)
    return None if found is None else set(found)


def _holders(
    docs, kept_names, names, postings, is_kept=is_term
) -> dict[str, list[int]] | None:
    """{term: the documents of `docs` holding it, ascending}: their terms
    (their postings cache entries), and their last versions' (`kept_names`)
    where given; None if an entry is missing."""
    found: dict[str, list[int]] = {}
    for doc in sorted(docs):
        for entry_names in (kept_names, names):
            if doc >= len(entry_names):
                continue
            entry = postings.load_named(entry_names[doc])
            if entry is None:
                return None
            for term in filter(is_kept, entry[0]):
                held = found.setdefault(term, [])
                if not held or held[-1] != doc:
                    held.append(doc)
    return found


def _moved(postings: Postings, holders: dict[str, list[int]], count: int) -> set[int]:
    """The documents whose list one of the terms of `holders` (the changed
    documents holding it, ascending) may have moved: those after the
    first changed one holding it, at a rank below the candidate bound
    plus the number of changed documents holding it."""
    ids, found = postings.ids, set()
    for term, docs in holders.items():
        try:
            number = postings.number(term)
        except KeyError:  # no document holds it now
            continue
        first, slack = docs[0], len(docs)
        highest = max(2, count * RELATED_MAX_SHARE) + slack
        start = postings.starts[number]
        end = min(start + postings.counts[number], start + int(highest) + 1)
        for rank, doc in enumerate(ids[start:end]):
            if doc > first and rank < max(2, (doc + 1) * RELATED_MAX_SHARE) + slack:
                found.add(doc)
    return found


def _list_of(index, languages, count, doc: int, terms: set[str], numbers) -> list[int]:
    """Document `doc`'s list, from its own terms (`numbers`: {term: its key
    number}): as related() makes it."""
    postings = index.postings
    ids, weights, heap = postings.ids, postings.weights, []
    for term in terms:
        number = numbers[term]
        start, length = postings.starts[number], postings.counts[number]
        if length < 2:  # a term held by one document relates it to nothing
            continue
        at = bisect_left(ids, doc, start, start + length)
        if is_candidate(at - start, doc):
            push_bounded(heap, idf_weighted(weights[at], at - start, doc), term)
    return similar(index, languages, count, doc, heap)
