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


# ---------------------------------------------------------------- one run per output folder

class OutputBusy(OSError):
    """Another run holds the output's lock."""


SIBLINGS = (".{}.lock", ".{}.previous", ".{}.staging-{}")  # names a run creates beside the output


def check_names(out: Path) -> None:
    """Fail before any work when a name the run creates beside `out` (staging folder, lock file)
    would exceed the file system's name limit: otherwise only the final write finds out."""
    out = Path(os.path.abspath(out))
    parent = out.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    try:
        limit = os.pathconf(parent, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    longest = max(len(os.fsencode(s.format(out.name, "4194304"))) for s in SIBLINGS)
    if longest > limit:
        raise OSError(36, f"output name too long: a run needs {longest - len(os.fsencode(out.name))} more "
                          f"characters beside it than the {limit} a file name may have; choose a shorter -o")


class OutputLock:
    """An exclusive flock on `.<out>.lock` beside the output, held for the whole run: a second
    run on the same output refuses (OutputBusy) instead of interleaving. The kernel drops the
    lock when the holder dies, however it dies; the file is removed by the run that holds it."""

    def __init__(self, out: Path):
        out = Path(os.path.abspath(out))
        self.path = out.parent / f".{out.name}.lock"
        self.fd: int | None = None

    def __enter__(self) -> "OutputLock":
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                os.close(fd)
                raise OutputBusy(11, f"another extract run (pid {holder or '?'}) is writing this output; "
                                     f"try again when it ends (lock: {self.path})") from None
            try:  # the file may have been removed by its previous holder after we opened it
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            try:
                os.unlink(self.path)
            except OSError:
                pass
            os.close(self.fd)
            self.fd = None
