"""Input fields shown on pages (titles, sources, authors, tags, captions).

One function cleans every such field, so no field is forgotten:

- bidirectional embeddings, overrides and isolates (U+202A-U+202E,
  U+2066-U+2069) are removed: in a title or a publisher's name they can make
  the text read as something else in every list it appears in;
- other invisible characters (zero-width space, word joiner, BOM, soft
  hyphen, Hangul fillers, tag characters, interlinear annotation marks...)
  are removed: they make two names that look the same differ, or hide text;
- control characters, line and paragraph separators become spaces, and
  runs of white space one space;
- the result is cut at ``max_chars`` (at a word when there is one).

Kept on purpose: ZWJ/ZWNJ (U+200C, U+200D), which shape Arabic-script and
Indic text and emoji, the bidi *marks* LRM, RLM and ALM, which cannot
reverse a run of text, variation selectors (CJK, emoji), and the zero-width
space between two letters of a script written without spaces (Thai, Lao,
Tibetan, Burmese, Khmer): there it is the word break, the only place a long
headline may wrap on a narrow screen.

Body paragraphs are not cleaned here: each is its own bidi paragraph in HTML.

Data shapes:
    clean_shown(text: str, max_chars: int) -> (str, removed: int)
    safe_url(text: str) -> str | None     http(s) URLs only
"""

import re
from urllib.parse import urlsplit

_INVISIBLE = re.compile(
    "["
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e"
    "\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufffb"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e00ff\U000e01f0-\U000e0fff"
    "]"
)
# Scripts written without spaces between words (Thai, Lao, Tibetan, Myanmar,
# Khmer and Khmer symbols): a zero-width space between two of their
# characters is kept.
_UNSPACED = "\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff"
_STRAY_ZWSP = re.compile(f"(?<![{_UNSPACED}])\u200b|\u200b(?![{_UNSPACED}])")
_SPACING = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
DEFAULT_MAX_CHARS = 300


def clean_shown(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> tuple[str, int]:
    """The text as it may be shown, and how many characters were removed."""
    visible, removed = _INVISIBLE.subn("", text)
    visible, stray = _STRAY_ZWSP.subn("", visible)
    removed += stray
    cleaned = " ".join(_SPACING.sub(" ", visible).split())
    if len(cleaned) > max_chars:
        cut = cleaned[:max_chars]
        if " " in cut[max_chars // 2 :]:
            cut = cut.rsplit(" ", 1)[0]
        cleaned = cut.rstrip() + "\u2026"
    return cleaned, removed


def safe_url(text: str) -> str | None:
    """An http(s) address from a header, or None (javascript:, data:...)."""
    url = text.strip()
    if len(url) > 2000 or _SPACING.search(url) or _INVISIBLE.search(url):
        return None
    if "\u200b" in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url
