"""Render skipping: a page whose inputs did not change is not rendered again.

A page's key is a digest of everything its rendering can read:
- the templates it uses (its own, and those it extends or includes, found
  by Jinja's own parser) with every file of the theme and the catalogs,
  and the code and settings fingerprint the caller gives (``salt``);
- its output name (which sets its relative SITEURL);
- for each variable its templates name: the value given to this page (the
  article), or the site-wide context value;
- an article (any object with ``metadata``): every attribute of its own
  (metadata, content, url settings...) and, for the articles it links to
  (newer, older, related), theirs; the articles those link to count by
  their URL only, and not at all where the templates read none of the
  fields holding them (template_reads.py: `related` read off anything but
  the page's own article is such a read). A related list that moved then
  makes its own article's page again, not every page linking to it.

A page that is not an article's (a list, the home page) is keyed only when
every value its templates name can be seen into (plain data, dataclasses,
articles, which count by their own fields): ``shown`` raises Unkeyable for
anything else, and such a page is rendered every time. Its values should be
narrow (a list page gets its heading and its own articles, not the whole
list), or its key changes with every article added.

The previous build's keys are kept with the stamp of each file written
(inode, size, mtime): a page is skipped only when its key is the same and
the file in the new output is still that very file (make html starts the
output as a hard-link copy of the previous one). Anything else, including a
missing or damaged key file, renders the page.

Data shapes:
    PageKeys(folder: Path | None, salt: str, reads: bool)
        key(name, template, context, variables) -> str | None (Unkeyable)
        unchanged(path, name, key) -> bool
        remember(path, name, key); save()
    (what a key sees of a value or an article: article_digests)
"""

import dataclasses
import datetime
import hashlib
import os
import pickle
import sys
from importlib import metadata
from pathlib import Path

from markupsafe import Markup
from samizdat_contract import cache

from .article_digests import ArticleDigests, describe, digest
from .template_reads import TemplateReads, template_reads

KEYS_FILE = "pages"


class Unkeyable(ValueError):
    """A value a page key cannot see into (PageKeys.shown)."""


def folder_fingerprint(*folders: str) -> str:
    """Digest of every file under the folders, by relative name and bytes."""
    files = hashlib.sha256()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")) if folder else ():
            if path.is_file():
                files.update(path.relative_to(folder).as_posix().encode() + b"\0")
                files.update(path.read_bytes() + b"\0")
    return files.hexdigest()


# The code whose filters, globals and context values a page shows.
RENDERING_PACKAGES = (
    "article_reader",
    "samizdat_contract",
    "site_i18n",
    "site_output",
    "site_pages",
    "site_search",
)
RENDERING_LIBRARIES = ("babel", "jinja2", "markupsafe", "pelican")


SETTINGS_DIGEST = "SITE_OUTPUT_SETTINGS_DIGEST"
# Settings that say where a build keeps its cache and whether it reads it,
# never what a page shows. In the key, LOAD_CONTENT_CACHE made the first
# `make html` after a `make html FULL=1` (which turns it off) render every
# page again: at 20,000 articles most of that build's time.
CACHE_ONLY_SETTINGS = frozenset(
    {"CACHE_PATH", "LOAD_CONTENT_CACHE", "SITE_OUTPUT_PREVIOUS", SETTINGS_DIGEST}
)


def settings_digest(settings) -> str:
    """Digest of every setting but CACHE_ONLY_SETTINGS. Taken when Pelican
    starts (glue.py), before the reader replaces ARTICLE_PATHS by the list
    of input files, which changes with every new article but shows on no
    page."""
    shown = {
        name: value
        for name, value in settings.items()
        if name not in CACHE_ONLY_SETTINGS
    }
    return digest(describe(shown))


def page_keys_for(settings, plugin: str = "site_output") -> "PageKeys":
    """The build's PageKeys: salted with every setting, the theme's and the
    catalogs' files, the plugins' code and the libraries' versions."""
    versions = {}
    for name in RENDERING_LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    loaded = [name for name in RENDERING_PACKAGES if name in sys.modules]
    salt = cache.fingerprint(
        {
            "settings": settings.get(SETTINGS_DIGEST) or settings_digest(settings),
            "files": folder_fingerprint(
                settings.get("THEME", ""),
                settings.get("SITE_I18N_TRANSLATIONS_PATH", ""),
            ),
            "code": cache.code_fingerprint(*loaded),
            "libraries": versions,
        }
    )
    return PageKeys(
        cache.cache_folder(settings, plugin), salt, reads=cache.reads_cache(settings)
    )


