"""A site's search index and related lists, from the last build's where it
can: the steps the Pelican glue (generator.py) runs, without Pelican.

Data shapes:
    Caches(postings, index, related, buckets): the plugin's caches of one
        build (postings_cache, index_cache, related, bucket_cache)
    search_record(article, document) -> {"t", "u", "i", "s", "l", "r", "x"}
        what the writer puts in an article's d/ file: title, URL, ISO date,
        source, language, direction, the start of the body
    current_index(documents, names, processes, caches) -> SearchIndex
    related_lists(index, languages, count, names, caches) -> list[list[int]]
        each article's related articles, by position
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from samizdat_contract.memory import release_free_memory

from . import bucket_cache, index_cache, postings_cache, related
from .index import Document, SearchIndex, build_index
from .index_update import changed_keys, updated
from .related_update import updated_lists
from .shard_text import EXCERPT_CHARS

logger = logging.getLogger(__name__)


@dataclass
class Caches:
    postings: postings_cache.PostingsCache
    index: index_cache.IndexCache
    related: related.RelatedCache
    buckets: bucket_cache.BucketCache

    @classmethod
    def for_settings(cls, settings) -> "Caches":
        return cls(
            postings_cache.for_settings(settings),
            index_cache.for_settings(settings),
            related.for_settings(settings),
            bucket_cache.for_settings(settings),
        )


def search_record(article, document: Document) -> dict[str, str]:
    return {
        "t": document.title,
        "u": article.url,
        "i": article.date.date().isoformat(),
        "s": document.source,
        "l": article.lang,
        "r": article.dir,
        # shard_text.doc_files cuts the excerpt; cut here too so that the
        # records sent to the writer process hold no whole bodies.
        "x": document.body[:EXCERPT_CHARS],
    }


def current_index(
    documents: Sequence[Document], names: list[str], processes: int, caches: Caches
) -> SearchIndex:
    """The last build's index with added articles after it and a few
    changed ones in place (index_update.py), else one built afresh; kept
    for the next build. caches.buckets is told what the update changed
    (the writer makes only the main segment's buckets it moved), or
    nothing where the index was built afresh."""
    previous = caches.index.previous(names)
    index = changes = None
    if previous is not None:
        index = updated(*previous, documents, names, caches.postings)
        if index is not None:
            changes = changed_keys(previous[0], names, caches.postings)
    if index is None:
        index = build_index(documents, processes, caches.postings)
    caches.index.keep(names, index)
    caches.buckets = replace(caches.buckets, changes=changes)
    # The ranges' or the kept index's arrays, copied into this one, freed:
    # the related lists that come next are the Pelican process's peak.
    release_free_memory()
    return index


def related_lists(
    index: SearchIndex, languages: list[str], count: int, names, caches: Caches
) -> list[list[int]]:
    """`count` related articles of each (none when `count` is 0), the last
    build's lists kept where no change can have moved them."""
    if not count:
        return [[]] * len(languages)
    kept = caches.related.kept(count)
    lists, facts, reused = updated_lists(
        index, languages, count, names, kept, caches.postings
    )
    logger.info(
        "Search: related articles of %d of %d articles kept", reused, len(lists)
    )
    caches.related.keep(names, count, lists, facts)
    return lists
