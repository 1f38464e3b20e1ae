"""Whole builds with Pelican: a tiny site, the sample content/, strict mode."""

import subprocess
from pathlib import Path

import pytest
from article_reader.reader import StrictModeError
from article_reader.settings import SettingsError
from conftest import ROOT, SEED, broken_links, page_facts
from samizdat_contract import SUPPORTED_LANGUAGES

BODY = "The first paragraph says what happened.\n\nThe second one quotes a witness.\n"
SCRIPT_TITLE = "<script>alert(1)</script> & friends"
TINY_SITE = {
    "000_aa6dc9448e70a7df.txt": SEED.read_bytes(),
    "ko/001_0123456789abcdef.txt": "Title: 북한 공무원이 장마당 단속\nDate: 2026-10-14\n\n"
    "북한 당국이 장마당 단속을 시작했다고 소식통이 전했다.\n",
    "002_fedcba9876543210.txt": f"Title: {SCRIPT_TITLE}\nLang: en\n\n"
    "<b>not bold</b> *not em*.\n"
    "<img src=x onerror=alert(1)> [link](http://x.example).\n",
    "003_ffffffffffffffff.txt": b"",
}


@pytest.fixture
def tiny_site(build_site):
    return build_site(TINY_SITE)


def test_report_is_written_next_to_the_output(tiny_site):
    assert tiny_site.report_path.parent == tiny_site.output.parent
    assert not list(tiny_site.output.rglob("*.report.json"))
    summary = tiny_site.report["summary"]
    assert (summary["published"], summary["skipped"]) == (3, 1)
    skipped = tiny_site.entry("003_ffffffffffffffff.txt")
    assert (skipped["status"], skipped["reason"]) == ("skipped", "empty file")


def test_seed_page(tiny_site):
    entry = tiny_site.entry("000_aa6dc9448e70a7df.txt")
    assert entry["source"] == "Radio Free Asia"
    assert entry["paragraphs"] == 22
    html = tiny_site.page(entry)
    assert html.count("<p>") >= 22
    assert html.count("FILE - People watch a television screen") == 1
    assert html.count("North Korea Kept Ukraine Invasion Secret") == 2  # title, h1
    assert "Accessibility links" not in html
    assert "Congressional mandate" not in html


def test_article_text_is_text(tiny_site):
    html = tiny_site.page(tiny_site.entry("002_fedcba9876543210.txt"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" in html
    assert "&lt;b&gt;not bold&lt;/b&gt; *not em*." in html
    assert "&lt;img src=x onerror=alert(1)&gt; [link](http://x.example)." in html
    assert "<b>" not in html and "<img" not in html and "<em>" not in html


def test_lang_and_dir_on_pages(tiny_site):
    korean = page_facts(tiny_site.output / "ko" / "0123456789abcdef.html")
    assert korean.html_attrs == {"lang": "ko", "dir": "ltr"}
    index = (tiny_site.output / "index.html").read_text(encoding="utf-8")
    assert 'lang="ko" dir="ltr"><a href="./ko/0123456789abcdef.html">' in index


def test_every_link_is_relative_and_names_a_file(tiny_site):
    pages = list(tiny_site.output.rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        assert broken_links(page, page_facts(page)) == [], page


def test_strict_mode_fails_after_writing_the_report(build_site):
    with pytest.raises(StrictModeError, match="ARTICLE_READER_STRICT: 1 warnings"):
        build_site(TINY_SITE, ARTICLE_READER_STRICT=True)


def test_strict_mode_passes_on_clean_input(build_site):
    site = build_site(
        {"a.txt": "Headline words here\n\n" + BODY}, ARTICLE_READER_STRICT=True
    )
    assert site.report["summary"]["warnings"] == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ARTICLE_READER_CHROME_MIN_FILES", "3"),
        ("ARTICLE_READER_CHROME_MIN_FILES", 1),
        ("ARTICLE_READER_MAX_FILE_BYTES", 0),
        ("ARTICLE_READER_LANGUAGES", "en"),
        ("ARTICLE_READER_REPORT_PATH", 3),
        ("ARTICLE_READER_STRICT", "yes"),
    ],
)
def test_bad_setting_is_an_error_naming_it(build_site, name, value):
    with pytest.raises(SettingsError, match=name):
        build_site({"a.txt": "Headline words here\n\n" + BODY}, **{name: value})


def test_sample_content_builds_cleanly(build_site, tmp_path):
    site = build_site({}, PATH=str(ROOT / "content"))
    report = site.report
    assert report["summary"]["skipped"] == 0
    assert report["summary"]["warnings"] == 0
    assert report["summary"]["published"] >= 30
    languages = {entry["lang"] for entry in report["files"]}
    assert languages == set(SUPPORTED_LANGUAGES)  # the sample covers all ten
    sources = {
        entry["source"]
        for entry in report["files"]
        if entry["source_from"] == "trailing block"
    }
    assert {"Mekong Ledger", "Plateau Voice", "Han River Daily"} <= sources
    shapes = {entry["shape"] for entry in report["files"]}
    assert shapes == {"bare", "pelican", "front-matter"}
    for entry in report["files"]:
        assert (site.output / entry["lang"] / f"{entry['slug']}.html").is_file()
        if entry["shape"] == "bare":
            assert entry["title_source"] == "headline", entry["path"]
            assert entry["chrome_removed"], entry["path"]


@pytest.mark.slow
def test_make_html_builds_any_folder_and_strict_fails(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("Headline words here\n\n" + BODY, encoding="utf-8")
    output = tmp_path / "site"
    command = ["make", "-s", "html", f"INPUTDIR={articles}", f"OUTPUTDIR={output}"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "1 published, 0 skipped, 0 warnings" in done.stdout + done.stderr
    assert (output / "en" / "headline-words-here.html").is_file()
    assert Path(f"{output}.report.json").is_file()

    (articles / "b.txt").write_bytes(b"")
    strict = subprocess.run(
        [*command, "STRICT=1"], cwd=ROOT, capture_output=True, text=True
    )
    assert strict.returncode != 0
    assert "b.txt: skipped: empty file" in strict.stdout + strict.stderr
    lenient = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert lenient.returncode == 0


def test_unidentified_language_builds_as_und_with_english_interface(build_site):
    site = build_site({"a.txt": "Title: 2026-10-14\n\n10:45 / 12:30 / 17:00\n"})
    entry = site.entry("a.txt")
    assert (entry["lang"], entry["dir"]) == ("und", "ltr")
    html = site.page(entry)
    assert '<html lang="en" dir="ltr">' in html
    assert '<article lang="und" dir="ltr">' in html
    home = (site.output / "index.html").read_text(encoding="utf-8")
    assert "Unknown language" in home and "English" not in home
