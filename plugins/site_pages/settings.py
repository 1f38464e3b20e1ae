"""SITE_PAGES_ settings: defaults in one place, validated once at start-up.

HOME_LATEST      how many of the newest articles the home page lists
LANGUAGE_ORDER   languages listed first, in this order, on the home page
FEED             per-language Atom feed path ("{lang}" filled in); written
                 only when SITEURL is set (feeds need absolute links)
SITEMAP          sitemap path, written only when SITEURL is set
MIRRORS          [(name, address), ...] listed on pages/mirrors.html
PER_PAGE         {"language"|"month"|"source": articles per page}
"""

import os
import time
from datetime import UTC, datetime

from article_reader.language import SUPPORTED

DEFAULTS = {
    "SITE_PAGES_HOME_LATEST": 20,
    "SITE_PAGES_LANGUAGE_ORDER": list(SUPPORTED),
    "SITE_PAGES_FEED": "feeds/{lang}.atom.xml",
    "SITE_PAGES_SITEMAP": "sitemap.xml",
    "SITE_PAGES_MIRRORS": [],
    "SITE_PAGES_PER_PAGE": {"language": 20, "month": 50, "source": 50},
}


class SettingsError(ValueError):
    """A SITE_PAGES_ setting has a value this plugin cannot use."""


def apply_defaults(settings: dict) -> None:
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    latest = settings["SITE_PAGES_HOME_LATEST"]
    if isinstance(latest, bool) or not isinstance(latest, int) or latest < 1:
        raise SettingsError(f"SITE_PAGES_HOME_LATEST must be >= 1, not {latest!r}")
    order = settings["SITE_PAGES_LANGUAGE_ORDER"]
    if not isinstance(order, (list, tuple)) or not all(
        isinstance(x, str) for x in order
    ):
        raise SettingsError("SITE_PAGES_LANGUAGE_ORDER must be a list of language tags")
    for name in ("SITE_PAGES_FEED", "SITE_PAGES_SITEMAP"):
        if not isinstance(settings[name], str):
            raise SettingsError(f'{name} must be a path (a string, "" for none)')
    per_page = settings["SITE_PAGES_PER_PAGE"]
    for kind in ("language", "month", "source"):
        value = per_page.get(kind) if isinstance(per_page, dict) else None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise SettingsError(
                f"SITE_PAGES_PER_PAGE[{kind!r}] must be a whole number >= 1"
            )
    mirrors = settings["SITE_PAGES_MIRRORS"]
    if not isinstance(mirrors, (list, tuple)) or not all(
        isinstance(m, (list, tuple)) and len(m) == 2 for m in mirrors
    ):
        raise SettingsError("SITE_PAGES_MIRRORS must be a list of (name, address)")
    if settings["SITE_PAGES_FEED"] and "{lang}" not in settings["SITE_PAGES_FEED"]:
        raise SettingsError("SITE_PAGES_FEED must contain {lang}")


def build_date(articles) -> datetime:
    """When this copy was made: SOURCE_DATE_EPOCH, else the newest article.

    Never the clock: the same input must give byte-identical pages, so that
    bundles are reproducible and update packs stay small.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    dates = [article.date for article in articles]
    if dates:
        return max(dates).astimezone(UTC).replace(microsecond=0)
    return datetime.fromtimestamp(time.time(), tz=UTC)
