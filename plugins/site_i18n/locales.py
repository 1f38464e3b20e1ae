"""Language-dependent formatting with Babel, for templates.

Data shapes:
    babel_locale(language: str) -> babel.Locale      "zh-Hant" -> zh_Hant
    language_name(language: str) -> str              "ko" -> "한국어" (own script);
        CLDR's English name where CLDR has no locale ("crh" -> "Crimean
        Tatar"), "Unknown language" for "und", else the tag itself
    format_long_date(value: date | datetime, language: str) -> str
    format_month(value: date | datetime, language: str) -> str  "October 2026"

An unknown language falls back to English rather than failing the build:
an operator may publish an article tagged "fr" before anyone translates the
interface into French.
"""

from datetime import date, datetime
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton

FALLBACK = "en"
# Tags that name no language: Babel would parse "und" as English.
_NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})


@lru_cache(maxsize=64)
def cldr_locale(language: str) -> Locale | None:
    """CLDR's locale for a tag, else for its language alone ("tt-Cyrl" ->
    tt), else None."""
    parts = language.replace("-", "_").split("_")
    if parts[0].lower() in _NO_LANGUAGE:
        return None
    for candidate in ("_".join(parts), parts[0]):
        try:
            return Locale.parse(candidate)
        except (ValueError, UnknownLocaleError):
            continue
    return None


def babel_locale(language: str) -> Locale:
    return cldr_locale(language) or Locale.parse(FALLBACK)


def language_name(language: str) -> str:
    locale = cldr_locale(language)
    if locale is not None:
        return locale.get_display_name(locale) or language
    english = Locale.parse(FALLBACK).languages
    primary = language.split("-")[0].lower()
    return english.get(language.replace("-", "_")) or english.get(primary) or language


def format_long_date(value: date | datetime, language: str) -> str:
    return format_date(value, format="long", locale=babel_locale(language))


def format_month(value: date | datetime, language: str) -> str:
    return format_skeleton("yMMMM", value, locale=babel_locale(language))
