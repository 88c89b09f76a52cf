"""Attendance at board meetings from attendance tables: `4/4`, `3 of 4`, `75%` (of a stated number
of meetings), or ticks/crosses per meeting."""
from __future__ import annotations

import re

from ..normalise.rows import AttendanceRow
from ..structure.records import Document
from .common import ws

PERSON = re.compile(r"(?:(?:Cllr|Dr|Mr|Mrs|Ms|DS|DI|DCI|Supt)\.?\s)?[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\s(?:[A-Z]['’][A-Z])?[A-Za-z'’-]+(?:\s[A-Z][a-z]+)?")
ATT_HEAD = re.compile(r"attend|meetings|present|apolog", re.I)
FRACTION = re.compile(r"^(\d{1,2})\s*(?:/|out of|of)\s*(\d{1,2})$", re.I)
PERCENT = re.compile(r"^(\d{1,3}(?:\.\d+)?)\s*%$")
TICK = re.compile(r"^(?:✓|✔|√|y|yes|x|a|p|attended|present|d|sub|s)$", re.I)
ABSENT = re.compile(r"^(?:✗|✘|n|no|x|a|apols?|apologies|absent|-|–)$", re.I)
PRESENT = re.compile(r"^(?:✓|✔|√|y|yes|p|attended|present|d|sub|s)$", re.I)


def _text_above(doc: Document, page: int, top: float, n: int = 3) -> str:
    before = [ln for ln in doc.lines if (ln.page, ln.top) < (page, top)]
    return " ".join(ln.text for ln in before[-n:])


def extract(doc: Document, rules) -> list[AttendanceRow]:
    from .people import _Ctx
    ctx = _Ctx(rules.get("people.yml"))
    out: list[AttendanceRow] = []
    for t in doc.tables:
        head = " ".join(" ".join(r) for r in t.rows[: max(1, t.header_rows)])
        context = f"{head} {t.caption} {_text_above(doc, t.page_start, t.top)}"
        if t.kind != "attendance" and not ATT_HEAD.search(context):
            continue
        body = t.rows[t.header_rows:] if 0 < t.header_rows < t.n_rows else t.rows[1:]
        m_total = re.search(r"(\d{1,2})\s+(?:board\s+)?meetings", context, re.I)
        for row in body:
            cs = [ws(c) for c in row]
            if not cs or not cs[0] or re.fullmatch(r"[\d\W]+", cs[0]):
                continue
            texts = [c for c in cs[:3] if c and not re.search(r"\d|%|✓|✔|√", c) and not PRESENT.match(c) and not ABSENT.match(c)]
            person = next((c for c in texts if ctx.is_name(re.sub(r"\s*\(.*\)$", "", c))), None)
            agency = next((c for c in texts if c != person), None)
            att = pos = None
            for c in cs[1:]:
                f = FRACTION.match(c)
                if f:
                    att, pos = int(f.group(1)), int(f.group(2))
                    break
                p = PERCENT.match(c)
                if p and m_total:
                    pos = int(m_total.group(1))
                    att = round(float(p.group(1)) * pos / 100)
                    break
            if att is None:
                marks = [c for c in cs[1:] if c and (PRESENT.match(c) or ABSENT.match(c))]
                if len(marks) >= 2:
                    att = sum(1 for c in marks if PRESENT.match(c))
                    pos = len(marks)
            if att is None or pos is None or att > pos:
                continue
            name = re.sub(r"\s*\(.*\)$", "", person) if person else None
            out.append(AttendanceRow(report_id=doc.report_id, name=name, agency=agency, attended=att, possible=pos,
                                     page=t.page_start, quote=person or agency or cs[0]))
    return out
