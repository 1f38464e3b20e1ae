"""Read a tree of article files into ArticleRecords: the reader's core.

This module knows nothing of Pelican. It reads every file once, counts lines
across the tree (LineCensus) so chrome can be told by recurrence, then
analyses each file and finally makes slugs unique and flags duplicate titles
across the whole tree, in sorted path order so builds are reproducible.

Data shapes:
    ReaderOptions: the plugin's settings, resolved
    analyse_tree(root: str, relative_paths: Iterable[str], options)
        -> dict[str, ArticleRecord]
    ArticleRecord: one input file; status "published" or "skipped"
"""

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from dateutil import parser as date_parser
from samizdat_contract import text_direction

from .chrome import LineCensus, RemovedLine, split_lines, strip_chrome
from .decoding import UnreadableFile, decode_article
from .headers import split_header
from .identify import UNDETERMINED
from .language import (
    add_script,
    detect_language,
    language_from_path,
    normalize_language_tag,
)
from .lede import standfirst_for
from .names import choose_source
from .slugs import clean_slug, deduplicate, slug_for

PUBLISHED = "published"
SKIPPED = "skipped"

# Directional formatting characters (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI,
# PDI). In a title they can make a headline read as something else in every
# list it appears in, so they are removed from titles (not from body text,
# where each paragraph is its own bidi paragraph in HTML).
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
INFERRED_TITLE_MAX_CHARS = 90


@dataclass(frozen=True)
class ReaderOptions:
    chrome_min_files: int = 3
    max_file_bytes: int = 5_000_000
    languages: tuple[str, ...] = ()


