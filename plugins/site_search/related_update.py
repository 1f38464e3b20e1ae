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
of a changed article's rare words again.) Of those documents, only the
ones where such a term is among the strongest in the old index, or can
be in the new one, can move: the cache keeps each list's weakest score
(related.weakest), and a term's score in k moved only through its rank.
Where no such term's rank moved, only the changed articles' similarity
to k moved: the list moves only if one of them was in it or is now at
least as similar as its last entry (related.floor, also kept; _moved).
An article rewritten whole gains and loses most of its terms, so most
of those lists are made again; one corrected in a few words keeps most
of its terms and their ranks. When every document from the first changed
one on changed (an article dated among the last ones renumbers every
later one), no unchanged document is left that could move. The lists of
the changed articles, of the documents that may have moved and of the
added ones are made again; the others are the last build's. A changed
article's strongest terms are found again from its own terms (its
postings cache entry) and their lists in the index. Those of a document
that did not change are among the ones the last build kept (its
strongest and RELATED_RESERVE more), rescored, and its terms whose rank
moved: another of its terms scores what it did, and the cache keeps a
bound of the best score left out of those (ListFacts.outside): where
every term of the new strongest scores above it, none of the others can
be among them (_rescored). Where one may, the terms come from the entry
too. (From the entry, a list was about 1 ms, two thirds of it finding
the strongest terms: 3,400 lists after 10 changed articles at 20,000 of
a realistic vocabulary.)
Where the last build's lists are not of the same first documents (an
article removed, or more dated before others than the kept index can
take), they are kept up to the first that differs, as before.

Data shapes:
    updated_lists(index, languages, count, names, kept, postings)
        -> (lists, their related.ListFacts, how many kept)
        kept: RelatedCache.kept(count), or None
