"""The theme's scripts, minified into the output (site_search/minify.py)."""

import logging
import os
import subprocess
import sys

import pytest
from conftest import ROOT
from samizdat_contract.cache import read_sealed
from site_search import minify
from site_search.minify import minified, minify_scripts

SCRIPTS = sorted((ROOT / "theme" / "static" / "js").glob("*.js"))


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_each_theme_script_minifies_to_a_smaller_script_with_its_names(path):
    source = path.read_text(encoding="utf-8")
    text = minified(source)
    assert len(text) < 0.75 * len(source)
    assert '"use strict"' in text
    assert "/*" not in text
    # Globals and property names stay: rules.js, the index files and the
    # tests call them by name.
    for name in ["SamizdatSearch", "getElementById", "URLSearchParams"]:
        assert (name in source) == (name in text), name
    for forbidden in ["fetch(", "XMLHttpRequest", "import(", "innerHTML", "eval("]:
        assert forbidden not in text, forbidden


def test_search_js_keeps_every_property_rules_and_index_files_use():
    text = minified((ROOT / "theme/static/js/search.js").read_text(encoding="utf-8"))
    for name in [
        "rules:",
        "shard:",
        "doc:",
        "meta:",
        "lang:",
        "loadedRules",
        ".scoring",
    ]:
        assert name in text, name


@pytest.mark.parametrize(
    "source",
    [
        "let x = 1;",  # not ES5
        "var f = () => 1;",
        "function (",
    ],
)
def test_a_script_the_parser_rejects_is_left_as_it_is(tmp_path, caplog, source):
    script = tmp_path / "out" / "js" / "extra.js"
    script.parent.mkdir(parents=True)
    script.write_text(source, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="site_search.minify"):
        assert minify_scripts(tmp_path / "out", tmp_path / "cache", True) == []
    assert script.read_text(encoding="utf-8") == source
    assert str(script) in caplog.text


def test_minified_once_then_read_from_the_cache(tmp_path, monkeypatch, caplog):
    out, cache = tmp_path / "out", tmp_path / "cache"
    out.mkdir()
    source = "(function () { var longName = 1; window.x = longName + 1; })();\n"
    (out / "a.js").write_text(source, encoding="utf-8")
    assert minify_scripts(out, cache, True) == [out / "a.js"]
    first = (out / "a.js").read_bytes()
    assert len(first) < len(source)
    (entry,) = cache.iterdir()
    assert read_sealed(entry) == first

    def fail(text):
        raise AssertionError("minified again")

    (out / "a.js").write_text(source, encoding="utf-8")
    monkeypatch.setattr(minify, "minified", fail)
    minify_scripts(out, cache, True)
    assert (out / "a.js").read_bytes() == first
    # A damaged entry is a miss and a warning, and is written again.
    monkeypatch.undo()
    entry.write_bytes(entry.read_bytes()[:-3])
    (out / "a.js").write_text(source, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        minify_scripts(out, cache, True)
    assert "damaged" in caplog.text
    assert (out / "a.js").read_bytes() == first
    assert read_sealed(entry) == first
    # LOAD_CONTENT_CACHE off: nothing is read.
    (out / "a.js").write_text(source, encoding="utf-8")
    monkeypatch.setattr(minify, "minified", fail)
    with pytest.raises(AssertionError, match="minified again"):
        minify_scripts(out, cache, False)


@pytest.mark.slow
def test_the_same_bytes_in_any_process():
    program = (
        "import sys; from site_search.minify import minified; "
        "sys.stdout.write(minified(open(sys.argv[1], encoding='utf-8').read()))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", program, str(ROOT / "theme/static/js/search.js")],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
        ).stdout
        for seed in ["0", "1", "12345"]
    }
    assert len(outputs) == 1
