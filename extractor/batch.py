"""Run many files and gather their rows into one dataset.

The run is: plan (store.incremental: which inputs keep their previous rows),
extract the rest with worker.process_file in child processes (LocalPool) or on
a dask cluster (distributed.DaskRunner), merge every result in input order,
write atomically. Whatever runs the files, merging and writing are the same,
and nothing depends on which file finished first.

LocalPool exists because concurrent.futures cannot kill a hung task: each
child runs one file at a time behind its own pipe, and the parent kills a
child that overruns its deadline or notices one that died, records a
`failures` row for that file, and starts a fresh child.
"""
from __future__ import annotations

import dataclasses
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterable

from . import __version__
from .normalise.rows import TABLES, FailureRow
from .rules import Rules
from .store.incremental import Item, code_fingerprint, load_reused, plan
from .store.writer import write_dataset
from .worker import FileResult, failed_report_row, process_file

DEFAULT_TIMEOUT = 300.0
# Test hooks, read by the parent when a pool starts and handed to its children:
# a child given a path containing the substring hangs / kills itself with SIGSEGV.
HANG_ENV, CRASH_ENV = "EXTRACT_TEST_HANG_ON", "EXTRACT_TEST_CRASH_ON"

OnResult = Callable[[FileResult], None]


@dataclass
class BatchSummary:
    results: list[FileResult] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)  # per result: "extracted" | "reused"
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def reused(self) -> int:
        return self.actions.count("reused")

    @property
    def pages(self) -> int:
        return sum(r.n_pages for r in self.results)

    def line(self) -> str:
        return (f"{len(self.results)} file{'' if len(self.results) == 1 else 's'}: {self.count('ok')} ok, {self.count('partial')} partial, "
                f"{self.count('failed')} failed, {self.reused} reused; "
                f"{self.pages} pages in {self.seconds:.1f}s")


# ---------------------------------------------------------------- child processes

def test_hooks() -> tuple[str, str]:
    return os.environ.get(HANG_ENV, ""), os.environ.get(CRASH_ENV, "")


def apply_test_hooks(path: str, hooks: tuple[str, str]) -> None:
    """Hang or crash when the path contains the hook's substring (tests of timeouts and deaths)."""
    hang, crash = hooks
    if hang and hang in path:
        while True:
            time.sleep(3600)
    if crash and crash in path:
        os.kill(os.getpid(), signal.SIGSEGV)


