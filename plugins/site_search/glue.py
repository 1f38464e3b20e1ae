"""Signal handlers, each a few lines; the work is in generator.py."""

from .generator import SearchGenerator
from .settings import apply_defaults


def on_initialized(pelican) -> None:
    apply_defaults(pelican.settings)


def on_get_generators(pelican):
    return SearchGenerator
