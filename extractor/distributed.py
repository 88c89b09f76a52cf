"""Run the per-file work on an existing dask.distributed cluster (`extract --scheduler ADDR`).

Only process_file moves: the client submits (absolute path, rules) per file,
gathers FileResults and hands them back to batch.run_batch, which merges and
writes exactly as for a local run. Workers read the PDFs by path, so the files
must be visible at the same absolute path on every worker (a shared disk).

A task whose worker dies is retried by dask; when dask gives up (KilledWorker)
the file gets a `worker_died` failure. A file running longer than `timeout`
(counted from when the scheduler hands it to a worker) gets a `timeout`
failure and its future is cancelled; dask cannot kill the running thread, so a
truly hung worker stays busy until the cluster restarts it.
"""
from __future__ import annotations

import os
import time

from .dataset.rows import FailureRow
from .hooks import apply_test_hooks, test_hooks
from .rules import Rules
from .settings import Settings
from .store.incremental import Item
from .worker import FileResult, process_file

POLL = 0.1  # seconds between looks at the futures (local calls, cheap)


def run_file(path: str, rules: Rules, hooks: tuple[str, str] = ("", ""), settings: Settings | None = None
             ) -> FileResult:
    """The task: process_file, behind the same test hooks as the local pool."""
    apply_test_hooks(path, hooks)
    return process_file(path, rules, settings)


def _failed(item: Item, error_type: str, message: str, seconds: float) -> FileResult:
    f = FailureRow(item.source_path, item.sha256, "process", error_type, message[:300])
    return FileResult(item.source_path, item.sha256, "failed", 0, seconds, {}, (f,), f"{error_type}: {message[:300]}")


class DaskRunner:
    def __init__(self, address: str, timeout: float, settings: Settings | None = None):
        self.address, self.timeout, self.settings = address, timeout, settings

    def run(self, items: list[Item], rules: Rules, on_result=None, sink=None) -> list[FileResult]:
        """Results in input order; `sink(idx, result)` sees each as it finishes and returns what to keep."""
        if not items:
            return []
        from distributed import Client

        with Client(self.address, set_as_default=False) as client:
            return self._run(client, items, rules, on_result, sink or (lambda i, r: r))

    def _run(self, client, items: list[Item], rules: Rules, on_result, sink) -> list[FileResult]:
        [shared_rules] = client.scatter([rules], broadcast=True)
        t0 = time.monotonic()
        hooks = test_hooks()
        futures = {client.submit(run_file, os.path.abspath(it.source_path), shared_rules, hooks, self.settings,
                                 key=f"extract-{i}-{it.sha256 or 'nohash'}", pure=False): i
                   for i, it in enumerate(items)}
        results: list[FileResult | None] = [None] * len(items)
        started: dict[str, float] = {}
        last_look = 0.0
        while futures:
            for fut, i in list(futures.items()):
                if fut.done():
                    del futures[fut]
                    results[i] = sink(i, self._collect(fut, items[i], time.monotonic() - started.get(fut.key, t0)))
                    if on_result:
                        on_result(results[i])
            now = time.monotonic()
            if futures and now - last_look >= 1.0:
                last_look = now
                running = {k for keys in client.processing().values() for k in keys}
                for fut, i in list(futures.items()):
                    if fut.key in running:
                        started.setdefault(fut.key, now)
                        if now - started[fut.key] >= self.timeout:
                            fut.cancel()
                            del futures[fut]
                            results[i] = sink(i, _failed(items[i], "timeout",
                                                         f"no result after {self.timeout:g}s; task cancelled",
                                                         now - started[fut.key]))
                            if on_result:
                                on_result(results[i])
            time.sleep(POLL)
        return results  # type: ignore[return-value]

    @staticmethod
    def _collect(fut, item: Item, seconds: float) -> FileResult:
        if fut.status == "finished":
            return fut.result()
        try:
            exc = fut.exception()
        except Exception as e:  # cancelled from elsewhere
            exc = e
        if type(exc).__name__ == "KilledWorker":
            return _failed(item, "worker_died", f"dask gave up on the file: {exc}", seconds)
        return _failed(item, type(exc).__name__, str(exc), seconds)
