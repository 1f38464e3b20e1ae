"""Each article's analysed postings, cached between builds.

An incremental build analyses only the articles whose text changed: the
entry of an article is keyed by the SHA-256 of its indexed fields and of a
salt naming the code that analysed it (samizdat_contract.cache's rule:
CACHE_PATH/site_search/, LOAD_CONTENT_CACHE off reads nothing but still
writes, sealed entries, atomic writes). A damaged entry is a miss and a
warning, and is written again.

Data shapes:
    PostingsCache(folder, read, salt)   picklable: worker processes use it
        .load(document) -> (weights {key: int}, aliases {form: stem}) | None
        .store(document, (weights, aliases))
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
        digest = hashlib.sha256(self.salt.encode())
        for text in (document.title, document.body, document.source, document.lang):
            digest.update(b"\0" + text.encode("utf-8", "surrogatepass"))
        name = digest.hexdigest()
        return Path(self.folder) / name[:2] / name

    def load(self, document):
        if not self.read:
            return None
        payload = read_sealed(self._path(document))
        return None if payload is None else pickle.loads(payload)

    def store(self, document, value) -> None:
        write_sealed(self._path(document), pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def for_settings(settings) -> PostingsCache:
    return PostingsCache(
        str(cache_folder(settings, PLUGIN) / "postings"),
        reads_cache(settings),
        # No SITE_SEARCH_ setting changes an article's postings: the code does.
        code_fingerprint(PLUGIN),
    )
