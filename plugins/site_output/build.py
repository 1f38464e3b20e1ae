"""`make html`: a build beside the output, swapped in whole, one at a time.

    python -m site_output --output OUT [--report FILE] [--full]
        [--spare FOLDER] -- COMMAND...

Steps, all under the lock on OUT.lock (lock.py):
1. remove a leftover OUT.partial and the old report (a report never
   describes a build that did not finish);
2. unless --full, start OUT.partial as a hard-link copy of OUT (tree.py),
   without the folders in FRESH, whose writers write in place: with
   --spare, the spare folder (the output before the last build) is made
   that copy by replacing only the files that differ, and renamed
   OUT.partial; without one, every file is linked;
3. run COMMAND (Pelican, writing into OUT.partial; its SITE_OUTPUT_PREVIOUS
   is OUT, so it removes what it no longer makes);
4. swap OUT.partial into place in one step (swap.py); the previous output
   becomes the spare (with --spare) or is removed.
Stopped at any step, OUT is the previous whole build; the spare is only
ever a scratch folder (make html keeps it in the build cache, CACHE/
site_output/spare, which must be on OUT's file system for the renames:
elsewhere it is copied from OUT each build, as without it). Exit status: the
command's when it fails; 1 when the swap fails; 75 (EX_TEMPFAIL) when another
build holds the lock; 2 on bad usage.
"""

import argparse
import logging
import os
import shlex
import shutil
import subprocess
import time

from .lock import BuildLock, BuildLocked
from .swap import swap_into_place
from .tree import clone_tree, mirror_tree

# Top-level output folders that start empty: the theme's static files
# (Pelican copies them in place with shutil.copy2; a hard link there would
# let the build write through into the previous output). Every other writer
# replaces files by rename (samizdat_contract.cache.write_if_changed).
FRESH = ("theme",)
EX_TEMPFAIL = 75

logger = logging.getLogger(__name__)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m site_output")
    parser.add_argument("--output", required=True)
    parser.add_argument("--report")
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--spare")
    parser.add_argument("command", nargs="+")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    options = parse(argv)
    output = os.path.abspath(options.output)
    partial = f"{output}.partial"
    started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime())
    description = f"pid {os.getpid()}, started {started}: {shlex.join(options.command)}"
    try:
        with BuildLock(f"{output}.lock", description):
            shutil.rmtree(partial, ignore_errors=True)
            if options.report and os.path.lexists(options.report):
                os.unlink(options.report)
            spare = os.path.abspath(options.spare) if options.spare else None
            if not options.full and os.path.isdir(output):
                start_copy(output, partial, spare)
            done = subprocess.run(options.command, check=False)
            if done.returncode != 0:
                return done.returncode
            try:
                swap_into_place(partial, output, spare)
            except OSError as error:
                logger.error("swap-into-place: %s", error)
                return 1
    except BuildLocked as refusal:
        logger.error("make html: %s", refusal)
        return EX_TEMPFAIL
    return 0


def start_copy(output: str, partial: str, spare: str | None) -> None:
    """OUT.partial as a hard-link copy of OUT: the spare mirrored and moved
    into place when there is one on OUT's file system, else every file
    linked."""
    if spare and os.path.isdir(spare):
        try:
            mirror_tree(output, spare, FRESH)
            os.rename(spare, partial)
            return
        except OSError as error:  # another file system: link every file
            logger.info("spare output %s not used (%s)", spare, error)
            shutil.rmtree(spare, ignore_errors=True)
            shutil.rmtree(partial, ignore_errors=True)
    clone_tree(output, partial, FRESH)
