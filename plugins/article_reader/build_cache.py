"""The reader's build cache: loaded inputs, the line census, analysed records.

Follows the project's one cache rule (samizdat_contract.cache): everything
lives under CACHE_PATH/article_reader/, every key names what its value
depends on, every entry is sealed (a damaged one is a miss and a warning),
and LOAD_CONTENT_CACHE off (``make html FULL=1``) reads none of it.

What the folder holds, so an incremental build redoes only what changed:

    entries.index,       two entries per input file, all in one pack file
    entries.<n>          (samizdat_contract.pack: one open per build, not one
                         per file; each entry sealed, a damaged one a miss
                         and a warning). Under the file key, read once per
                         file in a build that reuses it: what
                         loading.load_inputs gave for it without the pages'
                         bodies (the skipped records and loaded pages, and
                         a crawl's counts) and, per page, its analysed
                         record (below). Under the file key + LOADED, the
                         same items with their bodies, read only when a
                         page of the file is analysed again or the census
                         must be counted afresh: an unchanged page needs
                         no body, and reading and unpickling the bodies of
                         every file was a third of reading the cache. The
                         file key is a digest of the file's path, content
                         and the ``salt`` (settings, code and library
                         versions): file_keys.py.
    stamps               what spares reading an unchanged file to find its
                         key (file_keys.py).
    census               the tree's line census (line_census.TreeCensus),
                         kept up to date rather than recomputed: for each
                         loaded page, the file key it came from and the
                         digests of its distinct lines, and the counts.
    (analysed, in its file's entry, by page path) one page's record as
                         analyse_loaded left it (before the tree-wide slug
                         and title checks), with what the analysis asked of
                         the tree: each line it looked up in the census and
                         the answer, and the date decision. The record is
                         reused when every answer is still the same and the
                         date decision under the new ceiling is too; when
                         only the number of files holding a recurring line
                         moved, the one place the number shows (the
                         RECURRING reason of a removed line) is rewritten.
    langid-<digest>      py3langid's model, decompressed (model_cache.py).

A new file's entries are written when the file is loaded, and the first
again with its pages' records once they are analysed; a reused file's entry
is written again only when one of its pages had to be analysed again. An
entry is held in memory only while its file's pages are analysed.

Data shapes:
    salt_for(options: settings.ReaderOptions) -> str
    RecordStore(folder: Path | None, salt: str, reads: bool)
        model_cache: model_cache.ModelCache   where py3langid's model is kept
        file_key(root, relative) -> str | None
        loaded(file key) -> (items, CrawlCounts | None) | None / keep_loaded
            (the items' pages, loading.LoadedText, without their bodies:
            body None; loaded_page gives one with its body)
        loaded_page(file key, path) -> LoadedText | None / keep_bodies
        analysed(file key, path, answer_now, decide_date) -> record | None /
        keep_analysed(file key, path, record, answers, decision) -> record
        census() -> TreeCensus / keep_census(census)
        flush() writes what is left; prune() -> entries removed
    FileEntry(light_bytes, analysed: dict[page path, Analysed], pages: int)
    Analysed(record_bytes, answers: dict[line digest, int | None], decision)
"""

import dataclasses
import logging
import pickle
import shutil
from collections import Counter
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from samizdat_contract import cache
from samizdat_contract.pack import EntryPack

from .file_keys import FileKeys
from .line_census import TreeCensus, recount_reasons
from .model_cache import ModelCache

logger = logging.getLogger(__name__)

PLUGIN = "article_reader"
ENTRIES = "entries"
# Suffix of the key of a file's items with their bodies.
LOADED = "+loaded"
CENSUS = "census"
# Entry folders of earlier versions (a file's loaded inputs and its pages'
# records apart; then one file per input file): never read, removed by
# prune().
OLD_KINDS = ("loaded", "analysed", "files")


# Libraries whose answers end up in records: a new version is a new salt.
LIBRARIES = (
    "babel",
    "charset-normalizer",
    "lxml",
    "py3langid",
    "python-dateutil",
    "pyyaml",
    "trafilatura",
    "unidecode",
    "warcio",
)


