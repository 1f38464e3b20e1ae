"""Pelican glue: a reader for ``.txt`` article files and the signal handlers.

Saved pages (``.html``, ``.htm``) are read by the same reader, never by
Pelican's own HTML reader: their text is extracted (html_input.py) and
published as text. A crawl (``.warc``, ``.warc.gz``) holds many articles in
one file, which Pelican's one-file-one-article readers cannot express: its
articles are added to the generator before taxonomies are built
(add_crawl_articles), each built as Pelican builds an article from a file.

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

from pelican import signals
from pelican.contents import Article
from pelican.readers import BaseReader, default_metadata
from pelican.utils import order_content
from samizdat_contract import metadata as keys

from .analysis import PUBLISHED, ArticleRecord, analyse_single_file, analyse_tree
from .captures import CrawlCounts, input_kind
from .foreign import conform
from .html_input import quiet_extractor_logs
from .images import write_lead_images
from .report import write_report
from .settings import apply_defaults, reader_options, report_path

logger = logging.getLogger(__name__)

EXTENSION = "txt"
# Input kinds by extension: ours, so no input is ever published as HTML.
HTML_EXTENSIONS = ("html", "htm")
# Crawl files have no Pelican reader; this plugin finds them itself.
CRAWL_EXTENSIONS = ("warc", "arc", "gz")
IMAGE_FOLDER = "images"  # in the output, with ARTICLE_READER_IMAGES = "lead"


class StrictModeError(RuntimeError):
    """ARTICLE_READER_STRICT is on and some input file drew a warning."""


class TextArticleReader(BaseReader):
    enabled = True
    file_extensions: ClassVar[list[str]] = [EXTENSION, *HTML_EXTENSIONS]

    def __init__(self, settings):
        super().__init__(settings)
        self.root = os.path.abspath(settings["PATH"])
        self.records: dict[str, ArticleRecord] = {}  # by relative path
        self.crawls: list[CrawlCounts] = []
        self.image_counts: dict[str, int] | None = None  # with IMAGES = "lead"

    def prepare(self, relative_paths) -> None:
        """Analyse every article file of the tree; log one warning per problem."""
        relative = [
            os.path.normpath(path) for path in relative_paths if input_kind(path)
        ]
        options = reader_options(self.settings)
        self.crawls = []
        self.records = analyse_tree(self.root, relative, options, self.crawls)
        for record in self.records.values():
            log_warnings(record)
        for crawl in self.crawls:
            for offset, error in crawl.damaged:
                logger.warning(
                    "%s: damaged record at offset %d skipped (%s)",
                    crawl.file,
                    offset,
                    error,
                )

    def crawl_article_paths(self) -> list[str]:
        """Published records that come from crawls, which Pelican never lists."""
        return sorted(
            path
            for path, record in self.records.items()
            if record.status == PUBLISHED
            and record.capture is not None
            and record.capture.offset is not None
        )

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
            keys.ORIGINAL_URL: web_url(record.extra.get("url")),
            "status": "published",
        }
        for name in ("author", "category", "tags"):
            if name in record.extra:
                metadata[name] = self.process_metadata(name, record.extra[name])
        if "summary" in record.extra:
            # Pelican's summary is HTML, like its content.
            metadata["summary"] = escape(record.extra["summary"])
        if record.capture is not None:
            metadata["captured"] = record.capture.date
        return metadata


def web_url(url: str | None) -> str | None:
    """An http(s) URL, else None: a page may show or link only those."""
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


def log_warnings(record: ArticleRecord) -> None:
    for warning in record.warnings:
        logger.warning("%s: %s", record.path, warning)


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def article_html(record: ArticleRecord) -> str:
    return "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in record.paragraphs)


# Signal handlers: each a few lines, connected in register().


def on_initialized(pelican) -> None:
    apply_defaults(pelican.settings)
    quiet_extractor_logs()
    # The build summary is logged at INFO; Pelican shows only warnings by
    # default, so let this plugin's INFO through unless -q/-v changed levels.
    package_logger = logging.getLogger(__package__)
    if logging.getLogger().getEffectiveLevel() == logging.WARNING:
        package_logger.setLevel(logging.INFO)


def on_readers_init(readers) -> None:
    for extension in (EXTENSION, *HTML_EXTENSIONS):
        readers.reader_classes[extension] = TextArticleReader


def on_article_generator_init(generator) -> None:
    reader = generator.readers.readers.get(EXTENSION)
    if isinstance(reader, TextArticleReader):
        settings = generator.settings
        reader.prepare(
            generator.get_files(
                settings["ARTICLE_PATHS"],
                exclude=settings["ARTICLE_EXCLUDES"],
                extensions=(EXTENSION, *HTML_EXTENSIONS, *CRAWL_EXTENSIONS),
            )
        )
        # One reader, one tree analysis, for text files and saved pages.
        for extension in HTML_EXTENSIONS:
            generator.readers.readers[extension] = reader


def on_article_generator_pretaxonomy(generator) -> None:
    reader = generator.readers.readers.get(EXTENSION)
    if isinstance(reader, TextArticleReader):
        add_crawl_articles(generator, reader)
        if generator.settings["ARTICLE_READER_IMAGES"] == "lead":
            add_lead_images(generator, reader)


def add_lead_images(generator, reader: TextArticleReader) -> None:
    """Write the small lead images into the output; show them on the articles.

    Done here, after Pelican has cleaned the output folder and before any
    page is written.
    """
    folder = os.path.join(generator.output_path, IMAGE_FOLDER)
    reader.image_counts = write_lead_images(
        reader.root, reader.records.values(), folder
    )
    for article in generator.articles:
        record = reader.records.get(os.path.relpath(article.source_path, reader.root))
        image = record.capture.image if record and record.capture else None
        if image:
            name, width, height = image
            article.lead_image = {
                "path": f"{IMAGE_FOLDER}/{name}",
                "alt": record.capture.lead_image_caption,
                "width": width,
                "height": height,
            }


def add_crawl_articles(generator, reader: TextArticleReader) -> None:
    """Make each crawl article a Pelican Article and list it with the others.

    Built as Readers.read_file builds one (default metadata, the reader's
    metadata, the context signal), minus its file-stamp cache: a crawl
    article's path ("crawl.warc.gz#offset") names no file of its own.
    """
    added = []
    for path in reader.crawl_article_paths():
        content, record_metadata = reader.read(os.path.join(reader.root, path))
        metadata = default_metadata(generator.settings, reader.process_metadata)
        metadata.update(record_metadata)
        signals.article_generator_context.send(generator, metadata=metadata)
        article = Article(
            content=content,
            metadata=metadata,
            settings=generator.settings,
            source_path=os.path.join(reader.root, path),
            context=generator.context,
        )
        if article.is_valid():
            generator.add_source_path(article)
            added.append(article)
    if added:
        generator.articles = order_content(
            [*generator.articles, *added], generator.settings["ARTICLE_ORDER_BY"]
        )


def on_article_generator_finalized(generator) -> None:
    for article in generator.articles:
        conform(article)  # articles other readers wrote get the contract keys
    reader = generator.readers.readers.get(EXTENSION)
    if not isinstance(reader, TextArticleReader):
        return
    path = report_path(generator.settings)
    summary = write_report(
        path, reader.records.values(), reader.crawls, reader.image_counts
    )
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
