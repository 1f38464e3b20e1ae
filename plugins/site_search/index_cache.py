"""The last build's search index, kept so that a build adding articles
analyses and joins only theirs.

Article numbers follow date order, so new articles (the usual case) come
after every existing one. The index of such a tree is the last build's
index followed by the new articles' postings, spliced into its arrays
(splice.py) to give what index.unpack gives when build_index joins the
ranges its worker processes analyse (each key's postings in id order,
each form's alias the earliest document's): the same
index as one built afresh (tests/test_search_cache.py checks it at every
split point). It is reused
when this build holds all but at most MAX_CHANGED_SHARE of the last
build's documents, each named by its postings cache name (the SHA-256 of
the code's salt and the document's indexed fields; reusable()): the
others, deleted or changed, are taken out, the rest renumbered where
articles were added or deleted before them, and the new ones put in
(index_update.py); otherwise (many changed) the index is built from the
postings cache as before.

The file (CACHE_PATH/site_search/index, samizdat_contract.cache's rule:
LOAD_CONTENT_CACHE off reads nothing but still writes; written whole by
replacement) is not a sealed pickle: at 100,000 articles its arrays are
hundreds of MB, and a pickle would copy them more than once in memory. It
is written and read streaming, its arrays as raw bytes, and checked whole:

    MAGIC, head length (8 bytes, big-endian), SHA-256 of the head, head:
        pickle of (FORMAT, salt, byte order, item size, names)
    header length, header: pickle of (terms, aliases, alias_docs, number
        of postings)
    counts, ids: array("I") bytes; weights: array(index.WEIGHT_TYPECODE)
    SHA-256 of every byte before it

The head is checked first: a file of other documents (most articles
changed, say) is set aside without hashing or copying its arrays.
A file that does not match is a miss and a warning, never trusted.

Data shapes:
    IndexCache(path, read, salt)
        previous(names: list[str]) -> (kept names, Packed) | None   the
            last build's index and its documents' names, when this
            build holds most of them (reusable())
        keep(names, index: SearchIndex)
    reusable(kept names, names) -> bool
    usable(kept names, names) -> bool   the same first documents, a few
        changed in place (related_update.py's lists are kept then)
    extended(count, Packed, documents, postings) -> SearchIndex
    for_settings(settings) -> IndexCache
"""

import hashlib
import logging
import mmap
import os
import pickle
import sys
import tempfile
from array import array
from dataclasses import dataclass
from pathlib import Path

from samizdat_contract.cache import (
    MAGIC,
    cache_folder,
    code_fingerprint,
    reads_cache,
)

from .alignment import align
from .index import WEIGHT_TYPECODE, Packed, SearchIndex, analyse_range, pack, unpack
from .postings import joined_provenance
from .postings_cache import PLUGIN
from .splice import spliced

logger = logging.getLogger(__name__)

FILE = "index"
FORMAT = 3
# At most this share of the last build's documents not held (deleted or
# changed): each costs its old postings and an ordered merge in each of
# its keys' lists, where building afresh from the postings cache costs
# every one.
MAX_CHANGED_SHARE = 0.125
_LENGTH_BYTES = 8
_DIGEST_BYTES = hashlib.sha256().digest_size
# What a file of other code or a damaged one raises while it is read.
UNREADABLE = (OSError, ValueError, TypeError, pickle.UnpicklingError, EOFError)


class _Hashing:
    """A binary file that hashes what is written to it."""

    def __init__(self, stream):
        self.stream, self.digest = stream, hashlib.sha256()

    def write(self, data) -> int:
        self.digest.update(data)
        return self.stream.write(data)


