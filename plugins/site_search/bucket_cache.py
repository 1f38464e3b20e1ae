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
posting lists) and the SHA-256 of each file it wrote; the next build skips
a segment whose documents have the same digest when each of its files in
the output still holds the recorded bytes. In a segment that is made
again (an article of it changed: ten changed articles touch a fraction of
the buckets), a bucket whose inputs have the same digest is skipped the
same way. A file that is missing or was altered means its bucket is made
again. The record is one sealed pickle, CACHE_PATH/site_search/buckets,
under samizdat_contract.cache's rules: salted with the plugin's code
fingerprint, LOAD_CONTENT_CACHE off (FULL=1) reads nothing but still
writes, a damaged record is a warning and a miss.

Data shapes:
    Record = dict[segment ("" main, "r" recent), (documents digest: bytes,
        bucket counts {"t": int, "q": int}, {bucket name: (inputs digest,
        {relative path: SHA-256 of its bytes})})]
    names_digest(size, names) -> bytes   of a segment's documents
    inputs_digest(name, buckets, keys) -> bytes   of a bucket's inputs
        keys: {key: (ids, weights, is an exact form)} as export builds them
    SeenSegments(folder: Path, previous: Record, digests: {segment: bytes})
        unchanged(segment) -> (bucket counts, list[relative path]) | None
        bucket_unchanged(segment, name, digest) -> list[relative path] | None
        bucket_made(segment, name, digest, {path: text})
        done(segment, bucket counts)
        record -> Record (this build's)
    BucketCache(path, read, salt).load() -> Record; .save(Record)
    for_settings(settings) -> BucketCache
"""

import hashlib
import logging
import pickle
from array import array
from dataclasses import dataclass
from pathlib import Path

from samizdat_contract.cache import (
    cache_folder,
    code_fingerprint,
    read_sealed,
    reads_cache,
    write_sealed,
)

from .postings_cache import PLUGIN

logger = logging.getLogger(__name__)

FILE = "buckets"
FORMAT = 3

Record = dict[
    str, tuple[bytes, dict[str, int], dict[str, tuple[bytes, dict[str, bytes]]]]
]


def names_digest(size: int, names: list[str]) -> bytes:
    """SHA-256 of the segment size and a segment's documents' names."""
    digest = hashlib.sha256(b"%d" % size)
    for name in names:
        digest.update(b"\0" + name.encode())
    return digest.digest()


def inputs_digest(name: str, buckets: dict, keys: dict) -> bytes:
    """SHA-256 of what a bucket's files are made from (keys: {key: (ids,
    weights, is an exact form)} as export builds them)."""
    digest = hashlib.sha256(repr((name, sorted(buckets.items()))).encode())
    for key in sorted(keys):
        ids, weights, exact = keys[key]
        digest.update(b"\0k%r\0" % ((key, exact, len(ids)),))
        digest.update(array("I", ids).tobytes())
        digest.update(array("I", weights).tobytes())
    return digest.digest()


class SeenSegments:
    """The last build's record, checked against the output, and this
    build's record as the writer goes."""

    def __init__(self, folder: Path, previous: Record, digests: dict[str, bytes]):
        self._folder = folder
        self._previous = previous
        self._digests = digests
        self._buckets: dict[str, dict[str, tuple[bytes, dict[str, bytes]]]] = {}
        self.record: Record = {}

    def _as_written(self, files: dict[str, bytes]) -> bool:
        """Whether each file in the output holds the recorded bytes."""
        for path, file_digest in files.items():
            try:
                data = (self._folder / path).read_bytes()
            except OSError:
                return False
            if hashlib.sha256(data).digest() != file_digest:
                return False
        return True

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
        self.record[segment] = entry
        return entry[1], paths

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
        """A bucket of the segment was made from inputs `digest`."""
        self._buckets.setdefault(segment, {})[name] = (
            digest,
            {
                path: hashlib.sha256(text.encode("utf-8")).digest()
                for path, text in files.items()
            },
        )

    def done(self, segment: str, buckets: dict[str, int]) -> None:
        """Every bucket of the segment is made (or kept)."""
        made = self._buckets.pop(segment, {})
        self.record[segment] = (self._digests[segment], buckets, made)


@dataclass(frozen=True)
class BucketCache:
    path: str
    read: bool
    salt: str

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
