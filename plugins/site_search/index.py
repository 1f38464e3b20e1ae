"""Index building: documents -> weighted postings (related.py: related lists).

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
sites are analysed in worker processes, a few at a time, each a
contiguous range of at most DOCUMENTS_PER_RANGE documents, and the ranges'
postings are joined in document order (postings.unpack).

Data shapes:
    Document(title, body, source, lang): what is indexed of one article
    SearchIndex(postings, aliases, count): see postings.py
    build_index(documents, processes=1, cache=None) -> SearchIndex
    Packed, pack(index), unpack(parts, count): postings flattened for the
        trip to and from worker processes, keys numbered (keys.py; the
        packed forms are in postings.py)

Document ids are positions in `documents`, which the caller orders oldest
first: new articles get new ids and old postings keep theirs.
"""

import itertools
import os
import tempfile
from array import array
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise, repeat

from whoosh.scoring import bm25

from .analysis import exact_form, stemmer, tokens
from .keys import PAIR_SEPARATOR, PAIR_SHIFT, Keys, numbered_codes
from .postings import Packed, Postings, SearchIndex, posting_starts, unpack
from .postings_cache import PostingsCache
from .rules import MARKS, SCORING
from .workers import StoredArray, each_in_workers, paused_gc

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
_PAIR = "{}" + PAIR_SEPARATOR + "{}"
# Weights are sent as small integers.
WEIGHT_SCALE = 10
# The largest weight a key can get: each field's rounded part, bm25's
# term-frequency part staying below K1 + 1. With rules.SCORING's boosts it
# is 110, so a posting's weight takes one byte (four, as array("I"), cost
# 360 MiB in the process joining the index at 100,000 articles of a
# realistic vocabulary); larger boosts get two bytes.
MAX_WEIGHT = sum(round(boost * WEIGHT_SCALE * (K1 + 1)) for boost, _ in FIELDS.values())
WEIGHT_TYPECODE = "B" if MAX_WEIGHT <= 0xFF else "H"
# Below this many documents per process, starting a process costs more
# than it saves.
DOCUMENTS_PER_PROCESS = 500
# A worker's peak grows with its range (about 110 MiB at 1,000 articles
# of a realistic vocabulary, 500 MiB at 10,000): large sites are cut into
# more ranges than processes.
DOCUMENTS_PER_RANGE = 1000


@dataclass(frozen=True)
class Document:
    title: str
    body: str
    source: str
    lang: str


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


def _grouped(key_count: int, keys: array, docs: array, weights: array):
    """(counts, ids, weights) of postings given in document order, one
    (key number, doc, weight) at each position of the three arrays, sorted
    by key number and, within a key, kept in document order (a counting
    sort: two passes, no per-posting objects kept)."""
    counts = array("I", bytes(4 * key_count))
    for key in keys:
        counts[key] += 1
    next_free = posting_starts(counts)
    sorted_ids = array("I", bytes(4 * len(keys)))
    sorted_weights = array(weights.typecode, bytes(weights.itemsize * len(keys)))
    for key, doc, weight in zip(keys, docs, weights, strict=True):
        position = next_free[key]
        next_free[key] = position + 1
        sorted_ids[position] = doc
        sorted_weights[position] = weight
    return counts, sorted_ids, sorted_weights


def pack(index: SearchIndex) -> Packed:
    postings = index.postings
    if isinstance(postings, Postings):
        return Packed(
            postings.keys,
            postings.counts,
            postings.ids,
            postings.weights,
            index.aliases,
            index.alias_docs,
        )
    keys = Keys.of(postings)
    all_ids, all_weights = array("I"), array(WEIGHT_TYPECODE)
    for key in keys:
        ids, weights = postings[key]
        all_ids.extend(ids)
        all_weights.extend(array(WEIGHT_TYPECODE, weights))
    counts = array("I", (len(postings[key][0]) for key in keys))
    return Packed(keys, counts, all_ids, all_weights, index.aliases, index.alias_docs)


