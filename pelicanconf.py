"""Pelican settings for building a Samizdat site (``make html``)."""

import os

AUTHOR = "Samizdat"
SITENAME = "Samizdat"
SITEURL = ""
# Every link is relative and names a file, so the site works from file://,
# under any path prefix on any mirror, and inside a ZIM.
RELATIVE_URLS = True

PATH = "content"
# The site's own pages (about, verify) are Markdown written by the site's
# maintainers, the only Markdown rendered: never an input's (article_reader
# replaces PAGE_PATHS by the files of this folder).
ARTICLE_READER_PAGES_PATH = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "content", "pages"
)
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = [""]
# No metadata from input file or folder names (article_reader requires it).
FILENAME_METADATA = ""
PATH_METADATA = ""
USE_FOLDER_AS_CATEGORY = False
STATIC_PATHS = []
THEME = "theme"

TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

# Installed into the venv from pyproject.toml (make does `pip install -e .`)
# and imported by name, like any Pelican plugin: no PLUGIN_PATHS.
PLUGINS = [
    "article_reader",
    "site_i18n",
    "site_pages",
    "site_search",
    "samizdat_bundle",
    # Last: replaces Pelican's writer, removes stale files after every
    # other plugin's generator has written.
    "site_output",
]

# Builds reuse what earlier builds cached (each plugin under
# CACHE_PATH/<plugin>, samizdat_contract/cache.py); `make html FULL=1` (or
# `pelican --ignore-cache`) turns this off. `make html` puts CACHE_PATH
# beside the output; a bare `pelican` run uses Pelican's default, cache/.
LOAD_CONTENT_CACHE = True

# Articles live under their language; a slug is unique across languages.
# Pelican uses the *_LANG_* patterns for articles not in DEFAULT_LANG.
ARTICLE_URL = ARTICLE_SAVE_AS = "{lang}/{slug}.html"
ARTICLE_LANG_URL = ARTICLE_LANG_SAVE_AS = "{lang}/{slug}.html"
# Each article stands alone: scraped articles are not translations of
# each other, even when two share a slug.
ARTICLE_TRANSLATION_ID = None
PAGE_URL = PAGE_SAVE_AS = "pages/{slug}.html"
PAGE_LANG_URL = PAGE_LANG_SAVE_AS = "pages/{slug}.{lang}.html"
# The home page, language fronts, archives, search and 404 come from the
# site_pages plugin, which paginates its own lists (SITE_PAGES_PER_PAGE;
# paths: SITE_PAGES_*_SAVE_AS, defaults in plugins/site_pages/settings.py);
# Pelican's own index/tags/categories pages and their pagination are off.
DIRECT_TEMPLATES = []

# Every value from an input is text: templates escape it when they write it.
JINJA_ENVIRONMENT = {"autoescape": True}
# Pelican's Markdown settings for the site's own pages, but codehilite does
# not guess a code block's language: guessing imports every Pygments lexer
# on each build (1 to 2 s of an incremental build), and the pages' blocks
# are shell commands that it shows as plain text anyway.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {
            "css_class": "highlight",
            "guess_lang": False,
        },
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

# No page of their own: the site is organised by language, month and source.
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = ""

# Feeds need an absolute SITEURL: publishconf.py turns them on.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# The reader's settings (plugins/article_reader/settings.py has the defaults).
ARTICLE_READER_CHROME_MIN_FILES = 3
ARTICLE_READER_STRICT = False
