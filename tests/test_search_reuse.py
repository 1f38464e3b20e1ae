"""site_search/shard_text.py's bucket files as entries and back
(assembled, parsed_entries), which bucket_reuse.py relies on to take a key
that did not move from the last build's files: any bucket's files parse
to the entries they were made from, and anything else is refused."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from site_search.chunks import FIRST_CHUNK
from site_search.shard_text import _bucket_files, assembled, parsed_entries

# Keys are letters, marks, digits and spaces (analysis.py), pairs hex.
KEY_CHARACTERS = st.sampled_from("abcdefz019 ñé\u0301中ខ្មែរ")


@st.composite
def posting_lists(draw):
    length = draw(
        st.sampled_from([1, 2, FIRST_CHUNK, FIRST_CHUNK + 1, 170, 700])
        | st.integers(1, 60)
    )
    ids = sorted(
        draw(st.sets(st.integers(0, 99_999), min_size=length, max_size=length))
    )
    weights = draw(st.lists(st.integers(1, 255), min_size=length, max_size=length))
    return ids, weights


@st.composite
def buckets(draw):
    keys = draw(
        st.lists(
            st.text(KEY_CHARACTERS, min_size=1, max_size=8), unique=True, max_size=6
        )
    )
    return {key: (*draw(posting_lists()), draw(st.booleans())) for key in keys}


@settings(max_examples=150, deadline=None)
@given(buckets(), st.sampled_from(["7", "q7", "r12", "rq3"]))
def test_a_buckets_files_parse_to_what_they_were_made_from(keys, name):
    files = _bucket_files(name, keys)
    entries = parsed_entries(name, files)
    assert entries is not None
    assert sorted(entries) == sorted(keys)
    assert {key: entry[0] for key, entry in entries.items()} == {
        key: exact for key, (_, _, exact) in keys.items()
    }
    assert assembled(name, entries) == files


def _files() -> dict[str, str]:
    long = list(range(1, 200))
    keys = {
        "river": (long, [n % 7 + 1 for n in long], False),
        "rivers": ([3, 9], [2, 1], True),
        "ab12": ([4], [1], False),
    }
    files = _bucket_files("q7", keys)
    assert sorted(files) == ["q7", "q7-1", "q7-2"]
    return files


def _renamed(files):
    return {**files, "q7": files["q7"].replace('shard("q7"', 'shard("q8"')}


def _chunk_missing(files):
    return {name: text for name, text in files.items() if name != "q7-1"}


def _chunk_of_an_unknown_key(files):
    return {**files, "q7-1": files["q7-1"].replace('"river":', '"rover":')}


def _part_moved(files):
    # a key's chunk under "e" where its head is under "p"
    text = files["q7-2"].replace('{"p":{\n', '{"p":{\n\n},"e":{\n', 1)
    return {**files, "q7-2": text.replace('\n},"e":{\n\n}', "\n}", 1)}


def _cut_short(files):
    return {**files, "q7": files["q7"][:-3]}


def _foreign(files):
    return {**files, "q7": "alert(1);\n"}


@pytest.mark.parametrize(
    "change",
    [
        _renamed,
        _chunk_missing,
        _chunk_of_an_unknown_key,
        _part_moved,
        _cut_short,
        _foreign,
    ],
)
def test_files_a_bucket_cannot_have_made_are_refused(change):
    files = _files()
    assert parsed_entries("q7", files) is not None
    assert change(files) != files
    assert parsed_entries("q7", change(files)) is None
