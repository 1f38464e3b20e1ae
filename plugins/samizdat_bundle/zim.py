"""A ZIM file of a copy, for Kiwix readers, written with python-libzim.

Every file of the copy becomes an entry at its own path, so the pages'
relative links work unchanged inside the ZIM; the home page is the main
entry; full-text indexing is on.

libzim is C++ and does not survive every input: measured with libzim 3.6.0
(libzim 9), an entry title made of one run of over ~245 bytes without a
space fails ("Unknown exception": Xapian's term limit), 2,000 CJK characters
segfault and 7,000 characters of words hang; 70,000 bytes are refused. So
every string that reaches it is plain text and bounded here (ENTRY_TITLE_MAX_
BYTES, METADATA_MAX_GRAPHEMES), and the writing runs in a child process with
a file size limit, in a folder made for it beside the result: whatever
happens to libzim, the parent removes that folder and `dist/` holds either
the complete ZIM or nothing new.

Data shapes:
    zim_metadata(info: CopyInfo, languages: list[str], description: str)
        -> dict[str, str]     the ZIM's Name, Title, Creator, ... fields
    plain_title(page: bytes) -> str   the page's <title> as bounded text
    bounded(text, graphemes, max_bytes) -> str
    write_zim(path, tree: Tree, metadata) -> None   ZimError on failure
"""

import html
import mimetypes
import multiprocessing
import os
import re
import resource
import shutil
import signal
import struct
import sys
import tempfile
import unicodedata
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
# The openZIM metadata rules: Title at most 30 graphemes, Description 80,
# LongDescription 4000; other text fields kept as short as a title.
METADATA_MAX_GRAPHEMES = {"Title": 30, "Description": 80, "LongDescription": 4000}
OTHER_METADATA_MAX_GRAPHEMES = 80
# Below the ~245-byte Xapian term limit even for a title without spaces.
ENTRY_TITLE_MAX_BYTES = 230
ELLIPSIS = "\u2026"
# A ZIM is compressed text plus its indexes: far below this many bytes.
ZIM_SIZE_FACTOR, ZIM_SIZE_SLACK = 4, 256 * 1024 * 1024
# libzim can also spin forever on input it cannot handle: a child that has
# not ended after this long (generous: minutes for a 100 MB site on a slow
# machine) is killed and the ZIM refused, so `make zim` and CI never hang.
ZIM_SECONDS_SLACK, ZIM_SECONDS_PER_MB = 300, 10

_TITLE = re.compile(rb"<title>(.*?)</title>", re.DOTALL | re.IGNORECASE)
# Bidi embeddings, overrides and isolates: never carried into a title.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class ZimError(RuntimeError):
    """libzim failed or crashed; nothing was left in the dist folder."""


def _clusters(text: str) -> list[str]:
    """Grapheme clusters, approximately: a character and the combining marks
    and joiners after it (never after a control character, as in UAX #29).
    Never fewer clusters than the Unicode rules find, so a count of these
    bounds the count of graphemes."""
    clusters: list[str] = []
    for char in text:
        joins = unicodedata.category(char) in ("Mn", "Mc", "Me") or char == "\u200d"
        if joins and clusters and unicodedata.category(clusters[-1][0]) != "Cc":
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def bounded(text: str, graphemes: int, max_bytes: int | None = None) -> str:
    """`text` cut to `graphemes` and `max_bytes`, with an ellipsis if cut."""
    clusters = _clusters(text)
    size = len(text.encode("utf-8", "replace"))
    if len(clusters) <= graphemes and (max_bytes is None or size <= max_bytes):
        return text
    budget = (max_bytes or size) - len(ELLIPSIS.encode())
    kept = []
    for cluster in clusters[: graphemes - 1]:
        budget -= len(cluster.encode("utf-8", "replace"))
        if budget < 0:
            break
        kept.append(cluster)
    return "".join(kept).rstrip() + ELLIPSIS


def plain_text(text: str) -> str:
    """One line of text: no control or bidi control characters, spaces
    collapsed."""
    text = "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char
        for char in text
        if char not in _BIDI_CONTROLS and unicodedata.category(char) != "Cs"
    )
    return " ".join(text.split())


