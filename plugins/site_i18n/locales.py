"""Language-dependent formatting with Babel, for templates.

Data shapes:
    babel_locale(language: str) -> babel.Locale      "zh-Hant" -> zh_Hant
    language_name(language: str) -> str              "ko" -> "한국어" (own script)
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


@lru_cache(maxsize=64)
def babel_locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse(FALLBACK)


def language_name(language: str) -> str:
    locale = babel_locale(language)
    return locale.get_display_name(locale) or language


def format_long_date(value: date | datetime, language: str) -> str:
    return format_date(value, format="long", locale=babel_locale(language))


def format_month(value: date | datetime, language: str) -> str:
    return format_skeleton("yMMMM", value, locale=babel_locale(language))
