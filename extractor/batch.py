"""Run many files and gather their rows into one dataset.

The run is: take the output's lock, plan (store.incremental: which inputs keep
their previous rows, which are the same bytes as an earlier input), extract the
rest with worker.process_file in child processes (LocalPool) or on a dask
cluster (distributed.DaskRunner), stream each report's rows to disk as it
finishes (store.spool), sort and publish atomically. Whatever runs the files,
writing is the same, and nothing depends on which file finished first.

What a failed run keeps: a file that had rows and now fails for a passing
reason (store.incremental.PASSING_ERRORS) keeps them, marked `stale`; a run
that would publish a dataset with no report over one that has reports
publishes nothing unless asked (allow_empty).

LocalPool exists because concurrent.futures cannot kill a hung task: each
child runs one file at a time behind its own pipe, and the parent kills a
child that overruns its deadline or notices one that died, records a
`failures` row for that file, and starts a fresh child.
"""
from __future__ import annotations

import dataclasses
import multiprocessing as mp
import multiprocessing.util
import os
import signal
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable

from . import __version__
from .dataset.rows import FailureRow
from .errors import RunRefused
from .hooks import CRASH_ENV, HANG_ENV, apply_test_hooks, test_hooks  # noqa: F401  (tests set the env names)
from .rules import Rules
from .settings import Settings
from .store import spool as spooling
from .store.atomic import OutputLock, check_names
from .store.incremental import (
    PASSING_ERRORS,
    Copy,
    Item,
    Previous,
    code_fingerprint,
    copy_previous,
    plan,
    read_previous,
)
from .worker import FileResult, clean_result, display_path, failed_report_row, process_file

DEFAULT_TIMEOUT = 300.0

OnResult = Callable[[FileResult], None]
Sink = Callable[[int, FileResult], FileResult]  # (input index, result) -> what the runner keeps


def default_memory_limit(workers: int) -> int:
    """Bytes of address space one worker may use: an equal share of 80% of the machine's memory,
    at most 3 GiB (a real report needs a few hundred MB; a decompression bomb wants many GB)."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        total = 4 << 30
    return int(max(1 << 30, min(3 << 30, total * 0.8 / max(1, workers))))


@dataclass
class BatchSummary:
    results: list[FileResult] = field(default_factory=list)  # rows dropped: they are in the spool
    actions: list[str] = field(default_factory=list)  # per result: "extracted" | "reused"
    seconds: float = 0.0
    partner_ids: list[list[str]] = field(default_factory=list)  # per result
    error_types: list[str | None] = field(default_factory=list)  # per result (failed or stale)
    stale: list[str] = field(default_factory=list)  # paths whose previous rows were kept (stale)
    also: dict[str, list[str]] = field(default_factory=dict)  # first path -> paths with the same bytes
    stale_ids: list[tuple[str, str]] = field(default_factory=list)  # (path, report_id of the kept rows)
    published: bool = True  # False: an empty dataset was not written over a non-empty one
    previous_reports: int = 0
    notices: list[str] = field(default_factory=list)  # run-level lines for stderr

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def reused(self) -> int:
        return self.actions.count("reused")

    @property
    def pages(self) -> int:
        return sum(r.n_pages for r in self.results)

    @property
    def n_good(self) -> int:
        """Reports with rows in the new dataset (ok, partial, or kept stale)."""
        return self.count("ok") + self.count("partial") + len(self.stale)

    def line(self) -> str:
        stale = f" ({len(self.stale)} kept stale: previous rows)" if self.stale else ""
        dup = sum(len(v) for v in self.also.values())
        dups = f", {dup} duplicate{'s' if dup != 1 else ''}" if dup else ""
        n = len(self.results)
        return (f"{n} file{'' if n == 1 else 's'}: {self.count('ok')} ok, {self.count('partial')} partial, "
                f"{self.count('failed')} failed{stale}, {self.reused} reused{dups}; "
                f"{self.pages} pages in {self.seconds:.1f}s")


# ---------------------------------------------------------------- child processes

def _limit_memory(limit: int | None) -> None:
    """Cap this process's address space: an allocation past it raises MemoryError (the file
    fails as too_large) instead of taking the machine's memory."""
    if not limit:
        return
    import resource
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass


