"""Split an article file's text into its header fields and its body.

Input shapes recognised:

- "bare": no header at all (the scraper's plain text, like the seed file);
- "pelican": a Pelican-style block of ``Key: value`` lines ended by a blank line;
- "front-matter": YAML between ``---`` lines (Jekyll, Hugo, and trafilatura's
  ``--output-format txt --with-metadata``), or TOML between ``+++`` lines
  (Hugo).

Data shape:
    split_header(text: str) -> Header(shape: str,
                                      fields: dict[str, str | list[str]],
                                      body: str, problems: list[str])

Field names are lower-cased and mapped onto one vocabulary (FIELD_ALIASES), so
the rest of the reader does not care which shape a file used. Values are
strings, or lists of strings for list values (``tags: [a, b]``, ``tags:``
then ``- a`` lines, trafilatura's Python-style ``tags: ['a', 'b']``); nothing
here parses dates or languages.

YAML is read with PyYAML's safe loader, but a scalar keeps the text written
on its line: trafilatura does not quote its values, so ``title: Breaking:
floods`` is not valid YAML (the line reader takes it), and ``title: No #1``
or ``title: yes`` would otherwise lose text or become a boolean. A fence whose
content is neither YAML nor ``key: value`` lines is reported in ``problems``
and its lines are left out of the body, never silently published as text.
"""

import ast
import re
import tomllib
import warnings
from dataclasses import dataclass, field
from typing import ClassVar

import yaml

# Header key (as written, lower-cased) -> the reader's field name.
FIELD_ALIASES = {
    "title": "title",
    "date": "date",
    "lang": "lang",
    "language": "lang",
    "author": "author",
    "authors": "author",
    "source": "source",
    "sitename": "source",
    "publisher": "source",
    "hostname": "hostname",
    "url": "url",
    "slug": "slug",
    "category": "category",
    "categories": "category",
    "tags": "tags",
    "keywords": "tags",
    "summary": "summary",
    "description": "summary",
}
# Fields that hold lists; a list anywhere else is joined with ", ".
LIST_FIELDS = {"tags", "category", "author"}

# A header block must name at least one of these, so that a body starting
# with a line like "Update: the count rose" is not mistaken for a header.
_ANCHOR_FIELDS = {"title", "date", "lang"}

_HEADER_LINE = re.compile(
    r"^(?P<key>[A-Za-z][A-Za-z0-9_ -]{0,30}):(?:\s+(?P<value>.*))?$"
)
_LIST_ITEM = re.compile(r"^\s*-\s+(?P<value>.*)$")
YAML_FENCE = "---"
TOML_FENCE = "+++"
_FENCE_ENDS = {YAML_FENCE: (YAML_FENCE, "..."), TOML_FENCE: (TOML_FENCE,)}

Value = str | list[str]


@dataclass
class Header:
    shape: str
    fields: dict[str, Value] = field(default_factory=dict)
    body: str = ""
    problems: list[str] = field(default_factory=list)


