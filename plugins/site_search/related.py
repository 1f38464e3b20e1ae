"""Related articles: for each document, the most similar *older* documents
of the same language.

Each is judged with what was known when the document was the newest (idf
over the documents up to it), so an article's list never changes later
while the articles before it stay as they were: a build keeps the last
build's lists (RelatedCache, CACHE_PATH/site_search/related, a sealed
pickle under samizdat_contract.cache's rules) and computes only those of
the documents after the longest run of first documents both builds share
(each named by its postings cache name); where articles changed in
place, related_update.py keeps more. Finding them was a fifth of a build
that added 100 articles to 20,000.

Data shapes:
    is_term(key) -> bool        a term, not a pair or an exact form
    related(index, languages, count, first=0, facts=None)
        -> list[list[doc_id]]   the lists of documents first, first + 1,
        ...; index: index.SearchIndex; languages: each document's, by doc
        id; facts: a ListFacts given gets each list's (append)
    ListFacts(bounds, strongest, outside): per document, in doc order,
        what the next build's related_update.py keeps or remakes its list
        by: bounds an array("d"), two floats a list (its weakest() score
        and its floor()); strongest [str], its strongest terms and
        RELATED_RESERVE more, joined by PAIR_SEPARATOR (a term holds
        none); outside an array("d"), one float a list: the highest score
        of a candidate term not among those, or more (an upper bound),
        -inf for none
        .append(candidates, best, count, outside); .put(doc, the same)
        .head(n) -> the first n documents' ListFacts
    weakest(candidates) -> float   the lowest score among a document's
        RELATED_TERMS strongest terms when it has that many, else -inf: a
        term scoring below it for that document is not among them
    ranked(index, languages, count, doc, candidates) -> [(doc_id,
        similarity)], similar()'s list with the similarities;
        floor(ranked list, count) -> float: the lowest similarity of a
        full list, else -inf
    similar(index, languages, count, doc, candidates) -> list[doc_id]
        one document's list, given its strongest terms and a few more (a
        heap of (idf_weighted(weight, rank, doc), term), kept by
        push_bounded());
        is_candidate(rank, doc) -> bool: whether a term `rank` earlier
        documents hold can be one of them; left_out(heap) -> float: a
        bound of the score of every term push_bounded() left out
    RelatedCache(path, read, salt): the last build's lists
        kept(count) -> (names, lists, ListFacts) | None   all of them
        keep(names, count, lists, facts)
    for_settings(settings) -> RelatedCache
"""

import heapq
import logging
import math
import pickle
from array import array
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from samizdat_contract.cache import (
    cache_folder,
    code_fingerprint,
    read_sealed,
    reads_cache,
    write_sealed,
)

from .keys import PAIR_SEPARATOR
from .postings import Postings, SearchIndex
from .postings_cache import PLUGIN
from .rules import MARKS
from .workers import paused_gc

# Related articles: the document's strongest terms, ignoring terms held by
# more than 1 in 50 of the articles before it: common words relate
# everything, and following their long posting lists is most of the cost.
RELATED_TERMS = 12
RELATED_MAX_SHARE = 0.02
# Terms found beyond the strongest and kept with them for the next build
# (ListFacts): a list made again after a few articles changed finds its
# strongest among them (related_update._rescored) unless one of those
# weakened below the best term left out. With none, 1,402 of 3,385 lists
# made again after 10 changed articles at 20,000 of a realistic
# vocabulary needed their article's own terms; with 4, 169 of 3,309. The
# full build pays for the larger heaps: its lists about 12 -> 14.5 s there.
RELATED_RESERVE = 4
# Documents whose candidate terms are found in one pass (see related()).
RELATED_BLOCK = 20_000

logger = logging.getLogger(__name__)

FILE = "related"
FORMAT = 3


def is_term(key: str) -> bool:
    """Whether a postings key is a term (not a pair or an exact form)."""
    return PAIR_SEPARATOR not in key and key.translate(MARKS) == key


def _held_from(index: SearchIndex, first: int, last: int):
    """(term, rank of its first posting here, ids, weights) of each term
    held by two documents or more, its postings of ids `first` to `last`
    - 1 (no copy of the others)."""
    postings = index.postings
    if not isinstance(postings, Postings):
        for key, (ids, weights) in postings.items():
            if len(ids) > 1 and is_term(key):
                start, end = bisect_left(ids, first), bisect_left(ids, last)
                yield key, start, ids[start:end], weights[start:end]
        return
    ids, weights = postings.ids, postings.weights
    # zip stops at the last word: pairs come after every word.
    for key, start, length in zip(
        postings.keys.words, postings.starts, postings.counts, strict=False
    ):
        if length > 1 and is_term(key):
            end = start + length
            offset = bisect_left(ids, first, start, end)
            end = bisect_left(ids, last, offset, end)
            yield key, offset - start, ids[offset:end], weights[offset:end]


