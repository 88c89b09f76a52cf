"""Named people with their role and organisation: membership tables, "Name, Role, Organisation"
lines, signature blocks ("Name" over "Chair, ..."), ranks ("Chief Superintendent Name") and
labels ("Priority Lead: Name")."""
from __future__ import annotations

import re
from typing import AbstractSet

from ..dataset.rows import PersonRow
from ..document import Document
from ..rules_schemas import PeopleRules
from ..vocab.partners import registry_from
from . import people_prose, roster
from .common import cells, paragraphs, ws

NAME_CORE = (r"[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?(?:\s+[A-Z]\.?)?\s+"
             r"(?:Mc|Mac|O')?[A-Z][a-zA-Z'’]+(?:-\s?[A-Z][a-zA-Z'’]+)?")


def _alt(xs) -> str:
    return "|".join(re.escape(x) for x in sorted(xs, key=len, reverse=True))


class _Ctx:
    def __init__(self, r: PeopleRules, extra_bad: AbstractSet[str] = frozenset()):
        hon = _alt(r.honorifics)
        self.name_re = re.compile(rf"(?:(?:{hon})\.?\s+)?{NAME_CORE}")
        self.hon_re = re.compile(rf"^(?:(?:{hon})\.?\s+)+")
        self.role_re = re.compile(rf"^(?:[A-Z]{{2,6}}\s+)?(?:the\s+)?(?:{_alt(r.role_words)})\b")
        self.bad = {w.lower() for w in r.not_name_words} | {w.lower() for w in extra_bad}
        self.org_bad = {w.lower() for w in extra_bad}  # organisation and place words only (lenient test)
        self.rank_re = re.compile(rf"(?<![\w])(?P<rank>{_alt(r.rank_before)})\s+(?P<name>{NAME_CORE})")
        self.label_re = re.compile(rf"(?<![\w])(?:{_alt(r.label_before)})"
                                   rf"\s*:\s*(?P<name>(?:(?:{hon})\.?\s+)?{NAME_CORE})")
        self.after_re = re.compile(rf"(?P<name>(?:(?:{hon})\.?\s+)?{NAME_CORE})"
                                   rf"\s*,\s*(?P<role>(?:the\s+)?(?:{_alt(r.role_words)})\b[^.;]*)")

    def is_name(self, s: str, lenient: bool = False) -> bool:
        """Name-shaped and free of non-name words; `lenient` (a cell in a column of names) only
        refuses organisation and place words, and allows a double surname ("Tracey O'Keefe Pullen")."""
        core = self.hon_re.sub("", ws(s))
        if not re.fullmatch(NAME_CORE, core):
            parts = core.split()
            if not (lenient and len(parts) == 3 and re.fullmatch(NAME_CORE, f"{parts[0]} {parts[2]}")
                    and re.fullmatch(NAME_CORE, f"{parts[0]} {parts[1]}")):
                return False
        bad = self.org_bad if lenient else self.bad
        words = [w.strip("'’").lower() for w in re.split(r"[\s-]+", core)]
        return not any(w in bad or (w.endswith("s") and w[:-1] in bad) for w in words)


PAGE_REF = re.compile(r"\s+\.{0,}\s*\d{1,3}(?:\s|$)")  # a contents entry's page number ends its role
MIN_NAME_SHARE = 0.3  # a name cell counts in a table column where at least this share reads as names
NOT_PEOPLE_TABLES = ("document_control", "funding", "performance", "child_deaths")
ORG_STOP = {"the", "and", "for", "of", "in", "nhs", "&"}


def context(doc: Document | None, rules, facts=None, partners=()) -> _Ctx:
    """The name test for one report: the people rules' non-name words, the registry's organisation
    words, and the words of this report's own place and organisation names (its area, its board's
    name, the partners found in it): a capitalised pair made of those is a place or body, not a person."""
    r: PeopleRules = rules.people
    extra: set[str] = set()
    try:
        org_words = set(rules.partners.org_words)
    except Exception:  # partners rules not loaded (unit tests of one extractor)
        org_words = set()
    extra |= org_words
    names = [getattr(facts, "area", None), getattr(facts, "board_name", None)]
    low_org = {w.lower() for w in org_words}
    for p in partners:
        name = getattr(p, "canonical_name", "") or ""
        if getattr(p, "in_registry", True) or any(w.lower() in low_org for w in name.split()):
            names.append(name)
    for n in names:
        for w in re.findall(r"[A-Z][A-Za-z'’]{2,}", n or ""):
            if w.lower() not in ORG_STOP:
                extra.add(w)
    return _Ctx(r, extra)


def clean_name(s: str, ctx: _Ctx) -> str:
    s = re.sub(r"-\s+", "-", ws(s))
    return ctx.hon_re.sub("", s).strip()


