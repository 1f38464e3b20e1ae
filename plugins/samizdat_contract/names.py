"""File names derived from text: one rule for article slugs and source pages.

Data shapes:
    readable_slug(text: str, max_length: int = 80) -> str
        lower-case ASCII words joined by "-" for a Latin-script text, else ""
    short_hash(text: str, length: int) -> str     hex digest of the exact text

A text in Latin script (English, Vietnamese) gives a slug a reader
recognises. Other scripts do not transliterate into anything a reader of
that language would recognise, so callers fall back to a hash, which is
stable across builds.
"""

import hashlib
import re
import unicodedata

from unidecode import unidecode

SLUG_MAX_LENGTH = 80
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# A text is "Latin" when at least this share of its letters are Latin.
_LATIN_SHARE = 0.8


def readable_slug(text: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    letters = [char for char in text if char.isalpha()]
    latin = sum(1 for char in letters if "LATIN" in unicodedata.name(char, ""))
    if not letters or latin < _LATIN_SHARE * len(letters):
        return ""
    slug = _NOT_SLUG.sub("-", unidecode(text).lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


def short_hash(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:length]
