"""Language of an article: its BCP 47 tag from a header, a folder or the text.

Data shapes:
    normalize_language_tag(tag: str) -> str | None     "zh-TW" -> "zh-Hant"
    language_from_path(relative_path: str, known: Iterable[str]) -> str | None
    detect_language(text: str, site_languages: Iterable[str] = (), rest: str = "",
                    kept: ModelCache = NOT_KEPT)
        -> Identification: identify.identify on the opening (rest only when
        the opening is undetermined), then the site's choice in a confusable group
    site_choice(tag: str, site_languages: Iterable[str], text: str = "",
                kept: ModelCache = NOT_KEPT) -> str
    kept: where py3langid's model is kept decompressed (model_cache.py)

Identification itself (script rules and py3langid) lives in identify.py and
scripts.py; a text it cannot identify is UNDETERMINED ("und"), never a guess.
"""

import re
from collections.abc import Iterable

from babel.core import get_global
from samizdat_contract import SUPPORTED_LANGUAGES as SUPPORTED

from .identify import (
    MULTI_SCRIPT,
    SAMPLE_CHARS,
    Identification,
    choose_among,
    identify,
)
from .model_cache import NOT_KEPT, ModelCache
from .scripts import SCRIPT_CODES, script_counts

# Languages international newsrooms publish in for censored audiences, as
# identify() tags them: with SUPPORTED, the default folder names
# (ARTICLE_READER_LANGUAGES). Any other tag works in a header.
NEWSROOM_LANGUAGES = (
    "ru", "uk", "be", "fa", "ar", "ur", "ps", "tr", "az-Latn", "uz-Latn",
    "uz-Cyrl", "kk-Cyrl", "tt-Cyrl", "am", "ti", "so", "ha", "sw", "hi", "bn",
    "ta", "th", "id", "ka", "hy", "sr-Cyrl", "sr-Latn", "es", "fr", "pt", "de",
    "pl",
)  # fmt: skip

# Header tags seen in the wild -> the tag Samizdat uses.
_TAG_ALIASES = {
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-hans": "zh-Hans",
    "zh-hans-cn": "zh-Hans",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
    "zh-hant": "zh-Hant",
    "zh-hant-tw": "zh-Hant",
    "uig": "ug",
    "ug-arab": "ug",
    "ug-cn": "ug",
    "bod": "bo",
    "tib": "bo",
    "bo-cn": "bo",
    "mya": "my",
    "bur": "my",
    "my-mm": "my",
    "khm": "km",
    "km-kh": "km",
    "lao": "lo",
    "lo-la": "lo",
    "vie": "vi",
    "vi-vn": "vi",
    "kor": "ko",
    "ko-kr": "ko",
    "eng": "en",
}

_TAG_SHAPE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def normalize_language_tag(tag: str) -> str | None:
    """Map a header or folder language tag onto Samizdat's tags.

    Returns None for something that is not a language tag at all, and for
    tags that name no language ("und", "mul", "zxx", a bare "zh"): the text
    is then identified. ISO 639-2/3 codes and deprecated ones become CLDR's
    ("rus" -> "ru", "iw" -> "he", "sh" -> "sr-Latn"); case is made canonical
    ("sr-latn" -> "sr-Latn", "pt-br" -> "pt-BR"). Tags of the ten SUPPORTED
    languages lose their region ("en-US" -> "en"), as their pages always did.
    """
    cleaned = tag.strip().replace("_", "-")
    if not _TAG_SHAPE.match(cleaned):
        return None
    lowered = cleaned.lower()
    if lowered in _TAG_ALIASES:
        return _TAG_ALIASES[lowered]
    parts = lowered.split("-")
    alias = get_global("language_aliases").get(parts[0])
    if alias and "_" not in parts[0]:
        parts = alias.lower().split("_") + parts[1:]
        lowered = "-".join(parts)
    for supported in SUPPORTED:
        if lowered == supported.lower():
            return supported
    primary = parts[0]
    if primary in SUPPORTED:
        return primary
    if primary in ("und", "mul", "zxx", "mis") or lowered == "zh":
        return None  # names no language (or no script): identify the text
    return "-".join([primary] + [_canonical_case(part) for part in parts[1:]])


