"""Pelican glue: the public key and its kind, for the verify page."""

from samizdat_contract import validate
from samizdat_contract.settings import text

from .signing import DEFAULT_KEY_DIR, KeyFiles, is_test_key, public_key_text

# KEY_DIR: the folder of samizdat.pub (make html passes the Makefile's KEYDIR).
SETTINGS = {"SAMIZDAT_BUNDLE_KEY_DIR": text(DEFAULT_KEY_DIR)}


def on_initialized(pelican) -> None:
    settings = pelican.settings
    validate(settings, SETTINGS)
    keys = KeyFiles.in_folder(settings["SAMIZDAT_BUNDLE_KEY_DIR"])
    found = keys.public.is_file()
    settings["SAMIZDAT_BUNDLE_PUBLIC_KEY"] = (
        public_key_text(keys.public) if found else ""
    )
    settings["SAMIZDAT_BUNDLE_TEST_KEY"] = found and is_test_key(keys.public)
