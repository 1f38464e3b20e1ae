"""Bundles: a built site as one reproducible, signed zip; and its checks.

Files written to the dist folder for a site named "Samizdat", version V:
    samizdat-V.zip                    samizdat-V/<site files>, MANIFEST.sha256
                                      and MANIFEST.sha256.minisig inside
    samizdat-V.MANIFEST.sha256        the same manifest and signature beside
    samizdat-V.MANIFEST.sha256.minisig  the zip, for `minisign -Vm`

Each of the three is written under a hidden name first, then renamed in the
order signature, manifest, zip, so that a killed run never shows a zip
without its manifest beside it, nor a manifest without its signature.

Data shapes:
    copy_info(tree) -> CopyInfo        from the site's samizdat.json
    make_bundle(site, dist, keys) -> Path of the zip
    check_copy(copy, public_key, min_version) -> (CopyInfo, list[str] problems)
        copy: a Tree, or a FolderCopy/ZipCopy from archive.open_copy
"""

import json
import os
import re
from pathlib import Path

from samizdat_contract import COPY_INFO_NAME

from .archive import CopyError, TreeCopy, read_tree, write_aside, zip_into
from .manifest import (
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    MAX_SIGNATURE_BYTES,
    SIGNATURE_NAME,
    ManifestError,
    compare,
    format_manifest,
    manifest_of,
    parse_manifest,
)
from .signing import CopyInfo, KeyFiles, SignatureError, is_test_key, sign, verify


class BundleError(ValueError):
    """The site or bundle cannot be used; the message says why."""


def copy_info(tree: dict[str, bytes], test_key: bool = False) -> CopyInfo:
    if COPY_INFO_NAME not in tree:
        raise BundleError(f"no {COPY_INFO_NAME}: is this a Samizdat build (make html)?")
    try:
        info = json.loads(tree[COPY_INFO_NAME])
        return CopyInfo(
            str(info["site"]),
            int(info["version"]),
            str(info["date"]),
            test_key=test_key,
        )
    except (ValueError, KeyError, TypeError) as error:
        raise BundleError(
            f"{COPY_INFO_NAME} is not a Samizdat copy's: {error}"
        ) from error


def stem(info: CopyInfo) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", info.site.lower()).strip("-")[:60] or "samizdat"
    return f"{name}-{info.version}"


def make_bundle(site: Path, dist: Path, keys: KeyFiles) -> Path:
    tree = read_tree(site)
    info = copy_info(tree, test_key=is_test_key(keys.public))
    manifest = format_manifest(manifest_of(tree))
    signature = sign(manifest, keys.secret, info)
    name = stem(info)
    bundle = {**tree, MANIFEST_NAME: manifest, SIGNATURE_NAME: signature}
    outputs = [  # in the order they become visible
        (dist / f"{name}.{SIGNATURE_NAME}", signature),
        (dist / f"{name}.{MANIFEST_NAME}", manifest),
        (
            dist / f"{name}.zip",
            lambda handle: zip_into(handle, bundle, info.version, root=name),
        ),
    ]
    written = []
    try:
        for path, write in outputs:
            written.append((write_aside(path, write), path))
        # An older bundle of this version with another manifest goes first,
        # zip before manifest, so that no visible pair ever mismatches.
        old_manifest = dist / f"{name}.{MANIFEST_NAME}"
        if old_manifest.is_file() and old_manifest.read_bytes() != manifest:
            (dist / f"{name}.zip").unlink(missing_ok=True)
            old_manifest.unlink()
        while written:
            os.replace(*written[0])
            written.pop(0)
    finally:
        for partial, _ in written:
            partial.unlink(missing_ok=True)
    return dist / f"{name}.zip"


def check_copy(copy, public_key: str, min_version: int = 0):
    """Check a copy's signature, then its list of files, then every file.

    Returns (CopyInfo or None, list of problems). The manifest and signature
    are read (bounded) and checked before any other file is opened.
    """
    if isinstance(copy, dict):
        copy = TreeCopy(copy)
    for needed in (MANIFEST_NAME, SIGNATURE_NAME):
        if needed not in copy.names:
            return None, [f"no {needed} in this copy"]
    try:
        manifest = copy.read(MANIFEST_NAME, MAX_MANIFEST_BYTES)
        info = verify(
            manifest, copy.read(SIGNATURE_NAME, MAX_SIGNATURE_BYTES), public_key
        )
        listed = parse_manifest(manifest)
    except SignatureError as error:
        return None, [f"signature: {error}"]
    except (CopyError, ManifestError) as error:
        return None, [str(error)]
    try:
        problems = compare(listed, copy.names, copy.digest).messages()
    except CopyError as error:
        return info, [str(error)]
    if info.version < min_version:
        problems.append(
            f"version {info.version} is older than {min_version}: "
            "an older copy presented as newer"
        )
    return info, problems