def _child(conn, rules: Rules, hooks: tuple[str, str]) -> None:
    """A pool child: run the files it is sent, one at a time, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        idx, path = task
        apply_test_hooks(path, hooks)
        result = process_file(path, rules)
        try:
            conn.send((idx, result))
        except Exception as e:  # a result that cannot be sent back (pickling): report, stay alive
            message = f"result could not be returned: {type(e).__name__}: {e}"[:300]
            f = FailureRow(path, result.sha256, "process", type(e).__name__, message)
            conn.send((idx, FileResult(path, result.sha256, "failed", result.n_pages, result.seconds,
                                       {}, (f,), message)))


def _context():
    """forkserver: children fork from a clean server with the pipeline preloaded (cheap
    restarts, no inherited threads); spawn where that start method is missing."""
    try:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["extractor.batch"])  # a failed import here would kill the server
        return ctx
    except ValueError:
        return mp.get_context("spawn")


def _failure(item: Item, error_type: str, message: str, seconds: float) -> FileResult:
    f = FailureRow(item.source_path, item.sha256, "process", error_type, message)
    return FileResult(item.source_path, item.sha256, "failed", 0, seconds, {}, (f,), f"{error_type}: {message}")


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"worker process died (signal {signal.Signals(-exitcode).name})"
        except ValueError:
            return f"worker process died (signal {-exitcode})"
    return f"worker process died (exit status {exitcode})"


class _Slot:
    def __init__(self, ctx, rules: Rules, hooks: tuple[str, str]):
        self.conn, child_end = ctx.Pipe()
        self.proc = ctx.Process(target=_child, args=(child_end, rules, hooks), daemon=True)
        self.proc.start()
        child_end.close()
        self.task: tuple[int, Item] | None = None
        self.started = 0.0

    def give(self, idx: int, item: Item) -> None:
        self.task, self.started = (idx, item), time.monotonic()
        try:
            self.conn.send((idx, item.source_path))
        except OSError:  # the child is gone; its sentinel tells the run loop
            pass

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                kill = True
            self.proc.join(2)
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()


class LocalPool:
    """`workers` child processes; a file that overruns `timeout` seconds gets its child killed."""

    def __init__(self, workers: int, timeout: float = DEFAULT_TIMEOUT):
        self.workers, self.timeout = max(1, workers), timeout

    def run(self, items: list[Item], rules: Rules, on_result: OnResult | None = None) -> list[FileResult]:
        if not items:
            return []
        ctx, hooks = _context(), test_hooks()
        results: list[FileResult | None] = [None] * len(items)
        todo = deque(enumerate(items))
        slots: list[_Slot] = []
        try:
            for _ in range(min(self.workers, len(items))):
                slot = _Slot(ctx, rules, hooks)
                slots.append(slot)
                slot.give(*todo.popleft())
            while any(s.task for s in slots):
                busy = [s for s in slots if s.task]
                left = min(s.started for s in busy) + self.timeout - time.monotonic()
                ready = set(wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], max(0.0, left)))
                for i, s in enumerate(slots):
                    if s.task is None:
                        continue
                    idx, item = s.task
                    res, fresh = self._outcome(s, item, ready)
                    if res is None:
                        continue
                    results[idx] = res
                    s.task = None
                    if fresh:  # the old child is gone: replace it if there is more to do
                        s.stop(kill=True)
                        if todo:
                            slots[i] = s = _Slot(ctx, rules, hooks)
                    if todo:
                        s.give(*todo.popleft())
                    if on_result:
                        on_result(res)
        finally:
            for s in slots:
                s.stop(kill=s.task is not None)
        return results  # type: ignore[return-value]

    def _outcome(self, s: _Slot, item: Item, ready: set) -> tuple[FileResult | None, bool]:
        """(result or None while still running, whether the child must be replaced)."""
        elapsed = time.monotonic() - s.started
        if s.conn in ready:
            try:
                return s.conn.recv()[1], False
            except (EOFError, OSError):
                s.proc.join(5)
                return _failure(item, "worker_died", _death(s.proc.exitcode), elapsed), True
        if s.proc.sentinel in ready:
            s.proc.join()
            return _failure(item, "worker_died", _death(s.proc.exitcode), elapsed), True
        if elapsed >= self.timeout:
            s.proc.kill()
            return _failure(item, "timeout", f"no result after {self.timeout:g}s; worker killed", elapsed), True
        return None, False


# ---------------------------------------------------------------- merging and writing

def merge_rows(results: Iterable[FileResult]) -> dict[str, list]:
    rows: dict[str, list] = {name: [] for name in TABLES}
    partners: dict[str, object] = {}
    for r in results:
        for name, items in r.rows.items():
            if name == "partners":
                for p in items:
                    partners.setdefault(p.partner_id, p)
            else:
                rows[name].extend(items)
        rows["failures"].extend(r.failures)
        if r.status == "failed":
            rep = failed_report_row(r)
            if rep is not None:
                rows["reports"].append(rep)
    rows["partners"] = list(partners.values())
    return rows


def manifest_of(summary: BatchSummary, rules: Rules) -> dict:
    def entry(r: FileResult, action: str) -> dict:
        return {"source_path": r.source_path, "sha256": r.sha256, "report_id": r.report_id,
                "status": r.status, "action": action, "n_pages": r.n_pages, "seconds": round(r.seconds, 3),
                "message": r.message or None,
                "error_type": r.failures[0].error_type if r.status == "failed" and r.failures else None,
                "partner_ids": sorted({p.partner_id for p in r.rows.get("partners", ())})}
    return {
        "tool": "lscb-extractor",
        "extractor_version": __version__,
        "rules_fingerprint": rules.fingerprint,
        "code_fingerprint": code_fingerprint(),
        "rules_dir": rules.directory,
        "files": [entry(r, a) for r, a in zip(summary.results, summary.actions)],
        "summary": {"files": len(summary.results), "ok": summary.count("ok"),
                    "partial": summary.count("partial"), "failed": summary.count("failed"),
                    "extracted": summary.actions.count("extracted"), "reused": summary.reused,
                    "pages": summary.pages, "seconds": round(summary.seconds, 3)},
    }


def relabel(result: FileResult, source_path: str) -> FileResult:
    """The result as if the file had been given as `source_path` (reused rows, remote paths)."""
    if result.source_path == source_path:
        return result
    rows = dict(result.rows)
    if "reports" in rows:
        rows["reports"] = [dataclasses.replace(r, source_path=source_path) for r in rows["reports"]]
    failures = tuple(dataclasses.replace(f, source_path=source_path) for f in result.failures)
    return dataclasses.replace(result, source_path=source_path, rows=rows, failures=failures)


def run_batch(paths: list[str], out: Path, rules: Rules, workers: int | None = None,
              on_result: OnResult | None = None, *, timeout: float = DEFAULT_TIMEOUT,
              scheduler: str | None = None, force: bool = False, keep_missing: bool = False,
              on_plan: Callable[[list[Item]], None] | None = None) -> BatchSummary:
    """Plan, extract what needs extracting, merge in input order and write the dataset."""
    t0 = time.perf_counter()
    items = plan(paths, Path(out), rules, force=force, keep_missing=keep_missing)
    if on_plan:
        on_plan(items)
    reused = iter(load_reused(Path(out), items))
    todo = [i for i in items if i.action == "extract"]
    if scheduler:
        from .distributed import DaskRunner
        runner = DaskRunner(scheduler, timeout=timeout)
    else:
        runner = LocalPool(workers or os.cpu_count() or 1, timeout=timeout)
    fresh = iter(runner.run(todo, rules, on_result))
    summary = BatchSummary()
    for item in items:
        if item.action == "reuse":
            summary.results.append(next(reused))
            summary.actions.append("reused")
        else:
            summary.results.append(relabel(next(fresh), item.source_path))
            summary.actions.append("extracted")
    summary.seconds = time.perf_counter() - t0
    write_dataset(Path(out), merge_rows(summary.results), manifest_of(summary, rules))
    return summary
