"""The output folder a build writes into, ready only once make html says so.

`make html` (site_output/build.py) starts the new output, OUT.partial, as
a hard-link copy of the last one while the build command starts, not
before it: after 10 articles changed at 20,000, that copy replaces about
12,000 files (the last build's changes) in 2.3-3.3 s of wall time, which
Pelican's start (its imports, the articles read from their caches) now
covers: in the py-spy profiles of session 16 Pelican never waited. It
passes the read end of a pipe in the environment variable READY_FD, and
writes one byte (READY) there once OUT.partial is whole; it closes the
pipe without writing if the copy failed.

So every code that writes into, or reads from, the output folder before
Pelican's writer exists calls wait_for_output() first: today the lead
images (article_reader), the search writer's start (site_search) and the
writer itself (site_output's get_writer handler). The first call blocks
until the copy is whole and takes the variable out of the environment,
so no process started later can read another file by that number; every
later call returns at once (or raises again). Without the variable
(FULL=1, a build not run through make html, the tests' own builds) it
returns at once.

A writer that forgets to wait cannot spoil the output silently: build.py
moves the copy into place with one rename, which fails when OUT.partial
already holds something, and the build then stops with an error.

Data shapes:
    READY_FD: str, the environment variable's name
    READY: bytes, what build.py writes when the copy is whole
    wait_for_output() -> None; raises OutputNotReady
"""

import logging
import os

logger = logging.getLogger(__name__)

READY_FD = "SAMIZDAT_OUTPUT_READY_FD"
READY = b"1"


class OutputNotReady(RuntimeError):
    """make html could not start the output as a copy of the last one."""


# This process's outcome, once known: "" when the output is ready, else why
# not (a failure stays one: the variable is gone after the first call).
_outcome: list[str] = []


def wait_for_output() -> None:
    """Block until make html's copy of the last output is whole, the first
    time in a process; raise OutputNotReady, each time, if it failed."""
    if not _outcome:
        _outcome.append(_wait(os.environ.pop(READY_FD, "")))
    if _outcome[0]:
        raise OutputNotReady(_outcome[0])


def _wait(number: str) -> str:
    """The empty string once build.py says the copy is whole (at once
    without a descriptor `number`), else the reason it is not."""
    if not number:
        return ""
    try:
        descriptor = int(number)
    except ValueError:
        return f"{READY_FD}={number!r} is no file descriptor"
    try:
        told = os.read(descriptor, len(READY))
        os.close(descriptor)
    except OSError as error:
        return f"{READY_FD}={number}: {error}"
    if told != READY:
        return (
            "make html could not copy the last output to start this build "
            "(its error is logged above)"
        )
    logger.debug("Output: the copy of the last output is whole")
    return ""