def split_header(text: str) -> Header:
    """Return the header fields (if any) and the body of an article file."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    fence = lines[start].strip() if start < len(lines) else ""
    if fence in _FENCE_ENDS:
        return _fenced(lines, start, fence, text)

    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    fields = _parse_lines(lines[start:end])
    if fields is not None and _ANCHOR_FIELDS & fields.keys():
        return Header("pelican", fields, "\n".join(lines[end:]))
    return Header("bare", {}, text)


def _fenced(lines: list[str], start: int, fence: str, text: str) -> Header:
    end = next(
        (
            index
            for index in range(start + 1, len(lines))
            if lines[index].strip() in _FENCE_ENDS[fence]
        ),
        None,
    )
    if end is None:
        return Header("bare", {}, text)
    block = lines[start + 1 : end]
    body = "\n".join(lines[end + 1 :])
    fields = _parse_toml(block) if fence == TOML_FENCE else _parse_yaml(block)
    if fields is not None:
        return Header("front-matter", fields, body)
    if not _looks_like_metadata(block):
        # A file that opens with a rule and has another later: text, not a
        # header. Say so, since a header may have been meant.
        return Header(
            "bare",
            {},
            text,
            [
                f"lines {start + 1}-{end + 1} between {fence} lines are not a header; "
                "read as text"
            ],
        )
    return Header(
        "front-matter",
        {},
        body,
        [
            f"front matter (lines {start + 1}-{end + 1}) could not be read as "
            f"{'TOML' if fence == TOML_FENCE else 'YAML'} or key: value lines; "
            "left out of the text"
        ],
    )


def _looks_like_metadata(block: list[str]) -> bool:
    written = [line for line in block if line.strip()]
    keyed = sum(
        1
        for line in written
        if _HEADER_LINE.match(line.strip())
        or _LIST_ITEM.match(line)
        or re.match(r"^\s*[\w-]+\s*=", line)
    )
    return bool(written) and keyed * 2 >= len(written)


class _DatesAsTextLoader(yaml.SafeLoader):
    """PyYAML's safe loader minus its timestamp resolver: a date stays the
    text written (dates.py parses and bounds it), so `date: 0000-00-00`
    cannot raise from inside the YAML parser."""

    yaml_implicit_resolvers: ClassVar[dict] = {
        first: [
            (tag, pattern)
            for tag, pattern in resolvers
            if tag != "tag:yaml.org,2002:timestamp"
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _parse_yaml(block: list[str]) -> dict[str, Value] | None:
    """Fields of a YAML block; line values win for plain scalars (see above)."""
    as_lines = _parse_lines(block)
    try:
        loaded = yaml.load("\n".join(block), Loader=_DatesAsTextLoader)
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError):
        # Not YAML, or YAML whose values no Python type holds (a number too
        # deep or too large): the line reader's fields stand.
        loaded = None
    if not isinstance(loaded, dict):
        return as_lines
    # Quoted scalars are YAML's to read ('it''s', "a\tb"); plain ones keep
    # the text written on their line.
    quoted = {
        FIELD_ALIASES.get(match["key"].strip().lower())
        for match in map(_HEADER_LINE.match, (line.strip() for line in block))
        if match and (match["value"] or "")[:1] in ("'", '"')
    }
    fields: dict[str, Value] = {}
    for key, value in loaded.items():
        name = FIELD_ALIASES.get(str(key).strip().lower())
        if name is None or name in fields:
            continue
        written = (as_lines or {}).get(name)
        plain = value is None or isinstance(value, str | int | float | bool)
        # A one-line flow collection in a field that holds text ("title:
        # [0] Flood" is plain text, "title: [0]" is a list to YAML) is the
        # text as written: trafilatura writes titles unquoted.
        written_text = isinstance(written, str) and (plain or name not in LIST_FIELDS)
        if written_text and (plain or written) and name not in quoted:
            fields[name] = written  # the text as written on the line
        else:
            converted = _value(name, value)
            if converted:
                fields[name] = converted
    return fields


def _parse_toml(block: list[str]) -> dict[str, Value] | None:
    try:
        loaded = tomllib.loads("\n".join(block))
    except (tomllib.TOMLDecodeError, ValueError, OverflowError, RecursionError):
        return None
    fields: dict[str, Value] = {}
    for key, value in loaded.items():
        name = FIELD_ALIASES.get(key.strip().lower())
        if name is not None and name not in fields:
            converted = _value(name, value)
            if converted:
                fields[name] = converted
    return fields


def _value(name: str, value) -> Value:
    """A loaded YAML/TOML value as a string, or a list of strings."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        items = [" ".join(str(item).split()) for item in value if item is not None]
        items = [item for item in items if item]
        return items if name in LIST_FIELDS else ", ".join(items)
    if isinstance(value, dict):
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return " ".join(str(value).split())


def _parse_lines(lines: list[str]) -> dict[str, Value] | None:
    """Fields of ``key: value`` lines (and ``- item`` lines under a key), or None
    when the lines are not a header."""
    fields: dict[str, Value] = {}
    current: str | None = None  # the key that "- item" lines belong to
    continued: set[str] = set()
    for line in lines:
        if not line.strip():
            continue
        item = _LIST_ITEM.match(line)
        if item and current is not None:
            value = _unquote(item["value"].strip())
            existing = fields.get(current)
            if value and (existing is None or isinstance(existing, list)):
                fields[current] = [*(existing or []), value]
            continue
        match = _HEADER_LINE.match(line.strip())
        if not match and line[:1].isspace() and current is not None:
            continued.add(current)  # a YAML block or folded value: YAML reads it
            continue
        if not match:
            return None
        key = match["key"].strip().lower()
        name = FIELD_ALIASES.get(key)
        current = name if name and name not in fields else None
        if current is None:
            continue  # trafilatura's fingerprint, id, license, image...
        value = _list_or_text(current, (match["value"] or "").strip())
        if value:
            fields[current] = value
    for name in continued:
        fields.pop(name, None)
    return fields


def _list_or_text(name: str, value: str) -> Value:
    """A written value: a Python- or YAML-style list "[...]" becomes a list."""
    if name in LIST_FIELDS and value.startswith("[") and value.endswith("]"):
        try:
            with warnings.catch_warnings():  # "\d" in a tag is no concern here
                warnings.simplefilter("ignore")
                items = ast.literal_eval(value)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            items = [part for part in value[1:-1].split(",")]
        if isinstance(items, list | tuple):
            cleaned = [_unquote(" ".join(str(item).split())) for item in items]
            return [item for item in cleaned if item]
    return _unquote(value)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
