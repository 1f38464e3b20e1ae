"""Entries packed in one file (samizdat_contract/pack.py): read back whole,
never trusted when damaged or stale, usable after an interrupted build."""

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samizdat_contract.pack import EntryPack


def saved(folder, entries: dict[str, bytes], reads=True) -> EntryPack:
    pack = EntryPack(folder, "entries", reads)
    for key, payload in entries.items():
        pack.put(key, payload)
    pack.save(set(pack.entries))
    pack.close()
    return pack


def contents(folder) -> dict[str, bytes | None]:
    pack = EntryPack(folder, "entries")
    return {key: pack.get(key) for key in pack.entries}


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.dictionaries(st.text(min_size=1, max_size=8), st.binary(max_size=64)),
        min_size=1,
        max_size=4,
    )
)
def test_builds_of_puts_and_saves_read_back_the_last_value_of_each_kept_key(
    tmp_path_factory, builds
):
    folder = tmp_path_factory.mktemp("pack")
    expected: dict[str, bytes] = {}
    for entries in builds:
        pack = EntryPack(folder, "entries")
        for key, payload in entries.items():
            pack.put(key, payload)
        # Keep this build's keys and half of the older ones.
        keep = set(entries) | set(sorted(set(expected) - set(entries))[::2])
        pack.save(keep)
        pack.close()
        expected = {key: entries.get(key, expected.get(key)) for key in keep}
        assert contents(folder) == expected
    # Never more than one data file; compaction leaves no old generation.
    assert len([p for p in folder.iterdir() if p.suffix[1:].isdigit()]) == 1


def test_a_damaged_entry_is_a_miss_and_a_warning(tmp_path, caplog):
    pack = saved(tmp_path, {"a": b"first", "b": b"second"})
    data = bytearray((tmp_path / pack.data_name).read_bytes())
    offset, length = pack.entries["b"]
    data[offset + length - 1] ^= 1
    (tmp_path / pack.data_name).write_bytes(bytes(data))
    caplog.set_level(logging.WARNING)
    assert contents(tmp_path) == {"a": b"first", "b": None}
    assert "damaged (checksum)" in caplog.text


@pytest.mark.parametrize("damage", ["index", "truncated data", "missing data"])
def test_a_damaged_or_stale_index_trusts_nothing(tmp_path, caplog, damage):
    pack = saved(tmp_path, {"a": b"first", "b": b"second"})
    data = tmp_path / pack.data_name
    if damage == "index":
        index = tmp_path / "entries.index"
        index.write_bytes(index.read_bytes()[:-1])
    elif damage == "truncated data":
        data.write_bytes(data.read_bytes()[:-1])
    else:
        data.unlink()
    caplog.set_level(logging.WARNING)
    assert contents(tmp_path) == {}
    assert "rebuilt" in caplog.text
    # The next save starts a new generation the index names.
    assert contents(saved(tmp_path, {"c": b"third"}).folder) == {"c": b"third"}


def test_an_interrupted_build_leaves_the_previous_entries_usable(tmp_path):
    saved(tmp_path, {"a": b"first"})
    stopped = EntryPack(tmp_path, "entries")
    stopped.put("a", b"changed")
    stopped.put("b", b"new")
    stopped.close()  # no save: the build stopped here
    assert contents(tmp_path) == {"a": b"first"}
    saved(tmp_path, {"c": b"third"})
    assert contents(tmp_path) == {"a": b"first", "c": b"third"}


def test_a_build_that_reads_no_cache_starts_a_new_generation(tmp_path):
    old = saved(tmp_path, {"a": b"first"})
    new = saved(tmp_path, {"b": b"second"}, reads=False)
    assert new.data_name != old.data_name
    assert not (tmp_path / old.data_name).exists()
    assert contents(tmp_path) == {"b": b"second"}
