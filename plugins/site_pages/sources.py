"""Unique, deterministic file names for source pages.

Data shape:
    source_slugs(sources: Sequence[(key, name)]) -> (dict[key, slug], clashes)
        sources in priority order (the caller puts the oldest first, so a
        source keeps its page name when newer sources arrive); clashes is a
        list of (name, the slug it wanted, the name that has that slug or
        None when the slug looks like a numbered page, the slug it got)

A Latin-script name gives a readable slug ("Radio Free Asia" ->
"radio-free-asia"); any other name, or one that slugs to nothing ("*",
"•"), a hash of the name. When two sources want the same slug ("新聞.com"
and "新聞.net", two names sharing their first 80 characters), the first
keeps it and the other gets a short hash of its own name appended: stable
from build to build, whatever else is in the tree. A readable slug that
looks like a numbered page of another list ("x-p2") is suffixed too.
"""

import re
from collections.abc import Sequence

from samizdat_contract.names import readable_slug, short_hash

HASH_NAME_LENGTH = 16  # a name with no readable slug
SUFFIX_LENGTH = 8  # appended on a clash; longer if even that is taken
_NUMBERED = re.compile(r"-p\d+$")


def source_slugs(
    sources: Sequence[tuple[str, str]],
) -> tuple[dict[str, str], list[tuple[str, str, str | None, str]]]:
    slugs: dict[str, str] = {}
    owner: dict[str, str] = {}  # slug -> name that has it
    clashes = []
    for key, name in sources:
        wanted = readable_slug(name) or short_hash(key, HASH_NAME_LENGTH)
        slug = wanted
        if slug in owner or _NUMBERED.search(slug):
            for length in (SUFFIX_LENGTH, HASH_NAME_LENGTH, 64):
                slug = f"{wanted}-{short_hash(key, length)}"
                if slug not in owner:
                    break
            clashes.append((name, wanted, owner.get(wanted), slug))
        slugs[key] = slug
        owner[slug] = name
    return slugs, clashes
