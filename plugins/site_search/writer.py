"""The shard writer: every file of search/ written from the packed index
and the articles' records, in a worker process on large sites (workers.Job),
in place on small ones. export.py makes the texts; the files are listed in
its docstring.

Files are written only when their bytes change, by replacing them
(cache.write_if_changed): an unchanged shard keeps its mtime, and a file
hard-linked from a previous output is never written through. A file of an
earlier build that this one does not write is removed.

On large sites the worker starts before the index is ready (the build's
other core is idle while this process updates the index and finds the
related lists): it loads the last build's record of its files, checks
their stamps in the output and keeps only what it found (LastBuild),
then waits for its task (workers.awaited) and reads the record again.
After 10 articles changed at 20,000, the record's load and the stamps'
checks were 1.3 s of the writer's 11.4 s of py-spy samples, which ran
past the pages.

Data shapes:
    writer_task(folder, SearchIndex, metas, segment size, names,
        BucketCache or None) -> the task below, its large parts
        workers.Later
    write_files((folder, packed index, metas, segment size, documents'
        postings cache names, BucketCache or None), LastBuild or None)
        -> list of the file names it wrote or found unchanged (relative
        to folder); metas [{"t", "u", "i", "s", "l", "r", "x"}]
        (site_index.search_record), one per document, like the names;
        the LastBuild is found when not given
    write_when_sent((folder, BucketCache or None)) -> write_files(the task
        workers.awaited() gives, the LastBuild of the record then): a
        workers.Job's function (one argument)
    LastBuild(folder, the record file's Stamp, Record): .stale (bucket_cache.
        stale_files() of the last build's record), .docs (doc_record.
        DocFiles), .source (the record file's bucket_cache.Stamp)
"""

from dataclasses import replace
from itertools import chain
from pathlib import Path

from samizdat_contract.cache import write_if_changed
from samizdat_contract.memory import release_free_memory

from .bucket_cache import (
    BucketCache,
    Record,
    SeenSegments,
    Stamp,
    changed_segments,
    file_stamp,
    names_digest,
    stale_files,
)
from .doc_record import DocFiles
from .export import segment_start, shard_texts
from .index import SearchIndex, pack
from .postings import Packed
from .shard_text import _script, doc_texts, language_files
from .workers import Later, MappedArrays, awaited, loaded

FOLDERS = ("t", "r", "d", "l")
# The d/ files' record's key in the bucket record (doc_record.py).
DOCS = "d"
# The writer lets go of the mapped postings' pages it has read after this
# many files: about a bucket a file, and a bucket's keys are spread over
# the arrays (about 67 keys a head file at 100,000 articles of a
# realistic vocabulary: 10.3 million keys, 153,856 head files), a page of
# ids and one of weights each, so at most some 30 MB between two drops.
DROP_PAGES_EVERY = 64


def _remove_stale(folder: Path, names: set[str]) -> None:
    """Files of an earlier build that this one does not write (a bucket
    count that doubled, a deleted article): never loaded, but listed in a
    bundle's manifest if left."""
    for sub in FOLDERS:
        for path in (folder / sub).glob("*.js"):
            if f"{sub}/{path.name}" not in names:
                path.unlink()


def writer_task(
    folder: str,
    index: SearchIndex,
    metas: list[dict],
    segment_size: int,
    names: list[str],
    buckets: BucketCache | None,
) -> tuple:
    """write_files()'s task: the packed index, its ids and weights, and
    the metas as workers.Later (read by a worker only when it needs them),
    without the aliases' provenance (alias_docs: the index cache's, not
    the files')."""
    packed = pack(index)
    packed = replace(
        packed, ids=Later(packed.ids), weights=Later(packed.weights), alias_docs={}
    )
    return folder, Later(packed), Later(metas), segment_size, names, buckets


class LastBuild:
    """The last build's files checked against the output (before this
    build writes any): those not as recorded (`stale`), the d/ files'
    record (`docs`), and the stamp of the record's file they were
    checked from (`source`: the record is read again with the task)."""

    def __init__(self, folder: str, source: Stamp | None, record: Record):
        self.source = source
        self.stale = stale_files(Path(folder), record)
        self.docs = DocFiles(Path(folder), record.get(DOCS))


