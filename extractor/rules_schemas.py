"""The schema of every rules file, declared here so loading the rules imports no pipeline stage.

Each `rules/*.yml` has one pydantic model below; `SCHEMAS` maps the file to the `Rules` attribute it
is loaded into (`rules.metrics` is metrics.yml's validated model). A stage imports its model from
here. This module imports nothing of the extractor's but pydantic.
"""
from __future__ import annotations

import re
from typing import Any, ClassVar, Optional

from pydantic import BaseModel, Field, field_validator, model_validator

# ---------------------------------------------------------------- section_kinds.yml, table_kinds.yml

SECTION_KINDS = ("cover", "contents", "foreword", "summary", "introduction", "governance", "priorities",
                 "performance", "learning_reviews", "training", "partner_statements", "membership",
                 "attendance", "finance", "glossary", "contact", "appendix", "other")


TABLE_KINDS = ("funding", "attendance", "membership", "performance", "child_deaths", "action_plan",
               "document_control", "other")


def _check_kinds(value: dict, allowed: tuple[str, ...]) -> dict:
    for kind, phrases in value.items():
        if kind not in allowed:
            raise ValueError(f"unknown kind {kind!r} (allowed: {', '.join(allowed)})")
        if not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise ValueError(f"kind {kind!r} needs a list of non-empty phrases")
    return value


class _KindVocabulary(BaseModel):
    """kinds: {kind: [phrases]} — the kinds allowed are the subclass's ALLOWED."""
    ALLOWED: ClassVar[tuple[str, ...]] = ()
    kinds: dict[str, list[str]]

    @field_validator("kinds")
    @classmethod
    def known(cls, v: dict) -> dict:
        return _check_kinds(v, cls.ALLOWED)


class SectionKinds(_KindVocabulary):
    ALLOWED: ClassVar[tuple[str, ...]] = SECTION_KINDS


class TableKinds(_KindVocabulary):
    ALLOWED: ClassVar[tuple[str, ...]] = TABLE_KINDS


class ReportFactsRules(BaseModel):
    board_suffixes: list[str]
    cover_pages: int = 3
    doc_types: dict[str, list[str]] = Field(default_factory=dict)
    year_stop_before: list[str] = Field(default_factory=list)
    chair_roles: list[str] = Field(default_factory=list)
    chair_not_after: list[str] = Field(default_factory=list)
    year_start_month: int = 4
    # a board's name written with an abbreviated suffix ("Barset LSCB"): the suffix written out
    suffix_abbreviations: dict[str, str] = Field(default_factory=dict)
    # a sentence stating the report's period holds one of these (regex, any case)
    period_context: list[str] = Field(default_factory=list)
    min_period_days: int = 150
    # a year pair on the first pages is the report's year when one of these stands just before it
    year_context: list[str] = Field(default_factory=list)


class PrioritiesRules(BaseModel):
    numbered: str
    lead: str
    list_headings: list[str] = Field(default_factory=list)
    exclude_context: list[str] = Field(default_factory=list)
    period: str
    max_title_words: int = 16
    # a lead-in whose object is the priorities: the priorities word close before its closing colon
    lead_in_tail: str = ""
    # a priority's description: the first block after its title starting with one of these (regex), or the
    # cell of its row under a header matching `description_headers`
    description_starts: str = r"(?!x)x"
    description_headers: str = r"(?!x)x"
    # phrasings of a period relative to the report's year ("for the year ahead" in a 2016/17 report = 2017-18)
    period_ahead: list[str] = Field(default_factory=list)
    # phrasings of the report's own year ("focussed during the year on its priorities")
    period_current: list[str] = Field(default_factory=list)
    # paragraphs searched back from a run's first priority for its period
    period_lookback: int = 8


class RecommendationsRules(BaseModel):
    list_headings: list[str]
    item_label: str
    sources: dict[str, list[str]]
    single_agency: list[str] = Field(default_factory=list)
    max_items: int = 20
    # a table column holding one recommendation/action per row: its header cell (whole cell, lower case)
    table_columns: list[str] = Field(default_factory=list)
    # a cell that says there is no recommendation
    no_item: str = r"^(?:no|none|n/a)\b"
    # a recommendation in running prose: a regex whose group `rec` is the recommendation's text
    prose: list[str] = Field(default_factory=list)


