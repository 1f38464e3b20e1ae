"""An archive split into parts (SITE_PAGES_PARTS): sites built apart, side by
side, that link to each other and reach each other's search from one page."""

import urllib.parse

import pytest
from conftest import broken_links, page_facts, run_pelican, write_files
from samizdat_contract import SettingsError
from site_pages.parts import part_links, valid_parts
from site_pages.paths import PagePaths
from site_pages.settings import SETTINGS, apply_defaults
from test_browser import run_axe
from test_html_validity import nu_checker

ENGLISH = {
    "a.txt": "Title: Flood waters reach the old market\nLang: en\nDate: 2026-03-02\n"
    "Source: River Post\n\nFlood waters reached the old market on Monday.\n",
}
KOREAN = {
    "b.txt": "Title: 장마당 상인들이 단속에 반발\nLang: ko\nDate: 2026-04-05\n"
    "Source: Han River Daily\n\n장마당 상인들이 당국의 단속에 반발했다.\n",
}


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ([], True),
        ([("Korean", "../samizdat-ko", ["ko"])], True),
        ([("2010-2019", "../en-2010s/", ["en", "vi"])], True),
        ([("Korean", "samizdat-ko", [])], True),
        ([("Korean", "/srv/samizdat-ko", ["ko"])], False),  # absolute
        ([("Korean", "https://example.org/ko", ["ko"])], False),
        ([("Korean", "C:/ko", ["ko"])], False),
        ([("Korean", "..\\ko", ["ko"])], False),
        ([("Korean", "../ko?x=1", ["ko"])], False),
        ([("Korean", "../my ko", ["ko"])], False),
        ([("Korean", ".", ["ko"])], False),  # this site
        ([("Korean", "a/..", ["ko"])], False),
        ([("", "../ko", ["ko"])], False),
        ([("Korean", "../ko", "ko")], False),  # a string, not a list
        ([("Korean", "../ko")], False),
        ("../ko", False),
    ],
)
def test_parts_setting_is_checked(value, valid):
    assert valid_parts(value) is valid
    settings = {"JINJA_ENVIRONMENT": {"autoescape": True}, "SITE_PAGES_PARTS": value}
    if valid:
        apply_defaults(settings)
    else:
        with pytest.raises(SettingsError, match="SITE_PAGES_PARTS"):
            apply_defaults(settings)


def test_part_links_follow_the_page_settings():
    settings = {name: setting.default for name, setting in SETTINGS.items()}
    settings["SITE_PAGES_SEARCH_SAVE_AS"] = "find/index.html"
    (link,) = part_links(
        [("Korean", "../samizdat-ko/", ["ko", "ug"])], PagePaths(settings)
    )
    assert link.url == "../samizdat-ko/index.html"
    assert link.search_url == "../samizdat-ko/find/index.html"
    assert [(lang.lang, lang.dir, lang.archive_url) for lang in link.languages] == [
        ("ko", "ltr", "../samizdat-ko/ko/archive/index.html"),
        ("ug", "rtl", "../samizdat-ko/ug/archive/index.html"),
    ]


@pytest.fixture(scope="module")
def two_parts(tmp_path_factory):
    """An English part and a Korean part, built apart into sibling folders."""
    root = tmp_path_factory.mktemp("parts")
    for name, files, other in (
        ("samizdat-en", ENGLISH, ("한국어", "../samizdat-ko", ["ko"])),
        ("samizdat-ko", KOREAN, ("English", "../samizdat-en", ["en"])),
    ):
        write_files(root / f"{name}-content", files)
        run_pelican(root / f"{name}-content", root / name, SITE_PAGES_PARTS=[other])
    return root


def test_parts_link_to_each_other_by_relative_links_naming_files(two_parts):
    root = two_parts
    for page in ("index.html", "search.html", "en/archive/index.html"):
        path = root / "samizdat-en" / page
        assert broken_links(path, page_facts(path)) == [], page
    home = (root / "samizdat-en" / "index.html").read_text(encoding="utf-8")
    assert 'href="./../samizdat-ko/index.html" dir="auto">한국어</a>' in home
    search = (root / "samizdat-ko" / "search.html").read_text(encoding="utf-8")
    assert 'data-search="./../samizdat-en/search.html"' in search
    assert 'href="./../samizdat-en/en/archive/index.html"' in search  # no JS
    # A site without parts has none of it.
    plain = run_pelican(root / "samizdat-en-content", root / "plain")
    assert "search-parts.js" not in (plain.output / "search.html").read_text(
        encoding="utf-8"
    )
    assert "archive-parts" not in (plain.output / "index.html").read_text(
        encoding="utf-8"
    )


@pytest.mark.browser
def test_one_search_page_reaches_every_part_over_file_urls(two_parts, browser):
    root = two_parts
    english, korean = (root / "samizdat-en").as_uri(), (root / "samizdat-ko").as_uri()
    context = browser.new_context()
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        # A bookmarked search in the other part's language goes there.
        query = urllib.parse.urlencode({"q": "장마당", "lang": "ko"})
        page.goto(f"{english}/search.html?{query}")
        page.wait_for_url(f"{korean}/search.html?*")
        page.wait_for_function(
            "document.getElementById('search-status').textContent !== ''"
        )
        first = page.locator("#search-results ol > li > a").first
        assert first.get_attribute("href").startswith(f"{korean}/ko/")
        # The form: choose English (the other part's) and search from here.
        page.fill("#q", "flood market")
        page.select_option("#search-lang", label="English")
        page.click("header form button")
        page.wait_for_url(f"{english}/search.html?*")
        page.wait_for_function(
            "document.getElementById('search-status').textContent !== ''"
        )
        first = page.locator("#search-results ol > li > a").first
        assert first.get_attribute("href").startswith(f"{english}/en/")
        # All languages: results from this part, links to the others' with
        # the query.
        page.goto(f"{english}/search.html?q=market")
        link = page.locator("#archive-parts a").first
        assert link.get_attribute("href").endswith(
            "../samizdat-ko/search.html?q=market"
        )
    finally:
        context.close()
    assert all(url.startswith(root.as_uri()) for url in requested), requested


@pytest.mark.browser
def test_part_pages_are_valid_and_accessible(two_parts, browser):
    root = two_parts
    pages = [
        root / part / page
        for part in ("samizdat-en", "samizdat-ko")
        for page in ("index.html", "search.html")
    ]
    messages, _status = nu_checker(pages)
    assert [m for m in messages if m.get("type") != "info"] == []
    context = browser.new_context(bypass_csp=True)  # so axe can be injected
    try:
        axe = context.new_page()
        for page in pages:
            assert run_axe(axe, page.as_uri()) == [], page
    finally:
        context.close()
