"""A few documents' postings spliced into a packed index (splice.py) give
the index of all the documents built afresh, wherever their ids fall.

Fast: pure functions on small generated indexes, no build.
"""

from array import array

from hypothesis import given
from hypothesis import strategies as st
from site_search.index import Document, _analyse, build_index
from site_search.keys import Keys
from site_search.splice import _inserted, spliced

WORDS = ["flood", "floods", "rice", "harvest", "police", "chờ", "nhà", "báo"]


@st.composite
def corpus(draw):
    """Documents, and the positions of the few spliced into the others'."""
    words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6)
    documents = [
        Document(" ".join(draw(words)), " ".join(draw(words)), "", "en")
        for _ in range(draw(st.integers(2, 14)))
    ]
    small = draw(
        st.sets(st.integers(0, len(documents) - 1), min_size=1).filter(
            lambda found: len(found) < len(documents)
        )
    )
    return documents, sorted(small)


def postings_of(postings) -> dict:
    return {key: (list(ids), list(w)) for key, (ids, w) in postings.items()}


@given(corpus())
def test_spliced_documents_give_the_whole_index(case):
    """Any positions: among the kept ids (a changed article), after them
    (an added one), with words and pairs the kept part lacks."""
    documents, small = case
    kept = [doc for doc in range(len(documents)) if doc not in small]
    big = _analyse((documents[doc] for doc in kept), kept, None)
    part = _analyse((documents[doc] for doc in small), small, None)
    found = spliced(big, part)
    fresh = build_index(documents).postings
    assert list(found) == list(fresh)  # keys, in order
    assert postings_of(found) == postings_of(fresh)
    assert found.weights.typecode == fresh.weights.typecode


@given(corpus())
def test_the_kept_keys_strings_are_kept(case):
    documents, small = case
    kept = [doc for doc in range(len(documents)) if doc not in small]
    big = _analyse((documents[doc] for doc in kept), kept, None)
    before = list(big.terms)
    part = _analyse((documents[doc] for doc in small), small, None)
    found = spliced(big, part)
    assert set(before) <= set(found.keys)
    assert isinstance(found.keys, Keys)


@given(
    st.lists(st.integers(0, 9), max_size=12),
    st.lists(st.tuples(st.integers(0, 12), st.integers(100, 120)), max_size=6),
)
def test_inserted_puts_each_item_before_its_place(values, insertions):
    values = array("I", values)
    places = sorted(min(place, len(values)) for place, _ in insertions)
    items = [item for _, item in insertions]
    expected = list(values)
    for shift, (place, item) in enumerate(zip(places, items, strict=True)):
        expected.insert(place + shift, item)
    assert list(_inserted(values, places, items)) == expected
