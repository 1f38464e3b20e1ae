"""The theme's gettext catalogs, one per interface language.

Catalogs are kept as .po files only (theme/translations/<locale>/LC_MESSAGES/
messages.po) and compiled in memory at start-up, so there is no binary .mo
file to forget to rebuild.

Data shapes:
    load_catalogs(folder: str) -> dict[str, babel.support.Translations]
        keyed by Samizdat language tag ("zh-Hant"), from folder names
        ("zh_Hant")
    translations_for(catalogs, language) -> gettext.NullTranslations
        the catalog of that language, else of its base language ("zh"),
        else null translations: the English msgids themselves
"""

import gettext
import io
import os

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

DOMAIN = "messages"


def load_catalogs(folder: str) -> dict[str, Translations]:
    catalogs = {}
    if not os.path.isdir(folder):
        return catalogs
    for locale_name in sorted(os.listdir(folder)):
        po_path = os.path.join(folder, locale_name, "LC_MESSAGES", f"{DOMAIN}.po")
        if not os.path.isfile(po_path):
            continue
        with open(po_path, "rb") as handle:
            catalog = read_po(handle, locale=None)
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        catalogs[locale_name.replace("_", "-")] = Translations(compiled, domain=DOMAIN)
    return catalogs


def translations_for(catalogs: dict, language: str) -> gettext.NullTranslations:
    for candidate in (language, language.split("-")[0]):
        if candidate in catalogs:
            return catalogs[candidate]
    return gettext.NullTranslations()
