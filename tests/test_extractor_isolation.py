"""One extractor's bug loses only its own records: on a built report, the priorities extractor raises
and the report is `partial` with a `failures` row naming it; the other extractors' rows are kept."""
from __future__ import annotations

import pytest
import record_builders as B

from extractor.extract import priorities, registry
from extractor.rules import load_rules
from extractor.worker import process_file


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def test_every_extractor_is_registered_once_and_produces_an_extracted_field():
    names = [e.name for e in registry.EXTRACTORS]
    assert len(names) == len(set(names))
    fields = set(registry.Extracted.__dataclass_fields__) - {"errors"}
    produced = {f for e in registry.EXTRACTORS for f in e.produces}
    assert produced == fields


def test_a_failing_extractor_loses_only_its_records(tmp_path, rules, monkeypatch):
    pdf = B.priorities_report(tmp_path / "northmoor.pdf")
    good = process_file(pdf, rules)
    assert good.status == "ok" and not good.failures
    assert good.rows["priorities"] and good.rows["people"]  # both extractors find rows here

    def broken(*args, **kwargs):
        raise ValueError("a bug in the priorities extractor")
    monkeypatch.setattr(priorities, "extract", broken)
    bad = process_file(pdf, rules)

    assert bad.status == "partial"
    assert [(f.stage, f.error_type) for f in bad.failures] == [("extract:priorities", "ValueError")]
    assert bad.rows["priorities"] == []
    assert bad.rows["reports"][0].status == "partial"
    assert bad.rows["reports"][0].board_name == good.rows["reports"][0].board_name is not None
    for table in ("people", "partners", "mentions", "recommendations", "funding", "attendance", "metrics",
                  "sections", "tables"):
        assert bad.rows[table] == good.rows[table], table
