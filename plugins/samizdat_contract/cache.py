"""Where plugins keep build caches, and when a cached entry is trusted.

One rule for every plugin, so an incremental build and a full build of the
same tree give the same bytes:

- Caches live under Pelican's own CACHE_PATH setting, one folder per
  plugin: ``CACHE_PATH/<plugin name>/`` (``cache_folder``).
- Pelican's LOAD_CONTENT_CACHE false (``make html FULL=1``) means no cache
  is read; caches are still written, so the next build can use them
  (``reads_cache``).
- An entry's key names everything its value depends on: the input's content
  hash, a ``fingerprint`` of the settings that change the result, and the
  plugin's ``code_fingerprint`` (a code change is a miss, never a stale hit).
- Entries are written whole or not at all (``write_atomic``) inside a
  checksummed envelope (``seal``/``unseal``): a truncated or altered entry
  is a miss and a warning, never trusted.
- Output files are replaced, never rewritten in place, and only when their
  bytes change (``write_if_changed``): untouched pages keep their mtimes, and
  a file hard-linked from the previous output is never modified through
  the link. Every path passed to it, written or found unchanged, is noted
  (``output_files``), so that an output started as a copy of the previous
  one can drop the files this build no longer makes (site_output).

Nothing here knows Pelican; ``settings`` is any mapping with Pelican's keys.
"""

import contextlib
import dataclasses
import hashlib
import io
import itertools
import json
import logging
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from . import recycled

logger = logging.getLogger(__name__)

# The envelope: MAGIC, then the SHA-256 of the payload (32 bytes), then the
# payload. The Python version is in MAGIC because pickled payloads are not
# promised to read back across versions.
MAGIC = b"samizdat-cache/1 py%d.%d\n" % sys.version_info[:2]
_DIGEST_SIZE = hashlib.sha256().digest_size
# Absolute paths given to write_if_changed since forget_output_files(): the
# files this build made, in this process.
_output_files: set[str] = set()


def cache_folder(settings: Mapping, plugin: str) -> Path:
    """CACHE_PATH/<plugin>: the one folder ``plugin`` keeps its cache in."""
    return Path(settings["CACHE_PATH"]) / plugin


def reads_cache(settings: Mapping) -> bool:
    """False when the build must ignore every cache (LOAD_CONTENT_CACHE off)."""
    return bool(settings.get("LOAD_CONTENT_CACHE", True))


def fingerprint(value) -> str:
    """Hex SHA-256 of ``value`` as canonical JSON (sorted keys, no spaces).

    ``value`` holds only JSON types (dict, list, str, int, float, bool,
    None); tuples count as lists. Anything else raises TypeError, so a key
    never silently depends on an object's repr.
    """
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def code_fingerprint(*packages: str) -> str:
    """Hex SHA-256 over the source files of the named, imported packages.

    Each ``*.py`` file under a package's folder counts, in sorted relative
    order, by name and content: editing any module of a plugin changes its
    fingerprint and so misses every entry it cached.
    """
    digest = hashlib.sha256()
    for name in packages:
        module = sys.modules[name]
        folder = Path(module.__file__).parent
        for path in sorted(folder.rglob("*.py")):
            relative = path.relative_to(folder).as_posix()
            digest.update(f"{name}/{relative}\0".encode())
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def dumps(value) -> bytes:
    """``pickle.dumps(value)``, with slotted dataclasses by their fields.

    A dataclass made with ``slots=True`` pickles through dataclasses' own
    ``__setstate__``, which looks its fields up again for every object read
    back: about half the time an incremental build spent reading the
    reader's cached records (20,000 of them, each with its removed lines).
    Here such an object is written as its class and its fields' values in
    order, and read back by calling the class with them (``_rebuild``).
    ``pickle.loads`` reads what it writes.
    """
    buffer = io.BytesIO()
    _FieldsPickler(buffer, protocol=5).dump(value)
    return buffer.getvalue()


def _rebuild(kind: type, values: tuple):
    return kind(*values)


# Class -> its field names when pickled by _rebuild, or None (pickled as usual).
_SLOTTED_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _slotted_fields(kind: type) -> tuple[str, ...] | None:
    """Field names of a slotted dataclass whose __init__ takes exactly its
    fields, in order, and does nothing else; None for any other class."""
    if kind not in _SLOTTED_FIELDS:
        names = None
        own = vars(kind)
        if (
            dataclasses.is_dataclass(kind)
            and "__slots__" in own
            and kind.__dataclass_params__.init  # its __init__ is dataclasses'
            and not hasattr(kind, "__post_init__")
            and not {"__reduce__", "__reduce_ex__"} & own.keys()
        ):
            fields = dataclasses.fields(kind)
            if all(field.init for field in fields):
                names = tuple(field.name for field in fields)
        _SLOTTED_FIELDS[kind] = names
    return _SLOTTED_FIELDS[kind]