def _die_with_parent() -> None:
    """Linux: the kernel kills this child when the process that forked it ends (no orphans,
    whatever killed the run)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _child(conn, rules: Rules, hooks: tuple[str, str], memory: int | None = None,
           settings: Settings | None = None) -> None:
    """A pool child: run the files it is sent, one at a time, until told to stop (or the pipe
    closes: the parent is gone, and there is nobody to tell; exit quietly)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    _limit_memory(memory)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        idx, path = task
        apply_test_hooks(path, hooks)
        result = process_file(path, rules, settings)
        try:
            try:
                conn.send((idx, result))
            except (BrokenPipeError, ConnectionError):
                return
            except Exception as e:  # a result that cannot be sent back (pickling): report, stay alive
                message = f"result could not be returned: {type(e).__name__}: {e}"[:300]
                f = FailureRow(path, result.sha256, "process", type(e).__name__, message)
                conn.send((idx, clean_result(FileResult(path, result.sha256, "failed", result.n_pages,
                                                        result.seconds, {}, (f,), message))))
        except OSError:
            return
        if result.failures and result.failures[0].error_type == "too_large":
            return  # a fresh child for the next file: this one's heap may be fragmented


# an AF_UNIX socket path holds 107 bytes; multiprocessing adds "/pymp-XXXXXXXX/listener-XXXXXXXX"
_SOCKET_DIR_ROOM = 70


def _short_socket_dir() -> None:
    """multiprocessing makes its sockets under $TMPDIR, and a long TMPDIR overflows the socket
    path ("AF_UNIX path too long"): then take a short system temp folder for them (as Python
    3.12 does itself). Data never goes there, only the pool's sockets."""
    if len(tempfile.gettempdir()) <= _SOCKET_DIR_ROOM:
        return
    for short in ("/tmp", "/var/tmp", "/dev/shm"):
        if os.path.isdir(short) and os.access(short, os.W_OK | os.X_OK):
            saved, tempfile.tempdir = tempfile.tempdir, short
            try:
                multiprocessing.util.get_temp_dir()  # made now and kept for the process
            finally:
                tempfile.tempdir = saved
            return


def _context():
    """forkserver: children fork from a clean server with the pipeline preloaded (cheap
    restarts, no inherited threads); spawn where that start method is missing."""
    _short_socket_dir()
    try:
        ctx = mp.get_context("forkserver")
        # a failed import here would kill the server; extractor.warm also loads the pipeline and spaCy
        ctx.set_forkserver_preload(["extractor.batch", "extractor.warm"])
        return ctx
    except ValueError:
        return mp.get_context("spawn")


def _failure(item: Item, error_type: str, message: str, seconds: float) -> FileResult:
    f = FailureRow(item.source_path, item.sha256, "process", error_type, message)
    return clean_result(FileResult(item.source_path, item.sha256, "failed", 0, seconds, {}, (f,),
                                   f"{error_type}: {message}"))


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"worker process died (signal {signal.Signals(-exitcode).name})"
        except ValueError:
            return f"worker process died (signal {-exitcode})"
    return f"worker process died (exit status {exitcode})"


