"""make html starts the output as a copy of the last one beside the build
(site_output.build.StartedCopy); the build's writers wait for it
(samizdat_contract.output_ready), and a writer that did not wait stops the
build instead of spoiling the copy."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import write_files
from samizdat_contract import output_ready
from site_output import build
from site_output.tree import clone_tree


@pytest.fixture
def fresh_process(monkeypatch):
    """output_ready as a new process finds it: nothing waited for yet."""
    monkeypatch.setattr(output_ready, "_outcome", [])
    monkeypatch.delenv(output_ready.READY_FD, raising=False)


def told(monkeypatch, message: bytes | None) -> None:
    """A pipe in the environment, as build.py gives it: `message` written
    (None: nothing), then its write end closed."""
    read, write = os.pipe()
    if message is not None:
        os.write(write, message)
    os.close(write)
    monkeypatch.setenv(output_ready.READY_FD, str(read))


def test_without_the_variable_nothing_is_waited_for(fresh_process):
    output_ready.wait_for_output()
    output_ready.wait_for_output()


def test_the_copy_told_whole_lets_writers_on_once(fresh_process, monkeypatch):
    told(monkeypatch, output_ready.READY)
    output_ready.wait_for_output()
    # Read once: the variable is gone, so no later process reads that number.
    assert output_ready.READY_FD not in os.environ
    output_ready.wait_for_output()


@pytest.mark.parametrize("message", [None, b"0"])
def test_a_failed_copy_stops_every_writer(fresh_process, monkeypatch, message):
    told(monkeypatch, message)
    for _ in range(2):  # the second writer is refused too
        with pytest.raises(output_ready.OutputNotReady, match="could not copy"):
            output_ready.wait_for_output()


@pytest.mark.parametrize("value", ["seven", "999999"])
def test_a_bad_descriptor_is_an_error_naming_the_variable(
    fresh_process, monkeypatch, value
):
    monkeypatch.setenv(output_ready.READY_FD, value)
    with pytest.raises(output_ready.OutputNotReady, match=output_ready.READY_FD):
        output_ready.wait_for_output()


def last_output(tmp_path: Path) -> tuple[Path, Path]:
    output, spare = tmp_path / "site", tmp_path / "spare"
    write_files(output, {"index.html": "home", "en/a.html": "a"})
    clone_tree(str(output), str(spare))
    write_files(spare, {"gone.html": "the build before the last one made it"})
    return output, spare


@pytest.mark.parametrize("with_spare", [True, False])
def test_a_partial_output_begun_meanwhile_is_refused(tmp_path, with_spare):
    """Something wrote into OUT.partial before the copy was whole: the copy
    is not made over it (neither by renaming the spare nor by linking)."""
    output, spare = last_output(tmp_path)
    partial = tmp_path / "site.partial"
    write_files(partial, {"images/lead.webp": "written too early"})
    with pytest.raises(FileExistsError, match="wait_for_output"):
        build.start_copy(str(output), str(partial), str(spare) if with_spare else None)
    assert sorted(os.listdir(partial)) == ["images"]


WAITING_COMMAND = """
import os, sys
from samizdat_contract.output_ready import wait_for_output
partial = sys.argv[1]
try:
    wait_for_output()
except Exception as error:
    print(error, file=sys.stderr)
    sys.exit(3)
found = sorted(
    os.path.relpath(os.path.join(folder, name), partial)
    for folder, _, names in os.walk(partial) for name in names
)
print(" ".join(found))
with open(os.path.join(partial, "new.html"), "w") as page:
    page.write("new")
"""


def run_build(output: Path, spare: Path) -> subprocess.CompletedProcess:
    """python -m site_output with a command that waits, lists what it
    finds in OUT.partial, then writes a page."""
    command = [sys.executable, "-c", textwrap.dedent(WAITING_COMMAND)]
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "site_output",
            "--output",
            str(output),
            "--spare",
            str(spare),
            "--",
            *command,
            f"{output}.partial",
        ],
        capture_output=True,
        text=True,
    )


def test_the_command_finds_the_whole_copy_once_it_waited(tmp_path):
    output, spare = last_output(tmp_path)
    done = run_build(output, spare)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["en/a.html", "index.html"]
    assert sorted(p.name for p in output.rglob("*.html")) == [
        "a.html",
        "index.html",
        "new.html",
    ]
    assert not spare.joinpath("new.html").exists()  # the spare: the last output


def test_a_failed_copy_fails_the_build_and_keeps_the_output(tmp_path, monkeypatch):
    """The copy fails (here: start_copy raises): the command is told, the
    build's status is an error, and the last output stays in place."""
    output, spare = last_output(tmp_path)

    def failing_copy(*arguments):
        raise OSError("no space left on device (a test)")

    monkeypatch.setattr(build, "start_copy", failing_copy)
    command = [sys.executable, "-c", textwrap.dedent(WAITING_COMMAND)]
    status = build.main(
        ["--output", str(output), "--spare", str(spare), "--", *command, "x"]
    )
    assert status == 3  # the command's: it was told the copy failed
    assert sorted(p.name for p in output.rglob("*.html")) == ["a.html", "index.html"]


FULL_COMMAND = """
import os, sys
os.makedirs(sys.argv[1])
with open(os.path.join(sys.argv[1], "index.html"), "w") as page:
    page.write("full")
"""


def test_a_full_build_keeps_no_spare(tmp_path):
    """Every file of a full build is new: the old output as the spare would
    have all its files replaced by the next build's mirror."""
    output, spare = last_output(tmp_path)
    command = [sys.executable, "-c", textwrap.dedent(FULL_COMMAND), f"{output}.partial"]
    options = ["--output", str(output), "--spare", str(spare), "--full"]
    done = subprocess.run(
        [sys.executable, "-m", "site_output", *options, "--", *command],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (output / "index.html").read_text() == "full"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site.lock"]
