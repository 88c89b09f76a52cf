"""The library: extractor.extract (records, no files) and extractor.open_dataset (DataFrames, DuckDB),
and the example script built on them."""
from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

import extractor
from extractor.dataset.rows import AttendanceRow, FundingRow, MentionRow, MetricRow, PartnerRow, ReportRow, SectionRow
from extractor.store.writer import write_dataset
from tests.conftest import REPO, SMALL_PDF

A, B = "aaaaaaaaaaaa", "bbbbbbbbbbbb"


def test_extract_returns_typed_records_and_writes_nothing(tmp_path, monkeypatch):
    import extractor.extract.registry  # noqa: F401  the stage package must not shadow the function
    assert callable(extractor.extract)
    monkeypatch.chdir(tmp_path)
    report = extractor.extract(SMALL_PDF)
    assert list(tmp_path.iterdir()) == []  # no output folder, no file
    assert isinstance(report, extractor.Report) and report.status == "ok"
    assert report.report_id == report.report.sha256[:12]
    assert report.sections and all(isinstance(s, SectionRow) for s in report.sections)
    assert report.mentions and all(isinstance(m, MentionRow) and m.report_id == report.report_id
                                   for m in report.mentions)
    frames = report.frames()
    assert list(frames["sections"].columns) == extractor.api.SPECS["sections"].columns
    assert len(frames["sections"]) == len(report.sections)
    assert frames["partners"]["partner_id"].is_unique


def test_extract_many_keeps_going_past_a_bad_file(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    reports = extractor.extract([bad, tmp_path / "missing.pdf"])
    assert [r.status for r in reports] == ["failed", "failed"]
    assert all(r.failures and r.message for r in reports)
    assert reports[1].report is None  # no hash for a missing file: no reports row


def small_dataset(folder):
    def rep(rid, area):
        return ReportRow(rid, f"in/{rid}.pdf", rid * 5 + "abcd", 10, None, f"{area} LSCB", area, "annual_report",
                         "2016/17", "2016-04-01", "2017-03-31", None, "ok", "0.1.0")
    rows = {"reports": [rep(A, "Alpha"), rep(B, "Beta")],
            "partners": [PartnerRow("alpha-police", "Alpha Police", "police"),
                         PartnerRow("alpha-council", "Alpha Council", "local_authority")],
            "mentions": [MentionRow(A, "alpha-police", "Police", 2, 3), MentionRow(B, "alpha-council", "Council", 1, 2)],
            "funding": [FundingRow(A, "Alpha Police", "alpha-police", 15000.0, "contribution", 9, "Police £15,000"),
                        FundingRow(A, "Alpha Council", "alpha-council", 90000.0, "contribution", 9, "Council £90,000"),
                        FundingRow(B, "Beta Council", None, 50000.0, "contribution", 7, "Council £50,000")],
            "attendance": [AttendanceRow(A, "Ann Smith", "Police", 3, 4, 12), AttendanceRow(A, "Bo Lee", "NHS", 1, 4, 12)],
            "metrics": [MetricRow(A, "referrals", 1200.0, None, "2016/17", 5, "1,200 referrals")]}
    write_dataset(folder, rows, {"files": []})
    return folder


def test_open_dataset_gives_frames_sql_and_the_dictionary(tmp_path):
    out = small_dataset(tmp_path / "out")
    with extractor.open_dataset(out) as ds:
        assert list(ds.reports["report_id"]) == [A, B]
        assert pd.api.types.is_datetime64_any_dtype(ds.reports["period_start"])
        assert ds["funding"]["amount_gbp"].sum() == 155000.0 and ds.funding is ds["funding"]
        assert ds.sql("SELECT referrals FROM metrics_wide WHERE report_id = ?", A)["referrals"].tolist() == [1200.0]
        assert ds.sql("SELECT count(*) AS n FROM report_partners")["n"].tolist() == [2]
        d = ds.describe("funding").set_index("column")
        assert d.loc["amount_gbp", "type"] == "number" and d.loc["amount_gbp", "description"]
        with pytest.raises(KeyError):
            ds["nope"]
    with pytest.raises(FileNotFoundError):
        extractor.open_dataset(tmp_path / "nowhere")


def test_example_script_compares_partnerships_and_saves_a_plot(tmp_path):
    out = small_dataset(tmp_path / "out")
    png = tmp_path / "plot.png"
    proc = subprocess.run([sys.executable, str(REPO / "examples" / "compare_partnerships.py"), str(out), "-o", str(png)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300,
                          env={**os.environ, "MPLBACKEND": "Agg"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Alpha 2016/17" in proc.stdout and "90000" in proc.stdout and "0.5" in proc.stdout  # 4 of 8 attended
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
