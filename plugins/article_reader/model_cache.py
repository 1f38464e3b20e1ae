"""py3langid's model, kept decompressed in the build cache.

The package ships its model as LZMA-compressed NumPy arrays (4.5 MB); a
build that identifies the language of any new file decompresses all 68 MB
of it first: about 1 s of an incremental build's CPU time, every build
that reads a new file without a language header. The decompressed arrays
are kept in the reader's cache folder (samizdat_contract.cache's rule:
sealed, written whole, read only when the build reads its cache) under a
name that is the digest of the package's version and its model file's
bytes, so a new py3langid or a new model is a miss, never a stale hit.
The identifier made from them is the one py3langid makes from its own file
(tests/test_language.py compares their answers).

Data shapes:
    keep_model_in(folder: Path | None, reads: bool)   where the reader's cache is
    load_identifier() -> py3langid.langid.LanguageIdentifier (norm_probs=True)
"""

import hashlib
import io
import logging
from array import array
from importlib import metadata
from pathlib import Path

from samizdat_contract import cache

logger = logging.getLogger(__name__)

# (folder, reads): set by the reader for its build; (None, False) keeps nothing.
_place: tuple[Path | None, bool] = (None, False)
# The arrays of the model file (py3langid.modelio.load_model's layout).
ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
# What reading a cached file made by other code raises.
UNREADABLE = (OSError, ValueError, KeyError, TypeError)


def keep_model_in(folder: Path | None, reads: bool = True) -> None:
    global _place
    _place = (folder, reads)


def load_identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    folder, reads = _place
    if folder is None:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    packed = Path(MODEL_DIR) / MODEL_FILE
    path = folder / f"langid-{_model_digest(packed)}"
    arrays = cache.read_sealed(path) if reads else None
    if arrays is None:
        arrays = _decompressed(packed)
        cache.write_sealed(path, arrays)
        for other in folder.glob("langid-*"):  # earlier models' files
            if other != path:
                other.unlink(missing_ok=True)
    try:
        return _identifier(arrays)
    except UNREADABLE as error:
        logger.warning("cache entry %s cannot be used (%s); rebuilt", path, error)
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


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
