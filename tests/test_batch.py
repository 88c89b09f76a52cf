"""Batch runs: incremental reuse and its invalidation, a killable process pool, dask.

Real extraction of one or two small corpus reports plus tiny generated PDFs;
hangs and crashes are injected through the pool's documented test hooks
(EXTRACT_TEST_HANG_ON / EXTRACT_TEST_CRASH_ON).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractor.batch import CRASH_ENV, HANG_ENV, run_batch
from extractor.rules import load_rules
from tests.conftest import HANG_TIMEOUT, SMALL_PDF, make_long_pdf, rows_of


def csvs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(Path(folder).glob("*.csv"))}


def failures_of(folder: Path, name: str) -> list[dict]:
    return [f for f in rows_of(folder, "failures") if Path(f["source_path"]).name == name]


def actions(folder: Path) -> dict[str, str]:
    m = json.loads((Path(folder) / "manifest.json").read_text())
    return {Path(f["source_path"]).name: f["action"] for f in m["files"]}


@pytest.fixture
def tiny(tmp_path) -> list[Path]:
    d = tmp_path / "tiny"
    d.mkdir()
    return [make_long_pdf(d / f"t{i}.pdf", 2 + i) for i in range(3)]


@pytest.fixture
def rules_copy(tmp_path, rules_dir) -> Path:
    dst = tmp_path / "rules"
    shutil.copytree(rules_dir, dst)
    return dst


def test_rerun_reuses_every_file_and_writes_the_same_rows(small_corpus, rules, tmp_path):
    out = tmp_path / "out"
    first = run_batch([str(p) for p in small_corpus], out, rules, workers=2)
    assert first.actions == ["extracted", "extracted"] and first.count("failed") == 0
    before = csvs(out)
    again = run_batch([str(p) for p in small_corpus], out, rules, workers=2)
    assert again.actions == ["reused", "reused"]
    assert [r.status for r in again.results] == [r.status for r in first.results]
    assert csvs(out) == before  # reused rows are the extracted rows, byte for byte
    assert set(actions(out).values()) == {"reused"}

    # a changed file is re-extracted, alone
    changed = small_corpus[1]
    changed.write_bytes(changed.read_bytes() + b"\n% appended comment\n")
    third = run_batch([str(p) for p in small_corpus], out, rules, workers=2)
    assert third.actions == ["reused", "extracted"]
    assert actions(out) == {small_corpus[0].name: "reused", changed.name: "extracted"}
    ids = {r["report_id"] for r in rows_of(out, "reports")}
    assert third.results[1].report_id in ids and first.results[1].report_id not in ids


def test_rules_change_force_and_renamed_file(tmp_path, rules_copy):
    src = tmp_path / "a.pdf"
    shutil.copyfile(SMALL_PDF, src)
    out = tmp_path / "out"
    rules = load_rules(rules_copy)
    run_batch([str(src)], out, rules, workers=1)
    assert run_batch([str(src)], out, rules, workers=1).actions == ["reused"]
    assert run_batch([str(src)], out, rules, workers=1, force=True).actions == ["extracted"]

    # same content under a new name: reused, and the rows name the new path
    renamed = tmp_path / "renamed.pdf"
    src.rename(renamed)
    assert run_batch([str(renamed)], out, rules, workers=1).actions == ["reused"]
    assert [r["source_path"] for r in rows_of(out, "reports")] == [str(renamed)]

    # any change to a rules file changes the fingerprint: everything is re-extracted
    first = sorted(rules_copy.glob("*.yml"))[0]
    first.write_text(first.read_text() + "\n# touched\n")
    changed_rules = load_rules(rules_copy)
    assert changed_rules.fingerprint != rules.fingerprint
    assert run_batch([str(renamed)], out, changed_rules, workers=1).actions == ["extracted"]


def test_missing_files_dropped_or_kept(tiny, tmp_path, rules):
    out = tmp_path / "out"
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    run_batch([str(p) for p in tiny] + [str(bad)], out, rules, workers=2)
    assert len(rows_of(out, "reports")) == 4 and len(failures_of(out, "broken.pdf")) == 1

    kept = run_batch([str(tiny[0])], out, rules, workers=2, keep_missing=True)
    assert kept.actions == ["reused"] * 4  # the broken file's result is kept too (not retried)
    assert sorted(Path(r["source_path"]).name for r in rows_of(out, "reports")) == \
        ["broken.pdf", "t0.pdf", "t1.pdf", "t2.pdf"]
    assert [f["error_type"] for f in failures_of(out, "broken.pdf")] == [kept.error_types[3]] == ["not_a_pdf"]

    dropped = run_batch([str(tiny[0])], out, rules, workers=2)
    assert dropped.actions == ["reused"]
    assert [Path(r["source_path"]).name for r in rows_of(out, "reports")] == ["t0.pdf"]
    assert failures_of(out, "broken.pdf") == []


def test_a_hanging_file_times_out_and_the_rest_finish(tiny, tmp_path, rules, monkeypatch):
    monkeypatch.setenv(HANG_ENV, "t1.pdf")
    out = tmp_path / "out"
    # the timeout is generous for the two good files (well under a second each, idle) on a loaded machine
    summary = run_batch([str(p) for p in tiny], out, rules, workers=2, timeout=HANG_TIMEOUT)
    assert [r.status == "failed" for r in summary.results] == [False, True, False]
    [f] = failures_of(out, "t1.pdf")
    assert (Path(f["source_path"]).name, f["stage"], f["error_type"]) == ("t1.pdf", "process", "timeout")
    assert f["sha256"] == summary.results[1].sha256
    # timeouts are not a property of the file: the next run tries it again
    monkeypatch.delenv(HANG_ENV)
    again = run_batch([str(p) for p in tiny], out, rules, workers=2)
    assert again.actions == ["reused", "extracted", "reused"] and again.count("failed") == 0


def test_a_crashing_worker_is_replaced(tiny, tmp_path, rules, monkeypatch):
    monkeypatch.setenv(CRASH_ENV, "t0.pdf")
    out = tmp_path / "out"
    summary = run_batch([str(p) for p in tiny], out, rules, workers=1)  # one child: must be restarted
    assert [r.status == "failed" for r in summary.results] == [True, False, False]
    [f] = failures_of(out, "t0.pdf")
    assert f["error_type"] == "worker_died" and "SIGSEGV" in f["message"]
    assert [r["status"] == "failed" for r in rows_of(out, "reports")] == [True, False, False]


def test_output_does_not_depend_on_workers(tiny, tmp_path, rules):
    run_batch([str(p) for p in tiny], tmp_path / "w1", rules, workers=1)
    run_batch([str(p) for p in tiny], tmp_path / "w3", rules, workers=3)
    assert csvs(tmp_path / "w1") == csvs(tmp_path / "w3")


@pytest.mark.slow
def test_dask_localcluster_equals_local(tmp_path, rules, tiny, monkeypatch):
    distributed = pytest.importorskip("distributed")
    paths = [str(SMALL_PDF), str(tiny[0]), str(tmp_path / "missing.pdf")]
    run_batch(paths, tmp_path / "local", rules, workers=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        summary = run_batch(paths, tmp_path / "dask", rules, scheduler=cluster.scheduler_address)
        monkeypatch.setenv(HANG_ENV, "t1.pdf")  # a hung task: the client gives up on it, the rest go on
        hung = run_batch([str(tiny[1]), str(tiny[2])], tmp_path / "hung", rules,
                         scheduler=cluster.scheduler_address, timeout=HANG_TIMEOUT)
    assert [r.status for r in hung.results][0] == "failed" and hung.results[1].status != "failed"
    assert [f["error_type"] for f in failures_of(tmp_path / "hung", "t1.pdf")] == ["timeout"]
    assert [r.status == "failed" for r in summary.results] == [False, False, True]
    assert csvs(tmp_path / "dask") == csvs(tmp_path / "local")
    assert len(csvs(tmp_path / "dask")) == 13


def test_parent_streams_rows_per_report(tiny, small_corpus, tmp_path, rules, monkeypatch):
    """Issue 11 item 3: the parent writes each report's rows to disk as the report finishes and
    keeps none of them: at any time it holds one report's rows, not the corpus's."""
    from extractor.store import spool as spooling

    seen: list[tuple[int, int]] = []  # (rows handed to the spool at once, reports kept in memory since)
    real_add = spooling.Spool.add_rows

    def add_rows(self, rows, idx):
        seen.append((sum(len(v) for v in rows.values()), len(rows.get("reports", []))))
        return real_add(self, rows, idx)

    monkeypatch.setattr(spooling.Spool, "add_rows", add_rows)
    paths = [str(p) for p in small_corpus] + [str(p) for p in tiny]
    summary = run_batch(paths, tmp_path / "out", rules, workers=2)
    assert [n_reports for _, n_reports in seen] == [1] * len(paths)  # one call per report
    assert all(r.rows == {} for r in summary.results)  # nothing kept once spooled
    assert max(n for n, _ in seen) < sum(n for n, _ in seen)
    # what was spooled is what was published, sorted as before
    cells = rows_of(tmp_path / "out", "table_cells")
    assert cells and cells == sorted(
        cells, key=lambda c: (c["report_id"], c["table_id"], c["row"], c["col"]))
    assert len(rows_of(tmp_path / "out", "reports")) == len(paths)
    assert not (tmp_path / "out" / ".spool").exists()