class _Split:
    """Splits a "Role, Organisation" text: the segment naming an organisation (a registry name or a name
    ending in an organisation kind word) is the organisation, wherever it stands; a segment naming the
    report's own board stays in the role (a role within the board); an address segment is dropped."""

    def __init__(self, r: PeopleRules, reg, own: tuple[str, ...] = ()):
        self.reg = reg
        # a name ends in its kind word ("... Foundation Trust", "... Special Schools", "... (CCG)")
        self.kind_re = re.compile(rf"\b(?:{_alt(r.org_kinds)})s?"
                                  rf"(?:\s*\([A-Z&]{{2,8}}\))?$" if r.org_kinds else r"(?!x)x")
        self.head_re = re.compile(rf"\b(?:{_alt(r.role_heads)})s?$" if r.role_heads else r"(?!x)x", re.I)
        self.addr_re = re.compile(rf"\b(?:{_alt(r.address_words)})$" if r.address_words else r"(?!x)x", re.I)
        self.role_re = re.compile(rf"^(?:the\s+)?(?:{_alt(r.role_words)})\b", re.I)
        self.own = tuple(o.lower() for o in own if o)

    def is_own(self, seg: str) -> bool:
        """The segment names a part of the report's own board ("the Board's Executive Group"); the
        board itself, named alone, is an organisation."""
        low = seg.lower().strip()
        return any(o in low and len(low) > len(o) + 3 for o in self.own)

    def is_org(self, seg: str) -> bool:
        if self.is_own(seg) or self.role_re.match(seg) or self.head_re.search(seg):
            return False
        return bool(self.kind_re.search(seg)) or any(m.start == 0 and m.end >= len(seg) - 1 for m in self.reg.find(seg))

    def __call__(self, text: str) -> tuple[str | None, str | None]:
        text = ws(text).strip(" ,;")
        if not text:
            return None, None
        segs = [x.strip() for x in text.split(",") if x.strip()]
        segs = [x for x in segs if not self.addr_re.search(x)] or segs
        org = None
        for k in range(len(segs) - 1, -1, -1):
            if self.is_org(segs[k]):
                org = segs.pop(k)
                break
        if org is None and len(segs) == 1:
            ms = self.reg.find(segs[0])
            if ms and ms[-1].end >= len(segs[0]) - 1 and ms[-1].start > 0 and not self.is_own(ms[-1].surface):
                org = ms[-1].surface
                segs = [segs[0][: ms[-1].start].strip(" ,")]
        role = ", ".join(x for x in segs if x) or None
        return role, org


def _header_columns(header, r: PeopleRules) -> tuple[int | None, int | None]:
    """(role column, organisation column) named by the roster's header cells; a cell naming both
    ("Group / Role") counts as the role column, split into role and organisation per row."""
    role_re, org_re = re.compile(r.role_headers, re.I), re.compile(r.org_headers, re.I)
    role_col = org_col = None
    for h in header:
        for j, c in enumerate(h):
            c = ws(c)
            if not c:
                continue
            if role_re.search(c) and role_col is None:
                role_col = j
            elif org_re.search(c) and org_col is None:
                org_col = j
    return role_col, org_col


def _by_role(role: str | None, r: PeopleRules, partners, counts: dict[str, int]) -> str | None:
    """The organisation a role names by its kind (a police rank -> the report's police force): the
    report's partner of that category mentioned most, when it clearly leads (twice the next)."""
    if not role or not partners:
        return None
    for cat, words in r.role_categories.items():
        if any(re.search(rf"\b{re.escape(w)}\b", role, re.I) for w in words):
            cands = sorted(((counts.get(p.partner_id, 1), p.canonical_name) for p in partners
                            if getattr(p, "category", None) == cat), reverse=True)
            if cands and (len(cands) == 1 or cands[0][0] >= 2 * cands[1][0]):
                return cands[0][1]
            return None
    return None


def _cell(row, j) -> str:
    t = ws(row[j]) if j is not None and j < len(row) else ""
    return "" if roster.NUMERIC.match(t) or roster.DATE.match(t) else t


def _roster_role(row, ac, rc, oc, split) -> tuple[str | None, str | None]:
    """Role and organisation of one roster row: the columns the header names, else the agency column
    split into role and organisation."""
    if rc is not None or oc is not None:
        role, org = split(_cell(row, rc)) if rc is not None else (None, None)
        text = _cell(row, oc) if oc is not None else ""
        if text and not split.is_org(text) and (split.role_re.match(text) or split.head_re.search(text)):
            role = role or text  # a role written in the agency column ("Independent Chair")
        elif text:
            org = text
        return role, org
    text = _cell(row, ac)
    return split(text) if text else (None, None)