def salt_for(options) -> str:
    """What every entry's key depends on besides the input: the reader's
    options (a dataclass of plain values), its code and its libraries."""
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return cache.fingerprint(
        {
            "options": dataclasses.asdict(options),
            "code": cache.code_fingerprint("article_reader", "samizdat_contract"),
            "libraries": versions,
            "format": pickle.DEFAULT_PROTOCOL,
        }
    )


@dataclass
class Analysed:
    """A page's analysed record and what the analysis asked of the tree."""

    record_bytes: bytes  # the pickled ArticleRecord
    answers: dict[bytes, int | None]  # line digest -> recurs() answer
    decision: object  # dates.DateDecision under the ceiling used


@dataclass
class FileEntry:
    """One input file's entry: load_inputs' items (their pages without
    bodies) and a crawl's counts, pickled when they were loaded (analysis
    then changes the items' records), and each of its pages' Analysed by
    page path."""

    light_bytes: bytes  # the pickled (items without bodies, crawl counts)
    analysed: dict[str, Analysed]
    pages: int  # loaded pages among items (loading.LoadedText: they have a body)


def without_bodies(items: list) -> list:
    """load_inputs' items with each page's body None (its other fields, the
    same objects)."""
    return [
        dataclasses.replace(item, body=None) if hasattr(item, "body") else item
        for item in items
    ]


