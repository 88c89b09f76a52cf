"""Each rules file is one typed, validated attribute of `Rules`, declared in rules_schemas.py."""
from __future__ import annotations


def test_each_rules_file_is_one_typed_attribute():
    from extractor import rules_schemas
    from extractor.rules import load_rules
    rules = load_rules()
    for filename, (attr, model) in rules_schemas.SCHEMAS.items():
        assert isinstance(getattr(rules, attr), model), attr
        assert rules.get(filename) is getattr(rules, attr)


def test_schema_copies_left_in_stage_modules_match_the_declared_ones():
    """metrics.py and partners.py still declare a copy of their schema (to be replaced by an import
    of rules_schemas): the copy must not drift from the schema that validates the file."""
    from extractor import rules_schemas
    from extractor.extract import metrics
    from extractor.normalise import partners
    for copy in (metrics.MetricsRules, partners.PartnersRules):
        assert copy.model_json_schema() == getattr(rules_schemas, copy.__name__).model_json_schema()
