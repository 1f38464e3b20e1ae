"""A signed copy as a reader gets it: search in Chromium loads only files
the signed copy lists and treats words naming JavaScript built-ins as
words; the "How to verify this copy" steps catch an added file.
"""

import json
import re
import shutil
import subprocess
import urllib.parse
import zipfile

import pytest
from conftest import ROOT, run_pelican, write_files
from samizdat_bundle.bundle import make_bundle
from samizdat_bundle.manifest import MANIFEST_NAME
from samizdat_bundle.signing import KeyFiles, create_keys, public_key_text

# Whole builds and bundles, the documented shell steps.
pytestmark = pytest.mark.slow

EPOCH = 1795953600
BUILTIN_WORDS = [
    "constructor",
    "toString",
    "__proto__",
    "hasOwnProperty",
    "valueOf",
    "isPrototypeOf",
    "__defineGetter__",
]
ARTICLES = {
    "001_aaaaaaaaaaaaaaaa.txt": "Title: The bridge builder\nDate: 2026-10-01\n\n"
    "The constructor of the bridge spoke to reporters about the toString and "
    "valueOf methods of her old software.\n",
    "002_bbbbbbbbbbbbbbbb.txt": "Title: A note on objects\nDate: 2026-10-02\n\n"
    "Every object has hasOwnProperty, isPrototypeOf and a __proto__ link, the "
    "engineer wrote, and __defineGetter__ is old.\n",
}


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    """A signed bundle of a two-article site, unpacked as a reader has it."""
    folder = tmp_path_factory.mktemp("reader")
    keys = KeyFiles.in_folder(folder / "keys")
    create_keys(keys)
    files = dict(ARTICLES)
    files["pages/verify.md"] = (ROOT / "content" / "pages" / "verify.md").read_text()
    write_files(folder / "content", files)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        run_pelican(
            folder / "content",
            folder / "output",
            SAMIZDAT_BUNDLE_KEY_DIR=str(keys.secret.parent),
        )
    bundle = make_bundle(folder / "output", folder / "dist", keys)
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder / "unpacked")
    return folder / "unpacked" / f"samizdat-{EPOCH}", public_key_text(keys.public)


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


def search(page, folder, query: str) -> list[str]:
    url = (folder / "search.html").as_uri() + "?" + urllib.parse.urlencode({"q": query})
    page.goto(url)
    page.wait_for_function(
        "document.getElementById('search-status').textContent !== ''"
    )
    links = page.locator("#search-results a")
    return [links.nth(i).inner_text() for i in range(links.count())]


@pytest.mark.parametrize("word", BUILTIN_WORDS)
def test_words_naming_javascript_builtins_are_searched(copy, page, word):
    folder, _ = copy
    titles = search(page, folder, word)
    assert page.errors == []
    expected = (
        "The bridge builder"
        if word in ARTICLES["001_aaaaaaaaaaaaaaaa.txt"]
        else "A note on objects"
    )
    assert expected in titles, (word, titles)


def test_search_never_loads_a_file_added_to_the_copy(copy, page, tmp_path):
    folder, _ = copy
    tampered = tmp_path / "tampered"
    shutil.copytree(folder, tampered)
    # zzqqxx is in no article: its shard does not exist in the signed copy.
    added = tampered / "search" / "t" / "7a_7a.js"
    added.write_text(
        'window.PWNED = true; SamizdatSearch.shard("7a_7a", {"p": {"zzqqxx": [0, 9]}, "a": {}});\n'
    )
    planted_doc = tampered / "search" / "d" / "99.js"
    planted_doc.write_text("window.PWNED = true;\n")
    assert search(page, tampered, "zzqqxx") == []
    assert page.evaluate("window.PWNED") is None
    assert not any(url.endswith(("/t/7a_7a.js", "/d/99.js")) for url in page.requested)
    # A listed shard is loaded as before.
    assert "The bridge builder" in search(page, tampered, "bridge")
    assert any("/search/t/" in url for url in page.requested)
    assert page.errors == []


def documented_steps(system: str) -> list[str]:
    """The commands of one system's section of the verify page, in order."""
    text = (ROOT / "content" / "pages" / "verify.md").read_text()
    section = text.split(f"## {system}\n")[1].split("\n## ")[0]
    spans = re.findall(r"`([^`]+)`", section.replace("\n   ", " "))
    return [
        s for s in spans if s.split()[0] in ("minisign", "sha256sum", "shasum", "diff")
    ]


@pytest.mark.parametrize("system", ["Linux", "macOS"])
def test_documented_steps_catch_added_changed_and_missing_files(copy, tmp_path, system):
    folder, key = copy
    steps = documented_steps(system)
    assert [s.split()[0] for s in steps] == [
        "minisign",
        "sha256sum" if system == "Linux" else "shasum",
        "diff",
    ]

    def run(where) -> list[int]:
        return [
            subprocess.run(
                ["bash", "-c", step.replace("KEY", key)], cwd=where, capture_output=True
            ).returncode
            for step in steps
        ]

    assert run(folder) == [0, 0, 0]
    cases = {
        "added script": lambda c: (c / "search" / "t" / "7a_7a.js").write_text("x"),
        "added hidden file": lambda c: (c / ".htaccess").write_text("x"),
        "added link": lambda c: (c / "evil.html").symlink_to("/etc/hostname"),
        "changed": lambda c: (c / "index.html").write_text("x"),
        "removed": lambda c: (c / "404.html").unlink(),
    }
    for name, tamper in cases.items():
        tampered = tmp_path / name.replace(" ", "-")
        shutil.copytree(folder, tampered, symlinks=True)
        tamper(tampered)
        statuses = run(tampered)
        assert statuses[0] == 0 and statuses != [0, 0, 0], (name, statuses)


def test_manifest_lists_the_search_listing(copy):
    """meta.js (signed) names every t/ and r/ file by counts: a head for
    each bucket of each segment below the counts, an alias file for each
    alias bucket, and chunk files only as their heads say."""
    folder, _ = copy
    meta = (folder / "search" / "meta.js").read_text()
    manifest = (folder / MANIFEST_NAME).read_text()
    assert "search/meta.js" in manifest and "search/rules.js" in manifest
    buckets = json.loads(meta.split('SamizdatSearch.meta("buckets",')[1].split(");")[0])
    for segment, prefix in (("t", ""), ("r", "r")):
        shards = sorted(p.stem for p in (folder / "search" / segment).glob("*.js"))
        heads = [name for name in shards if "-" not in name]
        expected = [str(n) for n in range(buckets[prefix + "t"])]
        expected += [f"q{n}" for n in range(buckets[prefix + "q"])]
        if segment == "t":
            expected += [f"a{n}" for n in range(buckets["a"])]
        assert sorted(heads) == sorted(expected)
        for name in shards:
            assert f"search/{segment}/{name}.js" in manifest
            if "-" in name:  # a chunk file: its head names a list that long
                head, chunk = name.split("-")
                text = (folder / "search" / segment / f"{head}.js").read_text()
                counts = re.findall(r'":\[\d+,(\d+),', text)
                assert max(map(int, counts)) > int(chunk), name
