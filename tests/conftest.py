"""Shared helpers: build a tiny Samizdat site into tmp_path with Pelican."""

import json
import logging
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "000_aa6dc9448e70a7df.txt"

# The plugins import as top-level packages, as Pelican's PLUGIN_PATHS does.
sys.path.insert(0, str(ROOT / "plugins"))


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


@pytest.fixture
def build_site(tmp_path):
    """build_site(files, **settings) -> BuiltSite, built with the real config."""
    from pelican import Pelican
    from pelican.settings import read_settings

    def build(files: dict[str, str | bytes], **overrides) -> BuiltSite:
        content = tmp_path / "content"
        content.mkdir(exist_ok=True)
        write_files(content, files)
        output = tmp_path / "output"
        settings = {
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "CACHE_CONTENT": False,
            **overrides,
        }
        cwd = os.getcwd()
        os.chdir(ROOT)  # pelicanconf.py's relative paths
        try:
            pelican = Pelican(
                read_settings(str(ROOT / "pelicanconf.py"), override=settings)
            )
        finally:
            os.chdir(cwd)
        pelican.run()
        return BuiltSite(output, Path(f"{output}.report.json"))

    return build


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
