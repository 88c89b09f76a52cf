"""Never lose a researcher's data (issue 12): what a run keeps when inputs fail, duplicate
content, inputs inside the output folder, damaged previous datasets, over-long -o names."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import HANG_TIMEOUT, Pristine, make_pdf, rows_of, run_extract

TEXT = ["Safeguarding Children Partnership Annual Report 2020/21", "Introduction",
        "The partnership met four times this year."]


def _report(tmp_path: Path, name: str, extra: str) -> Path:
    return make_pdf(tmp_path / "in" / name, [TEXT + [extra], ["Second page about " + extra]])


@pytest.fixture(scope="module")
def _built_dataset(tmp_path_factory, rules_dir):
    def build(folder):
        a, b = _report(folder, "a.pdf", "neglect"), _report(folder, "b.pdf", "exploitation")
        out = folder / "out"
        proc = run_extract([a, b, "-o", out, "-q", "-w", "1"], rules=rules_dir)
        assert proc.returncode == 0, proc.stderr
        return a, b, out
    return Pristine(tmp_path_factory, "keep-data", build)


@pytest.fixture
def dataset(_built_dataset):
    """A dataset of two reports, built by the CLI (once per module; each test gets it as built)."""
    return _built_dataset.fresh()


def _by_name(out: Path, table: str) -> dict[str, dict]:
    return {Path(r["source_path"]).name: r for r in rows_of(out, table)}


# --- item 1 ---------------------------------------------------------------------------------

def test_mistyped_path_keeps_the_dataset(dataset, tmp_path, rules_dir):
    a, b, out = dataset
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    proc = run_extract([tmp_path / "typo.pdf", "-o", out, "-q", "-w", "1"], rules=rules_dir)
    assert proc.returncode == 3, proc.stderr
    assert "nothing published" in proc.stderr and "2 report(s)" in proc.stderr, proc.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # untouched, byte for byte
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".out.")] == []

    # asked explicitly: the empty dataset (with its failure) is published
    proc = run_extract([tmp_path / "typo.pdf", "-o", out, "-q", "-w", "1", "--allow-empty"], rules=rules_dir)
    assert proc.returncode == 3, proc.stderr
    assert rows_of(out, "reports") == []
    assert [f["error_type"] for f in rows_of(out, "failures")] == ["not_found"]


@pytest.mark.slow
def test_passing_failure_keeps_last_good_rows_as_stale(dataset, tmp_path, rules_dir):
    a, b, out = dataset
    sections_b = [s for s in rows_of(out, "sections") if s["report_id"] == _by_name(out, "reports")["b.pdf"]["report_id"]]
    assert sections_b
    # b.pdf hangs this time (a passing reason: timeout): its rows stay, marked stale
    proc = run_extract([a, b, "-o", out, "-q", "-w", "1", "--timeout", str(HANG_TIMEOUT), "--force"], rules=rules_dir,
                       env={"EXTRACT_TEST_HANG_ON": "b.pdf"})
    assert proc.returncode == 1, proc.stderr
    summary = proc.stderr.strip().splitlines()[-1]
    assert "1 failed (1 kept stale" in summary, summary
    reports = _by_name(out, "reports")
    assert {n: r["status"] for n, r in reports.items()} == {"a.pdf": "ok", "b.pdf": "stale"}
    assert [s for s in rows_of(out, "sections") if s["report_id"] == reports["b.pdf"]["report_id"]] == sections_b
    assert [(Path(f["source_path"]).name, f["error_type"]) for f in rows_of(out, "failures")] == [("b.pdf", "timeout")]
    manifest = json.loads((out / "manifest.json").read_text())
    assert {Path(f["source_path"]).name: f["status"] for f in manifest["files"]} == {"a.pdf": "ok", "b.pdf": "stale"}

    # the file is briefly gone (an unmounted share): still stale, not dropped
    moved = b.rename(tmp_path / "elsewhere.pdf")
    proc = run_extract([a, b, "-o", out, "-q", "-w", "1"], rules=rules_dir)
    assert proc.returncode == 1, proc.stderr
    assert _by_name(out, "reports")["b.pdf"]["status"] == "stale"

    # back again: extracted afresh, ok
    moved.rename(b)
    proc = run_extract([a, b, "-o", out, "-q", "-w", "1"], rules=rules_dir)
    assert proc.returncode == 0, proc.stderr
    assert {n: r["status"] for n, r in _by_name(out, "reports").items()} == {"a.pdf": "ok", "b.pdf": "ok"}
    assert rows_of(out, "failures") == []

    # a file no longer given is still dropped
    proc = run_extract([a, "-o", out, "-q", "-w", "1"], rules=rules_dir)
    assert proc.returncode == 0 and list(_by_name(out, "reports")) == ["a.pdf"]


def test_a_file_that_is_now_broken_for_good_is_not_kept(dataset, tmp_path, rules_dir):
    """Not a passing reason: the file itself is now not a PDF: its old rows go."""
    a, b, out = dataset
    b.write_text("overwritten with text\n")
    proc = run_extract([a, b, "-o", out, "-q", "-w", "1"], rules=rules_dir)
    assert proc.returncode == 1, proc.stderr
    assert {n: r["status"] for n, r in _by_name(out, "reports").items()} == {"a.pdf": "ok", "b.pdf": "failed"}
    assert "stale" not in proc.stderr


# --- item 2 ---------------------------------------------------------------------------------

def test_same_bytes_under_two_names_is_one_report(tmp_path, rules_dir):
    a = _report(tmp_path, "a.pdf", "neglect")
    copy = tmp_path / "in" / "copy-of-a.pdf"
    shutil.copyfile(a, copy)
    out = tmp_path / "out"
    proc = run_extract([a, copy, "-o", out, "-q", "-w", "1"], rules=rules_dir)
    assert proc.returncode == 0, proc.stderr
    reports = rows_of(out, "reports")
    assert [r["source_path"] for r in reports] == [str(a)]
    ids = [s["section_id"] for s in rows_of(out, "sections")]
    assert ids and len(ids) == len(set(ids))
    lines = [ln for ln in proc.stderr.splitlines() if str(copy) in ln]
    assert len(lines) == 1 and str(a) in lines[0] and "same bytes" in lines[0], proc.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert [(f["source_path"], f.get("also")) for f in manifest["files"]] == [(str(a), [str(copy)])]
    # the same again (reused): still one report
    proc = run_extract([a, copy, "-o", out, "-q", "-w", "1"], rules=rules_dir)
    assert proc.returncode == 0 and len(rows_of(out, "reports")) == 1


# --- item 13 --------------------------------------------------------------------------------

def test_inputs_inside_the_output_folder_are_refused_and_kept(dataset, tmp_path, rules_dir):
    a, b, out = dataset
    inside = out / "new-report.pdf"
    shutil.copyfile(a, inside)
    before = {p.name for p in out.iterdir()}
    for args in ([inside, b], [out]):
        proc = run_extract([*args, "-o", out, "-q", "-w", "1"], rules=rules_dir)
        assert proc.returncode == 4, proc.stderr
        assert "inside the output folder" in proc.stderr and str(inside) in proc.stderr, proc.stderr
        assert inside.exists() and {p.name for p in out.iterdir()} == before


# --- item 14: damaged previous dataset, -o near the name limit ------------------------------

@pytest.mark.parametrize("damage", ["truncated-parquet", "bad-manifest"])
def test_damaged_previous_dataset_is_treated_as_absent(dataset, rules_dir, damage):
    a, b, out = dataset
    if damage == "truncated-parquet":
        p = out / "sections.parquet"
        p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])
    else:
        (out / "manifest.json").write_text('{"tool": "lscb-extractor", "files": [')
    proc = run_extract([a, b, "-o", out, "-q", "-w", "1"], rules=rules_dir)
    assert proc.returncode == 0, proc.stderr
    [hint] = [ln for ln in proc.stderr.splitlines() if "treating it as absent" in ln]
    assert str(out) in hint and "is damaged" in hint
    assert {n: r["status"] for n, r in _by_name(out, "reports").items()} == {"a.pdf": "ok", "b.pdf": "ok"}
    assert rows_of(out, "sections")
    manifest = json.loads((out / "manifest.json").read_text())
    assert [f["action"] for f in manifest["files"]] == ["extracted", "extracted"]


def test_a_users_folder_is_still_refused(tmp_path, rules_dir):
    """Only a folder holding nothing but dataset file names counts as a damaged dataset."""
    pdf = make_pdf(tmp_path / "r.pdf", [TEXT])
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "manifest.json").write_text("{not json")
    (mine / "thesis.docx").write_text("years of work\n")
    proc = run_extract([pdf, "-o", mine, "-q", "-w", "1"], rules=rules_dir)
    assert proc.returncode == 4 and (mine / "thesis.docx").exists()


def test_output_name_near_the_limit_fails_first(tmp_path, rules_dir):
    pdf = make_pdf(tmp_path / "r.pdf", [TEXT])
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    out = tmp_path / ("o" * (limit - 3))  # a legal name; the staging folder beside it is not
    proc = run_extract([pdf, "-o", out], rules=rules_dir)
    assert proc.returncode == 4, proc.stderr
    assert "too long" in proc.stderr
    assert "to extract" not in proc.stderr  # refused before planning or extracting anything
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.pdf"]
