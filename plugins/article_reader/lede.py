"""The standfirst: the header's summary shown above the body, when it adds text.

trafilatura writes a page's lede to ``description:`` and often leaves it out
of the body; showing it keeps that text on the page and in search. It is not
shown when the title or the body already holds it (compared with whitespace
collapsed and case folded), nor when it is only the start of the first
paragraph cut short ("…").

Data shape:
    standfirst_for(summary: str | None, record) -> str | None
        record: anything with .title (str) and .paragraphs (list[str])
"""


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def standfirst_for(summary, record) -> str | None:
    if not isinstance(summary, str) or not summary.strip():
        return None
    wanted = _folded(summary)
    stem = wanted.rstrip(".\u2026 ").removesuffix("...").rstrip()
    body = _folded("\n".join([record.title, *record.paragraphs]))
    if not stem or stem in body:
        return None
    return " ".join(summary.split())
