"""Search work in other Python processes, so that large sites use every core.

A Job runs function(argument) in a fresh interpreter started with
`sys.executable`: the function and its argument are pickled to a file in a
private temporary folder, the worker writes its pickled result beside it.
Fresh interpreters, not multiprocessing: forking is unsafe while another
thread runs (Pelican's command line keeps a progress thread), and
multiprocessing's "spawn" re-runs the caller's main module, which would
rebuild the whole site in every worker of a script without a
`if __name__ == "__main__":` guard. The worker imports this package from
the folder the caller imported it from, passed on in its PYTHONPATH (Pelican
loads plugins from PLUGIN_PATHS without putting them on sys.path). A
worker's traceback goes to the build's standard error, and result() raises
WorkerError.

Data shapes:
    processes_for(items, per_process, wanted) -> int
    Job(function, argument).result() -> function(argument)
        started at once; result() waits for it; arrays of ARRAY_FILE_BYTES
        or more cross in files of their own
    Job(function, argument, awaits=True).send(value): a worker started
        before all it needs is ready; function calls awaited(), which
        waits for the value send() gives (once); cancel() stops it
    Done(value).result() -> value      the same, for work done in place
    each_in_workers(function, arguments, processes) -> function(argument)
        for each argument, in order, at most `processes` jobs at a time
    StoredArray(path, array): an array written to `path`; .load() reads
        it back (and removes the file); StoredValue(path, value, folder):
        the same for any value, pickled
    Later(value): a part of a Job's argument that waits in a file of its
        own until the worker asks for it: loaded(Later, StoredArray,
        StoredValue or anything else) -> the value
    MappedArrays(): with .view(array, StoredArray or Later of one) -> the
        array, or its file mapped as a read-only memoryview of its items;
        .drop_pages(); a context manager
    paused_gc(): context manager or decorator, no cyclic garbage collection
        inside
"""

import contextlib
import copyreg
import gc
import mmap
import os
import pickle
import subprocess
import sys
import tempfile
from array import array
from collections import deque
from collections.abc import Iterable, Iterator

# The folder holding this package: plugins/ in a checkout, site-packages
# when installed.
_PACKAGES = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_BOOTSTRAP = "import sys; from site_search.workers import serve; serve(sys.argv[1])"


class WorkerError(RuntimeError):
    """A search worker process failed."""


