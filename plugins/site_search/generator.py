"""Pelican glue: index the articles, link related ones, write the shards."""

import html
import logging
import os
import re

from pelican.generators import Generator

from .export import doc_files, shard_files
from .index import Document, build_index, related

logger = logging.getLogger(__name__)

_TAG = re.compile(r"<[^>]+>")
RELATED_COUNT = 5
OUTPUT_FOLDER = "search"


def plain_text(markup: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


class SearchGenerator(Generator):
    def generate_context(self):
        # Oldest first: ids of existing articles survive new ones.
        self.articles = sorted(
            self.context.get("articles", []), key=lambda a: (a.date, a.url)
        )
        documents = [
            Document(plain_text(a.title), plain_text(a.content), a.lang)
            for a in self.articles
        ]
        self.index = build_index(documents)
        for article, similar in zip(
            self.articles, related(self.index, documents, RELATED_COUNT), strict=True
        ):
            article.related = [self.articles[other] for other in similar]
        self.documents = documents

    def generate_output(self, writer):
        metas = [
            {
                "t": document.title,
                "u": article.url,
                "i": article.date.date().isoformat(),
                "s": plain_text(getattr(article, "source", "") or ""),
                "l": article.lang,
                "r": getattr(article, "dir", "ltr"),
                "x": document.body,
            }
            for article, document in zip(self.articles, self.documents, strict=True)
        ]
        files = {**shard_files(self.index), **doc_files(metas)}
        for name, text in files.items():
            path = os.path.join(self.output_path, OUTPUT_FOLDER, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
        logger.info(
            "Search: %d articles, %d terms, %d files",
            len(metas),
            len(self.index.postings),
            len(files),
        )
