"""Related articles: for each document, the most similar *older* documents
of the same language.

Each is judged with what was known when the document was the newest (idf
over the documents up to it), so an article's list never changes later.

Data shapes:
    is_term(key) -> bool        a term, not a pair or an exact form
    related(index, languages, count) -> list[list[doc_id]]
        index: index.SearchIndex; languages: each document's, by doc id
"""

import heapq
import math
from bisect import bisect_left
from collections import defaultdict

from .index import Postings, SearchIndex
from .keys import PAIR_SEPARATOR
from .rules import MARKS
from .workers import paused_gc

# Related articles: the document's strongest terms, ignoring terms held by
# more than 1 in 50 of the articles before it: common words relate
# everything, and following their long posting lists is most of the cost.
RELATED_TERMS = 12
RELATED_MAX_SHARE = 0.02


def is_term(key: str) -> bool:
    """Whether a postings key is a term (not a pair or an exact form)."""
    return PAIR_SEPARATOR not in key and key.translate(MARKS) == key


def _strongest_terms(index: SearchIndex) -> list[list[tuple[float, str]]]:
    """Per document, the RELATED_TERMS largest (weight x idf as of its
    publication, term) of its terms, as a heap (smallest first).

    Bounded heaps, not every term: a list of all of them held a tuple and
    a float for most of each article's words, hundreds of bytes a word
    (about 350 MB at 20,000 articles of a realistic vocabulary)."""
    strongest: list[list[tuple[float, str]]] = [[] for _ in range(index.count)]
    log = math.log
    postings = index.postings
    # A key held by one document relates it to nothing.
    if isinstance(postings, Postings):
        held = postings.words_held_by(2)
    else:
        held = ((key, *found) for key, found in postings.items() if len(found[0]) > 1)
    for term, ids, weights in held:
        if not is_term(term):
            continue
        # As of `doc`: `rank + 1` of the first `doc + 1` documents hold it.
        for rank, (doc, weight) in enumerate(zip(ids, weights, strict=True)):
            if rank > 0 and (rank < 2 or rank < (doc + 1) * RELATED_MAX_SHARE):
                df = rank + 1  # BM25's idf, as search.js computes it
                score = weight * log(1 + (doc + 1 - df + 0.5) / (df + 0.5))
                heap = strongest[doc]
                if len(heap) < RELATED_TERMS:
                    heapq.heappush(heap, (score, term))
                elif (score, term) > heap[0]:
                    heapq.heapreplace(heap, (score, term))
    return strongest


@paused_gc()
def related(index: SearchIndex, languages: list[str], count: int) -> list[list[int]]:
    """For each document (its language in `languages`, by doc id), up to
    `count` similar older documents, best first."""
    result = []
    for doc, candidates in enumerate(_strongest_terms(index)):
        similarity: dict[int, float] = defaultdict(float)
        lang = languages[doc]
        for weight, term in heapq.nlargest(RELATED_TERMS, candidates):
            ids, weights = index.postings[term]
            older = bisect_left(ids, doc)  # ids ascending: ids[:older] < doc
            for other, other_weight in zip(ids[:older], weights[:older], strict=True):
                if languages[other] == lang:
                    similarity[other] += weight * other_weight
        best = heapq.nsmallest(count, similarity.items(), key=lambda i: (-i[1], -i[0]))
        result.append([other for other, _ in best])
    return result
