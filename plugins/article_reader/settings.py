"""The article reader's settings: defaults in one place, validated once.

Settings (all prefixed ARTICLE_READER_):
    CHROME_MIN_FILES  a line found in at least this many files of the tree is
                      chrome (navigation, blurb); the tree needs that many files
    MAX_FILE_BYTES    larger files are skipped with a warning
    LANGUAGES         language tags recognised as folder names (content/ko/,
                      content/sr-Latn/); any tag works in a Lang: header
    REPORT_PATH       where the build report goes; "" = next to the output
                      folder, as "<OUTPUT_PATH>.report.json"
    STRICT            true: any warning about an input file fails the build
                      (after the report is written)
    PAGES_PATH        folder of the site's own pages (Markdown written by the
                      site's maintainers, never input); "" = none. The only
                      files Pelican's Markdown reader may read.

Pelican settings this plugin requires, because they let an input's file or
folder name set metadata (FILENAME_METADATA's default makes a date of
"2026-10-14-x.txt" and stops on "0000-00-00.txt"):
    FILENAME_METADATA = "", PATH_METADATA = "", USE_FOLDER_AS_CATEGORY = False
The plugin replaces ARTICLE_PATHS and PAGE_PATHS by the lists of files it
found (files.py, trusted_pages.py) when the article generator starts; the
folders first configured in ARTICLE_PATHS are kept, for the next build of
the same Pelican instance (``make regenerate``), in ARTICLE_READER_FOLDERS.
"""

import os

from samizdat_contract import SUPPORTED_LANGUAGES, SettingsError, validate
from samizdat_contract.settings import flag, tag_list, text, whole_number

from .analysis import ReaderOptions
from .language import NEWSROOM_LANGUAGES

SETTINGS = {
    "ARTICLE_READER_CHROME_MIN_FILES": whole_number(3, minimum=2),
    "ARTICLE_READER_MAX_FILE_BYTES": whole_number(5_000_000, minimum=1),
    "ARTICLE_READER_LANGUAGES": tag_list([*SUPPORTED_LANGUAGES, *NEWSROOM_LANGUAGES]),
    "ARTICLE_READER_REPORT_PATH": text(""),
    "ARTICLE_READER_STRICT": flag(False),
    "ARTICLE_READER_PAGES_PATH": text(""),
}

# Pelican settings -> the value this plugin needs (see the docstring).
REQUIRED_PELICAN_SETTINGS = {
    "FILENAME_METADATA": "",
    "PATH_METADATA": "",
    "USE_FOLDER_AS_CATEGORY": False,
}

__all__ = [
    "SETTINGS",
    "SettingsError",
    "apply_defaults",
    "reader_options",
    "report_path",
]


def apply_defaults(settings: dict) -> None:
    """Fill in missing settings, then validate them all; raises SettingsError."""
    validate(settings, SETTINGS)
    settings.setdefault("ARTICLE_READER_FOLDERS", list(settings["ARTICLE_PATHS"]))
    for name, needed in REQUIRED_PELICAN_SETTINGS.items():
        if settings.get(name) != needed:
            raise SettingsError(
                f"{name} must be {needed!r} (not {settings.get(name)!r}): an "
                "input file's name must not set its metadata"
            )


def reader_options(settings: dict) -> ReaderOptions:
    return ReaderOptions(
        chrome_min_files=settings["ARTICLE_READER_CHROME_MIN_FILES"],
        max_file_bytes=settings["ARTICLE_READER_MAX_FILE_BYTES"],
        languages=tuple(settings["ARTICLE_READER_LANGUAGES"]),
    )


def report_path(settings: dict) -> str:
    configured = settings["ARTICLE_READER_REPORT_PATH"]
    if configured:
        return configured
    output = os.path.normpath(os.path.abspath(settings["OUTPUT_PATH"]))
    return f"{output}.report.json"
