"""Where a build's files go: only changed files are replaced, stale ones go.

A Pelican plugin (register) and, for `make html`, the command that runs a
build beside the output and swaps it in (``python -m site_output``, build.py).
"""

from pelican import signals

from .glue import (
    on_article_generator_finalized,
    on_get_generators,
    on_get_writer,
    on_initialized,
    on_page_generator_finalized,
)


def register():
    signals.initialized.connect(on_initialized)
    signals.get_writer.connect(on_get_writer)
    signals.get_generators.connect(on_get_generators)
    signals.article_generator_finalized.connect(on_article_generator_finalized)
    signals.page_generator_finalized.connect(on_page_generator_finalized)
