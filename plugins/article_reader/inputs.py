"""Saved HTML pages and WARC crawls -> pages in the text reader's shape.

Each page comes out as a LoadedPage: header fields and body text exactly as
headers.split_header gives them for a text file, plus where it was captured
(captures.Capture). analysis.py then treats it like any text file: same
chrome census, language, slugs and report.

Memory: a WARC is streamed (warc_input.read_warc); each page's HTML is
dropped as soon as its text is extracted, and of several captures of one
URL only the one to publish is kept, so memory grows with the extracted
text of the distinct articles, never with the crawl's size.

Data shapes:
    PageOptions: max_html_bytes, keep_capture ("newest" | "oldest"),
        extract (html_input.ExtractOptions)
    load_html_file(root, relative, options) -> LoadedPage | NotLoaded
    load_warc_file(root, relative, options, counts: CrawlCounts)
        -> Iterator[LoadedPage]   (the rest is counted in counts)
    LoadedPage: path, fields, body, capture, problems, date (datetime, the
        capture date used when the page states none), date_source (str)
    NotLoaded: path, reason, warn (bool: a problem, or only not an article),
        problems
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .captures import (
    DUPLICATE_CAPTURE_COUNTED,
    NO_ARTICLE_TEXT,
    Capture,
    CrawlCounts,
    dedup_key,
    is_home_page,
    newer,
)
from .decoding import UnreadableFile
from .files import NotReadable, open_regular_file, read_regular_file
from .html_input import ExtractOptions, NotAnArticle, extract_page
from .warc_input import WarcDamage, WarcPage, WarcSkip, read_warc

HOME_PAGE = "home page of the site"
FILE_DATE = "file modification time"
CAPTURE_DATE = "capture date (WARC-Date)"


@dataclass(frozen=True)
class PageOptions:
    max_html_bytes: int = 20_000_000
    keep_capture: str = "newest"
    extract: ExtractOptions = field(default_factory=ExtractOptions)


@dataclass
class LoadedPage:
    path: str
    fields: dict[str, str]
    body: str
    capture: Capture
    date: datetime
    date_source: str
    problems: list[str] = field(default_factory=list)


@dataclass
class NotLoaded:
    path: str
    reason: str
    warn: bool
    problems: list[str] = field(default_factory=list)


def load_html_file(root: str, relative: str, options: PageOptions):
    """One saved page: a LoadedPage, or why it is not an article."""
    try:
        data, stat = read_regular_file(root, relative, options.max_html_bytes)
    except NotReadable as problem:
        return NotLoaded(relative, f"{problem} (HTML)", warn=True)
    date = datetime.fromtimestamp(stat.st_mtime, tz=UTC)
    return _page(relative, None, None, date, FILE_DATE, data, None, options)


def load_warc_file(
    root: str, relative: str, options: PageOptions, counts: CrawlCounts
) -> Iterator[LoadedPage]:
    """The articles of one crawl, one per URL; everything else in counts."""
    kept: dict[str, LoadedPage] = {}
    unkeyed: list[LoadedPage] = []
    try:
        records = read_warc(open_regular_file(root, relative), options.max_html_bytes)
        for item in records:
            counts.records += 1
            if isinstance(item, WarcSkip):
                counts.skipped[item.reason] += 1
            elif isinstance(item, WarcDamage):
                counts.damaged.append((item.offset, item.error))
            elif isinstance(item, WarcPage):
                counts.pages += 1
                page = _warc_page(relative, item, options)
                if isinstance(page, NotLoaded):
                    counts.skipped[page.reason] += 1
                elif page.capture.key is None:
                    unkeyed.append(page)
                else:
                    _keep_one(kept, page, options.keep_capture, counts)
    except NotReadable as error:
        counts.damaged.append((0, str(error)))
    except OSError as error:
        counts.damaged.append((0, f"cannot read file ({error.strerror})"))
    yield from kept.values()
    yield from unkeyed


def _keep_one(kept, page: LoadedPage, keep: str, counts: CrawlCounts) -> None:
    key = page.capture.key
    previous = kept.get(key)
    counted = DUPLICATE_CAPTURE_COUNTED.format(keep=keep)
    if previous is None:
        kept[key] = page
    elif newer(page.capture, previous.capture, keep):
        kept[key] = page
        counts.skipped[counted] += 1
    else:
        counts.skipped[counted] += 1


def _warc_page(relative: str, item: WarcPage, options: PageOptions):
    path = f"{relative}#{item.offset}"
    if is_home_page(item.url):
        return NotLoaded(path, HOME_PAGE, warn=False)
    date = item.date or datetime(1970, 1, 1, tzinfo=UTC)
    data, item.data = item.data, b""  # the HTML is not kept past extraction
    return _page(
        path, item.offset, item.url, date, CAPTURE_DATE, data, item.charset, options
    )


def _page(path, offset, url, date, date_source, data, charset, options):
    file = path.split("#", 1)[0] if offset is not None else path
    try:
        extracted = extract_page(
            data,
            url=url,
            declared_charset=charset,
            max_date=date.date(),
            options=options.extract,
        )
    except UnreadableFile as error:
        return NotLoaded(path, str(error), warn=True)
    except NotAnArticle as error:
        reason = str(error)
        return NotLoaded(path, f"{NO_ARTICLE_TEXT}: {reason}", warn=False)
    canonical = extracted.fields.get("url")
    capture = Capture(
        file=file,
        offset=offset,
        url=url or canonical or "",
        key=dedup_key(canonical, url),
        date=date,
        lead_image=extracted.lead_image,
        lead_image_caption=extracted.lead_image_caption,
    )
    if url:
        extracted.fields["url"] = url
    return LoadedPage(
        path=path,
        fields=extracted.fields,
        body=extracted.body,
        capture=capture,
        date=date,
        date_source=date_source,
        problems=extracted.problems,
    )