def _analyse(
    documents: Iterable[Document], ids: Iterable[int], cache: PostingsCache | None
):
    """Packed postings of documents, each with its id from `ids` (ascending:
    a range's, or index_update's changed and added articles); each
    document's weights and aliases from `cache` when it holds them, else
    analysed (and stored).

    Postings are kept as they are found, three integers each in flat
    arrays (key number, doc, weight), and grouped by key once at the end:
    no object a key but a word's string or a pair's code (its words'
    numbers, keys.py: an int of 32 bytes, where its string took about 60),
    and its number."""
    words: dict[str, int] = {}
    pairs: dict[int, int] = {}  # word number << PAIR_SHIFT | word number
    keys, docs, weights = array("I"), array("I"), array(WEIGHT_TYPECODE)
    aliases: dict[str, str] = {}
    alias_docs: dict[str, list[int]] = {}  # form -> [first doc, documents]
    analyser = _Analyser()
    for doc, document in zip(ids, documents, strict=False):  # ids may be endless
        cached = cache.load(document) if cache else None
        if cached is None:
            analyser.aliases = {}
            cached = document_weights(document, analyser), analyser.aliases
            if cache:
                cache.store(document, cached)
        found, found_aliases = cached
        # The earliest document's stem for a form, as one analyser would keep.
        deque(map(aliases.setdefault, found_aliases, found_aliases.values()), 0)
        for form in found_aliases:
            holders = alias_docs.get(form)
            if holders is None:
                alias_docs[form] = [doc, 1]
            else:
                holders[1] += 1
        for key in found:
            if PAIR_SEPARATOR in key:
                first, _, second = key.partition(PAIR_SEPARATOR)
                # A field's terms come before its pairs in `found`.
                key = words[first] << PAIR_SHIFT | words[second]
                number = pairs.get(key)
                if number is None:
                    number = pairs[key] = len(words) + len(pairs)
            else:
                number = words.get(key)
                if number is None:
                    number = words[key] = len(words) + len(pairs)
            keys.append(number)
        docs.extend(repeat(doc, len(found)))
        weights.extend(found.values())
    # Keys numbered in sorted order (Postings finds a key by bisection),
    # `words` and `pairs` are emptied here.
    ordered, rank = numbered_codes(words, pairs)
    keys = array("I", map(rank.__getitem__, keys))
    del rank
    counts, ids, weights = _grouped(len(ordered), keys, docs, weights)
    del keys, docs
    packed = Packed(ordered, counts, ids, weights, aliases)
    packed.alias_docs = {form: tuple(found) for form, found in alias_docs.items()}
    return packed


@paused_gc()
def analyse_range(task: tuple[list[Document], int, PostingsCache | None]) -> Packed:
    """_analyse() of a list of documents, emptied as they are analysed so
    that their text is given back as the postings grow (the list is the
    task's own: unpickled in a worker, a fresh slice in
    index_cache.extended)."""
    documents, first, cache = task
    return _analyse(_taken(documents), itertools.count(first), cache)


@paused_gc()
def analyse_stored_range(
    task: tuple[list[Document], int, PostingsCache | None, str],
) -> Packed:
    """analyse_range() whose postings counts, doc ids and weights are left
    in files in the folder given last (workers.StoredArray): the process
    joining the ranges holds only their keys until it copies their
    postings, one range at a time."""
    documents, first, cache, folder = task
    packed = analyse_range((documents, first, cache))
    path = os.path.join(folder, str(first))
    packed.counts = StoredArray(path + ".counts", packed.counts)
    packed.ids = StoredArray(path + ".ids", packed.ids)
    packed.weights = StoredArray(path + ".weights", packed.weights)
    return packed


def _taken(documents: list) -> Iterable:
    """The items of `documents` in order, each dropped from it when given."""
    documents.reverse()
    while documents:
        yield documents.pop()


def _ranges(count: int, parts: int) -> list[tuple[int, int]]:
    """`parts` contiguous ranges of equal size covering 0..count."""
    parts = max(1, min(parts, count))
    cuts = [round(count * k / parts) for k in range(parts + 1)]
    return list(pairwise(cuts))


@paused_gc()
def build_index(
    documents: Sequence[Document],
    processes: int = 1,
    cache: PostingsCache | None = None,
) -> SearchIndex:
    """With `processes` > 1, worker processes analyse the ranges (see
    workers.py), `processes` at a time, while this one waits; with a
    `cache`, only documents it does not hold are analysed.

    This process analyses no range of its own when there are workers: its
    peak is when it joins their postings, beside every article Pelican
    holds, and a range analysed here left the memory of its {key: number}
    dict and three integers a posting to that peak. The ranges hold at
    most DOCUMENTS_PER_RANGE documents, more ranges than processes on a
    large site: a worker's dict and postings grow with its range. Finished
    ranges wait on disk until every one is done, then they are read and
    joined one at a time (postings.unpack)."""
    count = len(documents)
    if processes <= 1:
        # As an iterator: the caller's documents may be made on demand
        # (generator.ArticleDocuments), one body at a time.
        return unpack([_analyse(iter(documents), itertools.count(), cache)], count)
    ranges = _ranges(count, max(processes, -(-count // DOCUMENTS_PER_RANGE)))
    with tempfile.TemporaryDirectory(prefix="samizdat-search-") as folder:
        # One range's documents at a time: each Job pickles its slice and
        # drops it.
        tasks = ((documents[a:b], a, cache, folder) for a, b in ranges)
        parts = each_in_workers(analyse_stored_range, tasks, processes)
        return unpack(parts, count, spill=folder)
