"""Each article's analysed postings, cached between builds.

An incremental build analyses only the articles whose text changed: the
entry of an article is keyed by the SHA-256 of its indexed fields and of a
salt naming the code that analysed it (samizdat_contract.cache's rule:
CACHE_PATH/site_search/, LOAD_CONTENT_CACHE off reads nothing but still
writes, sealed entries, atomic writes). A damaged entry is a miss and a
warning, and is written again.

Where entries live: the entries of the last build's articles in one pack
(samizdat_contract.pack, ``entries.index`` and ``entries.<n>``: one open
per process instead of one per article); an article analysed in this build
first as a file of its own (``<name[:2]>/<name>``: worker processes write
them side by side), which prune() moves into the pack at the end of the
build, in the main process, dropping the entries of articles that left
the tree (or changed): the cache holds what one build of the current tree
needs, never more.

Data shapes:
    PostingsCache(folder, read, salt)   picklable: worker processes use it
        .load(document) -> (weights {key: int}, aliases {form: stem}) | None
        .load_named(name) -> the same, by the document's entry name
        .load_aliases(name) -> aliases {form: stem} | None   without the
            weights (an entry: the pickle of the aliases, then the weights')
        .store(document, (weights, aliases))
        .prune(documents) -> int   keeps exactly the given documents' entries
        .name(document) -> str; .keep_only(names) -> int   the same by names
    for_settings(settings) -> PostingsCache
"""

import hashlib
import io
import logging
import pickle
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from samizdat_contract.cache import (
    cache_folder,
    code_fingerprint,
    read_sealed,
    reads_cache,
    write_sealed,
)
from samizdat_contract.pack import EntryPack

logger = logging.getLogger(__name__)

PLUGIN = "site_search"
PACK = "entries"


@dataclass(frozen=True)
class PostingsCache:
    folder: str
    read: bool
    salt: str

    def name(self, document) -> str:
        """The document's entry name: it changes with its indexed fields."""
        return self._name(document)

    def _name(self, document) -> str:
        digest = hashlib.sha256(self.salt.encode())
        for text in (document.title, document.body, document.source, document.lang):
            digest.update(b"\0" + text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    @cached_property
    def _pack(self) -> EntryPack:
        """The pack, opened in the process that first needs it."""
        return EntryPack(Path(self.folder), PACK, self.read)

    def __reduce__(self):
        # To a worker process: the fields, not this process' open pack.
        return (PostingsCache, (self.folder, self.read, self.salt))

    def load(self, document):
        return self.load_named(self._name(document))

    def load_named(self, name: str):
        """load() of the document whose entry name is `name`."""
        payload = self._payload(name)
        if payload is None:
            return None
        stream = io.BytesIO(payload)
        try:
            aliases = pickle.load(stream)
            return pickle.load(stream), aliases
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as error:
            logger.warning("cache entry %s cannot be read (%s); rebuilt", name, error)
            return None

    def load_aliases(self, name: str) -> dict[str, str] | None:
        """Only the aliases of the document whose entry name is `name`:
        they come first in the entry, so its weights are not unpickled."""
        payload = self._payload(name)
        if payload is None:
            return None
        try:  # bytes after the first pickle are ignored
            return pickle.loads(payload)
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as error:
            logger.warning("cache entry %s cannot be read (%s); rebuilt", name, error)
            return None

    def _payload(self, name: str) -> bytes | None:
        if not self.read:
            return None
        payload = self._pack.get(name)
        if payload is None:
            payload = read_sealed(self._loose(name))
        return payload

    def store(self, document, value) -> None:
        """An entry is two pickles: the aliases, then the weights."""
        weights, aliases = value
        payload = pickle.dumps(aliases, pickle.HIGHEST_PROTOCOL) + pickle.dumps(
            weights, pickle.HIGHEST_PROTOCOL
        )
        write_sealed(self._loose(self._name(document)), payload)

    def _loose(self, name: str) -> Path:
        return Path(self.folder) / name[:2] / name

    def prune(self, documents) -> int:
        """Keep exactly the entries of ``documents`` under this salt, in the
        pack: entries of this build's new articles move in; those of
        articles deleted or changed since, of older code and stray
        temporary files go. Returns the number of entries removed."""
        return self.keep_only({self._name(document) for document in documents})

    def keep_only(self, wanted: set[str]) -> int:
        """prune(), given the documents' names (``name``)."""
        pack = self._pack
        removed = sum(1 for name in pack.entries if name not in wanted)
        folder = Path(self.folder)
        for shard in folder.iterdir() if folder.is_dir() else ():
            if not shard.is_dir():
                continue
            for entry in shard.iterdir():
                payload = read_sealed(entry) if entry.name in wanted else None
                if payload is not None:
                    pack.put(entry.name, payload)
                else:
                    removed += 1
                entry.unlink(missing_ok=True)
            shard.rmdir()
        pack.save(wanted)
        pack.close()
        return removed


def for_settings(settings) -> PostingsCache:
    return PostingsCache(
        str(cache_folder(settings, PLUGIN) / "postings"),
        reads_cache(settings),
        # No SITE_SEARCH_ setting changes an article's postings: the code does.
        code_fingerprint(PLUGIN),
    )
