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
    changes.json.minisig  signature of changes.json, with the same signed
                          comment: checked before changes.json is parsed
    files/<path>  new files, and changed files a delta would not shrink
    MANIFEST.sha256  the new manifest in full, in packs made with
                     whole_files (no deltas at all: such a pack can be
                     applied by hand)

Applying a pack trusts nothing in it until its signatures check out: sizes
are bounded before reading, changes.json is read (at most MAX_CHANGES_BYTES)
and its signature checked before it is parsed; then the base copy, the
version, and every key and type of changes.json. Substitutions apply to
every file first, then each delta to its file; the new tree is checked
against the new, signed manifest. A pack that is not well formed raises
MalformedPack naming what is wrong, never another exception.

Data shapes:
    make_pack(old_manifest: bytes, new_tree, old_tree, whole_files)
        -> (pack files without the signatures, new manifest bytes to sign)
    apply_pack(pack: Tree | ZipCopy, installed: Tree, public_key)
        -> (Tree, CopyInfo)
"""

import json
from collections.abc import Mapping

from .archive import CopyError, TreeCopy, check_name
from .delta import (
    apply_delta,
    common_replacements,
    make_delta,
    replaced_lines,
    substitute,
)
from .manifest import (
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    MAX_SIGNATURE_BYTES,
    SIGNATURE_NAME,
    ManifestError,
    compare_tree,
    format_manifest,
    manifest_of,
    parse_manifest,
    sha256,
)
from .signing import CopyInfo, SignatureError, verify

CHANGES_NAME = "changes.json"
CHANGES_SIGNATURE_NAME = CHANGES_NAME + ".minisig"
FILES_PREFIX = "files/"
MAX_CHANGES_BYTES = 64 * 1024 * 1024


class UpdateError(ValueError):
    """The pack cannot be applied to this copy; the message says why."""


class MalformedPack(UpdateError):
    """The pack is not a well-formed update pack; the message says where."""


def make_pack(
    old_manifest: bytes,
    new_tree: dict[str, bytes],
    old_tree: Mapping[str, bytes],
    whole_files: bool = False,
) -> tuple[dict[str, bytes], bytes]:
    """Without the old copy's files (`old_tree` empty) or with `whole_files`,
    every new or changed file goes in whole. Only the old versions of changed
    files are looked up in `old_tree` (archive.FilesOf reads them then)."""
    old = parse_manifest(old_manifest)
    new = manifest_of(new_tree)
    new_manifest = format_manifest(new)
    changed = [p for p, digest in sorted(new.items()) if old.get(p) != digest]
    usable = (
        {}
        if whole_files
        else {p: old_tree[p] for p in changed if p in old and p in old_tree}
    )
    substitutions = common_replacements(
        pair
        for path in changed
        if path in usable
        for pair in replaced_lines(usable[path], new_tree[path])
    )
    pack: dict[str, bytes] = {}
    deltas = {}
    changed_set = set(changed)
    for path in sorted(new):
        if path in changed_set and path not in usable:
            pack[FILES_PREFIX + path] = new_tree[path]
            continue
        if path not in changed_set and not substitutions:
            continue
        # An unchanged file is its old self; substitutions apply to it too
        # (apply_pack substitutes in every file), so check what they do.
        base = substitute(usable.get(path, new_tree[path]), substitutions)
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


def apply_pack(pack, installed: dict[str, bytes], public_key: str):
    """The new tree and its info; UpdateError (MalformedPack) if refused."""
    if isinstance(pack, dict):
        pack = TreeCopy(pack)
    names = set(pack.names)
    for needed in (CHANGES_NAME, CHANGES_SIGNATURE_NAME, SIGNATURE_NAME):
        if needed not in names:
            raise MalformedPack(f"not an update pack: no {needed}")
    allowed = {CHANGES_NAME, CHANGES_SIGNATURE_NAME, SIGNATURE_NAME, MANIFEST_NAME}
    for name in sorted(names - allowed):
        if not name.startswith(FILES_PREFIX):
            raise MalformedPack(f"unexpected entry in the pack: {name}")
    if MANIFEST_NAME not in installed or SIGNATURE_NAME not in installed:
        raise UpdateError(f"the installed copy has no {MANIFEST_NAME} and signature")
    limits = {CHANGES_NAME: MAX_CHANGES_BYTES, SIGNATURE_NAME: MAX_SIGNATURE_BYTES}
    limits[CHANGES_SIGNATURE_NAME] = MAX_SIGNATURE_BYTES
    for name, limit in limits.items():
        if pack.size(name) > limit:
            raise MalformedPack(
                f"{name} declares {pack.size(name)} bytes, over {limit}"
            )
    try:
        changes_data = pack.read(CHANGES_NAME, MAX_CHANGES_BYTES)
        signature = pack.read(CHANGES_SIGNATURE_NAME, MAX_SIGNATURE_BYTES)
    except CopyError as error:
        raise MalformedPack(str(error)) from error
    try:
        info = verify(changes_data, signature, public_key)
    except SignatureError as error:
        raise UpdateError(f"update pack signature: {error}") from error
    base = sha256(installed[MANIFEST_NAME])
    if info.base != base:
        raise UpdateError(
            f"this pack updates a different copy (base {info.base}); "
            f"the installed copy's manifest is {base}"
        )
    try:
        current = verify(
            installed[MANIFEST_NAME], installed[SIGNATURE_NAME], public_key
        )
    except SignatureError as error:
        raise UpdateError(f"the installed copy's signature: {error}") from error
    if info.version <= current.version:
        raise UpdateError(
            f"refusing to go from version {current.version} to {info.version}: "
            "versions only go up"
        )
    try:
        return _rebuild(pack, _parse_changes(changes_data), installed, public_key, info)
    except (CopyError, ManifestError) as error:
        raise MalformedPack(str(error)) from error


def _rebuild(pack, changes: dict, installed: dict, public_key: str, info: CopyInfo):
    old = parse_manifest(installed[MANIFEST_NAME])
    if MANIFEST_NAME in pack.names:
        new_manifest = pack.read(MANIFEST_NAME, MAX_MANIFEST_BYTES)
    elif "manifest" in changes:
        new_manifest = _applied(
            installed[MANIFEST_NAME], changes["manifest"], "manifest"
        )
    else:
        raise MalformedPack(f"no new manifest: neither {MANIFEST_NAME} nor its delta")
    try:
        signed = verify(
            new_manifest, pack.read(SIGNATURE_NAME, MAX_SIGNATURE_BYTES), public_key
        )
    except SignatureError as error:
        raise UpdateError(f"update pack signature: {error}") from error
    if signed != info:
        raise UpdateError(f"the signatures of {CHANGES_NAME} and the manifest differ")
    for path in changes["deleted"]:
        if path not in old:
            raise MalformedPack(f"deleted file not in the installed copy: {path}")
    deleted = set(changes["deleted"])
    tree = {
        path: substitute(data, changes["substitutions"])
        for path, data in installed.items()
        if path not in deleted
    }
    for path, delta in changes["deltas"].items():
        if path not in tree:
            raise MalformedPack(f"delta for a file the copy does not have: {path}")
        tree[path] = _applied(tree[path], delta, path)
    new = parse_manifest(new_manifest)
    for name in pack.names:
        if name.startswith(FILES_PREFIX):
            path = name[len(FILES_PREFIX) :]
            # Hashed in chunks first: only files the new manifest signs are
            # held in memory, whatever size a forged entry has.
            if path not in new or pack.digest(name) != new[path]:
                raise UpdateError(f"{name} is not the file the new manifest signs")
            tree[path] = pack.read(name)
    tree[MANIFEST_NAME] = new_manifest
    tree[SIGNATURE_NAME] = pack.read(SIGNATURE_NAME, MAX_SIGNATURE_BYTES)
    differences = compare_tree(new, tree)
    if differences:
        raise UpdateError(
            "the updated copy does not match the new manifest: "
            + "; ".join(differences.messages()[:10])
        )
    return tree, info


def _applied(data: bytes, delta: list, where: str) -> bytes:
    try:
        return apply_delta(data, delta)
    except (ValueError, IndexError) as error:
        raise MalformedPack(
            f"{CHANGES_NAME}: the delta for {where}: {error}"
        ) from error


def _parse_changes(data: bytes) -> dict:
    """changes.json, every key and type checked; MalformedPack otherwise."""
    try:
        changes = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise MalformedPack(f"{CHANGES_NAME} is not JSON: {error}") from error
    if not isinstance(changes, dict):
        raise MalformedPack(f"{CHANGES_NAME} is not a JSON object")
    kinds = {"base": str, "deleted": list, "substitutions": dict, "deltas": dict}
    for key, kind in kinds.items():
        if not isinstance(changes.get(key), kind):
            raise MalformedPack(
                f"{CHANGES_NAME}: {key!r} is missing or not a JSON {kind.__name__}"
            )
    if "manifest" in changes:
        _check_delta(changes["manifest"], "manifest")
    for path in changes["deleted"]:
        _check_path(path, "deleted")
    for old, new in changes["substitutions"].items():
        if not isinstance(new, str):
            raise MalformedPack(f"{CHANGES_NAME}: substitution for {old!r} not text")
    for path, delta in changes["deltas"].items():
        _check_path(path, "deltas")
        _check_delta(delta, path)
    return changes


def _check_path(path, where: str) -> None:
    if not isinstance(path, str):
        raise MalformedPack(f"{CHANGES_NAME}: {where}: {path!r} is not a path")
    try:
        check_name(path)
    except CopyError as error:
        raise MalformedPack(f"{CHANGES_NAME}: {where}: {error}") from error


def _check_delta(delta, where: str) -> None:
    def valid(operation) -> bool:
        if not isinstance(operation, list):
            return False
        if len(operation) == 1:
            return isinstance(operation[0], str)
        return (
            len(operation) == 2
            and all(type(n) is int for n in operation)
            and 0 <= operation[0] <= operation[1]
        )

    if not isinstance(delta, list) or not all(map(valid, delta)):
        raise MalformedPack(f"{CHANGES_NAME}: the delta for {where} is malformed")
