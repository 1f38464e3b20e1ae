"""Tiny WARC files for tests, written with warcio, and saved-page fixtures.

Data shapes:
    Capture spec: (url, status line, content type, body bytes, WARC-Date)
    write_warc(path: Path, records: list[tuple], gzip: bool = True)
        -> list[int]   the offset of each record written
    article_html(title, paragraphs, canonical=None, lang="en", charset="utf-8")
        -> str (encode it yourself to test other encodings)
    messy_crawl() -> the records of a crawl with everything a real one holds
"""

import io
from pathlib import Path

from conftest import FIXTURES
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ARTICLE = (FIXTURES / "html" / "article.html").read_bytes()
INDEX = (FIXTURES / "html" / "index.html").read_bytes()
SITE = "https://courier.example"
OLD, NEW = "2024-05-04T10:00:00Z", "2024-05-20T10:00:00Z"


def article_html(
    title: str,
    paragraphs: list[str],
    canonical: str | None = None,
    lang: str = "en",
    charset: str = "utf-8",
) -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head>{meta}<title>{title}</title>'
        f"{link}</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a>"
        f"</nav><article><h1>{title}</h1>\n{body}\n</article>"
        "<footer><a href='/privacy'>Privacy</a></footer></body></html>"
    )


def story(number: int, words: str = "") -> list[str]:
    return [
        f"Story {number} opens with a sentence long enough to be a paragraph of "
        f"news, about the river and the market {words}.",
        f"Its second paragraph, number {number}, quotes a trader who saw the water "
        "rise in the night and carried the stalls to higher ground.",
        f"A third paragraph says the officials promised help to {number} families "
        "but gave no date for it, and they waited on the temple steps until dawn.",
    ]


class SteadyWARCWriter(WARCWriter):
    """warcio's writer with numbered record ids and a fixed default date, so
    the same records give the same bytes: a test that damages a stream at an
    offset must damage the same bytes on every run (random ids made the
    damaged-record tests pass or fail by chance)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.records_made = 0

    def _make_warc_id(self):
        self.records_made += 1
        return f"<urn:uuid:00000000-0000-4000-8000-{self.records_made:012d}>"

    def _make_warc_date(self, use_micros=False):
        return "2024-06-01T00:00:00Z"


def write_warc(path: Path, records: list[tuple], gzip: bool = True) -> list[int]:
    """Write (kind, url, status, content_type, body, date) records; offsets out."""
    offsets = []
    with open(path, "wb") as handle:
        writer = SteadyWARCWriter(handle, gzip=gzip)
        for kind, url, status, content_type, body, date in records:
            offsets.append(handle.tell())
            warc_headers = {"WARC-Date": date} if date else None
            if kind == "revisit":
                record = writer.create_revisit_record(
                    url,
                    digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                    refers_to_uri=url,
                    refers_to_date=OLD,
                    http_headers=StatusAndHeaders(
                        status, [("Content-Type", content_type)], "HTTP/1.1"
                    ),
                )
            elif kind == "request":
                record = writer.create_warc_record(
                    url,
                    "request",
                    http_headers=StatusAndHeaders(
                        "GET / HTTP/1.1", [("Host", "x")], is_http_request=True
                    ),
                    warc_headers_dict=warc_headers,
                )
            elif kind in ("warcinfo", "metadata"):
                record = writer.create_warc_record(
                    url,
                    kind,
                    payload=io.BytesIO(body),
                    warc_content_type="text/plain",
                    warc_headers_dict=warc_headers,
                )
            else:
                headers = [("Content-Type", content_type)] if content_type else []
                if status.startswith("3"):
                    headers.append(("Location", f"{SITE}/elsewhere"))
                record = writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=StatusAndHeaders(status, headers, "HTTP/1.1"),
                    warc_headers_dict=warc_headers,
                )
            writer.write_record(record)
    return offsets


def page(url, body, date=NEW, content_type="text/html; charset=utf-8"):
    return ("response", url, "200 OK", content_type, body, date)


def messy_crawl() -> list[tuple]:
    """Everything a crawl holds; two articles are published from it."""
    flood = f"{SITE}/news/2024/05/flood-old-market"
    second = f"{SITE}/news/2024/05/bridge"
    bridge = article_html("Bridge closed for repairs", story(2), canonical=second)
    return [
        ("warcinfo", "", "", "", b"software: test", None),
        ("request", flood, "", "", b"", OLD),
        page(flood, ARTICLE.replace(b"Friday morning", b"OLD CAPTURE"), OLD),
        page(flood + "?utm_source=feed", ARTICLE, NEW),
        page(second, bridge.encode("utf-8")),
        (
            "response",
            f"{SITE}/old-path",
            "301 Moved Permanently",
            "text/html",
            b"",
            NEW,
        ),
        ("response", f"{SITE}/missing", "404 Not Found", "text/html", b"gone", NEW),
        (
            "response",
            f"{SITE}/broken",
            "503 Service Unavailable",
            "text/html",
            b"",
            NEW,
        ),
        page(f"{SITE}/robots.txt", b"User-agent: *\nDisallow:", NEW, "text/plain"),
        page(f"{SITE}/site.css", b"body{color:red}", NEW, "text/css"),
        page(f"{SITE}/media/market-flood.jpg", b"\xff\xd8\xff\xe0", NEW, "image/jpeg"),
        page(f"{SITE}/report.pdf", b"%PDF-1.4 ...", NEW, "application/pdf"),
        ("revisit", flood, "200 OK", "text/html", b"", NEW),
        ("metadata", flood, "", "", b"outlinks: ...", NEW),
        page(f"{SITE}/", INDEX, NEW),
        page(f"{SITE}/news", INDEX, NEW),
    ]
