"""Command line: python -m samizdat_bundle COMMAND (the Makefile's targets).

    keys          create the signing key pair in --key-dir (make keys)
    ensure-key    make sure --key-dir holds a key; else create a throwaway
                  test key and say so loudly (make bundle on a fresh clone)
    bundle        sign and zip a built site into --dist (make bundle)
    verify        check a bundle zip or unpacked copy (make verify)
    update-pack   the signed difference from an older copy (make update-pack)
    apply-update  apply a pack to an unpacked older copy
    zim           write a ZIM file of a built site (make zim)

Exit status: 0 when all is well, 1 when a check fails, 2 on bad usage or
a malformed update pack (one line saying what is wrong, never a traceback).
"""

import argparse
import dataclasses
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .archive import (
    CopyError,
    FilesOf,
    TreeCopy,
    open_copy,
    read_tree,
    write_tree,
    write_zip,
)
from .bundle import BundleError, check_copy, copy_info, make_bundle, stem
from .manifest import MANIFEST_NAME, SIGNATURE_NAME, ManifestError, sha256
from .signing import (
    DEFAULT_KEY_DIR,
    KeyFiles,
    SignatureError,
    create_keys,
    is_test_key,
    public_key_text,
    sign,
)
from .updates import (
    CHANGES_NAME,
    CHANGES_SIGNATURE_NAME,
    MalformedPack,
    UpdateError,
    apply_pack,
    make_pack,
)
from .zim import ZimError, write_zim, zim_metadata

logger = logging.getLogger(__name__)


def cmd_keys(args) -> int:
    keys = KeyFiles.in_folder(args.key_dir)
    if keys.exist() and is_test_key(keys.public):
        keys.secret.unlink()
        keys.public.unlink()  # a throwaway test key may be replaced
    try:
        create_keys(keys)
    except FileExistsError as error:
        logger.error("%s; remove it first if you really mean to replace it", error)
        return 1
    logger.warning(
        "Signing key created: %s (keep it secret, never publish it)", keys.secret
    )
    logger.warning("Public key: %s", public_key_text(keys.public))
    return 0


def cmd_ensure_key(args) -> int:
    keys = KeyFiles.in_folder(args.key_dir)
    if not keys.exist():
        create_keys(keys, test_key=True)
    if is_test_key(keys.public):
        logger.warning(
            "\n%s\n!! SIGNING WITH A THROWAWAY TEST KEY (%s).\n!! Copies signed "
            "with it prove nothing. Run `make keys` for a real key.\n%s",
            "!" * 72,
            keys.secret,
            "!" * 72,
        )
    return 0


def cmd_bundle(args) -> int:
    zip_path = make_bundle(
        Path(args.site), Path(args.dist), KeyFiles.in_folder(args.key_dir)
    )
    logger.warning("Bundle: %s (signature and manifest beside it)", zip_path)
    return 0


def public_key_of(args) -> str:
    if args.public_key:
        text = Path(args.public_key).read_text(encoding="utf-8").strip()
        return text.splitlines()[1] if "\n" in text else text
    return public_key_text(KeyFiles.in_folder(args.key_dir).public)


def cmd_verify(args) -> int:
    try:
        with open_copy(args.path) as copy:
            info, problems = check_copy(copy, public_key_of(args), args.min_version)
    except CopyError as error:
        info, problems = None, [str(error)]
    for problem in problems:
        logger.error("FAIL %s: %s", args.path, problem)
    if problems:
        return 1
    logger.warning(
        "OK %s: %s version %d of %s, every file matches its signed manifest%s",
        args.path,
        info.site,
        info.version,
        info.date,
        " (signed with a throwaway TEST key)" if info.test_key else "",
    )
    return 0


