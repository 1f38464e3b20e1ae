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
sites are analysed in several processes, one contiguous range of documents
each, and the ranges' postings are joined in document order.

Data shapes:
    Document(title, body, source, lang): what is indexed of one article
    SearchIndex:
        postings: Mapping[term, (doc ids, weights)]  two array("I"), ids
                  ascending; built here, a Postings (one packed list)
        aliases: dict[surface form, stem]         stemmed words only
        count: int                                number of documents
    build_index(documents, processes=1, cache=None) -> SearchIndex
    Packed, pack(index), unpack(parts, count): postings flattened for the
        trip to and from worker processes, keys numbered (keys.py)

Document ids are positions in `documents`, which the caller orders oldest
first: new articles get new ids and old postings keep theirs.
"""

from array import array
from collections import Counter, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, pairwise, repeat

from whoosh.scoring import bm25

from .analysis import exact_form, stemmer, tokens
from .keys import PAIR_SEPARATOR, PAIR_SHIFT, Keys, joined, numbered_codes
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
_PAIR = "{}" + PAIR_SEPARATOR + "{}"
# Weights are sent as small integers.
WEIGHT_SCALE = 10
# Below this many documents per process, starting a process costs more
# than it saves.
DOCUMENTS_PER_PROCESS = 500


@dataclass(frozen=True)
class Document:
    title: str
    body: str
    source: str
    lang: str


@dataclass
class SearchIndex:
    postings: Mapping[str, tuple[array, array]] = field(default_factory=dict)
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
    """Postings flattened for the trip between processes: the keys
    (keys.Keys: words, pairs as numbers) and three flat arrays (postings
    per key, then all doc ids, all weights, key after key, in key number
    order) pickle in milliseconds, where a dict of 100,000 small arrays
    takes most of a second each way."""

    terms: Keys
    counts: array
    ids: array
    weights: array
    aliases: dict[str, str]


class Postings(Mapping):
    """{key: (doc ids, weights)} held as one packed list of postings.

    A dict of two small arrays a key cost about 340 bytes a key before its
    postings (the key, a tuple, two arrays and their buffers); most keys
    are pairs held by one article, so at 20,000 articles of a realistic
    vocabulary that was most of the build's memory. A dict {key: number}
    still cost about 80 bytes a key beside the key's string (its slot and
    an int object); here the keys are numbered (keys.Keys, found by
    bisection): a word costs its string and 8 bytes of list, a pair 8
    bytes (its words' numbers), and each key 8 of `starts`/`counts`; a
    posting 8 bytes. Each lookup returns fresh array slices.

    keys: keys.Keys
    starts, counts: array("I") by key number: where its postings begin in
        `ids`/`weights`, and how many
    """

    def __init__(self, keys: Keys, counts, ids, weights):
        self.keys = keys
        self.starts = posting_starts(counts)
        self.counts = counts
        self.ids = ids
        self.weights = weights

    def number(self, key: str) -> int:
        """The key's number; KeyError if it is not held."""
        return self.keys.number(key)

    def __getitem__(self, key: str) -> tuple[array, array]:
        number = self.number(key)
        start = self.starts[number]
        end = start + self.counts[number]
        return self.ids[start:end], self.weights[start:end]

    def length(self, key: str) -> int:
        """How many documents hold `key`, without copying its postings."""
        return self.counts[self.number(key)]

    def __contains__(self, key) -> bool:
        try:
            self.number(key)
        except (KeyError, TypeError):
            return False
        return True

    def __iter__(self):
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)


def posting_starts(counts: array) -> array:
    """Where each key's postings begin, given how many each has."""
    starts = array("I", [0])
    starts.extend(accumulate(counts))
    starts.pop()
    return starts


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
    sorted_weights = array("I", bytes(4 * len(keys)))
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
        )
    keys = Keys.of(postings)
    all_ids, all_weights = array("I"), array("I")
    for key in keys:
        ids, weights = postings[key]
        all_ids.extend(ids)
        all_weights.extend(weights)
    counts = array("I", (len(postings[key][0]) for key in keys))
    return Packed(keys, counts, all_ids, all_weights, index.aliases)


