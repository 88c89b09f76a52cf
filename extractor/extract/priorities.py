"""The board's strategic priorities: "Priority N: Title" blocks/cells, or a list under a priorities heading."""
from __future__ import annotations

import re

from pydantic import BaseModel, Field

from ..normalise.rows import PriorityRow
from ..rules import rules_schema
from ..structure.records import Document
from .common import BULLET, cells, heading_before, headings, paragraphs, section_id_of, short_quote, ws


@rules_schema("priorities.yml")
class PrioritiesRules(BaseModel):
    numbered: str
    lead: str
    list_headings: list[str] = Field(default_factory=list)
    exclude_context: list[str] = Field(default_factory=list)
    period: str
    max_title_words: int = 16
    # a lead-in whose object is the priorities: the priorities word close before its closing colon
    lead_in_tail: str = ""


def _title(text: str, max_words: int) -> str:
    t = ws(text).strip(" :–-")
    t = re.split(r"(?<=[a-z])\.\s|\s(?:To|We will|Priority Lead|Lead:|Aim:)\s", t)[0]
    words = t.split()
    return " ".join(words[:max_words]).strip(" ,;:")


def extract(doc: Document, rules, facts=None) -> list[PriorityRow]:
    r: PrioritiesRules = rules.get("priorities.yml")
    num_re, lead_re, per_re = re.compile(r.numbered, re.I), re.compile(r.lead), re.compile(r.period)
    excl = re.compile("|".join(re.escape(x) for x in r.exclude_context), re.I) if r.exclude_context else None
    hs = headings(doc)
    blocks = sorted(paragraphs(doc) + cells(doc), key=lambda b: (b.page, b.top, b.table, b.row, b.col))
    found: dict[int, PriorityRow] = {}
    for i, b in enumerate(blocks):
        m = num_re.match(b.text)
        if not m:
            continue
        n = int(m.group("num"))
        near = " ".join(heading_before(hs, b.page, b.top, 2))
        if excl and excl.search(near):
            continue
        title_src = m.group("title")
        if not title_src.strip() and i + 1 < len(blocks):
            title_src = blocks[i + 1].text
        title = _title(title_src, r.max_title_words)
        if re.fullmatch(r"(?:\w{3,9}\.?\s+)?(?:19|20)\d\d|[\d\W]*", title or ""):
            continue
        if not title or n in found or len(title) < 3:
            continue
        lead = None
        for nb in blocks[i + 1: i + 4]:
            lm = lead_re.search(nb.text)
            if lm:
                lead = lm.group("name")
                break
            if num_re.match(nb.text):
                break
        ctx = near + " " + " ".join(x.text for x in blocks[max(0, i - 3): i]
                                    if x.kind == "para" and re.search(r"priorit", x.text, re.I))
        pm = per_re.search(ctx)
        period = f"{pm.group(1)}-{pm.group(2)}" if pm else None
        if period is None and found:  # one run of priorities shares the period stated before it
            period = found[max(found)].period
        quote = title if title in ws(b.text) else short_quote(b.text, 120)
        found[n] = PriorityRow(report_id=doc.report_id, priority_id="", number=str(n), title=title,
                               description=None, lead=lead, period=period,
                               section_id=section_id_of(doc, b.page, b.top), page=b.page, quote=quote)
    rows = [found[k] for k in sorted(found)]
    if not rows and getattr(facts, "doc_type", None) != "arrangements":
        rows = _from_lists(doc, r, hs, excl, per_re)
    return [PriorityRow(**{**row.__dict__, "priority_id": f"{doc.report_id}-p{k:02d}"}) if hasattr(row, "__dict__")
            else _renumber(row, doc.report_id, k) for k, row in enumerate(rows, 1)]


def _renumber(row: PriorityRow, rid: str, k: int) -> PriorityRow:
    from dataclasses import replace
    return replace(row, priority_id=f"{rid}-p{k:02d}")


def _from_lists(doc: Document, r: PrioritiesRules, hs, excl, per_re) -> list[PriorityRow]:
    """A bulleted/numbered list right after a lead-in or heading that names the board's priorities."""
    want = re.compile("|".join(re.escape(x) for x in r.list_headings), re.I)
    tail = re.compile(r.lead_in_tail, re.I) if r.lead_in_tail else None
    paras = paragraphs(doc)
    out: list[PriorityRow] = []
    for i, b in enumerate(paras):
        if out:
            break
        lead_in = ws(b.text)
        if len(lead_in) > 300 or not lead_in.endswith(":") or not (tail.search(lead_in) if tail else want.search(lead_in)):
            continue
        if excl and (excl.search(lead_in) or excl.search(" ".join(heading_before(hs, b.page, b.top, 2)))):
            continue
        items = []
        for nb in paras[i + 1: i + 12]:
            if not BULLET.match(nb.text) or len(nb.text.split()) > r.max_title_words:
                break
            items.append(nb)
        if len(items) < 2:
            continue
        pm = per_re.search(b.text)
        for k, it in enumerate(items, 1):
            title = _title(BULLET.sub("", it.text), r.max_title_words)
            out.append(PriorityRow(report_id=doc.report_id, priority_id="", number=str(k), title=title,
                                   description=None, lead=None,
                                   period=f"{pm.group(1)}-{pm.group(2)}" if pm else None,
                                   section_id=section_id_of(doc, it.page, it.top), page=it.page,
                                   quote=short_quote(BULLET.sub("", it.text), 120)))
    return out
