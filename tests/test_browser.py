"""The sample site in a real browser: Debian's Chromium driven by Playwright.

axe-core (npm) checks WCAG 2.2 AA on every page type in every language at
1280 and 320 px; pages are opened over file:// and must request nothing
outside the output folder; keyboard users get a skip link first and a
visible focus everywhere; nothing scrolls sideways at 320 px.
"""

import json

import pytest
from conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
LANGUAGES = ["en", "vi", "ko", "zh-Hans", "zh-Hant", "bo", "ug", "my", "km", "lo"]
WIDTHS = [1280, 320]


def page_types(site) -> list[str]:
    """One page of each type in each language, plus the site-wide pages."""
    pages = [
        "index.html",
        "search.html",
        "404.html",
        "pages/about.html",
        "pages/verify.html",
    ]
    report = site.report["files"]
    for lang in LANGUAGES:
        entry = next(e for e in report if e["lang"] == lang)
        pages += [
            f"{lang}/index.html",
            f"{lang}/archive/index.html",
            f"{lang}/archive/2026-11.html",
            f"{lang}/{entry['slug']}.html",
        ]
        sources = sorted((site.output / lang / "source").glob("*.html"))
        pages.append(str(sources[0].relative_to(site.output)))
    return pages


@pytest.fixture(scope="session")
def axe_pages(browser):
    """One page per width, with CSP bypassed so axe can be injected."""
    pages = {}
    for width in WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": 800}, bypass_csp=True
        )
        pages[width] = context.new_page()
    yield pages
    for page in pages.values():
        page.context.close()


def run_axe(page, url: str) -> list:
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]][:3])
        for violation in results["violations"]
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_reports_no_violation(sample_site, axe_pages, width):
    failures = {}
    for relative in page_types(sample_site):
        violations = run_axe(axe_pages[width], (sample_site.output / relative).as_uri())
        if violations:
            failures[relative] = violations
    assert failures == {}, json.dumps(failures, ensure_ascii=False, indent=1)


def test_axe_in_dark_mode(sample_site, axe_pages):
    page = axe_pages[1280]
    page.emulate_media(color_scheme="dark")
    try:
        failures = {}
        for relative in [
            "index.html",
            "ko/index.html",
            "pages/about.html",
            f"ug/{sample_site.entry('017_caaf7c0ccfaa0da1.txt')['slug']}.html",
        ]:
            violations = run_axe(page, (sample_site.output / relative).as_uri())
            if violations:
                failures[relative] = violations
        assert failures == {}, failures
    finally:
        page.emulate_media(color_scheme="light")


@pytest.fixture(scope="session")
def plain_page(browser):
    """A page with the site's own CSP in force, at phone width."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    yield page
    context.close()


def test_file_urls_request_nothing_outside_the_copy(sample_site, plain_page):
    root = sample_site.output.as_uri() + "/"
    requests, failures = [], []
    plain_page.on("request", lambda request: requests.append(request.url))
    plain_page.on("requestfailed", lambda request: failures.append(request.url))
    for page in sorted(sample_site.output.rglob("*.html")):
        plain_page.goto(page.as_uri())
    outside = [url for url in requests if not url.startswith(root)]
    assert outside == []
    assert failures == []
    assert any(url.endswith("/theme/css/site.css") for url in requests)


def test_no_horizontal_scroll_at_320px(sample_site, plain_page):
    wide = []
    for relative in page_types(sample_site):
        plain_page.goto((sample_site.output / relative).as_uri())
        scroll, client = plain_page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            wide.append((relative, scroll))
    assert wide == []


FOCUS_STYLE = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  return {tag: e.tagName, cls: e.className, href: e.getAttribute('href'),
          outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
          box: e.getBoundingClientRect().width}
}"""


@pytest.mark.parametrize(
    "relative", ["index.html", "ug/index.html", "ko/bc61278492e0f439.html"]
)
def test_skip_link_first_and_focus_always_visible(sample_site, plain_page, relative):
    plain_page.goto((sample_site.output / relative).as_uri())
    plain_page.keyboard.press("Tab")
    first = plain_page.evaluate(FOCUS_STYLE)
    assert (first["tag"], first["cls"], first["href"]) == ("A", "skip", "#main")
    assert first["box"] > 0  # shown on focus, not left off-screen
    focusable = plain_page.evaluate(
        "document.querySelectorAll('a[href], input, button').length"
    )
    for _ in range(focusable):
        style = plain_page.evaluate(FOCUS_STYLE)
        assert style["outline"] != "none" and style["width"] >= 2, style
        plain_page.keyboard.press("Tab")
    plain_page.goto((sample_site.output / relative).as_uri())
    plain_page.keyboard.press("Tab")
    plain_page.keyboard.press("Enter")
    assert plain_page.evaluate("location.hash") == "#main"