class _Slot:
    def __init__(self, ctx, rules: Rules, hooks: tuple[str, str], memory: int | None = None,
                 settings: Settings | None = None):
        self.conn, child_end = ctx.Pipe()
        self.proc = ctx.Process(target=_child, args=(child_end, rules, hooks, memory, settings), daemon=True)
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

    def __init__(self, workers: int, timeout: float = DEFAULT_TIMEOUT, memory: int | None = None,
                 settings: Settings | None = None):
        self.workers, self.timeout, self.memory = max(1, workers), timeout, memory
        self.settings = settings

    def run(self, items: list[Item], rules: Rules, on_result: OnResult | None = None,
            sink: Sink | None = None) -> list[FileResult]:
        """Results in input order; `sink(idx, result)` sees each as it finishes and returns what
        to keep (batch keeps no rows); `on_result` is then called with what was kept."""
        if not items:
            return []
        ctx, hooks = _context(), test_hooks()
        new_slot = lambda: _Slot(ctx, rules, hooks, self.memory, self.settings)  # noqa: E731
        results: list[FileResult | None] = [None] * len(items)
        todo = deque(enumerate(items))
        slots: list[_Slot] = []
        try:
            for _ in range(min(self.workers, len(items))):
                slot = new_slot()
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
                    res = sink(idx, res) if sink else res
                    results[idx] = res
                    s.task = None
                    if fresh:  # the old child is gone: replace it if there is more to do
                        s.stop(kill=True)
                        if todo:
                            slots[i] = s = new_slot()
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
                res = s.conn.recv()[1]
            except (EOFError, OSError):
                s.proc.join(5)
                return self._died(item, s.proc.exitcode, elapsed), True
            too_large = bool(res.failures) and res.failures[0].error_type == "too_large"
            return res, too_large  # the child of a too_large file exits: replace it
        if s.proc.sentinel in ready:
            s.proc.join()
            return self._died(item, s.proc.exitcode, elapsed), True
        if elapsed >= self.timeout:
            s.proc.kill()
            return _failure(item, "timeout", f"no result after {self.timeout:g}s; worker killed", elapsed), True
        return None, False

    def _died(self, item: Item, exitcode: int | None, elapsed: float) -> FileResult:
        """A child that died under a memory ceiling was most likely stopped by it (a library
        aborting on a failed allocation): too_large; otherwise worker_died."""
        if self.memory and exitcode == -signal.SIGABRT:
            return _failure(item, "too_large", "worker aborted under the memory ceiling (--max-memory)", elapsed)
        return _failure(item, "worker_died", _death(exitcode), elapsed)


# ---------------------------------------------------------------- merging and writing

def manifest_of(summary: BatchSummary, rules: Rules, settings: Settings | None = None) -> dict:
    def entry(r: FileResult, action: str, pids: list[str], error_type: str | None) -> dict:
        stale = r.source_path in stale_ids
        e = {"source_path": r.source_path, "sha256": r.sha256,
             "report_id": stale_ids[r.source_path] if stale else r.report_id,
             "status": "stale" if stale else r.status, "action": action, "n_pages": r.n_pages,
             "seconds": round(r.seconds, 3), "message": r.message or None, "error_type": error_type,
             "partner_ids": pids}
        if r.source_path in summary.also:
            e["also"] = summary.also[r.source_path]
        if r.replaced_chars:
            e["replaced_chars"] = r.replaced_chars
        return e
    stale_ids = dict(summary.stale_ids)
    return {
        "tool": "lscb-extractor",
        "extractor_version": __version__,
        "rules_fingerprint": rules.fingerprint,
        "settings_fingerprint": (settings or Settings()).fingerprint(),
        "code_fingerprint": code_fingerprint(),
        "rules_dir": rules.directory,
        "files": [entry(*x) for x in zip(summary.results, summary.actions, summary.partner_ids,
                                         summary.error_types)],
        "summary": {"files": len(summary.results), "ok": summary.count("ok"),
                    "partial": summary.count("partial"), "failed": summary.count("failed"),
                    "stale": len(summary.stale), "duplicates": sum(len(v) for v in summary.also.values()),
                    "extracted": summary.actions.count("extracted"), "reused": summary.reused,
                    "pages": summary.pages, "seconds": round(summary.seconds, 3)},
    }


def relabel(result: FileResult, source_path: str) -> FileResult:
    """The result as if the file had been given as `source_path` (remote paths)."""
    if result.source_path == source_path:
        return result
    rows = dict(result.rows)
    if "reports" in rows:
        rows["reports"] = [dataclasses.replace(r, source_path=source_path) for r in rows["reports"]]
    failures = tuple(dataclasses.replace(f, source_path=source_path) for f in result.failures)
    return dataclasses.replace(result, source_path=source_path, rows=rows, failures=failures)