@dataclass
class ArticleRecord:
    path: str  # relative to the content root, "/" separated
    status: str = PUBLISHED
    reason: str | None = None  # why skipped
    shape: str = "bare"  # bare, pelican or front-matter
    title: str = ""
    title_source: str = ""  # header, headline, first paragraph
    lang: str = ""
    lang_source: str = ""  # header, folder, detected from the text, not identified
    direction: str = "ltr"
    date: datetime | None = None
    date_source: str = ""  # header, file modification time
    source: str | None = None
    source_from: str | None = None  # header, trailing block
    source_note: str = ""  # why this source, or why none (for the report)
    standfirst: str | None = None  # the header's summary, shown above the body
    slug: str = ""
    captions: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    # author, url, tags...: strings, or lists of strings for list values
    extra: dict[str, str | list[str]] = field(default_factory=dict)
    removed: list[RemovedLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def skip(self, reason: str) -> "ArticleRecord":
        self.status = SKIPPED
        self.reason = reason
        self.warnings.append(f"skipped: {reason}")
        return self


@dataclass
class _Loaded:
    record: ArticleRecord
    fields: dict[str, str]
    body: str
    body_first_line: int
    mtime: float


def analyse_tree(
    root: str, relative_paths: Iterable[str], options: ReaderOptions
) -> dict[str, ArticleRecord]:
    census = LineCensus()
    loaded: list[_Loaded] = []
    records: dict[str, ArticleRecord] = {}
    for relative in sorted(relative_paths):
        item = load_file(root, relative, options)
        records[relative] = item.record if isinstance(item, _Loaded) else item
        if isinstance(item, _Loaded):
            census.add_file(item.body)
            loaded.append(item)

    def recurs(text: str) -> int | None:
        count = census.count(text)
        return count if count >= options.chrome_min_files else None

    for item in loaded:
        analyse_loaded(item, recurs, options)
    resolve_across_tree(records.values())
    return records


def analyse_single_file(
    root: str, relative: str, options: ReaderOptions
) -> ArticleRecord:
    """Analyse one file alone (no tree evidence), e.g. a .txt page."""
    item = load_file(root, relative, options)
    if isinstance(item, _Loaded):
        analyse_loaded(item, lambda text: None, options)
        return item.record
    return item


def load_file(root: str, relative: str, options: ReaderOptions):
    """Read and decode one file: a _Loaded, or an ArticleRecord already skipped."""
    record = ArticleRecord(path=relative)
    full_path = os.path.join(root, relative)
    try:
        stat = os.stat(full_path)
        if stat.st_size > options.max_file_bytes:
            return record.skip(
                f"file too large ({stat.st_size:,} bytes; "
                f"the limit is {options.max_file_bytes:,})"
            )
        with open(full_path, "rb") as handle:
            data = handle.read()
        decoded = decode_article(data)
    except OSError as error:
        return record.skip(f"cannot read file ({error.strerror})")
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
    return _Loaded(record, header.fields, header.body, first_line, stat.st_mtime)


def analyse_loaded(item: _Loaded, recurs, options: ReaderOptions) -> None:
    record, fields = item.record, item.fields
    header_title = _clean_title(fields.get("title", ""), record)
    stripped = strip_chrome(
        split_lines(item.body, item.body_first_line),
        recurs,
        known_title=header_title or None,
        whole_page=record.shape == "bare",
    )
    record.captions = stripped.captions
    record.paragraphs = stripped.paragraphs
    record.removed = stripped.removed

    if header_title:
        record.title, record.title_source = header_title, "header"
    elif stripped.headline:
        record.title = _clean_title(stripped.headline, record)
        record.title_source = "headline"
    elif stripped.paragraphs:
        record.title = _shorten(_clean_title(stripped.paragraphs[0], record))
        record.title_source = "first paragraph"
    if not stripped.paragraphs:
        record.skip("no article text left once chrome is removed")
        return
    if not record.title:
        record.skip("no title in the header or the text")
        return

    _decide_language(record, fields, options)
    _decide_date(record, fields.get("date"), item.mtime)
    decision = choose_source(fields, stripped.source, stripped.source_confirmed)
    record.source, record.source_from = decision.source, decision.source_from
    record.source_note = decision.note
    record.standfirst = standfirst_for(fields.get("summary"), record)
    record.slug = clean_slug(fields["slug"]) if fields.get("slug") else ""
    record.slug = record.slug or slug_for(record.title, record.path)
    record.extra = {
        key: value
        for key, value in fields.items()
        if key in ("author", "url", "category", "tags", "summary")
    }


def resolve_across_tree(records: Iterable[ArticleRecord]) -> None:
    """Unique slugs and duplicate-title warnings over all published records."""
    published = {r.path: r for r in records if r.status == PUBLISHED}
    unique, collisions = deduplicate({p: r.slug for p, r in published.items()})
    for path, slug in unique.items():
        published[path].slug = slug
    for group in collisions:
        for path in group:
            others = ", ".join(other for other in group if other != path)
            published[path].warnings.append(
                f"slug {published[group[0]].slug!r} also wanted by {others}; "
                f"this file's slug is {published[path].slug!r}"
            )
    by_title: dict[str, list[str]] = {}
    for path, record in sorted(published.items()):
        by_title.setdefault(record.title.casefold(), []).append(path)
    for group in by_title.values():
        for path in group if len(group) > 1 else ():
            others = ", ".join(other for other in group if other != path)
            published[path].warnings.append(f"duplicate title, also in {others}")


def _clean_title(title: str, record: ArticleRecord) -> str:
    cleaned, removed = _BIDI_CONTROLS.subn("", title)
    if removed:
        record.warnings.append(
            f"{removed} bidirectional override characters removed from the title"
        )
    return " ".join(cleaned.split())


def _shorten(text: str) -> str:
    if len(text) <= INFERRED_TITLE_MAX_CHARS:
        return text
    cut = text[:INFERRED_TITLE_MAX_CHARS]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut + "\u2026"


def _decide_language(record, fields, options: ReaderOptions) -> None:
    """Header, else folder, else the text; "und" with a warning if none."""
    tagged = normalize_language_tag(fields["lang"]) if fields.get("lang") else None
    if fields.get("lang") and tagged is None:
        record.warnings.append(
            f"language tag {fields['lang']!r} names no language; identified "
            "from the text instead"
        )
    folder = language_from_path(record.path, options.languages)
    sample = "\n".join([record.title, *record.paragraphs[:5]])
    if tagged or folder:
        record.lang = add_script(tagged or folder, sample)
        record.lang_source = "header" if tagged else "folder"
    else:
        found = detect_language(sample)
        record.lang = found.tag
        if found.identified:
            record.lang_source = f"detected from the text ({found.reason})"
        else:
            record.lang_source = "not identified"
            record.warnings.append(
                f"language not identified ({found.reason}): published as "
                f"{UNDETERMINED!r}; give it a Lang: header or a language folder"
            )
    record.direction = text_direction(record.lang)


def _decide_date(record, header_date: str | None, mtime: float) -> None:
    if header_date:
        try:
            record.date = date_parser.parse(header_date)
            record.date_source = "header"
            return
        except (ValueError, OverflowError):
            record.warnings.append(
                f"date {header_date!r} not understood; using the file's "
                "modification time"
            )
    record.date = datetime.fromtimestamp(mtime, tz=UTC)
    record.date_source = "file modification time"
