"""Search segments whose documents did not change since the last build, not
made again.

The index is written in two segments (export.py): the main one, of the
first documents (as many as a multiple of SITE_SEARCH_SEGMENT), and the
recent one, of the rest. The main segment's files are a function of its
documents alone, the recent one's of all documents, under this code and
segment size. A build that adds 100 articles to an archive leaves the main
segment as it was until the article count passes a multiple of the
segment size; making its text again was most of such a build's writer
(a new article changes the heads of hundreds of buckets: 62 % of them for
100 new articles at 20,000, so skipping unchanged buckets saved little).
So the writer keeps, for each segment, a digest of its documents' names
(their postings cache names: the SHA-256 of the code's salt and the
document's indexed fields), its bucket counts and, for each bucket, a
digest of its inputs (its name, the bucket counts, its keys with their
posting lists) and the stamp of each file it wrote; the next build skips
a segment whose documents have the same digest when each of its files in
the output still has the recorded stamp. In a segment that is made again
(an article of it changed: ten changed articles touch a fraction of the
buckets), a bucket whose inputs have the same digest is skipped the same
way. A stamp is the file's size, modification time in nanoseconds and
inode, taken once it is written: the writer replaces a file by rename
(and the next build's output starts as hard links to this one's), so a
file keeps its stamp until it is written again, and a file altered or
removed since has another stamp or none: its bucket is made again. (The
files were read and hashed before: a tenth of a 10-changed build.)

When the kept index was updated in place (articles changed, same ids:
index_update.py), the build says which articles changed and which keys
their last and new versions hold (`changes`, index_update.changed_keys;
a key both hold with one weight is left out: its posting did not move).
Only those keys' posting lists moved, so in a segment only the buckets of
the keys its changed articles hold or held (and those of the pairs of a
word whose count crossed PAIR_MIN_POSTINGS: bucket_keys.py) have their keys
gathered and digested; every other bucket is the last build's when its
files' stamps are as recorded. In the recent segment, an article changed
in the main one moves nothing but such pairs. That holds only when the
record's segment was made from the documents before the change exactly
(its documents' digest is that of this build's names with the changed
articles' last ones; an article added since makes the recent segment's
another) and its bucket counts are this build's; else the segment is
made as before. (Gathering, digesting and checking every bucket was over
a third of a 10-changed build at 20,000 articles of a realistic
vocabulary.) A bucket holding a moved key is made from its files with
only its moved keys' entries made again (bucket_reuse.py), and recorded
with the digest REUSED: its inputs are not digested.

The record is one sealed pickle, CACHE_PATH/site_search/buckets, under
samizdat_contract.cache's rules: salted with the plugin's code
fingerprint, LOAD_CONTENT_CACHE off (FULL=1) reads nothing but still
writes, a damaged record is a warning and a miss.

Data shapes:
    Stamp = (size, st_mtime_ns, st_ino) of a file, or None
    Record = dict[segment ("" main, "r" recent), (documents digest: bytes,
        bucket counts {"t": int, "q": int}, {bucket name: (inputs digest,
        {relative path: Stamp})})], and under "d" the d/ files' record
        (doc_record.Kept: the writer's, SeenSegments ignores it)
    Changes = {changed document id: (its last version's postings cache
        name, the keys its last version held, the keys it holds; a key
        both hold with one weight in neither)}
    ChangedKeys(previous: bytes, keys: set[str], delta: {key: int}): a
        segment's documents' digest before the change, the keys its
        changed documents held or hold, and for each key how many more
        documents its pairs are counted over hold it now
    changed_segments(changes, names, size, first) -> {segment: ChangedKeys}
    names_digest(size, names) -> bytes   of a segment's documents
    inputs_digest(name, buckets, keys) -> bytes   of a bucket's inputs
        keys: {key: (ids, weights, is an exact form)} as export builds them
    stale_files(folder, Record) -> set[str]   the recorded files (relative
        paths) the output does not hold as written
    SeenSegments(folder: Path, previous: Record, digests: {segment: bytes},
                 changed: {segment: ChangedKeys} | None, stale: set[str]
                 (stale_files() of `previous`))
        unchanged(segment) -> (bucket counts, list[relative path]) | None
        changed_keys(segment) -> (last bucket counts, ChangedKeys) | None
            when the record's segment is of the documents before the change
        kept_buckets(segment, names) -> {name: [relative path]}: those of
            `names` whose files are as recorded (kept in this record)
        recorded_texts(segment, name) -> {relative path: text} | None: the
            last build's files of a bucket, when as recorded
        bucket_unchanged(segment, name, digest) -> list[relative path] | None
        bucket_made(segment, name, digest, {path: text})
        done(segment, bucket counts)
        record -> Record (this build's; the files made are stamped then)
    BucketCache(path, read, salt, changes=None).load() -> Record; .save(Record)
    for_settings(settings) -> BucketCache
"""

