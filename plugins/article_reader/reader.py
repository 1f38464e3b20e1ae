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
"""

import html
import logging
import os
from typing import ClassVar

from pelican.readers import BaseReader
from samizdat_contract import metadata as keys

from .analysis import PUBLISHED, ArticleRecord, analyse_single_file, analyse_tree
from .foreign import conform
from .report import write_report
from .settings import apply_defaults, reader_options, report_path

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

    def prepare(self, relative_paths) -> None:
        """Analyse every article file of the tree; log one warning per problem."""
        relative = [os.path.normpath(path) for path in relative_paths]
        self.records = analyse_tree(self.root, relative, reader_options(self.settings))
        for record in self.records.values():
            log_warnings(record)

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
            keys.ORIGINAL_URL: record.extra.get("url"),
            "status": "published",
        }
        for name in ("author", "category", "tags"):
            if name in record.extra:
                value = record.extra[name]
                if isinstance(value, list) and name == "category":
                    value = value[0]  # Pelican has one category per article
                elif isinstance(value, list):  # a header list: one item each
                    value = ", ".join(item.replace(",", " ") for item in value)
                metadata[name] = self.process_metadata(name, value)
        if "summary" in record.extra:
            # Pelican's summary is HTML, like its content.
            metadata["summary"] = escape(record.extra["summary"])
        return metadata


def log_warnings(record: ArticleRecord) -> None:
    for warning in record.warnings:
        logger.warning("%s: %s", record.path, warning)


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def article_html(record: ArticleRecord) -> str:
    paragraphs = [f"<p>{escape(paragraph)}</p>" for paragraph in record.paragraphs]
    if record.standfirst:
        paragraphs.insert(0, f'<p class="standfirst">{escape(record.standfirst)}</p>')
    return "\n".join(paragraphs)


# Signal handlers: each a few lines, connected in register().


def on_initialized(pelican) -> None:
    apply_defaults(pelican.settings)
    # The build summary is logged at INFO; Pelican shows only warnings by
    # default, so let this plugin's INFO through unless -q/-v changed levels.
    package_logger = logging.getLogger(__package__)
    if logging.getLogger().getEffectiveLevel() == logging.WARNING:
        package_logger.setLevel(logging.INFO)


def on_readers_init(readers) -> None:
    readers.reader_classes[EXTENSION] = TextArticleReader


def on_article_generator_init(generator) -> None:
    reader = generator.readers.readers.get(EXTENSION)
    if isinstance(reader, TextArticleReader):
        settings = generator.settings
        reader.prepare(
            generator.get_files(
                settings["ARTICLE_PATHS"],
                exclude=settings["ARTICLE_EXCLUDES"],
                extensions=(EXTENSION,),
            )
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
