"""Hostile copies, zips and update packs: refused with one clear message,
within bounded memory, and never touching what the tool did not create.

The sites here are small trees written directly (a samizdat.json and a few
pages), so that each case runs in milliseconds; test_bundle.py does the same
on real Pelican builds.
"""

import contextlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, bundle_tool, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samizdat_bundle import bundle as bundle_module
from samizdat_bundle.archive import (
    MAX_FILE_BYTES,
    CopyError,
    TreeCopy,
    open_copy,
    read_tree,
    zip_into,
)
from samizdat_bundle.bundle import check_copy, make_bundle
from samizdat_bundle.cli import main as cli_main
from samizdat_bundle.cli import swap_in
from samizdat_bundle.manifest import MANIFEST_NAME, SIGNATURE_NAME, sha256
from samizdat_bundle.signing import (
    CopyInfo,
    public_key_text,
    sign,
)
from samizdat_bundle.updates import (
    CHANGES_NAME,
    CHANGES_SIGNATURE_NAME,
    MAX_CHANGES_BYTES,
    MalformedPack,
    UpdateError,
    apply_pack,
    make_pack,
)

OLD, NEW = 1795953600, 1796040000
# The command-line tool in processes, Hypothesis, a 2 GiB zip entry.
pytestmark = pytest.mark.slow

PAGE = "<!doctype html><title>Page {n}</title><p>Line one.</p>\n<p>Line {n}.</p>\n"


def site_tree(version: int, pages: int) -> dict[str, bytes]:
    tree = {
        f"en/page-{n}.html": PAGE.format(n=n if n % 2 else version).encode()
        for n in range(pages)
    }
    tree["index.html"] = (
        f"<!doctype html><title>Home</title><p>{version}</p>\n".encode()
    )
    tree["samizdat.json"] = json.dumps(
        {"site": "Samizdat", "version": version, "date": "2026-11-29T12:00:00+00:00"}
    ).encode()
    return tree


@pytest.fixture(scope="module")
def signed(tmp_path_factory, keys):
    """A signed bundle zip of a 4-page site, and its public key."""
    folder = tmp_path_factory.mktemp("signed")
    write_files(folder / "site", site_tree(OLD, 4))
    return make_bundle(folder / "site", folder / "dist", keys), public_key_text(
        keys.public
    )


def unpacked(zip_path: Path, into: Path) -> Path:
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(into)
    (copy,) = into.iterdir()
    return copy


# --- make verify: zips and folders -------------------------------------------


