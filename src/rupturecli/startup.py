"""Starting and ending a command quickly: the garbage collector while loading, and the interpreter's teardown.

Before it reads one input, `rupture analyze` loads tens of thousands of long-lived objects (the rule set, the
move model's vocabularies). The cyclic garbage collector would walk them again and again while they load
(about 0.04 s of a short note's 0.4 s) and at every full collection of a long batch after that. So the
command starts with the collector off (`load_first`), and the run turns it back on once loading is done
(`settle`), after moving everything loaded into the permanent generation: no later collection walks it, and
forked workers do not write to the pages they share with the parent (the recipe of `gc.freeze`'s
documentation: disable early, freeze right before forking).

At the end, `exit_now` skips the interpreter's teardown, which frees every one of those objects one by one
(about 0.05 s), once the output streams are flushed and the exit handlers have run.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
from typing import NoReturn


def load_first() -> None:
    """No collections while the command imports and loads what every input needs."""
    gc.disable()


def settle() -> None:
    """Loading is done: keep what it built out of every later collection, and collect as usual from here."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def exit_now(code: object) -> NoReturn:
    """Exit with `code` (as SystemExit reads it) without tearing the interpreter down.

    Falls back to an ordinary exit while other threads run (the interpreter joins them) or when an output
    stream cannot be flushed (a closed pipe is then reported the usual way)."""
    if threading.active_count() > 1:
        raise SystemExit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        atexit._run_exitfuncs()  # logging's handlers, temporary folders, anything a library registered
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise SystemExit(status) from None
    os._exit(status & 0xFF)  # as the operating system reads any exit status
