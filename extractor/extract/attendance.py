"""Attendance at board meetings from attendance tables: `4/4`, `3 of 4`, `75%` (of a stated number
of meetings), or ticks/crosses per meeting."""
from __future__ import annotations

import re

from ..dataset.rows import AttendanceRow
from ..document import Document
from . import roster
from .common import ws

ATT_HEAD = re.compile(r"attend|meetings|present|apolog", re.I)
FRACTION = re.compile(r"^(\d{1,2})\s*(?:/|out of|of)\s*(\d{1,2})$", re.I)
PERCENT = re.compile(r"^(\d{1,3}(?:\.\d+)?)\s*%$")
TICK = re.compile(r"^(?:✓|✔|√|y|yes|x|a|p|attended|present|d|sub|s)$", re.I)
ABSENT = re.compile(r"^(?:✗|✘|n|no|x|a|apols?|apologies|absent|-|–)$", re.I)
PRESENT = re.compile(r"^(?:✓|✔|√|y|yes|p|attended|present|d|sub|s)$", re.I)


def _text_above(doc: Document, page: int, top: float, n: int = 3) -> str:
    before = [ln for ln in doc.lines if (ln.page, ln.top) < (page, top)]
    return " ".join(ln.text for ln in before[-n:])


def _counts(cs: list[str], m_total) -> tuple[int | None, int | None]:
    for c in cs:
        f = FRACTION.match(c)
        if f:
            return int(f.group(1)), int(f.group(2))
        p = PERCENT.match(c)
        if p and m_total:
            pos = int(m_total.group(1))
            return round(float(p.group(1)) * pos / 100), pos
    marks = [c for c in cs if c and (PRESENT.match(c) or ABSENT.match(c))]
    if len(marks) >= 2:
        return sum(1 for c in marks if PRESENT.match(c)), len(marks)
    return None, None


def _tails_re(rules) -> re.Pattern | None:
    try:
        tails = rules.partners.org_tails
    except Exception:  # partners rules not loaded (unit tests of one extractor)
        return None
    alt = "|".join(re.escape(x) for x in tails)
    # a name ending in a tail word, straight after another name ending in the same tail word
    return re.compile(rf"\b(?P<tail>{alt})\s+"
                      rf"(?=(?:NHS\s+)?[A-Z][\w'’]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w'’]*){{0,5}}?\s+(?P=tail)\b)")


def _split_agencies(agency: str | None, tails: re.Pattern | None) -> str | None:
    """Several like agencies in one cell ("Redditch CCG Wyre Forest CCG and South Worcestershire CCG") kept
    apart: a name ending in an organisation tail word directly followed by another name ending in the
    same tail word gets "; " between them ("... CCG; Wyre Forest CCG and ...")."""
    if not agency or tails is None:
        return agency
    return tails.sub(lambda m: m.group("tail") + "; ", agency)


def extract(doc: Document, rules, facts=None, partners=()) -> list[AttendanceRow]:
    from .people import context
    ctx = context(doc, rules, facts, partners)
    pr = rules.people
    head_re = re.compile(pr.name_headers, re.I) if pr.name_headers else None
    out: list[AttendanceRow] = []
    tails = _tails_re(rules)
    for t in doc.tables:
        head = " ".join(" ".join(r) for r in t.rows[: max(1, t.header_rows)])
        context_text = f"{head} {t.caption} {_text_above(doc, t.page_start, t.top)}"
        if t.kind != "attendance" and not ATT_HEAD.search(context_text):
            continue
        body = t.rows[t.header_rows:] if 0 < t.header_rows < t.n_rows else t.rows[1:]
        m_total = re.search(r"(\d{1,2})\s+(?:board\s+)?meetings", context_text, re.I)
        cols = roster.columns(body, t.rows[: t.header_rows], ctx, head_re)
        last_agency = None
        for ri, row in enumerate(body, start=t.n_rows - len(body)):
            cs = [ws(c) for c in row]
            if cols is not None:
                pc, ac = cols
                person = cs[pc] if pc < len(cs) and roster.person_like(cs[pc], ctx, lenient=True) else None
                agency = cs[ac] if ac is not None and ac < len(cs) and cs[ac] else None
                rest = [c for j, c in enumerate(cs) if j not in (pc, ac)]
            else:  # no column of people: the first text cell is the member (an agency)
                if not cs or not cs[0] or re.fullmatch(r"[\d\W]+", cs[0]):
                    continue
                texts = [c for c in cs[:3] if c and not re.search(r"\d|%|✓|✔|√", c)
                         and not PRESENT.match(c) and not ABSENT.match(c)]
                person = next((c for c in texts if roster.person_like(c, ctx)), None)
                agency = next((c for c in texts if c != person), None)
                rest = cs[1:]
            if agency and not person and not any(FRACTION.match(c) or PERCENT.match(c) for c in rest):
                last_agency = agency  # a group row ("Children's Services:") or an agency without a figure
            if person and not agency:
                agency = last_agency  # a second representative of the agency above
            elif agency:
                last_agency = agency
            if not person and not agency:
                continue
            att, pos = _counts(rest, m_total)
            if att is None or pos is None or att > pos:
                continue
            name = roster.clean_person(person) if person else None
            out.append(AttendanceRow(report_id=doc.report_id, name=name, agency=_split_agencies(agency, tails),
                                     attended=att, possible=pos,
                                     page=t.page_of_row(ri), quote=person or agency))
    return out
