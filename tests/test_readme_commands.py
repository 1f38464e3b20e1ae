"""Every command the README shows, run in order in a fresh clone.

The commands are read from the README's ```sh blocks, so the README and
this test cannot drift apart; `make test` and the other developer commands
are left out (listed in NOT_RUN, with why). The clone is of this repository
with the working tree's changes to tracked files carried over, so the test
checks what is about to be committed. It gets its own venv, made on top of
the running one (a .pth file points at its packages), so the Makefile's
set-up steps run for real but find every pinned package already there;
then the clone's plugins are installed into it, not this checkout's.
"""

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, write_files

pytestmark = pytest.mark.slow

# Make targets the README names but this test does not run, and why.
NOT_RUN = {
    "test": "this test is part of it",
    "test-fast": "the unit tests, run by make test",
    "lint": "run by make test",
    "format": "rewrites the sources",
    "translations": "a maintainer's command that rewrites the catalogs",
    "clean": "removes what the other commands check",
}
# and every bench* target: benchmarks print figures, they check nothing.
SAMPLE_TIME = 1795953600  # 2026-11-29 12:00 UTC, as the other tests
PLACEHOLDER = re.compile(r"<([a-z]+)>")


def readme_commands() -> list[str]:
    """The shell commands of the README's sh blocks, comments removed."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```", text, re.M | re.S):
        for line in re.sub(r"\\\n\s*", "", block).splitlines():
            command = line.split(" #")[0].strip()
            if command and not command.startswith("#"):
                commands.append(command)
    return commands


def make_target(command: str) -> str | None:
    words = command.split()
    return words[1] if words[0] == "make" and len(words) > 1 else None


def excused(target: str | None) -> bool:
    return target in NOT_RUN or (target or "").startswith("bench")


def test_every_make_target_in_the_readme_is_run_or_excused():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`make ([a-z][a-z-]*)", text)) | {
        make_target(c) for c in readme_commands() if make_target(c)
    }
    run = {make_target(c) for c in readme_commands() if not excused(make_target(c))}
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in named:
        assert re.search(rf"^{re.escape(target)}:", makefile, re.M), target
        assert target in run or excused(target), target
    assert {"html", "keys", "bundle", "verify", "update-pack", "zim"} <= run


def fresh_clone(destination: Path) -> Path:
    """A clone of this repository, with the working tree's tracked files."""
    subprocess.run(
        ["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(destination)],
        check=True,
    )
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, tracked.split("\0")):
        source, target = ROOT / name, destination / name
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        elif target.exists():
            target.unlink()  # deleted in the working tree
    return destination


