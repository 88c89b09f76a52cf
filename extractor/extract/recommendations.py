"""Recommendations made to the board: numbered lists under a recommendations/areas-of-focus heading,
and "Rec N:" items in text or tables; the source (Ofsted, LGA, SCR, SAR, LCSPR, DHR, Board, Other)
from the words around the list."""
from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..dataset.rows import RecommendationRow
from ..document import Document
from ..rules_schemas import RecommendationsRules
from . import recs_prose as prose
from .common import (
    BULLET,
    NUMBERED,
    cells,
    heading_before,
    headings,
    paragraphs,
    section_id_of,
    short_quote,
    ws,
)


def _source(text: str, r: RecommendationsRules) -> str:
    low = text.lower()
    for src, pats in r.sources.items():
        if any(re.search(p, low) for p in pats):
            return src
    return "Other"


def extract(doc: Document, rules) -> list[RecommendationRow]:
    r: RecommendationsRules = rules.recommendations
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
        alone = b.bold and want.fullmatch(ws(b.text).rstrip(":").strip()) and not _in_appendix(doc, b)
        src = _source(b.text, r)
        if src in ("Board", "Other"):
            src2 = _source(" ".join(heading_before(hs, b.page, b.top, 2)), r)
            src = src2 if src2 not in ("Other",) and src == "Other" else src
        if alone and src == "Other":
            src = "Board"  # the board's own required actions
        items = _items(paras[i + 1: i + 1 + r.max_items], lead_in=ws(b.text).endswith(":") or b.bold)
        # a heading that is only "Actions Required" / "Recommendations" may head a single item
        if len(items) < (1 if alone else 2):
            continue
        for num, nb in items:
            text = BULLET.sub("", NUMBERED.sub("", nb.text, count=1), count=1)
            key = text[:60].lower()
            if key in seen:
                continue
            seen.add(key)
            # one list keeps its own order (a list set in columns is not re-sorted by position)
            first = items[0][1]
            out.append((first.page, first.top, len(out), src, num, text, short_quote(nb.text, 110),
                        section_id_of(doc, nb.page, nb.top), nb.page))
    # 2) "Rec 1: ..." items (a cell or paragraph may hold several)
    units = sorted(paras + cells(doc), key=lambda b: (b.page, b.top, b.table, b.row, b.col))
    table_src: dict[int, str] = {}
    for b in units:
        ms = list(label.finditer(b.text))
        for k, m in enumerate(ms):
            end = ms[k + 1].start() if k + 1 < len(ms) else len(b.text)
            text = ws(b.text[m.end(): end])
            key = text[:60].lower()
            if not text or key in seen:
                continue
            seen.add(key)
            if b.table >= 0:  # a table's rows share the table's context: one source per table
                if b.table not in table_src:
                    t = next(x for x in doc.tables if x.index == b.table)
                    table_src[b.table] = _unit_source(doc, hs, paras, t.page_start, t.top, r, t.caption)
                src = table_src[b.table]
            else:
                src = _unit_source(doc, hs, paras, b.page, b.top, r)
            out.append((b.page, b.top, len(out), src, _number(m.group("num")), text,
                        short_quote(b.text[m.start(): end], 110), section_id_of(doc, b.page, b.top)))
    # 3) a table with an action/recommendation column (a board action plan, a review's recommendations)
    for t, col in _action_tables(doc, r):
        ctx = " ".join(heading_before(hs, t.page_start, t.top, 2) + [t.caption, _text_above(doc, t.page_start, t.top)])
        if single and single.search(ctx):
            continue
        src = _source(ctx, r)
        for ri, row in enumerate(t.rows[t.header_rows:], start=t.header_rows):
            cell = ws(row[col]) if col < len(row) else ""
            lm = label.match(cell)
            text = ws(cell[lm.end():]) if lm else cell
            key = text[:60].lower()
            if len(text.split()) < 3 or key in seen or re.match(r.no_item, text, re.I):
                continue
            seen.add(key)
            num = next((ws(c).rstrip(".") for c in row[:col] if re.fullmatch(r"\d{1,2}\.?", ws(c))), None)
            page = t.page_of_row(ri)
            top = t.top if page == t.page_start else 0.0  # a continued row stands at the top of its page
            out.append((page, top, len(out), src, num, text, short_quote(cell, 110), section_id_of(doc, page, top)))
    # 4) recommendations written in prose ("The peer review identified the need for the Board to ...")
    for b, sent, lead, text in prose.candidates(paras, r.prose, single):
        key = text[:60].lower()
        if key in seen or any(fuzz.token_set_ratio(text.lower(), x[5].lower()) >= 80 for x in out):
            continue
        seen.add(key)
        src = _source(lead, r)
        if src in ("Board", "Other"):
            near = _source(" ".join(heading_before(hs, b.page, b.top, 2)), r)
            src = near if near != "Other" else ("Board" if src == "Other" else src)
        out.append((b.page, b.top, len(out), src, None, text, short_quote(sent, 160),
                    section_id_of(doc, b.page, b.top)))
    out.sort(key=lambda x: (x[0], x[1], x[2]))
    return [RecommendationRow(report_id=doc.report_id, recommendation_id=f"{doc.report_id}-r{n:02d}", source=s,
                              number=num, text=text, section_id=sec, page=x[8] if len(x) > 8 else page, quote=q)
            for n, x in enumerate(out, 1) for (page, top, _, s, num, text, q, sec) in [x[:8]]]