def _strongest_terms(
    index: SearchIndex, first: int, last: int
) -> list[list[tuple[float, str]]]:
    """Per document of ids `first` to `last` - 1, the RELATED_TERMS +
    RELATED_RESERVE largest (weight x idf as of its publication, term) of
    its terms, as a
    heap (smallest first).

    Bounded heaps, not every term: a list of all of them held a tuple and
    a float for most of each article's words, hundreds of bytes a word
    (about 350 MB at 20,000 articles of a realistic vocabulary)."""
    strongest: list[list[tuple[float, str]]] = [[] for _ in range(last - first)]
    # A key held by one document relates it to nothing.
    for term, skipped, ids, weights in _held_from(index, first, last):
        # As of `doc`: `rank + 1` of the first `doc + 1` documents hold it.
        for rank, (doc, weight) in enumerate(
            zip(ids, weights, strict=True), start=skipped
        ):
            if is_candidate(rank, doc):
                score = idf_weighted(weight, rank, doc)
                push_bounded(strongest[doc - first], score, term)
    return strongest


@dataclass
class ListFacts:
    """What the next build needs of each document's list (see the module's
    data shapes), in doc order."""

    bounds: array = field(default_factory=lambda: array("d"))
    strongest: list[str] = field(default_factory=list)
    outside: array = field(default_factory=lambda: array("d"))

    def append(self, candidates, best, count: int, outside: float) -> None:
        """The next document's: its strongest terms' heap (`candidates`),
        its list with the similarities (`best`: ranked())."""
        self.bounds.extend((0.0, 0.0))
        self.strongest.append("")
        self.outside.append(outside)
        self.put(len(self.strongest) - 1, candidates, best, count, outside)

    def put(self, doc: int, candidates, best, count: int, outside: float) -> None:
        """append()'s for document `doc`, one of those already here."""
        self.bounds[2 * doc] = weakest(candidates)
        self.bounds[2 * doc + 1] = floor(best, count)
        self.strongest[doc] = PAIR_SEPARATOR.join(term for _, term in candidates)
        self.outside[doc] = outside

    def head(self, count: int) -> "ListFacts":
        return ListFacts(
            self.bounds[: 2 * count], self.strongest[:count], self.outside[:count]
        )

    def consistent(self) -> bool:
        """Whether every document has each of its facts."""
        documents = len(self.strongest)
        return len(self.bounds) == 2 * documents == 2 * len(self.outside)


@paused_gc()
def related(
    index: SearchIndex,
    languages: list[str],
    count: int,
    first: int = 0,
    facts: ListFacts | None = None,
) -> list[list[int]]:
    """For each document from id `first` on (its language in `languages`,
    by doc id), up to `count` similar older documents, best first. A
    document's list depends on the documents up to it only, so the lists
    of the first `first` documents of an earlier build still hold.

    RELATED_BLOCK documents at a time: the heaps of all of them were about
    100 MB at 100,000 articles of a realistic vocabulary, at the Pelican
    process's peak (the index beside the articles); each block costs a
    pass over the terms (a second or two at that size). `facts` gets each
    document's ListFacts, in order: the next build's related_update.py
    keeps a list that no changed article can have moved, and makes one
    that may have moved from its strongest terms where it can."""
    lists = []
    for start in range(first, index.count, RELATED_BLOCK):
        end = min(start + RELATED_BLOCK, index.count)
        strongest = _strongest_terms(index, start, end)
        for doc, candidates in enumerate(strongest, start=start):
            best = ranked(index, languages, count, doc, candidates)
            lists.append([other for other, _ in best])
            if facts is not None:
                facts.append(candidates, best, count, left_out(candidates))
    return lists


def weakest(candidates: list[tuple[float, str]]) -> float:
    """The lowest score of the RELATED_TERMS largest of a heap kept by
    push_bounded() when it has that many (a term scoring below it is not
    among the strongest), else -inf."""
    if len(candidates) < RELATED_TERMS:
        return -math.inf
    return heapq.nlargest(RELATED_TERMS, candidates)[-1][0]


