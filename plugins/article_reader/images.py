"""Small copies of articles' lead images, from the input's own bytes.

With ARTICLE_READER_IMAGES = "lead", each published HTML or WARC article whose
page names a lead image gets a re-encoded copy: JPEG (every browser and
reader app shows it), at most MAX_WIDTH pixels wide and MAX_BYTES bytes,
with no metadata (EXIF, ICC, comments are never copied). The bytes come
from the crawl's own record of that image URL, or from the saved page's
folder; nothing is ever fetched. A missing, oversized, hostile or broken
image is counted, never fatal: Pillow's decompression-bomb limit is set and
every decoding error is caught.

Data shapes:
    reencode(data: bytes) -> Encoded(data: bytes, width: int, height: int)
        raises BadImage(reason)
    folder_candidates(page_path, image_url) -> list[str]   (relative paths)
    write_lead_images(root, records, folder) -> dict   counts for the report;
        sets capture.image = (file name, width, height) on each record done
"""

import io
import logging
import posixpath
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image, ImageOps, UnidentifiedImageError
from samizdat_contract.cache import write_if_changed

from .files import NotReadable, open_regular_file, read_regular_file
from .records import PUBLISHED
from .warc_input import WarcPage, read_warc

MAX_WIDTH = 640
MAX_BYTES = 30_000
# Larger sources are not decoded at all (a 40-megapixel photo is plenty).
MAX_SOURCE_PIXELS = 40_000_000
MAX_SOURCE_BYTES = 15_000_000
QUALITIES = (70, 60, 50, 40, 30)
IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
# What Pillow raises on broken or hostile image data.
IMAGE_ERRORS = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    OSError,
    ValueError,
    SyntaxError,
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    ZeroDivisionError,
    MemoryError,
)

logger = logging.getLogger(__name__)


class BadImage(ValueError):
    """The bytes are not an image this module will re-encode; says why."""


@dataclass(frozen=True)
class Encoded:
    data: bytes
    width: int
    height: int


def reencode(data: bytes) -> Encoded:
    """A small JPEG copy of an image, without its metadata."""
    Image.MAX_IMAGE_PIXELS = MAX_SOURCE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=IMAGE_FORMATS) as source:
                source.draft("RGB", (MAX_WIDTH * 2, MAX_WIDTH * 2))
                image = ImageOps.exif_transpose(source).convert("RGB")
    except Image.DecompressionBombWarning as warning:
        raise BadImage(f"too many pixels ({warning})") from None
    except IMAGE_ERRORS as error:
        raise BadImage(f"cannot decode ({type(error).__name__})") from None
    width = MAX_WIDTH
    while width >= 80:
        copy = image.copy()
        copy.thumbnail((width, width * 4), Image.Resampling.LANCZOS)
        for quality in QUALITIES:
            out = io.BytesIO()
            copy.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
            if out.tell() <= MAX_BYTES:
                return Encoded(out.getvalue(), copy.width, copy.height)
        width //= 2
    raise BadImage(f"cannot be made smaller than {MAX_BYTES:,} bytes")


def folder_candidates(page_path: str, image_url: str) -> list[str]:
    """Where a saved page's image may lie in the input folder (relative paths).

    Beside the page under its own path (wget --mirror writes host/path), and
    in the page's folder or its "_files" folder by name ("Save page as").
    """
    parts = urlsplit(image_url)
    url_path = posixpath.normpath("/" + unquote(parts.path)).lstrip("/")
    name = posixpath.basename(url_path)
    folder = posixpath.dirname(page_path)
    stem = posixpath.splitext(posixpath.basename(page_path))[0]
    candidates = []
    if parts.netloc:
        candidates.append(posixpath.join(parts.netloc, url_path))
    if name:
        candidates.append(posixpath.join(folder, name))
        candidates.append(posixpath.join(folder, f"{stem}_files", name))
    normalised = [posixpath.normpath(candidate) for candidate in candidates]
    return [c for c in normalised if not c.startswith(("..", "/"))]


def write_lead_images(root: str, records, folder: str) -> dict:
    """Write each published record's lead image into folder; return counts."""
    counts: Counter = Counter()
    wanted: dict[str, list] = {}  # image URL -> records that want it
    from_crawls: dict[str, set[str]] = {}  # WARC file -> image URLs
    for record in records:
        capture = record.capture
        if record.status != PUBLISHED or capture is None or not capture.lead_image:
            continue
        counts["articles with a lead image"] += 1
        if capture.offset is None:
            data = _read_from_folder(root, capture)
            _write(record, data, folder, counts)
        else:
            wanted.setdefault(capture.lead_image, []).append(record)
            from_crawls.setdefault(capture.file, set()).add(capture.lead_image)
    for crawl, urls in sorted(from_crawls.items()):
        for item in _read_from_crawl(root, crawl, urls):
            if item.url in urls:
                urls.discard(item.url)
                for record in wanted.pop(item.url, []):
                    _write(record, item.data, folder, counts)
    for records_left in wanted.values():
        counts["image not in the input"] += len(records_left)
    return dict(sorted(counts.items()))


def _read_from_folder(root: str, capture) -> bytes | None:
    """The first candidate image file that is a regular file inside ``root``.

    Read like every input (files.read_regular_file: no link followed, size
    capped); a missing, linked or too large candidate is passed over.
    """
    for relative in folder_candidates(capture.file, capture.lead_image):
        try:
            data, _status = read_regular_file(root, relative, MAX_SOURCE_BYTES)
        except NotReadable:
            continue
        return data
    return None


def _read_from_crawl(root: str, crawl: str, urls: set[str]) -> Iterator[WarcPage]:
    """The records of ``crawl`` whose URL is in ``urls`` (read once, streamed)."""
    try:
        for item in read_warc(open_regular_file(root, crawl), MAX_SOURCE_BYTES, urls):
            if isinstance(item, WarcPage) and item.url in urls:
                yield item
    except OSError as error:  # NotReadable too: the images count as missing
        logger.info("%s: lead images not read: %s", crawl, error)


def _write(record, data: bytes | None, folder: str, counts: Counter) -> None:
    if data is None:
        counts["image not in the input"] += 1
        return
    try:
        encoded = reencode(data)
    except BadImage as error:
        # Counted, not a warning: the article itself is published whole.
        counts["image not usable"] += 1
        logger.info("%s: lead image not used: %s", record.path, error)
        return
    name = f"{record.slug}.jpg"
    write_if_changed(Path(folder) / name, encoded.data)
    record.capture.image = (name, encoded.width, encoded.height)
    counts["images written"] += 1
    counts["image bytes"] += len(encoded.data)
