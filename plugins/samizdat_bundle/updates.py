"""Update packs: the new and changed files between two copies, signed.

A pack is a zip holding:
    MANIFEST.sha256, MANIFEST.sha256.minisig  the new copy's, signed, with
                                              base:<sha256 of the old manifest>
    changes.json  {"deleted": [path], "substitutions": {old line: new line},
                   "deltas": {path: Delta}}; substitutions apply to every
                   file first, then each delta to its (substituted) file
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

from .delta import (
    apply_delta,
    common_replacements,
    make_delta,
    replaced_lines,
    substitute,
)
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
    old_manifest: bytes,
    new_tree: dict[str, bytes],
    old_tree: dict[str, bytes],
    whole_files: bool = False,
) -> dict[str, bytes]:
    """The pack's files, except its signature (the caller signs the manifest).

    Without the old copy's files (`old_tree` empty) or with `whole_files`,
    every new or changed file goes in whole: such a pack can be applied by
    hand (delete the listed files, copy files/ over the copy).
    """
    old = parse_manifest(old_manifest)
    new = manifest_of(new_tree)
    changed = [p for p, digest in sorted(new.items()) if old.get(p) != digest]
    usable = {} if whole_files else {p: d for p, d in old_tree.items() if p in old}
    substitutions = common_replacements(
        pair
        for path in changed
        if path in usable
        for pair in replaced_lines(usable[path], new_tree[path])
    )
    pack: dict[str, bytes] = {}
    deltas = {}
    for path in sorted(new):
        if path not in usable:
            if path in changed:
                pack[FILES_PREFIX + path] = new_tree[path]
            continue
        base = substitute(usable[path], substitutions)
        if base == new_tree[path]:
            continue
        delta = make_delta(base, new_tree[path])
        if delta is not None and len(json.dumps(delta)) < len(new_tree[path]):
            deltas[path] = delta
        else:
            pack[FILES_PREFIX + path] = new_tree[path]
    changes = {
        "deleted": sorted(set(old) - set(new)),
        "substitutions": substitutions,
        "deltas": deltas,
    }
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
    deleted = set(changes["deleted"])
    tree = {
        path: substitute(data, changes["substitutions"])
        for path, data in installed.items()
        if path not in deleted
    }
    for path, delta in changes["deltas"].items():
        tree[path] = apply_delta(tree[path], delta)
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
