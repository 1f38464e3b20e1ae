"""Where each site_pages page is written: the SITE_PAGES_*_SAVE_AS patterns.

A page's path is also its URL relative to the output root: every link
names a file (see settings.py).

Data shape:
    PagePaths(settings).language("ko") -> "ko/index.html", and likewise
    home(), search(), not_found(), mirrors(), archive(lang),
    month(lang, date), source(lang, slug), numbered(path, number),
    feed(lang) ("" when feeds are off)
"""

import posixpath
from datetime import date


class PagePaths:
    def __init__(self, settings: dict):
        self._settings = settings

    def _pattern(self, name: str) -> str:
        return self._settings[f"SITE_PAGES_{name}_SAVE_AS"]

    def home(self) -> str:
        return self._pattern("HOME")

    def search(self) -> str:
        return self._pattern("SEARCH")

    def not_found(self) -> str:
        return self._pattern("NOT_FOUND")

    def mirrors(self) -> str:
        return self._pattern("MIRRORS")

    def language(self, lang: str) -> str:
        return self._pattern("LANGUAGE").format(lang=lang)

    def archive(self, lang: str) -> str:
        return self._pattern("ARCHIVE").format(lang=lang)

    def month(self, lang: str, month: date) -> str:
        return self._pattern("MONTH").format(lang=lang, month=month)

    def source(self, lang: str, slug: str) -> str:
        return self._pattern("SOURCE").format(lang=lang, slug=slug)

    def numbered(self, path: str, number: int) -> str:
        base = posixpath.splitext(path)[0]
        return self._pattern("NUMBERED").format(base=base, number=number)

    def feed(self, lang: str) -> str:
        pattern = self._pattern("FEED")
        return pattern.format(lang=lang) if pattern else ""
