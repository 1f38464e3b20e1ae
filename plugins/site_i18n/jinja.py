"""Pelican glue: install catalogs and filters into each generator's Jinja env."""

import logging
import os

from jinja2 import pass_context

from .catalogs import load_catalogs, translations_for
from .locales import format_long_date, format_month, language_name, text_direction

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Folder of <locale>/LC_MESSAGES/messages.po; "" = THEME/translations.
    "I18N_TRANSLATIONS_PATH": "",
}


class SettingsError(ValueError):
    """An I18N_ setting has a value this plugin cannot use."""


def on_initialized(pelican) -> None:
    settings = pelican.settings
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    path = settings["I18N_TRANSLATIONS_PATH"] or os.path.join(
        settings["THEME"], "translations"
    )
    if not isinstance(path, str) or not os.path.isdir(path):
        raise SettingsError(f"I18N_TRANSLATIONS_PATH: no folder at {path!r}")
    settings["I18N_TRANSLATIONS_PATH"] = path


def page_language(context) -> str:
    """The interface language of the page being rendered."""
    for name in ("lang_code", "article", "page"):
        value = context.get(name)
        if isinstance(value, str):
            return value
        if value is not None and getattr(value, "lang", None):
            return value.lang
    return context.get("DEFAULT_LANG", "en")


def on_generator_init(generator) -> None:
    catalogs = load_catalogs(generator.settings["I18N_TRANSLATIONS_PATH"])

    @pass_context
    def gettext(context, message):
        return translations_for(catalogs, page_language(context)).gettext(message)

    @pass_context
    def ngettext(context, singular, plural, count):
        translations = translations_for(catalogs, page_language(context))
        return translations.ngettext(singular, plural, count)

    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.filters.update(
        long_date=format_long_date,
        month_name=format_month,
        language_name=language_name,
        direction=text_direction,
    )
    env.globals["page_language"] = pass_context(page_language)
