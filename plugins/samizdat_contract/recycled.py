"""Files an incremental build replaced, reused as its writers' new files.

On ext4, a file created within seconds of thousands being deleted costs
400-850 microseconds instead of 20-40 (measured on this project's build
machine: the allocator passes over recently freed inodes). An incremental
build did exactly that: its copy of the last output (site_output/tree.py,
mirror_tree) unlinked the files of the spare that differ, about 12,000
after 10 articles were rewritten at 20,000, and its writers then created
about as many. So the copy moves those files into a folder instead
(``recycle``), and write_if_changed (cache.py) takes one as its temporary
file (``claim``): renamed beside its target, written over from its start,
cut to the new length, renamed into place. Neither an inode nor a block
is freed or allocated where the new bytes fit in the old file's.
Measured: `make html` after 10 articles rewritten at 20,100, back to back,
18.2-22.3 s of wall time and 3.5-4.2 s of system time (seven runs), the
search writer 5-6.6 s; without it 22.8-34.1 s, 5.6-12.9 s, 8-16 s (eleven).

A recycled file is written through only when, once renamed to its
temporary name, it is a regular file with no other name (st_nlink 1)
owned by this user, checked again on the open descriptor; anything else
found in the folder is removed, never opened for writing through a link.

The folder is named by make html (site_output/build.py) in the
environment variable FOLDER_VARIABLE, beside the spare on the output's file
system; it is filled while the output is copied, so a process lists it
once, after output_ready.wait_for_output(). Processes share it: a file
another one took first is skipped. What no writer took is removed after
the build (``discard``).

Data shapes:
    FOLDER_VARIABLE: str, the environment variable's name
    recycle(path: str, folder: str) -> bool   moved (False: not possible,
        the caller unlinks it)
    claim(temporary: str) -> int | None   an open O_WRONLY descriptor of a
        recycled file now at ``temporary``, or None (make a new file)
    discard(folder: str) -> None
"""

import itertools
import os
import shutil
import stat

from .output_ready import OutputNotReady, wait_for_output

FOLDER_VARIABLE = "SAMIZDAT_RECYCLED_FOLDER"

_moved = itertools.count()
# (folder, the names this process has not tried yet), listed on first use.
_listed: dict[str, list[str]] = {}


def recycle(path: str, folder: str) -> bool:
    """Move the file at ``path`` into ``folder`` (same file system)."""
    try:
        os.rename(path, os.path.join(folder, f"{os.getpid()}-{next(_moved)}"))
    except OSError:  # another file system, or the folder is gone
        return False
    return True


def claim(temporary: str) -> int | None:
    """A recycled file moved to ``temporary`` (whose folder exists), open
    for writing; None when there is none left for this process. (A process
    lists the folder once: one that runs several builds reuses files in
    its first only.)"""
    folder = os.environ.get(FOLDER_VARIABLE)
    if not folder:
        return None
    names = _names(folder)
    while names:
        source = os.path.join(folder, names.pop())
        try:
            os.rename(source, temporary)
        except FileNotFoundError:
            if os.path.lexists(source):  # no folder to put it in
                return None
            continue  # another process took it
        except OSError:  # another file system: no file here will do
            names.clear()
            return None
        handle = _writable(temporary)
        if handle is not None:
            return handle
    return None


def _names(folder: str) -> list[str]:
    if folder not in _listed:
        try:
            wait_for_output()  # the copy fills the folder until it is ready
            names = sorted(os.listdir(folder))
        except (OSError, OutputNotReady):  # the writer itself will say so
            names = []
        # Processes start at different places: fewer files tried twice.
        turn = os.getpid() % len(names) if names else 0
        _listed[folder] = names[turn:] + names[:turn]
    return _listed[folder]


def _writable(path: str) -> int | None:
    """An O_WRONLY descriptor of the file at ``path`` when it is a regular
    file with this one name, owned by this user; else it is removed."""
    try:
        found = os.lstat(path)
        if _only_name(found):
            flags = os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
            handle = os.open(path, flags)
            opened = os.fstat(handle)
            if _only_name(opened) and opened.st_ino == found.st_ino:
                return handle
            os.close(handle)
    except OSError:
        pass
    try:
        os.unlink(path)
    except IsADirectoryError:
        shutil.rmtree(path, ignore_errors=True)
    except OSError:
        pass
    return None


def _only_name(status: os.stat_result) -> bool:
    return (
        stat.S_ISREG(status.st_mode)
        and status.st_nlink == 1
        and status.st_uid == os.geteuid()
    )


def discard(folder: str) -> None:
    """Remove the folder and what no writer took."""
    shutil.rmtree(folder, ignore_errors=True)
    _listed.pop(folder, None)
