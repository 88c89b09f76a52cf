"""Recommendations made to the board: numbered lists under a recommendations/areas-of-focus heading,
and "Rec N:" items in text or tables; the source (Ofsted, LGA, SCR, SAR, LCSPR, DHR, Board, Other)
from the words around the list."""
from __future__ import annotations

import re

from pydantic import BaseModel, Field

from ..normalise.rows import RecommendationRow
from ..rules import rules_schema
from ..structure.records import Document
from .common import NUMBERED, cells, heading_before, headings, paragraphs, section_id_of, short_quote, ws


@rules_schema("recommendations.yml")
class RecommendationsRules(BaseModel):
    list_headings: list[str]
    item_label: str
    sources: dict[str, list[str]]
    single_agency: list[str] = Field(default_factory=list)
    max_items: int = 20


def _source(text: str, r: RecommendationsRules) -> str:
    low = text.lower()
    for src, pats in r.sources.items():
        if any(re.search(p, low) for p in pats):
            return src
    return "Other"


def extract(doc: Document, rules) -> list[RecommendationRow]:
    r: RecommendationsRules = rules.get("recommendations.yml")
    want = re.compile("|".join(re.escape(x) for x in r.list_headings), re.I)
    single = re.compile("|".join(re.escape(x) for x in r.single_agency), re.I) if r.single_agency else None
    label = re.compile(r.item_label, re.I)
    hs = headings(doc)
    paras = paragraphs(doc)
    out: list[tuple] = []  # (page, top, order, source, number, text, quote, section)
    seen: set[str] = set()
    # 1) numbered lists under a recommendations heading / lead-in
    for i, b in enumerate(paras):
        is_head = (b.bold or len(b.text) < 90) and want.search(b.text)
        if not is_head or NUMBERED.match(b.text):
            continue
        ctx = " ".join([b.text] + heading_before(hs, b.page, b.top, 2))
        if single and single.search(ctx):
            continue
        src = _source(b.text, r)
        if src in ("Board", "Other"):
            src2 = _source(" ".join(heading_before(hs, b.page, b.top, 2)), r)
            src = src2 if src2 not in ("Other",) and src == "Other" else src
        items = []
        for nb in paras[i + 1: i + 1 + r.max_items]:
            m = NUMBERED.match(nb.text)
            if not m:
                if items or (nb.bold and len(nb.text) < 90):
                    break
                continue
            items.append((m.group(1), nb))
        if len(items) < 2:
            continue
        for num, nb in items:
            text = NUMBERED.sub("", nb.text, count=1)
            key = text[:60].lower()
            if key in seen:
                continue
            seen.add(key)
            out.append((nb.page, nb.top, len(out), src, num, text, short_quote(nb.text, 110),
                        section_id_of(doc, nb.page, nb.top)))
    # 2) "Rec 1: ..." items (a cell or paragraph may hold several)
    units = sorted(paras + cells(doc), key=lambda b: (b.page, b.top, b.table, b.row, b.col))
    for b in units:
        ms = list(label.finditer(b.text))
        for k, m in enumerate(ms):
            end = ms[k + 1].start() if k + 1 < len(ms) else len(b.text)
            text = ws(b.text[m.end(): end])
            key = text[:60].lower()
            if not text or key in seen:
                continue
            seen.add(key)
            ctx = " ".join(heading_before(hs, b.page, b.top, 3)) + " " + b.text[:0]
            src = _source(ctx, r)
            if src in ("Board", "Other"):
                near = " ".join(x.text for x in paras if x.page in (b.page, b.page - 1))
                src = _source(near, r) if _source(near, r) != "Board" else src
            out.append((b.page, b.top, len(out), src, m.group("num"), text,
                        short_quote(b.text[m.start(): end], 110), section_id_of(doc, b.page, b.top)))
    out.sort(key=lambda x: (x[0], x[1], x[2]))
    return [RecommendationRow(report_id=doc.report_id, recommendation_id=f"{doc.report_id}-r{n:02d}", source=s,
                              number=num, text=text, section_id=sec, page=page, quote=q)
            for n, (page, top, _, s, num, text, q, sec) in enumerate(out, 1)]