WORDS = {w: i for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split(), 1)}
ROMAN = {"i": 1, "v": 5, "x": 10}


def _number(num: str) -> str:
    """An item's number as digits, however it is printed ("Three" -> "3", "iv" -> "4")."""
    low = num.lower()
    if low.isdigit():
        return str(int(low))
    if low in WORDS:
        return str(WORDS[low])
    vals = [ROMAN[c] for c in low if c in ROMAN]
    return str(sum(-v if k + 1 < len(vals) and v < vals[k + 1] else v for k, v in enumerate(vals))) if vals else num


def _unit_source(doc: Document, hs, paras, page: int, top: float, r: RecommendationsRules, caption: str = "") -> str:
    """The source of an item at (page, top): its nearest headings (and caption), else the running text of
    its page and the page before when that names a review or inspection."""
    src = _source(" ".join(heading_before(hs, page, top, 3) + [caption or ""]), r)
    if src in ("Board", "Other"):
        near = _source(" ".join(x.text for x in paras if x.page in (page, page - 1)), r)
        src = near if near != "Board" else src
    return src


def _items(paras, lead_in: bool) -> list[tuple]:
    """The numbered items after a heading (prose before the first is skipped), or the bulleted items
    right after a lead-in ending in ':' (or a heading)."""
    items: list[tuple] = []
    skip_to = -1
    for k, nb in enumerate(paras):
        if k < skip_to:
            continue
        m = NUMBERED.match(nb.text)
        if m and (not items or items[-1][0] is not None):
            items.append((m.group(1), nb))
            continue
        if lead_in and BULLET.match(nb.text) and (items or k == 0) and (not items or items[-1][0] is None):
            items.append((None, nb))
            continue
        if items and items[-1][0] is not None:
            nxt = _continuation(paras, k, items[-1])
            if nxt is not None:
                skip_to = nxt
                continue
        if items or (nb.bold and len(nb.text) < 90):
            break
    return items


def _continuation(paras, k: int, last: tuple, look: int = 4) -> int | None:
    """Where a numbered list broken by the block at k goes on: the next number of the sequence within a
    few blocks, placed above the break on its page (a list set in columns, read column by column) or at
    the top of the next page before any heading (a list broken across pages)."""
    num, prev = int(last[0]), last[1]
    brk = paras[k]
    for j in range(k + 1, min(k + 1 + look, len(paras))):
        b = paras[j]
        m = NUMBERED.match(b.text)
        if m and int(m.group(1)) == num + 1:
            if b.page == brk.page == prev.page and b.top < brk.top:
                return j
            if b.page == prev.page + 1 and all(x.page == b.page or not x.bold for x in paras[k:j]):
                return j
            return None
        if b.bold and b.page != brk.page:
            return None
    return None


def _in_appendix(doc: Document, b) -> bool:
    """The block stands in an appendix or partner statements (single agencies' own lists)."""
    sec = doc.section_of(b.page, b.top)
    while sec is not None:
        if sec.kind in ("appendix", "partner_statements"):
            return True
        sec = doc.sections[sec.parent] if sec.parent is not None else None
    return False


def _text_above(doc: Document, page: int, top: float, n: int = 3) -> str:
    before = [ln for ln in doc.lines if (ln.page, ln.top) < (page, top)]
    return " ".join(ln.text for ln in before[-n:])


def _action_tables(doc: Document, r: RecommendationsRules):
    """(table, column) for each table whose header names a column of recommendations/actions."""
    want = {c.lower() for c in r.table_columns}
    for t in doc.tables:
        if t.n_rows < 3 or not t.header_rows:
            continue
        for row in t.rows[: t.header_rows]:
            col = next((j for j, c in enumerate(row) if ws(c).lower().rstrip(".:?") in want), None)
            if col is not None:
                yield t, col
                break