def similar(
    index: SearchIndex,
    languages: list[str],
    count: int,
    doc: int,
    candidates: list[tuple[float, str]],
) -> list[int]:
    """Document `doc`'s list, given its strongest terms (`candidates`: a
    heap of (weight x idf, term), _strongest_terms())."""
    return [other for other, _ in ranked(index, languages, count, doc, candidates)]


def ranked(
    index: SearchIndex,
    languages: list[str],
    count: int,
    doc: int,
    candidates: list[tuple[float, str]],
) -> list[tuple[int, float]]:
    """similar()'s list with each document's similarity to `doc`."""
    similarity: dict[int, float] = defaultdict(float)
    lang = languages[doc]
    for weight, term in heapq.nlargest(RELATED_TERMS, candidates):
        ids, weights = index.postings[term]
        older = bisect_left(ids, doc)  # ids ascending: ids[:older] < doc
        for other, other_weight in zip(ids[:older], weights[:older], strict=True):
            if languages[other] == lang:
                similarity[other] += weight * other_weight
    return heapq.nsmallest(count, similarity.items(), key=lambda i: (-i[1], -i[0]))


def floor(best: list[tuple[int, float]], count: int) -> float:
    """The lowest similarity in a full list (ranked()), else -inf: a
    document less similar than that is not in it."""
    return best[-1][1] if len(best) >= count else -math.inf


def is_candidate(rank: int, doc: int) -> bool:
    """Whether a term that `rank` documents before `doc` hold is one of
    its candidate terms: not held by more than RELATED_MAX_SHARE of
    them (but by one at least)."""
    return rank > 0 and (rank < 2 or rank < (doc + 1) * RELATED_MAX_SHARE)


def idf_weighted(weight: int, rank: int, doc: int) -> float:
    """A term's weight in `doc` times its idf as of `doc` (`rank`
    documents before it hold it)."""
    df = rank + 1  # BM25's idf, as search.js computes it
    return weight * math.log(1 + (doc + 1 - df + 0.5) / (df + 0.5))


def push_bounded(heap: list, score: float, term: str) -> None:
    """Keep the RELATED_TERMS + RELATED_RESERVE largest (score, term) in
    `heap`."""
    if len(heap) < RELATED_TERMS + RELATED_RESERVE:
        heapq.heappush(heap, (score, term))
    elif (score, term) > heap[0]:
        heapq.heapreplace(heap, (score, term))


def left_out(heap: list) -> float:
    """A bound of the score of every term push_bounded() left out of
    `heap`: its lowest when it is full, else -inf (it left none out)."""
    full = len(heap) >= RELATED_TERMS + RELATED_RESERVE
    return heap[0][0] if full else -math.inf


@dataclass(frozen=True)
class RelatedCache:
    path: str
    read: bool
    salt: str

    def kept(self, count: int) -> tuple[list[str], list[list[int]], ListFacts] | None:
        """(the last build's documents' names, their lists, their
        ListFacts), made with the same `count`; None when there are none."""
        if not self.read:
            return None
        payload = read_sealed(Path(self.path))
        if payload is None:  # missing, or damaged (read_sealed warns)
            return None
        try:
            found = pickle.loads(payload)
        except (pickle.UnpicklingError, ValueError, TypeError, EOFError) as error:
            logger.warning(
                "cache entry %s cannot be read (%s); rebuilt", self.path, error
            )
            return None
        # Another format's entry (another length) is a miss, not a warning.
        if not isinstance(found, tuple) or found[:3] != (FORMAT, self.salt, count):
            return None
        if len(found) != 8:
            logger.warning("cache entry %s is inconsistent; rebuilt", self.path)
            return None
        kept_names, lists = found[3:5]
        facts = ListFacts(*found[5:])
        same_length = len(kept_names) == len(lists) == len(facts.strongest)
        if not (same_length and facts.consistent()):
            logger.warning("cache entry %s is inconsistent; rebuilt", self.path)
            return None
        return kept_names, lists, facts

    def keep(
        self, names: list[str], count: int, lists: list[list[int]], facts: ListFacts
    ) -> None:
        # The facts' fields, not the object: an entry names no class.
        payload = (FORMAT, self.salt, count, names, lists)
        payload += (facts.bounds, facts.strongest, facts.outside)
        write_sealed(Path(self.path), pickle.dumps(payload, pickle.HIGHEST_PROTOCOL))


def for_settings(settings) -> RelatedCache:
    return RelatedCache(
        str(cache_folder(settings, PLUGIN) / FILE),
        reads_cache(settings),
        code_fingerprint(PLUGIN),
    )
