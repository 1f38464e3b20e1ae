"""Stable, unique, file-name-safe slugs for articles.

Data shapes:
    slug_for(title: str, file_name: str) -> str
    file_hash(file_name: str) -> str
    deduplicate(slugs: dict[str, str]) -> dict[str, str], collisions
    is_reserved(slug: str) -> bool   the name of one of the site's own pages

A title in Latin script (English, Vietnamese) gives a readable ASCII slug.
Titles in other scripts do not transliterate into anything a reader of
that language would recognise, so they take the hash in the file name
(``000_aa6dc9448e70a7df.txt`` -> ``aa6dc9448e70a7df``), which is stable across
builds and unique per scraped page.
"""

import hashlib
import re

from samizdat_contract.names import SLUG_MAX_LENGTH, readable_slug
from unidecode import unidecode

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_HEX_RUN = re.compile(r"[0-9a-f]{8,}")
# Names an article cannot take in its language folder: the site's own pages
# there (<lang>/index.html and its numbered pages, site_pages), and the
# device names Windows refuses as file names with any extension, which
# would make the copy impossible to unpack on a Windows machine.
_RESERVED = re.compile(r"^(?:index(?:-p\d+)?|con|prn|aux|nul|com\d|lpt\d)$")


def slug_for(title: str, file_name: str) -> str:
    return readable_slug(title) or file_hash(file_name)


def clean_slug(slug: str) -> str:
    """A slug given in a header, reduced to the characters URLs keep plain
    and to SLUG_MAX_LENGTH (a file name has a length limit)."""
    cleaned = _NOT_SLUG.sub("-", unidecode(slug).lower()).strip("-")
    if len(cleaned) > SLUG_MAX_LENGTH:
        cleaned = cleaned[:SLUG_MAX_LENGTH].rstrip("-")
    return cleaned


def is_reserved(slug: str) -> bool:
    return bool(_RESERVED.match(slug))


def file_hash(file_name: str) -> str:
    """The hex hash a scraper put in the file name, else one made from it."""
    stem = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    found = _HEX_RUN.findall(stem)
    if found:
        return max(found, key=len)
    return _path_hash(stem)


def _path_hash(text: str) -> str:
    # A file name that is not UTF-8 holds surrogate escapes: hash its bytes.
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def deduplicate(slugs: dict[str, str]) -> tuple[dict[str, str], list[list[str]]]:
    """Make slugs unique: {path: slug} -> ({path: unique slug}, collisions).

    Paths are taken in sorted order; the first keeps its slug and the others
    get their file hash appended, so the outcome does not depend on the
    order files were read in. A reserved slug (is_reserved) is kept by no
    path. ``collisions`` lists the groups of paths that wanted the same slug
    (a group of one: a reserved slug).
    """
    by_slug: dict[str, list[str]] = {}
    for path in sorted(slugs):
        by_slug.setdefault(slugs[path], []).append(path)
    unique: dict[str, str] = {}
    taken: set[str] = set()
    collisions = []
    for slug, paths in sorted(by_slug.items()):
        keeper = None if is_reserved(slug) else paths[0]
        if keeper is not None:
            unique[keeper] = slug
            taken.add(slug)
        for path in paths:
            if path == keeper:
                continue
            candidate = f"{slug}-{file_hash(path)}"
            if candidate in by_slug or candidate in taken:
                candidate = f"{slug}-{_path_hash(path)}"
            while candidate in by_slug or candidate in taken:
                candidate = f"{slug}-{_path_hash(candidate)}"
            unique[path] = candidate
            taken.add(candidate)
        if len(paths) > 1 or keeper is None:
            collisions.append(paths)
    return unique, collisions
