"""Read a tree of article files into ArticleRecords: the reader's core.

This module knows nothing of Pelican. It reads every file once, counts lines
across the tree (line_census.TreeCensus) so chrome can be told by recurrence, then
analyses each file and finally makes slugs unique and flags duplicate titles
across the whole tree, in sorted path order so builds are reproducible.

Data shapes:
    ReaderOptions: the plugin's settings, resolved
    analyse_tree(root: str, relative_paths: Iterable[str], options)
        -> dict[str, ArticleRecord]
    ArticleRecord: one input file (or one page of a crawl); status
        "published" or "skipped"

Saved HTML pages and WARC crawls come in through inputs.py as pages in the
text files' shape (header fields, body text); load_inputs dispatches on the
input kind (captures.input_kind) and everything after it is shared.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from samizdat_contract import text_direction

from .build_cache import RecordStore
from .captures import DUPLICATE_CAPTURE, Capture, CrawlCounts, input_kind, newer
from .chrome import RemovedLine, split_lines, strip_chrome
from .dates import ceiling, decide_date
from .decoding import UnreadableFile, decode_article
from .files import NotReadable, read_regular_file
from .headers import split_header
from .identify import UNDETERMINED
from .inputs import FILE_DATE, LoadedPage, PageOptions, load_html_file, load_warc_file
from .language import (
    add_script,
    detect_language,
    language_from_path,
    normalize_language_tag,
)
from .lede import standfirst_for
from .line_census import line_digest, line_digests, recording
from .names import choose_source
from .shown_text import clean_shown
from .slugs import clean_slug, deduplicate, is_reserved, slug_for

PUBLISHED = "published"
SKIPPED = "skipped"

INFERRED_TITLE_MAX_CHARS = 90
# Longest shown value of each header field (shown_text.clean_shown): every
# field that reaches a page, a file name or a library is bounded.
FIELD_MAX_CHARS = {
    "title": 300,
    "source": 120,
    "author": 200,
    "category": 100,
    "tags": 500,
    "summary": 3000,
    "caption": 1000,
}
# BCP 47 tags longer than this are not language tags but a folder name
# that would not fit a file system.
LANGUAGE_TAG_MAX_CHARS = 35


@dataclass(frozen=True)
class ReaderOptions:
    chrome_min_files: int = 3
    max_file_bytes: int = 5_000_000
    languages: tuple[str, ...] = ()
    pages: PageOptions = field(default_factory=PageOptions)  # HTML and WARC


@dataclass(slots=True)
class ArticleRecord:
    path: str  # relative to the content root, "/" separated
    status: str = PUBLISHED
    reason: str | None = None  # why skipped
    shape: str = "bare"  # bare, pelican, front-matter, html or warc
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
    capture: Capture | None = None  # HTML and WARC inputs: URL, date, offset

    def skip(self, reason: str, warn: bool = True) -> "ArticleRecord":
        """Mark skipped; `warn=False` for files expected beside the input
        (a saved page's images), which the report lists without a warning."""
        self.status = SKIPPED
        self.reason = reason
        if warn:
            self.warnings.append(f"skipped: {reason}")
        return self


@dataclass
class _Loaded:
    record: ArticleRecord
    fields: dict[str, str]
    body: str
    body_first_line: int
    mtime: float
    date_fallback: str = FILE_DATE  # what mtime is, for the report


def analyse_tree(
    root: str,
    relative_paths: Iterable[str],
    options: ReaderOptions,
    crawls: list[CrawlCounts] | None = None,
    store: RecordStore | None = None,
) -> dict[str, ArticleRecord]:
    """All inputs of the tree; `crawls` receives one CrawlCounts per WARC.

    ``store`` (build_cache.py) gives back what an earlier build already did
    for unchanged files and keeps what this one does; without it, or with an
    empty one, every file is read and analysed. Both give the same records.
    """
    store = store or RecordStore(None, "")
    loaded: list[_Loaded] = []
    records: dict[str, ArticleRecord] = {}
    file_keys: dict[str, str | None] = {}  # page path -> its file's key
    for relative in sorted(relative_paths):
        key, items = _load_cached(root, relative, options, crawls, store)
        for item in items:
            record = item.record if isinstance(item, _Loaded) else item
            records[record.path] = record
            if isinstance(item, _Loaded):
                loaded.append(item)
                file_keys[record.path] = key
    loaded = _one_capture_per_url(loaded, options.pages.keep_capture)
    census = store.census()
    census.update(
        {
            item.record.path: (
                file_keys[item.record.path] or f"uncached:{id(item)}",
                lambda item=item: line_digests(item.body),
            )
            for item in loaded
        }
    )
    counts, threshold = census.counts, options.chrome_min_files

    def answer(digest: bytes) -> int | None:
        count = counts[digest]
        return count if count >= threshold else None

    def recurs(text: str) -> int | None:
        return answer(line_digest(text))

    limit = ceiling(max((item.mtime for item in loaded), default=None))
    for item in loaded:
        path = item.record.path
        key = file_keys[path]

        def date_now(item=item):
            return decide_date(
                item.fields.get("date"), item.mtime, limit, item.date_fallback
            )

        cached = store.analysed(key, path, answer, date_now)
        if cached is not None:
            records[path] = item.record = cached
            continue
        noted, answers = recording(recurs)
        analyse_loaded(item, noted, options, limit)
        item.record = store.keep_analysed(key, path, item.record, answers, date_now())
        records[path] = item.record
    store.flush()
    store.keep_census(census)
    resolve_across_tree(records.values())
    return records


def _load_cached(root, relative, options, crawls, store: RecordStore):
    """(file key, load_inputs' items for one file), from the store when it
    holds this file."""
    key = store.file_key(root, relative)
    value = store.loaded(key)
    if value is None:
        counts: list[CrawlCounts] = []
        items = list(load_inputs(root, relative, options, counts))
        crawl = counts[0] if counts else None
        # Kept only if the file did not change while it was read.
        if key is not None and key == store.file_key(root, relative):
            store.keep_loaded(key, (items, crawl))
    else:
        items, crawl = value
    if crawl is not None and crawls is not None:
        crawls.append(crawl)
    return key, items


def analyse_single_file(
    root: str, relative: str, options: ReaderOptions
) -> ArticleRecord:
    """Analyse one file alone (no tree evidence), e.g. a .txt page."""
    item = next(load_inputs(root, relative, options, None))
    if isinstance(item, _Loaded):
        analyse_loaded(item, lambda text: None, options, ceiling(item.mtime))
        return item.record
    return item


def load_inputs(root: str, relative: str, options: ReaderOptions, crawls):
    """_Loaded or skipped ArticleRecords: one per file, many per WARC file."""
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
        yield _Loaded(record, page.fields, page.body, 1, mtime, page.date_source)


def _one_capture_per_url(loaded: list[_Loaded], keep: str) -> list[_Loaded]:
    """Of several captures of one URL (across files), keep one; skip the rest."""
    chosen: dict[str, _Loaded] = {}
    for item in loaded:
        key = item.record.capture.key if item.record.capture else None
        if key and (
            key not in chosen
            or newer(item.record.capture, chosen[key].record.capture, keep)
        ):
            chosen[key] = item
    kept = []
    for item in loaded:
        capture = item.record.capture
        if capture and capture.key and chosen[capture.key] is not item:
            item.record.status = SKIPPED  # a crawl's normal state: no warning
            item.record.reason = DUPLICATE_CAPTURE.format(url=capture.url, keep=keep)
        else:
            kept.append(item)
    return kept


def load_file(root: str, relative: str, options: ReaderOptions):
    """Read and decode one file: a _Loaded, or an ArticleRecord already skipped."""
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
    return _Loaded(record, header.fields, header.body, first_line, stat.st_mtime)


def analyse_loaded(
    item: _Loaded, recurs, options: ReaderOptions, limit: datetime | None = None
) -> None:
    """Fill item.record; ``limit`` is the latest date an input may claim."""
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
    dated = decide_date(fields.get("date"), item.mtime, limit, item.date_fallback)
    record.date, record.date_source = dated.date, dated.source
    record.warnings.extend(dated.warnings)
    decision = choose_source(fields, stripped.source, stripped.source_confirmed)
    record.source, record.source_from = decision.source, decision.source_from
    record.source_note = decision.note
    record.standfirst = standfirst_for(fields.get("summary"), record)
    record.slug = clean_slug(fields["slug"]) if fields.get("slug") else ""
    name = record.capture.name_for_slug() if record.capture else record.path
    record.slug = record.slug or slug_for(record.title, name)
    record.extra = {
        key: value
        for key, value in fields.items()
        if key in ("author", "url", "category", "tags", "summary")
    }
    _clean_shown_fields(record)


def resolve_across_tree(records: Iterable[ArticleRecord]) -> None:
    """Unique slugs and duplicate-title warnings over all published records."""
    published = {r.path: r for r in records if r.status == PUBLISHED}
    unique, collisions = deduplicate({p: r.slug for p, r in published.items()})
    for group in collisions:
        wanted = published[group[0]].slug
        for path in group:
            others = ", ".join(other for other in group if other != path)
            if is_reserved(wanted):
                published[path].warnings.append(
                    f"slug {wanted!r} is the name of one of the site's own pages"
                    + (f" (also wanted by {others})" if others else "")
                    + f"; this file's slug is {unique[path]!r}"
                )
            else:
                published[path].warnings.append(
                    f"slug {wanted!r} also wanted by {others}; "
                    f"this file's slug is {unique[path]!r}"
                )
    by_title: dict[str, list[str]] = {}
    for path, record in sorted(published.items()):
        by_title.setdefault(record.title.casefold(), []).append(path)
    for group in by_title.values():
        for path in group if len(group) > 1 else ():
            others = ", ".join(other for other in group if other != path)
            published[path].warnings.append(f"duplicate title, also in {others}")
    for path, slug in unique.items():
        published[path].slug = slug


def _clean_title(title: str, record: ArticleRecord) -> str:
    return _clean_field(title, "title", record)


def _clean_field(text: str, name: str, record: ArticleRecord) -> str:
    """One shown field through shown_text.clean_shown, with its warnings."""
    limit = FIELD_MAX_CHARS[name]
    cleaned, removed = clean_shown(text, limit)
    if removed:
        record.warnings.append(
            f"{removed} invisible or bidirectional override characters removed "
            f"from the {name}"
        )
    if cleaned.endswith("\u2026") and len(" ".join(text.split())) > limit:
        record.warnings.append(f"{name} cut to {limit} characters")
    return cleaned


def _clean_shown_fields(record: ArticleRecord) -> None:
    """Every other field a page may show (the title is cleaned first)."""
    if record.source:
        record.source = _clean_field(record.source, "source", record) or None
    record.captions = [_clean_field(c, "caption", record) for c in record.captions]
    for name in ("author", "category", "tags", "summary"):
        value = record.extra.get(name)
        if isinstance(value, list):  # a header list (YAML, "[a, b]")
            value = [_clean_field(str(item), name, record) for item in value]
            value = [item for item in value if item]
        elif value is not None:
            value = _clean_field(str(value), name, record)
        if value:
            record.extra[name] = value
        else:
            record.extra.pop(name, None)


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
    if tagged and len(tagged) > LANGUAGE_TAG_MAX_CHARS:
        tagged = None  # not a language; and too long for a folder name
    if fields.get("lang") and tagged is None:
        record.warnings.append(
            f"language tag {fields['lang'][:40]!r} names no language; identified "
            "from the text instead"
        )
    folder = language_from_path(record.path, options.languages)
    sample = "\n".join([record.title, *record.paragraphs[:5]])
    if tagged or folder:
        record.lang = add_script(tagged or folder, sample)
        record.lang_source = "header" if tagged else "folder"
    else:
        # The paragraphs after the opening, read only if it is undetermined
        # (identify reads SAMPLE_CHARS at most: forty paragraphs are plenty).
        rest = "\n".join(record.paragraphs[5:45])
        found = detect_language(sample, options.languages, rest)
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
