"""Where an HTML article came from, and which capture of a URL is published.

Input kinds are told by file name: text files (.txt), saved pages (.html,
.htm) and crawls (.warc, .warc.gz, .arc, .arc.gz). Saved pages and WARC
records are both "captures": a page as fetched from a URL at some date. A
crawl often holds several captures of one article; only one per canonical
URL is published (the newest, or the oldest when the setting says so), the
others are counted as duplicates.

Data shapes:
    input_kind(relative_path: str) -> "text" | "html" | "warc" | None
    Capture: file (input path), offset (WARC record offset or None), url
        (as fetched, or the page's own canonical URL for a saved page), key
        (normalised canonical URL used to find duplicates, or None), date
        (capture date, UTC), lead_image (absolute URL or None),
        lead_image_caption (str), image ((file name, width, height) of the
        small copy written, with ARTICLE_READER_IMAGES = "lead")
    dedup_key(canonical: str | None, fetched: str | None) -> str | None
    CrawlCounts: per WARC file, records read and not-published ones by reason
    newer(a: Capture, b: Capture, keep: "newest" | "oldest") -> bool
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")

# Not-published reasons shared by WARC records and saved pages.
DUPLICATE_CAPTURE = "duplicate capture of {url} (the {keep} one is published)"
DUPLICATE_CAPTURE_COUNTED = "duplicate capture (the {keep} one is published)"
# A page whose extraction yields no article: counted, not a warning (a crawl
# is full of them).
NO_ARTICLE_TEXT = "no article text"

# Query parameters that only track a visitor; two URLs differing only in
# them are one page.
_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_", "ref")


def input_kind(relative_path: str) -> str | None:
    name = relative_path.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    return None


@dataclass(slots=True)
class Capture:
    file: str
    offset: int | None
    url: str
    key: str | None
    date: datetime | None
    lead_image: str | None = None
    lead_image_caption: str = ""
    image: tuple[str, int, int] | None = None  # file written, width, height

    def name_for_slug(self) -> str:
        """A file name for slugs.file_hash: the file's own, or the URL's hash
        for a WARC record (its file name is shared by the whole crawl)."""
        if self.offset is None:
            return self.file
        return hashlib.sha256(self.url.encode("utf-8")).hexdigest()[:16] + ".html"


@dataclass
class CrawlCounts:
    """What one WARC file held; everything not published, by reason."""

    file: str
    records: int = 0
    pages: int = 0  # HTML 200 captures
    skipped: Counter = field(default_factory=Counter)
    damaged: list[tuple[int, str]] = field(default_factory=list)  # offset, error

    def as_report(self) -> dict:
        return {
            "file": self.file,
            "records": self.records,
            "html_pages": self.pages,
            "not_published": dict(sorted(self.skipped.items())),
            "damaged_records": [
                {"offset": offset, "error": error} for offset, error in self.damaged
            ],
        }


def dedup_key(canonical: str | None, fetched: str | None) -> str | None:
    """The URL that names this article, normalised; None when none is known.

    A page's canonical URL wins over the fetched one, unless it points to
    another site or to the site's home page (a common CMS misconfiguration
    that would otherwise fold every article of a site into one).
    """
    chosen = fetched
    if canonical:
        if not fetched:
            chosen = canonical
        else:
            canon, got = _split(canonical), _split(fetched)
            if (
                canon is not None
                and got is not None
                and _host(canon) == _host(got)
                and (canon.path.strip("/") or not got.path.strip("/"))
            ):
                chosen = canonical
    parts = _split(chosen) if chosen else None
    if parts is None or not parts.netloc:
        return None
    query = "&".join(
        pair
        for pair in sorted(parts.query.split("&"))
        if pair and not pair.lower().startswith(_TRACKING_PREFIXES)
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", _host(parts), path, query, ""))


def is_home_page(url: str | None) -> bool:
    parts = _split(url) if url else None
    if parts is None or not parts.netloc:
        return False
    return not parts.path.strip("/") and not parts.query


def newer(a: Capture, b: Capture, keep: str) -> bool:
    """True when capture a should be published rather than b."""
    a_order = (a.date is not None, a.date or datetime.min, a.file, a.offset or 0)
    b_order = (b.date is not None, b.date or datetime.min, b.file, b.offset or 0)
    if keep == "oldest" and a.date is not None and b.date is not None:
        return (a.date, a.file, a.offset or 0) < (b.date, b.file, b.offset or 0)
    return a_order > b_order


def _split(url: str):
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 -- raises ValueError on a malformed port
    except ValueError:
        return None
    return parts


def _host(parts) -> str:
    host = (parts.hostname or "").lower()
    return host.removeprefix("www.")
