"""Update packs: the new and changed files between two copies, signed.

A pack is a zip holding:
    MANIFEST.sha256.minisig  signature of the new copy's manifest, whose
                             signed comment names the base copy
                             (base:<sha256 of the old manifest>)
    changes.json  {"base": <sha256 of the old manifest>,
                   "deleted": [path],
                   "substitutions": {old line: new line},
                   "deltas": {path: Delta},
                   "manifest": Delta}   the new manifest, as lines changed
                                        from the old one
    files/<path>  new files, and changed files a delta would not shrink
    MANIFEST.sha256  the new manifest in full, in packs made with
                     whole_files (no deltas at all: such a pack can be
                     applied by hand)

Substitutions apply to every file first, then each delta to its file.
Applying a pack checks that the copy is the pack's base, rebuilds the new
manifest and checks its signature, that the version goes up, then rebuilds
the new tree and checks every file against the new manifest.

Data shapes:
    make_pack(old_manifest: bytes, new_tree, old_tree, whole_files)
        -> (pack files without the signature, new manifest bytes to sign)
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
) -> tuple[dict[str, bytes], bytes]:
    """Without the old copy's files (`old_tree` empty) or with `whole_files`,
    every new or changed file goes in whole."""
    old = parse_manifest(old_manifest)
    new = manifest_of(new_tree)
    new_manifest = format_manifest(new)
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
        "base": sha256(old_manifest),
        "deleted": sorted(set(old) - set(new)),
        "substitutions": substitutions,
        "deltas": deltas,
    }
    if whole_files:
        pack[MANIFEST_NAME] = new_manifest
    else:
        changes["manifest"] = make_delta(old_manifest, new_manifest)
    pack[CHANGES_NAME] = json.dumps(
        changes, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode()
    return pack, new_manifest


def apply_pack(
    pack: dict[str, bytes], installed: dict[str, bytes], public_key: str
) -> tuple[dict[str, bytes], CopyInfo]:
    if CHANGES_NAME not in pack or SIGNATURE_NAME not in pack:
        raise UpdateError(f"not an update pack: no {CHANGES_NAME} or signature")
    if MANIFEST_NAME not in installed or SIGNATURE_NAME not in installed:
        raise UpdateError(f"the installed copy has no {MANIFEST_NAME} and signature")
    changes = json.loads(pack[CHANGES_NAME])
    base = sha256(installed[MANIFEST_NAME])
    if changes["base"] != base:
        raise UpdateError(
            f"this pack updates a different copy (base {changes['base']}); "
            f"the installed copy's manifest is {base}"
        )
    new_manifest = pack.get(MANIFEST_NAME) or apply_delta(
        installed[MANIFEST_NAME], changes["manifest"]
    )
    try:
        info = verify(new_manifest, pack[SIGNATURE_NAME], public_key)
        current = verify(
            installed[MANIFEST_NAME], installed[SIGNATURE_NAME], public_key
        )
    except SignatureError as error:
        raise UpdateError(f"update pack signature: {error}") from error
    if info.base != base:
        raise UpdateError("the pack's signed base is not this copy")
    if info.version <= current.version:
        raise UpdateError(
            f"refusing to go from version {current.version} to {info.version}: "
            "versions only go up"
        )

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
    tree[MANIFEST_NAME] = new_manifest
    tree[SIGNATURE_NAME] = pack[SIGNATURE_NAME]
    differences = compare(parse_manifest(new_manifest), tree)
    if differences:
        raise UpdateError(
            "the updated copy does not match the new manifest: "
            + "; ".join(differences.messages()[:10])
        )
    return tree, info
