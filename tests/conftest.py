"""Shared helpers: build a tiny Samizdat site into tmp_path with Pelican."""

import json
import logging
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "000_aa6dc9448e70a7df.txt"


def write_files(folder: Path, files: dict[str, str | bytes]) -> None:
    for relative, content in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


class BuiltSite:
    def __init__(self, output: Path, report_path: Path):
        self.output = output
        self.report_path = report_path

    @property
    def report(self) -> dict:
        return json.loads(self.report_path.read_text(encoding="utf-8"))

    def entry(self, path: str) -> dict:
        return next(f for f in self.report["files"] if f["path"] == path)

    def page(self, entry: dict) -> str:
        relative = f"{entry['lang']}/{entry['slug']}.html"
        return (self.output / relative).read_text(encoding="utf-8")


def run_pelican(content: Path, output: Path, **overrides) -> BuiltSite:
    """Build `content` into `output` with pelicanconf.py and `overrides`."""
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "CACHE_CONTENT": False,
        # The build cache beside the output, as `make html` puts it, never
        # Pelican's default cache/ in the repository.
        "CACHE_PATH": f"{output}.cache",
        # Never the developer's own signing key: tests pass one explicitly.
        "SAMIZDAT_BUNDLE_KEY_DIR": str(output.parent / "no-signing-key"),
        **overrides,
    }
    Pelican(read_settings(str(ROOT / "pelicanconf.py"), override=settings)).run()
    return BuiltSite(output, Path(f"{output}.report.json"))


@pytest.fixture
def build_site(tmp_path):
    """build_site(files, **settings) -> BuiltSite, built with the real config."""

    def build(files: dict[str, str | bytes], **overrides) -> BuiltSite:
        content = tmp_path / "content"
        content.mkdir(exist_ok=True)
        write_files(content, files)
        overrides.setdefault("PATH", str(content))
        return run_pelican(
            Path(overrides.pop("PATH")), tmp_path / "output", **overrides
        )

    return build


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """content/ built once per test session, dated 2026-11-29 12:00 UTC."""
    output = tmp_path_factory.mktemp("sample") / "output"
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1795953600"
    try:
        return run_pelican(ROOT / "content", output)
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


@pytest.fixture
def warnings_logged(caplog):
    """The messages this plugin logged at WARNING during the test."""
    caplog.set_level(logging.WARNING)

    def messages() -> list[str]:
        return [
            record.getMessage()
            for record in caplog.records
            if record.levelno == logging.WARNING
            and record.name.startswith("article_reader")
        ]

    return messages


FOCUSABLE = {"a", "button", "input", "select", "textarea"}


class PageFacts(HTMLParser):
    """What the tests check in one HTML page, from one parse."""

    def __init__(self):
        super().__init__()
        self.html_attrs: dict[str, str] = {}
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.counts: dict[str, int] = {}
        self.focusable: list[tuple[str, dict]] = []
        self.meta: dict[str, str] = {}
        self.lang_fragments: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.counts[tag] = self.counts.get(tag, 0) + 1
        if tag == "html":
            self.html_attrs = attrs
        elif "lang" in attrs:
            self.lang_fragments.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src", "action"):
            if attrs.get(name) is not None:
                self.links.append(attrs[name])
        if tag in FOCUSABLE and (tag != "a" or "href" in attrs):
            self.focusable.append((tag, attrs))
        if tag == "meta":
            key = attrs.get("http-equiv") or attrs.get("name")
            if key:
                self.meta[key.lower()] = attrs.get("content", "")


def page_facts(path: Path) -> PageFacts:
    facts = PageFacts()
    facts.feed(path.read_text(encoding="utf-8"))
    return facts


def broken_links(page: Path, facts: PageFacts) -> list[str]:
    """Links that are absolute, leave the site, or do not name an existing file."""
    bad = []
    for link in facts.links:
        if "//" in link or link.startswith("/") or ":" in link.split("/")[0]:
            bad.append(link)
            continue
        target = link.split("#")[0].split("?")[0]
        if target and not (page.parent / target).resolve().is_file():
            bad.append(link)
    return bad


CHROMIUM = "/usr/bin/chromium"
# Flags for a root user on a machine with no network: no sandbox, and none of
# Chromium's own background connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    """Every test that uses Chromium is a `browser` test, marked or not, so
    `make test-fast` (-m "not browser and not slow") never starts one."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright; one for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def bundle_tool(*args, **kwargs) -> subprocess.CompletedProcess:
    """python -m samizdat_bundle ..., in a process, as the Makefile runs it."""
    return subprocess.run(
        [sys.executable, "-m", "samizdat_bundle", *map(str, args)],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        **kwargs,
    )


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    """A signing key pair (samizdat_bundle.signing.KeyFiles) for one module."""
    from samizdat_bundle.signing import KeyFiles, create_keys

    files = KeyFiles.in_folder(tmp_path_factory.mktemp("keys"))
    create_keys(files)
    return files