class PageKeys:
    def __init__(self, folder: Path | None, salt: str, reads: bool = True):
        self.folder = folder
        self.salt = salt
        self.previous: dict[str, tuple[str, tuple]] = {}
        if folder is not None and reads:
            payload = cache.read_sealed(folder / KEYS_FILE)
            if payload is not None:
                self.previous = pickle.loads(payload)
        self.current: dict[str, tuple[str, tuple]] = {}
        self._reads: dict[str, TemplateReads] = {}  # template name -> its reads
        # Site-wide value digests, None for a value a key cannot see into.
        self._values: dict[tuple, str | None] = {}
        self.articles = ArticleDigests()
        self._fields: dict[type, list[str]] = {}  # dataclass -> field names
        self.skipped = 0

    def key(self, name: str, template, context: dict, variables: dict) -> str | None:
        """The page's key; None when it has none (a page that is not an
        article's whose values cannot all be seen into)."""
        parts = {
            "salt": self.salt,
            "name": name,
            "template": template.name,
            "relative_urls": variables.get("relative_urls"),
        }
        strict = variables.get("article", variables.get("page")) is None
        reads = self._reads_of(template)
        linked = reads.of_linked
        try:
            for used in sorted(reads.names):
                if used in variables:
                    value = variables[used]
                    parts[used] = (
                        digest(self.shown(value, linked))
                        if strict
                        else self._value_digest(value, linked)
                    )
                elif used in context:
                    parts[used] = self._context_digest(
                        used, context[used], strict, linked
                    )
        except Unkeyable:
            return None
        return digest(parts)

    def _context_digest(self, used: str, value, strict: bool, linked) -> str:
        """A site-wide value's digest, once per build (raises Unkeyable)."""
        memo = (used, id(value), strict, linked)
        if memo not in self._values:
            try:
                described = self.shown(value, linked) if strict else describe(value)
                self._values[memo] = digest(described)
            except Unkeyable:
                self._values[memo] = None
        if self._values[memo] is None:
            raise Unkeyable(used)
        return self._values[memo]

    def shown(self, value, linked: frozenset[str] | None = None):
        """``value`` as JSON-able data for a page that is not an article's:
        articles by the digest of their own fields (without their links
        where `linked`, the attributes the templates read of them, names
        none: _linked_digest), dataclasses by their fields; raises
        Unkeyable for any other object."""
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, str):
            # Markup is not escaped again: the same text shows differently.
            return {"markup": str(value)} if isinstance(value, Markup) else value
        if isinstance(value, datetime.date | datetime.time):
            return value.isoformat()
        if isinstance(value, dict):
            return {str(key): self.shown(item, linked) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.shown(item, linked) for item in value]
        if hasattr(value, "metadata"):  # a Pelican Content (article, page)
            return {"content": self._linked_digest(value, linked)}
        kind = type(value)
        if dataclasses.is_dataclass(kind):
            if kind not in self._fields:
                self._fields[kind] = [f.name for f in dataclasses.fields(kind)]
            described = {
                name: self.shown(getattr(value, name), linked)
                for name in self._fields[kind]
            }
            return {kind.__qualname__: described}
        if callable(value):
            return describe(value)
        raise Unkeyable(type(value).__qualname__)

    def unchanged(self, path: str, name: str, key: str) -> bool:
        known = self.previous.get(name)
        if known is None or known[0] != key or _stamp(path) != known[1]:
            return False
        self.current[name] = known
        self.skipped += 1
        return True

    def remember(self, path: str, name: str, key: str) -> None:
        stamp = _stamp(path)
        if stamp is not None:
            self.current[name] = (key, stamp)

    def save(self) -> None:
        if self.folder is not None:
            payload = pickle.dumps(self.current, protocol=5)
            cache.write_sealed(self.folder / KEYS_FILE, payload)

    def _value_digest(self, value, linked: frozenset[str] | None) -> str:
        """An article page's own article: its own fields (its links by
        URL) and those of each article it links to."""
        if not hasattr(value, "metadata"):
            return digest(describe(value))
        own = self.articles.own(value)
        links = self.articles.links(value)
        return digest([own, [self._linked_digest(item, linked) for item in links]])

    def _linked_digest(self, article, linked: frozenset[str] | None) -> str:
        """An article another page links to: its own fields, without the
        articles it links to when the templates read none of those
        fields (`linked`: the attribute names they may read of it, None
        for any; template_reads.py)."""
        digests = self.articles
        if linked is not None and not digests.link_names(article) & linked:
            return digests.unlinked(article)
        return digests.own(article)

    def _reads_of(self, template) -> TemplateReads:
        if template.name not in self._reads:
            self._reads[template.name] = template_reads(template)
        return self._reads[template.name]


def _stamp(path: str) -> tuple | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)
