"""Index building: documents -> weighted postings and related lists.

Each article's title, body and source are analysed (analysis.py, stemmed
where Snowball has a stemmer for its language), and each (key, document)
pair gets the term-frequency part of its BM25F score: Whoosh's bm25() with
an idf of 1, summed over the fields with their boosts. Keys are:
    terms          "flood", "공무" (stems where the language has a stemmer)
    exact forms    "chờ": a word with diacritics as written, for languages
                   without a stemmer (rules.MARKS would fold it)
    pairs          "nha bao", "공무 무원": two terms next to each other in a
                   field, for phrases (PAIR_SEPARATOR joins them)
The browser multiplies a weight by the key's idf, from the length of the
posting list and the number of articles (search/meta.js).

Every stored weight depends on its own document only (field lengths are
normalised against fixed typical lengths, not the corpus average), so
adding articles appends to posting lists and never rewrites them: update
packs stay small.

Why the postings are counted here rather than read back out of a Whoosh
index: the export needs exactly these per-document counts, and sending the
1.8 million postings of 5,000 articles through Whoosh's SegmentWriter and
reading them back cost 19-25 s of pure-Python work on a two-core machine,
where Pagefind indexes the same site in 7-9 s (bench/search.py; the issue
asks for no slower); counted here, the whole search adds 4-5 s. Large
sites are analysed in several processes, one contiguous range of documents
each, and the ranges' postings are joined in document order.

Data shapes:
    Document(title, body, source, lang): what is indexed of one article
    SearchIndex:
        postings: dict[term, (doc ids, weights)]  two array("I"), ids ascending
        aliases: dict[surface form, stem]         stemmed words only
        count: int                                number of documents
    build_index(documents, processes=1, cache=None) -> SearchIndex
    Packed, pack(index), unpack(parts, count, index=None): postings
        flattened for the trip to and from worker processes
    related(index, languages, count) -> list[list[doc_id]]
        the most similar *older* documents of the same language, judged
        with what was known when the document was the newest (idf over the
        documents up to it), so an article's list never changes later

Document ids are positions in `documents`, which the caller orders oldest
first: new articles get new ids and old postings keep theirs.
"""

import heapq
import math
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice, pairwise, repeat

from whoosh.scoring import bm25

from .analysis import exact_form, stemmer, tokens
from .postings_cache import PostingsCache
from .rules import MARKS, SCORING
from .workers import Job, paused_gc

# BM25 parameters, and per field: (boost against a body match, typical
# analysed length in terms, standing in for the corpus average).
K1 = SCORING["k1"]
B = SCORING["b"]
# The body comes first: it has the most terms (see document_weights).
FIELDS = {
    "body": (SCORING["body"], 400.0),
    "title": (SCORING["title"], 12.0),
    "source": (SCORING["source"], 4.0),
}
PAIR_SEPARATOR = " "
_PAIR = "{}" + PAIR_SEPARATOR + "{}"
# Weights are sent as small integers.
WEIGHT_SCALE = 10
# Below this many documents per process, starting a process costs more
# than it saves.
DOCUMENTS_PER_PROCESS = 500
# Related articles: the document's strongest terms, ignoring terms held by
# more than 1 in 50 of the articles before it: common words relate
# everything, and following their long posting lists is most of the cost.
RELATED_TERMS = 12
RELATED_MAX_SHARE = 0.02


@dataclass(frozen=True)
class Document:
    title: str
    body: str
    source: str
    lang: str


