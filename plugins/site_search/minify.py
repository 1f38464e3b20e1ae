"""The theme's scripts, minified in the output (the repository keeps them readable).

Every cold search downloads theme/js/search.js before anything else: about
a third of a query's bytes. The output copy is minified by a JavaScript
parser (calmjs.parse, ES5: the scripts must run on old phones' browsers, so
a syntax newer than ES5 is an error here rather than a broken page there):
comments and spaces go, and names local to a function are shortened.
Property names and the script's globals (SamizdatSearch) are kept, so
rules.js, the index files and the tests see the same objects. The result
depends only on the source text and the minifier's version: same input,
same bytes. A script the parser rejects is left as it is, with a warning.

Minifying takes about a second, so the result is cached by the source's
digest (samizdat_contract.cache's rules: CACHE_PATH/site_search/scripts/,
sealed entries, nothing read when LOAD_CONTENT_CACHE is off).

Data shapes:
    minified(source: str) -> str
    minify_scripts(folder: Path, cache: Path, read_cache: bool) -> [Path]
        the .js files under `folder` replaced by their minified text
"""

import hashlib
import importlib.metadata
import logging
from pathlib import Path

from calmjs.parse import es5
from calmjs.parse.exceptions import ECMASyntaxError
from calmjs.parse.unparsers.es5 import minify_print
from samizdat_contract.cache import read_sealed, write_if_changed, write_sealed

logger = logging.getLogger(__name__)


def minified(source: str) -> str:
    """`source` (an ES5 script) without comments and spaces, local names
    shortened; raises ECMASyntaxError if it is not ES5."""
    return minify_print(es5(source), obfuscate=True, obfuscate_globals=False) + "\n"


def _key(source: bytes) -> str:
    digest = hashlib.sha256(importlib.metadata.version("calmjs.parse").encode())
    digest.update(b"\0" + source)
    return digest.hexdigest()


def minify_scripts(folder: Path, cache: Path, read_cache: bool) -> list[Path]:
    """Replace each .js file under `folder` (sorted) by its minified text;
    returns the files replaced."""
    replaced = []
    for path in sorted(Path(folder).rglob("*.js")):
        source = path.read_bytes()
        entry = cache / _key(source)
        text = read_sealed(entry) if read_cache else None
        if text is None:
            try:
                text = minified(source.decode("utf-8")).encode("utf-8")
            except (ECMASyntaxError, UnicodeDecodeError) as error:
                logger.warning("script %s is left unminified: %s", path, error)
                continue
            write_sealed(entry, text)
        write_if_changed(path, text)
        replaced.append(path)
    return replaced
