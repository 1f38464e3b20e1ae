"""The W3C Nu HTML checker (npm package vnu-jar, run with Java) on every page."""

import json
import subprocess

import pytest
from conftest import ROOT

pytestmark = pytest.mark.browser

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_nu_checker_finds_no_error(sample_site):
    pages = sorted(str(page) for page in sample_site.output.rglob("*.html"))
    assert len(pages) > 50
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    errors = [
        (message.get("url", "").rsplit("/output/", 1)[-1], message.get("message"))
        for message in messages
        if message.get("type") in ("error", "non-document-error")
    ]
    assert errors == []
    assert done.returncode == 0