def cmd_update_pack(args) -> int:
    since = Path(args.since)
    old_manifest = since.read_bytes()
    old_bundle = (
        Path(args.old_bundle)
        if args.old_bundle
        else since.with_name(since.name.replace(f".{MANIFEST_NAME}", ".zip"))
    )
    if not old_bundle.is_file():
        logger.warning("No old bundle at %s: changed files go in whole", old_bundle)
    new_tree = read_tree(args.site)
    keys = KeyFiles.in_folder(args.key_dir)
    info = copy_info(new_tree, test_key=is_test_key(keys.public))
    info = dataclasses.replace(info, base=sha256(old_manifest))
    # The old bundle stays open while the pack is made: only the old
    # versions of changed files are read from it.
    with open_copy(old_bundle) if old_bundle.is_file() else TreeCopy({}) as old:
        pack, new_manifest = make_pack(
            old_manifest, new_tree, FilesOf(old), whole_files=args.whole_files
        )
    pack[SIGNATURE_NAME] = sign(new_manifest, keys.secret, info)
    pack[CHANGES_SIGNATURE_NAME] = sign(pack[CHANGES_NAME], keys.secret, info)
    path = Path(args.dist) / f"{stem(info)}.update-from-{sha256(old_manifest)[:12]}.zip"
    write_zip(path, pack, info.version, root=path.stem)
    logger.warning("Update pack: %s (%d bytes)", path, path.stat().st_size)
    return 0


def cmd_apply_update(args) -> int:
    copy = Path(args.copy)
    try:
        pack_copy = open_copy(args.pack)
    except CopyError as error:
        raise MalformedPack(f"{args.pack}: {error}") from error
    with pack_copy:
        tree, info = apply_pack(pack_copy, read_tree(copy), public_key_of(args))
    swap_in(copy, tree)
    logger.warning("Updated %s to version %d", copy, info.version)
    return 0


def swap_in(copy: Path, tree: dict[str, bytes]) -> None:
    """Replace the folder `copy` by `tree`: built aside in a folder made here,
    then swapped by renames; only folders this function made are removed."""
    staging = Path(tempfile.mkdtemp(prefix=f".{copy.name}.update-", dir=copy.parent))
    retired = Path(tempfile.mkdtemp(prefix=f".{copy.name}.old-", dir=copy.parent))
    try:
        write_tree(staging / "new", tree)
        os.rename(copy, retired / copy.name)
        try:
            os.rename(staging / "new", copy)
        except OSError:
            os.rename(retired / copy.name, copy)
            raise
    except BaseException:
        shutil.rmtree(staging)
        if (retired / copy.name).exists():
            logger.error("The old copy is kept in %s", retired / copy.name)
        else:
            os.rmdir(retired)
        raise
    shutil.rmtree(staging)
    shutil.rmtree(retired)


def cmd_zim(args) -> int:
    tree = read_tree(args.site)
    info = copy_info(tree)
    languages = [
        p.split("/")[0] for p in tree if p.endswith("/index.html") and p.count("/") == 1
    ]
    metadata = zim_metadata(info, sorted(languages), args.description)
    path = Path(args.dist) / f"{stem(info)}.zim"
    write_zim(path, tree, metadata)
    logger.warning("ZIM: %s", path)
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m samizdat_bundle", description=__doc__
    )
    commands = main.add_subparsers(dest="command", required=True)

    def command(name, function, *arguments):
        sub = commands.add_parser(name)
        sub.set_defaults(function=function)
        sub.add_argument("--key-dir", default=DEFAULT_KEY_DIR)
        for flags, options in arguments:
            sub.add_argument(*flags, **options)
        return sub

    site = (["--site"], {"default": "output"})
    dist = (["--dist"], {"default": "dist"})
    public = (["--public-key"], {"help": "public key file or base64 key"})
    command("keys", cmd_keys)
    command("ensure-key", cmd_ensure_key)
    command("bundle", cmd_bundle, site, dist)
    command(
        "verify",
        cmd_verify,
        (["path"], {}),
        public,
        (["--min-version"], {"type": int, "default": 0}),
    )
    command(
        "update-pack",
        cmd_update_pack,
        site,
        dist,
        (["--since"], {"required": True}),
        (["--old-bundle"], {}),
        (
            ["--whole-files"],
            {"action": "store_true", "help": "no deltas: apply by hand"},
        ),
    )
    command(
        "apply-update",
        cmd_apply_update,
        (["pack"], {}),
        (["--copy"], {"required": True}),
        public,
    )
    command(
        "zim",
        cmd_zim,
        site,
        dist,
        (["--description"], {"default": "News archive for offline reading"}),
    )
    return main


def main(argv=None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    args = parser().parse_args(argv)
    try:
        return args.function(args)
    except MalformedPack as error:
        logger.error("refused: %s", error)
        return 2
    except (
        BundleError,
        CopyError,
        ManifestError,
        SignatureError,
        UpdateError,
        ZimError,
        OSError,
    ) as error:
        logger.error("%s", error)
        return 1


if __name__ == "__main__":
    sys.exit(main())
