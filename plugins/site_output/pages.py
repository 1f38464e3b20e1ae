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
  their URL only.

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
    describe(value) -> JSON-able value
"""

import dataclasses
import datetime
import hashlib
import json
import os
import pickle
import re
import sys
from importlib import metadata
from pathlib import Path

from jinja2 import meta
from markupsafe import Markup
from samizdat_contract import cache

# Attributes of an article that are not its own data: the settings (in the
# salt) and Pelican's shared context (the site-wide values, counted by name);
# and its metadata, which Pelican also sets as attributes, counted there.
NOT_OWN = frozenset({"settings", "_context", "metadata"})
KEYS_FILE = "pages"
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def linked_url(article, urls: dict) -> dict:
    """An article another one links to, as describe() shows it: by its URL
    (`urls`: {id(article): url}, filled once per article)."""
    if id(article) not in urls:
        urls[id(article)] = getattr(article, "url", None)
    return {"url": urls[id(article)]}


def describe(value, linked: bool = True, urls: dict | None = None):
    """``value`` as JSON-able data: articles through ``linked`` once (an
    article inside another's attributes counts by its own fields, the
    articles it links to by URL only). ``urls`` remembers each article's URL
    by id (Pelican computes it from the settings each time it is asked)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): describe(item, linked, urls) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [describe(item, linked, urls) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(json.dumps(describe(item, linked, urls)) for item in value)
    if hasattr(value, "metadata"):  # a Pelican Content (article, page)
        if not linked:
            return linked_url(value, {} if urls is None else urls)
        return {
            name: describe(item, False, urls)
            for name, item in sorted(vars(value).items())
            if name not in NOT_OWN
        }
    if hasattr(value, "slug") and hasattr(value, "name"):  # category, tag
        return {"name": str(value.name), "slug": str(value.slug)}
    if callable(value):  # a filter or function setting: by its name
        return (
            f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
        )
    kind = f"{type(value).__module__}.{type(value).__qualname__}"
    # A repr with a memory address would change every run: a miss each time.
    return f"{kind}:{_ADDRESS.sub('', repr(value))}"


class Unkeyable(ValueError):
    """A value a page key cannot see into (PageKeys.shown)."""


def _digest(value) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def folder_fingerprint(*folders: str) -> str:
    """Digest of every file under the folders, by relative name and bytes."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")) if folder else ():
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


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
    return _digest(describe(shown))


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
        self._names: dict[str, frozenset[str]] = {}  # template -> names used
        # Site-wide value digests, None for a value a key cannot see into.
        self._values: dict[tuple[str, int, bool], str | None] = {}
        self._articles: dict[int, str] = {}  # id(article) -> digest of its own
        self._urls: dict[int, str] = {}  # id(article) -> its URL
        self._links: dict[int, list] = {}  # id(article) -> articles it links to
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
        try:
            for used in sorted(self._names_of(template)):
                if used in variables:
                    value = variables[used]
                    parts[used] = (
                        _digest(self.shown(value))
                        if strict
                        else self._value_digest(value)
                    )
                elif used in context:
                    parts[used] = self._context_digest(used, context[used], strict)
        except Unkeyable:
            return None
        return _digest(parts)

    def _context_digest(self, used: str, value, strict: bool) -> str:
        """A site-wide value's digest, once per build (raises Unkeyable)."""
        memo = (used, id(value), strict)
        if memo not in self._values:
            try:
                described = self.shown(value) if strict else describe(value)
                self._values[memo] = _digest(described)
            except Unkeyable:
                self._values[memo] = None
        if self._values[memo] is None:
            raise Unkeyable(used)
        return self._values[memo]

    def shown(self, value):
        """``value`` as JSON-able data for a page that is not an article's:
        articles by the digest of their own fields, dataclasses by their
        fields; raises Unkeyable for any other object."""
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, str):
            # Markup is not escaped again: the same text shows differently.
            return {"markup": str(value)} if isinstance(value, Markup) else value
        if isinstance(value, datetime.date | datetime.time):
            return value.isoformat()
        if isinstance(value, dict):
            return {str(key): self.shown(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.shown(item) for item in value]
        if hasattr(value, "metadata"):  # a Pelican Content (article, page)
            return {"content": self._own_digest(value)}
        kind = type(value)
        if dataclasses.is_dataclass(kind):
            if kind not in self._fields:
                self._fields[kind] = [f.name for f in dataclasses.fields(kind)]
            described = {
                name: self.shown(getattr(value, name)) for name in self._fields[kind]
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

    def _value_digest(self, value) -> str:
        if not hasattr(value, "metadata"):
            return _digest(describe(value))
        own = self._own_digest(value)
        linked = [self._own_digest(item) for item in self._links[id(value)]]
        return _digest([own, linked])

    def _own_digest(self, article) -> str:
        """An article's own fields (the articles it links to by URL), once
        per build; notes the articles it links to in ``_links``.

        json writes the plain values itself (a page key per article made
        describe() and json's Python encoder a tenth of an incremental
        build's time); only other objects go through describe().
        """
        own = self._articles.get(id(article))
        if own is not None:
            return own
        linked: list = []
        urls = self._urls

        def plain(value):
            # What describe(value, False, urls) gives, without its type
            # checks for the two kinds most often met here: the articles it
            # links to (newer, older, related: a dozen an article) and dates.
            if hasattr(value, "metadata"):  # an article it links to
                linked.append(value)
                return linked_url(value, urls)
            if isinstance(value, datetime.date | datetime.time):
                return value.isoformat()
            return describe(value, False, urls)

        fields, texts = {}, {}
        for name, value in vars(article).items():
            if name in NOT_OWN:
                continue
            long_text = _text_digest(value)
            if long_text is None:
                fields[name] = value
            else:
                texts[name] = long_text
        try:
            text = json.dumps(
                [fields, texts], sort_keys=True, ensure_ascii=False, default=plain
            )
        except (TypeError, ValueError):  # keys json cannot sort or write
            linked = _linked_articles(article)
            text = json.dumps(describe(article, urls=self._urls), sort_keys=True)
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        self._articles[id(article)], self._links[id(article)] = digest, linked
        return digest

    def _names_of(self, template) -> frozenset[str]:
        if template.name not in self._names:
            self._names[template.name] = _template_names(template)
        return self._names[template.name]


# An article's text (its content, paragraphs, summary) is most of its
# fields' bytes. JSON escapes every character in Python's encoder loop of C
# (most of a page key's time); SHA-256 of the UTF-8 bytes is several times
# faster, so a string or list of strings this long counts by its digest.
LONG_TEXT = 256


def _text_digest(value) -> list | None:
    """["str" | "list", hex SHA-256] for a long string or list of strings
    (each string length-prefixed, so the digest is of one list only); None
    for anything else, which json writes itself."""
    if isinstance(value, str):
        if len(value) < LONG_TEXT:
            return None
        data = value.encode("utf-8", "surrogatepass")
        return ["str", hashlib.sha256(data).hexdigest()]
    if not isinstance(value, list) or not value:
        return None
    if not all(type(item) is str for item in value):
        return None
    if sum(len(item) for item in value) < LONG_TEXT:
        return None
    digest = hashlib.sha256()
    for item in value:
        data = item.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big") + data)
    return ["list", digest.hexdigest()]


def _linked_articles(article) -> list:
    found = []
    for name, value in sorted(vars(article).items()):
        if name in NOT_OWN:
            continue
        items = value if isinstance(value, list | tuple) else [value]
        found.extend(item for item in items if hasattr(item, "metadata"))
    return found


def _stamp(path: str) -> tuple | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)


def _template_names(template) -> frozenset[str]:
    """Every variable name the template and the templates it extends,
    includes or imports read (Jinja's own parser: jinja2.meta)."""
    environment = template.environment
    names: set[str] = set()
    seen: set[str] = set()
    pending = [template.name]
    while pending:
        current = pending.pop()
        if current is None or current in seen:
            continue
        seen.add(current)
        source = environment.loader.get_source(environment, current)[0]
        tree = environment.parse(source)
        names |= meta.find_undeclared_variables(tree)
        pending.extend(meta.find_referenced_templates(tree))
    return frozenset(names)
