"""Each rules file is one typed, validated attribute of `Rules`, declared in rules_schemas.py."""
from __future__ import annotations


def test_each_rules_file_is_one_typed_attribute():
    from extractor import rules_schemas
    from extractor.rules import load_rules
    rules = load_rules()
    for filename, (attr, model) in rules_schemas.SCHEMAS.items():
        assert isinstance(getattr(rules, attr), model), attr
        assert rules.get(filename) is getattr(rules, attr)
