"""Issue 13 (input side) and issue 9: each hostile input, built into a tiny site.

Every case: the build finishes, the good article is published, the hostile
file draws a warning naming it, and the attacker controls nothing else.
"""

import json
import os
import signal
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import ROOT, write_files
from hostile_corpus import SECRET, good_articles, plant_outside
from samizdat_bundle.archive import write_zip

pytestmark = pytest.mark.slow  # whole builds, one per case

BODY = "The first paragraph says what happened.\n\nThe second one quotes a witness.\n"
GOOD = {
    "good_0123456789abcdef.txt": "Title: A good article\nDate: 2026-10-01\n\n" + BODY
}
EVIL_PAGE = (
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">\n'
    "<script>alert(1)</script>\n"
)


def output_text(output: Path) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(output.rglob("*"))
        if path.is_file()
    )


@pytest.fixture
def hostile_build(tmp_path, build_site):
    """hostile_build(files, setup=None) -> BuiltSite, the good article checked."""

    def build(files, setup=None, **settings):
        content = tmp_path / "content"
        outside = tmp_path / "outside"
        outside.mkdir(exist_ok=True)
        (outside / "secret.key").write_text("UNTRUSTED-SECRET-KEY-LINE\n")
        write_files(content, {**GOOD, **files})
        if setup:
            setup(content, outside)
        previous = signal.signal(signal.SIGALRM, _timed_out)
        signal.alarm(120)  # a FIFO or a link loop must not hang the build
        try:
            site = build_site({}, **settings)
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        good = site.entry("good_0123456789abcdef.txt")
        assert good["status"] == "published"
        assert (site.output / "en" / f"{good['slug']}.html").is_file()
        assert "UNTRUSTED-SECRET" not in output_text(site.output)
        return site

    return build


def _timed_out(signum, frame):
    raise TimeoutError("the build did not finish")


def warnings_of(site, path):
    return " | ".join(site.entry(path)["warnings"])


# --- Item 1: only this project's readers run on INPUTDIR ------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("evil.md", "Title: Evil\nSave_as: index.html\nStatus: published\n\n"),
        ("evil.html", "<html><head><title>Evil</title>"),
        ("evil.htm", "<html><head><title>Evil</title>"),
        ("evil.rst", "Evil\n####\n\n:save_as: index.html\n\n.. raw:: html\n\n   "),
        ("pages/about.md", "Title: About\nSlug: about\nTemplate: page\n\n"),
    ],
)
def test_markup_files_are_never_published(hostile_build, name, text):
    site = hostile_build({name: text + EVIL_PAGE})
    assert site.entry(name)["status"] == "skipped"
    if name.endswith((".html", ".htm")):  # extracted to text, never published as HTML
        assert "no article text" in site.entry(name)["reason"]
    else:
        assert "not an article file" in site.entry(name)["reason"]
    published = output_text(site.output)
    assert "evil.example" not in published and "alert(1)" not in published
    about = (site.output / "pages" / "about.html").read_text()
    assert "About this copy" in about  # the site's own page, not the input's


def test_header_keys_cannot_say_where_a_page_is_written(hostile_build):
    header = "".join(
        f"{key}: {value}\n"
        for key, value in [
            ("Title", "Sneaky"),
            ("Save_as", "index.html"),
            ("Url", "index.html"),
            ("Template", "verify"),
            ("Status", "draft"),
            ("Slug", "../../escape"),
            ("Lang", "../../etc"),
        ]
    )
    site = hostile_build({"sneaky.txt": header + "\n" + BODY})
    entry = site.entry("sneaky.txt")
    assert entry["status"] == "published" and entry["slug"] == "escape"
    assert (site.output / entry["lang"] / "escape.html").is_file()
    assert "Sneaky" not in (site.output / "index.html").read_text().split("<body")[0]
    assert not (site.output.parent / "escape.html").exists()
    assert {path.name for path in site.output.iterdir()} >= {"en", "index.html"}


def test_file_names_set_no_metadata(hostile_build):
    site = hostile_build({"0000-00-00.txt": "Title: Zero date\n\n" + BODY})
    assert site.entry("0000-00-00.txt")["status"] == "published"


# --- Item 2 / issue 9: no name derived from input stops the build ---------------


