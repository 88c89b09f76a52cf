"""Progress of a batch on stderr: a rich bar on a terminal, plain lines in logs.

Files finish in any order, so the bar counts files and pages as results come
in; the ETA is weighted by file size (bytes left / bytes per second so far),
which tracks pages far better than a file count when reports differ tenfold
in length. Problems (failed or partial files) are printed even when quiet.
"""
from __future__ import annotations

import os
import sys
import time
from typing import TextIO


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "-:--:--"
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


class Progress:
    def __init__(self, quiet: bool = False, stream: TextIO | None = None, tty: bool | None = None):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty() if tty is None else tty
        self.files = self.done = self.pages = 0
        self.total_bytes = self.done_bytes = 0
        self.sizes: dict[str, int] = {}
        self.t0 = time.monotonic()
        self._bar = self._task = None

    # -- called by run_batch
    def plan(self, items) -> None:
        todo = [i for i in items if i.action == "extract"]
        self.files = len(todo)
        self.sizes = {i.source_path: _size(i.source_path) for i in todo}
        self.total_bytes = sum(self.sizes.values()) or 1
        self.t0 = time.monotonic()
        reused = len(items) - len(todo)
        if self.quiet:
            return
        self._say(f"{len(items)} files: {len(todo)} to extract, {reused} reused")
        if self.tty and todo:
            self._start_bar()

    def result(self, r) -> None:
        self.done += 1
        self.pages += r.n_pages
        self.done_bytes += self.sizes.get(r.source_path, 0)
        if r.status != "ok":
            self._say(f"{r.source_path}: {r.status}: {r.message}")
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done_bytes, files=f"{self.done}/{self.files}",
                             pages=self.pages, rate=self.rate())
        elif r.status == "ok":
            self._say(f"[{self.done}/{self.files}] {r.source_path}: ok, {r.n_pages} pages, {r.seconds:.1f}s"
                      f" | {self.rate():.1f} pages/s, ETA {_clock(self.eta())}")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    # -- figures
    def rate(self) -> float:
        return self.pages / max(time.monotonic() - self.t0, 1e-6)

    def eta(self) -> float | None:
        if not self.done_bytes:
            return None
        elapsed = time.monotonic() - self.t0
        return elapsed * (self.total_bytes - self.done_bytes) / self.done_bytes

    # -- output
    def _say(self, line: str) -> None:
        # a file name may hold newlines or escape codes: one report is always one line
        line = "".join(c if c.isprintable() else repr(c)[1:-1] for c in line)
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False)
        else:
            print(line, file=self.stream, flush=True)

    def _start_bar(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress as Bar, TextColumn, TimeRemainingColumn

        console = Console(file=self.stream, force_terminal=True)
        self._bar = Bar(TextColumn("extracting"), BarColumn(), TextColumn("{task.fields[files]} files"),
                        TextColumn("{task.fields[pages]} pages"), TextColumn("{task.fields[rate]:.1f} pages/s"),
                        TextColumn("ETA"), TimeRemainingColumn(), console=console, transient=True)
        self._task = self._bar.add_task("extract", total=self.total_bytes, files=f"0/{self.files}",
                                        pages=0, rate=0.0)
        self._bar.start()


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
