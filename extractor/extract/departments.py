"""A council's department named with the council ("City of X Council, Adult Social Care",
"X Council - Education", "X Council Children and Young People Services"): a partner of its own,
named by the council and department together as the report writes them."""
from __future__ import annotations

import re

from ..vocab.partners import OrgMatch

GENERIC = {"services", "service", "department", "directorate"}


def pattern(heads) -> re.Pattern | None:
    if not heads:
        return None
    alt = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    word = r"(?:[A-Z][\w'’-]*|and|&|of|for)"
    return re.compile(rf"(?:\s*[,–—:-]\s*|\s+)(?=[A-Z])(?P<d>(?:{word}\s+){{0,5}}(?:{alt}))(?![\w'’])")


def extend(m: OrgMatch, text: str, dept_re: re.Pattern | None) -> OrgMatch | None:
    """The department match that continues a council match `m` in `text`, or None."""
    if dept_re is None or m.category != "local_authority":
        return None
    d = dept_re.match(text, m.end)
    if d is None or d.group("d").lower() in GENERIC:
        return None
    surface = text[m.start: d.end()]
    return OrgMatch(m.start, d.end(), surface, surface, m.category, False, m.anywhere, m.context_only)