"""

import logging
import math
from array import array
from bisect import bisect_left

from .index_cache import usable
from .keys import PAIR_SEPARATOR
from .postings import Postings, SearchIndex
from .postings_cache import PostingsCache
from .related import (
    RELATED_MAX_SHARE,
    ListFacts,
    idf_weighted,
    is_candidate,
    is_term,
    left_out,
    push_bounded,
    ranked,
    related,
    weakest,
)

logger = logging.getLogger(__name__)


def updated_lists(
    index: SearchIndex,
    languages: list[str],
    count: int,
    names: list[str],
    kept: tuple[list[str], list[list[int]], ListFacts] | None,
    postings: PostingsCache,
) -> tuple[list[list[int]], ListFacts, int]:
    """Every document's list (`names`: their postings cache names), their
    ListFacts, and how many of the lists are the last build's (`kept`:
    its names, lists and ListFacts)."""
    if kept is None:
        facts = ListFacts()
        return related(index, languages, count, 0, facts), facts, 0
    kept_names, lists, kept_facts = kept
    known = min(len(kept_names), len(names))
    changed = [doc for doc in range(known) if kept_names[doc] != names[doc]]
    if changed and usable(kept_names, names):
        found = _changed_in_place(
            index, languages, count, kept, names, postings, changed
        )
        if found is not None:
            return found
    # _changed_in_place (None: an entry missing) may have written into the
    # kept lists and facts, but only from the first changed document on:
    # the head kept here is the last build's.
    shared = changed[0] if changed else known
    facts = kept_facts.head(shared)
    lists = lists[:shared] + related(index, languages, count, shared, facts)
    return lists, facts, shared


def _changed_in_place(index, languages, count, kept, names, postings, changed):
    """updated_lists() where articles changed in place (`changed`: the
    kept documents whose names differ, ascending, one at least); None
    where an entry is missing."""
    kept_names, lists, facts = kept
    known = len(kept_names)
    if not isinstance(index.postings, Postings):
        return None
    moved: set[int] = set()
    rescoring: dict[int, dict[str, float]] = {}
    # _moved finds only unchanged documents after the first changed one and
    # before `known`: none when every one of them changed (an article dated
    # among the last ones renumbers all later ones; after 100 such at
    # 20,000, finding none took 1.2 s of py-spy's 3.0 s for the lists).
    if len(changed) < known - changed[0]:
        held = (
            _holders(changed, kept_names, postings),
            _holders(changed, names, postings),
        )
        if None in held:
            return None
        last = (lists, facts.bounds, languages)
        moved = _moved(index.postings, *held, last, index.count)
        unchanged = moved.difference(changed)
        rescoring = _moved_terms(index.postings, *held, unchanged, facts, index.count)
    again = sorted(doc for doc in set(changed) | moved if doc < known)
    numbers = None  # _related_terms(), once a list needs its entry
    rescored = 0
    for doc in again:
        found = None
        if doc in rescoring:
            found = _rescored(index.postings, doc, facts, rescoring[doc])
        if found is None:
            if numbers is None:
                numbers = _related_terms(index.postings)
            terms = _terms_of(doc, names, postings, numbers)
            if terms is None:
                return None
            found = _strongest_of(index.postings, doc, terms, numbers)
        else:
            rescored += 1
        candidates, outside = found
        best = ranked(index, languages, count, doc, candidates)
        lists[doc] = [other for other, _ in best]
        facts.put(doc, candidates, best, count, outside)
    logger.debug(
        "Search: %d related lists made again, %d of them from their last"
        " strongest terms",
        len(again),
        rescored,
    )
    lists = lists[:known] + related(index, languages, count, known, facts)
    return lists, facts, known - len(again)


def _related_terms(postings: Postings) -> dict[str, int]:
    """{term: its key number} of every term two documents or more hold:
    the keys a list can be made of (a term one document holds relates it
    to nothing). Found once for the lists made again, which share most of
    their terms."""
    return {
        word: number
        for number, (word, length) in enumerate(
            zip(postings.keys.words, postings.counts, strict=False)
        )
        if length > 1 and is_term(word)
    }


def _terms_of(doc: int, names, postings, numbers: dict) -> set[str] | None:
    """The terms of document `doc` (its postings cache entry) that can
    relate it (`numbers`: _related_terms()); None if the entry is missing.
    A set intersection in C: each of its keys through is_term (memoised)
    was 1.9 s of py-spy's samples in a rebuild after 10 articles changed at
    20,000 of a realistic vocabulary (3,358 lists made again), most keys
    being pairs seen once."""
    entry = postings.load_named(names[doc])
    if entry is None:
        return None
    return entry[0].keys() & numbers.keys()


def _holders(docs, names, postings) -> dict[str, list[int]] | None:
    """{term: the documents of `docs` holding it, ascending}: their terms
    (their postings cache entries, `names`); None if an entry is missing."""
    found: dict[str, list[int]] = {}
    for doc in sorted(docs):
        entry = postings.load_named(names[doc])
        if entry is None:
            return None
        for term in filter(is_term, entry[0]):
            found.setdefault(term, []).append(doc)
    return found


def _moved(
    postings: Postings,
    old: dict[str, list[int]],
    new: dict[str, list[int]],
    last: tuple[list[list[int]], array, list[str]],
    count: int,
) -> set[int]:
    """The unchanged documents whose list may have moved, of those holding
    a term that a changed document before them held (`old`: {term: the
    changed documents whose last version held it, ascending}) or holds
    (`new`); `last`: the last build's lists and bounds (two floats a
    list: related.weakest(), related.floor()), and each document's
    language now.

    A term is among a document's strongest only if it is a candidate
    there (is_candidate) scoring at least the list's weakest score; its
    score moved only through its rank, and each rank is exact: the new
    one, less the changed documents before that hold it now, plus those
    that held it. A list moves if a term whose rank moved is among its
    strongest in the old index or can be in the new one. Else its
    strongest terms and their scores are the last build's, and so is the
    similarity of every unchanged document: the list moves only if a
    changed document was in it, or is now similar enough to enter it (at
    least its floor), counting each term it holds that can be among the
    strongest (an upper bound). (With neither bound, about 5,900 lists
    were made again for 10 changed articles at 20,000 articles of a
    realistic vocabulary; with the first alone, 2,500 to 3,600, of which
    58 of 2,519 held a changed article; with both, 3,358 for another 10:
    bench/scale.py rewrites a changed article whole, so most terms' ranks
    move.)"""
    lists, bounds, languages = last
    ids, weights, found = postings.ids, postings.weights, set()
    # {document: {changed document before it: its similarity's bound}}
    reached: dict[int, dict[int, float]] = {}
    for _, start, end, was, now, first in _moved_ranges(postings, old, new, count):
        holding: dict[int, int] = {}  # changed documents passed: weight
        for rank, doc in enumerate(ids[start:end]):
            if 2 * doc >= len(bounds):  # added since: its list is made anyway
                break
            if doc <= first or doc in found:
                if doc in now:
                    holding[doc] = weights[start + rank]
                continue
            before = rank - bisect_left(now, doc) + bisect_left(was, doc)
            bound, weight = bounds[2 * doc], weights[start + rank]
            scores = [
                idf_weighted(weight, at, doc) if is_candidate(at, doc) else -math.inf
                for at in (before, rank)
            ]
            if max(scores) < bound:  # among the strongest in neither
                pass
            elif before != rank:
                found.add(doc)
            else:
                similar = reached.setdefault(doc, {})
                for other in was[: bisect_left(was, doc)]:
                    similar.setdefault(other, 0.0)
                # A term that is no candidate for `doc` adds nothing to a
                # similarity (its -inf score would hide the other terms').
                if scores[1] > -math.inf:
                    for other, other_weight in holding.items():
                        similar[other] = (
                            similar.get(other, 0.0) + scores[1] * other_weight
                        )
            if doc in now:
                holding[doc] = weights[start + rank]
    for doc, similar in reached.items():
        if doc not in found and _enters(doc, similar, lists, bounds, languages):
            found.add(doc)
    return found


def _moved_ranges(postings: Postings, old, new, count: int):
    """(term, start, end, was, now, first) for each term of the changed
    documents (`old`, `new`: as _moved takes them) that a document holds
    now: its postings from ids[start] up to ids[end] (past it, the term is
    no candidate in the old index or the new one), the changed documents
    that held it (`was`) and hold it (`now`), and the first of them (no
    rank moved up to it)."""
    for term in old.keys() | new.keys():
        try:
            number = postings.number(term)
        except KeyError:  # no document holds it now
            continue
        was, now = old.get(term, []), new.get(term, [])
        first, slack = min(was[:1] + now[:1]), max(len(was), len(now))
        highest = max(2, count * RELATED_MAX_SHARE) + slack
        start = postings.starts[number]
        end = min(start + postings.counts[number], start + int(highest) + 1)
        yield term, start, end, was, now, first


def _moved_terms(
    postings: Postings, old, new, found: set[int], facts: ListFacts, count: int
) -> dict[int, dict[str, float]]:
    """{document of `found`: {its term whose rank moved: its score now,
    -inf where it is no candidate}}, of the changed documents' terms
    (`old`, `new`: as _moved takes them). Where such a term's rank moved
    in another unchanged document, it is not among that one's strongest
    (_moved would have found it): its score now goes into facts.outside
    where it is higher, which a later build's _rescored counts on."""
    ids, weights, outside = postings.ids, postings.weights, facts.outside
    scores: dict[int, dict[str, float]] = {doc: {} for doc in found}
    for term, start, end, was, now, first in _moved_ranges(postings, old, new, count):
        for rank, doc in enumerate(ids[start:end]):
            if doc >= len(outside):  # added since: its list is made anyway
                break
            if doc <= first:
                continue
            if bisect_left(now, doc) == bisect_left(was, doc):
                continue  # as many before it hold it: the same rank and score
            score = -math.inf
            if is_candidate(rank, doc):
                score = idf_weighted(weights[start + rank], rank, doc)
            if doc in scores:
                scores[doc][term] = score
            elif score > outside[doc]:
                outside[doc] = score
    return scores


