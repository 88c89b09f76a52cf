"""Rules are data: every `rules/*.yml` is loaded with yaml.safe_load and validated.

Each rules file has a pydantic schema, declared in `rules_schemas.py` (which imports no
pipeline stage, so loading the rules has no import side effects), and is loaded into one
typed attribute (`rules.metrics`, `rules.partners`, ...). Adding a synonym or a partner
alias never needs a code change, and a bad file fails at load with its name and key.
Values that are regular expressions (REGEX_KEYS) are compiled at load too, so a
bad pattern stops the run naming the file and key instead of making every report
partial. The fingerprint (sha256 over every file's bytes) goes into the manifest.

The default folder is the repository's `rules/`; an installed wheel carries the
same files as package data (`extractor/_rules`, see pyproject.toml).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import RulesError
from .rules_schemas import (
    SCHEMAS,
    FundingRules,
    MetricsRules,
    PartnersRules,
    PeopleRules,
    PrioritiesRules,
    RecommendationsRules,
    ReportFactsRules,
    SectionKinds,
    TableKinds,
)

_REPO_RULES = Path(__file__).resolve().parent.parent / "rules"  # a checkout (editable install)
_PACKAGED_RULES = Path(__file__).resolve().parent / "_rules"  # a built wheel's package data
DEFAULT_DIR = _PACKAGED_RULES if _PACKAGED_RULES.is_dir() else _REPO_RULES

# rules values that are regular expressions: file -> dotted keys ("*" is any list item or mapping
# value); `{place}` and `{n}` are placeholders the code fills with a pattern before compiling
REGEX_KEYS: dict[str, tuple[str, ...]] = {
    "partners.yml": ("patterns.*.regex", "patterns.*.require", "board_name_regex", "exclude_regex",
                     "not_org_item"),
    "priorities.yml": ("numbered", "lead", "period", "lead_in_tail"),
    "recommendations.yml": ("item_label", "no_item", "prose.*", "sources.*.*"),
    "funding.yml": ("share_suffix", "exclude_rows.*", "section_out.*", "section_in.*"),
    "people.yml": ("name_headers",),
    "metrics.yml": ("metrics.*.text.*", "metrics.*.table_rows.*"),
}
_PLACEHOLDERS = {"{place}": "(?:x)", "{n}": "(?P<n>x)"}
_SCHEMAS: dict[str, type[BaseModel]] = {name: model for name, (_, model) in SCHEMAS.items()}


@dataclass(frozen=True)
class Rules:
    directory: str
    fingerprint: str
    files: dict[str, Any] = field(default_factory=dict)  # filename -> validated model

    def get(self, filename: str) -> Any:
        """The validated model of one rules file (an alias of its typed attribute)."""
        if filename not in self.files:
            raise RulesError(f"{self.directory}/{filename}: missing rules file")
        return self.files[filename]

    @property
    def funding(self) -> FundingRules:
        return self.get("funding.yml")

    @property
    def metrics(self) -> MetricsRules:
        return self.get("metrics.yml")

    @property
    def partners(self) -> PartnersRules:
        return self.get("partners.yml")

    @property
    def people(self) -> PeopleRules:
        return self.get("people.yml")

    @property
    def priorities(self) -> PrioritiesRules:
        return self.get("priorities.yml")

    @property
    def recommendations(self) -> RecommendationsRules:
        return self.get("recommendations.yml")

    @property
    def report_facts(self) -> ReportFactsRules:
        return self.get("report_facts.yml")

    @property
    def section_kinds(self) -> SectionKinds:
        return self.get("section_kinds.yml")

    @property
    def table_kinds(self) -> TableKinds:
        return self.get("table_kinds.yml")


def _fmt_loc(loc: tuple) -> str:
    return ".".join(str(p) for p in loc) or "(top level)"


def _values(node: Any, keys: list[str], loc: tuple = ()):
    """(location, value) of every value at the dotted key path `keys` under `node`."""
    if not keys:
        yield loc, node
        return
    key, rest = keys[0], keys[1:]
    if isinstance(node, BaseModel):
        node = node.model_dump()
    if key == "*":
        pairs = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in pairs:
            yield from _values(v, rest, loc + (k,))
    elif isinstance(node, dict) and node.get(key) is not None:
        yield from _values(node[key], rest, loc + (key,))


def check_patterns(path: Path, model: Any) -> None:
    """Compile every regex value of one rules file; RulesError naming the file and key."""
    for dotted in REGEX_KEYS.get(path.name, ()):
        for loc, value in _values(model, dotted.split(".")):
            if not isinstance(value, str):
                continue
            pattern = value
            for ph, stand_in in _PLACEHOLDERS.items():
                pattern = pattern.replace(ph, stand_in, 1).replace(ph, "(?:x)")
            try:
                re.compile(pattern)
            except re.error as e:
                raise RulesError(f"{path}: key {_fmt_loc(loc)}: invalid regular expression "
                                 f"{value!r} ({e})") from None


# yaml.safe_load's loader, in C when PyYAML has libyaml (the same safe constructor, about ten times
# faster: the rules are parsed by every run and every test that builds its own)
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_rules(directory: str | Path | None = None) -> Rules:
    """Load and validate every rules file in `directory` (each declared one must be there)."""
    d = Path(directory) if directory else DEFAULT_DIR
    if not d.is_dir():
        raise RulesError(f"{d}: rules folder not found")
    h = hashlib.sha256()
    files: dict[str, Any] = {}
    for path in sorted(d.glob("*.yml")):
        raw = path.read_bytes()
        h.update(path.name.encode() + b"\0" + raw + b"\0")
        try:
            data = yaml.load(raw, Loader=SafeLoader)
        except yaml.YAMLError as e:
            raise RulesError(f"{path}: not valid YAML ({str(e).splitlines()[0]})") from None
        model = _SCHEMAS.get(path.name)
        if model is None:
            files[path.name] = data
            continue
        try:
            files[path.name] = model.model_validate(data)
        except ValidationError as e:
            err = e.errors()[0]
            raise RulesError(f"{path}: key {_fmt_loc(err['loc'])}: {err['msg']}") from None
        check_patterns(path, files[path.name])
    for name in _SCHEMAS:
        if name not in files:
            raise RulesError(f"{d / name}: missing rules file")
    return Rules(directory=str(d), fingerprint=h.hexdigest()[:16], files=files)
