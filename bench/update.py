"""Update pack size: a site of N articles, then the same site plus M new ones.

Builds both (bench/corpus.py articles, SOURCE_DATE_EPOCH one day apart),
bundles the first, makes the update pack from the first copy's manifest to
the second, applies it to the unpacked first copy and checks the result,
then prints the pack's size against the full bundle of the second copy,
broken down by the kind of file that changed.

    python bench/update.py --articles 5000 --added 100 [--publish]
        [--vocabulary realistic]

--publish builds with publishconf.py (Atom feeds and a sitemap, as `make
publish`); without it, as `make html` and `make update-pack` do.

How the pack's bytes are shared out among kinds: a file carried whole counts
its compressed size in the pack; a file carried as a delta counts a share of
changes.json's compressed size in proportion to its delta's JSON length; the
rest of changes.json (the new manifest as a delta, the substitutions, the
list of deleted files) and the two signatures count as "manifest".

Goals: issue 5, at 5,000 + 100 articles the pack is at most 5 % of the
bundle; issue 12, at 100,000 + 100 at most 2 %.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

from corpus import VOCABULARIES, pelican_build, write_corpus

ROOT = Path(__file__).resolve().parent.parent
# After every date bench/corpus.py writes, so none is clamped to the build's
# inputs (which would move old articles between the two builds).
EPOCH = 1798545600  # 2026-12-29 12:00 UTC
KINDS = (
    "article",
    "listing",
    "sitemap/feeds",
    "search heads",
    "search chunks",
    "search docs",
    "search other",
    "other",
    "manifest",
)

# The default SITE_PAGES_*_SAVE_AS and ARTICLE_SAVE_AS layout (README "The
# site"): a bench reads paths, not settings.
LISTING = re.compile(r"^[^/]+/(index(-p\d+)?\.html|archive/.*|source/.*)$")
ARTICLE = re.compile(r"^[^/]+/[^/]+\.html$")


def kind_of(path: str) -> str:
    """The kind of a site file; search files by plugins/site_search/export.py's
    layout: t/<b>.js heads, t/<b>-<c>.js chunks (r/ the same in the recent
    segment, t/a<b>.js aliases counted as heads), d/<n>.js result docs."""
    if path.startswith(("search/t/", "search/r/")):
        return "search chunks" if "-" in path.rsplit("/", 1)[1] else "search heads"
    if path.startswith("search/d/"):
        return "search docs"
    if path.startswith("search/"):
        return "search other"
    if path == "sitemap.xml" or path.startswith("feeds/"):
        return "sitemap/feeds"
    if path.startswith(("pages/", "theme/")):
        return "other"
    if LISTING.match(path):
        return "listing"
    if ARTICLE.match(path):
        return "article"
    return "other"


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


def pack_breakdown(pack: Path) -> tuple[Counter, Counter]:
    """(bytes in the pack, files changed) per kind; see the module docstring."""
    size, files = Counter(), Counter()
    with zipfile.ZipFile(pack) as archive:
        infos = {info.filename.split("/", 1)[1]: info for info in archive.infolist()}
        changes = json.loads(archive.read(infos["changes.json"]))
    for name, info in infos.items():
        if name.startswith("files/"):
            kind = kind_of(name[len("files/") :])
            size[kind] += info.compress_size
            files[kind] += 1
        elif name != "changes.json":
            size["manifest"] += info.compress_size
    lengths = {
        path: len(json.dumps(delta, ensure_ascii=False))
        for path, delta in changes["deltas"].items()
    }
    whole = len(json.dumps(changes, ensure_ascii=False))
    compressed = infos["changes.json"].compress_size
    for path, length in lengths.items():
        size[kind_of(path)] += compressed * length / whole
        files[kind_of(path)] += 1
    size["manifest"] += compressed * (whole - sum(lengths.values())) / whole
    for path in changes["deleted"]:
        files[kind_of(path)] += 1
    return size, files


def site_sizes(site: Path) -> tuple[Counter, Counter]:
    """(bytes, files) per kind in a built site, uncompressed."""
    size, files = Counter(), Counter()
    for path in site.rglob("*"):
        if path.is_file():
            kind = kind_of(path.relative_to(site).as_posix())
            size[kind] += path.stat().st_size
            files[kind] += 1
    return size, files


def apply_and_verify(work: Path, pack: Path, keys: Path) -> None:
    with zipfile.ZipFile(work / "dist" / f"samizdat-{EPOCH}.zip") as archive:
        archive.extractall(work / "reader")
    copy = work / "reader" / f"samizdat-{EPOCH}"
    tool("apply-update", str(pack), "--copy", str(copy), "--key-dir", str(keys))
    tool("verify", str(copy), "--key-dir", str(keys), "--min-version", str(EPOCH + 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--added", type=int, default=100)
    parser.add_argument("--publish", action="store_true")
    parser.add_argument(
        "--vocabulary",
        choices=VOCABULARIES,
        default="small",
        help="the articles' words (bench/corpus.py): realistic draws them from "
        "4,000 Zipf-distributed pseudo-words a language, so a new article "
        "touches many more search files",
    )
    parser.add_argument(
        "--no-apply",
        action="store_true",
        help="skip applying the pack to the old copy and verifying it (saves "
        "minutes at 100,000 articles)",
    )
    args = parser.parse_args()
    settings = ROOT / ("publishconf.py" if args.publish else "pelicanconf.py")
    with tempfile.TemporaryDirectory(prefix="samizdat-update-") as folder:
        work = Path(folder)
        keys = work / "keys"
        tool("keys", "--key-dir", str(keys))
        words = args.vocabulary
        write_corpus(work / "old", args.articles, seed=11, vocabulary=words)
        shutil.copytree(work / "old", work / "new")  # keeps file times
        write_corpus(
            work / "new", args.added, seed=12, date="2026-12-30", vocabulary=words
        )
        builds = {}
        for name, epoch in (("old", EPOCH), ("new", EPOCH + 86400)):
            builds[name] = pelican_build(
                work / name, work / f"{name}-site", epoch=epoch, settings=settings
            )
        for name in ("old", "new"):
            tool(
                "bundle",
                "--site",
                str(work / f"{name}-site"),
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
        if not args.no_apply:
            apply_and_verify(work, pack, keys)
        full = (work / "dist" / f"samizdat-{EPOCH + 86400}.zip").stat().st_size
        size = pack.stat().st_size
        in_pack, changed = pack_breakdown(pack)
        site_bytes, site_files = site_sizes(work / "new-site")
    print(f"articles:              {args.articles} + {args.added}")
    print(f"settings:              {settings.name}")
    print(f"vocabulary:            {args.vocabulary}")
    print(f"builds (old, new):     {builds['old']:.1f} s, {builds['new']:.1f} s")
    print(f"full bundle (new):     {full:,} B")
    print(f"update pack:           {size:,} B")
    print(f"pack / bundle:         {size / full:.2%} (goal <= 2% at 100,000)")
    applied = "not applied" if args.no_apply else "applied and verified"
    print(f"pack made in:          {seconds:.1f} s; {applied}")
    print()
    print(
        f"{'kind':<14} {'site files':>10} {'site MB':>9} {'changed':>8} "
        f"{'pack B':>11} {'% of pack':>9} {'% of bundle':>11}"
    )
    searched = [kind for kind in KINDS if kind.startswith("search")]
    for counter in (site_files, site_bytes, changed, in_pack):
        counter["search (all)"] = sum(counter[kind] for kind in searched)
    for kind in (*KINDS, "search (all)"):
        print(
            f"{kind:<14} {site_files[kind]:>10,} {site_bytes[kind] / 1e6:>9.1f} "
            f"{changed[kind]:>8,} {in_pack[kind]:>11,.0f} "
            f"{in_pack[kind] / size:>9.1%} {in_pack[kind] / full:>11.3%}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