def _rescored(
    postings: Postings, doc: int, facts: ListFacts, moved: dict[str, float]
) -> tuple[list[tuple[float, str]], float] | None:
    """Unchanged document `doc`'s strongest terms now and a few more (a
    heap, as push_bounded keeps it) and a bound of the score of every
    term left out of them, from those the last build kept (facts) and its
    terms whose rank moved (`moved`: _moved_terms()); None where another
    of its terms may be among the RELATED_TERMS strongest.

    Another term scores what it did, at most facts.outside[doc]: it
    cannot be among them when each of them scores more (an equal score
    would leave the order to the terms' names), nor, when none of the
    others was a candidate (-inf), at all. The heap's others need not be
    the next strongest: the bound covers whatever it leaves out."""
    heap: list[tuple[float, str]] = []
    outside = facts.outside[doc]
    strongest = facts.strongest[doc]
    for term in strongest.split(PAIR_SEPARATOR) if strongest else ():
        # Scored as a fresh build does: one kept beyond the strongest may
        # have stopped being a candidate in an earlier build (_moved did
        # not find its document: it was not among the strongest).
        if term not in moved:
            _push_scored(heap, postings, doc, postings.number(term), term)
    for term, score in moved.items():
        if score > -math.inf:
            push_bounded(heap, score, term)
    # weakest(): -inf while the heap is short of RELATED_TERMS.
    if outside > -math.inf and weakest(heap) <= outside:
        return None
    return heap, max(outside, left_out(heap))


def _enters(doc, similar, lists, bounds, languages) -> bool:
    """Whether a changed document of `similar` ({document: its similarity
    to `doc`'s bound}) was in the list of `doc`, or can be now."""
    floor, lang = bounds[2 * doc + 1], languages[doc]
    for other, similarity in similar.items():
        if other in lists[doc]:
            return True
        # Sums of the same terms in another order: a margin for rounding.
        if languages[other] == lang and similarity * (1 + 1e-9) >= floor:
            return True
    return False


def _strongest_of(
    postings: Postings, doc: int, terms: set[str], numbers
) -> tuple[list[tuple[float, str]], float]:
    """Document `doc`'s strongest terms and a few more (a heap) and a bound
    of the score of every term left out (related.left_out), from its own
    terms (`numbers`: {term: its key number}): as related() finds them."""
    heap: list[tuple[float, str]] = []
    for term in terms:
        _push_scored(heap, postings, doc, numbers[term], term)
    return heap, left_out(heap)


def _push_scored(
    heap: list, postings: Postings, doc: int, number: int, term: str
) -> None:
    """Push `term` (key `number`) into `heap` (push_bounded) with its score
    in document `doc`, where it is one of its candidate terms: as
    related() scores it (a term held by `doc` alone is none)."""
    start = postings.starts[number]
    at = bisect_left(postings.ids, doc, start, start + postings.counts[number])
    if is_candidate(at - start, doc):
        score = idf_weighted(postings.weights[at], at - start, doc)
        push_bounded(heap, score, term)
