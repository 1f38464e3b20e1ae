"""Files an incremental build replaced, reused by its writers
(samizdat_contract.recycled): never written through another name."""

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import write_files
from samizdat_contract import cache, output_ready, recycled
from site_output.build import recycled_folder
from site_output.tree import clone_tree, mirror_tree


@pytest.fixture
def pool(tmp_path, monkeypatch) -> Path:
    """A recycled folder named in the environment, as a new process of a
    build whose output is ready finds it."""
    folder = tmp_path / "spare.recycled"
    folder.mkdir()
    monkeypatch.setenv(recycled.FOLDER_VARIABLE, str(folder))
    monkeypatch.setattr(recycled, "_listed", {})
    monkeypatch.setattr(output_ready, "_outcome", [])
    monkeypatch.delenv(output_ready.READY_FD, raising=False)
    return folder


def test_a_write_takes_a_recycled_file_and_cuts_it_to_length(tmp_path, pool):
    (pool / "1-0").write_bytes(b"x" * 5000)
    inode = (pool / "1-0").stat().st_ino
    target = tmp_path / "site" / "index.html"
    write_files(tmp_path / "site", {"index.html": "the last build's page"})
    assert cache.write_if_changed(target, b"new page")
    assert target.read_bytes() == b"new page"
    assert target.stat().st_ino == inode
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert os.listdir(pool) == []
    assert [p.name for p in target.parent.iterdir()] == ["index.html"]


@pytest.mark.parametrize("size", [0, 7, 8, 9, 5000])
@pytest.mark.parametrize("mode", [0o600, 0o644, 0o755, 0o4644])
def test_a_recycled_file_of_any_length_and_mode_becomes_the_new_one(
    tmp_path, pool, size, mode
):
    recycled_file = pool / "1-0"
    recycled_file.write_bytes(b"x" * size)
    recycled_file.chmod(mode)
    inode = recycled_file.stat().st_ino
    target = tmp_path / "page.html"
    assert cache.write_if_changed(target, b"new page")  # 8 bytes
    assert target.read_bytes() == b"new page"
    assert target.stat().st_ino == inode
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert os.listdir(pool) == []


def test_a_recycled_file_with_another_name_is_never_written_through(tmp_path, pool):
    published = tmp_path / "published.html"
    published.write_text("what readers have")
    os.link(published, pool / "1-0")
    target = tmp_path / "page.html"
    assert cache.write_if_changed(target, b"new")
    assert published.read_text() == "what readers have"
    assert target.read_bytes() == b"new"
    assert not os.path.samefile(target, published)
    assert os.listdir(pool) == []  # its name there went; the file is intact


@pytest.mark.parametrize("kind", ["link", "fifo", "folder"])
def test_anything_but_a_regular_file_is_removed_not_opened(tmp_path, pool, kind):
    outside = tmp_path / "outside.html"
    outside.write_text("not ours to write")
    found = pool / "1-0"
    if kind == "link":
        found.symlink_to(outside)
    elif kind == "fifo":
        os.mkfifo(found)  # opened for writing, it would wait for a reader
    else:
        write_files(found, {"inside.html": "x"})
    target = tmp_path / "page.html"
    assert cache.write_if_changed(target, b"new")
    assert target.read_bytes() == b"new" and not target.is_symlink()
    assert outside.read_text() == "not ours to write"
    assert os.listdir(pool) == []


def test_a_file_another_process_took_is_skipped(tmp_path, pool):
    for name in ("1-0", "1-1"):
        (pool / name).write_bytes(b"old")
    recycled._names(str(pool))  # listed, then one taken by another process
    taken = sorted(os.listdir(pool))[0]
    os.unlink(pool / taken)
    (left,) = os.listdir(pool)
    inode = (pool / left).stat().st_ino
    target = tmp_path / "page.html"
    assert cache.write_if_changed(target, b"new")
    assert target.stat().st_ino == inode


def test_a_missing_folder_is_made_and_the_recycled_file_kept(tmp_path, pool):
    (pool / "1-0").write_bytes(b"old")
    target = tmp_path / "site" / "new" / "folder" / "page.html"
    assert cache.write_if_changed(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(pool) == ["1-0"]


def test_without_the_variable_files_are_made_new(tmp_path, pool, monkeypatch):
    monkeypatch.delenv(recycled.FOLDER_VARIABLE)
    (pool / "1-0").write_bytes(b"old")
    target = tmp_path / "page.html"
    cache.write_if_changed(target, b"new")
    assert os.listdir(pool) == ["1-0"]


def test_cache_entries_are_never_recycled_files(tmp_path, pool):
    (pool / "1-0").write_bytes(b"old")
    cache.write_sealed(tmp_path / "entry", b"payload")
    assert os.listdir(pool) == ["1-0"]


def test_the_mirror_moves_what_it_takes_out_into_the_folder(tmp_path):
    site, spare, folder = tmp_path / "site", tmp_path / "spare", tmp_path / "pool"
    write_files(site, {"kept.html": "k", "changed.html": "new", "en/a.html": "a"})
    clone_tree(str(site), str(spare))
    cache.write_atomic(spare / "changed.html", b"old")  # the build before
    write_files(spare, {"gone.html": "g", "gone/x.html": "x"})
    taken = {os.stat(spare / name).st_ino for name in ("changed.html", "gone.html")}
    folder.mkdir()
    mirror_tree(str(site), str(spare), recycle_into=str(folder))
    assert {os.stat(p).st_ino for p in folder.iterdir()} == taken
    clone = tmp_path / "clone"
    clone_tree(str(site), str(clone))
    assert {str(p.relative_to(spare)) for p in spare.rglob("*")} == {
        str(p.relative_to(clone)) for p in clone.rglob("*")
    }
    assert os.path.samefile(spare / "changed.html", site / "changed.html")


WRITING_COMMAND = """
import os, sys
from samizdat_contract import cache
from samizdat_contract.output_ready import wait_for_output
wait_for_output()
cache.write_if_changed(os.path.join(sys.argv[1], "index.html"), b"the new home")
"""


def test_make_html_hands_the_spare_s_replaced_files_to_the_writers(tmp_path):
    """The build before the last wrote index.html "older"; the last one
    "home". The mirror takes "older" out of the spare; this build's writer
    writes "the new home" into that very file, never into "home"."""
    output, spare = tmp_path / "site", tmp_path / "cache" / "spare"
    write_files(output, {"index.html": "home", "en/a.html": "a"})
    clone_tree(str(output), str(spare))
    cache.write_atomic(spare / "index.html", b"older")
    older = (spare / "index.html").stat().st_ino
    command = [sys.executable, "-c", textwrap.dedent(WRITING_COMMAND)]
    options = ["--output", str(output), "--spare", str(spare)]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "site_output",
            *options,
            "--",
            *command,
            f"{output}.partial",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (output / "index.html").read_bytes() == b"the new home"
    assert (output / "index.html").stat().st_ino == older
    assert (spare / "index.html").read_bytes() == b"home"  # the last output
    assert not os.path.exists(recycled_folder(str(spare)))
