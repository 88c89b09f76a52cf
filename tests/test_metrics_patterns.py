"""Metric phrasings are spaCy Matcher token patterns in rules/metrics.yml: lemmas and word order, not one
regex per wording. Built PDFs use phrasings the sample reports do not."""
from __future__ import annotations

import pytest
import record_builders as B
import yaml
from pydantic import ValidationError

from extractor.extract import metrics, report_facts
from extractor.pipeline import build_document
from extractor.rules import DEFAULT_DIR, load_rules
from extractor.rules_schemas import MetricsRules

COVER = [("Northmoor Safeguarding Children Partnership", 20), ("Annual Report 2018/19", 16)]


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.fixture(scope="module")
def got(tmp_path_factory, rules):
    pages = [
        ["Child protection", "The number of children subject to CP plans rose to 312 in March 2019."],
        ["Child protection remained our focus: 280 children had a plan on 31 March 2018."],
        ["Children in need numbered 2,310 at the end of the year."],
        ["Looked after children rose to 455 by March 2019, the highest figure in five years."],
        ["The panel reviewed 14 child deaths during the year and shared the learning."],
        ["The number of children in need has risen to 2,400 by March 2019, after a dip in the autumn."],
        ["Forty training sessions were delivered to partners across the county."],
        # not counts of the area: a rate, and a plan that is no child protection plan
        ["The rate of children subject to a child protection plan rose to 45 per 10,000 children."],
        ["Transition work goes on: 15 children had a plan to move school in the summer."],
    ]
    doc = build_document(B.cover_report(tmp_path_factory.mktemp("m") / "metrics.pdf", COVER, pages), rules)
    rows = metrics.extract(doc, rules, report_facts.extract(doc, rules))
    return {(r.metric, r.as_of): (r.value, r.page, r.quote) for r in rows}


def test_reversed_word_order_and_abbreviated_plans(got):
    value, page, quote = got[("child_protection_plans", "2019-03")]
    assert (value, page) == (312, 2)
    assert quote.startswith("children subject to CP plans rose to 312")


def test_a_plan_counts_only_where_the_paragraph_is_about_child_protection(got):
    assert got[("child_protection_plans", "2018-03")][0] == 280
    assert not [k for k, v in got.items() if v[0] in (15, 45)]  # another plan; a rate


def test_lemmas_carry_other_inflections_and_number_words(got):
    assert got[("children_in_need", "2018/19")][0] == 2310
    assert got[("children_in_need", "2019-03")][0] == 2400  # an auxiliary before the verb
    assert got[("looked_after_children", "2019-03")][0] == 455
    assert got[("child_deaths", "2018/19")][0] == 14
    assert got[("training_events", "2018/19")][0] == 40


def test_patterns_are_validated_at_load():
    data = yaml.safe_load((DEFAULT_DIR / "metrics.yml").read_text(encoding="utf-8"))
    assert all(spec.get("patterns") for spec in data["metrics"].values())  # every metric has phrasings
    MetricsRules.model_validate(data)
    bad = {"metrics": {"x": {"patterns": [[{"LOWER": "children"}, {"LEMMA": "plan"}]]}}}  # no figure token
    with pytest.raises(ValidationError, match="figure"):
        MetricsRules.model_validate(bad)
    # YAML reads a bare `on` as true: caught at load, not inside spaCy at run time
    bad = yaml.safe_load("metrics: {x: {patterns: [[{LIKE_NUM: true}, {LOWER: {IN: [subject, on]}}]]}}")
    with pytest.raises(ValidationError, match="quote"):
        MetricsRules.model_validate(bad)
    bad = {"metrics": {"x": {"patterns": [[{"LIKE_NUM": True}, {"LEMA": "plan"}]]}}}
    with pytest.raises(ValidationError, match="LEMA"):
        MetricsRules.model_validate(bad)


def test_the_matcher_is_compiled_once_per_process(rules):
    r = rules.get("metrics.yml")
    assert metrics.phrasings(r) is metrics.phrasings(r)
    from extractor.extract.nlp import get_tagger
    assert get_tagger() is get_tagger()


@pytest.mark.slow
def test_the_anchor_prefilter_never_rules_out_a_clause_a_pattern_matches(rules):
    """Only clauses holding a figure and a stem of every required word of some pattern are tagged: on the
    seeds' clauses with a digit, each one the patterns match passes the prefilter, and most are spared."""
    import re
    from pathlib import Path

    from extractor.extract.nlp import tagged
    seeds = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside the repo")
    r = rules.get("metrics.yml")
    ph = metrics.phrasings(r)
    clauses = []
    for f in sorted(seeds.glob("*.txt")):
        for para in f.read_text(encoding="utf-8").split("\n\n"):
            for s in metrics._sentences(" ".join(para.split())):
                clauses += [c for _, c in metrics._clauses(s) if re.search(r"\d", c)]
    clauses = list(dict.fromkeys(clauses))
    hit = [d.text for d in tagged(clauses) if metrics.pattern_hits(d, ph, r.number_words, d.text)]
    assert len(hit) >= 15  # the seeds do state figures
    assert all(metrics._may_match(c, ph, r.number_words) for c in hit)
    assert sum(metrics._may_match(c, ph, r.number_words) for c in clauses) < 0.4 * len(clauses)
