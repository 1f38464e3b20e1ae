"""Copies as trees of files: read from a folder or a zip, written reproducibly.

Data shapes:
    Tree: dict[str, bytes]  "/"-separated path relative to the copy's root
    read_tree(path) -> Tree          a folder, or a zip holding one folder
    write_zip(path, tree, timestamp) byte-identical for the same tree
    write_atomically(path, data)     never leaves a half-written file
"""

import os
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

# Zip stores local times from 1980 on; a fixed date, permissions and
# compression make the same tree give the same bytes on any machine.
ZIP_EPOCH_MIN = 315532800  # 1980-01-01
FILE_MODE = 0o100644


class CopyError(ValueError):
    """The path is not a copy this tool can read."""


def read_tree(path: str | os.PathLike) -> dict[str, bytes]:
    path = Path(path)
    if path.is_dir():
        return {
            file.relative_to(path).as_posix(): file.read_bytes()
            for file in sorted(path.rglob("*"))
            if file.is_file()
        }
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [info.filename for info in archive.infolist() if not info.is_dir()]
            # A bundle holds one top folder (samizdat-<version>/): strip it.
            tops = {name.split("/")[0] for name in names}
            root = f"{tops.pop()}/" if len(tops) == 1 else ""
            if not all(name.startswith(root) and name != root for name in names):
                root = ""
            return {name[len(root) :]: archive.read(name) for name in names}
    raise CopyError(f"{path} is neither a folder nor a zip file")


def write_zip(path: Path, tree: dict[str, bytes], timestamp: int, root: str) -> None:
    """A zip of `tree` under the folder `root`, the same bytes for the same input."""
    moment = datetime.fromtimestamp(max(timestamp, ZIP_EPOCH_MIN), tz=UTC)
    date_time = moment.timetuple()[:6]

    def build(handle):
        with zipfile.ZipFile(handle, "w") as archive:
            for name in sorted(tree):
                info = zipfile.ZipInfo(f"{root}/{name}", date_time=date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # Unix, so external_attr means mode bits
                info.external_attr = FILE_MODE << 16
                archive.writestr(info, tree[name], compresslevel=9)

    write_atomically(path, build)


def write_atomically(path: Path, write) -> None:
    """Run write(handle) into a temporary file beside `path`, then rename it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            if isinstance(write, bytes):
                handle.write(write)
            else:
                write(handle)
        os.chmod(partial, 0o644)
        os.replace(partial, path)
    except BaseException:
        os.unlink(partial)
        raise


def write_tree(folder: Path, tree: dict[str, bytes]) -> None:
    for name, data in tree.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
