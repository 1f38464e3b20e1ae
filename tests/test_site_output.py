"""Incremental builds (site_output): hard-link copies, stale files, the
writer that replaces only changed files, the build lock, and the promise
that an incremental `make html` gives the bytes of a full one."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, write_files
from hypothesis import example, given
from hypothesis import strategies as st
from markupsafe import Markup
from samizdat_contract import cache
from site_output.lock import BuildLock, BuildLocked
from site_output.tree import clone_tree, mirror_tree, prune
from site_output.writer import ReplacingWriter

BODY = "The first paragraph says what happened.\n\nThe second one quotes a witness.\n"


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime in ns) of every file."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            status = path.stat()
            found[str(path.relative_to(folder))] = (status.st_ino, status.st_mtime_ns)
    return found


def test_clone_links_every_file_but_the_fresh_folders(tmp_path):
    old, new = tmp_path / "site", tmp_path / "site.partial"
    write_files(old, {"a.html": "a", "en/b.html": "b", "search/t.js": "t"})
    assert clone_tree(str(old), str(new), fresh=("search",)) == 2
    assert files_of(new) == {"a.html": b"a", "en/b.html": b"b"}
    assert os.path.samefile(new / "en" / "b.html", old / "en" / "b.html")


def inodes(folder: Path) -> dict[str, int]:
    return {name: stamp[0] for name, stamp in stamps(folder).items()}


def test_mirror_makes_the_spare_what_a_clone_would_be(tmp_path):
    """The spare (an older output) becomes a hard-link copy of the output:
    same files, same inodes, nothing else, whatever it held."""
    spare, site = tmp_path / "spare", tmp_path / "site"
    write_files(
        site,
        {
            "kept.html": "k",
            "changed.html": "new",
            "en/a.html": "a",
            "dir": "now a file",
        },
    )
    write_files(site, {"search/t.js": "t", "theme/site.css": "css"})
    clone_tree(str(site), str(spare))
    # What the spare may hold: the last build's replaced and removed files,
    # a file where a folder is now (and the reverse), a link, fresh folders.
    cache.write_atomic(spare / "changed.html", b"old")
    write_files(spare, {"gone.html": "g", "gone/x.html": "x", "new/y.html": "y"})
    os.unlink(spare / "en" / "a.html")
    os.unlink(spare / "dir")
    write_files(spare, {"dir/inside.html": "i"})
    os.symlink(site / "kept.html", spare / "link.html")
    os.unlink(site / "search" / "t.js")
    write_files(site, {"new": "a file now", "search/u.js": "u"})
    kept = inodes(spare)["kept.html"]
    mirror_tree(str(site), str(spare), fresh=("theme",))
    expected = {name: ino for name, ino in inodes(site).items() if "theme" not in name}
    assert inodes(spare) == expected
    assert inodes(spare)["kept.html"] == kept
    assert not (spare / "link.html").exists() and not (spare / "theme").exists()
    clone = tmp_path / "clone"
    clone_tree(str(site), str(clone), fresh=("theme",))
    assert inodes(clone) == inodes(spare)


def test_prune_removes_only_what_the_build_neither_made_nor_replaced(tmp_path):
    old, new = tmp_path / "site", tmp_path / "site.partial"
    write_files(
        old,
        {"kept.html": "k", "gone/x.html": "x", "replaced.html": "r", "made.html": "m"},
    )
    clone_tree(str(old), str(new))
    cache.write_atomic(new / "replaced.html", b"new")  # a new inode
    write_files(new, {"created.html": "c"})
    made = {os.path.abspath(new / "made.html")}
    assert prune(str(new), str(old), made) == 2
    assert sorted(files_of(new)) == ["created.html", "made.html", "replaced.html"]
    assert not (new / "gone").exists()
    assert files_of(old)["kept.html"] == b"k"  # the previous output is intact


def test_the_writer_replaces_changed_files_and_keeps_the_rest(tmp_path):
    old, new = tmp_path / "site", tmp_path / "site.partial"
    write_files(old, {"same.html": "same", "other.html": "before"})
    clone_tree(str(old), str(new))
    before = stamps(new)
    writer = ReplacingWriter(str(new), settings={})
    for name, text in (("same.html", "same"), ("other.html", "after")):
        with writer._open_w(str(new / name), "utf-8") as stream:
            stream.write(text)
    after = stamps(new)
    assert after["same.html"] == before["same.html"]
    assert after["other.html"][0] != before["other.html"][0]
    assert files_of(old) == {"same.html": b"same", "other.html": b"before"}
    assert files_of(new) == {"same.html": b"same", "other.html": b"after"}


def test_a_second_lock_is_refused_naming_the_holder(tmp_path):
    path = str(tmp_path / "site.lock")
    holder = BuildLock(path, "pid 1, started 2026-11-30 10:00:00: make html")
    with holder, pytest.raises(BuildLocked) as refused, BuildLock(path, "second"):
        pass
    message = str(refused.value)
    assert "\n" not in message
    assert "pid 1, started 2026-11-30 10:00:00: make html" in message
    assert path in message
    with BuildLock(path, "a later build"):  # released when the holder ends
        pass


def test_make_html_refuses_while_another_build_holds_the_output(tmp_path):
    output = tmp_path / "site"
    with BuildLock(f"{output}.lock", "pid 4242, started 2026-11-30 10:00:00: x"):
        refused = subprocess.run(
            [
                sys.executable,
                "-m",
                "site_output",
                "--output",
                str(output),
                "--",
                "true",
            ],
            capture_output=True,
            text=True,
        )
    assert refused.returncode == 75
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "pid 4242" in lines[0]
    assert not output.exists() and not Path(f"{output}.partial").exists()


def make_html(articles: Path, output: Path, *extra: str) -> str:
    """Run `make html` (Pelican's -v, so its INFO lines); its output."""
    command = ["make", "-s", "html", f"INPUTDIR={articles}", f"OUTPUTDIR={output}"]
    done = subprocess.run(
        [*command, "PELICANOPTS=-v", *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1795953600"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return " ".join((done.stdout + done.stderr).split())


def article(number: int, extra: str = "", topic: str = "the river market") -> str:
    """A bare page with chrome, so the census and its counts matter."""
    return "\n\n".join(
        [
            "Accessibility links",
            "Breaking News",
            f"Headline number {number} about {topic}",
            f"Paragraph one of article {number}: the water rose near the market."
            + extra,
            f"Paragraph two of article {number}: officials said families left.",
            "  \u2022 16x9 Image",
            "    Ledger Radio",
            "    Ledger Radio is an invented broadcaster used in these tests.",
        ]
    )


@pytest.mark.slow
def test_incremental_build_gives_the_bytes_of_a_full_build(tmp_path):
    """Full build; add, change and remove articles; incremental `make html`;
    `make html FULL=1` of the same tree elsewhere: the same files, byte for
    byte, and the same report; pages whose bytes did not change keep their
    inode and mtime."""
    articles = tmp_path / "articles"
    files = {f"{n:02d}.txt": article(n) for n in range(8)}
    files["ko/01.txt"] = "Title: 강물이 불어난 시장\nLang: ko\n\n" + BODY
    files["header.txt"] = "Title: From the header\nDate: 2026-10-02\n\n" + BODY
    write_files(articles, files)
    output = tmp_path / "site"
    # FULL=1 first, as a new site starts: the next build still skips pages.
    make_html(articles, output, "FULL=1")
    before, before_stamps = files_of(output), stamps(output)

    write_files(articles, {f"new/{n}.txt": article(n) for n in (20, 21)})
    write_files(articles, {"03.txt": article(3, " A correction was added.")})
    # A new title shows on its neighbours' pages (newer/older links).
    write_files(articles, {"04.txt": article(4, topic="the flooded bridge")})
    (articles / "05.txt").unlink()
    log = make_html(articles, output)
    assert re.search(r"Output: [1-9]\d* pages unchanged, not rendered", log), log
    make_html(articles, tmp_path / "full", "FULL=1")

    after = files_of(output)
    assert after == files_of(tmp_path / "full")
    assert Path(f"{output}.report.json").read_bytes() == (
        Path(f"{tmp_path / 'full'}.report.json")
        .read_bytes()
        .replace(b"/full", b"/site")
    )
    assert "en/headline-number-20-about-the-river-market.html" in after
    assert "en/headline-number-5-about-the-river-market.html" in before
    assert "en/headline-number-5-about-the-river-market.html" not in after
    after_stamps = stamps(output)
    untouched = [
        name
        for name, data in after.items()
        if before.get(name) == data and not name.startswith("theme/")
    ]
    assert "en/headline-number-1-about-the-river-market.html" in untouched
    # Search files too (written by a worker on large sites, by rename).
    assert any(name.startswith("search/") for name in untouched)
    assert {name: after_stamps[name] for name in untouched} == {
        name: before_stamps[name] for name in untouched
    }
    # The output that build replaced is the spare; the next build starts
    # from it, mirrored into the copy (tree.mirror_tree): the same bytes as
    # a full build again.
    spare = Path(f"{output}.cache") / "site_output" / "spare"
    assert files_of(spare) == before
    write_files(articles, {"06.txt": article(6, " Updated again.")})
    (articles / "new" / "20.txt").unlink()
    make_html(articles, output)
    assert files_of(spare) == after
    make_html(articles, tmp_path / "again", "FULL=1")
    assert files_of(output) == files_of(tmp_path / "again")
    assert "en/headline-number-20-about-the-river-market.html" not in files_of(output)


class Linked:
    """Stands in for a Pelican article: ``metadata`` and plain attributes."""

    def __init__(self, **fields):
        self.metadata = {"title": fields.get("title", "")}
        self.settings = {"ignored": object()}
        self.__dict__.update(fields)


def page_key_of(tmp_path, article, context=None, template="article.html"):
    from jinja2 import DictLoader, Environment
    from site_output.pages import PageKeys

    environment = Environment(
        loader=DictLoader(
            {
                "base.html": "{{ SITENAME }} {% block body %}{% endblock %}",
                "article.html": '{% extends "base.html" %}{% block body %}'
                "{{ article.title }} {{ article.newer.title }}{% endblock %}",
            }
        )
    )
    keys = PageKeys(tmp_path, "salt")
    context = {"SITENAME": "S", "UNUSED": "x"} if context is None else context
    return keys.key(
        "a.html", environment.get_template(template), context, {"article": article}
    )


def test_a_page_key_follows_what_its_templates_can_show(tmp_path):
    newer = Linked(title="Newer", url="en/newer.html")
    article = Linked(title="This", url="en/this.html", newer=newer)
    key = page_key_of(tmp_path, article)
    assert page_key_of(tmp_path, article) == key
    assert page_key_of(tmp_path, article, {"SITENAME": "S", "UNUSED": "y"}) == key
    assert page_key_of(tmp_path, article, {"SITENAME": "T", "UNUSED": "x"}) != key
    newer.title = "Renamed"  # shown on this page through article.newer
    assert page_key_of(tmp_path, article) != key


ONE_HOP = (
    "{{ article.title }}{% for other in article.related %}"
    "{{ other.title }} {{ other.url }}{% endfor %}{{ article.newer.title }}"
)


@pytest.mark.parametrize(
    ("template", "reads_links"),
    [
        (ONE_HOP, False),
        ("{{ article.newer.related[0].url }}", True),
        ("{% for other in article.related %}{{ other.newer.url }}{% endfor %}", True),
        ("{{ article.newer|attr('older') }}", True),
        ("{{ article.newer['older'] }}", True),
        # `article` rebound: its attributes may be a linked article's.
        ("{% for article in article.related %}{{ article.newer }}{% endfor %}", True),
        ("{% set x = 'newer' %}{{ article.newer[x].url }}", None),
        ("{{ article.related|map(attribute=name)|list }}", None),
        ("{% include name %}", None),
    ],
)
def test_template_reads_find_what_a_page_may_read_of_linked_articles(
    template, reads_links
):
    """None: the templates may read any attribute of a linked article;
    else whether what they may read names one of its links."""
    from jinja2 import DictLoader, Environment
    from site_output.template_reads import template_reads

    loader = DictLoader({"page.html": template, "other.html": ""})
    reads = template_reads(Environment(loader=loader).get_template("page.html"))
    if reads_links is None:
        assert reads.of_linked is None
    else:
        found = bool(reads.of_linked & {"newer", "older", "related"})
        assert found == reads_links
    assert "article" in reads.names or template == "{% include name %}"


@pytest.mark.parametrize(
    ("template", "follows_second_hop"),
    [(ONE_HOP, False), ("{{ article.newer.related[0].url }}", True)],
)
def test_a_page_key_follows_a_linked_articles_links_only_where_it_reads_them(
    tmp_path, template, follows_second_hop
):
    """A related list that moved makes its own article's page again, not
    every page linking to that article, unless their templates read it."""
    from jinja2 import DictLoader, Environment
    from site_output.pages import PageKeys

    far = [Linked(title=f"Far {n}", url=f"en/far{n}.html") for n in range(2)]
    newer = Linked(title="Newer", url="en/newer.html", related=[far[0]])
    article = Linked(title="This", url="en/this.html", newer=newer, related=[newer])
    loader = DictLoader({"article.html": template})
    page = Environment(loader=loader).get_template("article.html")

    def key():
        keys = PageKeys(tmp_path, "salt")
        return keys.key("a.html", page, {}, {"article": article})

    first = key()
    newer.related = [far[1]]  # the linked article's own list moved
    assert (key() != first) == follows_second_hop
    newer.title = "Renamed"  # shown through article.newer either way
    assert key() != first
    newer.title = "Newer"
    newer.related = [far[0]]
    assert key() == first


def list_page_key(tmp_path, **variables):
    from jinja2 import DictLoader, Environment
    from site_output.pages import PageKeys

    environment = Environment(
        loader=DictLoader(
            {
                "listing.html": "{{ SITENAME }} {{ listing.kind }} {{ archive_url }}"
                "{% for item in page_items %}{{ item.title }}{% endfor %}"
            }
        )
    )
    template = environment.get_template("listing.html")
    context = {"SITENAME": "S", "articles": variables.pop("every", [])}
    return PageKeys(tmp_path, "salt").key("l.html", template, context, variables)


def test_a_list_page_key_follows_its_heading_and_own_articles_only(tmp_path):
    from datetime import date

    from site_pages.structure import Listing

    shown = [Linked(title=f"A{n}", url=f"en/a{n}.html") for n in range(2)]
    older = Linked(title="Older", url="en/older.html")
    listing = Listing("month", "en", "en/2026-01.html", [*shown, older])
    listing.month = date(2026, 1, 1)

    def key(heading=listing.heading, **other):
        return list_page_key(
            tmp_path,
            listing=heading,
            archive_url="en/a.html",
            page_items=shown,
            **other,
        )

    first = key()
    # The list grows (a new article, on another page): this page's key stays.
    listing.articles.insert(0, Linked(title="New", url="en/new.html"))
    assert key(listing.heading, every=listing.articles) == first
    older.title = "Renamed"  # not on this page
    assert key() == first
    shown[1].title = "Renamed"  # on this page
    assert key() != first
    listing.name = "Another"
    assert key(listing.heading) != key()
    # A value the key cannot see into: no key, the page is rendered.
    assert key(object()) is None


@pytest.mark.parametrize(
    "name", ["LOAD_CONTENT_CACHE", "CACHE_PATH", "SITE_OUTPUT_PREVIOUS"]
)
def test_settings_of_the_cache_are_not_in_page_keys(name):
    """make html FULL=1 turns LOAD_CONTENT_CACHE off: the next make html
    must still find its pages' keys unchanged."""
    from site_output.pages import settings_digest

    settings = {"SITENAME": "S", "LOAD_CONTENT_CACHE": True, "CACHE_PATH": "c"}
    assert settings_digest({**settings, name: False}) == settings_digest(settings)
    assert settings_digest({**settings, "SITENAME": "T"}) != settings_digest(settings)


def test_a_skipped_page_needs_its_key_and_its_very_file(tmp_path):
    from site_output.pages import PageKeys

    page = tmp_path / "site" / "a.html"
    write_files(tmp_path / "site", {"a.html": "page"})
    first = PageKeys(tmp_path / "cache", "salt")
    first.remember(str(page), "a.html", "key")
    first.save()
    again = PageKeys(tmp_path / "cache", "salt")
    assert again.unchanged(str(page), "a.html", "key")
    assert not again.unchanged(str(page), "a.html", "other key")
    cache.write_atomic(page, b"page")  # same bytes, another file
    assert not PageKeys(tmp_path / "cache", "salt").unchanged(
        str(page), "a.html", "key"
    )
    assert not PageKeys(tmp_path / "cache", "salt", reads=False).unchanged(
        str(page), "a.html", "key"
    )


def test_a_damaged_key_file_renders_every_page(tmp_path, caplog):
    from site_output.pages import KEYS_FILE, PageKeys

    write_files(tmp_path / "site", {"a.html": "page"})
    keys = PageKeys(tmp_path / "cache", "salt")
    keys.remember(str(tmp_path / "site" / "a.html"), "a.html", "key")
    keys.save()
    stored = tmp_path / "cache" / KEYS_FILE
    stored.write_bytes(stored.read_bytes()[:-1])
    again = PageKeys(tmp_path / "cache", "salt")
    assert not again.unchanged(str(tmp_path / "site" / "a.html"), "a.html", "key")
    assert "damaged" in caplog.text


@pytest.mark.parametrize(
    ("value", "described"),
    [
        ({"b": (1, 2.5), "a": None}, {"b": [1, 2.5], "a": None}),
        ({3, 1}, ["1", "3"]),
        (len, "builtins.len"),
    ],
)
def test_describe_gives_plain_data_without_addresses(value, described):
    from site_output.article_digests import describe

    assert describe(value) == described
    assert " at 0x" not in str(describe(object()))


@pytest.mark.parametrize(
    "fields",
    [
        {"date": "DATE", "newer": "LINKED", "related": ["LINKED", "OTHER"]},
        {"modified": "TIME", "related": [], "tags": {"b", "a"}},
        {"older": "OTHER", "when": ["DATE", "TIME"], "x": object()},
        {"count": 3, "ratio": 2.5, "draft": False, "summary": None, "slug": "a-b"},
    ],
)
def test_an_articles_own_digest_describes_its_values_as_describe_does(fields):
    """ArticleDigests.own's shortcuts for linked articles and dates give what
    describe() gives: the same digest as the plain rule."""
    import hashlib
    import json
    from datetime import date, time

    from site_output.article_digests import ArticleDigests, describe

    values = {
        "DATE": date(2026, 12, 1),
        "TIME": time(9, 30),
        "LINKED": Linked(title="Linked", url="en/linked.html"),
        "OTHER": Linked(title="Other", url="en/other.html"),
    }

    def value(item):
        if isinstance(item, list):
            return [value(part) for part in item]
        return values.get(item, item) if isinstance(item, str) else item

    article = Linked(title="This", **{name: value(v) for name, v in fields.items()})
    own = {name: v for name, v in vars(article).items() if name != "metadata"}
    own.pop("settings")
    # The fields naming articles (an empty list names none).
    linking = [name for name in fields if name in ("newer", "older", "related")]
    links = {name: own.pop(name) for name in linking if fields[name] != []}

    def dumped(value):
        return json.dumps(
            value,
            sort_keys=True,
            ensure_ascii=False,
            default=lambda item: describe(item, False, {}),
        )

    def sha256(text):
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    digests = ArticleDigests()
    unlinked = sha256(dumped([own, {}]))
    assert digests.own(article) == sha256(f"{unlinked}\n{dumped(links)}")
    assert digests.unlinked(article) == unlinked
    assert digests.link_names(article) == frozenset(links)


def counted_url_formats(monkeypatch, content_class) -> list:
    """A list that grows by one each time Pelican formats a url or
    save_as of `content_class` from the settings from now on."""
    calls = []
    original = content_class.url_format
    monkeypatch.setattr(
        content_class,
        "url_format",
        property(lambda self: calls.append(1) or original.fget(self)),
    )
    return calls


@pytest.mark.parametrize("in_default_lang", [True, False])
def test_fixed_urls_are_pelicans_own_computed_once(monkeypatch, in_default_lang):
    from datetime import datetime

    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG
    from site_output.glue import fix_urls

    settings = {**DEFAULT_CONFIG, "ARTICLE_URL": "{lang}/{slug}.html"}
    settings["ARTICLE_LANG_URL"] = "other/{lang}/{slug}.html"
    article = Article(
        "<p>x</p>",
        metadata={
            "title": "T",
            "slug": "t",
            "lang": "ru",
            "date": datetime(2026, 1, 2),
        },
        settings=settings,
    )
    article.in_default_lang = in_default_lang
    expected = (article.url, article.save_as)
    fix_urls(article)
    calls = counted_url_formats(monkeypatch, Article)
    assert (article.url, article.save_as) == expected
    assert calls == []  # neither is formatted again


def test_pages_urls_are_fixed_once_the_pages_are_final(monkeypatch):
    """Every page's menu links the pages (base.html): their url and
    save_as are Pelican's own override values once the pages are final."""
    from types import SimpleNamespace

    from pelican.contents import Page
    from pelican.settings import DEFAULT_CONFIG
    from site_output.glue import PAGE_LISTS, on_page_generator_finalized

    settings = {**DEFAULT_CONFIG, "PAGE_URL": "pages/{slug}/index.html"}
    made = {
        name: [Page("<p>x</p>", {"title": name, "slug": name}, settings=settings)]
        for name in PAGE_LISTS
    }
    expected = {name: (pages[0].url, pages[0].save_as) for name, pages in made.items()}
    on_page_generator_finalized(SimpleNamespace(**made))
    calls = counted_url_formats(monkeypatch, Page)
    found = {name: (pages[0].url, pages[0].save_as) for name, pages in made.items()}
    assert found == expected
    assert calls == []  # none is formatted again


@given(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=300)
    | st.lists(st.text(max_size=100), max_size=5)
)
@example("x" * 255)
@example("x" * 256)  # LONG_TEXT: the first length counted by its digest
@example(Markup("<b>short</b>"))
def test_a_field_counts_by_text_digest_s_rule_whatever_its_kind(value):
    """ArticleDigests.own takes plain values and short strings as they
    are without asking text_digest: the digest is still the rule's."""
    import hashlib
    import json

    from site_output.article_digests import ArticleDigests, text_digest

    def sha256(text):
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    long_text = text_digest(value)
    fields = {"title": "T", "field": value} if long_text is None else {"title": "T"}
    texts = {} if long_text is None else {"field": long_text}
    dumped = json.dumps([fields, texts], sort_keys=True, ensure_ascii=False)
    expected = sha256(f"{sha256(dumped)}\n{json.dumps({})}")
    assert ArticleDigests().own(Linked(title="T", field=value)) == expected
