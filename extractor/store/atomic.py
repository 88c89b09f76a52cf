"""Replace an output folder as one step, so readers see the old dataset or the new one.

The new dataset is written into a staging folder beside the target; then the
two folders are exchanged with renameat2(RENAME_EXCHANGE) where Linux offers it,
else by two renames with a recovery step that a later run performs if a kill
falls between them.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def staging_dir(out: Path) -> Path:
    out = out.resolve()
    tmp = out.parent / f".{out.name}.staging-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    return tmp


def _exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def recover(out: Path) -> None:
    """Undo a swap that a kill interrupted: restore the previous dataset if the target is gone."""
    out = out.resolve()
    old = out.parent / f".{out.name}.previous"
    if not out.exists() and old.exists():
        old.rename(out)
    elif old.exists():
        shutil.rmtree(old, ignore_errors=True)
    for stale in out.parent.glob(f".{out.name}.staging-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()


def publish(staging: Path, out: Path) -> None:
    """Make `staging` the content of `out`."""
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} exists and is not a folder")
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)
        return
    old = out.parent / f".{out.name}.previous"
    if old.exists():
        shutil.rmtree(old)
    out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
