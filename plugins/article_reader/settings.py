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
