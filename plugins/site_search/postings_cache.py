"""Each article's analysed postings, cached between builds.

An incremental build analyses only the articles whose text changed: the
entry of an article is keyed by the SHA-256 of its indexed fields and of a
salt naming the code that analysed it (samizdat_contract.cache's rule:
CACHE_PATH/site_search/, LOAD_CONTENT_CACHE off reads nothing but still
writes, sealed entries, atomic writes). A damaged entry is a miss and a
warning, and is written again. After each build the entries of articles
that left the tree (or changed) are removed, so the cache holds what one
build of the current tree needs, never more.

Data shapes:
    PostingsCache(folder, read, salt)   picklable: worker processes use it
        .load(document) -> (weights {key: int}, aliases {form: stem}) | None
        .store(document, (weights, aliases))
        .prune(documents) -> int   removes the entries of no given document
    for_settings(settings) -> PostingsCache
"""

import hashlib
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

PLUGIN = "site_search"


@dataclass(frozen=True)
class PostingsCache:
    folder: str
    read: bool
    salt: str

    def _path(self, document) -> Path:
        name = self._name(document)
        return Path(self.folder) / name[:2] / name

    def _name(self, document) -> str:
        digest = hashlib.sha256(self.salt.encode())
        for text in (document.title, document.body, document.source, document.lang):
            digest.update(b"\0" + text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def load(self, document):
        if not self.read:
            return None
        payload = read_sealed(self._path(document))
        return None if payload is None else pickle.loads(payload)

    def store(self, document, value) -> None:
        write_sealed(self._path(document), pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def prune(self, documents) -> int:
        """Remove every entry (and stray temporary file) that is none of
        ``documents``' entries under this salt: articles deleted or changed
        since, and entries of older code. Returns the number removed."""
        wanted = {self._name(document) for document in documents}
        removed = 0
        folder = Path(self.folder)
        for shard in folder.iterdir() if folder.is_dir() else ():
            if not shard.is_dir():
                continue
            for entry in shard.iterdir():
                if entry.name not in wanted:
                    entry.unlink(missing_ok=True)
                    removed += 1
        return removed


def for_settings(settings) -> PostingsCache:
    return PostingsCache(
        str(cache_folder(settings, PLUGIN) / "postings"),
        reads_cache(settings),
        # No SITE_SEARCH_ setting changes an article's postings: the code does.
        code_fingerprint(PLUGIN),
    )
