"""A whole build of a small tree in the real corpora's shapes (see fixtures/README.md):
a w3m dump, a page with server warnings, trafilatura output with a lede and
Python-style tags, a CC0 extract of a real Korean document, a chrome-only file."""

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"

TRAFILATURA = (
    "---\ntitle: Breaking: floods close the river road\nauthor: A. Writer\n"
    "hostname: ledger.example\nsitename: Ledger\ndate: 2021-03-04\n"
    "tags: ['flood', 'roads']\n"
    "description: The river rose two metres overnight and the road is shut.\n"
    "fingerprint: 0123456789abcdef\n---\n"
    "Residents left their homes before dawn, officials said on Thursday.\n"
    "Ledger is an independent newsroom.\n"
)


def test_real_shapes_build(build_site):
    files = {
        "dump.txt": (FIXTURES / "dumps" / "w3m_blog_post.txt").read_text("utf-8"),
        "php.txt": (FIXTURES / "dumps" / "php_warnings.txt").read_text("utf-8"),
        "tf.txt": TRAFILATURA,
        "ko.txt": (FIXTURES / "real" / "ko_1953_cc0.txt").read_text("utf-8"),
        "masthead.txt": "HAN RIVER DAILY | Seoul · Taipei\n\n• Home\n• World\n",
    }
    site = build_site(files)
    dump = site.entry("dump.txt")
    assert dump["status"] == "published"
    assert dump["title"] == "Tomaten im Herbst: was jetzt noch zu tun ist"
    assert dump["source"] is None
    reasons = {line["reason"] for line in dump["chrome_removed"]}
    assert {"form field", "cookie or consent notice"} <= reasons
    page = site.page(dump)
    assert "Der Apfel gibt Ethylen ab" in page
    assert "Suchtext" not in page and "Cookies" not in page

    tf = site.entry("tf.txt")
    assert tf["source"] == "Ledger" and tf["source_from"] == "header"
    page = site.page(tf)
    assert '<p class="standfirst">The river rose two metres overnight' in page

    ko = site.entry("ko.txt")
    assert (ko["status"], ko["lang"], ko["title"]) == (
        "published",
        "ko",
        "1953년 새해를 맞이하여",
    )
    assert site.entry("php.txt")["title"] == "A small town votes on its new bridge"
    masthead = site.entry("masthead.txt")
    assert masthead["status"] == "skipped"
