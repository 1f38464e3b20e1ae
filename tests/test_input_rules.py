"""The reader's input rules as pure functions: dates, files, names, shown text."""

import os
import socket
from datetime import UTC, date, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from article_reader.dates import (
    LATEST,
    DateProblem,
    ceiling,
    decide_date,
    parse_header_date,
)
from article_reader.files import (
    NotReadable,
    discover,
    display_path,
    open_regular_file,
    read_regular_file,
)
from article_reader.shown_text import clean_shown, safe_url
from article_reader.slugs import clean_slug, deduplicate, is_reserved

# --- dates.py ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-14", datetime(2026, 10, 14)),
        ("2026-10-14 09:30", datetime(2026, 10, 14, 9, 30)),
        ("2026-10-14T09:30:00Z", datetime(2026, 10, 14, 9, 30, tzinfo=UTC)),
        (
            "2026-10-14T09:30:00+09:00",
            datetime(2026, 10, 14, 9, 30, tzinfo=timezone(timedelta(hours=9))),
        ),
        ("Wed, 14 Oct 2026 09:30:00 +0000", datetime(2026, 10, 14, 9, 30, tzinfo=UTC)),
        ("14 October 2026", datetime(2026, 10, 14)),
        # Partial dates take the 1st, never the build day's.
        ("October 2026", datetime(2026, 10, 1)),
        ("Oct 2026", datetime(2026, 10, 1)),
        ("2026-10", datetime(2026, 10, 1)),
        ("2026", datetime(2026, 1, 1)),
        # As a YAML front matter parser gives them.
        (date(2026, 10, 14), datetime(2026, 10, 14)),
        (datetime(2026, 10, 14, 9, tzinfo=UTC), datetime(2026, 10, 14, 9, tzinfo=UTC)),
    ],
)
def test_header_dates(text, expected):
    assert parse_header_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("9999-12-31T23:59:59-05:00", "out of range"),
        ("9999-12-31", "out of range"),
        ("2024-01-01T00:00:00 UTC+25", "out of range"),
        ("1066-10-14", "out of range"),
        ("October 14", "no year"),
        ("the day after", "not understood"),
        ("2026-13", "not understood"),
        ("2026-10-14" * 20, "too long"),
        ("", "not understood"),
    ],
)
def test_bad_header_dates(text, reason):
    with pytest.raises(DateProblem, match=reason):
        parse_header_date(text)


def test_ceiling_is_source_date_epoch_else_the_newest_input():
    assert ceiling(1e9, {"SOURCE_DATE_EPOCH": "1795953600"}) == datetime(
        2026, 11, 29, 12, tzinfo=UTC
    )
    assert ceiling(1_700_000_000, {}) == datetime.fromtimestamp(1_700_000_000, UTC)
    assert ceiling(None, {}) is None
    assert ceiling(1e18, {}) == LATEST  # an absurd mtime does not overflow


def test_future_header_date_is_a_warning_and_falls_back():
    limit = datetime(2026, 11, 29, tzinfo=UTC)
    mtime = datetime(2026, 11, 28, tzinfo=UTC).timestamp()
    decision = decide_date("2100-01-01", mtime, limit)
    assert decision.date == datetime(2026, 11, 28, tzinfo=UTC)
    assert decision.source == "file modification time"
    assert "later than the build's inputs" in decision.warnings[0]
    # A date a few hours "ahead" (a time zone east of the scraper) is fine.
    assert decide_date("2026-11-29T20:00", mtime, limit).source == "header"


def test_file_dates_are_clamped_to_the_ceiling_and_bounds():
    limit = datetime(2026, 11, 29, tzinfo=UTC)
    later = decide_date(None, limit.timestamp() + 86400, limit)
    assert later.date == limit and "clamped" in later.source
    absurd = decide_date(None, 1e18, None)
    assert absurd.date == LATEST and absurd.warnings == []


# --- files.py ---------------------------------------------------------------


