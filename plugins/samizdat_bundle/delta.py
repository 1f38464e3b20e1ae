"""Line deltas between two versions of a text file, for update packs.

A page that changes when articles are added usually differs from the old
one by a few lines (a newer/older link, a count, the newest items of a
list), so a pack carries those lines rather than whole files.

A line replaced the same way in several files (a renamed link, an interface
string changed in every page of one language) is carried once, as a
substitution applied to every file, rather than once per file.

Data shapes:
    Delta: list of [start, end] (copy old lines start..end) or [text]
           (insert these new lines, joined)
    Substitutions: dict[str, str]  whole old line -> whole new line
    make_delta(old: bytes, new: bytes) -> Delta | None   None: not text
    apply_delta(old: bytes, delta) -> bytes
    common_replacements(pairs: Iterable[(old, new)]) -> Substitutions
    substitute(data: bytes, substitutions) -> bytes
"""

from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher

# A one-line replacement seen in at least this many files is a substitution.
SUBSTITUTION_MIN_FILES = 2


def _lines(data: bytes) -> list[str] | None:
    try:
        return data.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return None


def make_delta(old: bytes, new: bytes) -> list | None:
    old_lines, new_lines = _lines(old), _lines(new)
    if old_lines is None or new_lines is None:
        return None
    delta: list = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            delta.append([old_start, old_end])
        elif new_end > new_start:
            delta.append(["".join(new_lines[new_start:new_end])])
    return delta


def apply_delta(old: bytes, delta: list) -> bytes:
    old_lines = old.decode("utf-8").splitlines(keepends=True)
    parts = []
    for operation in delta:
        if len(operation) == 2:
            if operation[1] > len(old_lines):
                raise ValueError(f"lines {operation} past the file's end")
            parts.extend(old_lines[operation[0] : operation[1]])
        else:
            parts.append(operation[0])
    return "".join(parts).encode("utf-8")


def replaced_lines(old: bytes, new: bytes) -> list[tuple[str, str]]:
    """The one-for-one line replacements between two versions of a text."""
    old_lines, new_lines = _lines(old), _lines(new)
    if old_lines is None or new_lines is None:
        return []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    return [
        (old_lines[i], new_lines[j])
        for tag, i, i_end, j, j_end in matcher.get_opcodes()
        if tag == "replace" and i_end - i == 1 and j_end - j == 1
    ]


def common_replacements(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    counts = Counter(pairs)
    substitutions: dict[str, str] = {}
    for (old, new), count in counts.most_common():
        if count < SUBSTITUTION_MIN_FILES:
            break
        substitutions.setdefault(old, new)
    return substitutions


def substitute(data: bytes, substitutions: dict[str, str]) -> bytes:
    if not substitutions:
        return data
    lines = _lines(data)
    if lines is None:
        return data
    return "".join(substitutions.get(line, line) for line in lines).encode("utf-8")
