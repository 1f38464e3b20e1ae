"""The article reader's settings: defaults in one place, validated once.

Settings (all prefixed ARTICLE_READER_):
    CHROME_MIN_FILES  a line found in at least this many files of the tree is
                      chrome (navigation, blurb); the tree needs that many files
    MAX_FILE_BYTES    larger files are skipped with a warning
    LANGUAGES         language tags recognised as folder names (content/ko/,
                      content/sr-Latn/); any tag works in a Lang: header.
                      Also the languages the site publishes in: they decide
                      between languages the identifier cannot tell apart
                      (sr-Latn/hr/bs, id/ms; language.site_choice)
    REPORT_PATH       where the build report goes; "" = next to the output
                      folder, as "<OUTPUT_PATH>.report.json"
    STRICT            true: any warning about an input file fails the build
                      (after the report is written)
    MAX_HTML_BYTES    saved pages and WARC pages larger than this are skipped
    KEEP_CAPTURE      "newest" or "oldest": which capture of a URL is published
    LINK_ORIGINAL     true: an article's original URL is a link; by default
                      it is shown as text, so no reader follows it by accident
    IMAGES            "" (text only) or "lead": a small copy of each article's
                      lead image, from the input's own bytes (images.py)
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
from dataclasses import dataclass, field

from samizdat_contract import SUPPORTED_LANGUAGES, SettingsError, validate
from samizdat_contract.settings import Setting, flag, tag_list, text, whole_number

from .html_input import ExtractOptions
from .inputs import PageOptions
from .language import NEWSROOM_LANGUAGES


@dataclass(frozen=True)
class ReaderOptions:
    """The settings the analysis reads, resolved (reader_options): plain
    values, so that build_cache.salt_for can fingerprint them."""

    chrome_min_files: int = 3
    max_file_bytes: int = 5_000_000
    languages: tuple[str, ...] = ()
    pages: PageOptions = field(default_factory=PageOptions)  # HTML and WARC


def one_of(default: str, choices: tuple[str, ...]) -> Setting:
    return Setting(
        default,
        lambda value: value in choices,
        "one of " + ", ".join(repr(choice) for choice in choices),
    )


SETTINGS = {
    "ARTICLE_READER_CHROME_MIN_FILES": whole_number(3, minimum=2),
    "ARTICLE_READER_MAX_FILE_BYTES": whole_number(5_000_000, minimum=1),
    "ARTICLE_READER_LANGUAGES": tag_list([*SUPPORTED_LANGUAGES, *NEWSROOM_LANGUAGES]),
    "ARTICLE_READER_REPORT_PATH": text(""),
    "ARTICLE_READER_STRICT": flag(False),
    "ARTICLE_READER_MAX_HTML_BYTES": whole_number(20_000_000, minimum=1),
    "ARTICLE_READER_KEEP_CAPTURE": one_of("newest", ("newest", "oldest")),
    "ARTICLE_READER_LINK_ORIGINAL": flag(False),
    "ARTICLE_READER_IMAGES": one_of("", ("", "lead")),
    "ARTICLE_READER_PAGES_PATH": text(""),
}

# Pelican settings -> the value this plugin needs (see the docstring).
REQUIRED_PELICAN_SETTINGS = {
    "FILENAME_METADATA": "",
    "PATH_METADATA": "",
    "USE_FOLDER_AS_CATEGORY": False,
}
# trafilatura's settings, chosen by measurement on the development half of
# the real pages (README, "Saved pages and crawls"): its balanced default.
EXTRACTION = ExtractOptions(
    favor_precision=False, favor_recall=False, include_comments=False
)

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
        pages=PageOptions(
            max_html_bytes=settings["ARTICLE_READER_MAX_HTML_BYTES"],
            keep_capture=settings["ARTICLE_READER_KEEP_CAPTURE"],
            extract=EXTRACTION,
        ),
    )


def report_path(settings: dict) -> str:
    configured = settings["ARTICLE_READER_REPORT_PATH"]
    if configured:
        return configured
    output = os.path.normpath(os.path.abspath(settings["OUTPUT_PATH"]))
    return f"{output}.report.json"
