"""Bundles, verification, update packs and the ZIM, on real builds."""

import socket
import subprocess
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, bundle_tool, run_pelican, write_files
from samizdat_bundle.archive import read_tree, write_atomically, write_zip
from samizdat_bundle.bundle import check_copy, make_bundle
from samizdat_bundle.manifest import MANIFEST_NAME, SIGNATURE_NAME
from samizdat_bundle.signing import KeyFiles, create_keys, public_key_text, sign
from samizdat_bundle.updates import (
    CHANGES_NAME,
    CHANGES_SIGNATURE_NAME,
    UpdateError,
    apply_pack,
    make_pack,
)

# Whole builds, the command-line tool in processes, minisign, zimcheck, Kiwix.
pytestmark = pytest.mark.slow

EPOCH = 1795953600
BODY = "The first paragraph says what happened.\n\nThe second one quotes a witness.\n"


@pytest.fixture(scope="module")
def other_keys(tmp_path_factory) -> KeyFiles:
    files = KeyFiles.in_folder(tmp_path_factory.mktemp("other-keys"))
    create_keys(files)
    return files


def build(folder: Path, keys: KeyFiles, epoch: int, count: int = 6) -> Path:
    """A small site of `count` articles, built as of `epoch`."""
    files = {
        f"{n:03d}_{n:016x}.txt": f"Title: Article number {n}\nDate: 2026-10-{n + 1:02d}\n\n"
        + BODY.replace("happened", f"happened on day {n}")
        for n in range(count)
    }
    files["pages/verify.md"] = (ROOT / "content" / "pages" / "verify.md").read_text()
    write_files(folder / "content", files)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        run_pelican(
            folder / "content",
            folder / "output",
            SAMIZDAT_BUNDLE_KEY_DIR=str(keys.secret.parent),
        )
    return folder / "output"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, keys) -> Path:
    folder = tmp_path_factory.mktemp("site")
    return make_bundle(build(folder, keys, EPOCH), folder / "dist", keys)


def test_bundle_layout_and_reproducibility(bundle, keys, tmp_path):
    assert bundle.name == f"samizdat-{EPOCH}.zip"
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert all(n.startswith(f"samizdat-{EPOCH}/") for n in names)
        assert {i.date_time for i in archive.infolist()} == {(2026, 11, 29, 12, 0, 0)}
        contents = b"".join(archive.read(n) for n in names)
    assert f"samizdat-{EPOCH}/{MANIFEST_NAME}" in names
    assert f"samizdat-{EPOCH}/{SIGNATURE_NAME}" in names
    assert (bundle.parent / f"samizdat-{EPOCH}.{SIGNATURE_NAME}").is_file()
    # No build-machine path, and never the secret key.
    assert str(bundle.parent.parent).encode() not in contents
    assert keys.secret.read_bytes().splitlines()[1] not in contents
    # Same input, same bytes: rebuild from scratch and bundle again.
    again = make_bundle(build(tmp_path, keys, EPOCH), tmp_path / "dist", keys)
    assert again.read_bytes() == bundle.read_bytes()


def test_verify_page_shows_key_version_and_date(bundle, keys):
    page = read_tree(bundle)["pages/verify.html"].decode()
    assert public_key_text(keys.public) in page
    assert f"version {EPOCH}" in page and "November 29, 2026" in page


def test_untouched_bundle_passes_ours_and_stock_minisign(bundle, keys, tmp_path):
    info, problems = check_copy(read_tree(bundle), public_key_text(keys.public))
    assert problems == [] and info.version == EPOCH and info.site == "Samizdat"
    done = bundle_tool("verify", str(bundle), "--key-dir", str(keys.secret.parent))
    assert done.returncode == 0, done.stderr
    stock = subprocess.run(
        [
            "minisign",
            "-Vm",
            str(bundle.parent / f"samizdat-{EPOCH}.{MANIFEST_NAME}"),
            "-P",
            public_key_text(keys.public),
        ],
        capture_output=True,
        text=True,
    )
    assert stock.returncode == 0, stock.stderr
    assert f"version:{EPOCH}" in stock.stdout and "site:Samizdat" in stock.stdout
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path)
    unpacked = tmp_path / f"samizdat-{EPOCH}"
    assert (
        bundle_tool(
            "verify", str(unpacked), "--key-dir", str(keys.secret.parent)
        ).returncode
        == 0
    )
    inside = subprocess.run(
        ["minisign", "-Vm", MANIFEST_NAME, "-P", public_key_text(keys.public)],
        cwd=unpacked,
        capture_output=True,
        text=True,
    )
    assert inside.returncode == 0
    sums = subprocess.run(
        ["sha256sum", "-c", "--quiet", MANIFEST_NAME],
        cwd=unpacked,
        capture_output=True,
        text=True,
    )
    assert sums.returncode == 0 and sums.stdout == ""


