"""One loaded page's analysis: chrome stripped, title, language, date,
source, slug, and every shown field cleaned.

The tree's evidence reaches a page only through ``recurs`` (how many files
of the tree hold a line, when that makes it chrome: line_census.py) and
``limit`` (the latest date an input may claim: dates.ceiling); everything
else comes from the page itself. Slugs are made unique and duplicate titles
flagged afterwards, over the whole tree (analysis.resolve_across_tree).

Data shapes:
    analyse_loaded(item: loading.LoadedText, recurs: Callable[[str], int |
        None], options: settings.ReaderOptions, limit: datetime | None,
        kept: model_cache.ModelCache)
        -> None: fills item.record (published, or skipped with a reason)
    FIELD_MAX_CHARS: dict[field name, int]   longest shown value of a field
"""

from collections.abc import Callable
from datetime import datetime

from samizdat_contract import text_direction

from .chrome import split_lines, strip_chrome
from .dates import decide_date
from .identify import UNDETERMINED
from .language import (
    add_script,
    detect_language,
    language_from_path,
    normalize_language_tag,
)
from .lede import standfirst_for
from .loading import LoadedText
from .model_cache import NOT_KEPT, ModelCache
from .names import choose_source
from .records import ArticleRecord
from .settings import ReaderOptions
from .shown_text import clean_shown
from .slugs import clean_slug, slug_for

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


def analyse_loaded(
    item: LoadedText,
    recurs: Callable[[str], int | None],
    options: ReaderOptions,
    limit: datetime | None = None,
    kept: ModelCache = NOT_KEPT,
) -> None:
    """Fill item.record; ``limit`` is the latest date an input may claim,
    ``kept`` where py3langid's model is kept decompressed."""
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

    _decide_language(record, fields, options, kept)
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


def _decide_language(
    record: ArticleRecord, fields, options: ReaderOptions, kept: ModelCache
) -> None:
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
        found = detect_language(sample, options.languages, rest, kept)
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
