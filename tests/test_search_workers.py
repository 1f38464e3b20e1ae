"""Search work in worker processes: many small ranges a few at a time give
the index of one process, and arrays cross between processes unchanged.

Pure tests are fast; those that start processes are marked slow.
"""

import io
import os
import pickle
from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st
from site_search import index as search_index
from site_search import workers
from site_search.index import _ranges, build_index, pack
from site_search.keys import Keys
from site_search.workers import WorkerError
from test_search_packed import documents


@given(
    st.sampled_from(["I", "Q", "b", "d"]),
    st.lists(st.integers(0, 100), max_size=40),
)
def test_arrays_cross_as_they_were(typecode, values):
    found = array(typecode, values)
    sent = {"keys": Keys(["a", "b"], array("Q", [1])), "found": found, "list": [found]}
    buffer = io.BytesIO()
    workers._dump(sent, buffer)
    back = pickle.loads(buffer.getvalue())
    assert back == sent
    assert type(back["found"]) is array and back["found"].typecode == typecode


def test_arrays_are_written_from_their_own_memory():
    """Pickle's own reduction of an array copies it into bytes first."""
    found = array("I", range(1000))
    buffer = io.BytesIO()
    workers._dump(found, buffer)
    assert found.tobytes() in buffer.getvalue()
    assert b"_array_reconstructor" not in buffer.getvalue()


def _double(argument):
    return os.getpid(), argument * 2


def _fail_on_one(argument):
    if argument == 1:
        raise OSError("disk full")
    return argument


