"""What a page key (pages.PageKeys) sees of its values: plain data, digests.

``describe`` turns any value a template can read into JSON-able data that is
the same in every run (no memory addresses); an article counts by its own
fields, the articles it links to (newer, older, related) by URL only.
``ArticleDigests`` gives one article's own digest once per build, with a
faster path than describe() for the fields articles are made of, and its
digest without its links (``unlinked``): what another page that links to
it shows of it, when that page's templates read none of its links
(pages.py). Without it, a related list that moved made every page linking
to that article again: about 2,700 pages rendered for nothing after 10
articles were rewritten at 20,000 (567 lists moved).

Data shapes:
    describe(value, linked=True, urls=None) -> None | bool | int | float |
        str | list | dict (JSON-able); urls: {id(article): url | None}
    linked_url(article, urls) -> {"url": str | None}
    digest(value) -> hex SHA-256 of describe()d JSON-able ``value``
    ArticleDigests()
        own(article) -> hex SHA-256 of its own fields (long texts by their
            SHA-256: text_digest), memoised by id(article) for the build
        unlinked(article) -> hex SHA-256 of the same without its link
            fields (is_link); link_names(article) -> frozenset of their names
        links(article) -> [article]: those own() met among its fields
        urls: {id(article): url | None}, shared with describe()
    text_digest(value) -> ["str" | "list", hex SHA-256] | None
    is_link(value) -> bool   an article, or a list or tuple holding one
"""

import datetime
import hashlib
import json
import re

# Attributes of an article that are not its own data: the settings (in the
# salt) and Pelican's shared context (the site-wide values, counted by name);
# and its metadata, which Pelican also sets as attributes, counted there.
NOT_OWN = frozenset({"settings", "_context", "metadata"})
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
# An article's text (its content, paragraphs, summary) is most of its
# fields' bytes. JSON escapes every character in Python's encoder loop of C
# (most of a page key's time); SHA-256 of the UTF-8 bytes is several times
# faster, so a string or list of strings this long counts by its digest.
LONG_TEXT = 256
# Values json writes as they are and text_digest and is_link pass over.
PLAIN_TYPES = frozenset({type(None), bool, int, float})


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


def digest(value) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ArticleDigests:
    """Each article's own digest, once per build (articles by id: the
    build's objects live as long as this does)."""

    def __init__(self):
        self._own: dict[int, str] = {}  # id(article) -> digest of its own
        self.urls: dict[int, str | None] = {}  # id(article) -> its URL
        self._links: dict[int, list] = {}  # id(article) -> articles it links to
        # id(article) -> (digest without its link fields, their names)
        self._unlinked: dict[int, tuple[str, frozenset[str]]] = {}

    def links(self, article) -> list:
        """The articles ``article`` links to (own() must have seen it)."""
        return self._links[id(article)]

    def unlinked(self, article) -> str:
        """own() without the fields that link to other articles."""
        self.own(article)
        return self._unlinked[id(article)][0]

    def link_names(self, article) -> frozenset[str]:
        """The names of the article's fields that link to other articles."""
        self.own(article)
        return self._unlinked[id(article)][1]

    def own(self, article) -> str:
        """An article's own fields (the articles it links to by URL), once
        per build; notes the articles it links to for links().

        json writes the plain values itself (a page key per article made
        describe() and json's Python encoder a tenth of an incremental
        build's time); only other objects go through describe().
        """
        own = self._own.get(id(article))
        if own is not None:
            return own
        linked: list = []
        urls = self.urls

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

        fields, texts, links = {}, {}, {}
        for name, value in vars(article).items():
            if name in NOT_OWN:
                continue
            # Most fields are short strings, numbers or None: what the
            # checks below would decide for them, without their calls (a
            # third of own()'s time, 20,000 articles a build).
            kind = type(value)
            if kind in PLAIN_TYPES or (kind is str and len(value) < LONG_TEXT):
                fields[name] = value
                continue
            long_text = text_digest(value)
            if long_text is not None:
                texts[name] = long_text
            elif is_link(value):
                links[name] = value
            else:
                fields[name] = value
        try:
            text = json.dumps(
                [fields, texts], sort_keys=True, ensure_ascii=False, default=plain
            )
            link_text = json.dumps(
                links, sort_keys=True, ensure_ascii=False, default=plain
            )
        except (TypeError, ValueError):  # keys json cannot sort or write
            linked = _linked_articles(article)
            described = describe(article, urls=urls)
            link_text = json.dumps(
                {name: described.pop(name) for name in links}, sort_keys=True
            )
            text = json.dumps(described, sort_keys=True)
        unlinked = _sha256(text)
        own = _sha256(f"{unlinked}\n{link_text}")
        self._own[id(article)], self._links[id(article)] = own, linked
        self._unlinked[id(article)] = unlinked, frozenset(links)
        return own


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def is_link(value) -> bool:
    """Whether a field's value links to other articles: an article, or a
    list or tuple holding one (newer, older, related, translations)."""
    if hasattr(value, "metadata"):
        return True
    if not isinstance(value, list | tuple):
        return False
    return any(hasattr(item, "metadata") for item in value)


def text_digest(value) -> list | None:
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
    text = hashlib.sha256()
    for item in value:
        data = item.encode("utf-8", "surrogatepass")
        text.update(len(data).to_bytes(8, "big") + data)
    return ["list", text.hexdigest()]


def _linked_articles(article) -> list:
    found = []
    for name, value in sorted(vars(article).items()):
        if name in NOT_OWN:
            continue
        items = value if isinstance(value, list | tuple) else [value]
        found.extend(item for item in items if hasattr(item, "metadata"))
    return found