def venv_on_top_of_this_one(folder: Path) -> Path:
    """A venv without packages of its own that sees this one's packages."""
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True
    )
    purelib = subprocess.run(
        [
            folder / "bin" / "python",
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "_running_venv.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Scenario:
    """Runs README commands in the clone, filling in the placeholders."""

    def __init__(self, tmp_path: Path):
        self.clone = fresh_clone(tmp_path / "clone")
        self.venv = venv_on_top_of_this_one(tmp_path / "venv")
        self.dist = self.clone / "dist"
        self.places = {
            "articles": tmp_path / "articles",
            "site": tmp_path / "site",
            "copy": tmp_path / "reader",  # + the copy's folder, once unpacked
            "key": tmp_path / "keys" / "samizdat.pub",
        }
        write_files(
            self.places["articles"],
            {"a.txt": "Headline words here\n\nThe first paragraph.\n\nThe second.\n"},
        )
        # The sample's dates come from file times: fix them, in the past.
        for path in (self.clone / "content").rglob("*"):
            os.utime(path, (SAMPLE_TIME, SAMPLE_TIME))
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("PYTHONPATH", "SOURCE_DATE_EPOCH", "MAKEFLAGS", "MAKELEVEL")
        }
        self.env |= {"VENV": str(self.venv), "KEYDIR": str(tmp_path / "keys")}

    def versions(self) -> list[int]:
        found = {
            int(m.group(1))
            for p in self.dist.glob("samizdat-*")
            if (m := re.match(r"samizdat-(\d+)\.", p.name))
        }
        return sorted(found)

    def dist_file(self, pattern: str) -> str:
        """dist/samizdat-<version>.zip -> the file of the newest (or <old>)."""
        name = re.escape(pattern.removeprefix("dist/"))
        for placeholder, value in [
            ("old", str(self.versions()[0])),
            ("version", str(self.versions()[-1])),
            ("hash", "[0-9a-f]+"),
        ]:
            name = name.replace(re.escape(f"<{placeholder}>"), value)
        matches = sorted(p for p in self.dist.iterdir() if re.fullmatch(name, p.name))
        assert len(matches) == 1, (pattern, matches)
        return str(matches[0])

    def argument(self, word: str) -> str:
        if word.startswith(".venv/"):
            return str(self.venv / word.removeprefix(".venv/"))
        if not PLACEHOLDER.search(word):
            return word
        prefix, _, value = word.rpartition("=")
        prefix = f"{prefix}=" if prefix else ""
        if value.startswith("dist/"):
            return prefix + self.dist_file(value)
        (name,) = PLACEHOLDER.fullmatch(value).groups()
        return prefix + str(self.places[name])

    def before(self, command: str) -> None:
        """What happens between the commands in a real life."""
        if "<old>" in command:  # newer articles arrive in content/
            write_files(
                self.clone / "content",
                {"new.txt": "Title: A newer article\nLang: en\n\nIt arrived later.\n"},
            )
            later = SAMPLE_TIME + 3600
            os.utime(self.clone / "content" / "new.txt", (later, later))
        if "<copy>" in command and self.places["copy"].name == "reader":
            # The reader's copy: the old bundle, unpacked.
            with zipfile.ZipFile(self.dist_file("dist/samizdat-<old>.zip")) as old:
                old.extractall(self.places["copy"])
            (self.places["copy"],) = self.places["copy"].iterdir()

    def run(self, command: str) -> subprocess.CompletedProcess:
        self.before(command)
        words = [self.argument(word) for word in shlex.split(command)]
        if make_target(command) == "serve":
            return self.serve(words)
        return subprocess.run(
            words, cwd=self.clone, env=self.env, capture_output=True, text=True
        )

    def serve(self, words: list[str]) -> subprocess.CompletedProcess:
        """make serve runs until stopped: fetch the home page, then stop it."""
        port = free_port()
        server = subprocess.Popen(
            [*words, f"PORT={port}"],
            cwd=self.clone,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        page = ""
        try:
            for _ in range(300):
                try:
                    url = f"http://127.0.0.1:{port}/index.html"
                    page = urllib.request.urlopen(url, timeout=2).read().decode()
                    break
                except OSError:
                    time.sleep(0.1)
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
        return subprocess.CompletedProcess(words, 0 if "<html" in page else 1, "", "")


@pytest.mark.skipif(
    not (ROOT / ".git").exists(), reason="needs a git checkout to clone"
)
def test_readme_commands_work_in_a_fresh_clone(tmp_path):
    scenario = Scenario(tmp_path)
    assert not scenario.dist.exists()
    ran = []
    for command in readme_commands():
        if excused(make_target(command)):
            continue
        done = scenario.run(command)
        assert done.returncode == 0, (command, done.stdout[-3000:], done.stderr[-3000:])
        ran.append(command)
    assert len(ran) >= 10

    # The plugins came from the clone, installed into its venv.
    where = subprocess.run(
        [
            scenario.venv / "bin" / "python",
            "-c",
            "import samizdat_bundle; print(samizdat_bundle.__file__)",
        ],
        cwd=tmp_path,
        env=scenario.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(scenario.clone / "plugins"))
    # What the commands promise.
    site = scenario.places["site"]
    (entry,) = json.loads(Path(f"{site}.report.json").read_text())["files"]
    assert (site / entry["lang"] / f"{entry['slug']}.html").is_file()
    old, new = scenario.versions()
    names = {p.name for p in scenario.dist.iterdir()}
    assert {
        f"samizdat-{old}.zip",
        f"samizdat-{old}.MANIFEST.sha256",
        f"samizdat-{old}.zim",  # made first, when dist/ did not exist yet
    } <= names
    assert any(n.startswith(f"samizdat-{new}.update-from-") for n in names)
    copy = scenario.places["copy"]
    assert (copy / "en" / "a-newer-article.html").is_file()
    assert (scenario.clone / "output" / "en" / "a-newer-article.html").is_file()
    # Nothing left in the clone but what the README says.
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    leftovers = {p.name for p in scenario.clone.iterdir()} - {
        name.split("/")[0] for name in tracked
    }
    # The build's cache and lock file lie beside the output, as the README says.
    beside = {"output.report.json", "output.cache", "output.lock"}
    assert leftovers == {".git", "output", "dist", *beside}, leftovers
