"""WARC crawls: one capture per article, damaged records, bounded memory."""

import gzip
import os
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
from article_reader.analysis import analyse_tree
from article_reader.captures import CrawlCounts, dedup_key
from article_reader.inputs import PageOptions, load_warc_file
from article_reader.records import PUBLISHED, SKIPPED
from article_reader.settings import ReaderOptions
from article_reader.warc_input import WarcDamage, WarcPage, read_warc
from crawls import (
    ARTICLE,
    NEW,
    OLD,
    SITE,
    article_html,
    messy_crawl,
    page,
    story,
    write_warc,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FLOOD = f"{SITE}/news/2024/05/flood-old-market"


@pytest.mark.parametrize(
    ("canonical", "fetched", "key"),
    [
        (
            None,
            "https://www.A.example/x/?b=2&utm_source=m&a=1#top",
            "//a.example/x?a=1&b=2",
        ),
        ("https://a.example/story", "https://a.example/story?p=1", "//a.example/story"),
        # a canonical URL on another site, or the home page, is not trusted
        ("https://other.example/story", "https://a.example/s", "//a.example/s"),
        ("https://a.example/", "https://a.example/s", "//a.example/s"),
        ("https://a.example/s", None, "//a.example/s"),
        (None, None, None),
        ("not a url", None, None),
        ("http://[bad/", "https://a.example/s", "//a.example/s"),
    ],
)
def test_dedup_key(canonical, fetched, key):
    assert dedup_key(canonical, fetched) == key


def test_messy_crawl_publishes_one_capture_per_article(tmp_path):
    write_warc(tmp_path / "crawl.warc.gz", messy_crawl())
    crawls: list[CrawlCounts] = []
    records = analyse_tree(str(tmp_path), ["crawl.warc.gz"], ReaderOptions(), crawls)
    published = {r.capture.url: r for r in records.values() if r.status == PUBLISHED}
    assert sorted(published) == [
        f"{SITE}/news/2024/05/bridge",
        FLOOD + "?utm_source=feed",
    ]
    flood = published[FLOOD + "?utm_source=feed"]
    assert flood.captions == []  # text only: the caption stays with the image
    assert flood.capture.lead_image_caption == (
        "Traders carry crates of vegetables through the flooded lane on Friday morning."
    )
    assert flood.capture.date.isoformat() == "2024-05-20T10:00:00+00:00"
    assert flood.path == f"crawl.warc.gz#{flood.capture.offset}"
    assert flood.extra["url"] == FLOOD + "?utm_source=feed"
    assert flood.warnings == []
    (counts,) = crawls
    assert counts.records == 16 and counts.pages == 5 and counts.damaged == []
    assert dict(counts.skipped) == {
        "warcinfo record": 1,
        "request record": 1,
        "metadata record": 1,
        "revisit record (no body of its own)": 1,
        "redirect (HTTP 301)": 1,
        "HTTP status 404, not 200": 1,
        "HTTP status 503, not 200": 1,
        "not HTML (text/plain)": 1,
        "not HTML (text/css)": 1,
        "not HTML (image/jpeg)": 1,
        "not HTML (application/pdf)": 1,
        "duplicate capture (the newest one is published)": 1,
        "home page of the site": 1,
        "no article text: index page: its text is mostly links": 1,
    }


def test_oldest_capture_when_the_setting_says_so(tmp_path):
    write_warc(tmp_path / "crawl.warc", messy_crawl(), gzip=False)
    options = ReaderOptions(pages=PageOptions(keep_capture="oldest"))
    records = analyse_tree(str(tmp_path), ["crawl.warc"], options, [])
    flood = next(r for r in records.values() if r.capture.url.startswith(FLOOD))
    assert flood.capture.date.isoformat() == "2024-05-04T10:00:00+00:00"
    assert flood.capture.lead_image_caption.endswith("lane on OLD CAPTURE.")


def test_captures_in_two_files_and_a_saved_page(tmp_path):
    write_warc(tmp_path / "a.warc.gz", [page(FLOOD, ARTICLE, OLD)])
    write_warc(tmp_path / "b.warc.gz", [page(FLOOD, ARTICLE, NEW)])
    (tmp_path / "saved.html").write_bytes(ARTICLE)
    saved_on = datetime(2024, 5, 10, tzinfo=UTC).timestamp()  # between the two
    os.utime(tmp_path / "saved.html", (saved_on, saved_on))
    names = ["a.warc.gz", "b.warc.gz", "saved.html"]
    records = analyse_tree(str(tmp_path), names, ReaderOptions(), [])
    statuses = {path: (r.status, r.reason) for path, r in records.items()}
    (winner,) = [path for path, (status, _) in statuses.items() if status == PUBLISHED]
    assert winner.startswith("b.warc.gz#")
    for path, (status, reason) in statuses.items():
        if path != winner:
            assert status == SKIPPED and reason.startswith("duplicate capture of")
            assert records[path].warnings == []


def gz_members(path: Path) -> bytes:
    return path.read_bytes()


def test_damaged_records_are_skipped_and_reading_goes_on(tmp_path):
    crawl = tmp_path / "crawl.warc.gz"
    records = [
        page(f"{SITE}/n/{i}", article_html(f"T{i}", story(i)).encode())
        for i in range(4)
    ]
    offsets = write_warc(crawl, records)
    data = bytearray(crawl.read_bytes())
    middle = offsets[1] + 40  # inside the deflate stream of the second record
    data[middle : middle + 20] = b"\x00" * 20
    crawl.write_bytes(bytes(data))
    items = list(read_warc(crawl.open("rb"), 1_000_000))
    pages = [item.url for item in items if isinstance(item, WarcPage)]
    damage = [item for item in items if isinstance(item, WarcDamage)]
    assert pages == [f"{SITE}/n/0", f"{SITE}/n/2", f"{SITE}/n/3"]
    assert [d.offset for d in damage] == [offsets[1]]


def test_bad_record_length_in_an_uncompressed_warc(tmp_path):
    crawl = tmp_path / "crawl.warc"
    records = [
        page(f"{SITE}/n/{i}", article_html(f"T{i}", story(i)).encode())
        for i in range(3)
    ]
    offsets = write_warc(crawl, records, gzip=False)
    data = crawl.read_bytes()
    header_end = data.index(b"Content-Length: ", offsets[0])
    line_end = data.index(b"\r\n", header_end)
    data = data[:header_end] + b"Content-Length: 50" + data[line_end:]
    crawl.write_bytes(data)
    items = list(read_warc(crawl.open("rb"), 1_000_000))
    pages = [item.url for item in items if isinstance(item, WarcPage)]
    assert pages[-2:] == [f"{SITE}/n/1", f"{SITE}/n/2"]
    assert any(isinstance(item, WarcDamage) for item in items)


def test_truncated_warc_keeps_the_records_before_the_cut(tmp_path):
    crawl = tmp_path / "crawl.warc.gz"
    records = [
        page(f"{SITE}/n/{i}", article_html(f"T{i}", story(i)).encode())
        for i in range(3)
    ]
    offsets = write_warc(crawl, records)
    crawl.write_bytes(crawl.read_bytes()[: offsets[2] + 100])
    counts = CrawlCounts("crawl.warc.gz")
    pages = list(load_warc_file(str(tmp_path), "crawl.warc.gz", PageOptions(), counts))
    assert len(pages) == 2
    assert [offset for offset, _ in counts.damaged] == [offsets[2]]


def test_a_50_megabyte_page_is_skipped_in_bounded_memory(tmp_path):
    crawl = tmp_path / "crawl.warc.gz"
    huge = b"<html><body>" + b"<p>filler text</p>" * 3_000_000 + b"</body></html>"
    write_warc(crawl, [page(f"{SITE}/huge", huge), page(FLOOD, ARTICLE)])
    counts = CrawlCounts("crawl.warc.gz")
    pages = list(load_warc_file(str(tmp_path), "crawl.warc.gz", PageOptions(), counts))
    assert [p.capture.url for p in pages] == [FLOOD]
    assert counts.skipped == {"page larger than 20,000,000 bytes": 1}


def test_warc_gzipped_whole_is_read_as_one_stream(tmp_path):
    plain = tmp_path / "plain.warc"
    offsets = write_warc(
        plain, [page(f"{SITE}/n/{i}", ARTICLE) for i in range(3)], gzip=False
    )
    (tmp_path / "whole.warc.gz").write_bytes(gzip.compress(plain.read_bytes()))
    items = list(read_warc((tmp_path / "whole.warc.gz").open("rb"), 1_000_000))
    assert [item.url for item in items] == [f"{SITE}/n/{i}" for i in range(3)]
    assert [item.offset for item in items] == offsets  # in the uncompressed data


@st.composite
def corruptions(draw):
    """(position, replacement bytes, cut) edits to apply to a WARC."""
    edits = draw(
        st.lists(
            st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=40)),
            max_size=4,
        )
    )
    cut = draw(st.one_of(st.none(), st.floats(0, 1)))
    return edits, cut


