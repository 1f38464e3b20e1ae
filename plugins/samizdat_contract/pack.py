"""Many cache entries in one file: one open per build instead of one per entry.

A plugin that keeps an entry per input (the reader: one per article file)
spent a build's time opening 20,000 small files. An EntryPack keeps them in
one data file, each entry sealed as cache.py seals a file (a damaged entry
is a miss and a warning, never trusted), found through an index:

    <name>.<generation>   the entries, appended one after another
    <name>.index          sealed pickle: {"data": "<name>.<generation>",
                          "entries": {key: (offset, length)}}

Whole or not at all, as cache.py's rule asks:
- entries are appended past the end the index knows, and the index is
  replaced (write_atomic) only after them, so a build stopped at any point
  leaves the previous index naming bytes that are still there;
- when more than half of the data file is entries no longer indexed (older
  versions of changed files, files that left the tree), ``save`` copies the
  live ones into a new generation, writes the index naming it, and only
  then removes the old file;
- an index naming a missing data file, or entries past its end, is not
  trusted (a warning; every entry is a miss).

One build at a time writes a pack (site_output's lock on the output).

Data shapes:
    EntryPack(folder: Path, name: str, reads: bool)
        get(key) -> bytes | None     the payload, or None (missing, damaged)
        put(key, payload: bytes)     appended now, indexed by save()
        save(keep: set[str])         index the kept keys; compact if worth it
        close()
"""

import logging
import os
import pickle
from pathlib import Path

from .cache import read_sealed, seal, unseal, write_sealed

logger = logging.getLogger(__name__)

# Compact when the data file is more than this many times its live bytes.
COMPACT_RATIO = 2
# What an index that is sealed but not this code's raises when read.
UNUSABLE = (pickle.UnpicklingError, EOFError, KeyError, TypeError, OSError)


class EntryPack:
    def __init__(self, folder: Path, name: str, reads: bool = True):
        self.folder = Path(folder)
        self.name = name
        self.index_path = self.folder / f"{name}.index"
        self.entries: dict[str, tuple[int, int]] = {}
        self.data_name: str | None = None
        if reads:
            self._load_index()
        self._descriptor: int | None = None
        self._end = 0  # where the next entry goes

    def _load_index(self) -> None:
        payload = read_sealed(self.index_path)
        if payload is None:
            return
        try:
            value = pickle.loads(payload)
            data_name, entries = value["data"], value["entries"]
            size = os.stat(self.folder / data_name).st_size
        except UNUSABLE as error:
            logger.warning(
                "cache pack %s cannot be used (%s); rebuilt", self.index_path, error
            )
            return
        if any(offset + length > size for offset, length in entries.values()):
            logger.warning(
                "cache pack %s is shorter than its index; rebuilt", self.index_path
            )
            return
        self.data_name, self.entries = data_name, entries

    def _open(self) -> int:
        """The data file, open for reading and appending."""
        if self._descriptor is None:
            if self.data_name is None:
                self.data_name = self._new_name()
            self.folder.mkdir(parents=True, exist_ok=True)
            flags = os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
            self._descriptor = os.open(self.folder / self.data_name, flags, 0o644)
            self._end = os.fstat(self._descriptor).st_size
        return self._descriptor

    def _new_name(self) -> str:
        """A data file name no index names: the next generation."""
        taken = [
            int(path.suffix[1:])
            for path in self.folder.glob(f"{self.name}.*")
            if path.suffix[1:].isdigit()
        ]
        return f"{self.name}.{max(taken, default=0) + 1}"

    def get(self, key: str) -> bytes | None:
        place = self.entries.get(key)
        if place is None:
            return None
        offset, length = place
        try:
            data = os.pread(self._open(), length, offset)
        except OSError as error:
            logger.warning("cache pack entry %s cannot be read (%s)", key, error)
            return None
        return unseal(data, f"{self.data_name}:{key}")

    def put(self, key: str, payload: bytes) -> None:
        data = seal(payload)
        descriptor = self._open()
        offset = self._end
        written = 0
        while written < len(data):
            written += os.write(descriptor, data[written:])
        self._end += len(data)
        self.entries[key] = (offset, len(data))

    def save(self, keep: set[str]) -> None:
        """Index the entries of ``keep`` (others are dropped); compact the
        data file when most of it is dropped entries."""
        self.entries = {key: at for key, at in self.entries.items() if key in keep}
        self._open()  # its size says whether to compact
        live = sum(length for _, length in self.entries.values())
        if self._end > COMPACT_RATIO * live:
            self._compact()
        self._write_index()
        self._remove_other_generations()

    def _compact(self) -> None:
        """Copy the indexed entries into a new generation."""
        old, entries = self._open(), self.entries
        self._descriptor = None
        self.data_name, self.entries = self._new_name(), {}
        try:
            for key, (offset, length) in sorted(entries.items(), key=lambda i: i[1]):
                payload = unseal(os.pread(old, length, offset), f"{key}")
                if payload is not None:
                    self.put(key, payload)
            self._open()  # even when nothing is left: the index names it
        finally:
            os.close(old)

    def _write_index(self) -> None:
        value = {"data": self.data_name, "entries": self.entries}
        write_sealed(self.index_path, pickle.dumps(value, protocol=5))

    def _remove_other_generations(self) -> None:
        for path in self.folder.glob(f"{self.name}.*"):
            if path.suffix[1:].isdigit() and path.name != self.data_name:
                path.unlink(missing_ok=True)

    def close(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None
