"""Copies as trees of files: read from a folder or a zip, written reproducibly.

A copy may come from anyone (a mirror, a USB stick, an update carrier), so
reading one trusts nothing in it: every name is checked before it is used as
a path, sizes are checked before anything is read, zips with two entries of
the same name are refused (Python would read the last, `unzip` keeps the
first), and only regular files count (never a link, a FIFO or a device).

Data shapes:
    Tree: dict[str, bytes]  "/"-separated path relative to the copy's root
    open_copy(path) -> FolderCopy | ZipCopy; TreeCopy(tree) (context
        managers) with
        .names: list[str]        every file, sorted, names checked
        .size(name) -> int       declared size, checked against the limits
        .read(name, limit) -> bytes
        .digest(name) -> str     SHA-256 hex, streamed in chunks
    read_tree(path) -> Tree          a folder, or a zip holding one folder
    FilesOf(copy) -> Mapping[str, bytes]   an open copy's files, each read
                                     when looked up
    write_zip(path, tree, timestamp) byte-identical for the same tree
    write_atomically(path, data)     never leaves a half-written file
"""

import hashlib
import os
import stat
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

# Zip stores local times from 1980 to 2107; a fixed date, permissions and
# compression make the same tree give the same bytes on any machine.
ZIP_EPOCH_MIN = 315532800  # 1980-01-01
ZIP_EPOCH_MAX = 4354819199  # 2107-12-31 23:59:59
FILE_MODE = 0o100644

# Limits on what a copy may hold, checked on declared sizes before any byte
# is read. A Samizdat site is text and small images: a file over 256 MiB or
# a copy over 16 GiB is not one, whatever it claims.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_COPY_BYTES = 16 * 1024 * 1024 * 1024
MAX_FILES = 1_000_000
MAX_NAME_BYTES = 1024
CHUNK_BYTES = 1024 * 1024
# Characters no file name of a copy has: path syntax of any reader's system
# (":" opens an NTFS stream), and no control characters.
FORBIDDEN_NAME_CHARS = set('\\:*?"<>|')


class CopyError(ValueError):
    """The path is not a copy this tool can read; the message says why."""


def check_name(name: str) -> str:
    """`name` if it is a safe relative path inside a copy, else CopyError."""
    parts = name.split("/")
    bad = (
        not name
        or len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES
        or any(part in ("", ".", "..") for part in parts)
        or any(
            char in FORBIDDEN_NAME_CHARS or unicodedata.category(char) in ("Cc", "Cs")
            for char in name
        )
    )
    if bad:
        raise CopyError(
            f"unsafe file name {name[:200]!r}: absolute, '..', empty or "
            "unusual characters"
        )
    return name


def _check_sizes(sizes: dict[str, int]) -> None:
    if len(sizes) > MAX_FILES:
        raise CopyError(f"{len(sizes)} files: more than a copy may hold ({MAX_FILES})")
    for name, size in sizes.items():
        if size > MAX_FILE_BYTES:
            raise CopyError(
                f"{name} declares {size} bytes, more than a file of a copy may "
                f"have ({MAX_FILE_BYTES})"
            )
    if sum(sizes.values()) > MAX_COPY_BYTES:
        raise CopyError(f"the files declare more than {MAX_COPY_BYTES} bytes in all")


def _raise(error: OSError) -> None:
    raise CopyError(f"cannot read {error.filename}: {error.strerror}") from error


class _StreamedCopy:
    """What FolderCopy and ZipCopy share: bounded reads and digests of the
    file handles their own _open(name) gives."""

    def _open(self, name: str):
        raise NotImplementedError

    def read(self, name: str, limit: int = MAX_FILE_BYTES) -> bytes:
        with self._open(name) as handle:
            return _read_bounded(handle, name, limit)

    def digest(self, name: str) -> str:
        with self._open(name) as handle:
            return _digest(handle, name)


