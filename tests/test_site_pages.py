"""site_pages: source page names, plain text escaped once, the 404 page."""

import base64
import functools
import hashlib
import http.server
import logging
import re
import threading

import pytest
from conftest import broken_links, page_facts
from hypothesis import given, settings
from hypothesis import strategies as st
from samizdat_contract import metadata as keys
from site_pages.sources import source_slugs
from site_pages.structure import source_key

LONG = "The Very Long Name of a Regional Broadcaster Serving Listeners Across Provinces"


def article(source: str, day: int) -> str:
    return (
        f"Title: Report {day} from {source}\nDate: 2026-10-{day:02d}\n"
        f"Source: {source}\n\nA paragraph of the report number {day} says this.\n"
    )


SOURCES = [
    "Radio Free Asia",
    "RADIO FREE ASIA",  # the same source: one page
    "新聞.com",
    "新聞.net",
    f"{LONG} (North)",
    f"{LONG} (South)",
    "*",
    "•",
    "[ ]",
    "Radio Free Asia P2",  # looks like page 2 of another list
    "<script>alert(1)</script> & Co",
]


def digest(name: str, length: int) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:length]


@pytest.mark.parametrize(
    ("names", "expected", "clashes"),
    [
        (["Radio Free Asia"], ["radio-free-asia"], 0),
        # No readable slug: a hash of the exact name, so these never clash.
        (["新聞.com", "新聞.net"], [digest("新聞.com", 16), digest("新聞.net", 16)], 0),
        (["*", "•"], [digest("*", 16), digest("•", 16)], 0),
        # The first keeps the slug, the next gets a hash of its own name.
        (["x", "X"], ["x", f"x-{digest('X', 8)}"], 1),
        (["A b", "a-b"], ["a-b", f"a-b-{digest('a-b', 8)}"], 1),
        ([f"{LONG} 1", f"{LONG} 2"], [None, None], 1),
        # Never a name that a numbered page of another list could have.
        (["News p2"], [f"news-p2-{digest('News p2', 8)}"], 1),
    ],
)
def test_source_slugs_are_unique_and_stable(names, expected, clashes):
    slugs, found = source_slugs([(name, name) for name in names])
    assert len(set(slugs.values())) == len(names)
    for name, slug in zip(names, expected, strict=True):
        assert slug is None or slugs[name] == slug
    assert len(found) == clashes


# No deadline: a loaded machine must not fail the test (no times asserted).
@settings(deadline=None)
@given(st.lists(st.text(min_size=1, max_size=120), max_size=30))
def test_source_slugs_for_any_names(names):
    keyed = list({source_key(name): name for name in names}.items())
    slugs, _ = source_slugs(keyed)
    assert len(set(slugs.values())) == len(keyed)
    for slug in slugs.values():
        assert re.fullmatch("[a-z0-9]+(-[a-z0-9]+)*", slug), slug
        assert not re.search(r"-p\d+$", slug), slug  # never a numbered page's name
        assert len(slug) <= 160
    assert source_slugs(keyed) == source_slugs(keyed)


def test_source_key_merges_case_and_spacing_only():
    assert source_key("Radio  Free Asia") == source_key("RADIO FREE ASIA")
    assert source_key("新聞.com") != source_key("新聞.net")
    assert source_key("Ｒadio") == source_key("radio")  # full-width, NFKC


@pytest.fixture
def sources_site(build_site):
    files = {
        f"{number:03d}.txt": article(source, number + 1)
        for number, source in enumerate(SOURCES)
    }
    return build_site(files)


