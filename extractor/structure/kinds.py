"""Kinds of sections and tables from vocabularies in rules/ (data, not code; their schemas: rules_schemas.py)."""
from __future__ import annotations

import re
from functools import lru_cache


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