def tampered(tree, change):
    tree = dict(tree)
    change(tree)
    return tree


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda t: t.__setitem__("index.html", t["index.html"][:-1] + b"X"),
            "changed file: index.html",
        ),
        (lambda t: t.pop("pages/verify.html"), "missing file: pages/verify.html"),
        (
            lambda t: t.__setitem__("ko/extra.html", b"<p>planted</p>"),
            "extra file (not in the manifest): ko/extra.html",
        ),
        (
            lambda t: t.__setitem__(
                MANIFEST_NAME, t[MANIFEST_NAME].replace(b"  index", b"  indey")
            ),
            "signature: signature is not valid",
        ),
    ],
)
def test_tampering_is_named(bundle, keys, change, message):
    _, problems = check_copy(
        tampered(read_tree(bundle), change), public_key_text(keys.public)
    )
    assert any(message in problem for problem in problems), problems


def test_replaced_signature_and_wrong_key_fail(bundle, keys, other_keys, tmp_path):
    tree = read_tree(bundle)
    info, _ = check_copy(tree, public_key_text(keys.public))
    forged = dict(tree)
    forged[SIGNATURE_NAME] = sign(tree[MANIFEST_NAME], other_keys.secret, info)
    _, problems = check_copy(forged, public_key_text(keys.public))
    assert problems == [
        "signature: signed with a different key than the public key given"
    ]
    _, problems = check_copy(tree, public_key_text(other_keys.public))
    assert problems == [
        "signature: signed with a different key than the public key given"
    ]
    done = bundle_tool("verify", str(bundle), "--public-key", str(other_keys.public))
    assert done.returncode == 1 and "different key" in done.stderr


def test_cli_names_each_problem_and_fails(bundle, keys, tmp_path):
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path)
    copy = tmp_path / f"samizdat-{EPOCH}"
    (copy / "index.html").write_bytes(b"changed")
    (copy / "404.html").unlink()
    (copy / "new.html").write_text("x")
    done = bundle_tool("verify", str(copy), "--key-dir", str(keys.secret.parent))
    assert done.returncode == 1
    for line in [
        "changed file: index.html",
        "missing file: 404.html",
        "extra file (not in the manifest): new.html",
    ]:
        assert line in done.stderr


def test_older_copy_is_refused_as_newer(bundle, keys):
    _, problems = check_copy(read_tree(bundle), public_key_text(keys.public), EPOCH + 1)
    assert problems == [
        f"version {EPOCH} is older than {EPOCH + 1}: an older copy presented as newer"
    ]


@pytest.fixture(scope="module")
def update(tmp_path_factory, keys, bundle):
    """A pack from the 6-article bundle to a 9-article build one day later."""
    folder = tmp_path_factory.mktemp("newer")
    new_site = build(folder, keys, EPOCH + 86400, count=9)
    return update_pack(bundle, new_site, folder / "dist", keys), new_site


def update_pack(bundle, new_site, dist, keys, *options) -> Path:
    """`python -m samizdat_bundle update-pack` from `bundle` to `new_site`."""
    done = bundle_tool(
        "update-pack",
        *options,
        "--since",
        str(bundle.parent / f"samizdat-{EPOCH}.{MANIFEST_NAME}"),
        "--site",
        str(new_site),
        "--dist",
        str(dist),
        "--key-dir",
        str(keys.secret.parent),
    )
    assert done.returncode == 0, done.stderr
    (pack,) = dist.glob("*.update-from-*.zip")
    return pack


def test_update_pack_rebuilds_the_new_copy_exactly(update, bundle, keys, tmp_path):
    pack, new_site = update
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path)
    copy = tmp_path / f"samizdat-{EPOCH}"
    done = bundle_tool(
        "apply-update",
        str(pack),
        "--copy",
        str(copy),
        "--key-dir",
        str(keys.secret.parent),
    )
    assert done.returncode == 0, done.stderr
    updated = read_tree(copy)
    expected = read_tree(new_site)
    assert {
        p: d for p, d in updated.items() if p not in (MANIFEST_NAME, SIGNATURE_NAME)
    } == expected
    info, problems = check_copy(updated, public_key_text(keys.public))
    assert problems == [] and info.version == EPOCH + 86400
    # 6 -> 9 articles changes much of so small a site; bench/update.py
    # measures the realistic case.
    assert pack.stat().st_size < bundle.stat().st_size


