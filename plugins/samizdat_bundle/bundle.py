"""Bundles: a built site as one reproducible, signed zip; and its checks.

Files written to the dist folder for a site named "Samizdat", version V:
    samizdat-V.zip                    samizdat-V/<site files>, MANIFEST.sha256
                                      and MANIFEST.sha256.minisig inside
    samizdat-V.MANIFEST.sha256        the same manifest and signature beside
    samizdat-V.MANIFEST.sha256.minisig  the zip, for `minisign -Vm`

Data shapes:
    copy_info(tree) -> CopyInfo        from the site's samizdat.json
    make_bundle(site, dist, keys) -> Path of the zip
    check_copy(tree, public_key, min_version) -> (CopyInfo, list[str] problems)
"""

import json
import re
from pathlib import Path

from .archive import read_tree, write_atomically, write_zip
from .manifest import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    compare,
    format_manifest,
    manifest_of,
    parse_manifest,
)
from .signing import CopyInfo, KeyFiles, SignatureError, is_test_key, sign, verify

COPY_INFO_NAME = "samizdat.json"


class BundleError(ValueError):
    """The site or bundle cannot be used; the message says why."""


def copy_info(tree: dict[str, bytes], test_key: bool = False) -> CopyInfo:
    if COPY_INFO_NAME not in tree:
        raise BundleError(f"no {COPY_INFO_NAME}: is this a Samizdat build (make html)?")
    info = json.loads(tree[COPY_INFO_NAME])
    return CopyInfo(info["site"], int(info["version"]), info["date"], test_key=test_key)


def stem(info: CopyInfo) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", info.site.lower()).strip("-") or "samizdat"
    return f"{name}-{info.version}"


def make_bundle(site: Path, dist: Path, keys: KeyFiles) -> Path:
    tree = read_tree(site)
    info = copy_info(tree, test_key=is_test_key(keys.public))
    manifest = format_manifest(manifest_of(tree))
    signature = sign(manifest, keys.secret, info)
    name = stem(info)
    bundle = {**tree, MANIFEST_NAME: manifest, SIGNATURE_NAME: signature}
    zip_path = dist / f"{name}.zip"
    write_zip(zip_path, bundle, info.version, root=name)
    write_atomically(dist / f"{name}.{MANIFEST_NAME}", manifest)
    write_atomically(dist / f"{name}.{SIGNATURE_NAME}", signature)
    return zip_path


def check_copy(
    tree: dict[str, bytes], public_key: str, min_version: int = 0
) -> tuple[CopyInfo | None, list[str]]:
    """Check a copy's signature and every file; return its info and problems."""
    for needed in (MANIFEST_NAME, SIGNATURE_NAME):
        if needed not in tree:
            return None, [f"no {needed} in this copy"]
    try:
        info = verify(tree[MANIFEST_NAME], tree[SIGNATURE_NAME], public_key)
    except SignatureError as error:
        return None, [f"signature: {error}"]
    problems = compare(parse_manifest(tree[MANIFEST_NAME]), tree).messages()
    if info.version < min_version:
        problems.append(
            f"version {info.version} is older than {min_version}: "
            "an older copy presented as newer"
        )
    return info, problems
