"""An input file's content hash, read without ever blocking (the worker and the incremental plan use it)."""
from __future__ import annotations

import hashlib
import os
import stat


def sha256_file(path: str) -> str | None:
    """The file's sha256, or None when it cannot be read or is not a regular file (the worker
    says why). Opened without blocking and checked on the open descriptor: a FIFO or a symlink
    to /dev/zero named x.pdf would otherwise block or never end."""
    h = hashlib.sha256()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except (OSError, ValueError):
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    return h.hexdigest()
