"""The text of search files: each key's postings as gaps and weights, a
few postings a line (export.py's docstring describes the files).

Data shapes:
    _bucket_files(prefix, {key: (ids, weights, is an exact form)})
        -> {shard name: file text}: a bucket's head and chunk files
    key_entries(key, ids, weights) -> (head entry, [chunk entries])
    assembled(prefix, Entries) -> {shard name: file text}
    parsed_entries(head shard name, {shard name: file text}) -> Entries | None:
        what assembled() made the files from
        Entries = {key: (is an exact form, head entry, [chunk entries])}
    _merged((ids, weights), (ids, weights)) -> (ids, weights)
    _script(function, key, value) -> str     one SamizdatSearch call
    doc_text(number, meta) -> str: the d/<number>.js file
    doc_texts(metas) -> iterator of (relative path, str); doc_files(metas)
        -> dict of the same: the d/<id>.js files
    language_files(metas) -> dict[relative path, str]: the l/<lang>.js files
"""

import json
import operator
from collections import defaultdict
from collections.abc import Iterator

from .chunks import FIRST_CHUNK, chunks

# A new article's posting rewrites the last line of a list's chunk: at 16
# postings a line, 100 new articles at 5,000 changed 1.57 MB of search
# lines (1.81 MB at 32, 1.42 MB at 8, where a line break is 1 byte in 8
# postings of a query's download).
POSTINGS_PER_LINE = 16

# The opening text a result's snippet is cut from (search.js shows 240
# characters around the first match in it, else the opening). Each result
# shown loads its d/<id>.js: at 1,200 characters, ten results were half of a
# query's bytes (about 1.2 KB gzipped each, more in CJK and Khmer).
EXCERPT_CHARS = 600

# A bucket's file: its shard's name, then {"p":{...},"e":{...}}, an entry a
# line. assembled() writes it and parsed_entries() reads it with these alone.
_SHARD_OPENING = "SamizdatSearch.shard(%s,{"
_SHARD_CLOSING = "});\n"
_PART_OPENING = '"%s":{\n'
_PARTS_BETWEEN = '\n},"e":{\n'
_PARTS_CLOSING = "\n}"


def _json(value) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _script(function: str, key, value) -> str:
    return f"SamizdatSearch.{function}({json.dumps(key)},{_json(value)});\n"


def _id_gaps(ids) -> list[str]:
    """[first id, gap to the next id, ...] as strings."""
    return list(map(str, [ids[0], *map(operator.sub, ids[1:], ids)]))


def _lines(items: list[str], per_line: int) -> str:
    """Comma-separated, `per_line` items a line."""
    return ",\n".join(
        ",".join(items[i : i + per_line]) for i in range(0, len(items), per_line)
    )


def _entry(key: str, ids, weights) -> str:
    """`"key":[doc gap, weight, ...]`, POSTINGS_PER_LINE pairs a line.

    Keys are letters, marks, digits and spaces (analysis.py's character
    classes): valid JSON strings as they are; this loop meets every key."""
    if len(ids) == 1:
        return f'"{key}":[{ids[0]},{weights[0]}]'
    flat = [""] * (2 * len(ids))  # id gap, weight, id gap, weight, ...
    flat[0::2] = _id_gaps(ids)
    flat[1::2] = map(str, weights)
    return f'"{key}":[{_lines(flat, 2 * POSTINGS_PER_LINE)}]'


def _head_entry(key: str, ids, weights, length: int, parts: int) -> str:
    """_entry() of a first chunk, after the list's length and chunk count;
    those on a line of their own when the list has later chunks, so that
    a new posting landing in a later chunk changes a short line here."""
    if length == 1:  # most keys (a pair, a rare word): in one step
        return f'"{key}":[1,1,{ids[0]},{weights[0]}]'
    after = "\n" if parts > 1 else ""
    return _entry(key, ids, weights).replace(":[", f":[{length},{parts},{after}", 1)


def _object(entries: list[str]) -> str:
    return "{\n" + ",\n".join(entries) + "\n}"


def key_entries(key: str, ids, weights) -> tuple[str, list[str]]:
    """One key's head entry and its later chunks' entries (chunk 1 first)."""
    length = len(ids)
    if length <= FIRST_CHUNK:  # most keys: no sorting by weight
        return _head_entry(key, ids, weights, length, 1), []
    found = chunks(ids, weights)
    head = _head_entry(key, *found[0], length, len(found))
    return head, [_entry(key, *chunk) for chunk in found[1:]]


