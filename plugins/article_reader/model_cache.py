"""py3langid's model, kept decompressed in the build cache.

The package ships its model as LZMA-compressed NumPy arrays (4.5 MB); a
build that identifies the language of any new file decompresses all 68 MB
of it first: about 1 s of an incremental build's CPU time, every build
that reads a new file without a language header. The decompressed arrays
are kept in the reader's cache folder (samizdat_contract.cache's rule:
sealed, written whole, read only when the build reads its cache) under a
name that is the digest of the package's version and its model file's
bytes, so a new py3langid or a new model is a miss, never a stale hit. A
kept file that is damaged (its seal) or unusable (sealed, but not the
arrays this code reads) is a warning, and is decompressed and written
again.
The identifier made from them is the one py3langid makes from its own file
(tests/test_model_cache.py compares their answers).

Only the process that analyses the tree loads the model: the search's
worker processes (site_search/workers.py) never identify a language.

Data shapes:
    ModelCache(folder: Path | None, reads: bool)   where the reader's cache
        is, and whether this build may read it; NOT_KEPT keeps nothing
    load_identifier(kept: ModelCache)
        -> py3langid.langid.LanguageIdentifier (norm_probs=True)
"""

import hashlib
import io
import logging
from array import array
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from zipfile import BadZipFile

from samizdat_contract import cache

logger = logging.getLogger(__name__)

# The arrays of the model file (py3langid.modelio.load_model's layout).
ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
# What reading a cached file made by other code raises (numpy.load, a
# missing array, an array of another type).
UNREADABLE = (OSError, ValueError, KeyError, TypeError, EOFError, BadZipFile)


@dataclass(frozen=True)
class ModelCache:
    """Where the decompressed model is kept: the reader's cache folder
    (build_cache.RecordStore.folder), None for nowhere; ``reads`` false
    (a build with LOAD_CONTENT_CACHE off) writes the file but never reads
    it."""

    folder: Path | None = None
    reads: bool = False


NOT_KEPT = ModelCache()


def load_identifier(kept: ModelCache):
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    if kept.folder is None:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    packed = Path(MODEL_DIR) / MODEL_FILE
    path = kept.folder / f"langid-{_model_digest(packed)}"
    arrays = cache.read_sealed(path) if kept.reads else None
    if arrays is not None:
        try:
            return _identifier(arrays)
        except UNREADABLE as error:
            logger.warning("cache entry %s cannot be used (%s); rebuilt", path, error)
    arrays = _decompressed(packed)
    try:
        identifier = _identifier(arrays)
    except UNREADABLE as error:  # a py3langid whose model has other arrays
        logger.warning("py3langid's model cannot be kept (%s)", error)
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    cache.write_sealed(path, arrays)
    for other in kept.folder.glob("langid-*"):  # earlier models' files
        if other != path:
            other.unlink(missing_ok=True)
    return identifier


def _model_digest(packed: Path) -> str:
    digest = hashlib.sha256(metadata.version("py3langid").encode() + b"\0")
    digest.update(packed.read_bytes())
    return digest.hexdigest()


def _decompressed(packed: Path) -> bytes:
    import lzma

    with lzma.open(packed) as source:
        return source.read()


def _identifier(data: bytes):
    """The identifier py3langid's from_model_file makes, from the npz bytes."""
    import numpy
    from py3langid.langid import LanguageIdentifier

    with numpy.load(io.BytesIO(data), allow_pickle=False) as model:
        ptc, pc, classes, nextmove, row, output = (model[name] for name in ARRAYS)
        return LanguageIdentifier(
            numpy.asarray(ptc),
            numpy.asarray(pc),
            classes.tolist(),
            _stdlib_array(nextmove),
            output.tolist(),
            norm_probs=True,
            tk_row=_stdlib_array(row),
        )


def _stdlib_array(values) -> array:
    """An unsigned NumPy array as the stdlib array py3langid walks."""
    codes = {2: "H", 4: "I", 8: "L"}
    result = array(codes[values.dtype.itemsize])
    result.frombytes(values.tobytes())
    return result