import hashlib
import logging
import os
import pickle
from array import array
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from samizdat_contract.cache import (
    cache_folder,
    code_fingerprint,
    read_sealed,
    reads_cache,
    write_sealed,
)

from .index import WEIGHT_TYPECODE
from .postings_cache import PLUGIN

logger = logging.getLogger(__name__)

FILE = "buckets"
FORMAT = 6

# The inputs digest recorded for a bucket made from the last build's files
# where only some of its keys moved (bucket_reuse.py): its inputs were not
# digested, and it equals no digest, so a build that compares them makes
# the bucket again.
REUSED = b""

# The segments' keys in a Record: the main one, the recent one.
SEGMENTS = ("", "r")
Stamp = tuple[int, int, int] | None
Record = dict[
    str, tuple[bytes, dict[str, int], dict[str, tuple[bytes, dict[str, Stamp]]]]
]
Changes = dict[int, tuple[str, tuple[str, ...], tuple[str, ...]]]


@dataclass(frozen=True)
class ChangedKeys:
    previous: bytes
    keys: set[str]
    delta: dict[str, int]


def changed_segments(
    changes: Changes, names: list[str], size: int, first: int
) -> dict[str, ChangedKeys]:
    """What `changes` did to each segment of the documents `names` (the
    main one's documents 0..first-1): the digest its documents had
    before, the keys whose postings in it moved, and the count deltas of
    the keys its pairs are counted over (the main segment's documents for
    its own, all for the recent one's)."""
    last = list(names)
    found = {}
    for segment, low, high in (("", 0, first), ("r", first, len(names))):
        delta: Counter = Counter()
        keys: set[str] = set()
        for doc, (name, old, new) in changes.items():
            last[doc] = name
            if doc < high:  # pairs counted over the documents before `high`
                delta.update(new)
                delta.subtract(old)
            if low <= doc < high:
                keys.update(old, new)
        counted = last[:first] if segment == "" else last
        found[segment] = ChangedKeys(names_digest(size, counted), keys, dict(delta))
    return found


def names_digest(size: int, names: list[str]) -> bytes:
    """SHA-256 of the segment size and a segment's documents' names."""
    digest = hashlib.sha256(b"%d" % size)
    for name in names:
        digest.update(b"\0" + name.encode())
    return digest.digest()


def inputs_digest(name: str, buckets: dict, keys: dict) -> bytes:
    """SHA-256 of what a bucket's files are made from (keys: {key: (ids,
    weights, is an exact form)} as export builds them)."""
    ordered = sorted(keys)
    entries = list(map(keys.__getitem__, ordered))
    # Each key with its form and length, then every id, then every
    # weight: three updates a bucket (three a key, and a key's line
    # formatted apart, were twice the time).
    shapes = [
        (key, exact, len(ids))
        for key, (ids, _, exact) in zip(ordered, entries, strict=True)
    ]
    digest = hashlib.sha256(repr((name, sorted(buckets.items()), shapes)).encode())
    digest.update(b"".join([_items(entry[0], "I") for entry in entries]))
    digest.update(b"".join([_items(entry[1], WEIGHT_TYPECODE) for entry in entries]))
    return digest.digest()


def _items(values, typecode: str):
    """``values`` as a buffer of C items of ``typecode``: the mapped or
    packed postings are one already (converting each key's slice cost
    half of this digest's time, a seventh of a full build's writer)."""
    if isinstance(values, memoryview | array) and _typecode(values) == typecode:
        return values
    return array(typecode, values)


def _typecode(values) -> str:
    return values.format if isinstance(values, memoryview) else values.typecode


