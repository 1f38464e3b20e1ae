"""Pelican glue: install catalogs and filters into each generator's Jinja env."""

from jinja2 import pass_context
from samizdat_contract import text_direction

from .catalogs import load_catalogs, translations_for
from .locales import format_long_date, format_month, language_name
from .settings import apply_defaults


def on_initialized(pelican) -> None:
    apply_defaults(pelican.settings)


def content_language(context) -> str:
    """The language of what the page shows: its article's, page's or list's."""
    for name in ("lang_code", "article", "page"):
        value = context.get(name)
        if isinstance(value, str):
            return value
        if value is not None and getattr(value, "lang", None):
            return value.lang
    return context.get("DEFAULT_LANG", "en")


def page_language(context, catalogs: dict) -> str:
    """The interface language: the content's where a catalog translates it,
    else DEFAULT_LANG (the article's own text then carries its lang)."""
    language = content_language(context)
    if language in catalogs or language.split("-")[0] in catalogs:
        return language
    return context.get("DEFAULT_LANG", "en")


def on_generator_init(generator) -> None:
    catalogs = load_catalogs(generator.settings["SITE_I18N_TRANSLATIONS_PATH"])

    @pass_context
    def gettext(context, message):
        language = page_language(context, catalogs)
        return translations_for(catalogs, language).gettext(message)

    @pass_context
    def ngettext(context, singular, plural, count):
        translations = translations_for(catalogs, page_language(context, catalogs))
        return translations.ngettext(singular, plural, count)

    @pass_context
    def translate(context, text):
        """A string that is not in a template (a page title), translated when
        the catalog has it; never %-formatted, so any text is safe here."""
        language = page_language(context, catalogs)
        return translations_for(catalogs, language).gettext(text)

    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.filters.update(
        long_date=format_long_date,
        month_name=format_month,
        language_name=language_name,
        direction=text_direction,
        translate=translate,
    )
    env.globals["page_language"] = pass_context(
        lambda context: page_language(context, catalogs)
    )
