"""SITE_SEARCH_ settings: defaults and checks in one place (samizdat_contract).

PROCESSES   how many processes may index a large site (0: one per CPU);
            sites under 500 articles a process are indexed in one
RELATED     how many related articles each article page lists (0: none)
SEGMENT     the search index's main segment holds the first articles, as
            many as a multiple of this; the recent segment the others
            (export.py): a build adding articles rewrites the recent one
"""

import os

from samizdat_contract import SettingsError, validate
from samizdat_contract.settings import whole_number

from .export import SEGMENT_SIZE

SETTINGS = {
    "SITE_SEARCH_PROCESSES": whole_number(0, minimum=0),
    "SITE_SEARCH_RELATED": whole_number(5, minimum=0),
    "SITE_SEARCH_SEGMENT": whole_number(SEGMENT_SIZE, minimum=1),
}

__all__ = ["SETTINGS", "SettingsError", "apply_defaults"]


def apply_defaults(settings: dict) -> None:
    validate(settings, SETTINGS)
    if settings["SITE_SEARCH_PROCESSES"] == 0:
        settings["SITE_SEARCH_PROCESSES"] = os.cpu_count() or 1
