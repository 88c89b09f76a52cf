"""`extract show OUTPUT REPORT`: one report's records, found by id, id prefix, file or path."""
from __future__ import annotations

import json

from extractor.dataset.rows import MentionRow, MetricRow, PartnerRow, ReportRow, SectionRow
from extractor.store.writer import write_dataset
from tests.conftest import make_pdf, run_extract


def dataset(tmp_path):
    """Two reports; the first is a real PDF on disk, so it can be named by its file."""
    pdf = make_pdf(tmp_path / "board.pdf", ["Annual report"])
    import hashlib
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    a, b = sha[:12], "bbbbbbbbbbbb"

    def rep(rid, sha256, path, board):
        return ReportRow(rid, path, sha256, 3, None, board, "Area", "annual_report", "2016/17", None, None,
                         "Jane Chair", "ok", "0.1.0")
    rows = {"reports": [rep(a, sha, "in/board.pdf", "Alpha Board"), rep(b, b * 5 + "abcd", "in/other.pdf", "Beta")],
            "sections": [SectionRow(a, f"{a}-s000", None, 1, None, "Foreword", "foreword", 1, 1, "t"),
                         SectionRow(a, f"{a}-s001", f"{a}-s000", 2, "1.1", "Our year", "summary", 2, 2, "t")],
            "partners": [PartnerRow("west-midlands-police", "West Midlands Police", "police"),
                         PartnerRow("nhs-england", "NHS England", "health")],
            "mentions": [MentionRow(a, "west-midlands-police", "WMP", 3, 2, "WMP attended"),
                         MentionRow(b, "nhs-england", "NHS England", 1, 1)],
            "metrics": [MetricRow(a, "referrals", 1200.0, None, "2016/17", 2, "There were 1,200 referrals"),
                        MetricRow(b, "child_deaths", 7.0, None, "2016/17", 3, "7 deaths")]}
    write_dataset(tmp_path / "out", rows, {"files": []})
    return tmp_path / "out", pdf, a


def test_show_prints_one_report_readably(tmp_path):
    out, pdf, a = dataset(tmp_path)
    r = run_extract(["show", out, a[:6]])
    assert r.returncode == 0, r.stderr
    for text in ("Alpha Board", "Jane Chair", "Foreword", "1.1 Our year", "referrals", "There were 1,200 referrals",
                 "WMP", "West Midlands Police"):
        assert text in r.stdout, text
    assert "Beta" not in r.stdout and "child_deaths" not in r.stdout and "NHS England" not in r.stdout


def test_show_json_by_file_and_by_path(tmp_path):
    out, pdf, a = dataset(tmp_path)
    r = run_extract(["show", out, pdf, "--json"])
    assert r.returncode == 0, r.stderr
    js = json.loads(r.stdout)
    assert js["report_id"] == a
    assert [m["metric"] for m in js["tables"]["metrics"]] == ["referrals"]
    assert [p["partner_id"] for p in js["tables"]["partners"]] == ["west-midlands-police"]
    assert len(js["tables"]["sections"]) == 2 and js["tables"]["people"] == []
    r = run_extract(["show", out, "other.pdf", "--json"])
    assert json.loads(r.stdout)["report_id"] == "bbbbbbbbbbbb"


def test_show_unknown_report_is_one_clear_line(tmp_path):
    out, _, _ = dataset(tmp_path)
    r = run_extract(["show", out, "zzzzzz"])
    assert r.returncode == 2 and "no such report" in r.stderr
    r = run_extract(["show", tmp_path / "nowhere", "abc"])
    assert r.returncode == 2 and "not a dataset" in r.stderr
