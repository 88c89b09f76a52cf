"""The dataset explains itself: datapackage.json valid for `frictionless`, DuckDB with comments,
primary keys, DATE columns and the report_partners / metrics_wide views."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from extractor.dataset.rows import SPECS, MentionRow, MetricRow, PartnerRow, ReportRow, SectionRow
from extractor.store.writer import write_dataset

frictionless = pytest.importorskip("frictionless")

A, B = "aaaaaaaaaaaa", "bbbbbbbbbbbb"


def report(rid: str, board: str) -> ReportRow:
    return ReportRow(report_id=rid, source_path=f"in/{rid}.pdf", sha256=rid * 5 + "abcd", n_pages=20, title=None,
                     board_name=board, area=None, doc_type="annual_report", report_year="2016/17",
                     period_start="2016-04-01", period_end="2017-03-31", chair=None, status="ok",
                     extractor_version="0.1.0")


def small_dataset(folder: Path) -> Path:
    rows = {
        "reports": [report(A, "Alpha LSCB"), report(B, "Beta LSCB")],
        "partners": [PartnerRow("west-midlands-police", "West Midlands Police", "police"),
                     PartnerRow("nhs-england", "NHS England", "health")],
        "mentions": [MentionRow(A, "west-midlands-police", "WMP", 3, 2, "WMP attended"),
                     MentionRow(A, "west-midlands-police", "Police", 2, 5),
                     MentionRow(B, "nhs-england", "NHS England", 1, 4)],
        "metrics": [MetricRow(A, "referrals", 1200.0, None, "2016/17", 5, "1,200 referrals"),
                    MetricRow(A, "referrals", 1100.0, None, "2015/16", 5, "1,100 the year before"),
                    MetricRow(B, "child_deaths", 7.0, None, "2016/17", 6, "7 child deaths")],
    }
    write_dataset(folder, rows, {"files": []})
    return folder


def validate(folder: Path) -> None:
    report_ = frictionless.validate(str(folder / "datapackage.json"))
    errors = [f"{t.name}: {e.message}" for t in report_.tasks for e in t.errors][:10]
    assert report_.valid, errors


def test_datapackage_describes_every_table_and_validates(tmp_path):
    out = small_dataset(tmp_path / "out")
    pkg = json.loads((out / "datapackage.json").read_text())
    assert [r["name"] for r in pkg["resources"]] == list(SPECS)
    for res in pkg["resources"]:
        assert (out / res["path"]).exists() and res["description"]
        assert [f["name"] for f in res["schema"]["fields"]] == SPECS[res["name"]].columns
        assert all(f["description"] for f in res["schema"]["fields"])
    by = {r["name"]: r["schema"] for r in pkg["resources"]}
    assert {"fields": ["partner_id"], "reference": {"resource": "partners", "fields": ["partner_id"]}} \
        in by["mentions"]["foreignKeys"]
    assert by["sections"]["primaryKey"] == ["section_id"]
    assert {f["name"]: f["type"] for f in by["reports"]["fields"]}["period_start"] == "date"
    validate(out)


def test_frictionless_catches_a_broken_foreign_key(tmp_path):
    """The validation is real: a mention of a partner missing from the registry fails it."""
    out = small_dataset(tmp_path / "out")
    lines = (out / "partners.csv").read_text().splitlines()
    (out / "partners.csv").write_text("\n".join(l for l in lines if "nhs-england" not in l) + "\n")
    report_ = frictionless.validate(str(out / "datapackage.json"))
    assert not report_.valid
    assert any(e.type == "foreign-key" for t in report_.tasks for e in t.errors)


def test_duckdb_has_comments_keys_dates_and_views(tmp_path):
    out = small_dataset(tmp_path / "out")
    con = duckdb.connect(str(out / "dataset.duckdb"), read_only=True)
    try:
        comments = dict(con.execute("SELECT table_name || '.' || column_name, COLUMN_COMMENT "
                                    "FROM information_schema.columns").fetchall())
        for name, spec in SPECS.items():
            for c in spec.columns:
                assert comments[f"{name}.{c}"] == spec.doc(c), f"{name}.{c}"
        tables = dict(con.execute("SELECT table_name, TABLE_COMMENT FROM information_schema.tables").fetchall())
        assert all(tables[n] == s.description for n, s in SPECS.items())
        assert tables["metrics_wide"] and tables["report_partners"]
        pks = {t for (t,) in con.execute("SELECT table_name FROM information_schema.table_constraints "
                                         "WHERE constraint_type = 'PRIMARY KEY'").fetchall()}
        assert pks == {n for n, s in SPECS.items() if s.primary_key}
        kind = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                "WHERE table_name = 'reports'").fetchall())
        assert kind["period_start"] == "DATE" and kind["n_pages"] == "BIGINT"
        assert con.execute("SELECT max(period_end) - min(period_start) FROM reports").fetchone()[0] == 364

        wide = con.execute("SELECT report_id, board_name, referrals, child_deaths FROM metrics_wide").fetchall()
        assert wide == [(A, "Alpha LSCB", 1200.0, None), (B, "Beta LSCB", None, 7.0)]  # latest as_of wins
        rp = con.execute("SELECT report_id, partner_id, category, mentions, first_page FROM report_partners").fetchall()
        assert rp == [(A, "west-midlands-police", "police", 5, 2), (B, "nhs-england", "health", 1, 4)]
    finally:
        con.close()


def test_rows_breaking_a_key_are_kept_without_the_key(tmp_path):
    """The same PDF given under two paths: its reports rows differ by path, so that key holds;
    a table whose rows repeat loses its key in DuckDB rather than stopping the run."""
    sec = SectionRow(A, f"{A}-s000", None, 1, None, "Foreword", "foreword", 1, 1, "text")
    rows = {"reports": [report(A, "Alpha"), replace(report(A, "Alpha"), source_path="in/copy.pdf")],
            "sections": [sec, sec]}
    write_dataset(tmp_path / "out", rows, {"files": []})
    con = duckdb.connect(str(tmp_path / "out" / "dataset.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM sections").fetchone()[0] == 2
        pks = {t for (t,) in con.execute("SELECT table_name FROM information_schema.table_constraints "
                                         "WHERE constraint_type = 'PRIMARY KEY'").fetchall()}
        assert "reports" in pks and "sections" not in pks
    finally:
        con.close()


@pytest.mark.slow
def test_corpus_datapackage_validates(word_output):
    validate(word_output)
    con = duckdb.connect(str(word_output / "dataset.duckdb"), read_only=True)
    try:
        n = con.execute("SELECT count(*) FROM metrics_wide").fetchone()[0]
        assert n == con.execute("SELECT count(DISTINCT report_id) FROM reports").fetchone()[0] == 5
        assert con.execute("SELECT count(*) FROM reports WHERE period_start IS NOT NULL").fetchone()[0] >= 1
    finally:
        con.close()