class _FieldsPickler(pickle.Pickler):
    def reducer_override(self, obj):
        kind = type(obj)
        names = _slotted_fields(kind)
        if names is None:
            return NotImplemented
        return _rebuild, (kind, tuple(getattr(obj, name) for name in names))


def seal(payload: bytes) -> bytes:
    """The envelope around ``payload``: magic, its SHA-256, the payload."""
    return MAGIC + hashlib.sha256(payload).digest() + payload


def unseal(data: bytes, origin: str) -> bytes | None:
    """The payload of an envelope, or None (and a warning) if it is damaged.

    ``origin`` names the entry in the warning (a path or a key).
    """
    head = len(MAGIC)
    if not data.startswith(MAGIC) or len(data) < head + _DIGEST_SIZE:
        logger.warning(
            "cache entry %s is not a cache entry of this version; rebuilt", origin
        )
        return None
    digest, payload = data[head : head + _DIGEST_SIZE], data[head + _DIGEST_SIZE :]
    if hashlib.sha256(payload).digest() != digest:
        logger.warning("cache entry %s is damaged (checksum); rebuilt", origin)
        return None
    return payload


def read_sealed(path: Path) -> bytes | None:
    """The payload stored at ``path``, or None if it is missing or damaged."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        logger.warning("cache entry %s cannot be read (%s); rebuilt", path, error)
        return None
    return unseal(data, str(path))


def write_sealed(path: Path, payload: bytes) -> None:
    """Store ``payload`` at ``path`` in its envelope, whole or not at all."""
    write_atomic(path, seal(payload))


def write_atomic(path: Path, data: bytes, reuse: bool = False) -> None:
    """Replace ``path`` by a new file holding ``data`` (temp file + rename).

    The old file, or any hard link to it, is never written through: an
    interrupted build leaves either the old bytes or the new ones. The file
    is mode 0644 whatever the umask, as every build's output must be.
    With ``reuse``, the new file may be one the build recycled (recycled.py).
    """
    folder, name = os.path.split(os.fspath(path))
    temporary, handle = _temporary_file(folder, name, reuse)
    try:
        try:
            unwritten = memoryview(data)
            while unwritten:
                unwritten = unwritten[os.write(handle, unwritten) :]
            _settle(handle, len(data), reuse)
        finally:
            os.close(handle)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _settle(handle: int, length: int, reuse: bool) -> None:
    """A written file cut to `length` and made mode 0644. A recycled one
    (`reuse`: it may be one) is cut only when it was longer, and its mode
    set only when it is another: each is a journaled change of the inode
    (the cut alone, made for every file, was 0.87 s of the 5.2 s of
    py-spy's samples in the search writer's writes after 10 articles
    changed at 20,000)."""
    if not reuse:
        os.fchmod(handle, 0o644)
        return
    found = os.fstat(handle)
    if found.st_size > length:
        os.ftruncate(handle, length)
    if stat.S_IMODE(found.st_mode) != 0o644:
        os.fchmod(handle, 0o644)


# Temporary names: this process's id and a count make them unique within a
# build (O_EXCL still guards against a leftover of a killed process that had
# the same id: then tempfile picks a name). tempfile.mkstemp's random names
# and a mkdir before every file took twice the user CPU (82 against 41
# microseconds a file here; a 20,000-article site writes about 45,000).
_TEMPORARY_COUNT = itertools.count()


def _temporary_file(folder: str, name: str, reuse: bool = False) -> tuple[str, int]:
    """(path, open descriptor) of a new empty file beside ``name`` in
    ``folder`` (made when missing); with ``reuse``, of a recycled one when
    there is one (not empty: written over from its start)."""
    temporary = os.path.join(
        folder, f".{name}.{os.getpid()}-{next(_TEMPORARY_COUNT)}.tmp"
    )
    if reuse:
        handle = recycled.claim(temporary)
        if handle is not None:
            return temporary, handle
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    try:
        return temporary, os.open(temporary, flags, 0o600)
    except FileNotFoundError:
        os.makedirs(folder or ".", exist_ok=True)
    except FileExistsError:
        pass
    handle, temporary = tempfile.mkstemp(
        dir=folder or None, prefix=f".{name}.", suffix=".tmp"
    )
    return temporary, handle


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless the file already holds exactly it.

    Returns True when the file was (re)written. An unchanged file keeps its
    inode and mtime.
    """
    path = Path(path)
    note_output_file(path)
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data, reuse=True)
    return True


def note_output_file(path) -> None:
    """Count ``path`` as made by this build (kept as it is, not written)."""
    _output_files.add(os.path.abspath(path))


def output_files() -> frozenset[str]:
    """Absolute paths write_if_changed was given since forget_output_files()."""
    return frozenset(_output_files)


def forget_output_files() -> None:
    """Start a new build's list of output files."""
    _output_files.clear()
