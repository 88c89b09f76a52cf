"""The board's strategic priorities: "Priority N: Title" blocks/cells, or a list under a priorities heading."""
from __future__ import annotations

import re
from dataclasses import replace

from ..dataset.rows import PriorityRow
from ..document import Document
from ..rules_schemas import PrioritiesRules
from .common import BULLET, cells, heading_before, headings, paragraphs, section_id_of, short_quote, ws


def _title(text: str, max_words: int) -> str:
    t = ws(text).strip(" :–-")
    t = re.split(r"(?<=[a-z])\.\s|\s(?:To|We will|Priority Lead|Lead:|Aim:)\s", t)[0]
    words = t.split()
    return " ".join(words[:max_words]).strip(" ,;:")


def extract(doc: Document, rules, facts=None) -> list[PriorityRow]:
    r: PrioritiesRules = rules.priorities
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
        # one run of priorities shares one period: the one stated before its first item
        period = found[min(found)].period if found else _period_before(blocks, i, near, r, per_re, facts)
        quote = title if title in ws(b.text) else short_quote(b.text, 120)
        found[n] = PriorityRow(report_id=doc.report_id, priority_id="", number=str(n), title=title,
                               description=_description(doc, blocks, i, r, num_re, lead_re), lead=lead, period=period,
                               section_id=section_id_of(doc, b.page, b.top), page=b.page, quote=quote)
    rows = [found[k] for k in sorted(found)]
    restated = _restated_period(doc, rows, r, per_re) if len(rows) >= 2 else None
    if restated:
        rows = [replace(x, period=restated) for x in rows]
    if not rows and getattr(facts, "doc_type", None) != "arrangements":
        rows = _from_lists(doc, r, hs, excl, per_re, facts)
    return [PriorityRow(**{**row.__dict__, "priority_id": f"{doc.report_id}-p{k:02d}"}) if hasattr(row, "__dict__")
            else _renumber(row, doc.report_id, k) for k, row in enumerate(rows, 1)]


def _period_before(blocks, i: int, near: str, r: PrioritiesRules, per_re, facts) -> str | None:
    """The period a run of priorities is for: a year range in the headings above its first item or in the
    nearest running text before it that speaks of priorities ("2017 to 2019", "2016-18"), else a period
    relative to the report's year ("for the year ahead")."""
    first = blocks[i]
    back = [x for x in blocks[max(0, i - r.period_lookback): i] if x.kind == "para" and x.page >= first.page - 1]
    texts = [near] + [x.text for x in reversed(back) if re.search(r"priorit", x.text, re.I)]
    for t in texts:
        pm = per_re.search(t)
        if pm:
            return f"{pm.group(1)}-{pm.group(2)}"
    return _relative_period(texts, r, facts)


def _relative_period(texts, r: PrioritiesRules, facts) -> str | None:
    """A period written relative to the report's year: the year ahead, or the report's own year."""
    year = getattr(facts, "report_year", None) or ""
    if not re.match(r"(?:19|20)\d\d/\d\d$", year):
        return None
    for phrases, shift in ((r.period_ahead, 1), (r.period_current, 0)):
        rx = re.compile("|".join(phrases), re.I) if phrases else None
        if rx and any(rx.search(t) for t in texts):
            y = int(year[:4]) + shift
            return f"{y}-{(y + 1) % 100:02d}"
    return None


def _restated_period(doc: Document, rows: list[PriorityRow], r: PrioritiesRules, per_re) -> str | None:
    """The period of an earlier list of the same priorities ("... priorities were identified for 2016-18:"
    followed by the titles the report later reports on one by one): the list's lead-in states it."""
    from rapidfuzz import fuzz
    paras = paragraphs(doc)
    tail = re.compile(r.lead_in_tail, re.I) if r.lead_in_tail else None
    for i, b in enumerate(paras):
        if tail is None or not ws(b.text).endswith(":") or not tail.search(ws(b.text)):
            continue
        pms = list(per_re.finditer(b.text))  # the range nearest the colon is the list's own
        if not pms:
            continue
        pm = pms[-1]
        items = [BULLET.sub("", x.text) for x in paras[i + 1: i + 1 + len(rows) + 2] if BULLET.match(x.text)]
        same = sum(any(fuzz.token_set_ratio(row.title.lower(), it.lower()) >= 85 for it in items) for row in rows)
        if same >= max(2, len(rows) - 1):
            return f"{pm.group(1)}-{pm.group(2)}"
    return None