@pytest.mark.parametrize(
    ("header", "slug_prefix"),
    [
        ("Title: Index", "index-"),
        ("Title: Foo\nSlug: index", "index-"),
        ("Title: Foo\nSlug: index-p1", "index-p1-"),
        ("Title: Con", "con-"),
    ],
)
def test_slugs_of_the_site_own_pages(hostile_build, header, slug_prefix):
    site = hostile_build({"x_aaaaaaaa11111111.txt": f"{header}\n\n{BODY}"})
    entry = site.entry("x_aaaaaaaa11111111.txt")
    assert entry["slug"].startswith(slug_prefix) and entry["status"] == "published"
    assert "one of the site's own pages" in warnings_of(site, entry["path"])
    assert (site.output / "en" / f"{entry['slug']}.html").is_file()
    assert "lang=" in (site.output / "en" / "index.html").read_text()


def test_long_slug_is_bounded(hostile_build):
    site = hostile_build({"long.txt": f"Title: Long\nSlug: {'a' * 300}\n\n{BODY}"})
    slug = site.entry("long.txt")["slug"]
    assert len(slug) <= 80 and (site.output / "en" / f"{slug}.html").is_file()


def test_long_title_is_bounded(hostile_build):
    site = hostile_build({"long.txt": f"Title: {'word ' * 2000}\n\n{BODY}"})
    entry = site.entry("long.txt")
    assert len(entry["title"]) <= 301
    assert "title cut to 300 characters" in warnings_of(site, "long.txt")


@pytest.mark.parametrize(
    "date",
    [
        "9999-12-31T23:59:59-05:00",
        "2024-01-01T00:00:00 UTC+25",
        "9999-12-31",
        "0001-01-01",
        "2100-01-01",
    ],
)
def test_absurd_dates_fall_back(hostile_build, date):
    site = hostile_build({"date.txt": f"Title: Dated\nDate: {date}\n\n{BODY}"})
    entry = site.entry("date.txt")
    assert entry["status"] == "published"
    assert entry["date_source"].startswith("file modification time")
    assert "using the file modification time" in warnings_of(site, "date.txt")
    info = json.loads((site.output / "samizdat.json").read_text())
    assert info["date"] < "2100"


def test_future_date_never_moves_the_copy_date(hostile_build, tmp_path):
    def age(content, outside):
        for path in content.rglob("*.txt"):
            os.utime(path, (1_790_000_000, 1_790_000_000))  # 2026-09-21

    site = hostile_build(
        {"future.txt": f"Title: From the future\nDate: 2100-01-01\n\n{BODY}"}, age
    )
    info = json.loads((site.output / "samizdat.json").read_text())
    # The good article's header date (2026-10-01) is after every mtime: it is
    # a warning too, and the copy's date is the newest input file's.
    assert info["date"].startswith("2026-09-21")
    assert "later than the build's inputs" in warnings_of(site, "future.txt")


def test_partial_date_takes_the_first(hostile_build):
    site = hostile_build({"p.txt": f"Title: Partial\nDate: October 2026\n\n{BODY}"})
    assert site.entry("p.txt")["date"].startswith("2026-10-01")


def test_non_utf8_file_name(hostile_build, tmp_path):
    def plant(content, outside):
        name = os.path.join(os.fsencode(content), b"caf\xe9_0123456789abcdee.txt")
        Path(os.fsdecode(name)).write_text("Title: Caf\u00e9\n\n" + BODY)

    site = hostile_build({}, plant)
    entry = site.entry("caf\\xe9_0123456789abcdee.txt")
    assert entry["status"] == "published"
    assert (site.output / "en" / f"{entry['slug']}.html").is_file()


def test_text_in_pages_folder_is_an_article_not_a_page(hostile_build):
    site = hostile_build({"pages/v.txt": f"Title: Verify me\nSlug: verify\n\n{BODY}"})
    entry = site.entry("pages/v.txt")
    assert entry["status"] == "published"
    assert (site.output / "en" / "verify.html").is_file()
    assert "How to verify" in (site.output / "pages" / "verify.html").read_text()


def test_two_articles_sharing_a_slug_both_publish(hostile_build):
    site = hostile_build(
        {
            "a_1111111111111111.txt": f"Title: Same\n\n{BODY}",
            "b_2222222222222222.txt": f"Title: Same!\n\n{BODY}",
        }
    )
    slugs = {
        site.entry(p)["slug"]
        for p in ("a_1111111111111111.txt", "b_2222222222222222.txt")
    }
    assert slugs == {"same", "same-2222222222222222"}
    assert "b_2222222222222222.txt" in warnings_of(site, "a_1111111111111111.txt")


