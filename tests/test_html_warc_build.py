"""Whole builds from saved pages, a crawl and a text file, with Pelican."""

import os
from datetime import UTC, datetime

import pytest
from article_reader.reader import StrictModeError
from conftest import broken_links, page_facts
from crawls import ARTICLE, SITE, article_html, messy_crawl, story, write_warc

FLOOD = f"{SITE}/news/2024/05/flood-old-market"
BRIDGE = f"{SITE}/news/2024/05/bridge"
HOSTILE = article_html(
    "&lt;script&gt;alert(1)&lt;/script&gt; headline",
    [
        "A paragraph that shows markup as text: &lt;b&gt;not bold&lt;/b&gt; and "
        "&lt;img src=x onerror=alert(1)&gt; are characters here, not elements.",
        *story(9),
    ],
    canonical=f"{SITE}/news/hostile",
).replace("<h1>", "<script>alert('from the page')</script><h1>")


@pytest.fixture
def crawl_site(build_site, tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    crawl = [r for r in messy_crawl() if not r[1].startswith(FLOOD)]
    write_warc(content / "crawl.warc.gz", crawl)
    (content / "saved").mkdir()
    (content / "saved" / "flood.html").write_bytes(ARTICLE)
    saved_on = datetime(2024, 5, 6, tzinfo=UTC).timestamp()
    os.utime(content / "saved" / "flood.html", (saved_on, saved_on))

    def build(**settings):
        return build_site(
            {
                "saved/hostile.htm": HOSTILE,
                "a.txt": "Title: A text article\nDate: 2024-05-01\n\n"
                "The text reader still reads this paragraph of the article.\n",
                "pages/about.html": "<html><body><p>About this copy of the "
                "archive, which holds saved pages and a crawl.</p></body></html>",
            },
            **settings,
        )

    return build


def test_saved_pages_and_crawl_articles_are_published(crawl_site):
    site = crawl_site()
    report = site.report
    assert report["summary"] == {
        "files": 5,
        "published": 5,
        "skipped": 0,
        "warnings": 0,
    }
    flood = site.entry("saved/flood.html")
    assert flood["shape"] == "html"
    assert flood["input"] == {"file": "saved/flood.html", "offset": None}
    assert flood["url"] == FLOOD
    assert (flood["title"], flood["source"]) == (
        "Flood waters reach the old market",
        "The Riverside Courier",
    )
    (bridge,) = [f for f in report["files"] if f["shape"] == "warc"]
    offset = bridge["input"]["offset"]
    assert bridge["path"] == f"crawl.warc.gz#{offset}"
    assert bridge["input"] == {"file": "crawl.warc.gz", "offset": offset}
    assert bridge["url"] == BRIDGE
    assert bridge["captured"] == "2024-05-20T10:00:00+00:00"
    (crawl,) = report["crawls"]
    assert crawl["file"] == "crawl.warc.gz"
    assert crawl["not_published"]["redirect (HTTP 301)"] == 1
    assert crawl["damaged_records"] == []

    page = site.page(bridge)
    assert "Bridge closed for repairs" in page
    assert f"<bdi>{BRIDGE}</bdi>" in page
    assert f'href="{BRIDGE}"' not in page  # text, not a live link
    assert "Captured:" in page and 'datetime="2024-05-20"' in page
    for built in site.output.rglob("*.html"):
        assert broken_links(built, page_facts(built)) == [], built


def test_input_html_is_never_published_as_html(crawl_site):
    site = crawl_site()
    page = site.page(site.entry("saved/hostile.htm"))
    assert "&lt;b&gt;not bold&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>" not in page and "onerror=alert(1)>" not in page
    assert "from the page" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; headline" in page
    # A pages/ folder inside the input holds articles like any other folder
    # (only the site's own pages folder is read as pages).
    about = site.page(site.entry("pages/about.html"))
    assert "About this copy of the archive" in about


def test_original_link_setting(crawl_site):
    site = crawl_site(ARTICLE_READER_LINK_ORIGINAL=True)
    page = site.page(site.entry("saved/flood.html"))
    assert f'<a href="{FLOOD}"><bdi>{FLOOD}</bdi></a>' in page


def test_damaged_crawl_fails_strict_after_the_report(crawl_site, tmp_path):
    crawl = tmp_path / "content" / "crawl.warc.gz"
    data = bytearray(crawl.read_bytes())
    data[200:240] = b"\x00" * 40
    crawl.write_bytes(bytes(data))
    with pytest.raises(StrictModeError):
        crawl_site(ARTICLE_READER_STRICT=True)
    report = (tmp_path / "output.report.json").read_text(encoding="utf-8")
    assert '"damaged_records": [\n    {\n     "offset": 0' in report
