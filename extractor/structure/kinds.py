"""Kinds of sections and tables from vocabularies in rules/ (data, not code)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import ClassVar

from pydantic import BaseModel, field_validator

from ..rules import rules_schema

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


@rules_schema("section_kinds.yml")
class SectionKinds(_KindVocabulary):
    ALLOWED: ClassVar[tuple[str, ...]] = SECTION_KINDS


@rules_schema("table_kinds.yml")
class TableKinds(_KindVocabulary):
    ALLOWED: ClassVar[tuple[str, ...]] = TABLE_KINDS


@lru_cache(maxsize=64)
def _phrase_re(phrase: str) -> re.Pattern:
    return re.compile(r"(?<![a-z0-9])" + re.escape(phrase.lower()) + r"(?![a-z0-9])")


def classify(text: str, kinds: dict[str, list[str]], default: str = "other") -> str:
    """The first kind (in file order) one of whose phrases occurs in `text`."""
    low = " ".join(text.lower().split())
    for kind, phrases in kinds.items():
        if any(_phrase_re(p).search(low) for p in phrases):
            return kind
    return default
