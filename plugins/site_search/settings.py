"""SITE_SEARCH_ settings: defaults and checks in one place (samizdat_contract).

PROCESSES   how many processes may index a large site (0: one per CPU);
            sites under 500 articles a process are indexed in one
RELATED     how many related articles each article page lists (0: none)
"""

import os

from samizdat_contract import SettingsError, validate
from samizdat_contract.settings import whole_number

SETTINGS = {
    "SITE_SEARCH_PROCESSES": whole_number(0, minimum=0),
    "SITE_SEARCH_RELATED": whole_number(5, minimum=0),
}

__all__ = ["SETTINGS", "SettingsError", "apply_defaults"]


def apply_defaults(settings: dict) -> None:
    validate(settings, SETTINGS)
    if settings["SITE_SEARCH_PROCESSES"] == 0:
        settings["SITE_SEARCH_PROCESSES"] = os.cpu_count() or 1
