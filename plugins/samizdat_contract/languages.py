"""Languages and the one text-direction rule of the project.

Data shapes:
    SUPPORTED_LANGUAGES: tuple of BCP 47 tags the reader recognises as
        folder names and the home page lists first, in this order
    text_direction(tag: str) -> "ltr" | "rtl"

The direction of a language comes from CLDR, through Babel: the character
order of the tag's locale, script included ("pa-Arab" is right to left,
"pa", "sd-Deva" and "ug-Latn" left to right): a tag with a script subtag
takes the direction of that script's most likely locale in CLDR
("xx-Arab" -> und-Arab -> ar), any other tag its own locale's, and a tag
CLDR does not know is left to right. Every plugin and template asks this one
function, so a page's dir and its fragments' dir never disagree.
"""

from functools import lru_cache

from babel import Locale, UnknownLocaleError

SUPPORTED_LANGUAGES = (
    "en",
    "vi",
    "ko",
    "zh-Hans",
    "zh-Hant",
    "bo",
    "ug",
    "my",
    "km",
    "lo",
)

LTR, RTL = "ltr", "rtl"


@lru_cache(maxsize=256)
def text_direction(tag: str) -> str:
    locale = _cldr_locale(tag)
    if locale is not None and locale.character_order == "right-to-left":
        return RTL
    return LTR


def _cldr_locale(tag: str) -> Locale | None:
    subtags = tag.replace("_", "-").split("-")
    candidates = ["-".join(subtags)]
    scripts = [part for part in subtags[1:] if len(part) == 4 and part.isalpha()]
    if scripts:
        # The script decides: Babel would read "ug-Latn" as Uyghur (Arabic).
        candidates.insert(0, f"und-{scripts[0].title()}")
    for candidate in candidates:
        try:
            return Locale.parse(candidate, sep="-")
        except (ValueError, TypeError, UnknownLocaleError):
            continue
    return None