def plain_title(page: bytes) -> str:
    """The page's <title> as text, bounded for libzim. <title> holds only
    text and character references (RCDATA), so unescaping them is all it
    takes to get the text back."""
    found = _TITLE.search(page)
    if not found:
        return ""
    text = plain_text(html.unescape(found.group(1).decode("utf-8", "replace")))
    return bounded(text, ENTRY_TITLE_MAX_BYTES, ENTRY_TITLE_MAX_BYTES)


def zim_metadata(info, languages: list[str], description: str) -> dict[str, str]:
    codes = []
    for lang in languages:
        code = ISO_639_3.get(lang.split("-")[0])
        if code and code not in codes:
            codes.append(code)
    name = re.sub(r"[^a-z0-9]+", "_", info.site.lower()).strip("_")[:60] or "samizdat"
    site = plain_text(info.site) or "Samizdat"
    fields = {
        "Name": f"{name}_mul_all",
        "Title": site,
        "Creator": site,
        "Publisher": "Samizdat",
        "Date": info.date[:10],
        "Description": plain_text(description) or "News archive",
        "Language": ",".join(codes) or "eng",
        "Tags": "_category:news;_pictures:no;_videos:no",
    }
    return {
        key: bounded(
            value,
            METADATA_MAX_GRAPHEMES.get(key, OTHER_METADATA_MAX_GRAPHEMES),
            ENTRY_TITLE_MAX_BYTES * 4,
        )
        for key, value in fields.items()
    }


def write_zim(path: Path, tree: dict[str, bytes], metadata: dict[str, str]) -> None:
    """Write the ZIM in a child process, in a folder made beside `path`, and
    rename it into place when complete; on any failure remove that folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    size = sum(map(len, tree.values()))
    limit = ZIM_SIZE_FACTOR * size + ZIM_SIZE_SLACK
    timeout = ZIM_SECONDS_SLACK + ZIM_SECONDS_PER_MB * size / 1_000_000
    child = multiprocessing.get_context("fork").Process(
        target=_create_in_child,
        args=(str(workdir / path.name), tree, metadata, limit),
    )
    try:
        child.start()
        child.join(timeout)
        if child.is_alive():
            raise ZimError(
                f"libzim failed writing {path}: no end after {timeout:.0f} s (killed)"
            )
        if child.exitcode != 0:
            raise ZimError(f"libzim failed writing {path}: {_describe(child.exitcode)}")
        os.replace(workdir / path.name, path)
    finally:
        if child.is_alive():
            child.kill()
            child.join()
        shutil.rmtree(workdir, ignore_errors=True)


def _describe(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"crashed with {signal.Signals(-exitcode).name}"
    return f"exit status {exitcode} (libzim's message above)"


def _create_in_child(partial: str, tree, metadata: dict[str, str], limit: int):
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    language = metadata["Language"].split(",")[0]
    try:
        with Creator(partial).config_indexing(True, language) as creator:
            creator.set_mainpath("index.html")
            creator.add_illustration(48, square_png(48, (0x1A, 0x4D, 0x8F)))
            for name, value in metadata.items():
                creator.add_metadata(name, value)
            for name in sorted(tree):
                creator.add_item(_CopyItem(name, tree[name]))
    except RuntimeError as error:
        sys.stderr.write(f"libzim: {error}\n")
        os._exit(3)


class _CopyItem(Item):
    def __init__(self, path: str, data: bytes):
        super().__init__()
        self.path, self.data = path, data
        self.mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"

    def get_path(self) -> str:
        return self.path

    def get_title(self) -> str:
        return plain_title(self.data) if self.mimetype == "text/html" else ""

    def get_mimetype(self) -> str:
        return self.mimetype

    def get_contentprovider(self) -> StringProvider:
        return StringProvider(self.data)

    def get_hints(self) -> dict:
        return {Hint.FRONT_ARTICLE: self.mimetype == "text/html"}


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
