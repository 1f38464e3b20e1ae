"""The reader's build cache: loaded inputs, the line census, analysed records.

Follows the project's one cache rule (samizdat_contract.cache): everything
lives under CACHE_PATH/article_reader/, every key names what its value
depends on, every entry is sealed (a damaged one is a miss and a warning),
and LOAD_CONTENT_CACHE off (``make html FULL=1``) reads none of it.

Two kinds of entry, so an incremental build redoes only what changed:

    entries.index,       one entry per input file, all in one pack file
    entries.<n>          (samizdat_contract.pack: one open per build, not one
                         per file; each entry sealed, a damaged one a miss
                         and a warning), read once per file in a build that
                         reuses it: what analysis.load_inputs
                         gave for it (the skipped records and loaded pages,
                         and a crawl's counts) and, per page, its analysed
                         record (below). The file key is a digest of the
                         file's path, content SHA-256 and modification time,
                         and of the ``salt`` (settings, code and library
                         versions).
    stamps               for each input file, its status (device, inode,
                         size, modification and change times) and content
                         digest when last read: a file whose status is the
                         same is not read again to find its key (as git's
                         index does). A stamp is trusted only when the file
                         had not changed for STAMP_SETTLED_NS before it was
                         taken, so a file rewritten within the clock's tick
                         of being looked at is read again.
    census               the tree's line census, kept up to date rather than
                         recomputed: for each loaded page, the file key it
                         came from and the digests of its distinct lines
                         (its contribution), and the counts. Pages that
                         left the tree are taken out, new and changed ones
                         added.
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

A new file's entry is written when the file is loaded, and again with its
pages' records once they are analysed; a reused file's entry is written
again only when one of its pages had to be analysed again. An entry is
held in memory only while its file's pages are analysed.

Data shapes:
    salt_for(options: analysis.ReaderOptions) -> str
    RecordStore(folder: Path | None, salt: str, reads: bool)
        loaded(file key) / keep_loaded; analysed(file key, path, ...) /
        keep_analysed; flush() writes what is left; prune()
    TreeCensus: count(text) -> int; update(contributions) adjusts counts
    line_digests(body: str) -> frozenset[bytes]
"""

import dataclasses
import hashlib
import logging
import os
import pickle
import shutil
import stat
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from samizdat_contract import cache
from samizdat_contract.pack import EntryPack

from .chrome import split_lines
from .files import NotReadable, open_regular_file
from .lines import RECURRING

logger = logging.getLogger(__name__)

PLUGIN = "article_reader"
# Digest size of a census line: 16 bytes, so that two different lines of a
# tree of millions share a digest with a chance far below one in 10^20.
LINE_DIGEST_BYTES = 16
READ_CHUNK = 1 << 20
STAMPS = "stamps"
STAMP_SETTLED_NS = 2_000_000_000
ENTRIES = "entries"
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


def line_digest(text: str) -> bytes:
    return hashlib.blake2b(
        text.encode("utf-8", "surrogatepass"), digest_size=LINE_DIGEST_BYTES
    ).digest()


def line_digests(body: str) -> frozenset[bytes]:
    """A page's contribution to the census: its distinct lines, as digests
    (the lines LineCensus.add_file counts)."""
    return frozenset(line_digest(line.text) for line in split_lines(body))


