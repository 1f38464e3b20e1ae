"""A bucket made again from the last build's files, where only some of its
keys moved.

In a build that changed articles in place (bucket_cache.py), a bucket
holding a key that moved is made again, though most of its keys did not
move: a rewritten article moves about a thousand keys (its pairs), each
in a bucket of about a hundred others. Making every key's entries again
(its postings sliced, chunked and written as text) was most of the search
writer in a build that changed 10 articles of 20,000. A key's entries are
a function of its own postings alone (shard_text.key_entries), so a key
that did not move has the entries the last build wrote: they are taken
from its files, when each is as recorded (bucket_cache's stamps), and
only the moved keys' entries are made. The files are the same bytes as a
bucket made from scratch: shard_text.assembled makes both.

Such a bucket's inputs are not digested: it is recorded with
bucket_cache.REUSED, so a later build that compares its inputs' digest
makes it again.

Data shapes:
    reused_texts(packed, span, (prefix, folder), name, numbers, moved,
        SeenSegments) -> [(relative path, text, or None for a file the
        last build wrote with that text)] | None
        numbers: (key numbers, their CRC-32s in a pair bucket, else None),
        as bucket_keys.grouped gives them; moved: the names of the
        bucket's keys that moved, as bucket_keys.moved_buckets gives them
"""

from array import array

from .bucket_cache import REUSED, SeenSegments
from .bucket_keys import key_names, key_postings
from .postings import Packed
from .shard_text import assembled, key_entries, parsed_entries


def reused_texts(
    packed: Packed,
    span: tuple[array, array],
    segment: tuple[str, str],
    name: str,
    numbers: tuple[array, array | None],
    moved: set[str],
    seen: SeenSegments,
) -> list[tuple[str, str | None]] | None:
    """(relative path, text) of each file of bucket `name` of a segment
    (`segment`: its bucket names' prefix and its folder; its postings of
    key n at lows[n]:highs[n] of `span`), the keys named in `moved` made
    from their postings, the others' entries taken from the last build's
    files; text None for a file that comes out as recorded (left as it
    is: export.shard_texts' (path, None)); None when those are not as
    recorded."""
    prefix, folder = segment
    recorded = seen.recorded_texts(prefix, name)
    if recorded is None:
        return None
    skip = len(folder) + 1  # "t/q7.js" -> shard "q7", "r/q7.js" -> "rq7"
    last = parsed_entries(
        name, {prefix + path[skip:-3]: text for path, text in recorded.items()}
    )
    if last is None:
        return None
    # Made again: the moved keys, and a pair that joined the bucket.
    fresh = key_postings(
        packed, span, numbers, lambda key: key in moved or key not in last
    )
    entries = {}
    for key in key_names(packed, numbers):
        if key in fresh:
            ids, weights, exact = fresh[key]
            entries[key] = (exact, *key_entries(key, ids, weights))
        else:
            entries[key] = last[key]
    files = {
        f"{folder}/{file[len(prefix) :]}.js": text
        for file, text in assembled(name, entries).items()
    }
    seen.bucket_made(prefix, name, REUSED, files)
    # A file of the bucket holding no moved key (a later chunk the moved
    # keys do not reach) is the recorded one: left as it is, not read
    # from the output again to be compared.
    return [
        (path, None if text == recorded.get(path) else text)
        for path, text in files.items()
    ]