class FundingRules(BaseModel):
    table_phrases: list[str]
    exclude_phrases: list[str] = Field(default_factory=list)
    row_kinds: dict[str, list[str]] = Field(default_factory=dict)
    exclude_rows: list[str] = Field(default_factory=list)
    min_max_amount: float = 500
    # a row with words but no amount opens a part of the table: spending rows are skipped until income opens
    section_out: list[str] = Field(default_factory=list)
    section_in: list[str] = Field(default_factory=list)
    # an annotation of an agency's share written after its name ("WCC - 50%", "Police (10%)")
    share_suffix: str = r"\s*(?:[-–—:]\s*|\()\d{1,3}(?:\.\d+)?\s*%\)?\s*$"
    # an agency written only as its kind ("Police") is the report's partner of that category when one
    # clearly leads (mentioned at least twice as often as the next of that category)
    category_labels: dict[str, list[str]] = Field(default_factory=dict)


class PeopleRules(BaseModel):
    role_words: list[str]
    rank_before: list[str] = Field(default_factory=list)
    label_before: list[str] = Field(default_factory=list)
    honorifics: list[str] = Field(default_factory=list)
    not_name_words: list[str] = Field(default_factory=list)
    # a roster table's header cell over its column of people's names
    name_headers: str = ""
    # prose: words before a role ("the previous independent chair") and the nouns a role phrase must hold
    role_modifiers: list[str] = Field(default_factory=list)
    role_heads: list[str] = Field(default_factory=list)
    # a roster's header cells over its role and organisation columns ("Agency or sector", "Job title")
    role_headers: str = r"(?!x)x"
    org_headers: str = r"(?!x)x"
    # the words that end an organisation's name in a "Role, Organisation" cell, and address words
    org_kinds: list[str] = Field(default_factory=list)
    address_words: list[str] = Field(default_factory=list)
    # a role that names its organisation's kind (police ranks, director of children's services): the
    # report's most-mentioned partner of that category is the person's organisation when none is written
    role_categories: dict[str, list[str]] = Field(default_factory=dict)


class PartnerEntry(BaseModel):
    name: str
    category: str = "other"
    aliases: list[str] = Field(default_factory=list)
    context_only: bool = False


class PatternEntry(BaseModel):
    regex: str
    category: str = "other"
    anywhere: bool = True
    strip_prefix: Optional[str] = None
    canonical_suffix: Optional[str] = None
    keep: bool = True
    require: Optional[str] = None
    require_place: bool = False
    bare: bool = False
    canonical: Optional[str] = None


class PartnersRules(BaseModel):
    partners: list[PartnerEntry]
    patterns: list[PatternEntry] = Field(default_factory=list)
    context_headings: list[str] = Field(default_factory=list)
    org_words: list[str] = Field(default_factory=list)
    not_partners: list[str] = Field(default_factory=list)
    board_name_regex: str = r"(?!x)x"
    exclude_regex: str = r"(?!x)x"
    generic_words: list[str] = Field(default_factory=list)
    # a place name may hold "of"/"in"/"the" after one of these words ("Isle of Wight", "Borough of Poole")
    place_keep_before: list[str] = Field(default_factory=list)
    # a council's department named with it is a partner of its own (see partners.yml)
    department_heads: list[str] = Field(default_factory=list)
    # a partner-list item that names a role or a plural sector, not one organisation
    not_org_item: str = r"(?!x)x"
    # capitalised words that start a sentence or a role, not a place name
    lead_words: list[str]
    # organisation-type abbreviations (not part of a name's initials) and type words
    type_abbreviations: dict[str, str]
    type_words: list[str]
    # the kinds of body a name can end in, most specific first
    type_kinds: list[str]
    # words that end an organisation's name ("Council", "Trust")
    org_tails: list[str]
    # identity across reports (registry_id of names the registry lacks): words that never tell two
    # organisations apart, spellings of one word, and local services named without their place
    identity_drop: list[str] = Field(default_factory=list)
    # a name shape's category is overridden when the name holds one of these (regex, any case): a
    # "Children's Social Care Trust" is the local authority's, however its "Trust" shape reads
    category_overrides: dict[str, list[str]] = Field(default_factory=dict)
    identity_synonyms: dict[str, str] = Field(default_factory=dict)
    placeless_services: list[str] = Field(default_factory=list)
    # a name of no category takes the one its kind words give (regex, case kept): {category: [patterns]}
    kind_categories: dict[str, list[str]] = Field(default_factory=dict)
    # a paragraph that opens by saying what an organisation is ("Public Health and Wellbeing (PH) is a
    # department ..."): regexes with a `name` group, tried at the paragraph's start
    self_described: list[str] = Field(default_factory=list)