@pytest.mark.slow
def test_each_in_workers_keeps_order_and_runs_a_few_at_a_time(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", os.path.dirname(__file__))  # this file
    started = []

    def arguments():
        for number in range(5):
            started.append(number)
            yield number

    results = workers.each_in_workers(_double, arguments(), 2)
    first = next(results)
    assert started == [0, 1, 2, 3, 4]  # every job has run before the first is read
    found = [first, *results]
    assert [doubled for _, doubled in found] == [0, 2, 4, 6, 8]
    assert len({pid for pid, _ in found}) == 5
    assert os.getpid() not in {pid for pid, _ in found}
    started.clear()
    with pytest.raises(WorkerError, match="_fail_on_one exited with status 1"):
        list(workers.each_in_workers(_fail_on_one, arguments(), 1))
    assert started == [0, 1, 2]  # stopped when it saw the failure


@pytest.mark.parametrize(
    ("count", "parts", "expected"),
    [(10, 4, [(0, 2), (2, 5), (5, 8), (8, 10)]), (3, 5, [(0, 1), (1, 2), (2, 3)])],
)
def test_more_ranges_than_processes_cover_everything_once(count, parts, expected):
    assert _ranges(count, parts) == expected


@pytest.mark.slow
def test_many_small_ranges_give_the_index_of_one_process(monkeypatch):
    docs = documents(90)
    alone = build_index(docs, processes=1)
    monkeypatch.setattr(search_index, "DOCUMENTS_PER_RANGE", 8)  # 12 ranges
    assert pack(build_index(docs, processes=2)) == pack(alone)


def test_a_stored_array_comes_back_as_it_was(tmp_path):
    found = array("I", range(5000))
    stored = workers.StoredArray(str(tmp_path / "ids"), found)
    assert len(stored) == 5000 and (tmp_path / "ids").stat().st_size == 20000
    sent = io.BytesIO()
    workers._dump(stored, sent)  # the handle crosses, not the array
    assert len(sent.getvalue()) < 200
    assert workers.loaded(pickle.loads(sent.getvalue())) == found
    assert not (tmp_path / "ids").exists()
    assert workers.loaded(found) is found


def test_a_large_array_crosses_in_a_file_of_its_own(tmp_path):
    large = array("I", range(workers.ARRAY_FILE_BYTES // 4))
    small = array("B", [1, 2, 3])
    sent = io.BytesIO()
    workers._dump({"large": large, "small": small}, sent, str(tmp_path))
    assert len(sent.getvalue()) < 1000  # the large one is not in the pickle
    assert [p.name[:6] for p in tmp_path.iterdir()] == ["array-"]
    back = pickle.loads(sent.getvalue())
    assert back == {"large": large, "small": small}
    assert type(back["large"]) is array and back["large"].typecode == "I"
    assert not any(tmp_path.iterdir())  # read once, then removed


def test_a_later_part_waits_in_its_own_file_until_it_is_asked_for(tmp_path):
    large = array("I", range(workers.ARRAY_FILE_BYTES // 4))
    records = [{"t": "title", "x": "text"}] * 3
    task = ("folder", workers.Later(large), workers.Later([records, large]))
    sent = io.BytesIO()
    workers._dump(task, sent, str(tmp_path))
    assert len(sent.getvalue()) < 1000
    _, ids, later = pickle.loads(sent.getvalue())
    # Three files: the Later array, the Later list, and the list's own
    # large array (each named apart, though pickled by two _dump calls).
    assert len(list(tmp_path.iterdir())) == 3
    assert isinstance(later.value, workers.StoredValue)
    assert workers.loaded(later) == [records, large]
    assert workers.loaded(ids) == large
    assert not any(tmp_path.iterdir())
    in_place = workers.Later(records)
    assert workers.loaded(in_place) is records


@pytest.mark.parametrize("typecode", ["I", "B"])
def test_a_mapped_array_reads_as_the_array(tmp_path, typecode):
    found = array(typecode, (n % 200 for n in range(100_000)))
    stored = workers.StoredArray(str(tmp_path / "a"), found)
    with workers.MappedArrays() as arrays:
        view = arrays.view(workers.Later(stored))
        assert isinstance(view, memoryview)
        assert len(view) == len(found) and view[12345] == found[12345]
        assert list(view[500:900]) == list(found[500:900])
        arrays.drop_pages()  # read again from the file when needed
        assert view.tolist() == found.tolist()
        assert arrays.view(found) is found  # in memory: as it is
        del view
    assert (tmp_path / "a").exists()  # the job's folder goes with the job


def _same(argument):
    return argument


@pytest.mark.slow
def test_a_job_sends_and_returns_large_arrays(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", os.path.dirname(__file__))  # this file
    large = array("I", range(workers.ARRAY_FILE_BYTES // 4 + 1))
    job = workers.Job(_same, (large, array("B", b"weights")))
    folder = job._folder.name
    assert job.result() == (large, array("B", b"weights"))
    assert not os.path.exists(folder)


class _Entries:
    """A postings cache's load_named() for changed_keys: {name: entry}."""

    def __init__(self, entries):
        self.load_named = entries.get


def test_many_changed_articles_cross_to_the_writer():
    """The writer's task holds what the index update changed: with a
    frozenset per version, 25 changed articles made the C pickler's fast
    mode fail with a KeyError (CPython gh-146059)."""
    from site_search.bucket_cache import BucketCache
    from site_search.index_update import changed_keys

    # 25 of 240 changed: within MAX_CHANGED_SHARE (one eighth)
    kept = [f"old{doc}" for doc in range(240)]
    names = kept[:215] + [f"new{doc}" for doc in range(215, 240)]
    entries = {name: ({f"w{doc}": 1, "x": 2}, {}) for doc, name in enumerate(kept)}
    entries |= {name: ({f"v{doc}": 1, "x": 2}, {}) for doc, name in enumerate(names)}
    changes = changed_keys(kept, names, _Entries(entries))
    assert len(changes) == 25
    task = ("folder", BucketCache("path", True, "salt", changes))
    buffer = io.BytesIO()
    workers._dump(task, buffer)
    assert pickle.loads(buffer.getvalue()) == task
    # "x": held by both versions with one weight, its posting did not move
    assert changes[239][1:] == (("w239",), ("v239",))


def test_changes_at_most_ids_are_not_told_to_the_writer():
    """An article deleted among the first moves every later id: reading
    two entries an id costs more than the writer saves."""
    from site_search.index_update import changed_keys

    kept = [f"doc{doc}" for doc in range(16)]
    entries = {name: ({name: 1}, {}) for name in kept}
    assert changed_keys(kept, kept[1:], _Entries(entries)) is None
    assert changed_keys(kept, kept[:8] + kept[9:], _Entries(entries)) is None
    assert changed_keys(kept, kept[:14] + kept[15:], _Entries(entries)) == {
        14: ("doc14", ("doc14",), ("doc15",))
    }


def test_a_key_whose_weight_changed_moved():
    from site_search.index_update import changed_keys

    entries = {"old": ({"a": 1, "b": 2, "c": 3}, {}), "new": ({"a": 1, "b": 5}, {})}
    others = [f"doc{doc}" for doc in range(7)]
    changes = changed_keys(["old", *others], ["new", *others], _Entries(entries))
    assert changes == {0: ("old", ("b", "c"), ("b",))}


def _sum_with_sent(start):
    return start + sum(workers.awaited())


@pytest.mark.slow
def test_a_job_started_before_its_task_gets_what_is_sent(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", os.path.dirname(__file__))  # this file
    large = array("I", range(workers.ARRAY_FILE_BYTES // 4 + 1))
    job = workers.Job(_sum_with_sent, 5, awaits=True)
    folder = job._folder.name
    job.send(large)
    assert job.result() == 5 + sum(large)
    assert not os.path.exists(folder)


@pytest.mark.slow
def test_a_cancelled_job_ends_without_its_task(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", os.path.dirname(__file__))  # this file
    job = workers.Job(_sum_with_sent, 5, awaits=True)
    folder = job._folder.name
    job.cancel()  # returns: the worker ended on its empty standard input
    assert job._process.returncode != 0
    assert not os.path.exists(folder)


@pytest.mark.slow
def test_a_worker_gone_before_its_task_is_sent_is_an_error(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", os.path.dirname(__file__))  # this file
    job = workers.Job(_never_awaits, None, awaits=True)
    job._process.wait()  # it fails without reading its standard input
    job.send(array("I", range(10)))  # no BrokenPipeError
    with pytest.raises(WorkerError, match="_never_awaits"):
        job.result()


def _never_awaits(argument):
    raise ValueError("no task wanted")