def source_pages(site) -> dict[str, str]:
    """{file name: <h1> text} of every source page written."""
    found = {}
    for page in sorted((site.output / "en" / "source").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        found[page.name] = re.search("<h1[^>]*>(.*)</h1>", html).group(1)
    return found


def test_every_source_gets_its_own_page(sources_site):
    summary = sources_site.report["summary"]
    assert summary["published"] == len(SOURCES)
    pages = source_pages(sources_site)
    # The two spellings of Radio Free Asia share one page.
    assert len(pages) == len(SOURCES) - 1
    assert pages["radio-free-asia.html"] in ("Radio Free Asia", "RADIO FREE ASIA")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in pages.values()
    archive = sources_site.output / "en" / "archive" / "index.html"
    assert broken_links(archive, page_facts(archive)) == []
    linked = {(archive.parent / link).resolve() for link in page_facts(archive).links}
    for name in pages:
        assert (sources_site.output / "en" / "source" / name).resolve() in linked


def test_clashing_sources_are_named_in_a_warning(build_site, caplog):
    caplog.set_level(logging.WARNING)
    # Names of their own: Pelican logs a message with the same arguments once.
    north, south = f"{LONG} (East)", f"{LONG} (West)"
    build_site({"a.txt": article(north, 1), "b.txt": article(south, 2)})
    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("site_")]
    assert any(north in w and south in w for w in warnings), warnings


def test_source_page_names_are_stable_as_sources_arrive(build_site, tmp_path):
    first = build_site({"a.txt": article(f"{LONG} (North)", 1)})
    before = source_pages(first)
    later = build_site({"b.txt": article(f"{LONG} (South)", 20)})
    after = source_pages(later)
    assert set(before) < set(after)  # the older source kept its page name


def test_plain_text_is_escaped_once_everywhere(build_site):
    title = "<script>alert(1)</script> & <b>bold</b>"
    source = "<img src=x onerror=alert(1)> Radio"
    site = build_site(
        {
            "a.txt": f"Title: {title}\nDate: 2026-10-01\nSource: {source}\n\n"
            "<script>alert(2)</script> &amp; text\n",
            "b.txt": "Title: Other\nDate: 2026-10-02\nSource: Other\n\nMore text here.\n",
        },
        SITE_SEARCH_RELATED=5,
    )
    for page in site.output.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img" not in html, page
        assert "<b>bold" not in html, page
        assert "&amp;lt;" not in html, page  # never escaped twice
    article_page = site.page(site.entry("a.txt"))
    assert "&lt;script&gt;alert(2)&lt;/script&gt; &amp;amp; text" in article_page
    assert "&lt;img src=x onerror=alert(1)&gt; Radio" in article_page
    # Search gets the plain text: the shard holds the words, the doc the title.
    docs = "".join(
        path.read_text(encoding="utf-8") for path in site.output.glob("search/d/*.js")
    )
    assert '"t":"<script>alert(1)</script> & <b>bold</b>"' in docs
    assert '"x":"<script>alert(2)</script> &amp; text"' in docs


def test_feed_titles_are_text(build_site):
    title = "<script>alert(1)</script> & friends"
    site = build_site(
        {"a.txt": f"Title: {title}\nDate: 2026-10-01\nLang: en\n\nSome text here.\n"},
        SITEURL="https://mirror.example/x",
    )
    feed = (site.output / "feeds" / "en.atom.xml").read_text(encoding="utf-8")
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends</title>" in feed


def test_reader_metadata_carries_every_contract_key(tmp_path):
    from article_reader.reader import TextArticleReader
    from article_reader.records import ArticleRecord

    reader = TextArticleReader({"PATH": str(tmp_path)})
    record = ArticleRecord(path="a.txt", title="<T>", lang="en", paragraphs=["<p>"])
    metadata = reader.article_metadata(record)
    assert set(keys.READER_KEYS) <= set(metadata)
    assert metadata[keys.SOURCE] is None and metadata[keys.ORIGINAL_URL] is None
    assert (metadata[keys.TITLE], metadata[keys.PARAGRAPHS]) == ("<T>", ["<p>"])


