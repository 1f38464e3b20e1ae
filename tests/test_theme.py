"""The theme over the sample site and a generated corpus, without a browser."""

import re
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from conftest import ROOT, broken_links, page_facts, run_pelican

sys.path.insert(0, str(ROOT / "bench"))
from corpus import write_corpus

LANGUAGES = ["en", "vi", "ko", "zh-Hans", "zh-Hant", "bo", "ug", "my", "km", "lo"]
KB = 1024


def html_pages(site) -> list[Path]:
    return sorted(site.output.rglob("*.html"))


def test_site_structure(sample_site):
    out = sample_site.output
    for name in [
        "index.html",
        "search.html",
        "404.html",
        "pages/about.html",
        "pages/verify.html",
    ]:
        assert (out / name).is_file(), name
    for lang in LANGUAGES:
        assert (out / lang / "index.html").is_file()
        assert (out / lang / "archive" / "index.html").is_file()
        assert (out / lang / "archive" / "2026-11.html").is_file()
    assert (out / "ko" / "source" / "han-river-daily.html").is_file()
    assert not (out / "sitemap.xml").exists()
    assert not (out / "feeds").exists()


def test_every_page_is_well_formed_for_readers(sample_site):
    for page in html_pages(sample_site):
        facts = page_facts(page)
        assert facts.counts.get("h1") == 1, page
        assert facts.counts.get("main") == 1, page
        first_tag, first = facts.focusable[0]
        assert (first_tag, first.get("href"), first.get("class")) == (
            "a",
            "#main",
            "skip",
        ), page
        assert "main" in facts.ids
        csp = facts.meta["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "'unsafe-inline'" not in csp
        assert facts.meta["referrer"] == "no-referrer"
        # Reading needs no script; only the search page loads one, from the copy.
        assert facts.counts.get("script", 0) == (page.name == "search.html"), page
        assert facts.counts.get("img", 0) == 0
        assert broken_links(page, facts) == [], page
        assert facts.html_attrs.get("lang") and facts.html_attrs.get("dir"), page


@pytest.mark.parametrize(
    ("page", "lang", "direction", "ui_text"),
    [
        ("index.html", "en", "ltr", "This copy was made on November 29, 2026."),
        ("ko/index.html", "ko", "ltr", "본문으로 건너뛰기"),
        ("ug/index.html", "ug", "rtl", "مەزمۇنغا ئۆتۈش"),
        ("ug/archive/index.html", "ug", "rtl", "ئارخىپ"),
        ("zh-Hant/archive/2026-11.html", "zh-Hant", "ltr", "跳到正文"),
        ("bo/index.html", "bo", "ltr", "ནང་དོན་ལ་མཆོང་།"),
        (
            "vi/nha-bao-tu-do-bi-bat-sau-loat-bai-ve-dat-dai-o-dong-thap.html",
            "vi",
            "ltr",
            "Ảnh không có trong bản sao này:",
        ),
        ("ug/caaf7c0ccfaa0da1.html", "ug", "rtl", "بۇ نۇسخىدا يوق رەسىم:"),
        ("km/f8f379ad6006f750.html", "km", "ltr", "រំលងទៅខ្លឹមសារ"),
        ("my/3f3ca04c2b6d750b.html", "my", "ltr", "အကြောင်းအရာသို့ ကျော်ရန်"),
        ("lo/c72262869816ceb6.html", "lo", "ltr", "ຂ້າມໄປຫາເນື້ອຫາ"),
        (
            "zh-Hans/110d1e875738fb6d.html",
            "zh-Hans",
            "ltr",
            "跳到正文",
        ),
        (
            "ko/bc61278492e0f439.html",
            "ko",
            "ltr",
            "이 사본을 확인하는 방법",
        ),
        ("pages/about.html", "en", "ltr", "How to verify this copy"),
    ],
)
def test_page_language_direction_and_interface(
    sample_site, page, lang, direction, ui_text
):
    path = sample_site.output / page
    facts = page_facts(path)
    assert facts.html_attrs == {"lang": lang, "dir": direction}
    assert ui_text in path.read_text(encoding="utf-8")


def test_fragments_in_another_language_are_marked(sample_site):
    home = page_facts(sample_site.output / "index.html")
    marked = {attrs["lang"]: attrs.get("dir") for _, attrs in home.lang_fragments}
    assert set(LANGUAGES) <= set(marked)
    assert marked["ug"] == "rtl" and marked["ko"] == "ltr"
    home_text = (sample_site.output / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="ko" lang="ko" dir="ltr">한국어</a>' in home_text
    assert 'lang="ug" dir="rtl">ئۇيغۇرچە</a>' in home_text
    assert 'lang="bo" dir="ltr">བོད་སྐད་</a>' in home_text


def test_article_page_parts(sample_site):
    html = (sample_site.output / "ko" / "bc61278492e0f439.html").read_text(
        encoding="utf-8"
    )
    assert "<h1>북한 공무원이 장마당 단속에 나서자 주민들 반발</h1>" in html
    assert '<time datetime="' in html and "Han River Daily" in html
    assert (
        "<figcaption>이 사본에 없는 사진: 함경북도 회령시의 한 장마당 모습.</figcaption>"
        in html
    )
    assert 'href="../ko/index.html">한국어</a>' in html


NEIGHBOUR_LINK = re.compile(r'<a rel="(prev|next)" href="\.\./([^"]+)">')


def test_newer_and_older_links_chain_every_language(sample_site):
    """From each language's newest article, rel="next" (older) visits every
    article of that language once, dates never going up; rel="prev" (newer)
    is the same chain backwards."""
    entries = [e for e in sample_site.report["files"] if e["status"] == "published"]
    for lang in LANGUAGES:
        dates = {
            f"{lang}/{e['slug']}.html": e["date"] for e in entries if e["lang"] == lang
        }
        older, newer = {}, {}
        for page in dates:
            html = (sample_site.output / page).read_text(encoding="utf-8")
            links = {rel: [] for rel in ("prev", "next")}
            for rel, target in NEIGHBOUR_LINK.findall(html):
                links[rel].append(target)
            assert len(links["prev"]) <= 1 and len(links["next"]) <= 1, page
            if links["next"]:
                older[page] = links["next"][0]
            if links["prev"]:
                newer[page] = links["prev"][0]
        assert {b: a for a, b in older.items()} == newer, lang
        (newest,) = set(dates) - set(newer)
        chain = [newest]
        while chain[-1] in older:
            chain.append(older[chain[-1]])
        assert sorted(chain) == sorted(dates), lang
        assert [dates[page] for page in chain] == sorted(dates.values(), reverse=True)


def test_missing_translation_falls_back_to_english(build_site):
    site = build_site(
        {"a.txt": "Title: Un titre\nLang: fr\n\nLe premier paragraphe ici.\n"}
    )
    html = (site.output / "fr" / "un-titre.html").read_text(encoding="utf-8")
    # The interface is English, so the page is; the article keeps its own.
    assert '<html lang="en" dir="ltr">' in html
    assert '<article lang="fr" dir="ltr">' in html
    assert "Skip to content" in html and "How to verify this copy" in html
    archive = (site.output / "fr" / "archive" / "index.html").read_text(
        encoding="utf-8"
    )
    assert '<html lang="en" dir="ltr">' in archive
    assert '<ul lang="fr" dir="ltr">' in archive  # French month names


@pytest.mark.parametrize(
    ("lang", "text", "direction", "interface"),
    [
        ("fa", "روزنامه‌نگاران در تهران از دولت شفافیت خواستند.", "rtl", "پرش به محتوا"),
        (
            "ru",
            "Журналисты в Москве потребовали открытости.",
            "ltr",
            "Перейти к содержанию",
        ),
        ("ar", "طالب الصحفيون في القاهرة الحكومة بالشفافية.", "rtl", "Skip to content"),
    ],
)
def test_pages_in_newsroom_languages(build_site, lang, text, direction, interface):
    site = build_site({"a.txt": f"Title: {text[:12]}\nLang: {lang}\n\n{text}\n"})
    entry = site.entry("a.txt")
    html = site.page(entry)
    ui = lang if interface != "Skip to content" else "en"
    assert f'<html lang="{ui}" dir="{"ltr" if ui == "en" else direction}">' in html
    assert f'<article lang="{lang}" dir="{direction}">' in html
    assert interface in html


def test_feeds_and_sitemap_only_with_siteurl_and_html_unchanged(
    build_site, sample_site, monkeypatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795953600")  # as sample_site
    site = build_site(
        {}, PATH=str(ROOT / "content"), SITEURL="https://mirror.example/x"
    )
    assert (site.output / "feeds" / "ko.atom.xml").is_file()
    feed = (site.output / "feeds" / "ug.atom.xml").read_text(encoding="utf-8")
    assert "https://mirror.example/x/ug/" in feed
    sitemap = (site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://mirror.example/x/ko/index.html</loc>" in sitemap
    assert "search.html" not in sitemap
    for page in html_pages(sample_site):
        relative = page.relative_to(sample_site.output)
        with_siteurl = (site.output / relative).read_text(encoding="utf-8")
        assert with_siteurl == page.read_text(encoding="utf-8"), relative


def text_bytes(entry_html: str) -> int:
    """Bytes of an article's own text: everything between <h1> and </article>."""
    start = entry_html.index("<h1>")
    end = entry_html.index("</article>")
    return len(entry_html[start:end].encode("utf-8"))


def assert_budgets(site):
    stylesheet = site.output / "theme" / "css" / "site.css"
    assert stylesheet.stat().st_size < 4 * KB
    for page in html_pages(site):
        assert page.stat().st_size <= 50 * KB, page
    for entry in site.report["files"]:
        if entry["status"] != "published":
            continue
        page = site.output / entry["lang"] / f"{entry['slug']}.html"
        html = page.read_text(encoding="utf-8")
        overhead = len(html.encode("utf-8")) - text_bytes(html)
        assert overhead <= 3 * KB, (page, overhead)


def test_budgets_on_sample_site(sample_site):
    assert_budgets(sample_site)


@pytest.mark.slow
def test_budgets_on_generated_corpus(tmp_path):
    write_corpus(tmp_path / "content", 300, seed=3)
    site = run_pelican(tmp_path / "content", tmp_path / "output")
    assert site.report["summary"]["published"] == 300
    # 60 articles per language: 3 pages of 20 numbered from the oldest.
    assert (site.output / "en" / "index-p3.html").is_file()
    assert not (site.output / "en" / "index-p4.html").exists()
    assert (site.output / "ko" / "source" / "bench-radio-p2.html").is_file()
    assert len(list((site.output / "ko" / "archive").glob("2026-*.html"))) >= 6
    assert_budgets(site)


def catalog_ids(path: Path) -> set[str]:
    with open(path, "rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_catalog_template_is_up_to_date():
    extracted = {
        message
        for _, _, message, _, _ in extract_from_dir(
            str(ROOT / "theme" / "templates"),
            method_map=[("**.html", "jinja2")],
            options_map={"**.html": {"extensions": "jinja2.ext.i18n"}},
        )
    }
    assert extracted == catalog_ids(ROOT / "theme" / "translations" / "messages.pot")


@pytest.mark.parametrize(
    "locale", ["vi", "ko", "zh_Hans", "zh_Hant", "bo", "ug", "my", "km", "lo"]
)
def test_catalog_is_complete(locale):
    po = ROOT / "theme" / "translations" / locale / "LC_MESSAGES" / "messages.po"
    with open(po, "rb") as handle:
        catalog = read_po(handle)
    template = catalog_ids(ROOT / "theme" / "translations" / "messages.pot")
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    assert template <= translated
    for message in catalog:
        if message.id:
            # Every placeholder, with its conversion, exactly as in the msgid:
            # a translation that drops or retypes one fails at render time.
            assert placeholders(message.string) == placeholders(message.id), (
                locale,
                message.id,
            )


PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]")


def placeholders(text: str | tuple) -> set[str]:
    """The %(name)x placeholders of a message (all forms of a plural)."""
    forms = (text,) if isinstance(text, str) else text
    return {match for form in forms for match in PLACEHOLDER.findall(form)}


@pytest.mark.parametrize(
    ("msgid", "msgstr", "same"),
    [
        ("Articles found: %(count)s", "찾은 기사: %(count)s건", True),
        ("Articles found: %(count)s", "찾은 기사", False),
        ("Page %(number)d", "%(number)s쪽", False),
        ("On %(date)s, %(count)s", "%(count)s ... %(date)s", True),
        ("No placeholder", "Không có", True),
    ],
)
def test_placeholder_check_catches_a_dropped_or_retyped_one(msgid, msgstr, same):
    assert (placeholders(msgstr) == placeholders(msgid)) is same


@pytest.mark.browser
def test_reads_in_order_in_w3m(sample_site):
    import subprocess

    page = sample_site.output / "ko" / "bc61278492e0f439.html"
    dump = subprocess.run(
        ["w3m", "-dump", "-T", "text/html", "-O", "UTF-8", str(page)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    order = [
        "본문으로 건너뛰기",
        "북한 공무원이 장마당 단속에 나서자 주민들 반발",
        "이 사본에 없는 사진: 함경북도 회령시의 한 장마당 모습.",
        "북한 당국이 이달 초부터",
        "전문가들은 당국이",
        "이 사본을 확인하는 방법",
    ]
    positions = [dump.index(text) for text in order]
    assert positions == sorted(positions)


def test_mirrors_page_from_the_setting(build_site):
    mirrors = [
        ("Mirror one", "https://one.example/samizdat/"),
        ("Onion", "http://abc.onion/"),
    ]
    site = build_site(
        {"a.txt": "Title: A title here\n\nSome article text here.\n"},
        SITE_PAGES_MIRRORS=mirrors,
    )
    page = site.output / "pages" / "mirrors.html"
    html = page.read_text(encoding="utf-8")
    assert "Mirror one: <code>https://one.example/samizdat/</code>" in html
    # Addresses are text to copy, not links: the page makes no request.
    assert broken_links(page, page_facts(page)) == []
    plain = run_pelican(site.output.parent / "content", site.output.parent / "plain")
    assert not (plain.output / "pages" / "mirrors.html").exists()
