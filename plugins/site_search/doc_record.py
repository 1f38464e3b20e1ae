"""The articles' d/<id>.js files of the last build, not made again.

A d/ file is a function of its document's number and search record
(site_index.search_record) under this code: the writer made and compared
all of them each build (20,000 texts made, 20,000 files read at 20,000
articles) while a build that changes 10 articles changes 10 of them. So
the bucket record (bucket_cache.py) keeps, beside the segments' buckets,
a digest of each document's search record and the stamp of its d/ file
once written; the next build keeps a file whose record has the same
digest when the file in the output still has that stamp, as buckets are
kept. A file altered or replaced since has another stamp (inode, size,
modification time): it is made again, and written if its bytes differ.

Compact arrays, not a dict a file: at 100,000 articles a dict entry each
(path, digest, stamp tuple) would be some 50 MB in the writer process, at
the build's peak; these are 40 bytes an article.

Data shapes:
    Kept = (digests: bytes, DIGEST_BYTES a document; stamps: array("q"),
        (size, st_mtime_ns, st_ino) a document, all -1 where unknown)
    DocFiles(folder: Path, kept: Kept | None): the kept files' stamps
        checked at once (made before the writer has its task: writer.py)
        texts(metas) -> iterator of (relative path, text or None: the file
            is the last build's), one per document, in order
        record() -> Kept, this build's (the files written are stamped then:
            call it once they are)
"""

import hashlib
import os
from array import array
from collections.abc import Iterator
from pathlib import Path

from .bucket_cache import file_stamp
from .shard_text import doc_text

DIGEST_BYTES = 16
Kept = tuple[bytes, array]
_UNKNOWN = (-1, -1, -1)


def meta_digest(meta: dict) -> bytes:
    """BLAKE2b of a search record ({field: str}), in field order."""
    text = repr(sorted(meta.items())).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=DIGEST_BYTES).digest()


def _stamp(path: str) -> tuple[int, int, int]:
    """bucket_cache's file stamp, _UNKNOWN for a missing file (an array
    holds the stamps)."""
    return file_stamp(path) or _UNKNOWN


class DocFiles:
    def __init__(self, folder: Path, kept: Kept | None):
        self._folder = str(folder)
        self._kept = _usable(kept)
        stamps = self._kept[1]
        # The documents whose d/ file the output holds as written.
        self._as_written = {
            number
            for number in range(len(stamps) // 3)
            if (stamp := tuple(stamps[3 * number : 3 * number + 3])) != _UNKNOWN
            and stamp == _stamp(f"{self._folder}/d/{number}.js")
        }
        self._digests = bytearray()
        self._stamps = array("q")
        self._made: list[int] = []  # documents whose file is written

    def texts(self, metas: list[dict]) -> Iterator[tuple[str, str | None]]:
        digests, stamps = self._kept
        for number, meta in enumerate(metas):
            path = f"d/{number}.js"
            digest = meta_digest(meta)
            self._digests += digest
            at = DIGEST_BYTES * number
            if number in self._as_written and digests[at : at + DIGEST_BYTES] == digest:
                self._stamps.extend(stamps[3 * number : 3 * number + 3])
                yield path, None
                continue
            self._stamps.extend(_UNKNOWN)
            self._made.append(number)
            yield path, doc_text(number, meta)

    def record(self) -> Kept:
        folder = self._folder
        for number in self._made:
            at = 3 * number
            self._stamps[at : at + 3] = array(
                "q", _stamp(os.path.join(folder, f"d/{number}.js"))
            )
        self._made.clear()
        return bytes(self._digests), self._stamps


def _usable(kept) -> Kept:
    """The last build's record, or an empty one where it is missing or of
    another shape (never trusted as it is)."""
    if (
        isinstance(kept, tuple)
        and len(kept) == 2
        and isinstance(kept[0], bytes)
        and isinstance(kept[1], array)
        and kept[1].typecode == "q"
        and len(kept[0]) % DIGEST_BYTES == 0
        and len(kept[1]) == 3 * (len(kept[0]) // DIGEST_BYTES)
    ):
        return kept
    return b"", array("q")
