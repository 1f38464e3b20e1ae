"""A ZIM file of a copy, for Kiwix readers, written with python-libzim.

Every file of the copy becomes an entry at its own path, so the pages'
relative links work unchanged inside the ZIM; the home page is the main
entry; full-text indexing is on.

Data shapes:
    zim_metadata(info: CopyInfo, languages: list[str], description: str)
        -> dict[str, str]     the ZIM's Name, Title, Creator, ... fields
    write_zim(path, tree: Tree, metadata, illustration: bytes) -> None
"""

import mimetypes
import os
import re
import struct
import zlib
from pathlib import Path

from libzim.writer import Creator, Hint, Item, StringProvider

# ISO 639-1 (and Samizdat's script tags) -> ISO 639-3, as ZIM metadata wants.
ISO_639_3 = {
    "en": "eng",
    "vi": "vie",
    "ko": "kor",
    "zh": "zho",
    "bo": "bod",
    "ug": "uig",
    "my": "mya",
    "km": "khm",
    "lo": "lao",
    "fr": "fra",
}
_TITLE = re.compile(rb"<title>(.*?)</title>", re.DOTALL)


class _CopyItem(Item):
    def __init__(self, path: str, data: bytes):
        super().__init__()
        self.path, self.data = path, data
        self.mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"

    def get_path(self) -> str:
        return self.path

    def get_title(self) -> str:
        found = _TITLE.search(self.data) if self.mimetype == "text/html" else None
        return found.group(1).decode("utf-8").strip() if found else ""

    def get_mimetype(self) -> str:
        return self.mimetype

    def get_contentprovider(self) -> StringProvider:
        return StringProvider(self.data)

    def get_hints(self) -> dict:
        return {Hint.FRONT_ARTICLE: self.mimetype == "text/html"}


def zim_metadata(info, languages: list[str], description: str) -> dict[str, str]:
    codes = []
    for lang in languages:
        code = ISO_639_3.get(lang.split("-")[0])
        if code and code not in codes:
            codes.append(code)
    name = re.sub(r"[^a-z0-9]+", "_", info.site.lower()).strip("_") or "samizdat"
    return {
        "Name": f"{name}_mul_all",
        "Title": info.site[:30],
        "Creator": info.site,
        "Publisher": "Samizdat",
        "Date": info.date[:10],
        "Description": description[:80],
        "Language": ",".join(codes) or "eng",
        "Tags": "_category:news;_pictures:no;_videos:no",
    }


def write_zim(path: Path, tree: dict[str, bytes], metadata: dict[str, str]) -> None:
    """Write the ZIM beside `path` and rename it into place when complete."""
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    language = metadata["Language"].split(",")[0]
    with Creator(str(partial)).config_indexing(True, language) as creator:
        creator.set_mainpath("index.html")
        creator.add_illustration(48, square_png(48, (0x1A, 0x4D, 0x8F)))
        for name, value in metadata.items():
            creator.add_metadata(name, value)
        for name in sorted(tree):
            creator.add_item(_CopyItem(name, tree[name]))
    os.replace(partial, path)


def square_png(size: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain square PNG: the ZIM illustration, made without an image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * size, 9))
        + chunk(b"IEND", b"")
    )
