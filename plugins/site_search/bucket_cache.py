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
document's indexed fields), its bucket counts and the SHA-256 of each file
it wrote; the next build skips a segment whose documents have the same
digest when each of its files in the output still holds the recorded
bytes (a file that is missing or was altered means the segment is made
again). The record is one sealed pickle, CACHE_PATH/site_search/buckets,
under samizdat_contract.cache's rules: salted with the plugin's code
fingerprint, LOAD_CONTENT_CACHE off (FULL=1) reads nothing but still
writes, a damaged record is a warning and a miss.

Data shapes:
    Record = dict[segment ("" main, "r" recent), (documents digest: bytes,
        bucket counts {"t": int, "q": int}, {relative path: SHA-256 of
        its bytes})]
    names_digest(size, names) -> bytes   of a segment's documents
    SeenSegments(folder: Path, previous: Record, digests: {segment: bytes})
        unchanged(segment) -> (bucket counts, list[relative path]) | None
        made(segment, path, text); done(segment, bucket counts)
        record -> Record (this build's)
    BucketCache(path, read, salt).load() -> Record; .save(Record)
    for_settings(settings) -> BucketCache
"""

import hashlib
import logging
import pickle
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
FORMAT = 2

Record = dict[str, tuple[bytes, dict[str, int], dict[str, bytes]]]


def names_digest(size: int, names: list[str]) -> bytes:
    """SHA-256 of the segment size and a segment's documents' names."""
    digest = hashlib.sha256(b"%d" % size)
    for name in names:
        digest.update(b"\0" + name.encode())
    return digest.digest()


class SeenSegments:
    """The last build's record, checked against the output, and this
    build's record as the writer goes."""

    def __init__(self, folder: Path, previous: Record, digests: dict[str, bytes]):
        self._folder = folder
        self._previous = previous
        self._digests = digests
        self._files: dict[str, dict[str, bytes]] = {}
        self.record: Record = {}

    def unchanged(self, segment: str) -> tuple[dict[str, int], list[str]] | None:
        """The bucket counts and paths of the segment's files when they need
        not be made again: same documents, every file in the output as
        written."""
        entry = self._previous.get(segment)
        if entry is None or entry[0] != self._digests[segment]:
            return None
        for path, file_digest in entry[2].items():
            try:
                data = (self._folder / path).read_bytes()
            except OSError:
                return None
            if hashlib.sha256(data).digest() != file_digest:
                return None
        self.record[segment] = entry
        return entry[1], list(entry[2])

    def made(self, segment: str, path: str, text: str) -> None:
        """A file of the segment, as it is made."""
        digest = hashlib.sha256(text.encode("utf-8")).digest()
        self._files.setdefault(segment, {})[path] = digest

    def done(self, segment: str, buckets: dict[str, int]) -> None:
        """Every file of the segment is made."""
        files = self._files.pop(segment, {})
        self.record[segment] = (self._digests[segment], buckets, files)


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
