"""SITE_I18N_ settings: defaults and checks in one place (samizdat_contract).

TRANSLATIONS_PATH  folder of <locale>/LC_MESSAGES/messages.po;
                   "" = the theme's translations/ folder
"""

import os

from samizdat_contract import SettingsError, validate
from samizdat_contract.settings import text

SETTINGS = {"SITE_I18N_TRANSLATIONS_PATH": text("")}


def apply_defaults(settings: dict) -> None:
    validate(settings, SETTINGS)
    path = settings["SITE_I18N_TRANSLATIONS_PATH"] or os.path.join(
        settings["THEME"], "translations"
    )
    if not os.path.isdir(path):
        raise SettingsError(f"SITE_I18N_TRANSLATIONS_PATH: no folder at {path!r}")
    settings["SITE_I18N_TRANSLATIONS_PATH"] = path
