"""One build at a time per output folder: an flock on a file beside it.

The lock file (``<output>.lock``) holds one line naming the build that has
it (process id, start time, command), so a second build can say which one
it waits for. The file is never removed: removing a lock file lets a third
build lock a new file while the second still holds the old one. The kernel
drops the lock when its holder exits, however it ends.

Data shapes:
    BuildLock(path: str, description: str): a context manager; raises
        BuildLocked(message) when another process holds it
"""

import fcntl
import os


class BuildLocked(RuntimeError):
    """Another build holds the lock; the message names it."""


class BuildLock:
    def __init__(self, path: str, description: str):
        self.path = path
        self.description = description
        self._fd: int | None = None

    def __enter__(self) -> "BuildLock":
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip()
            os.close(fd)
            raise BuildLocked(
                f"another build is writing this output ({holder or 'unknown'}); "
                f"wait for it or stop it (lock: {self.path})"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, (self.description + "\n").encode("utf-8"), 0)
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing the last descriptor drops the lock
            self._fd = None
