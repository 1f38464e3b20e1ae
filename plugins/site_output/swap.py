"""Put a finished build in place of the old one in one step.

Makes the folder NEW be TARGET and removes the old TARGET. On Linux the two
folders are exchanged by one renameat2(RENAME_EXCHANGE) call, so TARGET
always exists and is always a whole build, whenever the command is killed.
Elsewhere, or on a file system without that call, TARGET is first moved
aside and NEW renamed in its place: two renames, a window of microseconds.

Why not a symbolic link switched with one rename: TARGET stays a real
folder, so `cp -r output /media/usb`, a FAT-formatted stick and Windows
readers of a copied folder all get the pages, not a link.

swap_into_place raises OSError when NEW is missing or a rename fails
(TARGET is then unchanged). Given SPARE, the old TARGET is moved there
(replacing what was there) instead of removed, for the next build to
start from (build.py); where that rename fails, it is removed.
"""

import ctypes
import errno
import os
import shutil

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def exchange(first: str, second: str) -> bool:
    """Swap two existing paths in one system call; False when unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False  # not glibc >= 2.28
    status = renameat2(
        AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE
    )
    if status == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False  # this file system cannot exchange
    raise OSError(code, os.strerror(code), second)


def swap_into_place(new: str, target: str, spare: str | None = None) -> None:
    if not os.path.isdir(new):
        raise FileNotFoundError(errno.ENOENT, "no finished build", new)
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    if os.path.samefile(new, target):
        raise OSError(errno.EINVAL, "the new build is the target itself", new)
    if exchange(new, target):
        retire(new, spare)  # now the old build
        return
    retired = f"{target}.old"
    shutil.rmtree(retired, ignore_errors=True)
    os.rename(target, retired)
    os.rename(new, target)
    retire(retired, spare)


def retire(old: str, spare: str | None) -> None:
    """Keep the old build as the spare, or remove it."""
    if spare:
        shutil.rmtree(spare, ignore_errors=True)  # one the build did not use
        try:
            os.makedirs(os.path.dirname(spare), exist_ok=True)
            os.rename(old, spare)
            return
        except OSError:  # another file system
            pass
    shutil.rmtree(old)