def processes_for(items: int, per_process: int, wanted: int) -> int:
    """How many processes `items` are worth (`per_process` each), <= `wanted`."""
    return max(1, min(wanted, items // per_process))


def serve(folder: str) -> None:
    """The worker's side: run the task in `folder`, leave the result there."""
    with open(os.path.join(folder, "task"), "rb") as handle:
        function, argument = pickle.load(handle)
    result = function(argument)
    with open(os.path.join(folder, "result"), "wb") as handle:
        _dump(result, handle, folder)


# An array at least this large crosses in a file of its own (see _dump).
ARRAY_FILE_BYTES = 1 << 24


def _dump(value, handle, folder: str | None = None) -> None:
    """Pickle `value` without a memo: the pickler's memo held an entry for
    every object it wrote (millions of index keys), the unpickler's too.
    Tasks and results are trees of plain data: no object in them refers
    back to itself, and one seen twice is written twice.

    Arrays are written from their own memory (_reduce_array): pickle's
    own way copies each into a bytes object first, a transient copy of the
    index's largest array (4 bytes a posting: 20 MB for the 4.96 million
    postings of 5,000 articles of a realistic vocabulary) in the process
    that sends it. With a `folder`, an array of ARRAY_FILE_BYTES or more
    is written to a file there and crosses as a StoredArray, read back
    straight into its array: unpickled, its bytes came first as a
    bytearray, then were copied (the index's doc ids, 396 MB at 100,000
    articles of a realistic vocabulary, held twice at the writer's
    start)."""
    pickler = pickle.Pickler(handle, 5)
    pickler.fast = True

    def reduce_array(found: array):
        if folder is None or found.itemsize * len(found) < ARRAY_FILE_BYTES:
            return _reduce_array(found)
        return StoredArray.load, (StoredArray(_new_file(folder, "array"), found),)

    def reduce_later(later: "Later"):
        if folder is None:
            return Later, (later.value,)
        if isinstance(later.value, array):
            return Later, (StoredArray(_new_file(folder, "array"), later.value),)
        return Later, (StoredValue(_new_file(folder, "value"), later.value, folder),)

    pickler.dispatch_table = {
        **copyreg.dispatch_table,
        array: reduce_array,
        Later: reduce_later,
    }
    pickler.dump(value)


def _new_file(folder: str, prefix: str) -> str:
    """The path of a new empty file in `folder` (a value pickled there may
    hold arrays of files of their own: a counter would repeat names)."""
    handle, path = tempfile.mkstemp(dir=folder, prefix=f"{prefix}-")
    os.close(handle)
    return path


def _reduce_array(found: array):
    """An array as its type code and a view of its bytes: protocol 5 writes
    the view straight to the file (the worker and the caller are the same
    machine: same byte order and item sizes)."""
    return _array_of, (found.typecode, pickle.PickleBuffer(found))


def _array_of(typecode: str, data: bytearray) -> array:
    found = array(typecode)
    found.frombytes(data)
    return found


def _worker_environment() -> dict[str, str]:
    """This environment, with the packages' folder first in PYTHONPATH."""
    inherited = os.environ.get("PYTHONPATH")
    paths = [_PACKAGES, inherited] if inherited else [_PACKAGES]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def awaited():
    """In a worker of a Job(..., awaits=True): the value its send() gives,
    once it does. Its file's path comes on standard input; none (the
    caller cancelled it, or is gone) stops the worker."""
    path = sys.stdin.buffer.readline().decode().rstrip("\n")
    if not path:
        raise SystemExit("search worker: nothing was sent")
    with open(path, "rb") as handle:
        value = pickle.load(handle)
    os.remove(path)
    return value


class Job:
    def __init__(self, function, argument, awaits: bool = False):
        self._folder = tempfile.TemporaryDirectory(prefix="samizdat-search-")
        with open(os.path.join(self._folder.name, "task"), "wb") as handle:
            _dump((function, argument), handle, self._folder.name)
        self._name = function.__name__
        # The function's name after the folder: serve() ignores it; it
        # names the worker in `ps` and in bench/search_memory.py's timeline.
        self._process = subprocess.Popen(
            [sys.executable, "-c", _BOOTSTRAP, self._folder.name, self._name],
            stdin=subprocess.PIPE if awaits else subprocess.DEVNULL,
            env=_worker_environment(),
        )

    def send(self, value) -> None:
        """The value the worker's awaited() gives: written to a file of
        the job's folder (its arrays as _dump writes them), its path on
        the worker's standard input."""
        path = _new_file(self._folder.name, "sent")
        with open(path, "wb") as handle:
            _dump(value, handle, self._folder.name)
        try:
            self._process.stdin.write(path.encode() + b"\n")
            self._process.stdin.close()
        except BrokenPipeError:  # the worker is gone: result() says why
            pass

    def cancel(self) -> None:
        """Stop a worker that waits for send() (it ends on an empty
        standard input) and remove its folder."""
        if self._process.stdin and not self._process.stdin.closed:
            with contextlib.suppress(BrokenPipeError):
                self._process.stdin.close()
        self._process.wait()
        self._folder.cleanup()

    def wait(self) -> None:
        """Wait for the worker to finish; WorkerError if it failed. Its
        task's file goes at once (a range's articles: on a large site
        every job's would wait on disk until its result is read)."""
        status = self._process.wait()
        with contextlib.suppress(FileNotFoundError):
            os.remove(os.path.join(self._folder.name, "task"))
        if status:
            self.result()

    def result(self):
        status = self._process.wait()
        try:
            with open(os.path.join(self._folder.name, "result"), "rb") as handle:
                return pickle.load(handle)
        except (FileNotFoundError, EOFError):
            raise WorkerError(
                f"search worker {self._name} exited with status {status}"
            ) from None
        finally:
            self._folder.cleanup()


def each_in_workers(function, arguments: Iterable, processes: int) -> Iterator:
    """function(argument) for each of `arguments`, each in a Job, at most
    `processes` running at once; the results in the order of `arguments`.

    A generator: its first result is asked for after every job has run
    (an argument is taken from `arguments` only when its job starts, so a
    generator can make each just in time), and each result is read from
    its file only when asked for: results wait on disk, not beside the
    running workers in this process's memory. A failed job stops the
    loop at once (WorkerError)."""
    jobs, running = [], deque()
    for argument in arguments:
        if len(running) == processes:
            running.popleft().wait()
        jobs.append(Job(function, argument))
        running.append(jobs[-1])
    for job in running:
        job.wait()
    jobs.reverse()
    while jobs:
        yield jobs.pop().result()


class StoredArray:
    """An array kept in a file until it is needed. A worker's largest
    result arrays wait on disk rather than in the memory of the process
    that collects the results, which reads each only when it copies it
    (one range's postings at a time, not every range's)."""

    def __init__(self, path: str, found: array):
        self.path, self.typecode, self.length = path, found.typecode, len(found)
        with open(path, "wb") as handle:
            found.tofile(handle)

    def __len__(self) -> int:
        return self.length

    def load(self, keep_file: bool = False) -> array:
        found = array(self.typecode)
        with open(self.path, "rb") as handle:
            found.fromfile(handle, self.length)
        if not keep_file:
            os.remove(self.path)
        return found


class StoredValue:
    """Any value kept in a file until it is needed (pickled by _dump: its
    own large arrays in files of their own in `folder`)."""

    def __init__(self, path: str, value, folder: str):
        self.path = path
        with open(path, "wb") as handle:
            _dump(value, handle, folder)

    def load(self, keep_file: bool = False):
        with open(self.path, "rb") as handle:
            value = pickle.load(handle)
        if not keep_file:
            os.remove(self.path)
        return value


class Later:
    """A part of a Job's argument that the worker reads only when it asks
    for it (loaded(), or MappedArrays.view() for an array), so that parts
    needed one after the other are not in its memory together. Crossing
    to a worker, the value waits in a file of its own in the job's folder
    (a StoredArray or a StoredValue); done in place (Done), it is the value
    itself."""

    def __init__(self, value):
        self.value = value


def loaded(found, keep_file: bool = False):
    """The value of a Later, StoredArray or StoredValue (its file removed
    unless it is read again later: `keep_file`); anything else as it is."""
    if isinstance(found, Later):
        found = found.value
    if isinstance(found, StoredArray | StoredValue):
        return found.load(keep_file)
    return found


# Platforms without it (Windows) keep the pages read until the map closes.
_DONT_NEED = getattr(mmap, "MADV_DONTNEED", None)


class MappedArrays:
    """Large arrays read in place from their files, for a worker that goes
    through them a slice at a time (the shard writer, bucket by bucket:
    each bucket's keys are spread over the whole of the index's doc ids).

    view() maps a StoredArray's file read-only and gives a memoryview of
    its items (slices of it are memoryviews too: sequences of ints, as an
    array's are). The pages read are the kernel's file cache, shared and
    dropped under memory pressure, and drop_pages() takes those read so
    far out of this process's resident set (read again from the cache when
    needed). Arrays in memory, and a Later's value done in place, are given
    as they are. The maps close when the `with` block ends: no slice of a
    view may outlive it."""

    def __init__(self):
        self._maps: list[mmap.mmap] = []
        self._views: list[memoryview] = []

    def view(self, found) -> array | memoryview:
        if isinstance(found, Later):
            found = found.value
        if not isinstance(found, StoredArray) or not found.length:
            return loaded(found)
        with open(found.path, "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        self._maps.append(mapped)
        self._views.append(memoryview(mapped))
        self._views.append(self._views[-1].cast(found.typecode))
        return self._views[-1]

    def drop_pages(self) -> None:
        if _DONT_NEED is not None:
            for mapped in self._maps:
                mapped.madvise(_DONT_NEED)

    def __enter__(self) -> "MappedArrays":
        return self

    def __exit__(self, *exc) -> None:
        for view in reversed(self._views):
            view.release()
        for mapped in self._maps:
            mapped.close()


class Done:
    def __init__(self, value):
        self._value = value

    def result(self):
        return self._value


@contextlib.contextmanager
def paused_gc():
    """Indexing allocates millions of small objects and no reference cycles:
    the collector's passes over an ever larger heap cost about a sixth of
    the indexing time and find nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
