"""The reading site's own pages: home, per-language fronts, archives, sources."""

from pelican import signals

from .glue import (
    on_all_written,
    on_article_generator_finalized,
    on_get_generators,
    on_initialized,
)


def register():
    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(on_get_generators)
    signals.article_generator_finalized.connect(on_article_generator_finalized)
    signals.finalized.connect(on_all_written)
