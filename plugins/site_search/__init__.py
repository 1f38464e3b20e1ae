"""Search that works from file://: built at build time, static script shards.

Layers, as in Sphinx's search: rules.py (the text rules and scoring
weights, as data; also written as search/rules.js for the browser) ->
analysis.py (text -> terms, Snowball stemmers) -> index.py (weighted
postings), related.py (related articles) -> export.py (shards of plain scripts) ->
theme/static/js/search.js (queries in the browser), minified into the
output by minify.py. workers.py runs the heavy parts in other processes.
"""


def register():
    # Imported here, not with the package: the search worker processes
    # import site_search.workers, and Pelican's modules cost each of them
    # about half a second of CPU for nothing.
    from pelican import signals

    from .glue import on_finalized, on_get_generators, on_initialized

    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(on_get_generators)
    signals.finalized.connect(on_finalized)
