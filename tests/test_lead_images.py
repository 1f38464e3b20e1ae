"""Lead images: small re-encoded copies from the input's own bytes."""

import contextlib
import io
import os
import random
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from article_reader.images import (
    MAX_BYTES,
    MAX_WIDTH,
    BadImage,
    folder_candidates,
    reencode,
)
from article_reader.images import _read_from_folder as read_from_folder
from conftest import broken_links, page_facts
from crawls import ARTICLE, SITE, page, write_warc
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

FLOOD = f"{SITE}/news/2024/05/flood-old-market"
IMAGE_URL = f"{SITE}/media/market-flood.jpg"
CAPTION = (
    "Traders carry crates of vegetables through the flooded lane on Friday morning."
)


def noisy_image(width: int, height: int, kind: str = "JPEG", **save) -> bytes:
    """A photo-like image that does not compress well, as real photos."""
    rng = random.Random(width * height)
    image = Image.new("RGB", (width, height))
    image.putdata(
        [
            (rng.randrange(256), (x * 3) % 256, (y * 5) % 256)
            for y in range(height)
            for x in range(width)
        ]
    )
    out = io.BytesIO()
    image.save(out, kind, **save)
    return out.getvalue()


@pytest.fixture(scope="module")
def photo():
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {2: (1.0, 2.0, 3.0)}  # GPS
    return noisy_image(1600, 1000, exif=exif.tobytes(), quality=95)


def test_reencode_is_small_narrow_and_without_metadata(photo):
    encoded = reencode(photo)
    assert len(encoded.data) <= MAX_BYTES
    assert encoded.width == MAX_WIDTH and encoded.height == 400
    with Image.open(io.BytesIO(encoded.data)) as copy:
        assert copy.format == "JPEG"
        assert copy.size == (encoded.width, encoded.height)
        assert not copy.getexif() and "icc_profile" not in copy.info
    assert b"CameraMaker" not in encoded.data


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not an image at all",
        b"\x89PNG\r\n\x1a\n" + bytes(50),
        b"%PDF-1.4",
        b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
    ],
)
def test_bad_images_give_a_reason(data):
    with pytest.raises(BadImage):
        reencode(data)


def test_truncated_jpeg_never_raises_anything_else(photo):
    with contextlib.suppress(BadImage):
        reencode(photo[: len(photo) // 3])


def test_decompression_bomb_is_refused():
    bomb = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(bomb, "PNG")  # 400 Mpx, ~50 KB
    with pytest.raises(BadImage, match=r"too many pixels|cannot decode"):
        reencode(bomb.getvalue())


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_reencode_or_give_a_reason(data):
    try:
        encoded = reencode(b"\xff\xd8\xff" + data)
    except BadImage:
        return
    assert len(encoded.data) <= MAX_BYTES


@pytest.mark.parametrize(
    ("page_path", "url", "expected"),
    [
        (
            "courier.example/news/a.html",
            "https://courier.example/media/x.jpg",
            [
                "courier.example/media/x.jpg",
                "courier.example/news/x.jpg",
                "courier.example/news/a_files/x.jpg",
            ],
        ),
        (
            "a.html",
            "https://h.example/../../etc/passwd",
            ["h.example/etc/passwd", "passwd", "a_files/passwd"],
        ),
    ],
)
def test_folder_candidates_stay_inside_the_input(page_path, url, expected):
    assert folder_candidates(page_path, url) == expected


@pytest.mark.parametrize("shape", ["regular", "link", "link to a folder", "missing"])
def test_saved_page_images_are_read_only_as_regular_files(tmp_path, shape):
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(b"secret bytes outside the input")
    content = tmp_path / "content"
    content.mkdir()
    image = content / "x.jpg"
    if shape == "regular":
        image.write_bytes(b"image bytes")
    elif shape == "link":
        image.symlink_to(outside)
    elif shape == "link to a folder":
        (content / "a_files").symlink_to(tmp_path)
    capture = SimpleNamespace(file="a.html", lead_image="https://h.example/outside.jpg")
    if shape != "link to a folder":
        capture.lead_image = "https://h.example/x.jpg"
    expected = b"image bytes" if shape == "regular" else None
    assert read_from_folder(str(content), capture) == expected


def test_build_with_lead_images_from_a_crawl_and_a_folder(build_site, tmp_path, photo):
    content = tmp_path / "content"
    content.mkdir()
    bridge = (
        ARTICLE.replace(b"flood-old-market", b"bridge")
        .replace(b"market-flood.jpg", b"bridge.png")
        .replace(b"Flood waters reach the old market", b"Bridge closed for repairs")
    )
    write_warc(
        content / "crawl.warc.gz",
        [
            page(FLOOD, ARTICLE),
            page(IMAGE_URL, photo, content_type="image/jpeg"),
            page(f"{SITE}/news/2024/05/bridge", bridge),
            page(
                f"{SITE}/media/bridge.png", b"\x89PNG broken", content_type="image/png"
            ),
        ],
    )
    saved = content / "saved"
    saved.mkdir()
    (saved / "story.html").write_bytes(
        ARTICLE.replace(b"flood-old-market", b"story").replace(
            b"Flood waters", b"Saved"
        )
    )
    (saved / "market-flood.jpg").write_bytes(photo)
    old = datetime(2024, 5, 6, tzinfo=UTC).timestamp()
    os.utime(saved / "story.html", (old, old))
    site = build_site({}, ARTICLE_READER_IMAGES="lead")
    assert site.report["images"] == {
        "articles with a lead image": 3,
        "image bytes": site.report["images"]["image bytes"],
        "image not usable": 1,
        "images written": 2,
    }
    images = sorted((site.output / "images").iterdir())
    assert len(images) == 2
    assert site.report["images"]["image bytes"] == sum(i.stat().st_size for i in images)
    flood = next(f for f in site.report["files"] if f.get("url") == FLOOD)
    html = site.page(flood)
    assert f'<img src="../images/{flood["slug"]}.jpg" alt="{CAPTION}"' in html
    for built in site.output.rglob("*.html"):
        assert broken_links(built, page_facts(built)) == [], built
    assert site.report["summary"]["warnings"] == 0


def test_text_only_by_default(build_site, tmp_path, photo):
    site = build_site({"saved/a.html": ARTICLE, "saved/market-flood.jpg": photo})
    assert site.report["images"] is None
    assert not (site.output / "images").exists()
    assert "<img" not in site.page(site.entry("saved/a.html"))