# token attributes a metric pattern may test (spaCy Matcher keys) and the values OP may take
TOKEN_KEYS = frozenset({"ORTH", "TEXT", "LOWER", "NORM", "LEMMA", "POS", "TAG", "SHAPE", "LENGTH", "IS_ALPHA",
                        "IS_DIGIT", "IS_PUNCT", "IS_TITLE", "IS_UPPER", "IS_LOWER", "LIKE_NUM", "IS_SPACE", "OP"})
TEXT_KEYS = frozenset({"ORTH", "TEXT", "LOWER", "NORM", "LEMMA", "POS", "TAG", "SHAPE"})
VALUE_OPS = frozenset({"IN", "NOT_IN", "REGEX", "==", ">=", "<=", ">", "<", "!="})
_OP = re.compile(r"[?*+!]|\{\d*,?\d*\}")


def is_figure_token(tok: dict) -> bool:
    """The token of a metric pattern that holds the figure: `LIKE_NUM: true` (or `IS_DIGIT: true`), not optional."""
    return (tok.get("LIKE_NUM") is True or tok.get("IS_DIGIT") is True) and "OP" not in tok


class MetricPattern(BaseModel):
    """One phrasing of a metric as a spaCy `Matcher` token pattern. The figure is the first token spec
    `{LIKE_NUM: true}` without OP; `context`: one of these phrases must stand in the paragraph (a
    phrasing that alone could name another count, "312 children had a plan"); `not_followed_by`: a regex
    the text right after the match must not start with ("in need Plan")."""
    tokens: list[dict[str, Any]]
    context: list[str] = Field(default_factory=list)
    not_followed_by: Optional[str] = None

    @model_validator(mode="before")
    @classmethod
    def _plain_list(cls, v):
        return {"tokens": v} if isinstance(v, list) else v

    @field_validator("tokens")
    @classmethod
    def _tokens(cls, v: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not v:
            raise ValueError("a pattern needs tokens")
        for tok in v:
            if not isinstance(tok, dict) or not tok:
                raise ValueError(f"token {tok!r}: a mapping of token attributes")
            for k, val in tok.items():
                if k not in TOKEN_KEYS:
                    raise ValueError(f"token {tok!r}: unknown attribute {k!r}")
                if k == "OP" and not (isinstance(val, str) and _OP.fullmatch(val)):
                    raise ValueError(f"token {tok!r}: bad OP {val!r}")
                if k in TEXT_KEYS and not (isinstance(val, str) or isinstance(val, dict) and all(
                        isinstance(x, str) for op in ("IN", "NOT_IN") for x in val.get(op, []))):
                    # YAML reads a bare on / no / yes as a boolean: quote it
                    raise ValueError(f"token {tok!r}: {k} takes strings (quote on, no, yes)")
                if isinstance(val, dict):
                    bad = set(val) - VALUE_OPS
                    if bad:
                        raise ValueError(f"token {tok!r}: unknown operator {sorted(bad)}")
                    if "REGEX" in val:
                        re.compile(val["REGEX"])
        if not any(is_figure_token(t) for t in v):
            raise ValueError(f"pattern {v!r} has no figure token ({{LIKE_NUM: true}} without OP)")
        return v

    @field_validator("not_followed_by")
    @classmethod
    def _regex(cls, v: Optional[str]) -> Optional[str]:
        if v is not None:
            re.compile(v)
        return v


class MetricSpec(BaseModel):
    text: list[str] = Field(default_factory=list)
    # phrasings as spaCy Matcher token patterns (lemmas, word order): see MetricPattern
    patterns: list[MetricPattern] = Field(default_factory=list)
    follow: bool = False
    table_rows: list[str] = Field(default_factory=list)
    table_caption: list[str] = Field(default_factory=list)


class MetricsRules(BaseModel):
    number_words: dict[str, int] = Field(default_factory=dict)
    metrics: dict[str, MetricSpec]
    # a figure of one agency, not the area's: phrasings of its sentence (regex, any case), and section kinds
    agency_scope: list[str] = Field(default_factory=list)
    agency_sections: list[str] = Field(default_factory=lambda: ["partner_statements"])


# rules file -> (Rules attribute, its schema)
SCHEMAS: dict[str, tuple[str, type[BaseModel]]] = {
    "funding.yml": ("funding", FundingRules),
    "metrics.yml": ("metrics", MetricsRules),
    "partners.yml": ("partners", PartnersRules),
    "people.yml": ("people", PeopleRules),
    "priorities.yml": ("priorities", PrioritiesRules),
    "recommendations.yml": ("recommendations", RecommendationsRules),
    "report_facts.yml": ("report_facts", ReportFactsRules),
    "section_kinds.yml": ("section_kinds", SectionKinds),
    "table_kinds.yml": ("table_kinds", TableKinds),
}
