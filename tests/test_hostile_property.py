"""Hostile trees (hostile_corpus.py) built whole: the attacker controls nothing.

For every tree, exhaustive or drawn by Hypothesis:
- the build finishes and logs no error (what `pelican` turns into its exit
  status), and a FIFO or a link loop cannot hang it;
- every good article is published with its text;
- no element, attribute or meta directive from an input is in any page:
  each page's elements and attribute names are among those of the theme's
  templates and of a clean build, scripts only on search.html, every link
  relative, no refresh;
- nothing is written outside OUTPUTDIR (and the report and cache beside it), and
  nothing outside INPUTDIR is read (a secret reached by links never shows).
"""

import logging
import signal
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, run_pelican, write_files
from hostile_corpus import (
    FAMILIES,
    FIELDS,
    FOLDERS,
    MARKERS,
    PAYLOADS,
    SHAPES,
    exhaustive_tree,
    file_name,
    good_articles,
    plant_outside,
    render,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow

# One page per list: pagination is not what these tests are about.
BUILD_SETTINGS = {
    "SITE_PAGES_PER_PAGE": {"language": 1000, "month": 1000, "source": 1000}
}


class Elements(HTMLParser):
    """Element names, attribute names, meta directives, links, scripts."""

    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.meta: set[str] = set()
        self.links: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        values = dict(attrs)
        if tag == "meta" and values.get("http-equiv"):
            self.meta.add(values["http-equiv"].lower())
        self.links.extend(
            values[name] for name in ("href", "src", "action") if values.get(name)
        )
        self.scripts += tag == "script"


def parse(text: str) -> Elements:
    elements = Elements()
    elements.feed(text)
    return elements


def theme_elements() -> Elements:
    """What the theme's templates can emit (attribute values are Jinja)."""
    merged = Elements()
    for template in (ROOT / "theme" / "templates").glob("*.html"):
        found = parse(template.read_text(encoding="utf-8"))
        merged.tags |= found.tags
        merged.attributes |= found.attributes
    merged.meta = {"content-security-policy"}
    return merged


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout("the build did not finish: a FIFO or a link loop blocked it")


class ErrorLog(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(record.getMessage())


def build_tree(base: Path, files: dict) -> tuple[Path, Path]:
    """Write good articles + ``files`` + links out; build; check the basics."""
    work = base / "work"
    content, outside = work / "content", work / "outside"
    write_files(content, {**good_articles(), **files})
    plant_outside(content, outside)
    outside_before = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(120)
    try:
        site = run_pelican(content, work / "output", **BUILD_SETTINGS)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        logging.getLogger().removeHandler(errors)
    assert errors.records == []
    # Nothing written outside OUTPUTDIR, its report and its build cache.
    assert {p.name for p in base.iterdir()} == {"work"}
    assert {p.name for p in work.iterdir()} == {
        "content",
        "outside",
        "output",
        "output.cache",
        "output.report.json",
    }
    assert {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()} == (
        outside_before
    )
    # Author, tag and category names from input never name a file.
    taxonomies = ("author", "tag", "category", "tags.html", "categories.html")
    assert not [name for name in taxonomies if (site.output / name).exists()]
    report = site.report
    for path in good_articles():
        entry = site.entry(path)
        assert entry["status"] == "published", entry
        page = site.output / entry["lang"] / f"{entry['slug']}.html"
        assert page.is_file()
    assert "GOOD-ARTICLE-ONE" in _page_of(site, "good/001_0123456789abcdef.txt")
    assert "GOOD-ARTICLE-TWO" in _page_of(site, "good/002_fedcba9876543210.txt")
    everything = [site.report_path.read_text(encoding="utf-8")]
    everything += [
        p.read_text(encoding="utf-8", errors="replace")
        for p in site.output.rglob("*")
        if p.is_file()
    ]
    for marker, meaning in MARKERS.items():
        assert not any(marker in text for text in everything), meaning
    assert report["summary"]["files"] >= len(good_articles())
    return site.output, site.report_path


def _page_of(site, path: str) -> str:
    entry = site.entry(path)
    return (site.output / entry["lang"] / f"{entry['slug']}.html").read_text()


@pytest.fixture(scope="module")
def allowed(tmp_path_factory) -> Elements:
    """The theme's elements and those of a clean build (pages' Markdown)."""
    allowed = theme_elements()
    output, _ = build_tree(tmp_path_factory.mktemp("clean"), {})
    for page in output.rglob("*.html"):
        found = parse(page.read_text(encoding="utf-8"))
        allowed.tags |= found.tags
        allowed.attributes |= found.attributes
    return allowed


def assert_no_input_markup(output: Path, allowed: Elements) -> None:
    for page in output.rglob("*.html"):
        found = parse(page.read_text(encoding="utf-8"))
        name = page.relative_to(output)
        assert found.tags <= allowed.tags, (name, found.tags - allowed.tags)
        assert found.attributes <= allowed.attributes, (
            name,
            found.attributes - allowed.attributes,
        )
        assert found.meta <= allowed.meta, (name, found.meta)
        assert found.scripts == 0 or page.name == "search.html", name
        for link in found.links:
            head = link.split("/")[0]
            assert "//" not in link and not link.startswith("/"), (name, link)
            assert ":" not in head, (name, link)


def test_exhaustive_corpus(tmp_path, allowed):
    """Every (shape, field, payload family), and file names from payloads."""
    files = exhaustive_tree()
    assert len(files) == len(SHAPES) * len(FIELDS) * len(FAMILIES) + 1
    output, _ = build_tree(tmp_path, files)
    assert_no_input_markup(output, allowed)


payloads = st.one_of(
    st.sampled_from(FAMILIES).flatmap(lambda family: st.sampled_from(PAYLOADS[family])),
    st.text(max_size=40),
)
hostile_files = st.lists(
    st.tuples(
        st.sampled_from(SHAPES),
        st.dictionaries(st.sampled_from(FIELDS), payloads, max_size=6),
        st.lists(payloads, max_size=4),
        payloads,
        st.sampled_from(FOLDERS),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(drawn=hostile_files)
def test_hostile_trees(drawn, allowed):
    files = {
        folder + file_name(name, index): render(shape, fields, body)
        for index, (shape, fields, body, name, folder) in enumerate(drawn)
    }
    with tempfile.TemporaryDirectory(prefix="hostile-") as base:
        output, _ = build_tree(Path(base), files)
        assert_no_input_markup(output, allowed)
