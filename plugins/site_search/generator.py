"""Pelican glue: index the articles, link related ones, write the shards.

On large sites a worker process writes the shards (workers.py) while
Pelican writes the pages (related articles are found before it starts);
generate_output waits for it, before anything reads the output.
"""

import logging
import os
from collections.abc import Sequence

from pelican.generators import Generator
from samizdat_contract import cache
from samizdat_contract import metadata as keys

from . import bucket_cache, index_cache
from .export import write_files
from .index import DOCUMENTS_PER_PROCESS, Document, build_index, pack
from .index_update import updated
from .postings_cache import for_settings
from .related import for_settings as related_cache
from .related_update import updated_lists
from .shard_text import EXCERPT_CHARS
from .workers import Done, Job, processes_for

logger = logging.getLogger(__name__)

OUTPUT_FOLDER = "search"


def document(article) -> Document:
    """What is indexed of an article: the reader's plain text (contract keys),
    never its HTML."""
    return Document(
        article.title,
        " ".join(article.paragraphs),
        article.source or "",
        article.lang,
    )


class ArticleDocuments(Sequence):
    """The articles' Documents, each made when it is asked for.

    A list of them would hold every body at once beside the articles' own
    paragraphs: a second copy of the archive's text while the index is
    built (hundreds of MiB at 100,000 articles). build_index() reads each
    range once (workers' ranges as slices, pickled and dropped; a lone
    process's as an iterator), so at most one range's bodies exist at a time.
    """

    def __init__(self, articles: Sequence):
        self._articles = articles

    def __len__(self) -> int:
        return len(self._articles)

    def __getitem__(self, item):
        if isinstance(item, slice):
            return [document(article) for article in self._articles[item]]
        return document(self._articles[item])


class SearchGenerator(Generator):
    def generate_context(self):
        # Oldest first: ids of existing articles survive new ones.
        articles = sorted(
            self.context.get("articles", []), key=lambda a: (a.date, a.url)
        )
        documents = ArticleDocuments(articles)
        metas = [
            {
                "t": indexed.title,
                "u": article.url,
                "i": article.date.date().isoformat(),
                "s": indexed.source,
                "l": article.lang,
                "r": article.dir,
                # shard_text.doc_files cuts the excerpt; cut here too so that
                # the metas sent to the writer process hold no whole bodies.
                "x": indexed.body[:EXCERPT_CHARS],
            }
            for article, indexed in zip(articles, documents, strict=True)
        ]
        processes = processes_for(
            len(documents),
            DOCUMENTS_PER_PROCESS,
            self.settings["SITE_SEARCH_PROCESSES"],
        )
        logger.info("Search: %d articles, %d processes", len(documents), processes)
        postings = for_settings(self.settings)
        names = [postings.name(document) for document in documents]
        kept = index_cache.for_settings(self.settings)
        previous = kept.previous(names)
        index = None
        if previous is not None:  # articles added after the others, a few
            # changed: theirs alone analysed
            index = updated(*previous, documents, names, postings)
        if index is None:
            index = build_index(documents, processes, postings)
        kept.keep(names, index)
        languages = [article.lang for article in articles]
        # Related lists before the writer starts: beside it, this process
        # held the index while it ran (1,101 MiB together at 20,000
        # articles of a realistic vocabulary); after, it lets the index go.
        count = self.settings["SITE_SEARCH_RELATED"]
        lists = [[]] * len(articles)
        if count:
            kept_lists = related_cache(self.settings)
            lists, reused = updated_lists(
                index, languages, count, names, kept_lists.kept(count), postings
            )
            logger.info(
                "Search: related articles of %d of %d articles kept",
                reused,
                len(lists),
            )
            kept_lists.keep(names, count, lists)
        # Entries of deleted or changed articles (the related lists read
        # the last versions' terms): the cache never grows past what this
        # tree needs.
        removed = postings.keep_only(set(names))
        logger.info("Search: %d cached postings of gone articles removed", removed)
        for article, similar in zip(articles, lists, strict=True):
            setattr(article, keys.RELATED, [articles[other] for other in similar])
        self.term_count = len(index.postings)
        task = (
            os.path.join(self.output_path, OUTPUT_FOLDER),
            pack(index),
            metas,
            self.settings["SITE_SEARCH_SEGMENT"],
            names,
            bucket_cache.for_settings(self.settings),
        )
        self.written = (
            Job(write_files, task) if processes > 1 else Done(write_files(task))
        )

    def generate_output(self, writer):
        files = self.written.result()
        folder = os.path.join(self.output_path, OUTPUT_FOLDER)
        for name in files:
            cache.note_output_file(os.path.join(folder, name))
        logger.info("Search: %d terms, %d files", self.term_count, len(files))