def test_long_language_tag_is_not_a_folder(hostile_build):
    site = hostile_build(
        {"l.txt": f"Title: Tagged\nLang: fr-{'-abcdefgh' * 40}\n\n{BODY}"}
    )
    entry = site.entry("l.txt")
    assert entry["status"] == "published" and len(entry["lang"]) <= 35


# Source page names are made unique by site_pages (source_key, sources.py).
SOURCE_CASES = [
    ("Radio Free Asia", "RADIO FREE ASIA"),
    ("新聞.com", "新聞.net"),
    ("S" * 80 + " one", "S" * 80 + " two"),
]


@pytest.mark.parametrize(("first", "second"), SOURCE_CASES)
def test_colliding_source_names(hostile_build, first, second):
    site = hostile_build(
        {
            "s1.txt": f"Title: One\nSource: {first}\n\n{BODY}",
            "s2.txt": f"Title: Two\nSource: {second}\n\n{BODY}",
        }
    )
    assert site.entry("s1.txt")["status"] == site.entry("s2.txt")["status"]


# --- Item 4: links and special files --------------------------------------------


def plant_links(content, outside):
    (outside / "other.txt").write_text("Title: OUTSIDE-ARTICLE\n\n" + BODY)
    (content / "key.txt").symlink_to(outside / "secret.key")
    (content / "elsewhere").symlink_to(outside)
    (content / "loop").symlink_to(".")
    (content / "loop2").symlink_to(".")
    (content / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(content / "x.txt")


def test_links_and_special_files_are_skipped(hostile_build):
    site = hostile_build({}, plant_links)
    report = site.report
    paths = {entry["path"]: entry for entry in report["files"]}
    for name in ("key.txt", "elsewhere", "loop", "loop2", "zero.txt"):
        assert paths[name]["reason"].startswith("symbolic link"), name
    assert paths["x.txt"]["reason"].startswith("a FIFO")
    assert report["summary"]["published"] == 1  # loops multiply nothing
    assert "OUTSIDE-ARTICLE" not in output_text(site.output)


@pytest.mark.parametrize("year", [9999, 1900])
def test_zip_dates_are_clamped(tmp_path, year):
    moment = datetime(year, 12, 31, tzinfo=UTC).timestamp()
    write_zip(tmp_path / "a.zip", {"a.txt": b"a"}, int(moment), root="r")
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        (year_stored, *_) = archive.infolist()[0].date_time
    assert 1980 <= year_stored <= 2107


def test_nothing_is_written_outside_the_output(hostile_build, tmp_path):
    evil = "Title: E\nSave_as: ../../pwned.html\nSlug: ../../pwned\n\nx\n"
    site = hostile_build({"evil.md": evil, "evil.txt": evil})
    top = {path.name for path in tmp_path.iterdir()}
    cache = "output.cache"  # the build cache, beside the output
    assert top == {"content", "outside", "output", cache, site.report_path.name}
    assert not list(tmp_path.parent.glob("pwned*"))


# --- Item 6: invisible characters in every shown field ---------------------------


def test_bidi_controls_are_stripped_from_every_shown_field(hostile_build):
    site = hostile_build(
        {
            "b.txt": "Title: Ti\u202etle\nSource: Radio \u202eFree\u202c Asia\n"
            "Author: Jo\u2066hn\nTags: a\u200b, b\n\n" + BODY
        }
    )
    entry = site.entry("b.txt")
    assert (entry["title"], entry["source"]) == ("Title", "Radio Free Asia")
    page = (site.output / "en" / f"{entry['slug']}.html").read_text()
    assert not any(
        char in page for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2069"
    )


def test_make_html_exits_0_on_a_hostile_tree(tmp_path):
    """The `pelican` command itself, as `make html` runs it."""
    content, outside = tmp_path / "articles", tmp_path / "outside"
    write_files(content, {**good_articles(), "evil.md": "Save_as: index.html\n\nx\n"})
    plant_outside(content, outside)
    output = tmp_path / "site"
    command = ["make", "-s", "html", f"INPUTDIR={content}", f"OUTPUTDIR={output}"]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "3 published" in done.stdout + done.stderr
    report = json.loads(Path(f"{output}.report.json").read_text(encoding="utf-8"))
    skipped = {e["path"] for e in report["files"] if e["status"] == "skipped"}
    assert skipped == {
        "evil.md",
        "signing.txt",
        "elsewhere",
        "loop",
        "loop-too",
        "zero.txt",
        "passwd.txt",
        "pipe.txt",
    }
    assert SECRET not in output_text(output)
