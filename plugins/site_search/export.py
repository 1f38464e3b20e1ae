"""Serialisation: the search index as small scripts, loadable from file://.

Browsers refuse fetch() and modules from file://, but run classic
<script src> files; each file here calls a global the query script defines.

Files, under search/ in the output:
    rules.js    SamizdatSearch.rules({...}): the analysis rules and scoring
                weights (rules.py), and PREFIX_CHARS (chunks.py)
    meta.js     SamizdatSearch.meta("n", number of articles),
                SamizdatSearch.meta("buckets", {"t": term buckets, "q": pair
                buckets}) and SamizdatSearch.meta("languages", [<lang>, ...]).
                search.js loads no file it cannot name from these (and from
                the head files they name: see t/<b>-<c>.js), so a file
                added to a copy is never run; the manifest signs them all
    t/<b>.js    SamizdatSearch.shard("<b>", {"p": {term: [number of postings,
                number of chunks, doc gap, weight, doc gap, weight, ...]},
                "e": {exact form: [the same]}, "a": {surface form: stem}}):
                the head of bucket <b> (chunks.py): each key's first chunk;
                one file for every bucket below the count, empty ones too
    t/<b>-<c>.js SamizdatSearch.shard("<b>-<c>", {"p": {term: [doc gap,
                weight, ...]}, "e": {...}}): chunk <c> (from 1) of the keys
                of bucket <b> that have that many; loaded only when a loaded
                head says one of its keys has more than <c> chunks
    t/q<b>.js, t/q<b>-<c>.js  the same for pairs of adjacent terms ("term
                term"), for phrases, each keyed by the hex CRC-32 of its
                UTF-8 bytes (a third of the bytes of two words; the rare
                pairs that share one share a list); only pairs of terms held
                by at least
                PAIR_MIN_POSTINGS articles each (a pair of a rarer term
                reorders nothing: that term alone picks the articles)
                One key a line (an alias a line), long lists over several
                lines of POSTINGS_PER_LINE pairs from their oldest, and the
                length and chunk count of a list with later chunks on a
                line of their own, so that a new article (the newest ids)
                changes the last line of one chunk of each of its keys and
                their length lines (update packs carry changed lines).
    d/<id>.js   SamizdatSearch.doc(<id>, {"t": title, "u": url, "i": ISO
                date, "s": source, "l": lang, "r": dir, "x": opening text})
    l/<lang>.js SamizdatSearch.lang("<lang>", [doc, gap, gap, ...]): the
                articles in that language, loaded only when a search is
                limited to it; POSTINGS_PER_LINE ids a line

Files are written only when their bytes change, by replacing them
(cache.write_if_changed): an unchanged shard keeps its mtime, and a file
hard-linked from a previous output is never written through.

Data shapes:
    shard_name(key, buckets) -> str      "12" or "q7"
    (a pair's text is made from its words' numbers, keys.py, only when
    its bucket is written)
    shard_texts(packed index, count) -> iterator of (relative path, str),
        bucket by bucket; shard_files(index) -> dict of the same
    doc_texts(metas) -> iterator of (relative path, str); doc_files(metas)
        -> dict of the same
    language_files(metas) -> dict[relative path, str]
    write_files((folder, packed index, metas, BucketCache or None)) -> list
        of the file names it wrote or found unchanged (relative to folder)
        (one argument, so that a worker process can run it: workers.py)
"""

import json
import operator
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from samizdat_contract.cache import write_if_changed

from . import rules
from .bucket_cache import BucketCache, SeenBuckets, inputs_digest
from .chunks import (
    FIRST_CHUNK,
    FIRST_PAGE_CHUNKS,
    PREFIX_CHARS,
    bucket_count,
    bucket_of,
    chunks,
)
from .index import PAIR_SEPARATOR, Packed, SearchIndex, pack, posting_starts
from .related import is_term

# The opening text a result's snippet is cut from (search.js shows 240
# characters around the first match in it, else the opening). Each result
# shown loads its d/<id>.js: at 1,200 characters, ten results were half of a
# query's bytes (about 1.2 KB gzipped each, more in CJK and Khmer).
EXCERPT_CHARS = 600
# A new article's posting rewrites the last line of a list's chunk: at 16
# postings a line, 100 new articles at 5,000 changed 1.57 MB of search
# lines (1.81 MB at 32, 1.42 MB at 8, where a line break is 1 byte in 8
# postings of a query's download).
POSTINGS_PER_LINE = 16
PAIR_MIN_POSTINGS = 2
# A query looks up at most this many of its adjacent pairs (spread over
# it): a long run of Burmese or Chinese would otherwise load a shard for
# every pair of characters.
MAX_QUERY_PAIRS = 3
FOLDERS = ("t", "d", "l")


