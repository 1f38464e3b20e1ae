"""Interface language for every page: gettext catalogs and Babel formatting.

Templates write ``{{ _("Skip to content") }}`` or ``{% trans %}``; the
language of each page is its article's or page's ``lang``, or the
``lang_code`` a generator passes for per-language pages, else DEFAULT_LANG.
"""

from pelican import signals

from .jinja import on_generator_init, on_initialized


def register():
    signals.initialized.connect(on_initialized)
    signals.generator_init.connect(on_generator_init)
