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

Which readers run at all is decided here too (ARTICLE_READERS, PAGE_READERS),
and which files they get (files.py): Pelican's own discovery follows links.
"""

import html
import logging
import os
from typing import ClassVar

from pelican import signals
from pelican.contents import Article
from pelican.readers import BaseReader, default_metadata
from pelican.utils import order_content
from samizdat_contract import cache
from samizdat_contract import metadata as keys
from samizdat_contract.memory import release_free_memory
from samizdat_contract.output_ready import wait_for_output

from . import collector
from .analysis import analyse_single_file, analyse_tree
from .build_cache import PLUGIN, RecordStore, salt_for
from .captures import WARC_SUFFIXES, CrawlCounts, input_kind
from .files import InputTree, discover, display_path
from .foreign import conform
from .html_input import quiet_extractor_logs
from .images import write_lead_images
from .model_cache import NOT_KEPT
from .records import PUBLISHED, ArticleRecord
from .report import write_report
from .settings import apply_defaults, reader_options, report_path
from .shown_text import safe_url
from .trusted_pages import TrustedPageReader, page_files

logger = logging.getLogger(__name__)

EXTENSION = "txt"
# Input kinds by extension: ours, so no input is ever published as HTML.
HTML_EXTENSIONS = ("html", "htm")
# Crawl files have no Pelican reader; this plugin finds them itself.
CRAWL_EXTENSIONS = tuple(suffix[1:] for suffix in WARC_SUFFIXES)  # "warc.gz"...
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
        self.model_cache = NOT_KEPT  # where py3langid's model is kept (prepare)

    def prepare(self, tree: InputTree) -> None:
        """Analyse every input file of the tree; log one warning per problem.

        Paths the tree skipped (links, FIFOs, other kinds of file) are
        recorded as skipped too, so the report names every one.
        """
        options = reader_options(self.settings)
        self.crawls = []
        store = RecordStore(
            cache.cache_folder(self.settings, PLUGIN),
            salt_for(options),
            reads=cache.reads_cache(self.settings),
        )
        self.model_cache = store.model_cache
        self.records = analyse_tree(self.root, tree.files, options, self.crawls, store)
        store.prune()
        logger.info(
            "Reader cache: %s",
            ", ".join(f"{count} {what}" for what, count in sorted(store.stats.items()))
            or "empty",
        )
        for skipped in tree.skipped:
            self.records[skipped.path] = ArticleRecord(path=skipped.path).skip(
                skipped.reason, warn=skipped.warn
            )
        for path in sorted(self.records):
            log_warnings(self.records[path])
        for crawl in self.crawls:
            for offset, error in crawl.damaged:
                logger.warning(
                    "%s: damaged record at offset %d skipped (%s)",
                    display_path(crawl.file),
                    offset,
                    error,
                )

    def forget_records(self) -> None:
        """Drop the records once the report is written: what the pages show
        is in the articles by then, and at 100,000 articles the records'
        removed lines and notes are hundreds of MiB the rest of the build
        never reads. A page read later is analysed alone (read())."""
        self.records = {}

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
                self.root, relative, reader_options(self.settings), self.model_cache
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
                if isinstance(value, list) and name == "category":
                    value = value[0]  # Pelican has one category per article
                elif isinstance(value, list):  # a header list: one item each
                    value = ", ".join(item.replace(",", " ") for item in value)
                metadata[name] = self.process_metadata(name, value)
        if "summary" in record.extra:
            # Pelican's summary is HTML, like its content.
            metadata["summary"] = escape(record.extra["summary"])
        if record.capture is not None:
            metadata["captured"] = record.capture.date
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
ARTICLE_READERS = {
    extension: TextArticleReader for extension in (EXTENSION, *HTML_EXTENSIONS)
}
PAGE_READERS = {"md": TrustedPageReader}


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
    quiet_extractor_logs()
    # The build summary is logged at INFO; Pelican shows only warnings by
    # default, so let this plugin's INFO through unless -q/-v changed levels.
    package_logger = logging.getLogger(__package__)
    if logging.getLogger().getEffectiveLevel() == logging.WARNING:
        package_logger.setLevel(logging.INFO)


def on_readers_init(readers) -> None:
    readers.reader_classes.clear()
    readers.reader_classes.update({**PAGE_READERS, **ARTICLE_READERS})


def on_article_generator_init(generator) -> None:
    """Find the input files safely; give Pelican exactly those (files.py).
    The cyclic garbage collector stays off until the articles are read
    (collector.py)."""
    collector.pause()
    reader = generator.readers.readers.get(EXTENSION)
    if not isinstance(reader, TextArticleReader):
        return
    settings = generator.settings
    pages_folder = settings["ARTICLE_READER_PAGES_PATH"]
    tree = discover(
        generator.path,
        (*ARTICLE_READERS, *CRAWL_EXTENSIONS),
        trusted=pages_folder or None,
        ignore=settings["IGNORE_FILES"],
    )
    folders = settings["ARTICLE_READER_FOLDERS"]
    tree.files = [path for path in tree.files if _under(path, folders)]
    # Explicit file lists: Pelican adds a listed file without walking, so
    # its own discovery (which follows links) never runs on INPUTDIR. Crawls
    # are not Pelican's to read: their articles join in pretaxonomy.
    settings["ARTICLE_PATHS"] = [
        path for path in tree.files if input_kind(path) != "warc"
    ]
    settings["PAGE_PATHS"] = page_files(pages_folder, PAGE_READERS)
    reader.prepare(tree)
    # One reader, one tree analysis, for text files and saved pages.
    for extension in HTML_EXTENSIONS:
        generator.readers.readers[extension] = reader


def _under(path: str, folders) -> bool:
    return any(
        not folder or path == folder or path.startswith(folder.rstrip("/") + "/")
        for folder in folders
    )


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
    wait_for_output()  # make html's copy of the last output comes first
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
    try:
        _finish_reading(generator)
    finally:
        collector.settle()  # the articles read: frozen, the collector back


def _finish_reading(generator) -> None:
    for article in generator.articles:
        conform(article)  # articles other readers wrote get the contract keys
    reader = generator.readers.readers.get(EXTENSION)
    if not isinstance(reader, TextArticleReader):
        return
    path = report_path(generator.settings)
    summary = write_report(
        path, reader.records.values(), reader.crawls, reader.image_counts
    )
    reader.forget_records()
    # The reader's temporaries are gone; their holes among the articles
    # would stay in the process's size for the rest of the build.
    release_free_memory()
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


def on_finalized(pelican) -> None:
    """The build is over: what settle() froze can be collected again."""
    collector.release()