def shard_name(key: str, buckets: dict[str, int]) -> str:
    """The head file's name for `key` (a term, an exact form or a pair),
    given the bucket counts {"t": terms, "q": pairs}; search.js computes
    the same."""
    if PAIR_SEPARATOR in key:
        return f"q{bucket_of(key, buckets['q'])}"
    return str(bucket_of(key, buckets["t"]))


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


def _bucket_files(prefix: str, keys: dict[str, tuple], aliases) -> dict[str, str]:
    """Head and chunk files of one bucket: `keys` maps each key to (ids,
    weights, is an exact form); `aliases` {form: stem} go in the head."""
    heads = {"p": [], "e": []}
    later: dict[int, dict[str, list]] = defaultdict(lambda: {"p": [], "e": []})
    for key in sorted(keys):
        ids, weights, exact = keys[key]
        part = "e" if exact else "p"
        length = len(ids)
        if length <= FIRST_CHUNK:  # most keys: no sorting by weight
            heads[part].append(_head_entry(key, ids, weights, length, 1))
            continue
        found = chunks(ids, weights)
        heads[part].append(_head_entry(key, *found[0], length, len(found)))
        for number, (chunk_ids, chunk_weights) in enumerate(found[1:], start=1):
            later[number][part].append(_entry(key, chunk_ids, chunk_weights))
    texts = {
        name: ",".join(f'"{part}":{_object(entries)}' for part, entries in data.items())
        for name, data in [(prefix, heads)]
        + [(f"{prefix}-{number}", data) for number, data in sorted(later.items())]
    }
    if aliases:  # a form a line: a new form adds a line
        texts[prefix] += ',"a":' + _object(
            [f"{_json(form)}:{_json(aliases[form])}" for form in sorted(aliases)]
        )
    return {
        name: f"SamizdatSearch.shard({json.dumps(name)},{{{text}}});\n"
        for name, text in texts.items()
    }


def _merged(first: tuple, second: tuple) -> tuple[list[int], list[int]]:
    """Two posting lists as one, the higher weight where both hold an id."""
    weights: dict[int, int] = {}
    for ids, found in (first[:2], second[:2]):
        for doc, weight in zip(ids, found, strict=True):
            weights[doc] = max(weight, weights.get(doc, 0))
    ids = sorted(weights)
    return ids, [weights[doc] for doc in ids]


def _pair_file(key: str, buckets: dict[str, int]) -> tuple[str, str]:
    """(bucket, name in it) of a pair: its hex CRC-32 in bucket q<b>."""
    digest = zlib.crc32(key.encode())
    return f"q{digest % buckets['q']}", format(digest, "x")


def _members(packed: Packed) -> tuple[dict[str, int], dict[str, array]]:
    """The bucket counts, and {bucket name: numbers of its keys in
    `packed`}: every bucket below the counts, empty ones too, numbers
    ascending. Pairs of a rarer term are left out (told by their words'
    numbers: no pair's text is made here)."""
    terms, counts = packed.terms, packed.counts
    term_numbers = range(len(terms.words))
    pair_numbers = array(
        "I",
        (
            number
            for number in range(len(terms.words), len(terms))
            if min(map(counts.__getitem__, terms.pair_words(number)))
            >= PAIR_MIN_POSTINGS
        ),
    )

    def heads(numbers):
        return sum(min(FIRST_CHUNK, counts[number]) for number in numbers)

    buckets = {
        "t": bucket_count(heads(term_numbers)),
        "q": bucket_count(heads(pair_numbers)),
    }
    members = {
        **{str(n): array("I") for n in range(buckets["t"])},
        **{f"q{n}": array("I") for n in range(buckets["q"])},
    }
    for number in term_numbers:
        members[shard_name(terms[number], buckets)].append(number)
    for number in pair_numbers:
        members[_pair_file(terms[number], buckets)[0]].append(number)
    return buckets, members


