"""Real-world tables: a fixed subset of the ICDAR 2013 dev set (../shared/tables-dev) run
through the real CLI and the shared table scorer, held to floors that only go up.

The subset covers the mechanisms of issue 9: rows set solid with wrapped labels and group
labels (us-019, us-021), columns voted by the body under spanning headers (us-002), a ruled
body with rules only across (eu-016), a ruled box of rows without row rules (eu-008),
booktabs rules (eu-027), small stream tables (eu-026, us-016) and a fully ruled grid
(eu-024)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
if not SHARED.exists():  # a worktree sits one level deeper than the main checkout
    SHARED = Path("/work/shared")
CASES = SHARED / "tables-dev"
SCORER = SHARED / "eval" / "score_tables.py"
SUBSET = ["icdar2013-eu-008", "icdar2013-eu-016", "icdar2013-eu-024", "icdar2013-eu-026", "icdar2013-eu-027",
          "icdar2013-us-002", "icdar2013-us-016", "icdar2013-us-019", "icdar2013-us-021"]
# measured on this subset when set: 0.932 overall, 0.972 ruled, 0.922 unruled, 0.94 found, 1 spurious
# measured with the default PDFium reader (the pdfplumber reader scores 0.925 / 0.96 here: PDFium reads
# some small-caps text in upper case); raised after issue 9b (PDFium's generated spaces part words):
# 0.925 overall, 0.937 ruled, 0.922 unruled, 0.938 found, 1 spurious; floors only go up
FLOORS = {"cell_f1": 0.92, "ruled": 0.935, "unruled": 0.92, "table_recall": 0.93}
MAX_SPURIOUS = 1

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (SCORER.exists() and CASES.exists()),
                                 reason="../shared/tables-dev or its scorer is not beside the repo")]


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict:
    cases = tmp_path_factory.mktemp("cases")
    for name in SUBSET:
        for ext in (".pdf", ".expected.json"):
            (cases / f"{name}{ext}").symlink_to(CASES / f"{name}{ext}")
    out = tmp_path_factory.mktemp("out")
    exe = Path(sys.executable).with_name("extract")
    subprocess.run([str(exe), *sorted(str(p) for p in cases.glob("*.pdf")), "-o", str(out), "-q"],
                   check=True, capture_output=True, timeout=600)
    js = out / "scores.json"
    proc = subprocess.run([sys.executable, str(SCORER), str(out), "--cases", str(cases), "--no-baseline",
                           "--json", str(js)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(js.read_text())["project"]


def test_dev_subset_cell_f1_floors(scores):
    o, k = scores["overall"], scores["by_kind"]
    got = {"cell_f1": o["cell_f1"], "ruled": k["lattice"]["cell_f1"], "unruled": k["stream"]["cell_f1"],
           "table_recall": o["table_recall"]}
    low = {f: round(v, 3) for f, v in got.items() if v < FLOORS[f]}
    assert not low, f"below floor: {low} (all: {got})"


def test_dev_subset_few_spurious_tables(scores):
    assert scores["overall"]["spurious_tables"] <= MAX_SPURIOUS
