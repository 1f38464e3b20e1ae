"""Signal handlers, each a few lines; the work is in generator.py and structure.py."""

from .generator import (
    SitePagesGenerator,
    link_articles,
    skip_unwritten_taxonomies,
    write_sitemap,
)
from .settings import apply_defaults, build_date


def on_initialized(pelican) -> None:
    apply_defaults(pelican.settings)


def on_get_generators(pelican):
    return SitePagesGenerator


def on_article_generator_finalized(generator) -> None:
    link_articles(generator)
    skip_unwritten_taxonomies(generator)
    # One date for the whole copy, shown in every page's footer.
    generator.context["BUILD_DATE"] = date = build_date(generator.articles)
    # Bundles are numbered by their date: versions only go up.
    generator.context["COPY_VERSION"] = int(date.timestamp())


def on_all_written(pelican) -> None:
    write_sitemap(pelican.settings)
