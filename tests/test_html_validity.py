"""The W3C Nu HTML checker (npm package vnu-jar, run with Java) on every page."""

import json
import subprocess

import pytest
from conftest import ROOT

pytestmark = pytest.mark.browser

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_checker(pages) -> tuple[list[dict], int]:
    """The Nu checker's messages on `pages` (errors only) and its exit status."""
    done = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            *map(str, pages),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(done.stderr or '{"messages": []}')["messages"], done.returncode


def test_nu_checker_finds_no_error(sample_site):
    pages = sorted(sample_site.output.rglob("*.html"))
    assert len(pages) > 50
    messages, status = nu_checker(pages)
    errors = [
        (message.get("url", "").rsplit("/output/", 1)[-1], message.get("message"))
        for message in messages
        if message.get("type") in ("error", "non-document-error")
    ]
    assert errors == []
    assert status == 0
