"""Split an article file's text into its header fields and its body.

Three input shapes are recognised:

- "bare": no header at all (the scraper's plain text, like the seed file);
- "pelican": a Pelican-style block of ``Key: value`` lines ended by a blank line;
- "front-matter": YAML-style front matter between ``---`` lines, as trafilatura
  writes it with ``--output-format txt --with-metadata``.

Data shape:
    split_header(text: str) -> Header(shape: str, fields: dict[str, str], body: str)

Field names are lower-cased and mapped onto one vocabulary (FIELD_ALIASES), so
the rest of the reader does not care which shape a file used. Values are plain
strings; nothing here parses dates or languages. Both header shapes are read
line by line rather than with a YAML parser: trafilatura does not quote its
values, so a title such as "Breaking: floods" is not valid YAML.
"""

import re
from dataclasses import dataclass, field

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
    "summary": "summary",
    "description": "summary",
}

# A header block must name at least one of these, so that a body starting
# with a line like "Update: the count rose" is not mistaken for a header.
_ANCHOR_FIELDS = {"title", "date", "lang"}

_HEADER_LINE = re.compile(
    r"^(?P<key>[A-Za-z][A-Za-z0-9_ -]{0,30}):(?:\s+(?P<value>.*))?$"
)
_FRONT_MATTER_FENCE = "---"


@dataclass
class Header:
    shape: str
    fields: dict[str, str] = field(default_factory=dict)
    body: str = ""


def split_header(text: str) -> Header:
    """Return the header fields (if any) and the body of an article file."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and lines[start].strip() == _FRONT_MATTER_FENCE:
        for end in range(start + 1, len(lines)):
            if lines[end].strip() == _FRONT_MATTER_FENCE:
                fields = _parse_fields(lines[start + 1 : end])
                if fields is not None:
                    return Header("front-matter", fields, "\n".join(lines[end + 1 :]))
                break
        return Header("bare", {}, text)

    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    fields = _parse_fields(lines[start:end])
    if fields is not None:
        return Header("pelican", fields, "\n".join(lines[end:]))
    return Header("bare", {}, text)


def _parse_fields(lines: list[str]) -> dict[str, str] | None:
    """Fields of a header block, or None when the lines are not a header."""
    fields: dict[str, str] = {}
    for line in lines:
        if not line.strip():
            continue
        match = _HEADER_LINE.match(line.strip())
        if not match:
            return None
        key = match["key"].strip().lower()
        value = _unquote((match["value"] or "").strip())
        name = FIELD_ALIASES.get(key)
        if name is None:
            continue  # trafilatura's fingerprint, id, license, image...
        if value and name not in fields:
            fields[name] = value
    if not _ANCHOR_FIELDS & fields.keys():
        return None
    return fields


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
