"""Update pack size: a site of N articles, then the same site plus M new ones.

Builds both (bench/corpus.py articles, SOURCE_DATE_EPOCH one day apart),
bundles the first, makes the update pack from the first copy's manifest to
the second, applies it to the unpacked first copy and checks the result,
then prints the pack's size against the full bundle of the second copy.

    python bench/update.py --articles 5000 --added 100
Goal (issue 5): at 5,000 + 100 articles the pack is at most 5 % of the bundle.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from corpus import pelican_build, write_corpus

ROOT = Path(__file__).resolve().parent.parent
EPOCH = 1795953600


def run(*command, **env):
    subprocess.run(
        command,
        cwd=ROOT,
        check=True,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
    )


def tool(*args, **env) -> None:
    run(
        str(ROOT / ".venv" / "bin" / "python"),
        "-m",
        "samizdat_bundle",
        *args,
        PYTHONPATH=str(ROOT / "plugins"),
        **env,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--added", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="samizdat-update-") as folder:
        work = Path(folder)
        keys = work / "keys"
        tool("keys", "--key-dir", str(keys))
        write_corpus(work / "old", args.articles, seed=11)
        shutil.copytree(work / "old", work / "new")  # keeps file times
        write_corpus(work / "new", args.added, seed=12, date="2027-01-15")
        pelican_build(work / "old", work / "old-site", epoch=EPOCH)
        pelican_build(work / "new", work / "new-site", epoch=EPOCH + 86400)
        tool(
            "bundle",
            "--site",
            str(work / "old-site"),
            "--dist",
            str(work / "dist"),
            "--key-dir",
            str(keys),
        )
        tool(
            "bundle",
            "--site",
            str(work / "new-site"),
            "--dist",
            str(work / "dist"),
            "--key-dir",
            str(keys),
        )
        old_manifest = work / "dist" / f"samizdat-{EPOCH}.MANIFEST.sha256"
        start = time.perf_counter()
        tool(
            "update-pack",
            "--since",
            str(old_manifest),
            "--site",
            str(work / "new-site"),
            "--dist",
            str(work / "packs"),
            "--key-dir",
            str(keys),
        )
        seconds = time.perf_counter() - start
        (pack,) = (work / "packs").glob("*.zip")
        with zipfile.ZipFile(work / "dist" / f"samizdat-{EPOCH}.zip") as archive:
            archive.extractall(work / "reader")
        copy = work / "reader" / f"samizdat-{EPOCH}"
        tool("apply-update", str(pack), "--copy", str(copy), "--key-dir", str(keys))
        tool(
            "verify", str(copy), "--key-dir", str(keys), "--min-version", str(EPOCH + 1)
        )
        full = (work / "dist" / f"samizdat-{EPOCH + 86400}.zip").stat().st_size
        with zipfile.ZipFile(pack) as archive:
            whole = sum(1 for n in archive.namelist() if "/files/" in n)
        size = pack.stat().st_size
    print(f"articles:              {args.articles} + {args.added}")
    print(f"full bundle (new):     {full:,} B")
    print(
        f"update pack:           {size:,} B ({whole} whole files, the rest as deltas)"
    )
    print(f"pack / bundle:         {size / full:.1%} (goal <= 5%)")
    print(f"pack made in:          {seconds:.1f} s; applied and verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
