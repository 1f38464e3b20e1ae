"""Output folders as trees of files: hard-link copies and stale files.

An incremental build starts its output as a copy of the previous one made of
hard links (no bytes copied); every writer then replaces a file by rename
when its bytes change (samizdat_contract.cache.write_if_changed), so the
previous output is never modified, and what no writer touched is still the
previous file. What is still that file and was not made by this build is
stale (the page of a removed article) and goes.

A finished build's previous output need not be removed file by file and
copied again for the next build: kept aside (the spare, build.py), it is
made the copy of the new output by replacing only what differs
(``mirror_tree``): at 20,000 articles a few hundred files instead of
unlinking and linking 45,000.

Data shapes:
    clone_tree(source: str, target: str, fresh: Iterable[str]) -> int
        files linked (folders named in ``fresh``, top level, are left out:
        their writers write in place, so they start empty)
    mirror_tree(source: str, target: str, fresh: Iterable[str],
            recycle_into: str | None) -> int
        makes the existing ``target`` what clone_tree would have made it:
        every file of ``source`` (but ``fresh``) as a hard link to it, and
        nothing else; files linked or removed. The files it takes out go
        into the folder ``recycle_into`` where given (for the build's
        writers: samizdat_contract.recycled), else are unlinked
    prune(output: str, previous: str, made: Collection[str]) -> int
        files removed (``made``: absolute paths this build wrote or kept)
"""

import os
import shutil
from collections.abc import Collection, Iterable

from samizdat_contract import recycled


def clone_tree(source: str, target: str, fresh: Iterable[str] = ()) -> int:
    os.makedirs(target, exist_ok=True)
    return _link_folder(source, target, frozenset(fresh))


def _link_folder(source: str, target: str, skipped: frozenset = frozenset()) -> int:
    """Hard-link every file under ``source`` into ``target`` (which exists).

    os.scandir, not os.walk: a folder's entries say which are links and
    folders without a stat call per file (45,000 files at 20,000 articles).
    """
    linked = 0
    with os.scandir(source) as entries:
        for entry in entries:
            if entry.name in skipped or entry.is_symlink():
                continue  # a build never writes links; nothing to keep
            copy = os.path.join(target, entry.name)
            if entry.is_dir():
                os.makedirs(copy, exist_ok=True)
                linked += _link_folder(entry.path, copy)
                continue
            _link_or_copy(entry.path, copy)
            linked += 1
    return linked


def mirror_tree(
    source: str, target: str, fresh: Iterable[str] = (), recycle_into: str | None = None
) -> int:
    return _mirror_folder(source, target, frozenset(fresh), recycle_into)


def _mirror_folder(
    source: str,
    target: str,
    skipped: frozenset = frozenset(),
    recycle_into: str | None = None,
) -> int:
    """A file already in ``target`` stays only when it is the very file of
    ``source`` (same device and inode: a hard link to it); anything else
    there is removed or replaced by such a link.

    Where the two folders are on one device (as the spare and the output
    are), a file's inode number is the one its folder entry gives
    (DirEntry.inode(), read with the folder: no stat call; on the file
    systems a build writes to, the number stat gives): the stat of every
    file of both trees, 240,000 calls at 20,000 articles, was most of
    what a mirror that replaces few files costs."""
    same = _same_inode if _same_device(source, target) else _same_file
    wanted = {}
    with os.scandir(source) as entries:
        for entry in entries:
            if entry.name not in skipped and not entry.is_symlink():
                wanted[entry.name] = entry
    changed = 0
    with os.scandir(target) as entries:
        present = {entry.name: entry for entry in entries}
    for name, entry in present.items():
        origin = wanted.get(name)
        if origin is None or entry.is_symlink() or origin.is_dir() != entry.is_dir():
            changed += _remove(entry, recycle_into)
            present[name] = None
        elif not entry.is_dir() and not same(origin, entry):
            _remove(entry, recycle_into)
            present[name] = None
    for name, origin in wanted.items():
        copy = os.path.join(target, name)
        if origin.is_dir():
            if present.get(name) is None:
                os.mkdir(copy)
            changed += _mirror_folder(origin.path, copy, recycle_into=recycle_into)
        elif present.get(name) is None:
            _link_or_copy(origin.path, copy)
            changed += 1
    return changed


def _same_device(first: str, second: str) -> bool:
    return os.stat(first).st_dev == os.stat(second).st_dev


def _same_inode(first: os.DirEntry, second: os.DirEntry) -> bool:
    return first.inode() == second.inode()


def _same_file(first: os.DirEntry, second: os.DirEntry) -> bool:
    one = first.stat(follow_symlinks=False)
    other = second.stat(follow_symlinks=False)
    return (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino)


def _remove(entry: os.DirEntry, recycle_into: str | None = None) -> int:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    elif not (
        recycle_into
        and entry.is_file(follow_symlinks=False)
        and recycled.recycle(entry.path, recycle_into)
    ):
        os.unlink(entry.path)
    return 1


def prune(output: str, previous: str, made: Collection[str]) -> int:
    removed = 0
    emptied: set[str] = set()  # folders that lost a file or a folder
    for folder, _, files in os.walk(output, topdown=False):
        relative = os.path.relpath(folder, output)
        for name in files:
            path = os.path.abspath(os.path.join(folder, name))
            if path in made:
                continue
            try:
                same = os.path.samefile(path, os.path.join(previous, relative, name))
            except OSError:  # not in the previous output: new, so made
                continue
            if same:
                os.unlink(path)
                removed += 1
                emptied.add(folder)
        if folder in emptied and relative != "." and not os.listdir(folder):
            os.rmdir(folder)
            emptied.add(os.path.dirname(folder))
    return removed


def _link_or_copy(source: str, target: str) -> None:
    """A hard link to ``source`` at ``target``, else a copy."""
    try:
        os.link(source, target)
    except OSError:  # another file system, or no hard links there
        shutil.copy2(source, target)
