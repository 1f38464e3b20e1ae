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


# Articles written for this test, one per newsroom language whose pages
# need checking: right-to-left scripts, a catalog (ru, fa), none (de, ar).
NEWSROOM_SITE = {
    "fa.txt": "روزنامه‌نگاران در تهران از دولت شفافیت خواستند\n\n"
    "گروهی از روزنامه‌نگاران روز دوشنبه در نامه‌ای سرگشاده از دولت خواستند "
    "که آمار بازداشت‌ها را منتشر کند.\n\n"
    "به گفتهٔ آنان، دست‌کم ده خبرنگار در ماه گذشته احضار شده‌اند.\n",
    "ar.txt": "صحفيون في القاهرة يطالبون الحكومة بالشفافية\n\n"
    "طالب عدد من الصحفيين يوم الاثنين في رسالة مفتوحة الحكومة بنشر أعداد "
    "المعتقلين.\n\n"
    "وقالوا إن عشرة صحفيين على الأقل استدعوا للتحقيق خلال الشهر الماضي.\n",
    "ur.txt": "کراچی میں صحافیوں کا حکومت سے شفافیت کا مطالبہ\n\n"
    "صحافیوں کے ایک گروپ نے پیر کے روز ایک کھلے خط میں حکومت سے گرفتاریوں "
    "کے اعداد و شمار شائع کرنے کا مطالبہ کیا۔\n\n"
    "ان کا کہنا ہے کہ پچھلے مہینے کم از کم دس صحافیوں کو طلب کیا گیا۔\n",
    "ps.txt": "په کابل کې خبریالانو له حکومت څخه د روڼتیا غوښتنه وکړه\n\n"
    "د خبریالانو یوې ډلې د دوشنبې په ورځ په یوه پرانیستي لیک کې له حکومت "
    "وغوښتل چې د نیول شویو کسانو شمېر خپور کړي.\n\n"
    "د دوی په وینا، تېره میاشت لږ تر لږه لس خبریالان وغوښتل شول.\n",
    "ru.txt": "Журналисты в Москве потребовали от властей открытости\n\n"
    "Группа журналистов в понедельник в открытом письме потребовала от "
    "властей опубликовать число задержанных.\n\n"
    "По их словам, за прошлый месяц на допрос вызвали не менее десяти "
    "репортёров.\n",
    "de.txt": "Journalisten in Berlin fordern Transparenz von der Regierung\n\n"
    "Eine Gruppe von Journalisten forderte die Regierung am Montag in einem "
    "offenen Brief auf, die Zahl der Festnahmen zu veröffentlichen.\n\n"
    "Nach ihren Angaben wurden im vergangenen Monat mindestens zehn Reporter "
    "vorgeladen.\n",
}
NEWSROOM_DIRECTIONS = {"fa": "rtl", "ar": "rtl", "ur": "rtl", "ps": "rtl"}


@pytest.fixture(scope="module")
def newsroom_site(tmp_path_factory):
    from conftest import run_pelican, write_files

    content = tmp_path_factory.mktemp("newsroom") / "content"
    write_files(content, NEWSROOM_SITE)
    return run_pelican(content, content.parent / "output")


def test_newsroom_languages_identified_right_to_left_and_axe_clean(
    newsroom_site, axe_pages
):
    failures = {}
    for name in NEWSROOM_SITE:
        lang = name.removesuffix(".txt")
        entry = newsroom_site.entry(name)
        assert entry["lang"] == lang, entry["lang_source"]
        assert entry["dir"] == NEWSROOM_DIRECTIONS.get(lang, "ltr")
        for relative in [f"{lang}/{entry['slug']}.html", f"{lang}/index.html"]:
            page = axe_pages[320]
            violations = run_axe(page, (newsroom_site.output / relative).as_uri())
            if violations:
                failures[relative] = violations
            if relative.endswith(f"{entry['slug']}.html"):
                direction = page.evaluate(
                    "getComputedStyle(document.querySelector('article')).direction"
                )
                assert direction == entry["dir"], relative
    for relative in ["index.html", "search.html"]:
        violations = run_axe(
            axe_pages[1280], (newsroom_site.output / relative).as_uri()
        )
        if violations:
            failures[relative] = violations
    assert failures == {}, json.dumps(failures, ensure_ascii=False, indent=1)
