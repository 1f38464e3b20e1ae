"""Signal handlers, each a few lines; the work is in generator.py and structure.py."""

from .generator import SitePagesGenerator, link_articles, write_sitemap
from .settings import apply_defaults, build_date


def on_initialized(pelican) -> None:
    apply_defaults(pelican.settings)


def on_generator_init(generator) -> None:
    # One date for the whole copy, shown in every page's footer.
    generator.context.setdefault("BUILD_DATE", build_date())


def on_get_generators(pelican):
    return SitePagesGenerator


def on_article_generator_finalized(generator) -> None:
    link_articles(generator)


def on_all_written(pelican) -> None:
    write_sitemap(pelican.settings)
