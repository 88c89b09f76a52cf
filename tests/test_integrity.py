"""Referential integrity and keys of the written dataset, on both sample corpora (word and brochure):
every partner_id used exists in `partners`; the keys researchers join and filter on are unique; an
organisation named in several reports keeps one registry_id."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

# a row's identity per table (ids DATASET.md defines, and the keys records are compared by)
KEYS = {
    "reports": ("report_id",),
    "sections": ("report_id", "section_id"),
    "tables": ("report_id", "table_id"),
    "table_cells": ("report_id", "table_id", "row", "col"),
    "priorities": ("report_id", "priority_id"),
    "recommendations": ("report_id", "recommendation_id"),
    "partners": ("partner_id",),
    "mentions": ("report_id", "partner_id", "surface_form"),
    "people": ("report_id", "name"),
    "funding": ("report_id", "agency", "kind"),
    "attendance": ("report_id", "name", "agency"),
    "metrics": ("report_id", "metric", "as_of", "scope"),
}


def _rows(out, table):
    return pq.read_table(out / f"{table}.parquet").to_pylist()


REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def brochure_out(brochure_output):
    """The brochure corpus's dataset: the session's one extraction of it (conftest)."""
    return brochure_output


@pytest.fixture(params=["word", "brochure"])
def output(request):
    return request.getfixturevalue("word_output" if request.param == "word" else "brochure_out")


def test_every_partner_id_used_is_a_partner(output):
    known = {r["partner_id"] for r in _rows(output, "partners")}
    for table in ("mentions", "funding"):
        used = {r["partner_id"] for r in _rows(output, table) if r["partner_id"]}
        assert used <= known, f"{table}: {sorted(used - known)}"


@pytest.mark.parametrize("table", sorted(KEYS))
def test_keys_are_unique(output, table):
    rows = _rows(output, table)
    counts = Counter(tuple(r[k] for k in KEYS[table]) for r in rows)
    assert not [k for k, n in counts.items() if n > 1]


def test_metrics_keep_both_figures_apart_by_scope(word_output):
    # Wolverhampton 2021/22: the area's 3,806 adult safeguarding concerns and one agency's 273
    rows = [r for r in _rows(word_output, "metrics") if r["metric"] == "safeguarding_concerns_adults"]
    assert {(r["value"], r["scope"]) for r in rows} >= {(3806.0, "area"), (273.0, "agency")}


def test_an_organisation_keeps_one_registry_id_across_reports(word_output):
    partners = {r["partner_id"]: r for r in _rows(word_output, "partners")}
    reports_of: dict[str, set] = {}
    for m in _rows(word_output, "mentions"):
        reports_of.setdefault(partners[m["partner_id"]]["registry_id"], set()).add(m["report_id"])
    # spelled differently in the Wolverhampton reports ("Royal Wolverhampton Hospital Trust" / "... NHS Trust",
    # "Health Watch" / "Healthwatch", "Youth Offending Team" / "Service"): one id each, in several reports
    for rid in ("royal-wolverhampton-trust", "healthwatch-wolverhampton", "wolverhampton-youth-offending-service",
                "wolverhampton-council", "west-midlands-police"):
        assert len(reports_of.get(rid, ())) >= 2, rid
    # a partner_id names one organisation: its registry_id is the same in every report
    assert len(partners) == len({p for p in partners})


def test_registry_identity_joins_spellings_and_keeps_kinds_apart():
    from extractor.rules import load_rules
    from extractor.vocab.partners import registry_from
    reg = registry_from(load_rules())
    same = [("Royal Devon NHS Trust", "Royal Devon Hospital Trust"), ("Health Watch Cumbria", "Healthwatch Cumbria"),
            ("Bury Metropolitan Borough Council", "Bury Council"), ("Youth Offending Team", "Youth Offending Service")]
    for a, b in same:
        assert reg.identity(a, "Bury") == reg.identity(b, "Bury"), (a, b)
    differ = [("Devon Fire and Rescue Service", "Devon Police Service"), ("Cumbria Police", "Cumbria County Council"),
              ("Devon County Council", "Devon Fire and Rescue Service")]
    for a, b in differ:
        assert reg.identity(a, "Devon") != reg.identity(b, "Devon"), (a, b)
    # a place-less local service belongs to the report's area, so two areas' services never share an id
    assert reg.identity("Youth Offending Service", "Devon") != reg.identity("Youth Offending Service", "Bury")


@pytest.mark.parametrize("table,cols", [
    ("reports", ("board_name", "area", "doc_type", "report_year", "period_start", "period_end", "chair")),
    ("recommendations", ("source", "number", "text")), ("metrics", ("metric", "value", "as_of", "scope")),
    ("funding", ("agency", "amount_gbp", "kind", "partner_id")), ("attendance", ("name", "agency", "attended", "possible"))])
def test_word_and_brochure_styles_give_the_same_records(word_output, brochure_out, table, cols):
    """The same reports set in two house styles give the same records (paths and ids aside)."""
    def records(out):
        src = {r["report_id"]: Path(r["source_path"]).name for r in _rows(out, "reports")}
        return sorted((src[r["report_id"]],) + tuple(str(r[c]) for c in cols) for r in _rows(out, table))
    assert records(word_output) == records(brochure_out)