def _description(doc: Document, blocks, i: int, r: PrioritiesRules, num_re, lead_re) -> str | None:
    """What a priority means: its row's cell under a description header (an "Aim" column), else the first
    block after its title that opens like a description ("We will ..."), before the next priority."""
    b = blocks[i]
    if b.kind == "cell":
        t = next((x for x in doc.tables if x.index == b.table), None)
        rows = t.rows if t is not None else []
        head = [ws(c) for c in rows[0]] if rows else []
        want = re.compile(r.description_headers, re.I)
        for j, h in enumerate(head):
            if j != b.col and want.search(h) and b.row < len(rows) and j < len(rows[b.row]) and ws(rows[b.row][j]):
                return ws(rows[b.row][j])
    starts = re.compile(r.description_starts, re.I)
    for nb in blocks[i + 1: i + 6]:
        if num_re.match(nb.text):
            break
        text = nb.text
        lm = lead_re.search(text)
        if lm and not starts.match(text):
            text = text[lm.end():].lstrip(" .;")  # "Priority Lead: X" set in one block with the description
        m = starts.match(text)
        if m and text:
            return ws(text[m.end():] if m.groupdict().get("strip") is not None else text)
    return None


def _marker(m: str) -> str:
    m = m.strip()
    return "number" if m[:1].isdigit() else "letter" if m[:1].isalpha() or m[:2].lstrip("(")[:1].isalpha() else m[:1]


def _renumber(row: PriorityRow, rid: str, k: int) -> PriorityRow:
    from dataclasses import replace
    return replace(row, priority_id=f"{rid}-p{k:02d}")


def _from_lists(doc: Document, r: PrioritiesRules, hs, excl, per_re, facts=None) -> list[PriorityRow]:
    """A bulleted/numbered list right after a lead-in or heading that names the board's priorities."""
    want = re.compile("|".join(re.escape(x) for x in r.list_headings), re.I)
    tail = re.compile(r.lead_in_tail, re.I) if r.lead_in_tail else None
    paras = paragraphs(doc)
    out: list[PriorityRow] = []
    for i, b in enumerate(paras):
        if out:
            break
        lead_in = ws(b.text)
        if len(lead_in) > 300 or not lead_in.endswith(":") \
                or not (tail.search(lead_in) if tail else want.search(lead_in)):
            continue
        if excl and (excl.search(lead_in) or excl.search(" ".join(heading_before(hs, b.page, b.top, 2)))):
            continue
        items: list = []
        first_marker = None
        for nb in paras[i + 1: i + 12]:
            bm = BULLET.match(nb.text)
            if not bm or len(nb.text.split()) > r.max_title_words:
                break
            if items and _marker(bm.group(0)) != first_marker:
                break  # a list keeps one kind of marker: a numbered paragraph after bullets ends it
            first_marker = first_marker if items else _marker(bm.group(0))
            items.append(nb)
        if len(items) < 2:
            continue
        pms = list(per_re.finditer(b.text))
        period = f"{pms[-1].group(1)}-{pms[-1].group(2)}" if pms else _relative_period([b.text], r, facts)
        for k, it in enumerate(items, 1):
            title = _title(BULLET.sub("", it.text), r.max_title_words)
            out.append(PriorityRow(report_id=doc.report_id, priority_id="", number=str(k), title=title,
                                   description=None, lead=None, period=period,
                                   section_id=section_id_of(doc, it.page, it.top), page=it.page,
                                   quote=short_quote(BULLET.sub("", it.text), 120)))
    return out
