"""One Settings passed down to the stages, overridable as `section.field=value`."""
from __future__ import annotations

import pytest
import record_builders as B
from click.testing import CliRunner

from extractor.cli.main import cli
from extractor.pipeline import build_document
from extractor.settings import DEFAULT_FINGERPRINT, Settings


def test_overrides_are_converted_to_the_field_type_and_checked():
    s = Settings().with_overrides(["tables.cell_gap=1.5", "tables.min_rows=4", "ingest.backend=pdfplumber",
                                   "run.max_memory=none"])
    assert (s.tables.cell_gap, s.tables.min_rows, s.ingest.backend, s.run.max_memory) == (1.5, 4, "pdfplumber", None)
    assert Settings().tables.cell_gap != 1.5  # the defaults are untouched (frozen, replaced)
    for bad, why in [("tables.cell_gap", "section.field=value"), ("table.cell_gap=1", "no settings section"),
                     ("tables.gap=1", "has no field"), ("tables.min_rows=many", "not a valid int")]:
        with pytest.raises(ValueError, match=why):
            Settings().with_overrides([bad])


def test_the_fingerprint_follows_the_stage_settings_not_the_run(monkeypatch):
    monkeypatch.delenv("EXTRACT_BACKEND", raising=False)
    assert Settings().fingerprint() == DEFAULT_FINGERPRINT
    assert Settings().with_overrides(["run.workers=3", "run.timeout=9"]).fingerprint() == DEFAULT_FINGERPRINT
    assert Settings().with_overrides(["headings.max_words=12"]).fingerprint() != DEFAULT_FINGERPRINT


def test_the_fingerprint_names_the_reader_chosen_by_the_environment(monkeypatch):
    """Output read by another backend through $EXTRACT_BACKEND is not reused as if it were the default's."""
    monkeypatch.setenv("EXTRACT_BACKEND", "pdfplumber")
    assert Settings().fingerprint() != DEFAULT_FINGERPRINT
    assert Settings().fingerprint() == Settings().with_overrides(["ingest.backend=pdfplumber"]).fingerprint()


def test_stage_settings_reach_the_stages(tmp_path, rules):
    pdf = B.review_table_report(tmp_path / "sar.pdf")
    assert build_document(pdf, rules).tables
    assert not build_document(pdf, rules, Settings().with_overrides(["tables.min_rows=99"])).tables


def test_cli_refuses_an_unknown_setting_before_any_work(tmp_path):
    r = CliRunner().invoke(cli, ["run", str(tmp_path / "none.pdf"), "-o", str(tmp_path / "out"),
                                 "--set", "tables.cell_gapp=2"])
    assert r.exit_code == 2
    assert "tables has no field 'cell_gapp'" in r.output
    assert not (tmp_path / "out").exists()
