"""The literal-anchor prefilter (extractor/anchors.py) never rules out a text a pattern matches."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.anchors import Prefilter, anchors
from extractor.extract.metrics import NUM, _sentences
from extractor.rules import load_rules
from extractor.vocab.partners import registry_from

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def _rule_patterns() -> list[re.Pattern]:
    rules = load_rules(None)
    reg = registry_from(rules)
    m = rules.get("metrics.yml")
    pats = [re.compile(p.replace("{n}", NUM), re.I) for spec in m.metrics.values() for p in spec.text]
    pats.append(re.compile("|".join(m.agency_scope), re.I))
    return pats + [rx for rx, _ in reg.named] + [rx for rx, _ in reg.shapes]


def _texts() -> list[str]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repo")
    out = []
    for f in sorted(SEEDS.glob("*.txt")):
        for para in f.read_text(encoding="utf-8").split("\n\n"):
            para = " ".join(para.split())
            out.append(para)
            out.extend(_sentences(para))
    return out


def test_every_match_of_the_rules_passes_the_prefilter_and_most_texts_are_ruled_out():
    pats = _rule_patterns()
    pf = Prefilter(pats)
    assert sum(a is not None for a in pf.anchors) > 0.9 * len(pats)  # nearly every rule has an anchor
    matched = ruled_out = tested = 0
    for text in _texts():
        for rx, may in zip(pats, pf.possible(text)):
            hit = rx.search(text) is not None
            assert may or not hit, (rx.pattern[:80], text[:120])
            matched += hit
            ruled_out += not may
            tested += 1
    assert matched > 50  # the seeds do name partners and give figures
    assert ruled_out > 0.8 * tested  # and the prefilter spares most regex searches


@pytest.mark.parametrize("text", ["24 children in care", "24 CHILDREN IN CARE", "24 children in \u212aare",
                                  "24 children in ca\u0280e", "24 chil\u0130dren", "24 \u017fafeguarding"])
def test_case_insensitive_patterns_keep_unicode_case_folding(text):
    """Under IGNORECASE the Kelvin sign matches k, a long s matches s, a dotted I matches i: a text with
    any cased non-ASCII letter is never ruled out by a lower-cased comparison."""
    pats = [re.compile(r"\d+ children in care", re.I), re.compile(r"\d+ children in kare", re.I),
            re.compile(r"\d+ safeguarding", re.I), re.compile(r"\d+ chilidren", re.I)]
    for rx, may in zip(pats, Prefilter(pats).possible(text)):
        assert may or rx.search(text) is None, (rx.pattern, text)


def test_anchors_follow_the_parse_tree():
    assert anchors(re.compile(r"(?<!\w)(?:Police|Constabulary)(?! and)")).strings == {"Police", "Constabulary"}
    assert anchors(re.compile(r"\d+ Looked  After", re.I)).strings == {" looked  after"}
    assert anchors(re.compile(r"(?:NHS )?[A-Z]\w+ CCG")).strings == {" CCG"}
    # optional parts and scoped flags give no anchor: a text without them may still match
    assert anchors(re.compile(r"(?:Trust)?\w+")) is None
    assert anchors(re.compile(r"(?i:trust)\d", 0)) is None
    assert Prefilter([re.compile(r"\d+ Trusts")]).possible("12 Councils") == [False]
