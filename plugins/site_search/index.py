"""Index building with Whoosh: documents -> weighted postings and related lists.

Whoosh indexes each article's analysed title and body (analysis.py) in a
RAM index; its postings give term frequencies and field lengths, from which
each (term, document) pair gets the BM25F term-frequency part of its score,
computed here. The browser multiplies it by the term's idf, from the length
of the posting list and the number of articles (search/meta.js).

Every stored weight depends on its own document only (field lengths are
normalised against fixed typical lengths, not the corpus average), so
adding articles appends to posting lists and never rewrites them: update
packs stay small.

Data shapes:
    Document(title, body, lang): what is indexed of one article
    SearchIndex:
        postings: dict[term, list[(doc_id, weight)]]   doc ids ascending
        aliases: dict[surface form, stem]                English forms only
    build_index(documents) -> SearchIndex
    related(index, documents, count) -> list[list[doc_id]]
        the most similar *older* documents of the same language, judged
        with what was known when the document was the newest (idf over the
        documents up to it), so an article's list never changes later

Document ids are positions in `documents`, which the caller orders oldest
first: new articles get new ids and old postings keep theirs.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from .analysis import english_stem, terms

# BM25 parameters and the weight of a title match against a body match.
K1 = 1.2
B = 0.75
FIELD_BOOST = {"title": 3.0, "body": 1.0}
# Typical analysed lengths, in terms, standing in for corpus averages.
TYPICAL_LENGTH = {"title": 12.0, "body": 400.0}
# Weights are sent as small integers.
WEIGHT_SCALE = 10
# Related articles: the document's strongest terms, ignoring terms so common
# they relate everything.
RELATED_TERMS = 12
WRITER_POOL_MB = 1024
RELATED_MAX_SHARE = 0.1


@dataclass(frozen=True)
class Document:
    title: str
    body: str
    lang: str


@dataclass
class SearchIndex:
    postings: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    count: int = 0


def _analysed(text: str, english: bool, aliases: dict[str, str]) -> str:
    found = terms(text)
    if english:
        stemmed = []
        for term in found:
            stem = english_stem(term)
            if stem != term:
                aliases[term] = stem
            stemmed.append(stem)
        found = stemmed
    return " ".join(found)


def build_index(documents: list[Document]) -> SearchIndex:
    analyzer = SpaceSeparatedTokenizer()
    schema = Schema(
        title=TEXT(analyzer=analyzer, phrase=False),
        body=TEXT(analyzer=analyzer, phrase=False),
    )
    storage = RamStorage().create_index(schema)
    aliases: dict[str, str] = {}
    # A pool large enough to hold every posting: Whoosh then never spills
    # sorted runs to storage and merges them back (twice as fast here).
    writer = storage.writer(limitmb=WRITER_POOL_MB)
    for document in documents:
        english = document.lang.split("-")[0] == "en"
        writer.add_document(
            title=_analysed(document.title, english, aliases),
            body=_analysed(document.body, english, aliases),
        )
    writer.commit()

    reader = storage.reader()
    count = reader.doc_count()
    scores: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    lengths = {
        name: [reader.doc_field_length(doc, name) or 1 for doc in range(count)]
        for name in FIELD_BOOST
    }
    for name, term, doc, frequency, _ in reader.iter_postings():
        length = lengths[name][doc]
        norm = (
            frequency
            * (K1 + 1)
            / (frequency + K1 * (1 - B + B * length / TYPICAL_LENGTH[name]))
        )
        scores[term.decode("utf-8")][doc] += FIELD_BOOST[name] * norm
    reader.close()

    index = SearchIndex(count=count)
    for term, by_doc in scores.items():
        index.postings[term] = [
            (doc, max(1, round(score * WEIGHT_SCALE)))
            for doc, score in sorted(by_doc.items())
        ]
    index.aliases = {form: stem for form, stem in aliases.items() if stem in scores}
    return index


def idf(document_frequency: int, count: int) -> float:
    """BM25's idf; search.js computes the same."""
    return math.log(1 + (count - document_frequency + 0.5) / (document_frequency + 0.5))


def related(
    index: SearchIndex, documents: list[Document], count: int
) -> list[list[int]]:
    """For each document, up to `count` similar older documents, best first."""
    strongest: list[list[tuple[float, str]]] = [[] for _ in documents]
    for term, postings in index.postings.items():
        for rank, (doc, weight) in enumerate(postings):
            # As of `doc`: `rank + 1` of the first `doc + 1` documents hold it.
            if 0 < rank < max(2, (doc + 1) * RELATED_MAX_SHARE):
                strongest[doc].append((weight * idf(rank + 1, doc + 1), term))
    result = []
    for doc, candidates in enumerate(strongest):
        similarity: dict[int, int] = defaultdict(int)
        for weight, term in sorted(candidates, reverse=True)[:RELATED_TERMS]:
            for other, other_weight in index.postings[term]:
                if other >= doc:
                    break  # postings are in id order: only older documents
                if documents[other].lang == documents[doc].lang:
                    similarity[other] += weight * other_weight
        ranked = sorted(similarity.items(), key=lambda item: (-item[1], -item[0]))
        result.append([other for other, _ in ranked[:count]])
    return result