def _canonical_case(subtag: str) -> str:
    if len(subtag) == 4 and subtag.isalpha():
        return subtag.title()  # script
    if len(subtag) == 2 or (len(subtag) == 3 and subtag.isdigit()):
        return subtag.upper()  # region
    return subtag


def language_from_path(relative_path: str, known: Iterable[str]) -> str | None:
    """Language named by the first folder of a path such as ``ko/x.txt``."""
    parts = relative_path.replace("\\", "/").split("/")
    if len(parts) < 2:
        return None
    folder = parts[0].lower()
    for code in known:
        if folder == code.lower():
            return code
    return None


# Languages whose written standards differ by a few words each: on a news
# paragraph the identifier cannot reliably tell them apart (the model spreads
# its score over them; the Serbian rules in scripts.py need an ekavian form
# or a Serbian-only word). A newsroom publishes in one of them and says so.
CONFUSABLE_GROUPS = (
    ("sr-Latn", "hr", "bs-Latn"),  # Serbian, Croatian, Bosnian in Latin letters
    ("id", "ms"),  # Indonesian, Malay
)


def site_choice(
    tag: str,
    site_languages: Iterable[str],
    text: str = "",
    kept: ModelCache = NOT_KEPT,
) -> str:
    """The member of tag's confusable group that the site publishes in.

    site_languages are the site's language tags (ARTICLE_READER_LANGUAGES).
    When exactly one member of the group is among them, every text
    identified as any member gets that member: with the default languages
    (sr-Latn and id, not hr, bs or ms) Croatian-looking Serbian is Serbian.
    With several members listed, a tag among them stands (measured: better
    than re-choosing) and another is replaced by the one of them the text
    reads most like (choose_among); with none listed, the tag stands. A
    site tag without a script ("bs") names its group member ("bs-Latn").
    """
    group = next((g for g in CONFUSABLE_GROUPS if tag in g), None)
    if group is None:
        return tag
    site = {language.lower() for language in site_languages}
    published = [
        member
        for member in group
        if member.lower() in site or member.split("-")[0] in site
    ]
    if not published or tag in published:
        return tag
    if len(published) == 1:
        return published[0]
    return choose_among(text, published, kept)


def detect_language(
    text: str,
    site_languages: Iterable[str] = (),
    rest: str = "",
    kept: ModelCache = NOT_KEPT,
) -> Identification:
    """The language of a text, from its script, letters and py3langid, then
    the site's own choice within a confusable group (site_choice).

    text is the article's opening (title and first paragraphs); rest, the
    paragraphs after it, is read only when the opening cannot be identified:
    a live report that opens on a score box of names and times is French
    further down. A text that is menus and names all the way stays "und".
    """
    found = identify(text, kept)
    if not found.identified and rest.strip():
        further = identify(f"{text}\n{rest}", kept)
        if further.identified:
            found = Identification(
                further.tag, f"{further.reason}, read past the opening"
            )
    chosen = site_choice(found.tag, site_languages, text, kept)
    if chosen == found.tag:
        return found
    return Identification(
        chosen, f"{found.reason}, {found.tag} read as {chosen}, the site's language"
    )


def add_script(tag: str, text: str) -> str:
    """A header's "sr" on Cyrillic text becomes "sr-Cyrl" ("sr-RS" becomes
    "sr-Cyrl-RS"): the text decides the script of a language written in
    several, never the language. A tag that names its script is kept."""
    parts = tag.split("-")
    if parts[0] not in MULTI_SCRIPT or any(
        len(part) == 4 and part.isalpha() for part in parts[1:]
    ):
        return tag
    counts = script_counts(text[:SAMPLE_CHARS])
    script = max(counts, key=counts.__getitem__, default=None)
    if script not in SCRIPT_CODES:
        return tag
    return "-".join([parts[0], SCRIPT_CODES[script], *parts[1:]])
