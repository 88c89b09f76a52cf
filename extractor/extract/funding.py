"""Agency contributions to the board's budget (and the total) from finance tables."""
from __future__ import annotations

import re

from ..dataset.rows import FundingRow
from ..document import Document
from ..rules_schemas import FundingRules
from ..vocab.numbers import parse_number
from ..vocab.partners import registry_from, slug
from .common import ws


def _text_above(doc: Document, page: int, top: float, n: int = 3) -> str:
    before = [ln for ln in doc.lines if (ln.page, ln.top) < (page, top)]
    return " ".join(ln.text for ln in before[-n:])


def _money(text: str) -> float | None:
    t = ws(text).replace("£", "").strip()
    if re.fullmatch(r"[-–—]|nil|n/a", t, re.I):
        return None
    v = parse_number(t)
    return v


def _marker(cells: list[str]) -> str | None:
    """The words of a row that holds no amount (a part heading such as 'Expenditure £' or 'Income'), else None."""
    texts = [c for c in cells if c]
    if not texts or any(_money(c) is not None for c in texts):
        return None
    return " ".join(texts)


def extract(doc: Document, rules, partners=()) -> list[FundingRow]:
    r: FundingRules = rules.funding
    reg = registry_from(rules)
    want = re.compile("|".join(re.escape(p) for p in r.table_phrases), re.I)
    avoid = re.compile("|".join(re.escape(p) for p in r.exclude_phrases), re.I) if r.exclude_phrases else None
    kinds = [(k, re.compile("|".join(ps), re.I)) for k, ps in r.row_kinds.items()]
    skip = re.compile("|".join(r.exclude_rows), re.I) if r.exclude_rows else None
    sec_out = re.compile("|".join(r.section_out), re.I) if r.section_out else None
    sec_in = re.compile("|".join(r.section_in), re.I) if r.section_in else None
    share = re.compile(r.share_suffix)
    out: list[FundingRow] = []
    for t in doc.tables:
        if t.n_cols < 2 or t.n_rows < 2:
            continue
        head = " ".join(" ".join(row) for row in t.rows[: max(1, t.header_rows)])
        context = f"{head} {t.caption} {_text_above(doc, t.page_start, t.top)}"
        is_funding = t.kind == "funding" or bool(want.search(context))
        if not is_funding or (avoid and avoid.search(head) and not want.search(head)):
            continue
        if t.kind == "attendance" or re.search(r"attend|meetings", head, re.I):
            continue
        # amounts must mostly be money-like numbers
        body = t.rows[t.header_rows:] if t.header_rows < t.n_rows else t.rows
        rows = []
        spending = False
        for ri, row in enumerate(body, start=t.n_rows - len(body)):
            cs = [ws(c) for c in row]
            marker = _marker(cs)
            if marker is not None:
                if sec_out is not None and sec_out.search(marker) and not (sec_in and sec_in.search(marker)):
                    spending = True
                elif sec_in is not None and sec_in.search(marker):
                    spending = False
                continue
            if spending:
                continue
            label = next((c for c in cs if c and _money(c) is None), "")
            amount = next((_money(c) for c in cs if c and c != label and _money(c) is not None), None)
            if label and amount is not None and not (skip and skip.search(label)):
                rows.append((label, abs(amount), ri))
        if len(rows) < 2 or max(a for _, a, _ in rows) < r.min_max_amount:
            continue
        for label, amount, ri in rows:
            kind = next((k for k, rx in kinds if rx.search(label)), "contribution")
            ms = reg.find(share.sub("", label) or label)
            pid = slug(ms[0].canonical) if ms else None
            out.append(FundingRow(report_id=doc.report_id, agency=share.sub("", label) or label, partner_id=pid,
                                  amount_gbp=float(amount), kind=kind, page=t.page_of_row(ri), quote=label))
    return out