def extract(doc: Document, rules, facts=None, partners=(), mentions=()) -> list[PersonRow]:
    r: PeopleRules = rules.people
    ctx = context(doc, rules, facts, partners)
    head_re = re.compile(r.name_headers, re.I) if r.name_headers else None
    reg = registry_from(rules)
    own = (getattr(facts, "board_name", None), getattr(facts, "board_abbrev", None) and f"({facts.board_abbrev})")
    split = _Split(r, reg, tuple(x for x in own if x))
    found: dict[str, PersonRow] = {}
    order: list[str] = []

    def add(name: str, role, org, page: int, quote: str, strong: bool):
        n = clean_name(name, ctx)
        key = n.lower()
        if not ctx.is_name(n):
            return
        if key in found:
            old = found[key]
            if strong and not old.role and role:
                found[key] = PersonRow(doc.report_id, old.name, role, org or old.organisation, old.page, old.quote)
            return
        found[key] = PersonRow(report_id=doc.report_id, name=n, role=role, organisation=org, page=page, quote=ws(quote))
        order.append(key)

    # rosters (membership / attendance tables): the column of people and the column of their agency/role
    for t in doc.tables:
        body = t.rows[t.header_rows:] if t.header_rows < t.n_rows else t.rows
        cols = roster.columns(body, t.rows[: t.header_rows], ctx, head_re)
        if cols is None:
            continue
        pc, ac = cols
        rc, oc = _header_columns(t.rows[: t.header_rows], r)
        rc, oc = (None if rc == pc else rc), (None if oc == pc else oc)
        above: dict[int, str] = {}  # the last text of each agency/role column, for the rows it spans
        for ri, raw in enumerate(body, start=t.n_rows - len(body)):
            row = roster.fill_down(raw, [j for j in (ac, rc, oc) if j is not None], above)
            cell = ws(row[pc]) if pc < len(row) else ""
            if not roster.person_like(cell, ctx, lenient=True):
                continue
            role, org = _roster_role(row, ac, rc, oc, split)
            name = roster.clean_person(cell)
            add(name, role, roster.clean_person(org) if org else org, t.page_of_row(ri), name, True)
    # membership-like tables: a name cell and a role cell
    for t in doc.tables:
        if t.kind in NOT_PEOPLE_TABLES:
            continue
        first = t.header_rows if t.header_rows < len(t.rows) else 0
        for ri, row in enumerate(t.rows[first:], start=first):
            cs = [ws(c) for c in row]
            if len(cs) < 2:
                continue
            for i, c in enumerate(cs[:-1]):
                if ctx.is_name(c) and roster.share(t.rows, i, ctx) >= MIN_NAME_SHARE and cs[i + 1] \
                        and not ctx.is_name(cs[i + 1]) and not re.fullmatch(r"[\d,.%£/ ]+", cs[i + 1]):
                    role, org = split(cs[i + 1])
                    add(c, role, org, t.page_of_row(ri), c, True)
                    break
            else:
                m = ctx.after_re.match(cs[0])
                if m:
                    role, org = split(m.group("role"))
                    add(m.group("name"), role, org, t.page_of_row(ri), m.group("name"), True)
    # signature blocks: a name alone on a line, a role on the next
    lines = [ln for ln in doc.lines if ln.text.strip()]
    for i, ln in enumerate(lines[:-1]):
        alone = ws(ln.text)
        nxt = lines[i + 1]
        if nxt.page == ln.page and ctx.is_name(alone) and ctx.role_re.match(ws(nxt.text)) and len(nxt.text) < 120:
            role, org = split(ws(nxt.text))
            add(alone, role, org, ln.page, alone, True)
    # running text
    for b in paragraphs(doc) + [c for c in cells(doc)]:
        for m in ctx.after_re.finditer(b.text):
            pre = b.text[: m.start()].rstrip()
            if pre.endswith(("the", "of")):  # "Foreword by X, Independent Chair" names X
                continue
            role, org = split(PAGE_REF.split(m.group("role")[:150])[0])
            add(m.group("name"), role, org, b.page, m.group("name"), False)
        for m in ctx.rank_re.finditer(b.text):
            add(m.group("name"), m.group("rank"), None, b.page, m.group(0), False)
        for m in ctx.label_re.finditer(b.text):
            label = b.text[m.start(): m.start("name")].rstrip(": ")
            add(m.group("name"), label, None, b.page, m.group(0), False)
    # prose with the role beside the name in any case ("John Harris, the previous independent chair")
    if r.role_heads:
        pats = people_prose.ProsePatterns(r.role_words, r.role_modifiers, r.role_heads, _alt(r.honorifics))
        cands = [c for c in people_prose.candidates(paragraphs(doc), pats) if ctx.is_name(clean_name(c[1], ctx))]
        for (b, name, role, _quote, _), ok in zip(cands, people_prose.persons(cands)):
            if ok:
                role_, org = split(role)
                add(name, role_, org, b.page, name, False)
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.partner_id] = counts.get(m.partner_id, 0) + m.count
    out = []
    for k in order:
        p = found[k]
        if not p.organisation:
            org = _by_role(p.role, r, partners, counts)
            p = PersonRow(p.report_id, p.name, p.role, org, p.page, p.quote) if org else p
        out.append(p)
    return out
