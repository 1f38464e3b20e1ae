"""Pelican glue: the public key and its kind, for the verify page."""

import os

from .signing import DEFAULT_KEY_DIR, KeyFiles, is_test_key, public_key_text


class SettingsError(ValueError):
    """A BUNDLE_ setting has a value this plugin cannot use."""


def on_initialized(pelican) -> None:
    settings = pelican.settings
    settings.setdefault("BUNDLE_KEY_DIR", DEFAULT_KEY_DIR)
    key_dir = settings["BUNDLE_KEY_DIR"]
    if not isinstance(key_dir, str):
        raise SettingsError(f"BUNDLE_KEY_DIR must be a folder path, not {key_dir!r}")
    keys = KeyFiles.in_folder(os.path.expanduser(key_dir))
    if keys.public.is_file():
        settings["BUNDLE_PUBLIC_KEY"] = public_key_text(keys.public)
        settings["BUNDLE_TEST_KEY"] = is_test_key(keys.public)
    else:
        settings["BUNDLE_PUBLIC_KEY"] = ""
        settings["BUNDLE_TEST_KEY"] = False