def file_stamp(path: str) -> Stamp:
    """(size, mtime in ns, inode) of the file at ``path``, None if missing."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ino


def stale_files(folder: Path, record: Record) -> set[str]:
    """The relative paths of the record's files that the output under
    `folder` does not hold as written: another stamp, none, or none
    recorded. Every file at once, before the writer has its task (the
    search writer's worker checks them while the index is being updated:
    workers.Job's awaited part); the writer alters no file before this."""
    folder = str(folder)
    return {
        path
        for segment in SEGMENTS
        for _, files in record.get(segment, (None, None, {}))[2].values()
        for path, stamp in files.items()
        if stamp is None or file_stamp(os.path.join(folder, path)) != stamp
    }


class SeenSegments:
    """The last build's record, checked against the output, and this
    build's record as the writer goes."""

    def __init__(
        self,
        folder: Path,
        previous: Record,
        digests: dict[str, bytes],
        changed: dict[str, ChangedKeys] | None,
        stale: set[str],
    ):
        self._folder = str(folder)
        self._previous = previous
        self._digests = digests
        self._changed = changed
        self._stale = stale
        self._buckets: dict[str, dict[str, tuple[bytes, dict[str, Stamp]]]] = {}
        self._record: Record = {}
        # files made by this build, stamped once written: (segment, bucket)
        self._unstamped: list[tuple[str, str]] = []

    def _as_written(self, files: dict[str, Stamp]) -> bool:
        """Whether each file in the output has the recorded stamp."""
        return self._stale.isdisjoint(files)

    def unchanged(self, segment: str) -> tuple[dict[str, int], list[str]] | None:
        """The bucket counts and paths of the segment's files when they need
        not be made again: same documents, every file in the output as
        written."""
        entry = self._previous.get(segment)
        if entry is None or entry[0] != self._digests[segment]:
            return None
        paths = [path for _, files in entry[2].values() for path in files]
        if not all(self._as_written(files) for _, files in entry[2].values()):
            return None
        self._record[segment] = entry
        return entry[1], paths

    def changed_keys(self, segment: str) -> tuple[dict[str, int], ChangedKeys] | None:
        """The last bucket counts of a segment and the keys that moved in
        it, when the record's segment is of its documents before the
        change."""
        entry = self._previous.get(segment)
        changed = (self._changed or {}).get(segment)
        if changed is None or entry is None or entry[0] != changed.previous:
            return None
        return entry[1], changed

    def kept_buckets(self, segment: str, names) -> dict[str, list[str]]:
        """Those of buckets `names` (of a segment whose other buckets are
        being made) whose recorded files are as written: kept as they are."""
        recorded = self._previous.get(segment, (None, None, {}))[2]
        made = self._buckets.setdefault(segment, {})
        kept = {}
        for name in names:
            entry = recorded.get(name)
            if entry is not None and self._as_written(entry[1]):
                made[name] = entry
                kept[name] = list(entry[1])
        return kept

    def recorded_texts(self, segment: str, name: str) -> dict[str, str] | None:
        """{relative path: text} of the last build's files of a bucket, when
        each is as written; else None."""
        entry = self._previous.get(segment, (None, None, {}))[2].get(name)
        if entry is None or not self._as_written(entry[1]):
            return None
        texts = {}
        for path in entry[1]:
            try:
                with open(os.path.join(self._folder, path), encoding="utf-8") as file:
                    texts[path] = file.read()
            except (OSError, UnicodeDecodeError):
                return None
        return texts

    def bucket_unchanged(
        self, segment: str, name: str, digest: bytes
    ) -> list[str] | None:
        """The paths of a bucket's files, in a segment being made, when
        its inputs have the last build's `digest` and its files are as
        written."""
        entry = self._previous.get(segment, (None, None, {}))[2].get(name)
        if entry is None or entry[0] != digest or not self._as_written(entry[1]):
            return None
        self._buckets.setdefault(segment, {})[name] = entry
        return list(entry[1])

    def bucket_made(
        self, segment: str, name: str, digest: bytes, files: dict[str, str]
    ) -> None:
        """A bucket of the segment was made from inputs `digest` (its files
        are stamped when the record is asked for, once written)."""
        self._buckets.setdefault(segment, {})[name] = (digest, dict.fromkeys(files))
        self._unstamped.append((segment, name))

    def done(self, segment: str, buckets: dict[str, int]) -> None:
        """Every bucket of the segment is made (or kept)."""
        made = self._buckets.pop(segment, {})
        self._record[segment] = (self._digests[segment], buckets, made)

    @property
    def record(self) -> Record:
        """This build's record, once every file is written."""
        folder = self._folder
        for segment, name in self._unstamped:
            entry = self._record.get(segment)
            if entry is None:  # a segment left unfinished: not recorded
                continue
            files = entry[2][name][1]
            for path in files:
                files[path] = file_stamp(os.path.join(folder, path))
        self._unstamped.clear()
        return self._record


@dataclass(frozen=True)
class BucketCache:
    path: str
    read: bool
    salt: str
    # What this build's index update changed (Changes), or None: set by
    # site_index.current_index, read by the writer.
    changes: Changes | None = None

    def load(self) -> Record:
        if not self.read:
            return {}
        payload = read_sealed(Path(self.path))
        if payload is None:  # missing, or damaged (read_sealed warns)
            return {}
        try:
            version, salt, record = pickle.loads(payload)
        except (pickle.UnpicklingError, ValueError, TypeError, EOFError) as error:
            logger.warning(
                "cache entry %s cannot be read (%s); rebuilt", self.path, error
            )
            return {}
        if (version, salt) != (FORMAT, self.salt) or not isinstance(record, dict):
            return {}
        return record

    def save(self, record: Record) -> None:
        payload = pickle.dumps((FORMAT, self.salt, record), pickle.HIGHEST_PROTOCOL)
        write_sealed(Path(self.path), payload)


def for_settings(settings) -> BucketCache:
    return BucketCache(
        str(cache_folder(settings, PLUGIN) / FILE),
        reads_cache(settings),
        code_fingerprint(PLUGIN),
    )
