"""Every interface catalog translates every message, placeholders intact."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "theme" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def template_ids() -> set:
    with (TRANSLATIONS / "messages.pot").open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def catalogs() -> list:
    return sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def test_russian_and_persian_catalogs_exist():
    assert {path.parts[-3] for path in catalogs()} >= {"ru", "fa"}


@pytest.mark.parametrize("path", catalogs(), ids=lambda path: path.parts[-3])
def test_catalog_translates_every_message(path):
    with path.open("rb") as handle:
        catalog = read_po(handle)
    translated = {message.id: message for message in catalog if message.id}
    assert template_ids() <= set(translated), "run make translations"
    for message_id in template_ids():
        message = translated[message_id]
        assert message.string, f"{message_id!r} untranslated"
        assert not message.fuzzy, f"{message_id!r} fuzzy"
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(
            PLACEHOLDER.findall(message_id)
        ), message_id
