"""Update packs: the new and changed files between two copies, signed.

A pack is a zip holding:
    MANIFEST.sha256, MANIFEST.sha256.minisig  the new copy's, signed, with
                                              base:<sha256 of the old manifest>
    changes.json  {"deleted": [path], "deltas": {path: Delta}}
    files/<path>  new files, and changed files a delta would not shrink

Applying it to an unpacked older copy checks the signature, that the copy is
the pack's base, that the version goes up, then rebuilds the new tree in a
temporary folder, checks every file against the new manifest and only then
swaps it in.

Data shapes:
    make_pack(old_manifest: bytes, new_tree: Tree) -> Tree (the pack's files)
    apply_pack(pack: Tree, installed: Tree, public_key) -> (Tree, CopyInfo)
"""

import json

from .delta import apply_delta, make_delta
from .manifest import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    compare,
    format_manifest,
    manifest_of,
    parse_manifest,
    sha256,
)
from .signing import CopyInfo, SignatureError, verify

CHANGES_NAME = "changes.json"
FILES_PREFIX = "files/"


class UpdateError(ValueError):
    """The pack cannot be applied to this copy; the message says why."""


def make_pack(
    old_manifest: bytes, new_tree: dict[str, bytes], old_tree: dict[str, bytes]
) -> dict[str, bytes]:
    """The pack's files, except its signature (the caller signs the manifest)."""
    old = parse_manifest(old_manifest)
    new = manifest_of(new_tree)
    pack: dict[str, bytes] = {}
    deltas = {}
    for path, digest in sorted(new.items()):
        if old.get(path) == digest:
            continue
        delta = None
        if path in old and path in old_tree:
            delta = make_delta(old_tree[path], new_tree[path])
        if delta is not None and len(json.dumps(delta)) < len(new_tree[path]):
            deltas[path] = delta
        else:
            pack[FILES_PREFIX + path] = new_tree[path]
    changes = {"deleted": sorted(set(old) - set(new)), "deltas": deltas}
    pack[CHANGES_NAME] = json.dumps(
        changes, ensure_ascii=False, sort_keys=True
    ).encode()
    pack[MANIFEST_NAME] = format_manifest(new)
    return pack


def apply_pack(
    pack: dict[str, bytes], installed: dict[str, bytes], public_key: str
) -> tuple[dict[str, bytes], CopyInfo]:
    try:
        info = verify(pack[MANIFEST_NAME], pack[SIGNATURE_NAME], public_key)
    except KeyError as error:
        raise UpdateError(f"not an update pack: no {error.args[0]}") from error
    except SignatureError as error:
        raise UpdateError(f"update pack signature: {error}") from error
    if MANIFEST_NAME not in installed or SIGNATURE_NAME not in installed:
        raise UpdateError(f"the installed copy has no {MANIFEST_NAME} and signature")
    base = sha256(installed[MANIFEST_NAME])
    if info.base != base:
        raise UpdateError(
            f"this pack updates a different copy (base {info.base}); "
            f"the installed copy's manifest is {base}"
        )
    current = verify(installed[MANIFEST_NAME], installed[SIGNATURE_NAME], public_key)
    if info.version <= current.version:
        raise UpdateError(
            f"refusing to go from version {current.version} to {info.version}: "
            "versions only go up"
        )

    changes = json.loads(pack[CHANGES_NAME])
    tree = {p: d for p, d in installed.items() if p not in changes["deleted"]}
    for path, delta in changes["deltas"].items():
        tree[path] = apply_delta(installed[path], delta)
    for name, data in pack.items():
        if name.startswith(FILES_PREFIX):
            tree[name[len(FILES_PREFIX) :]] = data
    tree[MANIFEST_NAME] = pack[MANIFEST_NAME]
    tree[SIGNATURE_NAME] = pack[SIGNATURE_NAME]
    differences = compare(parse_manifest(pack[MANIFEST_NAME]), tree)
    if differences:
        raise UpdateError(
            "the updated copy does not match the new manifest: "
            + "; ".join(differences.messages()[:10])
        )
    return tree, info