def test_zip_holding_a_name_twice_is_refused(signed, keys, tmp_path):
    bundle, _ = signed
    evil = tmp_path / "twice.zip"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(evil, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        name = f"samizdat-{OLD}/index.html"
        with pytest.warns(UserWarning, match="Duplicate name"):
            target.writestr(name, b"<p>the attacker's page, read by unzip -n</p>")
    done = bundle_tool("verify", evil, "--public-key", keys.public)
    assert done.returncode == 1
    assert f"the zip holds '{name}' twice" in done.stderr


def test_zip_with_a_2_gib_entry_is_refused_before_reading_it(signed, keys, tmp_path):
    """2 GiB of zeros compress to about 2 MB; the declared size is refused
    before a byte is inflated, with the verifier's memory measured."""
    bundle, _ = signed
    evil = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(evil, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        info = zipfile.ZipInfo(f"samizdat-{OLD}/en/huge.html")
        info.compress_type = zipfile.ZIP_DEFLATED
        zeros = bytes(16 * 1024 * 1024)
        with target.open(info, "w", force_zip64=True) as entry:
            for _ in range(128):
                entry.write(zeros)
    assert evil.stat().st_size < 5 * 1024 * 1024
    measured = subprocess.run(
        [
            sys.executable,
            "-c",
            "import resource, subprocess, sys\n"
            "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
            "print(done.returncode, peak)\n"
            "print(done.stderr)",
            sys.executable,
            "-m",
            "samizdat_bundle",
            "verify",
            str(evil),
            "--public-key",
            str(keys.public),
        ],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    status, peak_kib = measured.stdout.split("\n")[0].split()
    assert status == "1"
    assert f"declares {2**31} bytes" in measured.stdout
    assert int(peak_kib) < 200 * 1024, peak_kib  # KiB: under 200 MB, not 2 GB


def test_signature_is_checked_before_any_other_file_is_read(signed, monkeypatch):
    bundle, key = signed
    opened = []
    with open_copy(bundle) as copy:
        tree = {name: copy.read(name) for name in copy.names}
    tree[MANIFEST_NAME] = tree[MANIFEST_NAME].replace(b"index", b"indey")
    with open_copy(bundle) as copy:
        monkeypatch.setattr(copy, "digest", lambda name: opened.append(name))
        monkeypatch.setattr(copy, "read", lambda name, limit=0: tree[name])
        _, problems = check_copy(copy, key)
    assert problems == [
        "signature: signature is not valid: the manifest or the signed comment "
        "was changed"
    ]
    assert opened == []


@pytest.mark.parametrize(
    "name",
    ["../outside.html", "/etc/evil.html", "a/../../x.html", "C:/x.html", "a\\b.html"],
)
def test_zip_entry_outside_the_copy_is_refused_and_named(signed, keys, tmp_path, name):
    evil = tmp_path / "escape.zip"
    with zipfile.ZipFile(evil, "w") as target:
        target.writestr("samizdat/index.html", b"x")
        target.writestr(name, b"x")
    done = bundle_tool("verify", evil, "--public-key", keys.public)
    assert done.returncode == 1
    assert "unsafe file name" in done.stderr and repr(name)[1:-1] in done.stderr


@pytest.mark.parametrize("kind", ["symlink", "fifo", "link to a folder"])
def test_links_and_special_files_in_a_folder_are_refused(signed, keys, tmp_path, kind):
    bundle, _ = signed
    copy = unpacked(bundle, tmp_path / "copy")
    target = copy / "en" / "planted.html"
    if kind == "symlink":
        target.symlink_to(copy / "index.html")
    elif kind == "fifo":
        os.mkfifo(target)  # reading it would hang the check
    else:
        target.symlink_to(tmp_path, target_is_directory=True)
    done = bundle_tool("verify", copy, "--public-key", keys.public)
    assert done.returncode == 1
    assert "en/planted.html is not a regular file" in done.stderr


def test_added_file_in_a_folder_is_named(signed, keys, tmp_path):
    bundle, _ = signed
    copy = unpacked(bundle, tmp_path / "copy")
    write_files(copy, {"search/t/7a_7a.js": "window.PWNED = 1;"})
    done = bundle_tool("verify", copy, "--public-key", keys.public)
    assert done.returncode == 1
    assert "extra file (not in the manifest): search/t/7a_7a.js" in done.stderr


# --- make bundle: a kill at any point leaves a consistent dist/ ----------------


class Killed(BaseException):
    """Stands for SIGKILL between two steps."""


def visible_state(dist: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes() for p in dist.iterdir() if not p.name.startswith(".")
    }


def assert_consistent(dist: Path, key: str) -> None:
    state = visible_state(dist)
    stem = f"samizdat-{OLD}"
    zip_name, manifest, signature = (
        f"{stem}.zip",
        f"{stem}.{MANIFEST_NAME}",
        f"{stem}.{SIGNATURE_NAME}",
    )
    if zip_name in state:
        assert manifest in state, state.keys()
        inside = read_tree(dist / zip_name)
        assert inside[MANIFEST_NAME] == state[manifest]
    if manifest in state:
        assert signature in state, state.keys()
        from samizdat_bundle.signing import verify

        verify(state[manifest], state[signature], key)


def test_killed_bundle_never_shows_a_manifest_without_its_signature(
    tmp_path, keys, monkeypatch
):
    key = public_key_text(keys.public)
    write_files(tmp_path / "site", site_tree(OLD, 3))
    dist = tmp_path / "dist"
    renames = []
    real_replace = os.replace

    def recording_replace(source, target):
        real_replace(source, target)
        renames.append(Path(target).name)
        assert_consistent(dist, key)

    monkeypatch.setattr(bundle_module.os, "replace", recording_replace)
    make_bundle(tmp_path / "site", dist, keys)
    assert renames == [
        f"samizdat-{OLD}.{SIGNATURE_NAME}",
        f"samizdat-{OLD}.{MANIFEST_NAME}",
        f"samizdat-{OLD}.zip",
    ]
    # A kill before each rename, over an older bundle of the same version
    # made from other content: every state left behind is consistent.
    for kill_at in range(3):
        write_files(tmp_path / "site", {"index.html": f"changed {kill_at}"})
        calls = []

        def killing_replace(source, target, kill_at=kill_at, calls=calls):
            if len(calls) == kill_at:
                raise Killed
            calls.append(target)
            real_replace(source, target)

        monkeypatch.setattr(bundle_module.os, "replace", killing_replace)
        with pytest.raises(Killed):
            make_bundle(tmp_path / "site", dist, keys)
        assert_consistent(dist, key)
        assert sorted(p.name for p in dist.iterdir() if p.name.startswith(".")) == []


# --- apply-update ---------------------------------------------------------------


@pytest.fixture(scope="module")
def update(tmp_path_factory, keys, signed):
    """A signed pack from the bundle to a newer 6-page site, as a tree."""
    bundle, _ = signed
    installed = read_tree(bundle)
    new_tree = site_tree(NEW, 6)
    pack, new_manifest = make_pack(installed[MANIFEST_NAME], new_tree, installed)
    info = CopyInfo(
        "Samizdat", NEW, "2026-11-30", base=sha256(installed[MANIFEST_NAME])
    )
    pack[SIGNATURE_NAME] = sign(new_manifest, keys.secret, info)
    pack[CHANGES_SIGNATURE_NAME] = sign(pack[CHANGES_NAME], keys.secret, info)
    return pack, info, installed, new_tree


def write_pack(path: Path, pack: dict[str, bytes]) -> Path:
    with open(path, "wb") as handle:
        zip_into(handle, pack, NEW, root="pack")
    return path


def test_pack_applies_and_keeps_a_sibling_it_did_not_create(update, keys, tmp_path):
    pack, _, _, new_tree = update
    bundle_zip = tmp_path / "bundle.zip"
    with open(bundle_zip, "wb") as handle:
        zip_into(handle, update[2], OLD, root="samizdat")
    copy = unpacked(bundle_zip, tmp_path / "unpacked")
    # Folders beside the copy that look like the tool's own: never touched.
    keep = {".samizdat.old/notes.txt": "mine", ".samizdat.update-x/a.txt": "mine too"}
    write_files(copy.parent, keep)
    done = bundle_tool(
        "apply-update",
        write_pack(tmp_path / "pack.zip", pack),
        "--copy",
        copy,
        "--public-key",
        keys.public,
    )
    assert done.returncode == 0, done.stderr
    updated = read_tree(copy)
    assert {
        p: d for p, d in updated.items() if p not in (MANIFEST_NAME, SIGNATURE_NAME)
    } == new_tree
    for name, text in keep.items():
        assert (copy.parent / name).read_text() == text
    assert sorted(p.name for p in copy.parent.iterdir()) == sorted(
        [".samizdat.old", ".samizdat.update-x", "samizdat"]
    )


def test_a_failed_swap_leaves_the_copy_and_nothing_else(tmp_path):
    copy = tmp_path / "samizdat"
    write_files(copy, {"index.html": "old"})
    # "a" both a file and a folder: writing the new tree fails half-way.
    with pytest.raises(OSError):
        swap_in(copy, {"a": b"file", "a/b.html": b"under a file"})
    assert read_tree(copy) == {"index.html": b"old"}
    assert [p.name for p in tmp_path.iterdir()] == ["samizdat"]


def resigned(pack: dict, changes, keys, info) -> dict:
    """`pack` with changes.json replaced by `changes`, validly signed."""
    pack = dict(pack)
    data = changes if isinstance(changes, bytes) else json.dumps(changes).encode()
    pack[CHANGES_NAME] = data
    pack[CHANGES_SIGNATURE_NAME] = sign(data, keys.secret, info)
    return pack


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (b"{not json", "changes.json is not JSON"),
        ([], "changes.json is not a JSON object"),
        ({"base": "x"}, "'deleted' is missing or not a JSON list"),
        (
            {"base": "x", "deleted": "all", "substitutions": {}, "deltas": {}},
            "'deleted' is missing or not a JSON list",
        ),
        (
            {"base": "x", "deleted": [7], "substitutions": {}, "deltas": {}},
            "deleted: 7 is not a path",
        ),
        (
            {"base": "x", "deleted": ["../../home"], "substitutions": {}, "deltas": {}},
            "unsafe file name '../../home'",
        ),
        (
            {"base": "x", "deleted": [], "substitutions": {}, "deltas": {"/etc/x": []}},
            "unsafe file name '/etc/x'",
        ),
        (
            {
                "base": "x",
                "deleted": [],
                "substitutions": {},
                "deltas": {},
                "manifest": [[0, "9"]],
            },
            "the delta for manifest is malformed",
        ),
        (
            {
                "base": "x",
                "deleted": [],
                "substitutions": {},
                "deltas": {},
                "manifest": [[0, 99999]],
            },
            "past the file's end",
        ),
    ],
)
def test_malformed_signed_changes_give_one_clear_refusal(
    update, keys, tmp_path, change, message
):
    pack, info, installed, _ = update
    broken = resigned(pack, change, keys, info)
    with pytest.raises(
        MalformedPack, match=message.replace("(", r"\(").replace("[", r"\[")
    ):
        apply_pack(broken, installed, public_key_text(keys.public))
    copy = tmp_path / "copy"
    write_files(copy, installed)
    done = bundle_tool(
        "apply-update",
        write_pack(tmp_path / "p.zip", broken),
        "--copy",
        copy,
        "--public-key",
        keys.public,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert done.stderr.startswith("refused: ") and message in done.stderr
    assert read_tree(copy) == installed


@pytest.mark.parametrize(
    ("entry", "named"),
    [
        ("/abs.html", "'abs.html'"),
        ("../up.html", "'../up.html'"),
        ("x/../../y", "'x/../../y'"),
    ],
)
def test_pack_entries_outside_the_copy_are_named(update, keys, tmp_path, entry, named):
    pack, _, installed, _ = update
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as target:
        for name, data in pack.items():
            target.writestr(f"pack/{name}", data)
        target.writestr(entry, b"x")
    copy = tmp_path / "copy"
    write_files(copy, installed)
    done = bundle_tool(
        "apply-update", evil, "--copy", copy, "--public-key", keys.public
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "unsafe file name" in done.stderr
    assert entry.lstrip("/") in done.stderr or named in done.stderr


def test_not_a_zip_and_huge_changes_are_refused_before_reading(update, keys, tmp_path):
    pack, _, installed, _ = update
    copy = tmp_path / "copy"
    write_files(copy, installed)
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    done = bundle_tool(
        "apply-update", junk, "--copy", copy, "--public-key", keys.public
    )
    assert done.returncode == 2 and done.stderr.startswith("refused: ")
    assert "is not a readable zip" in done.stderr
    # A 200 MB changes.json compresses to a few hundred KB.
    huge = dict(pack)
    huge[CHANGES_NAME] = b" " * (MAX_CHANGES_BYTES + 1)
    path = write_pack(tmp_path / "huge.zip", huge)
    assert path.stat().st_size < 1024 * 1024
    with open_copy(path) as opened, pytest.raises(MalformedPack, match="declares"):
        apply_pack(opened, installed, public_key_text(keys.public))


def test_files_too_large_for_a_copy_are_refused_by_declared_size(tmp_path):
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w") as target:
        info = zipfile.ZipInfo("copy/a.html")
        info.compress_type = zipfile.ZIP_DEFLATED
        with target.open(info, "w", force_zip64=True) as entry:
            for _ in range(MAX_FILE_BYTES // (16 * 1024 * 1024) + 1):
                entry.write(bytes(16 * 1024 * 1024))
    with pytest.raises(CopyError, match="declares"):
        open_copy(path)


def test_a_pack_file_the_manifest_does_not_sign_is_refused_unread(update, keys):
    """A validly signed pack whose files/ entry was swapped: hashed in chunks
    and refused before it is held in memory."""
    pack, _, installed, _ = update
    name = next(n for n in sorted(pack) if n.startswith("files/"))
    forged = TreeCopy({**pack, name: b"planted"})
    read = []
    real_read = forged.read
    forged.read = lambda n, limit=MAX_FILE_BYTES: read.append(n) or real_read(n, limit)
    with pytest.raises(UpdateError, match="is not the file the new manifest signs"):
        apply_pack(forged, installed, public_key_text(keys.public))
    assert name not in read


def test_an_entry_longer_than_it_declares_is_cut_at_its_declared_size(tmp_path):
    """The central directory says 10 bytes, the data inflates to 1 MiB: the
    read stops at 10 bytes and the entry is refused, never read whole."""
    path = tmp_path / "lying.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("copy/a.html", bytes(1024 * 1024))
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with open_copy(path) as copy:
        assert copy.size("a.html") == 10
        with pytest.raises(CopyError, match=r"a\.html: Bad CRC-32"):
            copy.read("a.html")


# --- fuzzing: only UpdateError, never another exception ---------------------------


def json_containers(inner):
    return st.lists(inner, max_size=4) | st.dictionaries(
        st.text(max_size=8), inner, max_size=4
    )


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    json_containers,
    max_leaves=12,
)
PATHS = st.sampled_from(
    [
        "index.html",
        "en/page-1.html",
        "new.html",
        "../x",
        "/abs",
        "",
        "a//b",
        "C:x",
        "en",
    ]
)
DELTAS = st.lists(
    st.one_of(
        st.lists(st.integers(-2, 40), min_size=2, max_size=2),
        st.lists(st.text(max_size=10), min_size=1, max_size=1),
        JSON,
    ),
    max_size=4,
)


@st.composite
def changes_documents(draw, real: dict):
    """Real changes.json with keys dropped, replaced or added."""
    changes = dict(real)
    for key in draw(st.lists(st.sampled_from([*sorted(real), "extra"]), max_size=3)):
        kind = draw(st.sampled_from(["drop", "json", "paths", "deltas"]))
        if kind == "drop":
            changes.pop(key, None)
        elif kind == "json":
            changes[key] = draw(JSON)
        elif kind == "paths":
            changes[key] = draw(st.lists(PATHS, max_size=3))
        else:
            changes[key] = draw(st.dictionaries(PATHS, DELTAS, max_size=3))
    return changes


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_fuzzed_signed_packs_only_ever_raise_update_error(update, keys, data):
    pack, info, installed, _ = update
    real = json.loads(pack[CHANGES_NAME])
    document = data.draw(
        st.one_of(changes_documents(real), JSON, st.binary(max_size=40)),
        label="changes",
    )
    fuzzed = resigned(
        pack,
        document if isinstance(document, bytes) else json.dumps(document).encode(),
        keys,
        info,
    )
    for name in data.draw(
        st.lists(st.sampled_from(sorted(pack)), max_size=2), label="drop"
    ):
        fuzzed.pop(name, None)
    extra = data.draw(
        st.dictionaries(
            st.sampled_from(
                ["files/new.html", "files/index.html", "files/en", "other"]
            ),
            st.binary(max_size=20),
            max_size=2,
        ),
        label="add",
    )
    fuzzed.update(extra)
    with contextlib.suppress(UpdateError):
        apply_pack(fuzzed, installed, public_key_text(keys.public))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(blob=st.binary(max_size=400), cut=st.integers(0, 2000))
def test_fuzzed_pack_files_give_exit_status_1_or_2(
    update, keys, tmp_path_factory, blob, cut
):
    """Raw bytes, or a real pack cut short or with bytes spliced in: the CLI
    answers 1 or 2 and one line, never a traceback."""
    pack, _, installed, _ = update
    folder = tmp_path_factory.mktemp("fuzz")
    real = write_pack(folder / "real.zip", pack).read_bytes()
    path = folder / "pack.zip"
    path.write_bytes(real[:cut] + blob + real[cut + len(blob) :] if cut % 2 else blob)
    copy = folder / "copy"
    write_files(copy, installed)
    status = cli_main(
        [
            "apply-update",
            str(path),
            "--copy",
            str(copy),
            "--public-key",
            str(keys.public),
        ]
    )
    assert status in (0, 1, 2)
    if status:  # refused: the copy is as it was
        assert read_tree(copy) == installed
    else:  # the bytes changed were not read (padding) or the same
        assert read_tree(copy) == read_tree(folder / "copy")
        assert read_tree(copy)["index.html"] == update[3]["index.html"]


def test_zip_needing_an_unknown_zip_version_is_refused(tmp_path):
    """zipfile raises NotImplementedError, not BadZipFile, for an entry that
    declares a newer zip version: still a CopyError naming the file."""
    path = tmp_path / "pack.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("pack/changes.json", b"{}")
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 64  # version needed to extract: 6.4
    path.write_bytes(bytes(data))
    with pytest.raises(CopyError, match="not a readable zip"):
        open_copy(path)
