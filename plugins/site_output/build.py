"""`make html`: a build beside the output, swapped in whole, one at a time.

    python -m site_output --output OUT [--report FILE] [--full]
        [--spare FOLDER] -- COMMAND...

Steps, all under the lock on OUT.lock (lock.py):
1. remove a leftover OUT.partial and the old report (a report never
   describes a build that did not finish);
2. run COMMAND (Pelican, writing into OUT.partial; its SITE_OUTPUT_PREVIOUS
   is OUT, so it removes what it no longer makes); unless --full, while it
   starts, a thread makes OUT.partial a hard-link copy of OUT (tree.py),
   without the folders in FRESH, whose writers write in place: with
   --spare, the spare folder (the output before the last build) is made
   that copy by replacing only the files that differ (those it takes out
   wait in SPARE.recycled for the build's writers to reuse:
   samizdat_contract/recycled.py), and renamed OUT.partial; without one,
   every file is linked. COMMAND's plugins wait
   for that copy before they touch OUT.partial (a pipe named in the
   environment: samizdat_contract.output_ready);
3. swap OUT.partial into place in one step (swap.py); the previous output
   becomes the spare (with --spare, but for --full: then it and the spare
   are removed, as they share no file with the new output) or is removed;
   SPARE.recycled goes.
Stopped at any step, OUT is the previous whole build; the spare is only
ever a scratch folder (make html keeps it in the build cache, CACHE/
site_output/spare, which must be on OUT's file system for the renames:
elsewhere it is copied from OUT each build, as without it). Exit status: the
command's when it fails; 1 when the copy or the swap fails; 75
(EX_TEMPFAIL) when another build holds the lock; 2 on bad usage.
"""

import argparse
import logging
import os
import shlex
import shutil
import subprocess
import threading
import time

from samizdat_contract import recycled
from samizdat_contract.output_ready import READY, READY_FD

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
            copy = None
            if not options.full and os.path.isdir(output):
                copy = StartedCopy(output, partial, spare)
            try:
                done = subprocess.run(
                    options.command,
                    check=False,
                    **(copy.child_options() if copy else {}),
                )
            finally:
                failed = copy.finish() if copy else None
                if spare:  # what no writer took, or an interrupted build left
                    recycled.discard(recycled_folder(spare))
            if failed is not None:
                logger.error(
                    "make html: copying %s to start the build: %s", output, failed
                )
                return done.returncode or 1
            if done.returncode != 0:
                return done.returncode
            try:
                # A full build's files are all new: kept as the spare, the
                # old output would have every file replaced by the next
                # build's mirror (+100 after two FULL=1 builds at 20,000:
                # 33.1 s, against 21.0 s with no spare). So it keeps none.
                swap_into_place(partial, output, None if options.full else spare)
                if options.full and spare:
                    shutil.rmtree(spare, ignore_errors=True)
            except OSError as error:
                logger.error("swap-into-place: %s", error)
                return 1
    except BuildLocked as refusal:
        logger.error("make html: %s", refusal)
        return EX_TEMPFAIL
    return 0


class StartedCopy:
    """start_copy() in a thread while the build command runs; the command
    is told through a pipe (child_options) when the copy is whole."""

    def __init__(self, output: str, partial: str, spare: str | None):
        self._read, self._write = os.pipe()  # neither inherited but by pass_fds
        self._error: OSError | None = None
        self._spare = spare
        self._thread = threading.Thread(
            target=self._copy, args=(output, partial, spare), daemon=True
        )
        self._thread.start()

    def child_options(self) -> dict:
        """subprocess.run's arguments giving the command the pipe's read end."""
        environment = {**os.environ, READY_FD: str(self._read)}
        if self._spare:
            environment[recycled.FOLDER_VARIABLE] = recycled_folder(self._spare)
        return {"pass_fds": (self._read,), "env": environment}

    def finish(self) -> OSError | None:
        """Once the command ended: the copy's error, or None."""
        self._thread.join()
        os.close(self._read)
        return self._error

    def _copy(self, output: str, partial: str, spare: str | None) -> None:
        try:
            start_copy(output, partial, spare)
            os.write(self._write, READY)
        except BrokenPipeError:  # the command ended before it asked
            pass
        except OSError as error:  # the command reads end of file: not ready
            self._error = error
        finally:
            os.close(self._write)


def start_copy(output: str, partial: str, spare: str | None) -> None:
    """OUT.partial as a hard-link copy of OUT: the spare mirrored and moved
    into place when there is one on OUT's file system, else every file
    linked. Raises FileExistsError when OUT.partial was begun by another
    hand meanwhile (a writer that did not wait for this copy)."""
    if spare and os.path.isdir(spare):
        try:
            pool = recycled_folder(spare)
            os.makedirs(pool, exist_ok=True)
            mirror_tree(output, spare, FRESH, pool)
            os.rename(spare, partial)
            return
        except OSError as error:  # another file system: link every file
            if os.path.lexists(partial):
                raise _written_before_ready(partial) from error
            logger.info("spare output %s not used (%s)", spare, error)
            shutil.rmtree(spare, ignore_errors=True)
    try:
        os.mkdir(partial)
    except FileExistsError:
        raise _written_before_ready(partial) from None
    clone_tree(output, partial, FRESH)


def recycled_folder(spare: str) -> str:
    """Where the mirror puts the spare's files it takes out, for the
    build's writers (beside the spare: the same file system)."""
    return f"{spare}.recycled"


def _written_before_ready(partial: str) -> FileExistsError:
    return FileExistsError(
        f"{partial} was written to before the copy of the last output was"
        " whole (a writer that did not call"
        " samizdat_contract.output_ready.wait_for_output)"
    )
