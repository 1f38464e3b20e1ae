"""Pelican glue: index the articles, link related ones, write the shards.

On large sites a worker process writes the shards (workers.py) while
Pelican writes the pages: started first, it checks the last build's files
while this process updates the index and finds related articles, then
gets its task (writer.py); generate_output waits for it, before anything
reads the output.
"""

import logging
import os
from collections.abc import Sequence

from pelican.generators import Generator
from samizdat_contract import cache
from samizdat_contract import metadata as keys
from samizdat_contract.memory import release_free_memory
from samizdat_contract.output_ready import wait_for_output

from .index import DOCUMENTS_PER_PROCESS, Document
from .site_index import Caches, current_index, related_lists, search_record
from .workers import Done, Job, processes_for
from .writer import write_files, write_when_sent, writer_task

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
        processes = processes_for(
            len(documents),
            DOCUMENTS_PER_PROCESS,
            self.settings["SITE_SEARCH_PROCESSES"],
        )
        logger.info("Search: %d articles, %d processes", len(documents), processes)
        caches = Caches.for_settings(self.settings)
        wait_for_output()  # the writer reads the last build's files there
        writer = None
        if processes > 1:  # started now: it checks the last build's files
            folder = os.path.join(self.output_path, OUTPUT_FOLDER)
            writer = Job(write_when_sent, (folder, caches.buckets), awaits=True)
        try:
            self.written = self._index(articles, documents, processes, caches, writer)
        except BaseException:
            if writer is not None:
                writer.cancel()
            raise

    def _index(self, articles, documents, processes, caches, writer):
        """The index and the related lists; the writer given its task
        (`writer`: a Job waiting for it) or run in place (None)."""
        names = [caches.postings.name(document) for document in documents]
        index = current_index(documents, names, processes, caches)
        # Related lists before the writer has its task: beside it, this process
        # held the index while it ran (1,101 MiB together at 20,000
        # articles of a realistic vocabulary); after, it lets the index go.
        languages = [article.lang for article in articles]
        count = self.settings["SITE_SEARCH_RELATED"]
        lists = related_lists(index, languages, count, names, caches)
        for article, similar in zip(articles, lists, strict=True):
            setattr(article, keys.RELATED, [articles[other] for other in similar])
        self.term_count = len(index.postings)
        # The records only now: made first, they waited beside the index
        # while it was built and related lists found (about 170 MB at
        # 100,000 articles, at this process's peak).
        task = writer_task(
            os.path.join(self.output_path, OUTPUT_FOLDER),
            index,
            list(map(search_record, articles, documents)),
            self.settings["SITE_SEARCH_SEGMENT"],
            names,
            caches.buckets,
        )
        if writer is None:
            written = Done(write_files(task))
        else:
            writer.send(task)
            written = writer
        # The writer has what it needs (in its task's files): the index goes
        # before the writer grows beside this process.
        del task, index
        # Entries of deleted or changed articles go only now (the related
        # lists read the last versions' terms), while the writer runs: the
        # cache never grows past what this tree needs.
        removed = caches.postings.keep_only(set(names))
        logger.info("Search: %d cached postings of gone articles removed", removed)
        # The index's pages back to the system, not kept in the heap while
        # the pages are written beside the writer (the build's peak).
        release_free_memory()
        return written

    def generate_output(self, writer):
        files = self.written.result()
        folder = os.path.join(self.output_path, OUTPUT_FOLDER)
        for name in files:
            cache.note_output_file(os.path.join(folder, name))
        logger.info("Search: %d terms, %d files", self.term_count, len(files))
