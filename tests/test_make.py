"""The Makefile's own promises: one swap per build, the report in its place,
what each target installs, and the system set-up script
(scripts/install-system-deps) without touching the system; and how the
plugins are found without PYTHONPATH."""

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT, write_files
from site_output import swap

BODY = "The first paragraph says what happened.\n\nThe second one quotes a witness.\n"
SYSTEM_DEPS = ROOT / "scripts" / "install-system-deps"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "-s", *args], cwd=ROOT, capture_output=True, text=True
    )


def recipe(*args: str) -> list[str]:
    """The shell commands `make ARGS` would run, one string per command."""
    listing = subprocess.run(
        ["make", "-n", "-s", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert listing.returncode == 0, listing.stderr
    return listing.stdout.replace("\\\n\t", " ").replace("\\\n", " ").splitlines()


@pytest.mark.slow
def test_a_stopped_build_leaves_the_previous_output_whole(tmp_path):
    """Pelican stopped half-way through an incremental build (here: a
    command that replaces a page in the partial copy, then dies) leaves
    OUTPUTDIR exactly the previous build; the next build finishes."""
    articles = tmp_path / "articles"
    write_files(articles, {"a.txt": "Headline words here\n\n" + BODY})
    output = tmp_path / "site"
    settings = [f"INPUTDIR={articles}", f"OUTPUTDIR={output}"]
    assert make("html", *settings).returncode == 0
    old = tree(output)
    partial = f"{output}.partial"
    dies = (
        f"printf changed > {partial}/new && mv {partial}/new {partial}/index.html"
        " && kill -9 $$"
    )
    command = [sys.executable, "-m", "site_output", "--output", str(output)]
    stopped = subprocess.run([*command, "--", "sh", "-c", dies], capture_output=True)
    assert stopped.returncode != 0
    assert tree(output) == old
    write_files(articles, {"b.txt": "Another headline here\n\n" + BODY})
    assert make("html", *settings).returncode == 0
    assert "en/another-headline-here.html" in tree(output)
    assert (output / "index.html").read_bytes() != b"changed"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "articles",
        "site",
        "site.cache",
        "site.lock",
        "site.report.json",
    ]


def test_swap_killed_after_the_exchange_leaves_the_new_build(tmp_path, monkeypatch):
    target, new = tmp_path / "site", tmp_path / "site.partial"
    write_files(target, {"index.html": "old"})
    write_files(new, {"index.html": "new", "ko/index.html": "new"})

    def killed(path, **options):
        raise KeyboardInterrupt

    monkeypatch.setattr(swap.shutil, "rmtree", killed)
    with pytest.raises(KeyboardInterrupt):
        swap.swap_into_place(str(new), str(target))
    assert tree(target) == {"index.html": b"new", "ko/index.html": b"new"}
    assert tree(new) == {"index.html": b"old"}  # the next build removes it


@pytest.mark.parametrize("exchange_works", [True, False])
def test_swap_replaces_the_target_whole(tmp_path, monkeypatch, exchange_works):
    if not exchange_works:  # another OS, or a file system without it
        monkeypatch.setattr(swap, "exchange", lambda first, second: False)
    target, new = tmp_path / "site", tmp_path / "site.partial"
    write_files(target, {"index.html": "old", "gone.html": "old"})
    write_files(new, {"index.html": "new"})
    swap.swap_into_place(str(new), str(target))
    assert tree(target) == {"index.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    # The first build: nothing to swap with.
    write_files(new, {"index.html": "first"})
    swap.swap_into_place(str(new), str(tmp_path / "fresh"))
    assert tree(tmp_path / "fresh") == {"index.html": b"first"}


@pytest.mark.parametrize("exchange_works", [True, False])
def test_swap_keeps_the_old_build_as_the_spare(tmp_path, monkeypatch, exchange_works):
    if not exchange_works:
        monkeypatch.setattr(swap, "exchange", lambda first, second: False)
    target, new = tmp_path / "site", tmp_path / "site.partial"
    spare = tmp_path / "site.cache" / "site_output" / "spare"
    write_files(target, {"index.html": "old"})
    write_files(spare, {"index.html": "older", "gone.html": "older"})
    write_files(new, {"index.html": "new"})
    swap.swap_into_place(str(new), str(target), str(spare))
    assert tree(target) == {"index.html": b"new"}
    assert tree(spare) == {"index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site.cache"]


def test_swap_refuses_what_would_lose_the_build(tmp_path):
    write_files(tmp_path / "site", {"index.html": "old"})
    with pytest.raises(OSError, match="no finished build"):
        swap.swap_into_place(str(tmp_path / "none"), str(tmp_path / "site"))
    with pytest.raises(OSError, match="target itself"):
        swap.swap_into_place(str(tmp_path / "site"), str(tmp_path / "site"))
    assert tree(tmp_path / "site") == {"index.html": b"old"}


@pytest.mark.slow
def test_strict_build_report_replaces_the_old_one_in_place(tmp_path):
    """STRICT=1 used to write <OUTPUTDIR>.partial.report.json (a second -e
    replaced the first) and leave the old report claiming success."""
    articles = tmp_path / "articles"
    write_files(articles, {"a.txt": "Headline words here\n\n" + BODY})
    output = tmp_path / "site"
    report = tmp_path / "site.report.json"
    settings = [f"INPUTDIR={articles}", f"OUTPUTDIR={output}"]
    assert make("html", *settings).returncode == 0
    assert json.loads(report.read_text())["summary"]["skipped"] == 0
    (articles / "b.txt").write_bytes(b"")
    assert make("html", *settings, "STRICT=1").returncode != 0
    summary = json.loads(report.read_text())["summary"]
    assert summary["skipped"] == 1 and summary["warnings"] >= 1
    assert (output / "en" / "headline-words-here.html").is_file()  # kept
    left = {p.name for p in tmp_path.iterdir()} - {"site.partial"}
    assert left == {"articles", "site", "site.report.json", "site.cache", "site.lock"}


def test_strict_and_extra_settings_share_one_e_option():
    (command,) = [
        line
        for line in recipe(
            "html",
            "STRICT=1",
            "EXTRA_SETTINGS=SITE_SEARCH_RELATED=2",
            "OUTPUTDIR=/x/o",
            "KEYDIR=/k",
        )
        if " -m pelican " in line
    ]
    assert command.count(" -e ") == 1
    settings = command.split(" -e ")[1].split()
    assert settings == [
        "ARTICLE_READER_REPORT_PATH='\"/x/o.report.json\"'",
        "SAMIZDAT_BUNDLE_KEY_DIR='\"/k\"'",
        "CACHE_PATH='\"/x/o.cache\"'",
        "SITE_SEARCH_RELATED=2",
        "ARTICLE_READER_STRICT=true",
        "SITE_OUTPUT_PREVIOUS='\"/x/o\"'",
    ]


@pytest.mark.slow
def test_regenerate_gets_the_build_settings_but_no_previous_output():
    (command,) = [
        line
        for line in recipe("regenerate", "STRICT=1", "OUTPUTDIR=/x/o", "KEYDIR=/k")
        if " -m pelican " in line
    ]
    assert " -r " in command
    settings = command.split(" -e ")[1].split()
    assert settings == [
        "ARTICLE_READER_REPORT_PATH='\"/x/o.report.json\"'",
        "SAMIZDAT_BUNDLE_KEY_DIR='\"/k\"'",
        "CACHE_PATH='\"/x/o.cache\"'",
        "ARTICLE_READER_STRICT=true",
    ]


@pytest.mark.parametrize("full", [True, False])
def test_full_builds_read_no_cache_and_start_from_nothing(full):
    (command,) = recipe("html", "OUTPUTDIR=/x/o", *(["FULL=1"] if full else []))
    assert ("--full" in command.split(" -- ")[0]) is full
    assert ("LOAD_CONTENT_CACHE=false" in command) is full


def fake_system(tmp_path: Path, present: list[str], uid: int, apt: bool) -> dict:
    """A PATH with stand-ins for `present` commands, `id -u` printing `uid`,
    and (when `apt`) an apt-get that only records its arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in present:
        (bin_dir / name).write_text("#!/bin/sh\nexit 0\n")
    (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    if apt:
        (bin_dir / "apt-get").write_text(
            f'#!/bin/sh\necho "$@" >> "{tmp_path}/apt-get.log"\n'
        )
    for path in bin_dir.iterdir():
        path.chmod(0o755)
    return {"PATH": str(bin_dir), "PY": sys.executable}


TEST_TOOLS = [
    "make",
    "sha256sum",
    "git",
    "chromium",
    "w3m",
    "java",
    "minisign",
    "zimcheck",
    "kiwix-serve",
    "node",
    "npm",
]


def system_deps(group: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["/bin/bash", str(SYSTEM_DEPS), group],
        env=env,
        capture_output=True,
        text=True,
    )


def test_system_deps_pass_when_everything_is_there(tmp_path):
    done = system_deps("test", fake_system(tmp_path, TEST_TOOLS, 1000, apt=True))
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "apt-get.log").exists()


def test_system_deps_say_what_to_run_when_not_root(tmp_path):
    present = [t for t in TEST_TOOLS if t not in ("w3m", "kiwix-serve")]
    done = system_deps("test", fake_system(tmp_path, present, 1000, apt=True))
    assert done.returncode == 1
    assert (
        "sudo apt-get update && sudo apt-get install -y --no-install-recommends"
        " w3m kiwix-tools"
    ) in done.stderr
    assert not (tmp_path / "apt-get.log").exists()


def test_system_deps_install_as_root_with_apt_get(tmp_path):
    present = [t for t in TEST_TOOLS if t not in ("java", "node", "npm")]
    done = system_deps("test", fake_system(tmp_path, present, 0, apt=True))
    assert done.returncode == 0, done.stderr
    calls = (tmp_path / "apt-get.log").read_text().splitlines()
    assert calls == [
        "update -qq",
        "install -y -qq --no-install-recommends default-jre-headless nodejs npm",
    ]


def test_build_needs_only_python_with_venv_and_make(tmp_path):
    env = fake_system(tmp_path, ["make", "sha256sum"], 0, apt=False)
    assert system_deps("build", env).returncode == 0
    # Debian's Python without python3.X-venv: `python3 -m venv` cannot work.
    no_venv = tmp_path / "python-without-venv"
    no_venv.write_text(
        f'#!/bin/sh\ncase "$2" in *ensurepip*) exit 1;; esac\nexec {sys.executable} "$@"\n'
    )
    no_venv.chmod(0o755)
    done = system_deps("build", {**env, "PY": str(no_venv)})
    version = "{}.{}".format(*sys.version_info[:2])
    assert done.returncode == 1
    assert f"python{version}-venv" in done.stderr
    assert "with your system's package manager" in done.stderr  # no apt-get


@pytest.mark.slow  # a second pytest, collecting every test module
def test_markers_keep_browsers_and_builds_out_of_the_fast_layer():
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "browser"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTEST_ADDOPTS": "-p no:cacheprovider"},
    ).stdout
    browser_tests = {line.split("::")[0] for line in collected.splitlines()}
    assert {
        "tests/test_browser.py",
        "tests/test_html_validity.py",
        "tests/test_search.py",  # through the browser fixture
        "tests/test_theme.py",  # w3m
    } <= browser_tests
    assert "tests/test_search.py::test_terms" not in collected


def pinned(requirements: str) -> dict[str, str]:
    """name -> version of a requirements file, following its -r lines."""
    pins = {}
    for line in (ROOT / requirements).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            pins |= pinned(line[3:].strip())
        elif line:
            name, equals, version = line.partition("==")
            assert equals and version, f"{requirements}: {line} is not pinned"
            pins[project_name(name)] = version
    return pins


def project_name(requirement: str) -> str:
    name = re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def test_direct_dependencies_are_pinned_where_make_installs_them():
    """make html installs requirements.txt only: every build dependency of
    pyproject.toml is pinned there and no test tool is; make test adds
    requirements-dev.txt, which pins the test extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    build = pinned("requirements.txt")
    tests = pinned("requirements-dev.txt")
    for requirement in project["dependencies"]:
        assert project_name(requirement) in build, requirement
    for requirement in project["optional-dependencies"]["test"]:
        name = project_name(requirement)
        assert name in tests and name not in build, requirement
    assert {"pytest", "ruff", "playwright"}.isdisjoint(build)


@pytest.mark.slow  # two interpreters importing Pelican
def test_search_workers_import_the_plugins_their_caller_imported(tmp_path):
    """Pelican loads plugins from PLUGIN_PATHS, which may not be the copy
    installed in the venv: a worker process must use the caller's copy."""
    copy = tmp_path / "plugins"
    shutil.copytree(
        ROOT / "plugins", copy, ignore=shutil.ignore_patterns("__pycache__")
    )
    (copy / "site_search" / "only_in_this_copy.py").write_text(
        "def where(_):\n    return __file__\n"
    )
    caller = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from site_search.only_in_this_copy import where; "
        "from site_search.workers import Job; print(Job(where, None).result())"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-c", caller, str(copy)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(copy / "site_search" / "only_in_this_copy.py")
