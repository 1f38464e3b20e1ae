"""Signal handlers, each a few lines; the work is in writer.py and tree.py."""

import logging

from pelican.generators import Generator
from samizdat_contract import cache, validate
from samizdat_contract.output_ready import wait_for_output
from samizdat_contract.settings import text

from .pages import SETTINGS_DIGEST, settings_digest
from .tree import prune
from .writer import ReplacingWriter

logger = logging.getLogger(__name__)

# PREVIOUS: the previous build's output folder when OUTPUT_PATH started as a
# hard-link copy of it (`make html` passes it); files still shared with it
# that this build did not make are removed. "" (the default): nothing is
# removed, as Pelican does without DELETE_OUTPUT_DIRECTORY.
SETTINGS = {"SITE_OUTPUT_PREVIOUS": text("")}


def on_initialized(pelican) -> None:
    validate(pelican.settings, SETTINGS)
    cache.forget_output_files()
    # Every setting as the build starts: part of each page's key (pages.py).
    pelican.settings[SETTINGS_DIGEST] = settings_digest(pelican.settings)


# Pelican formats an article's url and save_as from the settings on every
# read (Content.get_url_setting: a metadata copy, relpath, str.format):
# templates, sorts and page keys read them about twenty times per article,
# a quarter of an incremental build's time under cProfile. Once articles are
# final, each gets its values as Pelican's own override_<key> attributes,
# which get_url_setting returns as they are: the same strings, computed once.
# So do the pages (content/pages), whose links every page's menu shows
# (base.html): formatting a page's url took 10.6 us (the relative path of
# its source), twice a rendered page, about 0.4 s of a full build of
# 20,000 articles.
FIXED_URL_KEYS = ("url", "save_as")
ARTICLE_LISTS = ("articles", "translations", "drafts", "drafts_translations")
PAGE_LISTS = (
    "pages",
    "translations",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)


def on_article_generator_finalized(generator) -> None:
    for name in ARTICLE_LISTS:
        for article in getattr(generator, name, ()):
            fix_urls(article)


def on_page_generator_finalized(generator) -> None:
    for name in PAGE_LISTS:
        for page in getattr(generator, name, ()):
            fix_urls(page)


def fix_urls(content) -> None:
    """Pin ``content``'s url and save_as to their present values."""
    for key in FIXED_URL_KEYS:
        value = content.get_url_setting(key)
        setattr(content, f"override_{key}", value)


def on_get_writer(pelican):
    wait_for_output()  # every page is written into OUTPUT_PATH from here
    return ReplacingWriter


class StaleFilesGenerator(Generator):
    """Runs after every generator that writes pages (this plugin comes last
    in PLUGINS; Pelican runs its static files after plugins' generators)."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        if getattr(writer, "pages", None) is not None:
            writer.pages.save()
            logger.info(
                "Output: %d pages unchanged, not rendered", writer.pages.skipped
            )
        previous = self.settings["SITE_OUTPUT_PREVIOUS"]
        if previous:
            removed = prune(self.output_path, previous, cache.output_files())
            logger.info("Output: %d stale files removed", removed)


def on_get_generators(pelican):
    return StaleFilesGenerator
