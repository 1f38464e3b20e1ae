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


def _whole_number(settings: dict, name: str) -> int:
    value = settings[name]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SettingsError(f"{name} must be a whole number >= 0, not {value!r}")
    return value


def apply_defaults(settings: dict) -> None:
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    for name in DEFAULTS:
        _whole_number(settings, name)
    if settings["SITE_SEARCH_PROCESSES"] == 0:
        settings["SITE_SEARCH_PROCESSES"] = os.cpu_count() or 1
