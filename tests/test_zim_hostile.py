"""`make zim` on a hostile site tree: titles that hung, aborted or crashed
libzim now give a valid ZIM; a crash of libzim leaves nothing in dist/.

Before the fix a 6,600-character title hung or crashed libzim and left a
huge sparse file in dist/; titles carried HTML entities (`&lt;script&gt;`).
"""

import json
import os
import signal
import subprocess
import sys

import pytest
from conftest import ROOT, write_files
from hypothesis import given, settings
from hypothesis import strategies as st
from samizdat_bundle import zim
from samizdat_bundle.signing import CopyInfo

# libzim in child processes, Hypothesis.
pytestmark = pytest.mark.slow

HOSTILE_TITLES = {
    "words": ("word " * 1400).strip(),  # 7,000 characters: hung libzim
    "huge": "x " * 50_000,  # 100,000 characters: refused by libzim
    "cjk": "中" * 2000,  # segfaulted
    "dots": "…" * 300,  # one run of non-word characters: Xapian term limit
    "one-word": "a" * 6600,
    "markup": "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x202E;evil",
    "controls": "a\x00b\x1bc\u202ed\ne",
}


def page(title: str) -> str:
    return f"<!doctype html><html><head><title>{title}</title></head><body><p>Text.</p></body></html>"


def hostile_site(folder, site_name="Samizdat"):
    files = {f"en/{name}.html": page(title) for name, title in HOSTILE_TITLES.items()}
    files["index.html"] = page("Home")
    files["samizdat.json"] = json.dumps(
        {"site": site_name, "version": 1795953600, "date": "2026-11-29T12:00:00+00:00"}
    )
    write_files(folder, files)
    return folder


def test_hostile_titles_make_a_valid_zim_with_plain_bounded_titles(tmp_path):
    from libzim.reader import Archive

    site = hostile_site(tmp_path / "site", site_name="S" * 10_000)
    dist = tmp_path / "dist"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "samizdat_bundle",
            "zim",
            "--site",
            str(site),
            "--dist",
            str(dist),
            "--description",
            "d" * 100_000,
        ],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (path,) = dist.iterdir()  # the ZIM and nothing else: no partial, no index
    assert path.name == "s-1795953600.zim" or path.suffix == ".zim"
    check = subprocess.run(
        ["zimcheck", "-A", str(path)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
    archive = Archive(path)
    for name in HOSTILE_TITLES:
        title = archive.get_entry_by_path(f"en/{name}.html").title
        assert len(title.encode()) <= zim.ENTRY_TITLE_MAX_BYTES, name
        assert "&lt;" not in title and "&amp;" not in title
        assert not any(c in title for c in "\x00\x1b\u202e\n")
    assert (
        archive.get_entry_by_path("en/markup.html").title
        == "<script>alert(1)</script> & evil"
    )
    assert len(bytes(archive.get_metadata("Title")).decode()) <= 30
    assert len(bytes(archive.get_metadata("Description")).decode()) <= 80


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        ("crash", "crashed with SIGSEGV"),
        ("unbounded title", r"crashed with SIG|exit status 3|no end after"),
        ("size limit", "exit status 3"),
    ],
)
def test_a_libzim_failure_leaves_nothing_in_dist(
    tmp_path, monkeypatch, failure, message
):
    """The writer runs in a child process: a crash, libzim's own failure on
    an unbounded title (a segfault, an abort, an exception or an endless
    loop, depending on the heap) or a file growing past its limit (EFBIG: Python ignores
    SIGXFSZ) ends the child, and the parent removes all it wrote."""
    if failure == "crash":  # the child dies while libzim is writing
        monkeypatch.setattr(
            zim, "plain_title", lambda data: os.kill(os.getpid(), signal.SIGSEGV)
        )
    elif failure == "unbounded title":  # segfaults, aborts, raises or spins
        monkeypatch.setattr(zim, "plain_title", lambda data: "中" * 2000)
        monkeypatch.setattr(zim, "ZIM_SECONDS_SLACK", 20)
    else:
        monkeypatch.setattr(zim, "ZIM_SIZE_FACTOR", 0)
        monkeypatch.setattr(zim, "ZIM_SIZE_SLACK", 20_000)
    tree = {
        "index.html": page("Home").encode(),
        "en/a.html": page("A title").encode(),
    }
    metadata = zim.zim_metadata(
        CopyInfo("Samizdat", 1, "2026-11-29"), ["en"], "News archive"
    )
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "keep.zip").write_bytes(b"an older bundle")
    with pytest.raises(zim.ZimError, match=message):
        zim.write_zim(dist / "samizdat-1.zim", tree, metadata)
    assert [p.name for p in dist.iterdir()] == ["keep.zip"]


@settings(max_examples=200, deadline=None)
@given(text=st.text(), graphemes=st.integers(1, 100), max_bytes=st.integers(8, 400))
def test_bounded_text_never_exceeds_its_limits(text, graphemes, max_bytes):
    cut = zim.bounded(text, graphemes, max_bytes)
    assert len(zim._clusters(cut)) <= graphemes
    assert len(cut.encode("utf-8", "replace")) <= max_bytes
    if cut != text:
        assert cut.endswith(zim.ELLIPSIS)


@pytest.mark.parametrize(
    ("html", "title"),
    [
        (b"<title>A &amp; B</title>", "A & B"),
        (b"<TITLE>x &lt;b&gt; y</TITLE>", "x <b> y"),
        (b"<title>\n  two\n  lines  </title>", "two lines"),
        (b"<title>&#8238;rtl</title>", "rtl"),
        (b"<p>no title</p>", ""),
    ],
)
def test_plain_title_is_text(html, title):
    assert zim.plain_title(html) == title
