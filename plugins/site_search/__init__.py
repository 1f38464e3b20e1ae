"""Search that works from file://: Whoosh at build time, static script shards.

Layers, as in Sphinx's search: analysis.py (text -> terms) -> index.py
(Whoosh index -> weighted postings, related articles) -> export.py (shards
of plain scripts) -> theme/static/js/search.js (queries in the browser).
"""

from pelican import signals

from .generator import SearchGenerator


def get_generators(pelican):
    return SearchGenerator


def register():
    signals.get_generators.connect(get_generators)