def unpack(parts: list[Packed], count: int) -> SearchIndex:
    """One index from the packed postings of consecutive document ranges
    (each part's terms sorted)."""
    aliases: dict[str, str] = {}
    for part in parts:
        for form, stem in part.aliases.items():  # the earliest document's
            aliases.setdefault(form, stem)
    if len(parts) == 1:  # one range: its arrays as they are
        (part,) = parts
        postings = Postings(part.terms, part.counts, part.ids, part.weights)
        return SearchIndex(postings, aliases, count)
    # numbers: per part, its keys' numbers in the joined index
    keys, numbers = joined([part.terms for part in parts])
    counts = array("I", bytes(4 * len(keys)))
    for part, found in zip(parts, numbers, strict=True):
        for number, length in zip(found, part.counts, strict=True):
            counts[number] += length
        part.terms = Keys([], array("Q"))  # its strings: the joined keys hold theirs
    total = sum(len(part.ids) for part in parts)
    # One array at a time, ids then weights, each part's freed once copied:
    # joined whole beside every part's, the postings were held twice (the
    # Pelican process's peak); now at most one and a half times.
    ids = _joined_array(parts, numbers, counts, total, "ids")
    weights = _joined_array(parts, numbers, counts, total, "weights")
    return SearchIndex(Postings(keys, counts, ids, weights), aliases, count)


def _joined_array(
    parts: list[Packed], numbers: list[array], counts: array, total: int, name: str
) -> array:
    """The parts' `name` array ("ids" or "weights") joined: each key's
    postings part after part (ranges in document order: ids stay
    ascending). Each part's array is dropped once copied."""
    joined_postings = array("I", bytes(4 * total))
    next_free = posting_starts(counts)
    for part, found in zip(parts, numbers, strict=True):
        source, end = getattr(part, name), 0
        setattr(part, name, array("I"))
        for number, length in zip(found, part.counts, strict=True):
            start, end = end, end + length
            target = next_free[number]
            next_free[number] = target + length
            joined_postings[target : target + length] = source[start:end]
        del source
    return joined_postings


def _analyse(documents: Iterable[Document], first: int, cache: PostingsCache | None):
    """Packed postings of a range of documents, the first with id `first`;
    each document's weights and aliases from `cache` when it holds them,
    else analysed (and stored).

    Postings are kept as they are found, three integers each in flat
    arrays (key number, doc, weight), and grouped by key once at the end:
    no object a key but a word's string or a pair's code (its words'
    numbers, keys.py: an int of 32 bytes, where its string took about 60),
    and its number."""
    words: dict[str, int] = {}
    pairs: dict[int, int] = {}  # word number << PAIR_SHIFT | word number
    keys, docs, weights = array("I"), array("I"), array("I")
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
    return Packed(ordered, counts, ids, weights, aliases)


@paused_gc()
def analyse_range(task: tuple[list[Document], int, PostingsCache | None]) -> Packed:
    """_analyse(), in a worker process."""
    return _analyse(*task)


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
    """With `processes` > 1, worker processes analyse the ranges (see
    workers.py) while this one waits; with a `cache`, only documents it does
    not hold are analysed.

    This process analyses no range of its own when there are workers: its
    peak is when it joins their postings, beside every article Pelican
    holds, and a range analysed here left the memory of its {key: number}
    dict and three integers a posting to that peak."""
    ranges = _ranges(len(documents), processes)
    if len(ranges) == 1:
        # As an iterator: the caller's documents may be made on demand
        # (generator.ArticleDocuments), one body at a time.
        return unpack([_analyse(iter(documents), 0, cache)], len(documents))
    # One range's documents at a time: each Job pickles its slice and drops it.
    jobs = [Job(analyse_range, (documents[a:b], a, cache)) for a, b in ranges]
    return unpack([job.result() for job in jobs], len(documents))