class RecordStore:
    """The reader's cache folder; ``folder`` None keeps nothing at all.

    A file's entry stays in memory while its pages are analysed: it is let
    go (and written again with its records, if any is new) once each of its
    pages was either reused (analysed) or stored (keep_analysed); flush()
    does so for the rest (a WARC's pages that lost to another capture of
    their URL).
    """

    def __init__(self, folder: Path | None, salt: str, reads: bool = True):
        self.folder = folder
        self.salt = salt
        self.reads = reads and folder is not None
        self._pack = EntryPack(folder, ENTRIES, self.reads) if folder else None
        self.used: set[str] = set()  # entries this build used or wrote
        self.stats = Counter()
        self._entries: dict[str, FileEntry] = {}  # by file key, in use
        self._done: Counter[str] = Counter()  # file key -> pages done
        self._unwritten: set[str] = set()  # file keys with records not written
        self._file_keys = FileKeys(folder, salt, self._read_named)
        # py3langid's model, decompressed, is kept in the same folder.
        self.model_cache = ModelCache(folder, self.reads)

    # Loaded inputs, per file.

    def file_key(self, root: str, relative: str) -> str | None:
        """The key of an input file's entry (file_keys.FileKeys.key)."""
        return self._file_keys.key(root, relative)

    def loaded(self, key: str | None):
        """(items, crawl counts) cached for a file key, or None; the items'
        pages have no body (loaded_page gives it)."""
        entry: FileEntry | None = self._read(key)
        if entry is not None and key + LOADED not in self._pack.entries:
            entry = None  # the bodies are gone: the file is loaded again
        self.stats["files reused" if entry else "files read"] += 1
        if entry is None:
            return None
        self.used.add(key + LOADED)
        self._entries[key] = entry
        return pickle.loads(entry.light_bytes)

    def keep_loaded(self, key: str | None, value) -> None:
        """Keep load_inputs' (items, crawl counts) for a file key."""
        if key is None or self.folder is None:
            return
        items, crawl = value
        pages = sum(1 for item in items if hasattr(item, "body"))
        self._write(key + LOADED, value)
        entry = FileEntry(cache.dumps((without_bodies(items), crawl)), {}, pages)
        self._write(key, entry)
        self._entries[key] = entry

    def keep_bodies(self, key: str, value) -> None:
        """Keep a file's (items, crawl counts) with their bodies again (its
        entry of them was damaged)."""
        self._write(key + LOADED, value)

    def loaded_page(self, key: str | None, path: str):
        """The loaded page ``path`` of the file ``key`` with its body
        (loading.LoadedText, as load_inputs gave it), or None when the
        store does not hold it (or it is damaged: the caller loads the
        file again)."""
        if key is None or self.folder is None:
            return None
        value = _unpickle(self._pack.get(key + LOADED), key + LOADED)
        if value is None:
            return None
        return next(
            (
                item
                for item in value[0]
                if hasattr(item, "body") and item.record.path == path
            ),
            None,
        )

    # Analysed records, per page.

    def analysed(self, key: str | None, path: str, answer_now, decide_date):
        """The cached record of the page ``path`` of the file ``key`` when
        it is still right, else None (the caller then analyses the page
        and calls keep_analysed).

        ``answer_now(digest)`` is what recurs() answers in this build for a
        line digest; ``decide_date()`` the page's date decision under this
        build's ceiling.
        """
        file = self._entries.get(key) if key is not None else None
        entry = file.analysed.get(path) if file is not None else None
        if entry is None:
            self.stats["pages analysed"] += 1
            return None
        moved = {}
        for digest, answer in entry.answers.items():
            now = answer_now(digest)
            if (answer is None) != (now is None):
                self.stats["pages analysed"] += 1
                return None
            if answer != now:
                moved[digest] = (answer, now)
        if decide_date() != entry.decision:
            self.stats["pages analysed"] += 1
            return None
        record = pickle.loads(entry.record_bytes)
        if moved:
            recount_reasons(record, moved)
            self.stats["pages recounted"] += 1
        self.stats["pages reused"] += 1
        self._page_done(key)
        return record

    def keep_analysed(self, key: str | None, path: str, record, answers, decision):
        """Store a page's record in its file's entry; returns the record the
        build should keep.

        That is a copy read back from the entry, not ``record``: pickling a
        string leaves a UTF-8 copy of it inside the string (CPython caches
        it), which more than doubles the memory of non-ASCII article text
        for the rest of the build (about 300 MiB at 100,000 articles).
        """
        file = self._entries.get(key) if key is not None else None
        if file is None or self.folder is None:
            return record
        payload = cache.dumps(record)
        file.analysed[path] = Analysed(payload, answers, decision)
        self._unwritten.add(key)
        self._page_done(key)
        return pickle.loads(payload)

    def flush(self) -> None:
        """Write the new entries still held, let every entry go, and keep
        this build's file stamps."""
        for key in sorted(self._entries):
            self._let_go(key)
        if self.folder is not None:
            # Every entry known, old and new: prune() drops the unused ones.
            self._pack.save(set(self._pack.entries))
            self._pack.close()
        self._file_keys.save()

    def _page_done(self, key: str) -> None:
        self._done[key] += 1
        if self._done[key] >= self._entries[key].pages:
            self._let_go(key)

    def _let_go(self, key: str) -> None:
        file = self._entries.pop(key)
        self._done.pop(key, None)
        if key not in self._unwritten:
            return
        self._unwritten.discard(key)
        self._write(key, file)

    # The census.

    def census(self) -> TreeCensus:
        value = self._read_named(CENSUS)
        if value is None:
            return TreeCensus()
        counts, contributions = value
        return TreeCensus(counts, contributions)

    def keep_census(self, census: TreeCensus) -> None:
        if self.folder is not None:
            payload = pickle.dumps((census.counts, census.contributions), protocol=5)
            cache.write_sealed(self.folder / CENSUS, payload)

    def prune(self) -> int:
        """Remove the entries this build neither used nor wrote (files that
        left the tree, older versions of changed ones)."""
        if self.folder is None:
            return 0
        removed = sum(1 for key in self._pack.entries if key not in self.used)
        self._pack.save(self.used)
        self._pack.close()
        for kind in OLD_KINDS:
            base = self.folder / kind
            if base.is_dir():
                removed += sum(1 for entry in base.rglob("*") if entry.is_file())
                shutil.rmtree(base, ignore_errors=True)
        return removed

    # Entries.

    def _read(self, key: str | None):
        if key is None or self.folder is None:
            return None
        self.used.add(key)
        if not self.reads:
            return None
        return _unpickle(self._pack.get(key), key)

    def _read_named(self, name: str):
        if not self.reads:
            return None
        return _unpickle(cache.read_sealed(self.folder / name), name)

    def _write(self, key: str | None, value) -> None:
        if key is None or self.folder is None:
            return
        self.used.add(key)
        self._pack.put(key, cache.dumps(value))


def _unpickle(payload: bytes | None, origin: str):
    if payload is None:
        return None
    try:
        return pickle.loads(payload)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError) as error:
        # Sealed but unreadable: written by other code under the same key
        # (code_fingerprint should prevent it); never trusted.
        logger.warning("cache entry %s cannot be read (%s); rebuilt", origin, error)
        return None