@dataclass
class SearchIndex:
    postings: dict[str, tuple[array, array]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    count: int = 0


class _Analyser:
    """Keys of one document's fields, with stems remembered per language;
    `aliases` collects {surface form: stem} of the words it meets (reset
    for each document: the postings cache keeps them per document)."""

    def __init__(self):
        self.aliases: dict[str, str] = {}
        # lang -> (stemmer, {raw word: stem}), or None without a stemmer
        self._stemming: dict[str, tuple | None] = {}

    def field_keys(self, text: str, lang: str) -> tuple[list[str], int]:
        """(terms, exact forms and pairs of `text`, number of terms)."""
        found, raw = tokens(text)
        if lang not in self._stemming:
            stem = stemmer(lang)
            self._stemming[lang] = (stem, {}) if stem else None
        if self._stemming[lang] is None:
            # Exact forms where folding took diacritics away.
            keys = [
                exact_form(word)
                for term, word in zip(found, raw, strict=True)
                if term != word and word.translate(MARKS) != word
            ]
        else:
            stem, known = self._stemming[lang]
            keys = []
            for position, (term, word) in enumerate(zip(found, raw, strict=True)):
                if word not in known:
                    known[word] = (stem(word) or term) if not word.isnumeric() else term
                stemmed = found[position] = known[word]
                if stemmed != term:
                    self.aliases.setdefault(term, stemmed)
        keys += map(_PAIR.format, found[:-1], found[1:])
        return found + keys, len(found)


def document_weights(document: Document, analyser: _Analyser) -> dict[str, int]:
    """Each key's BM25F term-frequency part in `document`, scaled to an int.

    Every field's part is rounded on its own; a key gets at least 1.
    """
    weights: dict[str, int] = {}
    for name, (boost, typical_length) in FIELDS.items():
        keys, length = analyser.field_keys(getattr(document, name), document.lang)
        counts = Counter(keys)
        # A weight depends only on the key's frequency: a few values a field.
        table = {
            frequency: max(
                1,
                round(
                    boost
                    * WEIGHT_SCALE
                    * bm25(1.0, frequency, length, typical_length, B, K1)
                ),
            )
            for frequency in set(counts.values())
        }
        if not weights:  # the first field with terms: all in C
            weights = dict(
                zip(counts, map(table.__getitem__, counts.values()), strict=True)
            )
            continue
        for key, frequency in counts.items():
            weights[key] = weights.get(key, 0) + table[frequency]
    return weights


@dataclass
class Packed:
    """Postings flattened for the trip between processes: a list of terms
    and three flat arrays (postings per term, then all doc ids, all
    weights, term after term) pickle in milliseconds, where a dict of
    100,000 small arrays takes most of a second each way."""

    terms: list[str]
    counts: array
    ids: array
    weights: array
    aliases: dict[str, str]


def _packed(ids: dict[str, array], weights: dict[str, array], aliases) -> Packed:
    all_ids, all_weights = array("I"), array("I")
    deque(map(all_ids.extend, ids.values()), maxlen=0)
    deque(map(all_weights.extend, weights.values()), maxlen=0)
    counts = array("I", map(len, ids.values()))
    return Packed(list(ids), counts, all_ids, all_weights, aliases)


def pack(index: SearchIndex) -> Packed:
    ids = {term: found[0] for term, found in index.postings.items()}
    weights = {term: found[1] for term, found in index.postings.items()}
    return _packed(ids, weights, index.aliases)


def unpack(parts: list[Packed], count: int, index: SearchIndex | None = None):
    """One index from the packed postings of consecutive document ranges,
    appended to those of `index` (documents before them) if given."""
    index = index or SearchIndex()
    index.count = count
    for part in parts:
        end = 0
        for term, length in zip(part.terms, part.counts, strict=True):
            start, end = end, end + length
            if term in index.postings:
                index.postings[term][0].extend(part.ids[start:end])
                index.postings[term][1].extend(part.weights[start:end])
            else:
                index.postings[term] = (part.ids[start:end], part.weights[start:end])
        for form, stem in part.aliases.items():  # the earliest document's
            index.aliases.setdefault(form, stem)
    return index


def _analyse(documents: Iterable[Document], first: int, cache: PostingsCache | None):
    """Postings of a range of documents, the first with id `first`:
    ({term: doc ids}, {term: weights}, aliases); each document's weights
    and aliases from `cache` when it holds them, else analysed (and stored)."""
    ids: dict[str, array] = defaultdict(lambda: array("I"))
    weights: dict[str, array] = defaultdict(lambda: array("I"))
    aliases: dict[str, str] = {}
    analyser = _Analyser()
    for doc, document in enumerate(documents, start=first):
        cached = cache.load(document) if cache else None
        if cached is None:
            analyser.aliases = {}
            cached = document_weights(document, analyser), analyser.aliases
            if cache:
                cache.store(document, cached)
        found, found_aliases = cached
        # The earliest document's stem for a form, as one analyser would keep.
        deque(map(aliases.setdefault, found_aliases, found_aliases.values()), 0)
        # ids[term].append(doc) and weights[term].append(weight) for every
        # term, run by map() in C: this loop meets every posting once.
        deque(map(array.append, map(ids.__getitem__, found), repeat(doc)), maxlen=0)
        deque(map(array.append, map(weights.__getitem__, found), found.values()), 0)
    return ids, weights, aliases


@paused_gc()
def analyse_range(task: tuple[list[Document], int, PostingsCache | None]) -> Packed:
    """_analyse() packed, in a worker process."""
    return _packed(*_analyse(*task))


def _ranges(count: int, processes: int) -> list[tuple[int, int]]:
    """`processes` contiguous ranges of equal size covering 0..count."""
    parts = max(1, min(processes, count))
    cuts = [round(count * k / parts) for k in range(parts + 1)]
    return list(pairwise(cuts))


@paused_gc()
def build_index(
    documents: Sequence[Document],
    processes: int = 1,
    cache: PostingsCache | None = None,
) -> SearchIndex:
    """With `processes` > 1, worker processes analyse all ranges but the
    first, which this process analyses meanwhile (see workers.py); with a
    `cache`, only documents it does not hold are analysed."""
    (start, stop), *others = _ranges(len(documents), processes)
    jobs = [Job(analyse_range, (documents[a:b], a, cache)) for a, b in others]
    # Its own range as an iterator: the caller's documents may be made on
    # demand (generator.ArticleDocuments), one body at a time.
    ids, weights, aliases = _analyse(islice(documents, start, stop), start, cache)
    # Both dicts got their keys in the same order (see _analyse).
    lists = dict(
        zip(ids, zip(ids.values(), weights.values(), strict=True), strict=True)
    )
    first = SearchIndex(lists, aliases)
    return unpack([job.result() for job in jobs], len(documents), first)


def is_term(key: str) -> bool:
    """Whether a postings key is a term (not a pair or an exact form)."""
    return PAIR_SEPARATOR not in key and key.translate(MARKS) == key


def _strongest_terms(index: SearchIndex) -> list[list[tuple[float, str]]]:
    """Per document, (weight x idf as of its publication, term) of its terms."""
    strongest: list[list[tuple[float, str]]] = [[] for _ in range(index.count)]
    log = math.log
    for term, (ids, weights) in index.postings.items():
        if len(ids) < 2 or not is_term(term):
            continue  # held by one document: relates it to nothing
        # As of `doc`: `rank + 1` of the first `doc + 1` documents hold it.
        for rank, (doc, weight) in enumerate(zip(ids, weights, strict=True)):
            if rank > 0 and (rank < 2 or rank < (doc + 1) * RELATED_MAX_SHARE):
                df = rank + 1  # BM25's idf, as search.js computes it
                score = weight * log(1 + (doc + 1 - df + 0.5) / (df + 0.5))
                strongest[doc].append((score, term))
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
