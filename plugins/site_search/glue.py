"""Signal handlers, each a few lines; the work is in generator.py and minify.py."""

import logging
from pathlib import Path

from samizdat_contract.cache import cache_folder, reads_cache

from .generator import SearchGenerator
from .minify import minify_scripts
from .postings_cache import PLUGIN
from .settings import apply_defaults

logger = logging.getLogger(__name__)


def on_initialized(pelican) -> None:
    apply_defaults(pelican.settings)


def on_get_generators(pelican):
    return SearchGenerator


def on_finalized(pelican) -> None:
    """The theme's scripts, copied by Pelican after every generator, minified."""
    settings = pelican.settings
    folder = Path(pelican.output_path, settings["THEME_STATIC_DIR"])
    cache = cache_folder(settings, PLUGIN) / "scripts"
    scripts = minify_scripts(folder, cache, reads_cache(settings))
    logger.info("Search: %d scripts minified in %s", len(scripts), folder)