def shard_texts(
    packed: Packed, count: int, seen: SeenBuckets | None = None
) -> Iterator[tuple[str, str | None]]:
    """(relative path, text) of every t/ file, then meta.js's first lines
    and rules.js, for the packed index of `count` documents. With `seen`,
    a bucket whose inputs and files are as the last build left them gives
    (relative path, None) for each of its files, its text not made
    (bucket_cache.py).

    One bucket at a time: until its turn a bucket is the numbers of its
    keys, so only one bucket's posting slices and texts exist at once (all
    of them, made before any was written, were most of the writer
    process's memory: 2.2 GiB at 20,000 articles of a realistic
    vocabulary)."""
    buckets, members = _members(packed)
    aliases: dict[str, dict[str, str]] = defaultdict(dict)
    for form, stem in packed.aliases.items():
        aliases[shard_name(form, buckets)][form] = stem
    terms, counts, starts = packed.terms, packed.counts, posting_starts(packed.counts)
    for name in list(members):
        keys: dict[str, tuple] = {}
        for number in members.pop(name):
            key, start = terms[number], starts[number]
            end = start + counts[number]
            ids, weights = packed.ids[start:end], packed.weights[start:end]
            if name.startswith("q"):
                hashed = _pair_file(key, buckets)[1]
                if hashed in keys:  # two pairs with one CRC-32: one list of both
                    ids, weights = _merged(keys[hashed], (ids, weights))
                keys[hashed] = (ids, weights, False)
            else:
                keys[key] = (ids, weights, not is_term(key))
        if seen is not None:
            digest = inputs_digest(name, buckets, keys, aliases.get(name))
            unchanged = seen.unchanged(name, digest)
            if unchanged is not None:
                yield from ((path, None) for path in unchanged)
                continue
        files = {
            f"t/{file}.js": text
            for file, text in _bucket_files(name, keys, aliases.get(name)).items()
        }
        if seen is not None:
            seen.made(name, digest, files)
        yield from files.items()
    yield "meta.js", _script("meta", "n", count) + _script("meta", "buckets", buckets)
    yield (
        "rules.js",
        rules.script(
            {
                "prefix_chars": PREFIX_CHARS,
                "max_pairs": MAX_QUERY_PAIRS,
                "first_page_chunks": FIRST_PAGE_CHUNKS,
            }
        ),
    )


def shard_files(index: SearchIndex) -> dict[str, str]:
    """Every t/ file, meta.js's first lines and rules.js."""
    return dict(shard_texts(pack(index), index.count))


def doc_texts(metas: list[dict]) -> Iterator[tuple[str, str]]:
    """(relative path, text) of each d/ file."""
    for number, meta in enumerate(metas):
        yield (
            f"d/{number}.js",
            _script("doc", number, {**meta, "x": meta["x"][:EXCERPT_CHARS]}),
        )


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


def _remove_stale(folder: Path, names: set[str]) -> None:
    """Files of an earlier build that this one does not write (a bucket
    count that doubled, a deleted article): never loaded, but listed in a
    bundle's manifest if left."""
    for sub in FOLDERS:
        for path in (folder / sub).glob("*.js"):
            if f"{sub}/{path.name}" not in names:
                path.unlink()


def write_files(
    task: tuple[str, Packed, list[dict], BucketCache | None],
) -> list[str]:
    """Each file is written as soon as its text is made (see shard_texts);
    meta.js last, once the languages are known. With a BucketCache, the
    buckets the last build wrote from the same postings are not made again
    (bucket_cache.py)."""
    folder, packed, metas, kept = task
    folder = Path(folder)
    seen = SeenBuckets(folder, kept.load()) if kept else None
    names: set[str] = set()
    meta = ""
    languages = language_files(metas)
    for name, text in chain(
        shard_texts(packed, len(metas), seen), doc_texts(metas), languages.items()
    ):
        if name == "meta.js":
            meta = text
            continue
        names.add(name)
        if text is not None:  # None: a bucket's file left as it is
            write_if_changed(folder / name, text.encode("utf-8"))
    meta += _script("meta", "languages", sorted(name[2:-3] for name in languages))
    names.add("meta.js")
    write_if_changed(folder / "meta.js", meta.encode("utf-8"))
    # After writing: a file of this build is never removed.
    _remove_stale(folder, names)
    if kept:
        kept.save(seen.record)
    # Returned, not only noted here: in a worker process the note would be
    # lost, and the build would take an unchanged file for a stale one.
    return sorted(names)
