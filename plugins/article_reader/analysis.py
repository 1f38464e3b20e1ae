"""Read a tree of article files into ArticleRecords: the reader's core.

This module knows nothing of Pelican. It reads every file once (loading.py),
counts lines across the tree (line_census.TreeCensus) so chrome can be told
by recurrence, then analyses each page (article_analysis.py) and finally
makes slugs unique and flags duplicate titles across the whole tree, in
sorted path order so builds are reproducible.

Data shapes:
    analyse_tree(root: str, relative_paths: Iterable[str],
                 options: settings.ReaderOptions,
                 crawls: list[CrawlCounts] | None, store: RecordStore | None)
        -> dict[str, records.ArticleRecord]   by page path
    analyse_single_file(root, relative, options, kept: ModelCache) -> ArticleRecord
    resolve_across_tree(records: Iterable[ArticleRecord]) -> None

Saved HTML pages and WARC crawls come in through inputs.py as pages in the
text files' shape (header fields, body text); loading.load_inputs dispatches
on the input kind (captures.input_kind) and everything after it is shared.
"""

from collections.abc import Iterable

from .article_analysis import analyse_loaded
from .build_cache import RecordStore
from .captures import DUPLICATE_CAPTURE, CrawlCounts, newer
from .dates import ceiling, decide_date
from .line_census import TreeCensus, line_digests, recording
from .loading import LoadedText, load_inputs
from .model_cache import NOT_KEPT, ModelCache
from .records import PUBLISHED, SKIPPED, ArticleRecord
from .settings import ReaderOptions
from .slugs import deduplicate, is_reserved


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
    records, loaded, file_keys, sources = _load_tree(
        root, relative_paths, options, crawls, store
    )
    loaded = _one_capture_per_url(loaded, options.pages.keep_capture)

    def with_body(item: LoadedText) -> LoadedText:
        return _with_body(item, file_keys, sources, root, options, store)

    census = _count_lines(store, loaded, file_keys, with_body)
    _analyse_pages(loaded, records, file_keys, census.counts, options, store, with_body)
    store.flush()
    store.keep_census(census)
    resolve_across_tree(records.values())
    return records


def _load_tree(root, relative_paths, options, crawls, store: RecordStore):
    """Every file loaded, in sorted path order: (records by page path, the
    pages to analyse as LoadedText, each page's file key by page path, each
    page's file by page path). A page from the store has no body (body
    None: _with_body gives it one)."""
    loaded: list[LoadedText] = []
    records: dict[str, ArticleRecord] = {}
    file_keys: dict[str, str | None] = {}  # page path -> its file's key
    sources: dict[str, str] = {}  # page path -> its file, relative
    for relative in sorted(relative_paths):
        key, items = _load_cached(root, relative, options, crawls, store)
        for item in items:
            record = item.record if isinstance(item, LoadedText) else item
            records[record.path] = record
            if isinstance(item, LoadedText):
                loaded.append(item)
                file_keys[record.path] = key
                sources[record.path] = relative
    return records, loaded, file_keys, sources


def _with_body(item, file_keys, sources, root, options, store) -> LoadedText:
    """``item`` with its body: itself when it has one, else the store's
    copy with the body, else (that copy gone or damaged since the file's
    entry was read) the page loaded from its file again."""
    if item.body is not None:
        return item
    path = item.record.path
    key = file_keys[path]
    full = store.loaded_page(key, path)
    if full is None:
        relative = sources[path]
        counts: list[CrawlCounts] = []
        items = list(load_inputs(root, relative, options, counts))
        if store.file_key(root, relative) == key:  # kept whole again
            store.keep_bodies(key, (items, counts[0] if counts else None))
        else:  # changed since its key was taken: nothing of it kept
            file_keys[path] = None
        full = next(
            page
            for page in items
            if isinstance(page, LoadedText) and page.record.path == path
        )
    return full


def _count_lines(store: RecordStore, loaded, file_keys, with_body) -> TreeCensus:
    """The census of the loaded pages' lines: the last build's, updated."""
    census = store.census()
    census.update(
        {
            item.record.path: (
                file_keys[item.record.path] or f"uncached:{id(item)}",
                lambda item=item: line_digests(with_body(item).body),
            )
            for item in loaded
        }
    )
    return census


def _analyse_pages(
    loaded, records, file_keys, counts, options, store, with_body
) -> None:
    """Each loaded page's record into ``records``: the store's when it is
    still right, else analysed afresh (and kept in the store)."""
    threshold = options.chrome_min_files

    def answer(digest: bytes) -> int | None:
        count = counts[digest]
        return count if count >= threshold else None

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
        item = with_body(item)
        key = file_keys[path]
        noted, answers = recording(answer)
        analyse_loaded(item, noted, options, limit, store.model_cache)
        item.record = store.keep_analysed(key, path, item.record, answers, date_now())
        records[path] = item.record


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
    root: str, relative: str, options: ReaderOptions, kept: ModelCache = NOT_KEPT
) -> ArticleRecord:
    """Analyse one file alone (no tree evidence), e.g. a .txt page."""
    item = next(load_inputs(root, relative, options, None))
    if isinstance(item, LoadedText):
        limit = ceiling(item.mtime)
        analyse_loaded(item, lambda text: None, options, limit, kept)
        return item.record
    return item


def _one_capture_per_url(loaded: list[LoadedText], keep: str) -> list[LoadedText]:
    """Of several captures of one URL (across files), keep one; skip the rest."""
    chosen: dict[str, LoadedText] = {}
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
