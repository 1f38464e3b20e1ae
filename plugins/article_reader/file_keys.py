"""Input files' cache keys, and the stamps that spare reading unchanged files.

A file's key is a digest of its path, its content's SHA-256 and
modification time, and the ``salt`` (settings, code and library versions:
build_cache.salt_for): the key of the build-cache entry holding what was
loaded and analysed from it.

Finding the content digest means reading the file. The ``stamps`` file of
the cache folder keeps, for each input file, its status (device, inode,
size, modification and change times) and content digest when last read: a
file whose status is the same is not read again (as git's index does). A
stamp is trusted only when the file had not changed for STAMP_SETTLED_NS
before it was taken, so a file rewritten within the clock's tick of being
looked at is read again.

Data shapes:
    file_status(root, relative) -> (st_dev, st_ino, st_size, st_mtime_ns,
        st_ctime_ns) | None
    content_digest(root, relative) -> "<sha256 hex>:<mtime ns>" | None
    FileKeys(folder: Path | None, salt: str, reads: bool)
        .key(root, relative) -> str (sha256 hex) | None; .save()
    the stamps file: pickled (taken: int ns, {relative: (status, digest)})
"""

import hashlib
import os
import pickle
import stat
import time
from pathlib import Path

from samizdat_contract import cache

from .files import NotReadable, open_regular_file

READ_CHUNK = 1 << 20
STAMPS = "stamps"
STAMP_SETTLED_NS = 2_000_000_000


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
    it cannot be read (loading.load_inputs then reports why)."""
    digest = hashlib.sha256()
    try:
        with open_regular_file(root, relative) as handle:
            while chunk := handle.read(READ_CHUNK):
                digest.update(chunk)
            mtime = os.fstat(handle.fileno()).st_mtime_ns
    except (NotReadable, OSError):
        return None
    return f"{digest.hexdigest()}:{mtime}"


class FileKeys:
    """The keys of one build's input files; ``folder`` None keys nothing.

    ``read_named(name)`` reads a sealed, pickled file of the cache folder
    (None when missing, damaged, or the build reads no cache).
    """

    def __init__(self, folder: Path | None, salt: str, read_named) -> None:
        self.folder = folder
        self.salt = salt
        # relative path -> (file_status, content digest): the last build's
        # (trusted ones only) and this build's, with when they were taken.
        self._stamps: dict[str, tuple] = self._settled_stamps(read_named)
        self._new_stamps: dict[str, tuple] = {}
        self._stamped_at = time.time_ns()

    def key(self, root: str, relative: str) -> str | None:
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

    def save(self) -> None:
        """Keep this build's stamps for the next."""
        if self.folder is not None:
            value = (self._stamped_at, self._new_stamps)
            cache.write_sealed(self.folder / STAMPS, pickle.dumps(value, protocol=5))

    def _settled_stamps(self, read_named) -> dict[str, tuple]:
        """The last build's stamps of files that had not changed for
        STAMP_SETTLED_NS when it looked at them."""
        value = read_named(STAMPS) if self.folder is not None else None
        if value is None:
            return {}
        taken, stamps = value
        settled = taken - STAMP_SETTLED_NS
        return {
            relative: (status, digest)
            for relative, (status, digest) in stamps.items()
            if status[4] < settled and status[3] < settled
        }
