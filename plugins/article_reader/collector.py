"""Python's cyclic garbage collector, kept off the articles while they are read.

Reading the tree makes the build's long-lived objects: the analysed records
(from the reader cache, in an incremental build: unpickled, little work an
object) and Pelican's articles. None of them is cyclic garbage, but each
full collection walks all of them: the heap grows by a quarter between two,
so about a dozen walked a growing heap while the articles were read, and
the young generations were collected some 2,400 times. Measured with
gc.callbacks after 10 changed articles at 20,000 of a realistic vocabulary:
3.7 s of the Pelican process' 32.7 s of CPU, for about 1,400 objects
collected in the whole build (a full build of 3,000 articles: 0.55 s, about
1,400 objects).

So the collector is paused while the articles are read (pause) and, once
they are (settle), every object then alive is frozen (gc.freeze: moved out
of the generations the collector walks, still freed by reference counting)
and the collector resumed: later collections walk only what the build
makes after. release() (the build's end) gives the frozen objects back to
the collector, so that a process that runs builds one after another (the
tests, `pelican -r`) can collect one build's articles, which hold each
other through Pelican's shared context.

At the interpreter's exit, Python's last collections walk every object
still alive: after release(), the whole build (1.4 s of the Pelican
process's exit after 10 changed articles at 20,000 of a realistic
vocabulary; 0.03 s frozen). Nothing a finished build leaves needs the
collector to end it (files are closed by `with`, temporary folders by
their atexit finalizers), so the first pause() of a process has
everything alive at its exit frozen first (_freeze_at_exit).

Data shapes: pause() -> None; settle() -> None; release() -> None.
"""

import atexit
import gc

# Whether pause() turned the collector off (it leaves it off if it was).
_paused = False
# Whether this process freezes what is alive at its exit (_freeze_at_exit).
_exit_frozen = False


def pause() -> None:
    global _paused
    _freeze_at_exit()
    if gc.isenabled():
        gc.disable()
        _paused = True


def _freeze_at_exit() -> None:
    """Once a process: gc.freeze() when it exits, before the interpreter's
    last collections (atexit handlers run before them)."""
    global _exit_frozen
    if not _exit_frozen:
        atexit.register(gc.freeze)
        _exit_frozen = True


def settle() -> None:
    """Freeze what is alive now; resume the collector if pause() stopped
    it. (The few cyclic garbage objects made while paused are frozen too,
    until release(): a few hundred at 20,000 articles.)"""
    global _paused
    gc.freeze()
    if _paused:
        gc.enable()
        _paused = False


def release() -> None:
    gc.unfreeze()
