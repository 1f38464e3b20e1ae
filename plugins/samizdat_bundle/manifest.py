"""The manifest: every file of a copy with its SHA-256, as ``sha256sum`` writes.

A reader on Linux can check an unpacked copy with ``sha256sum -c MANIFEST.sha256``
once the manifest's signature is verified.

Data shapes:
    Tree: dict[str, bytes]           "/"-separated path -> file content
    Manifest: dict[str, str]         path -> lowercase hex SHA-256
    manifest_of(tree) -> Manifest
    format_manifest(manifest) -> bytes; parse_manifest(bytes) -> Manifest
    compare(manifest, names, digest) -> Differences(missing, changed, extra)
        names: the copy's files; digest(name) -> SHA-256 hex of one of them
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .archive import CopyError, check_name

MANIFEST_NAME = "MANIFEST.sha256"
SIGNATURE_NAME = MANIFEST_NAME + ".minisig"
# Files of a copy that the manifest does not list: itself and its signature.
NOT_LISTED = {MANIFEST_NAME, SIGNATURE_NAME}
# Read before its signature is checked, so bounded: 128 MiB is over a million
# files' lines. A minisign signature is a few hundred bytes.
MAX_MANIFEST_BYTES = 128 * 1024 * 1024
MAX_SIGNATURE_BYTES = 64 * 1024


class ManifestError(ValueError):
    """A manifest file that cannot be read; the message says which line."""


@dataclass
class Differences:
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.missing or self.changed or self.extra)

    def messages(self) -> list[str]:
        return (
            [f"missing file: {path}" for path in self.missing]
            + [f"changed file: {path}" for path in self.changed]
            + [f"extra file (not in the manifest): {path}" for path in self.extra]
        )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_of(tree: dict[str, bytes]) -> dict[str, str]:
    return {path: sha256(data) for path, data in tree.items() if path not in NOT_LISTED}


def format_manifest(manifest: dict[str, str]) -> bytes:
    return "".join(
        f"{digest}  {path}\n" for path, digest in sorted(manifest.items())
    ).encode()


def parse_manifest(data: bytes) -> dict[str, str]:
    """The manifest's lines; ManifestError on any unsafe or repeated path."""
    manifest = {}
    try:
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError as error:
        raise ManifestError(f"{MANIFEST_NAME} is not UTF-8") from error
    if lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, start=1):
        digest, separator, path = line.partition("  ")
        if (
            len(digest) != 64
            or not separator
            or digest.strip("0123456789abcdef")
            or path in NOT_LISTED
        ):
            raise ManifestError(
                f"{MANIFEST_NAME} line {number} is not '<sha256>  <path>'"
            )
        try:
            check_name(path)
        except CopyError as error:
            raise ManifestError(f"{MANIFEST_NAME} line {number}: {error}") from error
        if path in manifest:
            raise ManifestError(f"{MANIFEST_NAME} lists {path} twice")
        manifest[path] = digest
    return manifest


def compare(
    manifest: dict[str, str], names: Iterable[str], digest: Callable[[str], str]
) -> Differences:
    """Missing and extra files by name first; then each listed file's digest."""
    listed = set(manifest)
    present = {path for path in names if path not in NOT_LISTED}
    return Differences(
        missing=sorted(listed - present),
        changed=sorted(p for p in listed & present if digest(p) != manifest[p]),
        extra=sorted(present - listed),
    )


def compare_tree(manifest: dict[str, str], tree: dict[str, bytes]) -> Differences:
    return compare(manifest, tree, lambda path: sha256(tree[path]))
