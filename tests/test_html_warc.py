"""Saved HTML pages: extraction, encodings, the tree-wide census."""

import logging
from datetime import date

import pytest
from article_reader.analysis import analyse_tree
from article_reader.captures import input_kind
from article_reader.decoding import UnreadableFile
from article_reader.html_input import (
    EXTRACTOR_LOGGERS,
    ExtractOptions,
    NotAnArticle,
    decode_html,
    extract_page,
)
from article_reader.settings import ReaderOptions
from crawls import (
    ARTICLE,
    INDEX,
    SITE,
    article_html,
    story,
)
from hypothesis import given, settings
from hypothesis import strategies as st

FLOOD = f"{SITE}/news/2024/05/flood-old-market"


def extract(data: bytes, **kwargs):
    kwargs.setdefault("url", None)
    kwargs.setdefault("declared_charset", None)
    return extract_page(
        data, max_date=date(2024, 6, 1), options=ExtractOptions(), **kwargs
    )


def test_the_extractor_logs_stay_quiet_after_its_first_page():
    """trafilatura is imported with the first page, and its import sets
    htmldate's level to WARNING: the reader's quieting holds after it."""
    extract(article_html("Flood", story(1)).encode("utf-8"), url=FLOOD)
    for name in EXTRACTOR_LOGGERS:
        assert logging.getLogger(name).level == logging.ERROR


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("a.txt", "text"),
        ("x/Page.HTML", "html"),
        ("a.htm", "html"),
        ("c.warc", "warc"),
        ("c.warc.gz", "warc"),
        ("c.arc.gz", "warc"),
        ("notes.md", None),
        ("site.tar.gz", None),
    ],
)
def test_input_kind(path, kind):
    assert input_kind(path) == kind


def test_article_page_gives_text_and_metadata():
    page = extract(ARTICLE)
    assert page.fields == {
        "title": "Flood waters reach the old market",
        "date": "2024-05-03",
        "author": "Mai Tran",
        "source": "The Riverside Courier",
        "hostname": "courier.example",
        "url": FLOOD,
        "summary": "Residents moved stalls to higher ground as the river rose "
        "overnight.",
        "lang": "en",
    }
    assert "We heard the water before we saw it" in page.body
    for chrome in ("Subscribe", "Most read", "Rice prices", "Privacy", "tracker"):
        assert chrome not in page.body
    assert page.lead_image == "https://courier.example/media/market-flood.jpg"
    assert page.lead_image_caption.startswith("Traders carry crates")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (INDEX, NotAnArticle),
        (b"", UnreadableFile),
        (b"   \n", UnreadableFile),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), UnreadableFile),
        (b"%PDF-1.4 not a page", UnreadableFile),
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", NotAnArticle),
        (b"<" * 5000, NotAnArticle),
        (b"<div>" * 100_000 + b"text", NotAnArticle),
    ],
)
def test_pages_without_an_article(data, error):
    with pytest.raises(error):
        extract(data)


RUSSIAN = "Наводнение дошло до старого рынка, и торговцы унесли прилавки."
JAPANESE = "川の水が夜のうちに市場まで上がり、商人たちは屋台を高台へ運んだ。"


@pytest.mark.parametrize(
    ("text", "encoding", "declared_in_page", "declared_in_header"),
    [
        (RUSSIAN, "windows-1251", "windows-1251", None),
        (RUSSIAN, "koi8-r", None, "koi8-r"),
        (JAPANESE, "shift_jis", "shift_jis", None),
        (JAPANESE, "euc-jp", "euc-jp", "euc-jp"),
        (RUSSIAN, "utf-8", None, None),
        (RUSSIAN, "utf-16", None, None),
        (JAPANESE, "gb18030", "gb18030", None),
    ],
)
def test_declared_and_undeclared_encodings(
    text, encoding, declared_in_page, declared_in_header
):
    html = article_html("Title", [text * 3, text * 2], charset=declared_in_page or "")
    page = extract(html.encode(encoding), declared_charset=declared_in_header)
    assert text in page.body
    assert page.problems == []


def test_undeclared_legacy_encoding_is_guessed_with_a_note():
    html = article_html("Title", [RUSSIAN * 4, RUSSIAN * 3], charset="")
    decoded, how = decode_html(html.encode("windows-1251"))
    assert RUSSIAN in decoded and how == "guessed"


@pytest.mark.parametrize(
    ("declared", "data", "text"),
    [
        (
            "iso-8859-1",
            "caf\u00e9 \u201cquoted\u201d".encode("cp1252"),
            "caf\u00e9 \u201cquoted\u201d",
        ),
        ("utf-16", "plain ASCII page".encode("ascii"), "plain ASCII page"),
    ],
)
def test_declarations_read_as_browsers_read_them(declared, data, text):
    assert decode_html(data, declared_charset=declared)[0] == text


def test_a_wrong_declaration_falls_back_to_utf8():
    html = article_html("Title", [RUSSIAN * 4], charset="us-ascii")
    decoded, how = decode_html(html.encode("utf-8"), declared_charset="bogus-enc")
    assert RUSSIAN in decoded and how == "utf-8"


@settings(max_examples=80, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=3000),
        st.text(alphabet="<>/=\"' abcdiv&;#\n\u202e\x00", max_size=3000).map(
            lambda text: f"<html><body><p>{text}</p></body></html>".encode(
                "utf-8", "surrogatepass"
            )
        ),
    )
)
def test_any_bytes_extract_or_give_a_reason(data):
    try:
        page = extract(data)
    except (NotAnArticle, UnreadableFile):
        return
    assert isinstance(page.body, str) and "\x00" not in page.body


def test_tree_wide_census_removes_what_one_page_cannot_tell(tmp_path):
    follow = "Follow the Courier on Telegram for the news the censors remove"
    names = []
    for number in range(3):
        paragraphs = [*story(number), follow]
        html = article_html(f"Story number {number}", paragraphs)
        (tmp_path / f"{number}.html").write_text(html, encoding="utf-8")
        names.append(f"{number}.html")
    alone = analyse_tree(str(tmp_path), names[:1], ReaderOptions())["0.html"]
    assert follow in alone.paragraphs  # one page cannot tell it from the article
    records = analyse_tree(str(tmp_path), names, ReaderOptions())
    for name in names:
        assert follow not in records[name].paragraphs
        assert len(records[name].paragraphs) == 3
        removed = {line.text: line.reason for line in records[name].removed}
        assert removed[follow]  # listed in the report, with its reason
