"""The build report: one JSON document listing every input file.

Data shape of the file written (format version 1):
    {
      "format": "samizdat-build-report", "version": 1,
      "summary": {"files": int, "published": int, "skipped": int, "warnings": int},
      "files": [
        {"path": str, "status": "published" | "skipped", "reason": str | null,
         "shape": "bare" | "pelican" | "front-matter" | "html" | "warc",
         "title": str, "title_source": str, "slug": str,
         "lang": str, "lang_source": str, "dir": "ltr" | "rtl",
         "date": ISO 8601 str | null, "date_source": str,
         "source": str | null, "source_from": str | null,
         "source_note": str (why this source, or why none),
         "standfirst": str | null (the header's summary shown above the body),
         "paragraphs": int, "captions": [str],
         "chrome_removed": [{"line": int, "text": str, "reason": str}],
         "warnings": [str],
         "input": {"file": str, "offset": int | null},   (HTML and WARC only)
         "url": str, "captured": ISO 8601 str | null, "lead_image": str | null}
      ],
      "crawls": [{"file": str, "records": int, "html_pages": int,
                  "not_published": {reason: int},
                  "damaged_records": [{"offset": int, "error": str}]}],
      "images": {count name: int} | null   (ARTICLE_READER_IMAGES = "lead":
                 images written, their bytes, not in the input, not usable)
    }
Path of a WARC article: "<file>#<record offset>". A crawl's records that are
not articles (requests, redirects, images, duplicates...) are only counted,
by reason, under "crawls"; each damaged record counts as a warning.
"""

import json
import os
from collections.abc import Iterable

from .captures import CrawlCounts
from .files import display_path
from .records import PUBLISHED, ArticleRecord

REPORT_FORMAT = "samizdat-build-report"
REPORT_VERSION = 1


def record_entry(record: ArticleRecord) -> dict:
    return {
        # A file name that is not UTF-8 is shown with \xNN escapes.
        "path": display_path(record.path),
        "status": record.status,
        "reason": record.reason,
        "shape": record.shape,
        "title": record.title,
        "title_source": record.title_source,
        "slug": record.slug,
        "lang": record.lang,
        "lang_source": record.lang_source,
        "dir": record.direction,
        "date": record.date.isoformat() if record.date else None,
        "date_source": record.date_source,
        "source": record.source,
        "source_from": record.source_from,
        "source_note": record.source_note,
        "standfirst": record.standfirst,
        "paragraphs": len(record.paragraphs),
        "captions": record.captions,
        "chrome_removed": [
            {"line": line.number, "text": line.text, "reason": line.reason}
            for line in record.removed
        ],
        "warnings": [display_path(warning) for warning in record.warnings],
        **capture_entry(record),
    }


def capture_entry(record: ArticleRecord) -> dict:
    capture = record.capture
    if capture is None:
        return {}
    return {
        "input": {"file": capture.file, "offset": capture.offset},
        "url": capture.url,
        "captured": capture.date.isoformat() if capture.date else None,
        "lead_image": capture.lead_image,
    }


def summarise(
    records: Iterable[ArticleRecord], crawls: Iterable[CrawlCounts] = ()
) -> dict[str, int]:
    records = list(records)
    published = sum(1 for record in records if record.status == PUBLISHED)
    return {
        "files": len(records),
        "published": published,
        "skipped": len(records) - published,
        "warnings": sum(len(record.warnings) for record in records)
        + sum(len(crawl.damaged) for crawl in crawls),
    }


def write_report(
    path: str,
    records: Iterable[ArticleRecord],
    crawls: Iterable[CrawlCounts] = (),
    images: dict[str, int] | None = None,
) -> dict[str, int]:
    """Write the report atomically; return its summary."""
    records = sorted(records, key=lambda record: record.path)
    crawls = sorted(crawls, key=lambda crawl: crawl.file)
    summary = summarise(records, crawls)
    document = {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "summary": summary,
        "files": [record_entry(record) for record in records],
        "crawls": [crawl.as_report() for crawl in crawls],
        "images": images,
    }
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    partial = f"{path}.partial"
    with open(partial, "w", encoding="utf-8") as handle:
        write_document(handle, document)
    os.replace(partial, path)
    return summary


def write_document(handle, document: dict) -> None:
    """The report as json.dump(indent=1) writes it, but each file's entry on
    one line: with an indent, json uses its pure-Python encoder, which took
    3.5 % of a 20,000-article build; one entry at a time goes through its C
    encoder, and no string of the whole report is ever held."""
    handle.write("{")
    for number, (key, value) in enumerate(document.items()):
        handle.write(",\n " if number else "\n ")
        handle.write(json.dumps(key) + ": ")
        if key == "files" and value:
            for index, entry in enumerate(value):
                handle.write(",\n  " if index else "[\n  ")
                handle.write(json.dumps(entry, ensure_ascii=False))
            handle.write("\n ]")
        else:
            text = json.dumps(value, ensure_ascii=False, indent=1)
            handle.write(text.replace("\n", "\n "))
    handle.write("\n}\n")
