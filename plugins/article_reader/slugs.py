"""Stable, unique, file-name-safe slugs for articles.

Data shapes:
    slug_for(title: str, file_name: str) -> str
    file_hash(file_name: str) -> str
    deduplicate(slugs: dict[str, str]) -> dict[str, str], collisions

A title in Latin script (English, Vietnamese) gives a readable ASCII slug.
Titles in other scripts do not transliterate into anything a reader of
that language would recognise, so they take the hash in the file name
(``000_aa6dc9448e70a7df.txt`` -> ``aa6dc9448e70a7df``), which is stable across
builds and unique per scraped page.
"""

import hashlib
import re

from samizdat_contract.names import readable_slug
from unidecode import unidecode

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_HEX_RUN = re.compile(r"[0-9a-f]{8,}")


def slug_for(title: str, file_name: str) -> str:
    return readable_slug(title) or file_hash(file_name)


def clean_slug(slug: str) -> str:
    """A slug given in a header, reduced to the characters URLs keep plain."""
    return _NOT_SLUG.sub("-", unidecode(slug).lower()).strip("-")


def file_hash(file_name: str) -> str:
    """The hex hash a scraper put in the file name, else one made from it."""
    stem = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    found = _HEX_RUN.findall(stem)
    if found:
        return max(found, key=len)
    return hashlib.sha256(stem.encode("utf-8")).hexdigest()[:16]


def deduplicate(slugs: dict[str, str]) -> tuple[dict[str, str], list[list[str]]]:
    """Make slugs unique: {path: slug} -> ({path: unique slug}, collisions).

    Paths are taken in sorted order; the first keeps its slug and the others
    get their file hash appended, so the outcome does not depend on the
    order files were read in. ``collisions`` lists the groups of paths that
    wanted the same slug.
    """
    by_slug: dict[str, list[str]] = {}
    for path in sorted(slugs):
        by_slug.setdefault(slugs[path], []).append(path)
    unique = {}
    collisions = []
    for slug, paths in by_slug.items():
        unique[paths[0]] = slug
        for path in paths[1:]:
            candidate = f"{slug}-{file_hash(path)}"
            if candidate in by_slug or candidate in unique.values():
                candidate = f"{slug}-{hashlib.sha256(path.encode()).hexdigest()[:16]}"
            unique[path] = candidate
        if len(paths) > 1:
            collisions.append(paths)
    return unique, collisions
