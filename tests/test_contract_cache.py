"""The cache rule every plugin follows (samizdat_contract.cache)."""

import dataclasses
import os
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st
from samizdat_contract import cache


def test_cache_folder_is_one_folder_per_plugin_under_cache_path(tmp_path):
    settings = {"CACHE_PATH": str(tmp_path / "cache")}
    assert (
        cache.cache_folder(settings, "site_search")
        == tmp_path / "cache" / "site_search"
    )


@pytest.mark.parametrize(
    ("settings", "reads"),
    [
        ({}, True),
        ({"LOAD_CONTENT_CACHE": True}, True),
        ({"LOAD_CONTENT_CACHE": False}, False),
    ],
)
def test_full_builds_read_no_cache(settings, reads):
    assert cache.reads_cache(settings) is reads


def test_fingerprint_ignores_key_order_and_sees_values():
    assert cache.fingerprint({"a": 1, "b": [1, 2]}) == cache.fingerprint(
        {"b": [1, 2], "a": 1}
    )
    assert cache.fingerprint({"a": 1}) != cache.fingerprint({"a": 2})
    assert cache.fingerprint(["x"]) == cache.fingerprint(("x",))


def test_fingerprint_refuses_values_that_are_not_json():
    with pytest.raises(TypeError):
        cache.fingerprint({"a": object()})


def test_code_fingerprint_changes_with_a_package_source(tmp_path, monkeypatch):
    package = tmp_path / "fingerprinted_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("fingerprinted_pkg")
    before = cache.code_fingerprint("fingerprinted_pkg")
    assert cache.code_fingerprint("fingerprinted_pkg") == before
    (package / "more.py").write_text("OTHER = 2\n")
    assert cache.code_fingerprint("fingerprinted_pkg") != before


@given(st.binary(max_size=300))
def test_sealed_payloads_read_back(payload):
    assert cache.unseal(cache.seal(payload), "entry") == payload


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-1],  # truncated
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped
        lambda data: b"other" + data,  # not an envelope
        lambda data: data[:10],  # cut inside the header
        lambda data: b"",
    ],
)
def test_a_damaged_entry_is_a_miss_and_a_warning(damage, caplog, request):
    # A name per case: Pelican's log filter drops a message repeated verbatim.
    origin = request.node.name
    assert cache.unseal(damage(cache.seal(b"payload bytes")), origin) is None
    assert origin in caplog.text


def test_sealed_files_round_trip_and_missing_is_a_silent_miss(tmp_path, caplog):
    path = tmp_path / "deep" / "entry.bin"
    assert cache.read_sealed(path) is None
    cache.write_sealed(path, b"records")
    assert cache.read_sealed(path) == b"records"
    assert caplog.text == ""
    assert [p.name for p in path.parent.iterdir()] == ["entry.bin"]


def test_write_if_changed_keeps_unchanged_files_and_never_writes_through_links(
    tmp_path,
):
    page = tmp_path / "page.html"
    assert cache.write_if_changed(page, b"one") is True
    os.utime(page, (1_000_000, 1_000_000))
    inode = page.stat().st_ino
    assert cache.write_if_changed(page, b"one") is False
    assert page.stat().st_mtime == 1_000_000 and page.stat().st_ino == inode
    linked = tmp_path / "previous-output-page.html"
    os.link(page, linked)
    assert cache.write_if_changed(page, b"two") is True
    assert page.read_bytes() == b"two"
    assert linked.read_bytes() == b"one"


@pytest.mark.parametrize("leftover", [False, True])
@pytest.mark.parametrize("folder_exists", [False, True])
def test_write_atomic_makes_the_folder_leaves_no_temporary_and_is_mode_0644(
    tmp_path, monkeypatch, leftover, folder_exists
):
    folder = tmp_path / "a" / "b"
    if folder_exists or leftover:
        folder.mkdir(parents=True)
    if leftover:  # what a killed build with this process's id left
        count = next(cache._TEMPORARY_COUNT) + 1
        (folder / f".page.html.{os.getpid()}-{count}.tmp").write_bytes(b"old")
    before = os.umask(0o077)
    try:
        cache.write_atomic(folder / "page.html", b"x" * 100_000)
    finally:
        os.umask(before)
    page = folder / "page.html"
    assert page.read_bytes() == b"x" * 100_000
    assert page.stat().st_mode & 0o777 == 0o644
    left = sorted(p.name for p in folder.iterdir() if p.name != "page.html")
    assert left == ([f".page.html.{os.getpid()}-{count}.tmp"] if leftover else [])


def test_write_atomic_removes_its_temporary_when_the_write_fails(tmp_path):
    with pytest.raises(TypeError):
        cache.write_atomic(tmp_path / "page.html", "text, not bytes")
    assert list(tmp_path.iterdir()) == []


def test_output_files_lists_what_write_if_changed_was_given(tmp_path):
    cache.forget_output_files()
    cache.write_if_changed(tmp_path / "a.html", b"a")
    cache.write_if_changed(tmp_path / "a.html", b"a")  # unchanged: still made
    cache.note_output_file(tmp_path / "kept.html")
    assert cache.output_files() == {
        str(tmp_path / "a.html"),
        str(tmp_path / "kept.html"),
    }
    cache.forget_output_files()
    assert cache.output_files() == frozenset()


# Classes for cache.dumps: module level, so pickle can name them.
@dataclasses.dataclass(frozen=True, slots=True)
class Line:
    number: int
    text: str


@dataclasses.dataclass(slots=True)
class Record:
    path: str
    lines: list = dataclasses.field(default_factory=list)
    note: str | None = None


@dataclasses.dataclass(slots=True)
class Checked:
    value: int

    def __post_init__(self):
        if self.value < 0:
            raise ValueError("negative")


@dataclasses.dataclass(slots=True)
class Derived:
    value: int
    double: int = dataclasses.field(init=False, default=0)


@dataclasses.dataclass
class Plain:
    record: Record
    extra: dict


@given(
    st.text(),
    st.lists(st.tuples(st.integers(), st.text())),
    st.none() | st.text(),
)
def test_dumps_reads_back_equal_values(path, lines, note):
    record = Record(path, [Line(number, text) for number, text in lines], note)
    value = Plain(record, {"records": [record, record]})
    again = pickle.loads(cache.dumps(value))
    assert again == value
    # One object pickled twice stays one object, as pickle keeps it.
    assert again.extra["records"][0] is again.extra["records"][1]


@pytest.mark.parametrize(
    ("kind", "by_fields"),
    [(Line, True), (Record, True), (Checked, False), (Derived, False), (Plain, False)],
)
def test_dumps_rebuilds_only_slotted_dataclasses_that_init_just_their_fields(
    kind, by_fields
):
    assert (cache._slotted_fields(kind) is not None) is by_fields


def test_dumps_keeps_a_class_s_own_rules_where_it_has_them():
    derived = Derived(3)
    derived.double = 6
    assert pickle.loads(cache.dumps(derived)) == derived
    assert pickle.loads(cache.dumps(Checked(2))) == Checked(2)