@pytest.fixture(scope="module")
def small_crawl_bytes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crawl")
    records = messy_crawl()[:8]
    write_warc(folder / "gz.warc.gz", records)
    write_warc(folder / "plain.warc", records, gzip=False)
    return {
        "gz.warc.gz": (folder / "gz.warc.gz").read_bytes(),
        "plain.warc": (folder / "plain.warc").read_bytes(),
    }


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(corruption=corruptions(), name=st.sampled_from(["gz.warc.gz", "plain.warc"]))
def test_corrupted_warc_bytes_never_raise(
    tmp_path, small_crawl_bytes, corruption, name
):
    data = bytearray(small_crawl_bytes[name])
    edits, cut = corruption
    for where, replacement in edits:
        position = int(where * (len(data) - 1))
        data[position : position + len(replacement)] = replacement
    if cut is not None:
        del data[int(cut * len(data)) :]
    (tmp_path / name).write_bytes(bytes(data))
    counts = CrawlCounts(name)
    pages = list(load_warc_file(str(tmp_path), name, PageOptions(), counts))
    assert len(pages) <= counts.pages <= counts.records
    for offset, error in counts.damaged:
        assert 0 <= offset <= len(data) and error


def test_crawl_is_read_in_bounded_memory(tmp_path):
    """40 pages of 500 KB: never all held, whatever the number of pages."""
    filler = "<script>" + "var tracker = 'x';\n" * 27_000 + "</script>"
    records = [
        page(
            f"{SITE}/n/{number % 4}",
            article_html(f"T{number}", story(number))
            .replace("<footer>", filler + "<footer>")
            .encode(),
        )
        for number in range(40)
    ]
    assert sum(len(record[4]) for record in records) > 19_000_000
    write_warc(tmp_path / "crawl.warc.gz", records)
    tracemalloc.start()
    try:
        counts = CrawlCounts("crawl.warc.gz")
        pages = list(
            load_warc_file(str(tmp_path), "crawl.warc.gz", PageOptions(), counts)
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(pages) == 4 and counts.pages == 40
    assert peak < 8_000_000, peak
