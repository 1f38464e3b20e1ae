"""Serialisation: the search index as small scripts, loadable from file://.

Browsers refuse fetch() and modules from file://, but run classic
<script src> files; each file here calls a global the query script defines.

Files, under search/ in the output:
    rules.js    SamizdatSearch.rules({...}): the analysis rules and scoring
                weights (rules.py), with the bucket counts below
    meta.js     SamizdatSearch.meta("n", number of articles), then
                SamizdatSearch.meta("shards", [<key>, ...]) and
                SamizdatSearch.meta("languages", [<lang>, ...]): every t/
                and l/ file there is but the pair shards (numbered below
                rules.js's count; SamizdatSearch.meta("no_pairs", [...])
                lists the empty buckets). search.js loads no other, so a file
                added to a copy is never run (the manifest signs meta.js)
    t/<key>.js  SamizdatSearch.shard("<key>", {"p": {term: [doc, weight,
                doc gap, weight, ...]}, "e": {exact form: [the same]},
                "a": {surface form: stem}})
                one term per line, and long posting lists over several lines
                of POSTINGS_PER_LINE pairs, so that new articles change only
                the last line of a list (update packs carry changed lines)
                words of spaced scripts are sharded by their first two
                characters (<key> is their code points in hex, "_"-joined),
                enough to match the last word of a query as a prefix;
                terms of scripts without spaces (bigrams, syllables) go to
                one of UNSPACED_BUCKETS shards by their first character
                (<key> is "u" and the code point modulo the bucket count),
                which keeps the number of files down for Chinese or Korean;
                exact forms go with their folded form ("chờ" with "cho")
    t/q<n>.js   SamizdatSearch.shard("q<n>", {"p": {"term term": [doc, doc
                gap, ...]}}) (no weights: a pair counts once a document):
                pairs of adjacent terms, in one of pair_buckets(count)
                shards by the CRC-32 of their UTF-8 bytes modulo the count
    d/<id>.js   SamizdatSearch.doc(<id>, {"t": title, "u": url, "i": ISO
                date, "s": source, "l": lang, "r": dir, "x": opening text})
    l/<lang>.js SamizdatSearch.lang("<lang>", [doc, gap, gap, ...]): the
                articles in that language, loaded only when a search is
                limited to it; POSTINGS_PER_LINE ids a line, so new articles
                change only the last line

Data shapes:
    shard_name(term) -> str
    pair_buckets(pair postings) -> int
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
import zlib
from collections import defaultdict

from . import rules
from .analysis import unspaced
from .index import PAIR_SEPARATOR, Packed, SearchIndex, is_term, unpack

EXCERPT_CHARS = 1200
POSTINGS_PER_LINE = 32
UNSPACED_BUCKETS = 509
# Pair shards hold about this many postings, so that the few a query
# loads stay small; their number is a power of two (at least
# MIN_PAIR_BUCKETS), so it changes only when the site doubles.
PAIR_POSTINGS_PER_BUCKET = 400
MIN_PAIR_BUCKETS = 16
# A query looks up at most this many of its adjacent pairs (spread over
# it): a long run of Burmese or Chinese would otherwise load a shard for
# every pair of characters.
MAX_QUERY_PAIRS = 3


def pair_buckets(postings: int) -> int:
    buckets = MIN_PAIR_BUCKETS
    while buckets * PAIR_POSTINGS_PER_BUCKET < postings:
        buckets *= 2
    return buckets


def shard_name(term: str, buckets: int = MIN_PAIR_BUCKETS) -> str:
    """Which shard holds `term` (or pair, or exact form), with `buckets`
    pair shards; search.js computes the same."""
    if PAIR_SEPARATOR in term:
        return f"q{zlib.crc32(term.encode()) % buckets}"
    if unspaced(term):
        return f"u{ord(term[0]) % UNSPACED_BUCKETS}"
    return "_".join(f"{ord(char):x}" for char in term.translate(rules.MARKS)[:2])


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


def _postings_object(postings: dict, weighted: bool = True) -> str:
    """Lists of [id gap, weight, ...], or of id gaps alone (pairs: the
    query script counts a pair's presence, not its frequency).

    Keys are letters, marks, digits and spaces (analysis.py's character
    classes): valid JSON strings as they are, so they are not escaped one
    by one, nor are the single-document lists of most pairs built in parts:
    this loop meets every key of the index.
    """
    entries = []
    per_line = (1 + weighted) * POSTINGS_PER_LINE
    for term in sorted(postings):
        ids, weights = postings[term]
        if len(ids) == 1:
            entries.append(
                f'"{term}":[{ids[0]},{weights[0]}]'
                if weighted
                else f'"{term}":[{ids[0]}]'
            )
            continue
        if weighted:
            flat = [""] * (2 * len(ids))  # id gap, weight, id gap, weight, ...
            flat[0::2] = _id_gaps(ids)
            flat[1::2] = map(str, weights)
        else:
            flat = _id_gaps(ids)
        entries.append(f'"{term}":[{_lines(flat, per_line)}]')
    return "{\n" + ",\n".join(entries) + "\n}"


def _shard_script(name: str, postings: dict, exact: dict, aliases: dict) -> str:
    parts = [f'"p":{_postings_object(postings, weighted=not name.startswith("q"))}']
    if exact:
        parts.append(f'"e":{_postings_object(exact)}')
    if aliases:
        parts.append(f'"a":{_json(aliases)}')
    return f"SamizdatSearch.shard({json.dumps(name)},{{{','.join(parts)}}});\n"


def shard_files(index: SearchIndex) -> dict[str, str]:
    postings: dict[str, dict] = defaultdict(dict)
    exact: dict[str, dict] = defaultdict(dict)
    aliases: dict[str, dict] = defaultdict(dict)
    pairs = sum(
        len(ids) for key, (ids, _) in index.postings.items() if PAIR_SEPARATOR in key
    )
    buckets = pair_buckets(pairs)
    for key, found in index.postings.items():
        name = shard_name(key, buckets)
        if PAIR_SEPARATOR in key or is_term(key):
            postings[name][key] = found
        else:
            exact[name][key] = found
    for form, stem in index.aliases.items():
        aliases[shard_name(form)][form] = stem
    files = {
        f"t/{name}.js": _shard_script(name, postings[name], exact[name], aliases[name])
        for name in set(postings) | set(exact) | set(aliases)
    }
    files["meta.js"] = _script("meta", "n", index.count)
    files["rules.js"] = rules.script(
        {
            "unspaced_buckets": UNSPACED_BUCKETS,
            "pair_buckets": buckets,
            "max_pairs": MAX_QUERY_PAIRS,
        }
    )
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
    """The names of the t/<key>.js and l/<lang>.js files, for meta.js.

    Not the pair shards (t/q<n>.js): one per bucket, below the count in
    rules.js (signed too); listing a thousand names would add kilobytes to
    every query. Only the numbers of empty buckets are listed ("no_pairs"),
    so that a file planted for one is never run either."""
    lists = {"shards": [], "languages": []}
    pairs = set()
    for name in sorted(files):
        folder, _, file = name.partition("/")
        if folder == "t" and file.startswith("q"):
            pairs.add(int(file[1:-3]))
        elif folder in ("t", "l") and file.endswith(".js"):
            lists["shards" if folder == "t" else "languages"].append(file[:-3])
    rules_text = files.get("rules.js", "")
    buckets = (
        int(rules_text.split('"pair_buckets":')[1].split(",")[0]) if rules_text else 0
    )
    lists["no_pairs"] = [str(n) for n in range(buckets) if n not in pairs]
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
