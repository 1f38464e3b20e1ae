"""The article reader's settings: defaults in one place, validated once.

Settings (all prefixed ARTICLE_READER_):
    CHROME_MIN_FILES  a line found in at least this many files of the tree is
                      chrome (navigation, blurb); the tree needs that many files
    MAX_FILE_BYTES    larger files are skipped with a warning
    LANGUAGES         language codes recognised as folder names (content/ko/)
    REPORT_PATH       where the build report goes; "" = next to the output
                      folder, as "<OUTPUT_PATH>.report.json"
    STRICT            true: any warning about an input file fails the build
                      (after the report is written)
"""

import os

from .analysis import ReaderOptions
from .language import SUPPORTED

DEFAULTS = {
    "ARTICLE_READER_CHROME_MIN_FILES": 3,
    "ARTICLE_READER_MAX_FILE_BYTES": 5_000_000,
    "ARTICLE_READER_LANGUAGES": list(SUPPORTED),
    "ARTICLE_READER_REPORT_PATH": "",
    "ARTICLE_READER_STRICT": False,
}


class SettingsError(ValueError):
    """A setting of this plugin has a value it cannot use."""


def apply_defaults(settings: dict) -> None:
    """Fill in missing settings, then validate them all; raises SettingsError."""
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    _require_int(settings, "ARTICLE_READER_CHROME_MIN_FILES", minimum=2)
    _require_int(settings, "ARTICLE_READER_MAX_FILE_BYTES", minimum=1)
    languages = settings["ARTICLE_READER_LANGUAGES"]
    if not isinstance(languages, (list, tuple)) or not all(
        isinstance(code, str) and code for code in languages
    ):
        raise SettingsError(
            f"ARTICLE_READER_LANGUAGES must be a list of language codes, "
            f"not {languages!r}"
        )
    if not isinstance(settings["ARTICLE_READER_REPORT_PATH"], str):
        raise SettingsError("ARTICLE_READER_REPORT_PATH must be a path (a string)")
    if not isinstance(settings["ARTICLE_READER_STRICT"], bool):
        raise SettingsError(
            "ARTICLE_READER_STRICT must be true or false, "
            f"not {settings['ARTICLE_READER_STRICT']!r}"
        )


def reader_options(settings: dict) -> ReaderOptions:
    return ReaderOptions(
        chrome_min_files=settings["ARTICLE_READER_CHROME_MIN_FILES"],
        max_file_bytes=settings["ARTICLE_READER_MAX_FILE_BYTES"],
        languages=tuple(settings["ARTICLE_READER_LANGUAGES"]),
        default_language=settings.get("DEFAULT_LANG") or "en",
    )


def report_path(settings: dict) -> str:
    configured = settings["ARTICLE_READER_REPORT_PATH"]
    if configured:
        return configured
    output = os.path.normpath(os.path.abspath(settings["OUTPUT_PATH"]))
    return f"{output}.report.json"


def _require_int(settings: dict, name: str, minimum: int) -> None:
    value = settings[name]
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise SettingsError(
            f"{name} must be a whole number >= {minimum}, not {value!r}"
        )