def test_404_carries_its_style_under_its_own_csp(build_site):
    site = build_site({"a.txt": "Title: T\nDate: 2026-10-01\n\nSome text here.\n"})
    page = site.output / "404.html"
    html = page.read_text(encoding="utf-8")
    facts = page_facts(page)
    assert 'rel="stylesheet"' not in html  # nothing that depends on its depth
    style = re.search("<style>(.*?)</style>", html, re.DOTALL).group(1)
    assert style == (site.output / "theme" / "css" / "site.css").read_text().strip()
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    csp = facts.meta["content-security-policy"]
    assert f"style-src 'sha256-{digest}';" in csp
    assert "'unsafe-inline'" not in csp
    other = page_facts(site.output / "index.html").meta["content-security-policy"]
    assert "style-src 'self';" in other


class MirrorHandler(http.server.SimpleHTTPRequestHandler):
    """A mirror under /mirror/ that answers every miss with 404.html."""

    def translate_path(self, path):
        return super().translate_path(path.removeprefix("/mirror"))

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (self.directory_path / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_404_is_styled_at_any_depth_in_a_browser(sample_site, browser):
    handler = functools.partial(
        type("Handler", (MirrorHandler,), {"directory_path": sample_site.output}),
        directory=str(sample_site.output),
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    page = context.new_page()
    violations = []
    page.on("console", lambda message: violations.append(message.text))
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/mirror"
        for missing in ("/nothing.html", "/en/source/gone/deeper/x.html"):
            response = page.goto(base + missing)
            assert response.status == 404
            assert page.locator("h1").inner_text() == "Page not found"
            # The stylesheet's rules apply: the skip link is moved off-screen.
            position = page.eval_on_selector(
                ".skip", "element => getComputedStyle(element).position"
            )
            assert position == "absolute", missing
        assert not [v for v in violations if "Content Security Policy" in v]
    finally:
        context.close()
        server.shutdown()


def test_markdown_in_the_input_is_not_an_article(build_site):
    """Issue 13: only this project's readers run on INPUTDIR, so a Markdown
    file is reported as skipped, never listed, sourced or searched."""
    site = build_site(
        {
            "m.md": "Title: Desk note\nDate: 2026-10-01\nSource: The Desk\n\n"
            "Some *plain* words & more.\n\n- a listed item\n",
            "a.txt": "Title: Other\nDate: 2026-10-02\n\nSome article text here.\n",
        }
    )
    assert site.entry("m.md")["status"] == "skipped"
    assert not (site.output / "en" / "source" / "the-desk.html").exists()
    docs = "".join(
        path.read_text(encoding="utf-8") for path in site.output.glob("search/d/*.js")
    )
    assert "Some plain words" not in docs and "Some article text here" in docs


@pytest.mark.parametrize(
    ("settings", "emptied"),
    [
        ({}, {"tags", "categories", "authors"}),
        ({"AUTHOR_SAVE_AS": "author/{slug}.html"}, {"tags", "categories"}),
        ({"TAG_FEED_ATOM": "feeds/{slug}.atom.xml"}, {"categories", "authors"}),
        ({"CATEGORY_FEED_RSS": "feeds/{slug}.rss.xml"}, {"tags", "authors"}),
    ],
)
def test_taxonomies_without_pages_or_feeds_are_not_walked(settings, emptied):
    from collections import defaultdict
    from types import SimpleNamespace

    from site_pages.generator import skip_unwritten_taxonomies

    tags = defaultdict(list, {"tag": ["a1"]})
    generator = SimpleNamespace(
        settings={"TAG_SAVE_AS": "", "CATEGORY_SAVE_AS": "", **settings},
        tags=tags,
        categories=[("misc", ["a1"])],
        authors=[("Samizdat", ["a1"])],
    )
    skip_unwritten_taxonomies(generator)
    for name in ("tags", "categories", "authors"):
        assert (not getattr(generator, name)) == (name in emptied), name
    assert tags == {"tag": ["a1"]}  # the context's list is another object
