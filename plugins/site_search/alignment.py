"""Which of the last build's documents this build still holds, and at
which ids.

Document ids are positions in date order, so an article dated among the
archive's (an older article scraped late, a batch of them) moves every
later article up one id, and a deleted one moves them down: compared id
by id with the last build, each of those articles looks changed. Matched
by name instead (its postings cache name, a digest of what is indexed of
it), an article whose text did not change is the same document at
another id, and its postings are the last build's, renumbered.

The two lists are walked together, as a diff walks two texts: equal
names match; where they differ, whichever of the two comes again sooner
in the other list is taken for the one that stays (the other was added,
or removed), and one that never comes again for changed. Any matching in
order gives the same index (a matched document's postings are its
name's); this one is exact for the usual changes (articles added,
deleted, changed in place), loses only an article whose date moved past
others (it counts as removed and added), and, unlike taking the first
match of each name, is not led astray by an article changed into a copy
of a later one (tests/test_search_update.py).

Data shapes:
    align(kept names: list[str], names: list[str]) -> Alignment
    Alignment.new_ids: array("q"), for each kept document its id in this
        build, or -1 where it is not held (deleted, or changed: another
        name)
    Alignment.removed: list[int], kept ids not held, ascending
    Alignment.added: list[int], this build's ids held by no kept
        document, ascending
"""

from array import array
from bisect import bisect_left
from dataclasses import dataclass

REMOVED = -1


@dataclass
class Alignment:
    new_ids: array
    removed: list[int]
    added: list[int]

    @property
    def in_place(self) -> bool:
        """Whether every held document keeps its id (changed in place and
        added at the end only): no posting needs renumbering."""
        return all(new == old for old, new in enumerate(self.new_ids) if new >= 0)


def align(kept: list[str], names: list[str]) -> Alignment:
    """The documents `kept` (the last build's, by name) matched, in order,
    to this build's `names`."""
    places = (_places(kept), _places(names))
    new_ids = array("q", [REMOVED]) * len(kept)
    added: list[int] = []
    old = new = 0
    while old < len(kept) and new < len(names):
        if kept[old] == names[new]:
            new_ids[old] = new
            old, new = old + 1, new + 1
            continue
        # How far each comes again in the other list (None: never).
        ahead = _next(places[0], names[new], old), _next(places[1], kept[old], new)
        if ahead[1] is not None and (
            ahead[0] is None or ahead[0] - old > ahead[1] - new
        ):
            added.append(new)  # the kept one comes sooner: this one is new
            new += 1
        elif ahead[0] is not None:
            old += 1  # this build's comes sooner: the kept one went
        else:  # neither comes again: changed in place
            old, new = old + 1, new + 1
            added.append(new - 1)
    added.extend(range(new, len(names)))
    removed = [doc for doc, at in enumerate(new_ids) if at == REMOVED]
    return Alignment(new_ids, removed, added)


def _places(names: list[str]) -> dict[str, list[int]]:
    """{name: its positions in `names`, ascending}"""
    found: dict[str, list[int]] = {}
    for position, name in enumerate(names):
        found.setdefault(name, []).append(position)
    return found


def _next(places: dict[str, list[int]], name: str, start: int) -> int | None:
    """The first position of `name` at or after `start`, or None."""
    positions = places.get(name, ())
    at = bisect_left(positions, start)
    return positions[at] if at < len(positions) else None