def assembled(prefix: str, entries: dict[str, tuple]) -> dict[str, str]:
    """Head and chunk files of one bucket from its keys' entries: {key: (is
    an exact form, head entry, [chunk entries])}."""
    heads = {"p": [], "e": []}
    later: dict[int, dict[str, list]] = defaultdict(lambda: {"p": [], "e": []})
    for key in sorted(entries):
        exact, head, rest = entries[key]
        part = "e" if exact else "p"
        heads[part].append(head)
        for number, entry in enumerate(rest, start=1):
            later[number][part].append(entry)
    files = [(prefix, heads)]
    files += [(f"{prefix}-{number}", data) for number, data in sorted(later.items())]
    return {
        name: (
            _SHARD_OPENING % json.dumps(name)
            + _PART_OPENING % "p"
            + ",\n".join(data["p"])
            + _PARTS_BETWEEN
            + ",\n".join(data["e"])
            + _PARTS_CLOSING
            + _SHARD_CLOSING
        )
        for name, data in files
    }


def _bucket_files(prefix: str, keys: dict[str, tuple]) -> dict[str, str]:
    """Head and chunk files of one bucket: `keys` maps each key to (ids,
    weights, is an exact form)."""
    return assembled(
        prefix,
        {
            key: (exact, *key_entries(key, ids, weights))
            for key, (ids, weights, exact) in keys.items()
        },
    )


def parsed_entries(head: str, texts: dict[str, str]) -> dict[str, tuple] | None:
    """What assembled(head, ...) made `texts` (a bucket's files, {shard
    name: text}) from: {key: (is an exact form, head entry, [chunk
    entries])}; None for texts it cannot have made. Keys hold no quotes or
    braces (export.py), so an entry begins where a line begins with a
    quote."""
    names = [head, *(f"{head}-{number}" for number in range(1, len(texts)))]
    if sorted(names) != sorted(texts):
        return None
    opening_plain = _PART_OPENING % "p"
    found: dict[str, tuple] = {}
    for chunk, name in enumerate(names):
        text, opening = texts[name], _SHARD_OPENING % json.dumps(name)
        if not (text.startswith(opening) and text.endswith(_SHARD_CLOSING)):
            return None
        body = text[len(opening) : -len(_SHARD_CLOSING)]
        plain, separator, exact = body.partition(_PARTS_BETWEEN)
        if not (
            separator
            and plain.startswith(opening_plain)
            and exact.endswith(_PARTS_CLOSING)
        ):
            return None
        exact = exact[: -len(_PARTS_CLOSING)]
        parts = ((False, plain[len(opening_plain) :]), (True, exact))
        for is_exact, lines in parts:
            for entry in _split_entries(lines):
                key = entry[1 : entry.find('":[')]
                known = found.get(key)
                if chunk == 0:
                    found[key] = (is_exact, entry, [])
                elif known and known[0] == is_exact and len(known[2]) == chunk - 1:
                    known[2].append(entry)
                else:
                    return None
    return found


def _split_entries(lines: str) -> list[str]:
    if not lines:
        return []
    first, *rest = lines.split(',\n"')
    return [first, *(f'"{entry}' for entry in rest)]


def _merged(first: tuple, second: tuple) -> tuple[list[int], list[int]]:
    """Two posting lists as one, the higher weight where both hold an id."""
    weights: dict[int, int] = {}
    for ids, found in (first[:2], second[:2]):
        for doc, weight in zip(ids, found, strict=True):
            weights[doc] = max(weight, weights.get(doc, 0))
    ids = sorted(weights)
    return ids, [weights[doc] for doc in ids]


def doc_text(number: int, meta: dict) -> str:
    """The text of document `number`'s d/ file, from its search record."""
    return _script("doc", number, {**meta, "x": meta["x"][:EXCERPT_CHARS]})


def doc_texts(metas: list[dict]) -> Iterator[tuple[str, str]]:
    """(relative path, text) of each d/ file."""
    for number, meta in enumerate(metas):
        yield f"d/{number}.js", doc_text(number, meta)


def doc_files(metas: list[dict]) -> dict[str, str]:
    return dict(doc_texts(metas))


def language_files(metas: list[dict]) -> dict[str, str]:
    ids: dict[str, list[int]] = defaultdict(list)
    for number, meta in enumerate(metas):
        ids[meta["l"]].append(number)
    return {
        f"l/{lang}.js": f"SamizdatSearch.lang({json.dumps(lang)},"
        f"[{_lines(_id_gaps(found), POSTINGS_PER_LINE)}]);\n"
        for lang, found in ids.items()
    }
