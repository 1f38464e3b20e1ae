"""Pelican glue: a reader for ``.txt`` article files and the signal handlers.

The work is done by analysis.py over the whole tree when the article
generator starts (chrome is told by recurrence across files, so no file can
be judged alone); read() then only turns a finished ArticleRecord into
Pelican's (content HTML, metadata) pair.

Pelican wants an article's content (and summary) as HTML: the reader builds
it from the paragraphs, escaping each, so "<script>" in the text shows as
those characters. Every other value is handed on as plain text under the
contract's keys (samizdat_contract.metadata) and escaped where a page is
written (the theme's Jinja environment autoescapes).

Which readers run at all is decided here too (ARTICLE_READERS, PAGE_READERS),
and which files they get (files.py): Pelican's own discovery follows links.
"""

import html
import logging
import os
from typing import ClassVar

from pelican.readers import BaseReader
from samizdat_contract import metadata as keys

from .analysis import PUBLISHED, ArticleRecord, analyse_single_file, analyse_tree
from .files import InputTree, discover, display_path
from .foreign import conform
from .report import write_report
from .settings import apply_defaults, reader_options, report_path
from .shown_text import safe_url
from .trusted_pages import TrustedPageReader, page_files

logger = logging.getLogger(__name__)

EXTENSION = "txt"


class StrictModeError(RuntimeError):
    """ARTICLE_READER_STRICT is on and some input file drew a warning."""


class TextArticleReader(BaseReader):
    enabled = True
    file_extensions: ClassVar[list[str]] = [EXTENSION]

    def __init__(self, settings):
        super().__init__(settings)
        self.root = os.path.abspath(settings["PATH"])
        self.records: dict[str, ArticleRecord] = {}  # by relative path

    def prepare(self, tree: InputTree) -> None:
        """Analyse every article file of the tree; log one warning per problem.

        Paths the tree skipped (links, FIFOs, other kinds of file) are
        recorded as skipped too, so the report names every one.
        """
        options = reader_options(self.settings)
        self.records = analyse_tree(self.root, tree.files, options)
        for skipped in tree.skipped:
            self.records[skipped.path] = ArticleRecord(path=skipped.path).skip(
                skipped.reason
            )
        for path in sorted(self.records):
            log_warnings(self.records[path])

    def read(self, source_path):
        relative = os.path.relpath(source_path, self.root)
        record = self.records.get(relative)
        if record is None:  # a .txt file outside ARTICLE_PATHS (a page)
            record = analyse_single_file(
                self.root, relative, reader_options(self.settings)
            )
            self.records[relative] = record
            log_warnings(record)
        return article_html(record), self.article_metadata(record)

    def article_metadata(self, record: ArticleRecord) -> dict:
        """Plain values under the contract's keys (samizdat_contract.metadata)."""
        if record.status != PUBLISHED:
            return {"status": "skip", keys.TITLE: record.path}
        metadata = {
            keys.TITLE: record.title,
            "date": record.date,
            keys.LANG: record.lang,
            keys.DIR: record.direction,
            "slug": record.slug,
            keys.PARAGRAPHS: list(record.paragraphs),
            keys.CAPTIONS: list(record.captions),
            keys.SOURCE: record.source,
            keys.ORIGINAL_URL: safe_url(record.extra.get("url", "")),
            "status": "published",
        }
        for name in ("author", "category", "tags"):
            if name in record.extra:
                value = record.extra[name]
                if isinstance(value, list):
                    value = ", ".join(value)
                metadata[name] = self.process_metadata(name, value)
        if "summary" in record.extra:
            # Pelican's summary is HTML, like its content.
            metadata["summary"] = escape(record.extra["summary"])
        # Only the keys above: nothing in an input names where a page is
        # written, its template or its status (save_as, url, template...).
        return metadata


def log_warnings(record: ArticleRecord) -> None:
    for warning in record.warnings:
        logger.warning("%s: %s", display_path(record.path), warning)


# The readers that may run, by file extension: the only place that says so.
# Pelican's own (Markdown, HTML, reStructuredText) would publish an input's
# markup as HTML and let its metadata set save_as, url, template or status,
# so they are all switched off; Markdown runs only on the site's own pages
# (trusted_pages.py). A new input format adds its reader to ARTICLE_READERS.
ARTICLE_READERS = {EXTENSION: TextArticleReader}
PAGE_READERS = {"md": TrustedPageReader}


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def article_html(record: ArticleRecord) -> str:
    return "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in record.paragraphs)


# Signal handlers: each a few lines, connected in register().


def on_initialized(pelican) -> None:
    apply_defaults(pelican.settings)
    # The build summary is logged at INFO; Pelican shows only warnings by
    # default, so let this plugin's INFO through unless -q/-v changed levels.
    package_logger = logging.getLogger(__package__)
    if logging.getLogger().getEffectiveLevel() == logging.WARNING:
        package_logger.setLevel(logging.INFO)


def on_readers_init(readers) -> None:
    readers.reader_classes.clear()
    readers.reader_classes.update({**PAGE_READERS, **ARTICLE_READERS})


def on_article_generator_init(generator) -> None:
    """Find the input files safely; give Pelican exactly those (files.py)."""
    reader = generator.readers.readers.get(EXTENSION)
    if not isinstance(reader, TextArticleReader):
        return
    settings = generator.settings
    pages_folder = settings["ARTICLE_READER_PAGES_PATH"]
    tree = discover(
        generator.path,
        ARTICLE_READERS,
        trusted=pages_folder or None,
        ignore=settings["IGNORE_FILES"],
    )
    folders = settings["ARTICLE_READER_FOLDERS"]
    tree.files = [path for path in tree.files if _under(path, folders)]
    # Explicit file lists: Pelican adds a listed file without walking, so
    # its own discovery (which follows links) never runs on INPUTDIR.
    settings["ARTICLE_PATHS"] = list(tree.files)
    settings["PAGE_PATHS"] = page_files(pages_folder, PAGE_READERS)
    reader.prepare(tree)


def _under(path: str, folders) -> bool:
    return any(
        not folder or path == folder or path.startswith(folder.rstrip("/") + "/")
        for folder in folders
    )


def on_article_generator_finalized(generator) -> None:
    for article in generator.articles:
        conform(article)  # articles other readers wrote get the contract keys
    reader = generator.readers.readers.get(EXTENSION)
    if not isinstance(reader, TextArticleReader):
        return
    path = report_path(generator.settings)
    summary = write_report(path, reader.records.values())
    logger.info(
        "Articles: %d published, %d skipped, %d warnings; build report: %s",
        summary["published"],
        summary["skipped"],
        summary["warnings"],
        path,
    )
    if generator.settings["ARTICLE_READER_STRICT"] and summary["warnings"]:
        raise StrictModeError(
            f"ARTICLE_READER_STRICT: {summary['warnings']} warnings about input "
            f"files; see {path}"
        )
