"""Stream a WARC file's records: HTML captures out, everything else counted.

A crawl holds far more than articles: request records, redirects, errors,
robots.txt, stylesheets, images, PDFs, revisit records. Records are read one
at a time with warcio and each page's bytes are handed on and dropped, so a
WARC of any size is read in bounded memory (at most one page, capped at
max_page_bytes, is held at once).

A damaged record (bad gzip member, wrong Content-Length, garbage) is
reported with its offset; reading goes on at the next record start found
after it (the next gzip member header, or the next "WARC/1." line), so one
bad byte never loses the rest of the file.

Data shapes:
    read_warc(handle: BinaryIO, max_page_bytes: int, wanted: set[str] = frozenset())
        -> Iterator[WarcPage | WarcSkip | WarcDamage]
    WarcPage: offset, url, date (datetime, UTC), charset (str | None), data (bytes)
    WarcSkip: offset, reason (one of the SKIP_* strings, with details)
    WarcDamage: offset, error (str)
"""

import gzip
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

# Reasons a record is not a page, as counted in the build report.
SKIP_NOT_RESPONSE = "{kind} record"
SKIP_REVISIT = "revisit record (no body of its own)"
SKIP_REDIRECT = "redirect (HTTP {status})"
SKIP_NOT_200 = "HTTP status {status}, not 200"
SKIP_NOT_HTML = "not HTML ({content_type})"
SKIP_TOO_LARGE = "page larger than {limit:,} bytes"
SKIP_NO_URL = "no WARC-Target-URI"
TRUNCATED = "record truncated (the file ends inside it)"

HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WHOLE_FILE_GZIP = "non-chunked gzip"  # warcio's words for it
_WARC_LINE = re.compile(rb"(?:^|\n)WARC/1\.[01]\r?\n")
_SCAN_CHUNK = 1 << 20
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)
# What warcio, zlib and the decompressors raise on damaged input.
DAMAGE_ERRORS = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    IndexError,
    KeyError,
    TypeError,
    AttributeError,
    UnicodeError,
)


@dataclass
class WarcPage:
    offset: int
    url: str
    date: datetime | None
    charset: str | None
    data: bytes


@dataclass(frozen=True)
class WarcSkip:
    offset: int
    reason: str


@dataclass(frozen=True)
class WarcDamage:
    offset: int
    error: str


def read_warc(
    handle: BinaryIO,
    max_page_bytes: int,
    wanted: frozenset[str] | set[str] = frozenset(),
) -> Iterator:
    """Every record of the file, as a WarcPage, WarcSkip or WarcDamage.

    ``handle`` is the crawl opened for reading in binary mode, seekable (the
    caller opens it through files.open_regular_file, so a link swapped in
    after discovery is never followed); it is closed when reading ends.
    HTML pages are WarcPages; so are records of any type whose URL is in
    `wanted` (images.py asks for its lead images so).
    """
    with handle:
        gzipped = handle.read(3) == _GZIP_MEMBER
        start = 0
        while start is not None:
            handle.seek(start)
            iterator = ArchiveIterator(handle, arc2warc=True)
            offset, read = start, 0
            try:
                for record in iterator:
                    offset, read = iterator.offset, read + 1
                    yield _classify(record, offset, max_page_bytes, wanted)
                start = None
                if _has_data_after(handle, iterator.offset):
                    yield WarcDamage(iterator.offset, TRUNCATED)
            except DAMAGE_ERRORS as error:
                if start == 0 and _WHOLE_FILE_GZIP in str(error):
                    yield from _read_gzip_stream(handle, max_page_bytes, wanted, read)
                    return
                # Past a record that was read whole, the damage is in the next.
                offset = max(offset, iterator.offset)
                yield WarcDamage(offset, _describe(error))
                start = _next_record_start(handle, offset + 1, gzipped)
            finally:
                iterator.close()


def _read_gzip_stream(handle, max_page_bytes: int, wanted, skip: int) -> Iterator:
    """A WARC gzipped whole rather than record by record (as `gzip crawl.warc`
    makes it): read as one stream. Offsets are then positions in the
    uncompressed data, and damage ends the reading (a deflate stream cannot
    be entered in the middle)."""
    handle.seek(0)
    iterator = ArchiveIterator(gzip.GzipFile(fileobj=handle), arc2warc=True)
    offset = 0
    try:
        for number, record in enumerate(iterator):
            offset = iterator.offset
            if number >= skip:
                yield _classify(record, offset, max_page_bytes, wanted)
    except DAMAGE_ERRORS as error:
        yield WarcDamage(max(offset, iterator.offset), _describe(error))
    finally:
        iterator.close()


def _classify(record, offset: int, max_page_bytes: int, wanted):
    kind = record.rec_type
    if kind is None or record.rec_headers is None:  # warcio met the file's end
        return WarcDamage(offset, TRUNCATED)
    if kind == "revisit":
        return WarcSkip(offset, SKIP_REVISIT)
    if kind not in ("response", "resource"):
        return WarcSkip(offset, SKIP_NOT_RESPONSE.format(kind=kind))
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<> ")
    if not url:
        return WarcSkip(offset, SKIP_NO_URL)
    if record.http_headers is not None and kind == "response":
        status = record.http_headers.get_statuscode() or "?"
        if status != "200":
            reason = SKIP_REDIRECT if status.startswith("3") else SKIP_NOT_200
            return WarcSkip(offset, reason.format(status=status))
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type not in HTML_TYPES and url not in wanted:
        return WarcSkip(
            offset, SKIP_NOT_HTML.format(content_type=media_type or "no type")
        )
    data = record.content_stream().read(max_page_bytes + 1)
    if len(data) > max_page_bytes:
        return WarcSkip(offset, SKIP_TOO_LARGE.format(limit=max_page_bytes))
    if getattr(record.raw_stream, "limit", 0) > 0:  # Content-Length not reached
        return WarcDamage(offset, TRUNCATED)
    charset = _CHARSET.search(content_type)
    return WarcPage(
        offset=offset,
        url=url,
        date=_warc_date(record.rec_headers.get_header("WARC-Date")),
        charset=charset.group(1) if charset else None,
        data=data,
    )


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _has_data_after(handle, position: int) -> bool:
    """True when more than blank lines follow position (a cut-off record)."""
    handle.seek(position)
    return bool(handle.read(_SCAN_CHUNK).strip())


def _next_record_start(handle, position: int, gzipped: bool) -> int | None:
    """Offset of the next gzip member or "WARC/1." line at or after position."""
    handle.seek(position)
    overlap = b""
    base = position
    while True:
        chunk = handle.read(_SCAN_CHUNK)
        if not chunk:
            return None
        window = overlap + chunk
        if gzipped:
            found = window.find(_GZIP_MEMBER)
            if found >= 0:
                return base - len(overlap) + found
        else:
            match = _WARC_LINE.search(window)
            if match:
                found = match.start() + (1 if window[match.start()] == 10 else 0)
                if base - len(overlap) + found >= position:
                    return base - len(overlap) + found
        overlap = window[-8:]
        base += len(chunk)


def _describe(error: BaseException) -> str:
    message = " ".join(str(error).split())[:200]
    return f"{type(error).__name__}: {message}" if message else type(error).__name__