@pytest.fixture
def tricky_tree(tmp_path):
    root = tmp_path / "in"
    outside = tmp_path / "outside"
    (root / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.key").write_text("SECRET")
    (outside / "other.txt").write_text("Title: Outside\n\nNot in the tree.\n")
    (root / "a.txt").write_text("A")
    (root / "sub" / "b.txt").write_text("B")
    (root / "page.md").write_text("Save_as: index.html")
    (root / ".hidden.txt").write_text("H")
    (root / "key.txt").symlink_to(outside / "secret.key")
    (root / "outside").symlink_to(outside)
    (root / "loop").symlink_to(".")
    (root / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(root / "fifo.txt")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(root / "socket.txt"))
    yield root
    listener.close()


def test_discovery_reads_only_regular_files_inside(tricky_tree):
    tree = discover(str(tricky_tree), ["txt"])
    assert tree.files == ["a.txt", "sub/b.txt"]
    reasons = {skipped.path: skipped.reason for skipped in tree.skipped}
    assert set(reasons) == {
        ".hidden.txt",
        "fifo.txt",
        "key.txt",
        "loop",
        "outside",
        "page.md",
        "socket.txt",
        "zero.txt",
    }
    assert reasons["fifo.txt"].startswith("a FIFO")
    assert reasons["socket.txt"].startswith("a socket")
    assert reasons["key.txt"].startswith("symbolic link")
    assert reasons["page.md"].startswith(".md file: not an article file")
    ignoring = discover(str(tricky_tree), ["txt"], ignore=["b.*", "*.md"])
    assert ignoring.files == ["a.txt"]
    assert "page.md" not in {skipped.path for skipped in ignoring.skipped}


@pytest.mark.parametrize(
    ("relative", "reason"),
    [
        ("key.txt", "symbolic link"),
        ("outside/other.txt", "symbolic link"),
        ("loop/a.txt", "symbolic link"),
        ("zero.txt", "symbolic link"),
        ("fifo.txt", "not a regular file"),
        ("../outside/other.txt", "leaves the input folder"),
        ("sub/../a.txt", "leaves the input folder"),
        ("missing.txt", "cannot open file"),
    ],
)
def test_reading_never_leaves_the_tree(tricky_tree, relative, reason):
    with pytest.raises(NotReadable, match=reason):
        read_regular_file(str(tricky_tree), relative, 1000)


def test_very_deep_paths_are_skipped(tmp_path):
    deep = tmp_path / "/".join(["d" * 200] * 16)
    deep.mkdir(parents=True)
    (deep / "a.txt").write_text("A")
    tree = discover(str(tmp_path), ["txt"])
    assert tree.files == []
    assert tree.skipped[0].reason.startswith("path too long")


def test_streaming_opens_only_regular_files_inside(tricky_tree):
    with open_regular_file(str(tricky_tree), "sub/b.txt") as handle:
        assert handle.read() == b"B"
    for refused in ("key.txt", "fifo.txt", "loop/a.txt"):
        with pytest.raises(NotReadable):
            open_regular_file(str(tricky_tree), refused)


def test_reading_is_bounded(tricky_tree):
    assert read_regular_file(str(tricky_tree), "sub/b.txt", 10)[0] == b"B"
    (tricky_tree / "big.txt").write_bytes(b"x" * 11)
    with pytest.raises(NotReadable, match="too large"):
        read_regular_file(str(tricky_tree), "big.txt", 10)


def test_non_utf8_names_are_displayed_escaped():
    name = os.fsdecode(b"caf\xe9.txt")
    assert display_path(name) == "caf\\xe9.txt"
    assert display_path("新聞.txt") == "新聞.txt"
    assert display_path("a\x1b[31m\u202eb.txt") == "a\\x1b[31m\\u202eb.txt"


# --- slugs.py ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "reserved"),
    [
        ("index", True),
        ("index-p3", True),
        ("con", True),
        ("lpt1", True),
        ("index-of-prices", False),
        ("verify", False),
        ("search", False),
    ],
)
def test_reserved_slugs(slug, reserved):
    assert is_reserved(slug) is reserved


def test_header_slugs_are_bounded():
    assert len(clean_slug("a" * 300)) == 80
    assert clean_slug("../../etc/passwd") == "etc-passwd"


def test_deduplicate_reserved_and_colliding_names():
    wanted = {
        "a_11111111.txt": "index",
        "b_22222222.txt": "news",
        "c_33333333.txt": "news",
        os.fsdecode(b"d\xff.txt"): "news",
    }
    unique, collisions = deduplicate(wanted)
    assert unique["a_11111111.txt"] == "index-11111111"
    assert unique["b_22222222.txt"] == "news"
    assert unique["c_33333333.txt"] == "news-33333333"
    assert len(set(unique.values())) == 4
    assert ["a_11111111.txt"] in collisions
    assert deduplicate(dict(reversed(wanted.items()))) == (unique, collisions)


