"""Bytes of a scraped article file -> clean Unicode text, or a reason to skip it.

Data shapes:
    decode_article(data: bytes) -> Decoded(text: str, problems: list[str])
    raises UnreadableFile(reason: str) when the bytes are not an article at all.

"problems" are human-readable notes (legacy encoding used, bytes replaced,
control characters removed); the caller turns each into a warning naming the
file, and the article is still published.
"""

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

import charset_normalizer


class UnreadableFile(ValueError):
    """The file cannot be read as an article; the message says why."""


@dataclass
class Decoded:
    text: str
    problems: list[str] = field(default_factory=list)


# Magic numbers of formats that turn up in scraper output directories by
# mistake. Checked before decoding so a PDF is never "decoded" as cp1252.
BINARY_SIGNATURES = {
    b"%PDF": "PDF document",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "zip archive",
    b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "executable",
    b"RIFF": "RIFF media file",
}

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# A text file with a stray NUL or escape byte is still text (the bytes are
# removed with a warning); above this share of control bytes in its first
# BINARY_SAMPLE_BYTES (and with no UTF-16/32 byte-order mark) it is binary.
BINARY_CONTROL_SHARE = 0.10
BINARY_SAMPLE_BYTES = 8192
_CONTROL_BYTES = bytes(set(range(32)) - {9, 10, 12, 13}) + b"\x7f"

# Well-formed UTF-8 multi-byte sequences. Their count against the count of
# decoding errors tells "UTF-8 with a few broken bytes" from "legacy codepage".
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)

# Legacy decodings whose noise charset_normalizer rates within this margin
# of the best one are all plausible readings of the bytes.
_PLAUSIBLE_CHAOS = 0.1
_HANGUL = re.compile("[\uac00-\ud7a3]")
_HAN = re.compile("[\u4e00-\u9fff]")
_MIXED_SCRIPT_SHARE = 0.2
_COMMON_PUNCTUATION = set(
    "\u00a0\u00ab\u00bb\u2018\u2019\u201a\u201c\u201d\u201e"
    "\u2013\u2014\u2026\u00b0\u00b7\u3001\u3002\uff0c"
)

# Unicode's control characters (category Cc) less tab, line feed, form feed
# and carriage return, which are layout.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def decode_article(data: bytes) -> Decoded:
    """Decode the bytes of one article file; see the module docstring."""
    if not data.strip():
        raise UnreadableFile("empty file")
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise UnreadableFile(f"binary file ({kind})")

    for bom, encoding in BOMS:
        if data.startswith(bom):
            decoded = Decoded(data.decode(encoding, errors="replace"))
            break
    else:
        sample = data[:BINARY_SAMPLE_BYTES]
        controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
        if controls > BINARY_CONTROL_SHARE * len(sample):
            raise UnreadableFile(
                f"binary file ({controls} control bytes in its first "
                f"{len(sample)} bytes)"
            )
        decoded = _decode_without_bom(data)

    text, removed = remove_control_characters(decoded.text)
    if removed:
        decoded.problems.append(f"{removed} NUL or control characters removed")
    decoded.text = text
    if not text.strip():
        raise UnreadableFile("no text (only control characters or whitespace)")
    return decoded


def _decode_without_bom(data: bytes) -> Decoded:
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    error_count = replaced.count("\ufffd") - data.decode(
        "utf-8", errors="ignore"
    ).count("\ufffd")
    well_formed = len(_UTF8_MULTIBYTE.findall(data))
    if well_formed < error_count:
        legacy = _unambiguous_legacy_decoding(data)
        if legacy is not None:
            encoding, text = legacy
            return Decoded(text, [f"not UTF-8; decoded as {encoding}"])
        reason = "not UTF-8 and no single legacy encoding fits"
    else:
        reason = "invalid UTF-8"
    return Decoded(
        replaced, [f"{reason}; {error_count} invalid byte sequences replaced"]
    )


def _unambiguous_legacy_decoding(data: bytes) -> tuple[str, str] | None:
    """(encoding, text) when every plausible legacy decoding gives that text.

    A decoding is plausible when charset_normalizer rates its noise within
    _PLAUSIBLE_CHAOS of the best and every non-ASCII character it yields is a
    letter, a mark or common punctuation. Latin text in cp1252, cp1250,
    cp1257 or ISO 8859-4 decodes to letters in all of them ("déjà" or
    "déją"): that is ambiguous, and the caller replaces the bytes instead of
    guessing a language's letters.
    """
    results = list(charset_normalizer.from_bytes(data))
    if not results:
        return None
    best = min(result.chaos for result in results)
    texts = {
        str(result): result.encoding
        for result in results
        if result.chaos <= best + _PLAUSIBLE_CHAOS and _only_letters(str(result))
    }
    if len(texts) != 1:
        return None
    text, encoding = texts.popitem()
    return encoding, text


def _only_letters(text: str) -> bool:
    """Every non-ASCII character is a letter, a mark or common punctuation,
    and Hangul is not mixed half and half with Han (what GBK bytes read as
    Korean code page 949 look like; modern Korean text is Hangul)."""
    hangul = len(_HANGUL.findall(text))
    han = len(_HAN.findall(text))
    if hangul and han and min(hangul, han) > _MIXED_SCRIPT_SHARE * (hangul + han):
        return False
    return all(
        char.isascii()
        or unicodedata.category(char)[0] in "LM"
        or char in _COMMON_PUNCTUATION
        for char in text
    )


def remove_control_characters(text: str) -> tuple[str, int]:
    """Drop C0/C1 controls (NUL included) except tab and line breaks."""
    return _CONTROL_CHARACTERS.subn("", text)
