"""Serialisation: the search index as small scripts, loadable from file://.

Browsers refuse fetch() and modules from file://, but run classic
<script src> files; each file here calls a global the query script defines.

Files, under search/ in the output:
    meta.js     SamizdatSearch.meta("n", number of articles), then
                SamizdatSearch.meta("shards", [<key>, ...]) and
                SamizdatSearch.meta("languages", [<lang>, ...]): every t/
                and l/ file there is. search.js loads no other, so a file
                added to a copy is never run (the manifest signs meta.js)
    t/<key>.js  SamizdatSearch.shard("<key>", {"p": {term: [doc, weight,
                doc gap, weight, ...]}, "a": {surface form: stem}})
                one term per line, and long posting lists over several lines
                of POSTINGS_PER_LINE pairs, so that new articles change only
                the last line of a list (update packs carry changed lines)
                words of spaced scripts are sharded by their first two
                characters (<key> is their code points in hex, "_"-joined),
                enough to match the last word of a query as a prefix;
                terms of scripts without spaces (bigrams, syllables) go to
                one of UNSPACED_BUCKETS shards by their first character
                (<key> is "u" and the code point modulo the bucket count),
                which keeps the number of files down for Chinese or Korean
    d/<id>.js   SamizdatSearch.doc(<id>, {"t": title, "u": url, "i": ISO
                date, "s": source, "l": lang, "r": dir, "x": opening text})
    l/<lang>.js SamizdatSearch.lang("<lang>", [doc, gap, gap, ...]): the
                articles in that language, loaded only when a search is
                limited to it; POSTINGS_PER_LINE ids a line, so new articles
                change only the last line

Data shapes:
    shard_name(term) -> str
    shard_files(index) -> dict[relative path, str]
    doc_files(metas) -> dict[relative path, str]
    language_files(metas) -> dict[relative path, str]
    listing_script(files) -> str      meta.js's lists of t/ and l/ files
    write_files((folder, packed index, metas)) -> number of files written
        (one argument, so that a worker process can run it: workers.py)
"""

import json
import operator
import os
from collections import defaultdict

from .analysis import UNSPACED_CHAR
from .index import Packed, SearchIndex, unpack

EXCERPT_CHARS = 1200
POSTINGS_PER_LINE = 32
UNSPACED_BUCKETS = 509


def shard_name(term: str) -> str:
    """Which shard holds `term`; search.js computes the same."""
    if UNSPACED_CHAR.match(term):
        return f"u{ord(term[0]) % UNSPACED_BUCKETS}"
    return "_".join(f"{ord(char):x}" for char in term[:2])


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


def _shard_script(name: str, postings: dict, aliases: dict) -> str:
    entries = []
    for term in sorted(postings):
        ids, weights = postings[term]
        flat = [""] * (2 * len(ids))  # id gap, weight, id gap, weight, ...
        flat[0::2] = _id_gaps(ids)
        flat[1::2] = map(str, weights)
        entries.append(f"{_json(term)}:[{_lines(flat, 2 * POSTINGS_PER_LINE)}]")
    return (
        f'SamizdatSearch.shard({json.dumps(name)},{{"p":{{\n'
        + ",\n".join(entries)
        + f'\n}},"a":{_json(aliases)}}});\n'
    )


def shard_files(index: SearchIndex) -> dict[str, str]:
    postings: dict[str, dict] = defaultdict(dict)
    aliases: dict[str, dict] = defaultdict(dict)
    for term, found in index.postings.items():
        postings[shard_name(term)][term] = found
    for form, stem in index.aliases.items():
        aliases[shard_name(form)][form] = stem
    files = {
        f"t/{name}.js": _shard_script(name, postings[name], aliases[name])
        for name in set(postings) | set(aliases)
    }
    files["meta.js"] = _script("meta", "n", index.count)
    return files


def doc_files(metas: list[dict]) -> dict[str, str]:
    return {
        f"d/{number}.js": _script(
            "doc", number, {**meta, "x": meta["x"][:EXCERPT_CHARS]}
        )
        for number, meta in enumerate(metas)
    }


def language_files(metas: list[dict]) -> dict[str, str]:
    ids: dict[str, list[int]] = defaultdict(list)
    for number, meta in enumerate(metas):
        ids[meta["l"]].append(number)
    return {
        f"l/{lang}.js": f"SamizdatSearch.lang({json.dumps(lang)},"
        f"[{_lines(_id_gaps(found), POSTINGS_PER_LINE)}]);\n"
        for lang, found in ids.items()
    }


def listing_script(files: dict[str, str]) -> str:
    """The names of the t/<key>.js and l/<lang>.js files, for meta.js."""
    lists = {"shards": [], "languages": []}
    for name in sorted(files):
        folder, _, file = name.partition("/")
        if folder in ("t", "l") and file.endswith(".js"):
            lists["shards" if folder == "t" else "languages"].append(file[:-3])
    return "".join(
        f"SamizdatSearch.meta({json.dumps(key)},["
        + _lines([_json(name) for name in names], POSTINGS_PER_LINE)
        + "]);\n"
        for key, names in lists.items()
    )


def write_files(task: tuple[str, Packed, list[dict]]) -> int:
    folder, packed, metas = task
    files = {
        **shard_files(unpack([packed], len(metas))),
        **doc_files(metas),
        **language_files(metas),
    }
    files["meta.js"] += listing_script(files)
    for subfolder in {os.path.dirname(name) for name in files}:
        os.makedirs(os.path.join(folder, subfolder), exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
            handle.write(text)
    return len(files)
