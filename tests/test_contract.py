"""samizdat_contract: the direction rule, settings validation, names."""

import re

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from samizdat_contract import COPY_INFO_NAME, SettingsError, text_direction, validate
from samizdat_contract.names import readable_slug, short_hash
from samizdat_contract.settings import (
    flag,
    path_pattern,
    tag_list,
    text,
    whole_number,
)
from site_i18n.locales import babel_locale


@pytest.mark.parametrize(
    ("tag", "direction"),
    [
        ("ug", "rtl"),
        ("ar", "rtl"),
        ("fa", "rtl"),
        ("ur", "rtl"),
        ("ps", "rtl"),
        ("he", "rtl"),
        ("en", "ltr"),
        ("bo", "ltr"),
        ("zh-Hant", "ltr"),
        # The four tags the two earlier rules disagreed on; CLDR decides.
        ("ks", "rtl"),
        ("syr", "rtl"),
        ("pa-Arab", "rtl"),
        ("sd-Deva", "ltr"),
        # A script subtag decides, whatever the language's usual script.
        ("pa", "ltr"),
        ("sd", "rtl"),
        ("ug-Latn", "ltr"),
        ("az-Arab", "rtl"),
        ("uz-Arab-AF", "rtl"),
        ("xx-Arab", "rtl"),  # unknown language, known script
        ("und", "ltr"),
        ("", "ltr"),
        ("x-private", "ltr"),
        ("AR", "rtl"),
        ("zh_Hant", "ltr"),
    ],
)
def test_text_direction_from_cldr(tag, direction):
    assert text_direction(tag) == direction


# No deadline: a loaded machine must not fail the test (no times asserted).
@hypothesis_settings(deadline=None)
@given(st.text(max_size=30))
def test_text_direction_never_fails(tag):
    assert text_direction(tag) in ("ltr", "rtl")


@pytest.mark.parametrize("tag", ["ug", "fa", "ar", "ks", "en", "ko", "bo", "my"])
def test_page_direction_agrees_with_the_interface_locale(tag):
    """The interface (site_i18n) and the contract read the same CLDR data."""
    order = babel_locale(tag).character_order
    assert (order == "right-to-left") == (text_direction(tag) == "rtl")


SPEC = {
    "X_COUNT": whole_number(3, minimum=1),
    "X_ON": flag(False),
    "X_PATH": text(""),
    "X_LANGS": tag_list(("en", "ko")),
    "X_PAGE_SAVE_AS": path_pattern("{lang}/p.html", ["lang"]),
    "X_FEED_SAVE_AS": path_pattern("f/{lang}.xml", ["lang"], may_be_empty=True),
}


def test_validate_fills_in_defaults_as_copies():
    first, second = {}, {"X_COUNT": 7}
    validate(first, SPEC)
    validate(second, SPEC)
    assert first["X_COUNT"] == 3 and second["X_COUNT"] == 7
    assert first["X_LANGS"] == ["en", "ko"]
    first["X_LANGS"].append("vi")
    assert second["X_LANGS"] == ["en", "ko"]


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("X_COUNT", 0, "a whole number >= 1"),
        ("X_COUNT", True, "a whole number >= 1"),
        ("X_COUNT", "3", "a whole number >= 1"),
        ("X_ON", "yes", "true or false"),
        ("X_PATH", None, "a string"),
        ("X_LANGS", "en", "a list of language tags"),
        ("X_LANGS", ["en", ""], "a list of language tags"),
        ("X_PAGE_SAVE_AS", "p.html", "a relative path with {lang}"),
        ("X_PAGE_SAVE_AS", "/{lang}/p.html", "a relative path"),
        ("X_PAGE_SAVE_AS", "../{lang}/p.html", "a relative path"),
        ("X_PAGE_SAVE_AS", "{lang}/{slug}.html", "a relative path"),
        ("X_PAGE_SAVE_AS", "{lang/p.html", "a relative path"),
        ("X_PAGE_SAVE_AS", "", "a relative path"),
        ("X_FEED_SAVE_AS", "f/all.xml", "a relative path with {lang}"),
    ],
)
def test_validate_names_the_setting(name, value, expected):
    with pytest.raises(SettingsError, match=f"^{name} must be {re.escape(expected)}"):
        validate({name: value}, SPEC)


def test_empty_path_means_no_file_where_allowed():
    settings = {"X_FEED_SAVE_AS": ""}
    validate(settings, SPEC)
    assert settings["X_FEED_SAVE_AS"] == ""


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Radio Free Asia", "radio-free-asia"),
        ("Báo Tuổi Trẻ", "bao-tuoi-tre"),
        ("新聞.com", ""),
        ("*", ""),
        ("•", ""),
        ("한강일보", ""),
    ],
)
def test_readable_slug(name, slug):
    assert readable_slug(name) == slug


def test_short_hash_is_of_the_exact_text():
    assert short_hash("a", 8) != short_hash("A", 8)
    assert len(short_hash("\udcff", 16)) == 16  # undecodable file names too


def test_copy_info_name():
    assert COPY_INFO_NAME == "samizdat.json"