def test_update_pack_for_another_copy_or_going_back_is_refused(update, bundle, keys):
    pack, new_site = update
    installed = read_tree(bundle)
    other = dict(installed)
    other[MANIFEST_NAME] = installed[MANIFEST_NAME] + b"0" * 64 + b"  x.html\n"
    with pytest.raises(UpdateError, match="this pack updates a different copy"):
        apply_pack(read_tree(pack), other, public_key_text(keys.public))
    # A pack whose version is not higher than the installed copy's.
    stale, stale_manifest = make_pack(
        installed[MANIFEST_NAME], read_tree(new_site), installed
    )
    info, _ = check_copy(installed, public_key_text(keys.public))
    from samizdat_bundle.manifest import sha256
    from samizdat_bundle.signing import CopyInfo

    stale_info = CopyInfo(
        info.site, info.version, info.date, base=sha256(installed[MANIFEST_NAME])
    )
    stale[SIGNATURE_NAME] = sign(stale_manifest, keys.secret, stale_info)
    stale[CHANGES_SIGNATURE_NAME] = sign(stale[CHANGES_NAME], keys.secret, stale_info)
    with pytest.raises(UpdateError, match="versions only go up"):
        apply_pack(stale, installed, public_key_text(keys.public))


def test_write_atomically_leaves_nothing_when_interrupted(tmp_path):
    target = tmp_path / "dist" / "copy.zip"

    def fail(handle):
        handle.write(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, fail)
    assert list((tmp_path / "dist").iterdir()) == []
    write_zip(target, {"a.html": b"a"}, EPOCH, root="x")
    assert read_tree(target) == {"a.html": b"a"}


def test_keys_command_refuses_to_overwrite_and_ensure_key_warns(tmp_path):
    folder = tmp_path / "keys"
    warned = bundle_tool("ensure-key", "--key-dir", str(folder))
    assert warned.returncode == 0 and "THROWAWAY TEST KEY" in warned.stderr
    made = bundle_tool("keys", "--key-dir", str(folder))  # replaces the test key
    assert made.returncode == 0, made.stderr
    assert (folder / "samizdat.key").stat().st_mode & 0o777 == 0o600
    again = bundle_tool("keys", "--key-dir", str(folder))
    assert again.returncode == 1 and "already exists" in again.stderr
    quiet = bundle_tool("ensure-key", "--key-dir", str(folder))
    assert "THROWAWAY" not in quiet.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_zim_passes_zimcheck_and_serves_in_kiwix(bundle, tmp_path):
    from libzim.reader import Archive

    site = bundle.parent.parent / "output"
    done = bundle_tool("zim", "--site", str(site), "--dist", str(tmp_path))
    assert done.returncode == 0, done.stderr
    zim = tmp_path / f"samizdat-{EPOCH}.zim"
    archive = Archive(zim)
    assert archive.main_entry.get_item().path == "index.html"
    assert archive.has_fulltext_index
    for name in [
        "Name",
        "Title",
        "Creator",
        "Publisher",
        "Date",
        "Description",
        "Language",
        "Illustration_48x48@1",
    ]:
        assert name in archive.metadata_keys, name
    assert bytes(archive.get_metadata("Language")) == b"eng"
    check = subprocess.run(["zimcheck", "-A", str(zim)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    port = free_port()
    server = subprocess.Popen(
        ["kiwix-serve", "--address=127.0.0.1", f"--port={port}", str(zim)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = None
        for _ in range(200):
            try:
                url = (
                    f"http://127.0.0.1:{port}/samizdat-{EPOCH}/en/article-number-3.html"
                )
                page = urllib.request.urlopen(url, timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert page is not None and "<h1>Article number 3</h1>" in page
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_interrupted_make_html_keeps_the_old_output(tmp_path):
    articles = tmp_path / "articles"
    write_files(articles, {"a.txt": "Headline words here\n\n" + BODY})
    output = tmp_path / "site"
    command = ["make", "-s", "html", f"INPUTDIR={articles}", f"OUTPUTDIR={output}"]
    assert subprocess.run(command, cwd=ROOT, capture_output=True).returncode == 0
    before = read_tree(output)
    (articles / "b.txt").write_bytes(b"")
    failed = subprocess.run([*command, "STRICT=1"], cwd=ROOT, capture_output=True)
    assert failed.returncode != 0
    assert read_tree(output) == before


def test_whole_files_pack_applies_by_hand(bundle, keys, tmp_path):
    """The documented manual steps: delete what changes.json lists, copy files/."""
    import json

    new_site = build(tmp_path / "newer", keys, EPOCH + 86400, count=7)
    pack = update_pack(bundle, new_site, tmp_path / "packs", keys, "--whole-files")
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path / "reader")
    copy = tmp_path / "reader" / f"samizdat-{EPOCH}"
    with zipfile.ZipFile(pack) as archive:
        archive.extractall(tmp_path / "unpacked")
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    changes = json.loads((unpacked / "changes.json").read_text())
    assert changes["deltas"] == {} and changes["substitutions"] == {}
    for path in changes["deleted"]:
        (copy / path).unlink()
    for file in (unpacked / "files").rglob("*"):
        if file.is_file():
            target = copy / file.relative_to(unpacked / "files")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.read_bytes())
    for name in (MANIFEST_NAME, SIGNATURE_NAME):
        (copy / name).write_bytes((unpacked / name).read_bytes())
    verified = bundle_tool("verify", str(copy), "--key-dir", str(keys.secret.parent))
    assert verified.returncode == 0, verified.stderr