def _inside(path: str, folder: Path) -> bool:
    try:
        return Path(path).resolve().is_relative_to(folder)
    except (OSError, RuntimeError, ValueError):
        return False


def preflight(paths: list[str], out: Path) -> None:
    """Checks that must fail before any work: a name too long beside the output, inputs that
    publishing the output would delete."""
    check_names(out)
    spooling.check_output(out)
    folder = Path(out).resolve()
    inside = [p for p in paths if _inside(p, folder)]
    if inside:
        raise RunRefused(f"{display_path(inside[0])} is inside the output folder {out}, which a run replaces "
                         f"whole ({len(inside)} input(s) there): move the inputs out, or choose another -o")


def run_batch(paths: list[str], out: Path, rules: Rules, workers: int | None = None,
              on_result: OnResult | None = None, *, timeout: float | None = None,
              scheduler: str | None = None, force: bool = False, keep_missing: bool = False,
              on_plan: Callable[[list[Item]], None] | None = None, memory: int | None = None,
              allow_empty: bool = False, on_notice: Callable[[str], None] | None = None,
              settings: Settings | None = None) -> BatchSummary:
    """Plan, extract what needs extracting, stream every report's rows to disk as it finishes,
    and publish the dataset. Holds the output's lock throughout (OutputBusy if another run has it).

    A file that had rows and now fails for a passing reason keeps them, marked stale. When the new
    dataset would have no report with rows and the previous one has some, nothing is published
    (summary.published is False) unless `allow_empty`. `settings` go to every file's stages;
    `workers`, `timeout` and `memory` (bytes), when given, override its `run` section."""
    out = Path(out)
    preflight(paths, out)
    notice = on_notice or (lambda line: None)
    settings = settings or Settings()
    run = settings.run
    workers = workers if workers is not None else run.workers
    timeout = timeout if timeout is not None else run.timeout
    if memory is None and run.max_memory:
        memory = run.max_memory * (1 << 20)
    with OutputLock(out):
        return _run_locked(paths, out, rules, workers, on_result, timeout, scheduler, force, keep_missing,
                           on_plan, memory, allow_empty, notice, settings)


def _run_locked(paths, out, rules, workers, on_result, timeout, scheduler, force, keep_missing, on_plan,
                memory, allow_empty, notice, settings: Settings) -> BatchSummary:
    t0 = time.perf_counter()
    prev = read_previous(out, rules, settings)
    summary = BatchSummary(previous_reports=prev.n_good)
    if prev.damaged:
        summary.notices.append(f"extract: the previous dataset in {out} is damaged ({prev.damaged}); "
                               "treating it as absent: every file is extracted again and it will be replaced")
        notice(summary.notices[-1])
    items = plan(paths, prev, force=force, keep_missing=keep_missing)
    for it in items:
        if it.action == "duplicate" and it.duplicate_of is not None:  # a duplicate always names its first
            first = display_path(it.duplicate_of)
            summary.also.setdefault(first, []).append(display_path(it.source_path))
            summary.notices.append(f"{display_path(it.source_path)}: same bytes as {first}: one report, "
                                   f"under the first path (this path is listed in the manifest)")
            notice(summary.notices[-1])
    items = [it for it in items if it.action != "duplicate"]
    if on_plan:
        on_plan(items)
    stage = spooling.begin(out)
    spool = None
    try:
        spool = spooling.Spool(stage / ".spool")
        _extract_into(spool, items, prev, out, rules, summary, workers, on_result, timeout, scheduler, memory,
                      settings)
        summary.seconds = time.perf_counter() - t0
        if summary.n_good == 0 and (prev.n_good or prev.damaged) and not allow_empty:
            summary.published = False
            spooling.abandon(stage, spool)
            return summary
        spooling.finish(out, stage, spool, manifest_of(summary, rules, settings))
    except BaseException:  # interrupted or failed: no staging folder left behind, `out` untouched
        spooling.abandon(stage, spool)
        raise
    return summary


