"""Samizdat's reader for scraped article text files (see analysis.py)."""

from pelican import signals

from .reader import (
    on_article_generator_finalized,
    on_article_generator_init,
    on_article_generator_pretaxonomy,
    on_finalized,
    on_initialized,
    on_readers_init,
)


def register():
    signals.initialized.connect(on_initialized)
    signals.readers_init.connect(on_readers_init)
    signals.article_generator_init.connect(on_article_generator_init)
    signals.article_generator_pretaxonomy.connect(on_article_generator_pretaxonomy)
    signals.article_generator_finalized.connect(on_article_generator_finalized)
    signals.finalized.connect(on_finalized)