def _record(kept: BucketCache | None) -> tuple[Stamp | None, Record]:
    """The stamp of the record's file, then the record ({} without one)."""
    if not kept:
        return None, {}
    return file_stamp(kept.path), kept.load()


def write_when_sent(start: tuple[str, BucketCache | None]) -> list[str]:
    """write_files() in a worker started before its task is ready: the
    last build's files checked first, then the task, once sent. The
    record is not kept while the task is awaited: with it the worker held
    180 MiB at 100,000 articles, beside the Pelican process's peak (3,099
    MiB together; the goal is 3 GiB); it is read again with the task."""
    folder, kept = start
    last = LastBuild(folder, *_record(kept))
    release_free_memory()
    return write_files(awaited(), last)


def write_files(
    task: tuple[
        str, Packed | Later, list[dict] | Later, int, list[str], BucketCache | None
    ],
    last: LastBuild | None = None,
) -> list[str]:
    """Each file is written as soon as its text is made (see shard_texts);
    meta.js last, once the languages are known. The task: (folder, packed
    index, metas, segment size, each document's postings cache name (one
    per document: their number is the document count), a BucketCache or
    None), as writer_task() makes it. With a BucketCache, a segment the
    last build wrote from the same documents is not made again
    (bucket_cache.py), and a d/ file whose search record is the last
    build's neither (doc_record.py).

    The packed index, its ids and weights, and the metas may be
    workers.Later: in a worker process the arrays are then read in place
    from their files while the shards are written (MappedArrays: the pages
    read are let go every DROP_PAGES_EVERY files), the rest of the index is
    let go after that, and only then are the metas read, for the d/ and l/
    files. At 100,000 articles of a realistic vocabulary the writer held
    396 MB of doc ids, 99 MB of weights and about 170 MB of metas at once,
    beside Pelican writing the pages: the build's peak."""
    folder, packed, metas, segment_size, documents, kept = task
    seen = docs = None
    if kept:
        first = segment_start(len(documents), segment_size)
        digests = {
            "": names_digest(segment_size, documents[:first]),
            "r": names_digest(segment_size, documents),
        }
        changed = None
        if kept.changes is not None:  # the kept index updated in place
            changed = changed_segments(kept.changes, documents, segment_size, first)
        source, record = _record(kept)
        if last is None or last.source != source:  # none, or checked from another
            last = LastBuild(folder, source, record)
        seen = SeenSegments(folder, record, digests, changed, last.stale)
        docs = last.docs
        del record
    del last
    folder = Path(folder)
    names: set[str] = set()
    meta = ""

    def write(name: str, text: str | None) -> None:
        names.add(name)
        if text is not None:  # None: a segment's file left as it is
            write_if_changed(folder / name, text.encode("utf-8"))

    with MappedArrays() as arrays:
        index = loaded(packed)
        mapped = replace(
            index, ids=arrays.view(index.ids), weights=arrays.view(index.weights)
        )
        del index
        texts = shard_texts(mapped, len(documents), segment_size, seen, arrays)
        for number, (name, text) in enumerate(texts, start=1):
            if name == "meta.js":
                meta = text
            else:
                write(name, text)
            if number % DROP_PAGES_EVERY == 0:
                arrays.drop_pages()
        del mapped, texts
    # The index's keys back to the system before the metas are read.
    release_free_memory()
    metas = loaded(metas)
    languages = language_files(metas)
    texts = doc_texts(metas) if docs is None else docs.texts(metas)
    for name, text in chain(texts, languages.items()):
        write(name, text)
    meta += _script("meta", "languages", sorted(name[2:-3] for name in languages))
    names.add("meta.js")
    write_if_changed(folder / "meta.js", meta.encode("utf-8"))
    # After writing: a file of this build is never removed.
    _remove_stale(folder, names)
    if kept:
        kept.save({**seen.record, DOCS: docs.record()})
    # Returned, not only noted here: in a worker process the note would be
    # lost, and the build would take an unchanged file for a stale one.
    return sorted(names)
