"""Run many files and gather their rows into one dataset.

Each file is processed by worker.process_file (in this process or a pool);
the parent only merges rows, de-duplicates the shared partner registry and
writes. A bad file yields one stderr line and a `failures` row; the rest go on.
"""
from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import __version__
from .normalise.rows import TABLES
from .rules import Rules, load_rules
from .store.writer import write_dataset
from .worker import FileResult, failed_report_row, process_file


@dataclass
class BatchSummary:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def pages(self) -> int:
        return sum(r.n_pages for r in self.results)

    def line(self) -> str:
        return (f"{len(self.results)} files: {self.count('ok')} ok, {self.count('partial')} partial, "
                f"{self.count('failed')} failed; {self.pages} pages in {self.seconds:.1f}s")


def _init_worker(rules_dir: str) -> None:
    global _RULES
    _RULES = load_rules(rules_dir)


def _run_one(path: str) -> FileResult:
    return process_file(path, _RULES)


def iter_results(paths: list[str], rules: Rules, workers: int) -> Iterator[FileResult]:
    """Results in input order (so the output never depends on scheduling)."""
    if workers <= 1 or len(paths) <= 1:
        for p in paths:
            yield process_file(p, rules)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(rules.directory,)) as pool:
        yield from pool.map(_run_one, paths)


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
    return {
        "tool": "lscb-extractor",
        "extractor_version": __version__,
        "rules_fingerprint": rules.fingerprint,
        "rules_dir": rules.directory,
        "files": [{"source_path": r.source_path, "sha256": r.sha256, "report_id": r.report_id,
                   "status": r.status, "n_pages": r.n_pages, "seconds": round(r.seconds, 3),
                   "message": r.message or None} for r in summary.results],
        "summary": {"files": len(summary.results), "ok": summary.count("ok"),
                    "partial": summary.count("partial"), "failed": summary.count("failed"),
                    "pages": summary.pages, "seconds": round(summary.seconds, 3)},
    }


def run_batch(paths: list[str], out: Path, rules: Rules, workers: int | None = None,
              on_result: Callable[[FileResult], None] | None = None) -> BatchSummary:
    t0 = time.perf_counter()
    workers = workers or os.cpu_count() or 1
    summary = BatchSummary()
    for result in iter_results(paths, rules, workers):
        summary.results.append(result)
        if on_result:
            on_result(result)
    summary.seconds = time.perf_counter() - t0
    write_dataset(out, merge_rows(summary.results), manifest_of(summary, rules))
    return summary