class FolderCopy(_StreamedCopy):
    """A copy unpacked in a folder: regular files only, links are refused."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._sizes: dict[str, int] = {}
        for top, dirs, files in os.walk(folder, onerror=_raise):
            dirs.sort()
            for entry in dirs + files:
                path = os.path.join(top, entry)
                mode = os.lstat(path).st_mode
                if stat.S_ISDIR(mode):
                    continue
                name = check_name(Path(path).relative_to(folder).as_posix())
                if not stat.S_ISREG(mode):
                    raise CopyError(f"{name} is not a regular file")
                self._sizes[name] = os.lstat(path).st_size
                if len(self._sizes) > MAX_FILES:
                    _check_sizes(self._sizes)
        _check_sizes(self._sizes)
        self.names = sorted(self._sizes)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def size(self, name: str) -> int:
        return self._sizes[name]

    def _open(self, name: str):
        # A file swapped for a link (O_NOFOLLOW) or a FIFO (O_NONBLOCK, then
        # fstat) after the listing is refused, never followed or waited on.
        flags = (
            os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
        descriptor = os.open(self.folder / name, flags)
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.close(descriptor)
            raise CopyError(f"{name} is not a regular file")
        return os.fdopen(descriptor, "rb")


class ZipCopy(_StreamedCopy):
    """A copy in a zip: the central directory is checked before any entry
    is read; a single top folder (samizdat-<version>/) is stripped."""

    def __init__(self, path: Path):
        try:
            self.archive = zipfile.ZipFile(path)
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            NotImplementedError,  # a forged "needs zip version 6.4" entry
            ValueError,
        ) as error:
            raise CopyError(f"{path} is not a readable zip: {error}") from error
        try:
            self._entries = self._list(self.archive.infolist())
        except CopyError:
            self.archive.close()
            raise
        self.names = sorted(self._entries)

    @staticmethod
    def _list(infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
        if len(infos) > MAX_FILES:
            _check_sizes(dict.fromkeys(range(len(infos)), 0))
        seen: set[str] = set()
        files = []
        for info in infos:
            if info.filename in seen:
                raise CopyError(f"the zip holds {info.filename!r} twice")
            seen.add(info.filename)
            kind = stat.S_IFMT(info.external_attr >> 16)
            if info.is_dir():
                continue
            if info.create_system == 3 and kind and not stat.S_ISREG(kind):
                raise CopyError(f"{info.filename!r} is a link or special file")
            files.append(info)
        # A bundle holds one top folder (samizdat-<version>/): strip it.
        tops = {info.filename.split("/")[0] for info in files}
        root = f"{tops.pop()}/" if len(tops) == 1 else ""
        if not all(i.filename.startswith(root) and i.filename != root for i in files):
            root = ""
        entries = {check_name(i.filename[len(root) :]): i for i in files}
        if len(entries) != len(files):
            raise CopyError("the zip holds two entries of the same name")
        _check_sizes({name: info.file_size for name, info in entries.items()})
        return entries

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.archive.close()
        return False

    def size(self, name: str) -> int:
        return self._entries[name].file_size

    def _open(self, name: str):
        try:
            return self.archive.open(self._entries[name])
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as error:
            raise CopyError(f"{name}: unreadable zip entry: {error!s:.200}") from error


def _chunks(handle, name: str, limit: int):
    """The file's bytes in chunks; CopyError past `limit` or on a bad entry."""
    total = 0
    try:
        while chunk := handle.read(CHUNK_BYTES):
            total += len(chunk)
            if total > limit:
                raise CopyError(f"{name} is larger than {limit} bytes")
            yield chunk
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as error:
        raise CopyError(f"{name}: {error!s:.200}") from error


def _read_bounded(handle, name: str, limit: int) -> bytes:
    return b"".join(_chunks(handle, name, limit))


def _digest(handle, name: str) -> str:
    digest = hashlib.sha256()
    for chunk in _chunks(handle, name, MAX_FILE_BYTES):
        digest.update(chunk)
    return digest.hexdigest()


def open_copy(path: str | os.PathLike) -> FolderCopy | ZipCopy:
    path = Path(path)
    if path.is_dir():
        return FolderCopy(path)
    if path.is_file():
        return ZipCopy(path)
    raise CopyError(f"{path} is neither a folder nor a zip file")


class FilesOf(Mapping):
    """A copy's files as a read-only mapping, each read when it is looked up:
    an update pack needs the old versions of the changed files only, not a
    whole archive in memory."""

    def __init__(self, copy: "FolderCopy | ZipCopy"):
        self._copy = copy
        self._names = set(copy.names)

    def __getitem__(self, name: str) -> bytes:
        if name not in self._names:
            raise KeyError(name)
        return self._copy.read(name)

    def __contains__(self, name) -> bool:
        return name in self._names

    def __iter__(self):
        return iter(self._copy.names)

    def __len__(self) -> int:
        return len(self._names)


def read_tree(path: str | os.PathLike) -> dict[str, bytes]:
    with open_copy(path) as copy:
        return {name: copy.read(name) for name in copy.names}


def write_zip(path: Path, tree: dict[str, bytes], timestamp: int, root: str) -> None:
    """A zip of `tree` under the folder `root`, the same bytes for the same input."""
    write_atomically(path, lambda handle: zip_into(handle, tree, timestamp, root))


def zip_into(handle, tree: dict[str, bytes], timestamp: int, root: str) -> None:
    moment = datetime.fromtimestamp(
        min(max(timestamp, ZIP_EPOCH_MIN), ZIP_EPOCH_MAX), tz=UTC
    )
    date_time = moment.timetuple()[:6]
    with zipfile.ZipFile(handle, "w") as archive:
        for name in sorted(tree):
            info = zipfile.ZipInfo(f"{root}/{name}", date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so external_attr means mode bits
            info.external_attr = FILE_MODE << 16
            archive.writestr(info, tree[name], compresslevel=9)


def write_atomically(path: Path, write) -> None:
    """Run write(handle) into a temporary file beside `path`, then rename it."""
    partial = write_aside(path, write)
    os.replace(partial, path)


def write_aside(path: Path, write) -> Path:
    """Write a complete file under a hidden temporary name beside `path` and
    return that name (for callers that rename several files in an order)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            if isinstance(write, bytes):
                handle.write(write)
            else:
                write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(partial, 0o644)
    except BaseException:
        os.unlink(partial)
        raise
    return Path(partial)


def write_tree(folder: Path, tree: dict[str, bytes]) -> None:
    """Write `tree` under `folder`, a folder this tool has just created."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in tree.items():
        target = folder / check_name(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as handle:
            handle.write(data)


class TreeCopy:
    """A tree already in memory, read like a copy on disk."""

    def __init__(self, tree: dict[str, bytes]):
        self.tree = tree
        self.names = sorted(tree)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def size(self, name: str) -> int:
        return len(self.tree[name])

    def read(self, name: str, limit: int = MAX_FILE_BYTES) -> bytes:
        if len(self.tree[name]) > limit:
            raise CopyError(f"{name} is larger than {limit} bytes")
        return self.tree[name]

    def digest(self, name: str) -> str:
        return hashlib.sha256(self.tree[name]).hexdigest()
