"""Progress of a batch on stderr: a rich bar on a terminal, plain lines in logs.

The bar counts pages, not files: reports differ tenfold in length, and a run of
three files would otherwise sit still for minutes. Page counts come from each
PDF's page tree at plan time (pypdf, milliseconds a file; a file that cannot be
read counts by its size). Workers report only when a file is done, so the pages
of the files being read are estimated from the time they have run and the pages
per second per worker measured so far (a typical rate before the first file
finishes), never past 95% of the file: the bar moves and has an ETA from the
first seconds, and jumps to the truth as each result comes in. Which files are
being read follows the pool's order: the first `workers` files start at once,
and each result starts the next. Problems (failed or partial files) are printed
even when quiet; plain lines name a file only once it is done.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from typing import Any, Callable, TextIO

PRIOR_RATE = 2.5  # pages per second per worker before any file is done (the sample corpus: 2.8)
IN_FLIGHT_CAP = 0.95  # an estimate never claims a running file is done
READING_CHARS = 24  # of the file name on the bar
COUNT_BUDGET = 1.0  # seconds spent counting pages at plan time (~10-100 ms a file); the rest count by size


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "-:--:--"
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class Progress:
    def __init__(self, quiet: bool = False, stream: TextIO | None = None, tty: bool | None = None,
                 workers: int | None = None, clock: Callable[[], float] = time.monotonic):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty() if tty is None else tty
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.clock = clock
        self.files = self.done = self.pages = 0
        self.expected: dict[str, int] = {}  # path -> pages (counted, or estimated by size)
        self.queue: list[str] = []  # files not started yet, in the pool's order
        self.running: dict[str, float] = {}  # path -> when it started
        self.busy = 0.0  # worker-seconds spent on finished files
        self.t0 = clock()
        self._bar: Any = None
        self._task: Any = None
        self._lock = threading.Lock()
        self._stop = threading.Event()

    # -- called by run_batch
    def plan(self, items) -> None:
        todo = [i for i in items if i.action == "extract"]
        self.files = len(todo)
        paths = [i.source_path for i in todo]
        self.expected = count_pages(paths, budget=0.0 if self.quiet else COUNT_BUDGET)
        self.queue = [i.source_path for i in todo]
        self.t0 = self.clock()
        for _ in range(min(self.workers, len(self.queue))):
            self.running[self.queue.pop(0)] = self.t0
        reused = len(items) - len(todo)
        if self.quiet:
            return
        self._say(f"{plural(len(items), 'file')}: {len(todo)} to extract, {reused} reused"
                  + (f" (~{plural(self.total_pages(), 'page')})" if todo else ""))
        if self.tty and todo:
            self._start_bar()

    def result(self, r) -> None:
        with self._lock:
            self.done += 1
            self.pages += r.n_pages
            now = self.clock()
            started = self.running.pop(r.source_path, None)
            self.busy += now - started if started is not None else r.seconds
            self.expected[r.source_path] = r.n_pages  # the truth replaces the count
            if self.queue:
                self.running[self.queue.pop(0)] = now
        if r.status != "ok":
            self._say(f"{r.source_path}: {r.status}: {r.message}")
        if self.quiet:
            return
        if self._bar is not None:
            self._update()
        elif r.status == "ok":
            self._say(f"[{self.done}/{self.files}] {r.source_path}: ok, {r.n_pages} pages, {r.seconds:.1f}s"
                      f" | {self.rate():.1f} pages/s, ETA {_clock(self.eta())}")

    def close(self) -> None:
        self._stop.set()
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    # -- figures
    def total_pages(self) -> int:
        return sum(self.expected.values())

    def worker_rate(self) -> float:
        """Pages per second per worker: measured once a file is done, a typical rate before."""
        return self.pages / self.busy if self.pages and self.busy > 0 else PRIOR_RATE

    def pages_read(self) -> float:
        """Pages of finished files plus the estimated pages of the files being read."""
        now, rate = self.clock(), self.worker_rate()
        flying = sum(min((now - t) * rate, IN_FLIGHT_CAP * self.expected.get(p, 0)) for p, t in self.running.items())
        return self.pages + flying

    def rate(self) -> float:
        return self.pages_read() / max(self.clock() - self.t0, 1e-6)

    def eta(self) -> float | None:
        if not self.files:
            return None
        left = max(self.total_pages() - self.pages_read(), 0.0)
        return left / (self.worker_rate() * min(self.workers, max(len(self.running), 1)))

    def reading(self) -> str:
        """The file being read (the latest started), and how many more are."""
        if not self.running:
            return ""
        latest = list(self.running)[-1]  # started last (insertion order)
        more = f" +{len(self.running) - 1}" if len(self.running) > 1 else ""
        name = _printable(os.path.basename(latest))
        name = name if len(name) <= READING_CHARS else name[: READING_CHARS - 1] + "…"
        return name + more

    # -- output
    def _say(self, line: str) -> None:
        line = _printable(line)
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False)
        else:
            print(line, file=self.stream, flush=True)

    def _update(self) -> None:
        with self._lock:
            fields = dict(completed=self.pages_read(), total=max(self.total_pages(), 1),
                          files=f"{self.done}/{self.files}", pages=int(self.pages_read()), rate=self.rate(),
                          eta=_clock(self.eta()), reading=_escape(self.reading()))
        bar = self._bar  # the ticker thread may run while close() stops the bar
        if bar is not None:
            bar.update(self._task, **fields)

    def _tick(self) -> None:
        while not self._stop.wait(0.5):
            self._update()

    def _start_bar(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, TextColumn
        from rich.progress import Progress as Bar

        console = Console(file=self.stream, force_terminal=True)
        self._bar = Bar(BarColumn(bar_width=16), TextColumn("{task.fields[pages]} pages"),
                        TextColumn("{task.fields[files]} files"), TextColumn("{task.fields[rate]:.1f} pages/s"),
                        TextColumn("ETA {task.fields[eta]}"), TextColumn("[dim]{task.fields[reading]}", markup=True),
                        console=console, transient=True)
        self._task = self._bar.add_task("extract", total=max(self.total_pages(), 1), files=f"0/{self.files}",
                                        pages=0, rate=0.0, eta=_clock(self.eta()), reading=_escape(self.reading()))
        self._bar.start()
        threading.Thread(target=self._tick, name="progress", daemon=True).start()


def _escape(text: str) -> str:
    from rich.markup import escape
    return escape(text)


def _printable(line: str) -> str:
    # a file name may hold newlines or escape codes: one report is always one line
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in line)


def count_pages(paths: list[str], budget: float = COUNT_BUDGET) -> dict[str, int]:
    """Pages per file from its page tree; by size (at the pages per byte of the files counted,
    else 40 KB a page) for a file that cannot be read or once `budget` seconds are spent."""
    import logging

    counted: dict[str, int] = {}
    sizes = {p: _size(p) for p in paths}
    deadline = time.monotonic() + budget
    log = logging.getLogger("pypdf")
    level, log.level = log.level, logging.CRITICAL  # a damaged file is the worker's to report
    try:
        for p in paths:
            if time.monotonic() >= deadline:
                break
            n = _page_count(p)
            if n:
                counted[p] = n
    finally:
        log.setLevel(level)
    per_byte = (sum(counted.values()) / max(sum(sizes[p] for p in counted), 1)) if counted else 1 / 40_000
    return {p: counted.get(p) or max(1, round(sizes[p] * per_byte)) for p in paths}


def _page_count(path: str) -> int:
    try:
        from pypdf import PdfReader
        return len(PdfReader(path, strict=False).pages)
    except Exception:  # unreadable, encrypted, not a PDF: the worker will say why
        return 0


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
