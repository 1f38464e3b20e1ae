"""The other parts of a split archive: sites built apart that link to each other.

An archive too big for one build is split (per language, per year) into
parts, each a whole Samizdat site in its own folder, placed side by side
(on a mirror, a USB stick or in one zip):

    archive/
        samizdat-en/index.html ...      built from the English articles
        samizdat-ko/index.html ...      built from the Korean articles

Each part names the others in SITE_PAGES_PARTS, by the path from its own
root folder to theirs, so that its home page links to their home pages and
its search page sends a search in their languages to their search pages
(theme/static/js/search-parts.js). Every part is built with the same
SITE_PAGES_*_SAVE_AS settings, so a part's pages are where this site's
would be under its folder.

Data shapes:
    SITE_PAGES_PARTS: [(name, root, [lang, ...]), ...]
        name: shown to readers ("한국어 2006-2026"); root: relative path,
        "/"-separated, from this site's root folder to the part's
        ("../samizdat-ko"); the languages of the part's articles
    valid_parts(value) -> bool        the setting's check
    part_links(parts, paths) -> list[PartLink]   what the templates get
"""

import posixpath
import re
from dataclasses import dataclass

from samizdat_contract import text_direction

from .paths import PagePaths

# A relative path of plain folder names: no scheme or drive (":"), no query
# or fragment, no backslash, no space or control character.
_ROOT = re.compile(r"^(?!/)[^\s:?#\\\x00-\x1f\x7f]+$")


def valid_parts(value) -> bool:
    if not isinstance(value, (list, tuple)):
        return False
    for part in value:
        if not (isinstance(part, (list, tuple)) and len(part) == 3):
            return False
        name, root, languages = part
        if not (isinstance(name, str) and name.strip()):
            return False
        if not (isinstance(root, str) and _ROOT.match(root)):
            return False
        if posixpath.normpath(root) in (".", ""):
            return False  # this site itself
        if not isinstance(languages, (list, tuple)) or not all(
            isinstance(lang, str) and lang for lang in languages
        ):
            return False
    return True


@dataclass(frozen=True)
class PartLanguage:
    lang: str
    dir: str  # text_direction(lang)
    archive_url: str  # the part's archive page of that language


@dataclass(frozen=True)
class PartLink:
    """Another part of the archive, with its pages' paths relative to this
    site's root (the templates put SITEURL before them, like every link)."""

    name: str
    url: str  # its home page
    search_url: str
    languages: tuple[PartLanguage, ...]


def part_links(parts, paths: PagePaths) -> list[PartLink]:
    found = []
    for name, root, languages in parts:
        base = posixpath.normpath(root)
        found.append(
            PartLink(
                name=name,
                url=posixpath.join(base, paths.home()),
                search_url=posixpath.join(base, paths.search()),
                languages=tuple(
                    PartLanguage(
                        lang,
                        text_direction(lang),
                        posixpath.join(base, paths.archive(lang)),
                    )
                    for lang in languages
                ),
            )
        )
    return found
