"""Read one input file into the text the analysis works on.

A text file is decoded and its header split from its body (decoding.py,
headers.py); a saved HTML page or a WARC crawl comes in through inputs.py as
pages in the text files' shape (header fields, body text), dispatched on the
input kind (captures.input_kind). Everything after loading is shared.

Data shapes:
    LoadedText(record: ArticleRecord, fields: dict[str, str], body: str,
               body_first_line: int, mtime: float, date_fallback: str)
        a page read but not yet analysed; mtime in seconds since the epoch
    load_inputs(root, relative, options, crawls: list[CrawlCounts] | None)
        -> Iterator[LoadedText | ArticleRecord (skipped)]: one per file,
        many per WARC file (whose CrawlCounts is appended to crawls)
    load_file(root, relative, options) -> LoadedText | ArticleRecord (skipped)
"""

from collections.abc import Iterator
from dataclasses import dataclass

from .captures import CrawlCounts, input_kind
from .decoding import UnreadableFile, decode_article
from .files import NotReadable, read_regular_file
from .headers import split_header
from .inputs import FILE_DATE, LoadedPage, load_html_file, load_warc_file
from .records import SKIPPED, ArticleRecord
from .settings import ReaderOptions


@dataclass
class LoadedText:
    record: ArticleRecord
    fields: dict[str, str]
    body: str
    body_first_line: int
    mtime: float
    date_fallback: str = FILE_DATE  # what mtime is, for the report


def load_inputs(
    root: str, relative: str, options: ReaderOptions, crawls
) -> Iterator[LoadedText | ArticleRecord]:
    """LoadedText or skipped ArticleRecords: one per file, many per WARC file."""
    kind = input_kind(relative)
    if kind == "html":
        pages = [load_html_file(root, relative, options.pages)]
    elif kind == "warc":
        counts = CrawlCounts(relative)
        if crawls is not None:
            crawls.append(counts)
        pages = load_warc_file(root, relative, options.pages, counts)
    else:
        yield load_file(root, relative, options)
        return
    for page in pages:
        record = ArticleRecord(path=page.path, shape=kind)
        record.warnings.extend(page.problems)
        if not isinstance(page, LoadedPage):
            record.status, record.reason = SKIPPED, page.reason
            if page.warn:
                record.warnings.append(f"skipped: {page.reason}")
            yield record
            continue
        record.capture = page.capture
        mtime = page.date.timestamp()
        yield LoadedText(record, page.fields, page.body, 1, mtime, page.date_source)


def load_file(
    root: str, relative: str, options: ReaderOptions
) -> LoadedText | ArticleRecord:
    """Read and decode one file: a LoadedText, or an ArticleRecord already
    skipped."""
    record = ArticleRecord(path=relative)
    try:
        # Never follows a link, never opens a FIFO or device (files.py).
        data, stat = read_regular_file(root, relative, options.max_file_bytes)
        decoded = decode_article(data)
    except NotReadable as error:
        return record.skip(error.reason)
    except UnreadableFile as error:
        return record.skip(str(error))
    record.warnings.extend(decoded.problems)
    # Line numbers count lines as the text reads: \r\n, \n and a lone \r
    # (old Mac files) each end one.
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    header = split_header(text)
    record.shape = header.shape
    record.warnings.extend(header.problems)
    first_line = text.count("\n") - header.body.count("\n") + 1
    return LoadedText(record, header.fields, header.body, first_line, stat.st_mtime)
