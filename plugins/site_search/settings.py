"""SITE_SEARCH_ settings: defaults in one place, validated once at start-up.

PROCESSES   how many processes may index a large site (0: one per CPU);
            sites under 500 articles a process are indexed in one
RELATED     how many related articles each article page lists (0: none)
"""

import os

DEFAULTS = {
    "SITE_SEARCH_PROCESSES": 0,
    "SITE_SEARCH_RELATED": 5,
}


class SettingsError(ValueError):
    """A SITE_SEARCH_ setting has a value this plugin cannot use."""


def apply_defaults(settings: dict) -> None:
    for name, default in DEFAULTS.items():
        value = settings.setdefault(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise SettingsError(f"{name} must be a whole number >= 0, not {value!r}")
    if settings["SITE_SEARCH_PROCESSES"] == 0:
        settings["SITE_SEARCH_PROCESSES"] = os.cpu_count() or 1