# --- shown_text.py ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown", "removed"),
    [
        ("Radio \u202eFree\u202c Asia", "Radio Free Asia", 2),
        ("Radio\u2066 Free\u2069 Asia", "Radio Free Asia", 2),
        ("R\u200bF\u2060A\ufeff", "RFA", 3),
        ("tag\U000e0041\U000e0042", "tag", 2),
        ("two\nlines\u2028here\x00", "two lines here", 0),
        ("\u3164", "", 1),
        # Shaping joiners and bidi marks stay: they cannot reverse text.
        ("می\u200cخواهم", "می\u200cخواهم", 0),
        ("\u200fئۇيغۇر (2026)", "\u200fئۇيغۇر (2026)", 0),
        # A zero-width space is the word break between Khmer, Thai, Lao,
        # Burmese or Tibetan letters; anywhere else it is removed.
        ("ទឹកជំនន់\u200bផ្សារ", "ទឹកជំនន់\u200bផ្សារ", 0),
        ("น้ำท่วม\u200bตลาด", "น้ำท่วม\u200bตลาด", 0),
        ("ရေကြီး\u200bဈေး", "ရေကြီး\u200bဈေး", 0),
        ("\u200bទឹក\u200b ផ្សារ\u200b", "ទឹក ផ្សារ", 3),
        ("ទឹក\u200bRFA", "ទឹកRFA", 1),
    ],
)
def test_shown_text_is_cleaned(text, shown, removed):
    assert clean_shown(text) == (shown, removed)


def test_shown_text_is_bounded():
    shown, _ = clean_shown("word " * 200, max_chars=50)
    assert len(shown) <= 51 and shown.endswith("\u2026")


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a?b=c", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//evil.example/x", False),
        ("https://exa\u202emple.org", False),
    ],
)
def test_only_web_addresses_are_kept(url, kept):
    assert (safe_url(url) == url) is kept


# --- which readers run (reader.py, trusted_pages.py) ------------------------


def test_pelicans_own_readers_are_switched_off():
    from article_reader.reader import TextArticleReader, on_readers_init
    from article_reader.trusted_pages import TrustedPageReader
    from pelican.readers import HTMLReader, MarkdownReader, RstReader

    readers = SimpleNamespace(
        reader_classes={
            "md": MarkdownReader,
            "html": HTMLReader,
            "htm": HTMLReader,
            "rst": RstReader,
        }
    )
    on_readers_init(readers)
    # .html/.htm are ours (extracted to text), never Pelican's HTMLReader.
    assert readers.reader_classes == {
        "txt": TextArticleReader,
        "html": TextArticleReader,
        "htm": TextArticleReader,
        "md": TrustedPageReader,
    }


def test_markdown_is_read_only_from_the_pages_folder(tmp_path):
    from article_reader.trusted_pages import TrustedPageReader
    from pelican.settings import DEFAULT_CONFIG

    pages, elsewhere = tmp_path / "pages", tmp_path / "input"
    pages.mkdir()
    elsewhere.mkdir()
    text = "Title: T\nSave_as: index.html\n\n<b>bold</b>\n"
    (pages / "ok.md").write_text(text)
    (elsewhere / "evil.md").write_text(text)
    (pages / "link.md").symlink_to(elsewhere / "evil.md")
    reader = TrustedPageReader(
        {**DEFAULT_CONFIG, "ARTICLE_READER_PAGES_PATH": str(pages)}
    )
    content, metadata = reader.read(str(pages / "ok.md"))
    assert "<b>bold</b>" in content and metadata["save_as"] == "index.html"
    for refused in (elsewhere / "evil.md", pages / "link.md"):
        content, metadata = reader.read(str(refused))
        assert (content, metadata["status"]) == ("", "skip")


def test_endings_are_matched_whole(tmp_path):
    """A crawl is "x.warc.gz"; "x.tar.gz" is another kind of file."""
    for name in ("a.warc.gz", "b.tar.gz", "c.txt"):
        (tmp_path / name).write_bytes(b"x")
    tree = discover(str(tmp_path), ["txt", "warc.gz"])
    assert tree.files == ["a.warc.gz", "c.txt"]
    assert [skipped.path for skipped in tree.skipped] == ["b.tar.gz"]