def _size(path: str) -> int:
    """The file's size in bytes (0 when it cannot be seen): the order to hand files out in."""
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0


def _extract_into(spool, items: list[Item], prev: Previous, out: Path, rules: Rules, summary: BatchSummary,
                  workers, on_result, timeout, scheduler, memory, settings: Settings | None = None) -> None:
    """Fill `spool` and `summary` (input order) with reused rows, then extracted ones as they finish."""
    n = len(items)
    results: list[FileResult | None] = [None] * n
    partner_ids: list[list[str]] = [[] for _ in items]
    actions = ["reused" if it.action == "reuse" else "extracted" for it in items]
    copies = []
    for i, it in enumerate(items):
        e, sha = it.previous, it.sha256
        if it.action != "reuse" or e is None or sha is None:  # a reused file has its entry and hash
            continue
        path = display_path(it.source_path)
        partner_ids[i] = list(e.get("partner_ids") or ())
        results[i] = FileResult(path, sha, e["status"], e.get("n_pages") or 0, 0.0, {}, (),
                                e.get("message") or "")
        copies.append(Copy(i, sha[:12], sha, path, tuple(partner_ids[i])))
    copy_previous(out, copies, spool)
    # largest files first, so the longest one never starts last while the other workers sit idle;
    # rows are keyed by input index and tables sorted at the end, so the output does not change
    todo = sorted((i for i, it in enumerate(items) if it.action == "extract"),
                  key=lambda i: (-_size(items[i].source_path), i))
    stale: dict[int, Copy] = {}

    def sink(j: int, res: FileResult) -> FileResult:
        i = todo[j]
        res = clean_result(relabel(res, items[i].source_path))
        error_type = res.failures[0].error_type if res.status == "failed" and res.failures else None
        if error_type in PASSING_ERRORS:
            e = prev.good_entry(res.source_path, res.sha256 or items[i].sha256)
            if e is not None:
                stale[i] = Copy(i, e["report_id"], e.get("sha256"), res.source_path,
                                tuple(e.get("partner_ids") or ()), status="stale", failures=False)
                partner_ids[i] = list(e.get("partner_ids") or ())
                res = dataclasses.replace(res, message=f"{res.message} (previous rows kept, marked stale)")
        else:
            partner_ids[i] = sorted({p.partner_id for p in res.rows.get("partners", ())})
        rows = dict(res.rows)
        if res.status == "failed" and i not in stale:
            rep = failed_report_row(res)
            if rep is not None:
                rows["reports"] = [rep]
        rows["failures"] = list(res.failures)
        spool.add_rows(rows, i)
        kept = dataclasses.replace(res, rows={})
        results[i] = kept
        if on_result:
            on_result(kept)
        return kept

    if todo:
        batch = [items[i] for i in todo]
        if scheduler:
            from .distributed import DaskRunner
            DaskRunner(scheduler, timeout=timeout, settings=settings).run(batch, rules, None, sink=sink)
        else:
            w = workers or os.cpu_count() or 1
            memory = memory or default_memory_limit(min(w, len(todo)))
            LocalPool(w, timeout=timeout, memory=memory, settings=settings).run(batch, rules, None, sink=sink)
    copy_previous(out, list(stale.values()), spool)
    for i, res in enumerate(results):
        if res is None:  # every file is reused or has come back from a runner by now
            raise RuntimeError(f"no result for {display_path(items[i].source_path)}")
        summary.results.append(res)
        summary.actions.append(actions[i])
        summary.partner_ids.append(partner_ids[i])
        e = items[i].previous if items[i].action == "reuse" else None
        summary.error_types.append(e.get("error_type") if e else
                                   (res.failures[0].error_type if res.status == "failed" and res.failures else None))
        if i in stale:
            summary.stale.append(res.source_path)
            summary.stale_ids.append((res.source_path, stale[i].report_id))

