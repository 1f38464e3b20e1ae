"""Which files of INPUTDIR are read, and reading them without leaving it.

An input tree may be hostile: a symbolic link to the signing key or to
/dev/zero, a link to "." that multiplies the tree, a FIFO that blocks a
reader forever. Pelican's own discovery (os.walk with followlinks=True)
follows all of them, so the reader finds its files here instead:

- the tree is walked without following any link; a link, FIFO, socket or
  device is never opened, only listed as skipped with its reason;
- hidden entries (".git", ".DS_Store") are not read;
- a file is read through descriptors opened one path component at a time
  with O_NOFOLLOW, so a component swapped for a link after the walk cannot
  lead outside the root either, and O_NONBLOCK keeps a FIFO from blocking.

Data shapes:
    discover(root, extensions, trusted=None, ignore=()) -> InputTree
        InputTree.files: sorted "/"-separated relative paths of regular
            files whose extension is in ``extensions``
        InputTree.skipped: [SkippedPath(path, reason)] in path order
    read_regular_file(root, relative, max_bytes) -> (bytes, os.stat_result)
    open_regular_file(root, relative) -> binary file object, for streaming
        both raise NotReadable(reason)
    display_path(path) -> str   a path safe to print or store as UTF-8

Paths are str as the OS gives them: a name that is not valid UTF-8 keeps its
bytes as surrogate escapes (PEP 383); display_path() shows them as \\xNN.
"""

import errno
import fnmatch
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


_UNSAFE_IN_DISPLAY = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# Longest path (bytes) handed on to Pelican, which opens files by full path:
# under PATH_MAX (4096 on Linux) with room for the root.
PATH_MAX_BYTES = 3000
# What a saved page's folder holds beside the page ("Save page as", wget,
# HTTrack): listed in the report as not read, without a warning, so STRICT
# builds of saved pages pass. Images among them may serve as lead images.
PAGE_ASSET_EXTENSIONS = frozenset(
    [
        "avif",
        "bmp",
        "css",
        "eot",
        "gif",
        "ico",
        "jpeg",
        "jpg",
        "js",
        "json",
        "map",
        "mp3",
        "mp4",
        "otf",
        "png",
        "svg",
        "ttf",
        "webm",
        "webp",
        "woff",
        "woff2",
        "xml",
    ]
)


