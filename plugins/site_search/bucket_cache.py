"""Search buckets whose postings did not change since the last build, not
made again.

A bucket's files (export.shard_texts: its head and chunk files) are a
function of the bucket's name, its keys with their posting lists, its
aliases and the bucket counts, under this code. A build that adds 100
articles to an archive changes few of them, but making every bucket's text
again was a third of such a build's CPU time at 20,000 articles. So the
writer keeps, for each bucket, a digest of those inputs and the SHA-256 of
each file it wrote; the next build skips a bucket whose inputs have the
same digest when each of its files in the output still holds the recorded
bytes (a file that is missing or was altered means the bucket is made
again). The record is one sealed pickle, CACHE_PATH/site_search/buckets,
under samizdat_contract.cache's rules: salted with the plugin's code
fingerprint, LOAD_CONTENT_CACHE off (FULL=1) reads nothing but still
writes, a damaged record is a warning and a miss.

Data shapes:
    Record = dict[bucket name, (inputs digest: bytes,
                                {relative path: SHA-256 of its bytes})]
    inputs_digest(name, buckets, keys, aliases) -> bytes
        keys: {key: (ids, weights, is an exact form)} as export builds them
    SeenBuckets(folder: Path, previous: Record)
        unchanged(name, digest) -> list[relative path] | None
        made(name, digest, files: {relative path: text})
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
FORMAT = 1

Record = dict[str, tuple[bytes, dict[str, bytes]]]


def inputs_digest(name: str, buckets: dict, keys: dict, aliases: dict | None) -> bytes:
    """SHA-256 of what a bucket's files are made from."""
    digest = hashlib.sha256(repr((name, sorted(buckets.items()))).encode())
    for key in sorted(keys):
        ids, weights, exact = keys[key]
        digest.update(b"\0k%r\0" % ((key, exact, len(ids)),))
        digest.update(array("I", ids).tobytes())
        digest.update(array("I", weights).tobytes())
    digest.update(repr(sorted((aliases or {}).items())).encode())
    return digest.digest()


class SeenBuckets:
    """The last build's record, checked against the output, and this
    build's record as the writer goes."""

    def __init__(self, folder: Path, previous: Record):
        self._folder = folder
        self._previous = previous
        self.record: Record = {}

    def unchanged(self, name: str, digest: bytes) -> list[str] | None:
        """The paths of bucket `name`'s files when they need not be made
        again: same inputs, and every file in the output as written."""
        entry = self._previous.get(name)
        if entry is None or entry[0] != digest:
            return None
        for path, file_digest in entry[1].items():
            try:
                data = (self._folder / path).read_bytes()
            except OSError:
                return None
            if hashlib.sha256(data).digest() != file_digest:
                return None
        self.record[name] = entry
        return list(entry[1])

    def made(self, name: str, digest: bytes, files: dict[str, str]) -> None:
        """Bucket `name` was made from inputs `digest`: {path: its text}."""
        self.record[name] = (
            digest,
            {
                path: hashlib.sha256(text.encode("utf-8")).digest()
                for path, text in files.items()
            },
        )


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