def file_status(root: str, relative: str) -> tuple | None:
    """What says a file changed: (device, inode, size, mtime, ctime), the
    last two in ns; None for anything but a regular file."""
    try:
        status = os.stat(os.path.join(root, relative), follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return (
        status.st_dev,
        status.st_ino,
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
    )


def content_digest(root: str, relative: str) -> str | None:
    """SHA-256 of a file's bytes, read without following links; None when
    it cannot be read (load_inputs then reports why)."""
    digest = hashlib.sha256()
    try:
        with open_regular_file(root, relative) as handle:
            while chunk := handle.read(READ_CHUNK):
                digest.update(chunk)
            mtime = os.fstat(handle.fileno()).st_mtime_ns
    except (NotReadable, OSError):
        return None
    return f"{digest.hexdigest()}:{mtime}"


class TreeCensus:
    """For each line digest: the number of pages of the tree holding it.

    ``contributions`` maps a page path to (file key, line digests).
    """

    def __init__(self, counts: Counter | None = None, contributions=None):
        self.counts: Counter[bytes] = counts if counts is not None else Counter()
        self.contributions: dict[str, tuple[str, frozenset[bytes]]] = (
            contributions if contributions is not None else {}
        )

    def count(self, text: str) -> int:
        return self.counts[line_digest(text)]

    def update(self, pages: dict[str, tuple[str, Callable[[], frozenset]]]) -> int:
        """Make the census that of ``pages`` (path -> (file key, a function
        giving its digests, called only for a page new or changed)).
        Returns the number of pages added or taken out."""
        moved = 0
        for path in [p for p in self.contributions if p not in pages]:
            self.counts.subtract(self.contributions.pop(path)[1])
            moved += 1
        for path, (key, digests) in pages.items():
            known = self.contributions.get(path)
            if known is not None and known[0] == key:
                continue
            if known is not None:
                self.counts.subtract(known[1])
            lines = digests()
            self.counts.update(lines)
            self.contributions[path] = (key, lines)
            moved += 1
        if moved:
            self.counts = +self.counts  # drop the lines no page holds now
        return moved


@dataclass
class Analysed:
    """A page's analysed record and what the analysis asked of the tree."""

    record_bytes: bytes  # the pickled ArticleRecord
    answers: dict[bytes, int | None]  # line digest -> recurs() answer
    decision: object  # dates.DateDecision under the ceiling used


@dataclass
class FileEntry:
    """One input file's entry: load_inputs' items and a crawl's counts,
    pickled when they were loaded (analysis then changes the items'
    records), and each of its pages' Analysed by page path."""

    loaded_bytes: bytes | None  # the pickled (items, crawl counts)
    analysed: dict[str, Analysed]
    pages: int  # loaded pages among items (_Loaded: they have a body)


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
        # relative path -> (file_status, content digest): the last build's
        # (trusted ones only) and this build's, with when they were taken.
        self._stamps: dict[str, tuple] = self._settled_stamps()
        self._new_stamps: dict[str, tuple] = {}
        self._stamped_at = time.time_ns()

    # Loaded inputs, per file.

    def file_key(self, root: str, relative: str) -> str | None:
        if self.folder is None:
            return None
        status = file_status(root, relative)
        known = self._stamps.get(relative)
        if status is not None and known is not None and known[0] == status:
            digest = known[1]
        else:
            digest = content_digest(root, relative)
        if digest is None:
            return None
        if status is not None:
            self._new_stamps[relative] = (status, digest)
        text = f"{self.salt}\0{relative}\0{digest}".encode("utf-8", "surrogatepass")
        return hashlib.sha256(text).hexdigest()

    def loaded(self, key: str | None):
        """(items, crawl counts) cached for a file key, or None."""
        entry: FileEntry | None = self._read(key)
        self.stats["files reused" if entry else "files read"] += 1
        if entry is None:
            return None
        self._entries[key] = entry
        return pickle.loads(entry.loaded_bytes)

    def keep_loaded(self, key: str | None, value) -> None:
        if key is None or self.folder is None:
            return
        pages = sum(1 for item in value[0] if hasattr(item, "body"))
        entry = FileEntry(cache.dumps(value), {}, pages)
        # Written now and read back when its records are added (_let_go):
        # held until then, the pickled inputs of a whole tree would sit in
        # memory beside the inputs themselves while it is analysed.
        self._write(key, entry)
        entry.loaded_bytes = None
        self._entries[key] = entry

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
            _recount_reasons(record, moved)
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
            value = (self._stamped_at, self._new_stamps)
            cache.write_sealed(self.folder / STAMPS, pickle.dumps(value, protocol=5))

    def _settled_stamps(self) -> dict[str, tuple]:
        """The last build's stamps of files that had not changed for
        STAMP_SETTLED_NS when it looked at them."""
        value = self._read_named(STAMPS) if self.folder is not None else None
        if value is None:
            return {}
        taken, stamps = value
        settled = taken - STAMP_SETTLED_NS
        return {
            relative: (status, digest)
            for relative, (status, digest) in stamps.items()
            if status[4] < settled and status[3] < settled
        }

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
        if file.loaded_bytes is None:
            written = _unpickle(self._pack.get(key), key)
            if written is None:  # gone or damaged since: the next build loads
                return
            file.loaded_bytes = written.loaded_bytes
        self._write(key, file)

    # The census.

    def census(self) -> TreeCensus:
        value = self._read_named("census")
        if value is None:
            return TreeCensus()
        counts, contributions = value
        return TreeCensus(counts, contributions)

    def keep_census(self, census: TreeCensus) -> None:
        if self.folder is not None:
            payload = pickle.dumps((census.counts, census.contributions), protocol=5)
            cache.write_sealed(self.folder / "census", payload)

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


def _recount_reasons(record, changed: dict[bytes, tuple[int, int]]) -> None:
    """Rewrite "recurs verbatim in N files" for the lines whose N moved."""
    for index, removed in enumerate(record.removed):
        moved = changed.get(line_digest(removed.text))
        if moved and removed.reason == RECURRING.format(count=moved[0]):
            reason = RECURRING.format(count=moved[1])
            record.removed[index] = dataclasses.replace(removed, reason=reason)


def recording(recurs: Callable[[str], int | None]):
    """``recurs`` that also notes each answer by line digest: (function, answers)."""
    answers: dict[bytes, int | None] = {}

    def noted(text: str) -> int | None:
        answer = recurs(text)
        answers[line_digest(text)] = answer
        return answer

    return noted, answers
