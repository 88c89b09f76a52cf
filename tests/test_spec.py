"""The table specs (dataset.rows.SPECS) against the contract (../shared/DATASET.md) and
against themselves: every column described, every key naming real columns."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.dataset.rows import SPECS, TABLES
from extractor.store.schema import SORT_KEYS

REPO = Path(__file__).resolve().parent.parent
CANDIDATES = [REPO.parent / "shared" / "DATASET.md", REPO.parent.parent / "shared" / "DATASET.md"]


def contract() -> dict[str, list[str]]:
    """table -> its columns, in order, from the `## Tables` table of DATASET.md."""
    path = next((p for p in CANDIDATES if p.exists()), None)
    if path is None:
        pytest.skip("../shared/DATASET.md is not beside the repo")
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"\| `(\w+)` \| (.+) \|", line.strip())
        if m:
            cols = re.sub(r"\([^)]*\)", "", m.group(2))  # drop "(`ok`/`partial`/...)" notes
            out[m.group(1)] = [c.strip() for c in cols.split(",")]
    return out


def test_every_contract_table_and_column_in_the_specs_in_contract_order():
    want = contract()
    assert len(want) == 13 and want["reports"][0] == "report_id" and want["metrics"][-1] == "quote"
    assert list(SPECS) == list(want)  # the tables, in the contract's order
    for name, cols in want.items():
        have = SPECS[name].columns
        assert [c for c in have if c in cols] == cols, name  # none missing or renamed; order kept


def test_every_column_has_a_description():
    missing = [f"{n}.{c}" for n, s in SPECS.items() for c in s.columns if not s.doc(c)]
    assert missing == [], f"describe these columns in dataset/rows.py (docs or COMMON_DOCS): {missing}"
    assert all(s.description for s in SPECS.values())


def test_keys_name_real_columns_and_foreign_keys_real_tables():
    for name, s in SPECS.items():
        cols = set(s.columns)
        for key in (s.primary_key, s.sort_key, s.diff_key, s.own_ids, s.dates):
            assert set(key) <= cols, (name, key)
        assert s.scope in ("report", "corpus")
        assert (s.report_column is None) == (s.scope == "corpus")
        for fk in s.foreign_keys:
            assert set(fk.columns) <= cols and fk.table in SPECS, (name, fk)
            assert set(fk.ref_columns) <= set(SPECS[fk.table].columns), (name, fk)
            assert len(fk.columns) == len(fk.ref_columns)
        for c in s.dates:
            assert s.base_type(c) is str  # stored as ISO text in CSV and parquet


def test_a_new_field_on_a_row_type_is_a_column_everywhere():
    """Columns are derived from the dataclass: TABLES, the sort keys and the specs agree."""
    assert TABLES == {n: s.row_type for n, s in SPECS.items()}
    assert SORT_KEYS == {n: s.sort_key for n, s in SPECS.items()}
    from dataclasses import fields
    assert SPECS["metrics"].columns == [f.name for f in fields(TABLES["metrics"])]
    # mentions point at the registry, which is shared by all reports
    assert ("partner_id",) in [fk.columns for fk in SPECS["mentions"].foreign_keys if fk.table == "partners"]
    assert SPECS["partners"].scope == "corpus" and SPECS["failures"].report_column == "sha256"