@dataclass(frozen=True)
class IndexCache:
    path: str
    read: bool
    salt: str

    def previous(self, names: list[str]) -> tuple[list[str], Packed] | None:
        """(its documents' names, the last build's index) if this build
        holds most of them (reusable())."""
        if not self.read:
            return None
        try:
            return self._load(names)
        except FileNotFoundError:
            return None
        except UNREADABLE as error:
            logger.warning(
                "cache entry %s cannot be read (%s); rebuilt", self.path, error
            )
            return None

    def _load(self, names: list[str]) -> tuple[list[str], Packed] | None:
        """The head first (its own digest): when it names other documents,
        code or machine, the arrays are neither hashed nor copied."""
        with (
            open(self.path, "rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data,
            memoryview(data) as view,
        ):
            body = len(view) - _DIGEST_BYTES
            offset = len(MAGIC) + _LENGTH_BYTES + _DIGEST_BYTES
            if body < offset or view[: len(MAGIC)] != MAGIC:
                return self._damaged()
            length = int.from_bytes(view[len(MAGIC) : len(MAGIC) + _LENGTH_BYTES])
            # Copies: a slice of the map left alive would keep it open.
            digest = bytes(view[offset - _DIGEST_BYTES : offset])
            head = bytes(view[offset : offset + length])
            if hashlib.sha256(head).digest() != digest:
                return self._damaged()
            version, salt, order, size, kept = pickle.loads(head)
            mine = (FORMAT, self.salt, sys.byteorder, array("I").itemsize)
            if (version, salt, order, size) != mine or not reusable(kept, names):
                return None  # other documents, code or machine
            if hashlib.sha256(view[:body]).digest() != view[body:]:
                return self._damaged()
            offset += length
            length = int.from_bytes(view[offset : offset + _LENGTH_BYTES])
            offset += _LENGTH_BYTES
            header = pickle.loads(view[offset : offset + length])
            terms, aliases, alias_docs, postings = header
            offset += length
            arrays = []
            for count, typecode in (
                (len(terms), "I"),
                (postings, "I"),
                (postings, WEIGHT_TYPECODE),
            ):
                part = array(typecode)
                end = offset + count * part.itemsize
                part.frombytes(view[offset:end])
                arrays.append(part)
                offset = end
            if offset != body:
                raise ValueError("arrays do not fill the file")
        counts, ids, weights = arrays
        return kept, Packed(terms, counts, ids, weights, aliases, alias_docs)

    def _damaged(self) -> None:
        logger.warning("cache entry %s is damaged (checksum); rebuilt", self.path)

    def keep(self, names: list[str], index: SearchIndex) -> None:
        """Write ``index`` (of the documents ``names``) for the next build."""
        packed = pack(index)
        itemsize = array("I").itemsize
        head = pickle.dumps(
            (FORMAT, self.salt, sys.byteorder, itemsize, names), protocol=5
        )
        header = pickle.dumps(
            (packed.terms, packed.aliases, packed.alias_docs, len(packed.ids)),
            protocol=5,
        )
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "wb") as stream:
                out = _Hashing(stream)
                out.write(MAGIC)
                out.write(len(head).to_bytes(_LENGTH_BYTES))
                out.write(hashlib.sha256(head).digest())
                out.write(head)
                out.write(len(header).to_bytes(_LENGTH_BYTES))
                out.write(header)
                for part in (packed.counts, packed.ids, packed.weights):
                    out.write(memoryview(part).cast("B"))
                stream.write(out.digest.digest())
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def reusable(kept: list[str], names: list[str]) -> bool:
    """Whether an index of the documents `kept` can become one of `names`
    (index_update.py): at most MAX_CHANGED_SHARE of them not held."""
    return len(align(kept, names).removed) <= len(kept) * MAX_CHANGED_SHARE


def usable(kept: list[str], names: list[str]) -> bool:
    """Whether an index of the documents `kept` can become one of `names`:
    the same first documents, at most MAX_CHANGED_SHARE of them changed."""
    if len(kept) > len(names):
        return False
    changed = sum(map(str.__ne__, kept, names))
    return changed <= len(kept) * MAX_CHANGED_SHARE


def extended(known: int, previous: Packed, documents, postings) -> SearchIndex:
    """The index of ``documents`` whose first ``known`` ones ``previous``
    holds: the others analysed (from ``postings`` when it holds them) and
    joined after it, as build_index joins its ranges."""
    if known == len(documents):
        return unpack([previous], known)
    added = analyse_range((documents[known:], known, postings))
    # The kept index's own dicts: spliced() lets the parts go.
    aliases, alias_docs = previous.aliases, previous.alias_docs
    for form, stem in added.aliases.items():  # the earliest document's
        aliases.setdefault(form, stem)
    for form, found in added.alias_docs.items():
        alias_docs[form] = joined_provenance(alias_docs.get(form), found)
    # Spliced into the kept arrays (splice.py), not joined as unpack joins
    # ranges: a Python step a kept key, most of such a build's join.
    return SearchIndex(spliced(previous, added), aliases, len(documents), alias_docs)


def for_settings(settings) -> IndexCache:
    return IndexCache(
        str(cache_folder(settings, PLUGIN) / FILE),
        reads_cache(settings),
        code_fingerprint(PLUGIN),
    )
