"""SITE_PAGES_ settings: defaults and checks in one place (samizdat_contract).

HOME_LATEST        how many of the newest articles the home page lists
LANGUAGE_ORDER     languages listed first, in this order, on the home page
PER_PAGE           {"language"|"month"|"source": articles per page}
MIRRORS            [(name, address), ...] listed on MIRRORS_SAVE_AS
PARTS              [(name, root, [lang, ...]), ...]: the other parts of an
                   archive split into several sites (parts.py): their
                   names, the relative path from this site's root folder to
                   theirs, and their languages

Where each page is written, relative to the output folder (str.format
patterns). Every link names the file it points to (so the copy works from
file://, under any path prefix and in a ZIM), so a page's URL is its path
and there are no separate *_URL settings:

HOME_SAVE_AS, SEARCH_SAVE_AS, NOT_FOUND_SAVE_AS, MIRRORS_SAVE_AS
LANGUAGE_SAVE_AS   a language's front page, {lang}
ARCHIVE_SAVE_AS    its months and sources, {lang}
MONTH_SAVE_AS      its articles of one month, {lang} and {month} (a date:
                   "{month:%Y-%m}")
SOURCE_SAVE_AS     its articles from one source, {lang} and {slug}
NUMBERED_SAVE_AS   older pages of a list: {base} (the list's path without
                   ".html") and {number}, counted from the oldest
FEED_SAVE_AS       per-language Atom feed, {lang}; written only when SITEURL
                   is set (feeds need absolute links)
SITEMAP_SAVE_AS    sitemap, written only when SITEURL is set
"""

import os
from datetime import UTC, datetime

from samizdat_contract import SUPPORTED_LANGUAGES, SettingsError, validate
from samizdat_contract.settings import Setting, path_pattern, tag_list, whole_number

from .parts import valid_parts

LIST_KINDS = ("language", "month", "source")


def _per_page(value) -> bool:
    return isinstance(value, dict) and all(
        whole_number(1, minimum=1).check(value.get(kind)) for kind in LIST_KINDS
    )


def _mirrors(value) -> bool:
    return isinstance(value, (list, tuple)) and all(
        isinstance(mirror, (list, tuple)) and len(mirror) == 2 for mirror in value
    )


SETTINGS = {
    "SITE_PAGES_HOME_LATEST": whole_number(20, minimum=1),
    "SITE_PAGES_LANGUAGE_ORDER": tag_list(SUPPORTED_LANGUAGES),
    "SITE_PAGES_PER_PAGE": Setting(
        {"language": 20, "month": 50, "source": 50},
        _per_page,
        "{'language': n, 'month': n, 'source': n} with whole numbers >= 1",
    ),
    "SITE_PAGES_MIRRORS": Setting([], _mirrors, "a list of (name, address) pairs"),
    "SITE_PAGES_PARTS": Setting(
        [],
        valid_parts,
        "a list of (name, relative path to the part's folder, [language tags])",
    ),
    "SITE_PAGES_HOME_SAVE_AS": path_pattern("index.html"),
    "SITE_PAGES_SEARCH_SAVE_AS": path_pattern("search.html"),
    "SITE_PAGES_NOT_FOUND_SAVE_AS": path_pattern("404.html"),
    "SITE_PAGES_MIRRORS_SAVE_AS": path_pattern("pages/mirrors.html"),
    "SITE_PAGES_LANGUAGE_SAVE_AS": path_pattern("{lang}/index.html", ["lang"]),
    "SITE_PAGES_ARCHIVE_SAVE_AS": path_pattern("{lang}/archive/index.html", ["lang"]),
    "SITE_PAGES_MONTH_SAVE_AS": path_pattern(
        "{lang}/archive/{month:%Y-%m}.html", ["lang", "month"]
    ),
    "SITE_PAGES_SOURCE_SAVE_AS": path_pattern(
        "{lang}/source/{slug}.html", ["lang", "slug"]
    ),
    "SITE_PAGES_NUMBERED_SAVE_AS": path_pattern(
        "{base}-p{number}.html", ["base", "number"]
    ),
    "SITE_PAGES_FEED_SAVE_AS": path_pattern(
        "feeds/{lang}.atom.xml", ["lang"], may_be_empty=True
    ),
    "SITE_PAGES_SITEMAP_SAVE_AS": path_pattern("sitemap.xml", may_be_empty=True),
}

__all__ = ["SETTINGS", "SettingsError", "apply_defaults", "build_date"]


def apply_defaults(settings: dict) -> None:
    validate(settings, SETTINGS)
    if not settings.get("JINJA_ENVIRONMENT", {}).get("autoescape"):
        # The theme writes plain text from the articles; it must be escaped.
        raise SettingsError(
            'JINJA_ENVIRONMENT must have "autoescape": True for this theme'
        )


def build_date(articles) -> datetime:
    """When this copy was made: SOURCE_DATE_EPOCH, else the newest article.

    Never the clock: the same input must give byte-identical pages, so that
    bundles are reproducible and update packs stay small. A site without
    articles and without SOURCE_DATE_EPOCH is dated at the Unix epoch, the
    one date that does not depend on when or where it was built.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    dates = [article.date for article in articles]
    if dates:
        return max(dates).astimezone(UTC).replace(microsecond=0)
    return datetime.fromtimestamp(0, tz=UTC)