class NotReadable(OSError):
    """The path cannot be read as a regular file inside the root."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SkippedPath:
    path: str
    reason: str
    warn: bool = True  # False: an expected companion file, reported only


@dataclass
class InputTree:
    files: list[str] = field(default_factory=list)
    skipped: list[SkippedPath] = field(default_factory=list)


def discover(
    root: str,
    extensions: Iterable[str],
    trusted: str | None = None,
    ignore: Iterable[str] = (),
) -> InputTree:
    """Regular article files under ``root``; everything else, with reasons.

    ``trusted`` is a folder of the site's own pages: when it lies inside the
    root, its entries are neither articles nor skipped input. Entries whose
    name matches a pattern of ``ignore`` (Pelican's IGNORE_FILES) are left
    out silently, as the operator asked.
    """
    ignore = tuple(ignore)
    wanted = {extension.lower() for extension in extensions}
    trusted_real = os.path.realpath(trusted) if trusted else None
    tree = InputTree()
    pending = [""]  # folders still to list, relative to root
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(os.path.join(root, folder) if folder else root) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            tree.skipped.append(
                SkippedPath(folder, f"folder not readable ({error.strerror})")
            )
            continue
        for entry in entries:
            relative = f"{folder}/{entry.name}" if folder else entry.name
            if any(fnmatch.fnmatch(entry.name, pattern) for pattern in ignore):
                continue
            reason = _skip_reason(entry, wanted)
            if reason:
                asset = _extension(entry.name) in PAGE_ASSET_EXTENSIONS
                tree.skipped.append(SkippedPath(relative, reason, warn=not asset))
            elif entry.is_dir(follow_symlinks=False):
                if os.path.realpath(entry.path) != trusted_real:
                    pending.append(relative)
            elif len(os.fsencode(entry.path)) > PATH_MAX_BYTES:
                too_long = f"path too long (over {PATH_MAX_BYTES} bytes)"
                tree.skipped.append(SkippedPath(relative, too_long))
            else:
                tree.files.append(relative)
    tree.files.sort()
    tree.skipped.sort(key=lambda skipped: skipped.path)
    return tree


def _skip_reason(entry: os.DirEntry, wanted: set[str]) -> str | None:
    """Why this entry is not read, or None for a folder or an article file.

    ``wanted`` holds whole endings without their dot ("txt", "warc.gz"), so a
    ".tar.gz" is not taken for a crawl."""
    if entry.name.startswith("."):
        return "hidden file or folder, not read"
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as error:
        return f"cannot inspect ({error.strerror})"
    if stat.S_ISLNK(mode):
        return "symbolic link, not followed (only regular files are read)"
    if stat.S_ISDIR(mode):
        return None
    for test, kind in _SPECIAL_KINDS:
        if test(mode):
            return f"{kind}, not a regular file"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    name = entry.name.lower()
    if not any(name.endswith(f".{known}") for known in wanted):
        extension = _extension(entry.name)
        shown = f".{extension} file" if extension else "file without an extension"
        readable = ", ".join(sorted(f".{known}" for known in wanted))
        return f"{shown}: not an article file this site reads ({readable})"
    return None


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def open_regular_file(root: str, relative: str) -> BinaryIO:
    """A regular file inside ``root`` opened for reading ("rb"), for streaming.

    Raises NotReadable when the path is a link, not a regular file or leaves
    the root. The caller closes the file.
    """
    parts = relative.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise NotReadable("path leaves the input folder")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    folder_flags = flags | getattr(os, "O_DIRECTORY", 0)
    try:
        folder = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as error:
        raise NotReadable(f"input folder not readable ({error.strerror})") from None
    try:
        for part in parts[:-1]:
            inner = _open_at(part, folder_flags, folder, "folder")
            os.close(folder)
            folder = inner
        descriptor = _open_at(
            parts[-1],
            flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0),
            folder,
            "file",
        )
    finally:
        os.close(folder)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotReadable("not a regular file")
    except OSError as error:
        os.close(descriptor)
        if isinstance(error, NotReadable):
            raise
        raise NotReadable(f"cannot read file ({error.strerror})") from None
    return os.fdopen(descriptor, "rb")


def read_regular_file(
    root: str, relative: str, max_bytes: int
) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file inside ``root``, never following a link.

    Raises NotReadable as open_regular_file does, and when the file is larger
    than ``max_bytes`` (checked before reading, and again while reading, so
    a file that grows cannot exceed it).
    """
    with open_regular_file(root, relative) as handle:
        try:
            status = os.fstat(handle.fileno())
            if status.st_size > max_bytes:
                raise NotReadable(
                    f"file too large ({status.st_size:,} bytes; "
                    f"the limit is {max_bytes:,})"
                )
            data = handle.read(max_bytes + 1)
        except OSError as error:
            if isinstance(error, NotReadable):
                raise
            raise NotReadable(f"cannot read file ({error.strerror})") from None
    if len(data) > max_bytes:
        raise NotReadable(f"file too large (over {max_bytes:,} bytes while reading)")
    return data, status


def _open_at(name: str, flags: int, folder: int, kind: str) -> int:
    try:
        return os.open(name, flags, dir_fd=folder)
    except OSError as error:
        # O_NOFOLLOW makes a link fail with ELOOP (ENOTDIR for O_DIRECTORY
        # on some systems when the link names a folder).
        if error.errno in (errno.ELOOP, errno.EMLINK, errno.ENOTDIR):
            raise NotReadable(
                f"symbolic link in the path, not followed ({kind})"
            ) from None
        raise NotReadable(f"cannot open {kind} ({error.strerror})") from None


def display_path(path: str) -> str:
    """A path safe to print and store: valid UTF-8, nothing a terminal obeys.

    Bytes that were not UTF-8 show as \\xNN; control characters (a file
    named with ESC sequences would recolour or rewrite the operator's
    terminal) and bidi controls (which reorder a log line) as \\xNN or \\uNNNN.
    """
    text = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _UNSAFE_IN_DISPLAY.sub(lambda match: ascii(match[0])[1:-1], text)
