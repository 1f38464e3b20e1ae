"""Line deltas between two versions of a text file, for update packs.

Most pages of a rebuilt copy differ from the old ones by a line or two (the
footer's date, a newer/older link), so a pack carries those lines rather
than whole files.

Data shapes:
    Delta: list of [start, end] (copy old lines start..end) or [text]
           (insert these new lines, joined)
    make_delta(old: bytes, new: bytes) -> Delta | None   None: not text
    apply_delta(old: bytes, delta) -> bytes
"""

from difflib import SequenceMatcher


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
            parts.extend(old_lines[operation[0] : operation[1]])
        else:
            parts.append(operation[0])
    return "".join(parts).encode("utf-8")
