"""Parse the number a table cell or a phrase states.

Rules (documented in the README):
- thousands separators and spaces inside digits go: `1,234.5` -> 1234.5, `145 910` -> 145910
- a leading currency sign or a trailing `%` goes: `£14,923` -> 14923, `85%` -> 85
- `k`/`K` and `m`/`M` (and `million`) suffixes scale: `£40K` -> 40000, `£1.2m` -> 1200000
- accounting negatives: `(1,234)` -> -1234; a leading `-` or `−` is a minus
- a cell holding anything else (words, ranges such as `10-14`, fractions such as `4/4`,
  dates) is not a number: None
"""
from __future__ import annotations

import re

NUMBER = re.compile(
    r"""^\s*(?P<open>\()?\s*(?P<sign>[-−–])?\s*(?:c\.?\s*)?[£$€]?\s*
        (?P<num>\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
        \s*(?P<suffix>%|k|m|bn|million|billion)?\s*(?P<close>\))?\s*$""",
    re.I | re.X,
)
SCALE = {"k": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}


def parse_number(text: str | None) -> float | None:
    """The value a cell states, or None when it is not a plain number."""
    if not text:
        return None
    m = NUMBER.match(text.replace("\u00a0", " "))
    if not m or bool(m.group("open")) != bool(m.group("close")):
        return None
    value = float(re.sub(r"[,\s]", "", m.group("num")))
    suffix = (m.group("suffix") or "").lower()
    value *= SCALE.get(suffix, 1.0)
    if m.group("open") or m.group("sign"):
        value = -value
    return value
