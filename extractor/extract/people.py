"""Named people with their role and organisation: membership tables, "Name, Role, Organisation"
lines, signature blocks ("Name" over "Chair, ..."), ranks ("Chief Superintendent Name") and
labels ("Priority Lead: Name")."""
from __future__ import annotations

import re

from pydantic import BaseModel, Field

from ..normalise.partners import registry_from
from ..normalise.rows import PersonRow
from ..rules import rules_schema
from ..structure.records import Document
from . import people_prose, roster
from .common import cells, paragraphs, ws

NAME_CORE = r"[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?(?:\s+[A-Z]\.?)?\s+(?:Mc|Mac|O')?[A-Z][a-zA-Z'’]+(?:-\s?[A-Z][a-zA-Z'’]+)?"


@rules_schema("people.yml")
class PeopleRules(BaseModel):
    role_words: list[str]
    rank_before: list[str] = Field(default_factory=list)
    label_before: list[str] = Field(default_factory=list)
    honorifics: list[str] = Field(default_factory=list)
    not_name_words: list[str] = Field(default_factory=list)
    # a roster table's header cell over its column of people's names
    name_headers: str = ""
    # prose: words before a role ("the previous independent chair") and the nouns a role phrase must hold
    role_modifiers: list[str] = Field(default_factory=list)
    role_heads: list[str] = Field(default_factory=list)


def _alt(xs) -> str:
    return "|".join(re.escape(x) for x in sorted(xs, key=len, reverse=True))


class _Ctx:
    def __init__(self, r: PeopleRules, extra_bad: set[str] = frozenset()):
        hon = _alt(r.honorifics)
        self.name_re = re.compile(rf"(?:(?:{hon})\.?\s+)?{NAME_CORE}")
        self.hon_re = re.compile(rf"^(?:(?:{hon})\.?\s+)+")
        self.role_re = re.compile(rf"^(?:[A-Z]{{2,6}}\s+)?(?:the\s+)?(?:{_alt(r.role_words)})\b")
        self.bad = {w.lower() for w in r.not_name_words} | {w.lower() for w in extra_bad}
        self.org_bad = {w.lower() for w in extra_bad}  # organisation and place words only (lenient test)
        self.rank_re = re.compile(rf"(?<![\w])(?P<rank>{_alt(r.rank_before)})\s+(?P<name>{NAME_CORE})")
        self.label_re = re.compile(rf"(?<![\w])(?:{_alt(r.label_before)})\s*:\s*(?P<name>(?:(?:{hon})\.?\s+)?{NAME_CORE})")
        self.after_re = re.compile(rf"(?P<name>(?:(?:{hon})\.?\s+)?{NAME_CORE})\s*,\s*(?P<role>(?:the\s+)?(?:{_alt(r.role_words)})\b[^.;]*)")

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


MIN_NAME_SHARE = 0.3  # a name cell counts in a table column where at least this share reads as names
NOT_PEOPLE_TABLES = ("document_control", "funding", "performance", "child_deaths")
ORG_STOP = {"the", "and", "for", "of", "in", "nhs", "&"}


def context(doc: Document | None, rules, facts=None, partners=()) -> _Ctx:
    """The name test for one report: the people rules' non-name words, the registry's organisation
    words, and the words of this report's own place and organisation names (its area, its board's
    name, the partners found in it): a capitalised pair made of those is a place or body, not a person."""
    r: PeopleRules = rules.get("people.yml")
    extra: set[str] = set()
    try:
        org_words = set(rules.get("partners.yml").org_words)
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


def _split_role(text: str, reg) -> tuple[str | None, str | None]:
    text = ws(text).strip(" ,;")
    if not text:
        return None, None
    segs = [x.strip() for x in text.split(",") if x.strip()]
    org = None
    if len(segs) > 1:
        last = segs[-1]
        if reg.find(last) or re.search(r"\b(?:Council|Police|Trust|Group|Service|College|School|Board|Forum|Partnership|Company)\b", last):
            org = last
            segs = segs[:-1]
    if org is None and len(segs) == 1:
        ms = reg.find(segs[0])
        if ms and ms[-1].end >= len(segs[0]) - 1 and ms[-1].start > 0:
            org = ms[-1].surface
            segs = [segs[0][: ms[-1].start].strip(" ,")]
    role = ", ".join(s for s in segs if s) or None
    return role, org


def extract(doc: Document, rules, facts=None, partners=()) -> list[PersonRow]:
    r: PeopleRules = rules.get("people.yml")
    ctx = context(doc, rules, facts, partners)
    head_re = re.compile(r.name_headers, re.I) if r.name_headers else None
    reg = registry_from(rules)
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
        for ri, row in enumerate(body, start=t.n_rows - len(body)):
            cell = ws(row[pc]) if pc < len(row) else ""
            if not roster.person_like(cell, ctx, lenient=True):
                continue
            role_text = ws(row[ac]) if ac is not None and ac < len(row) else ""
            role, org = _split_role(role_text, reg) if role_text and not roster.NUMERIC.match(role_text) else (None, None)
            name = roster.clean_person(cell)
            add(name, role, org, t.page_of_row(ri), name, True)
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
                if ctx.is_name(c) and roster.share(t.rows, i, ctx) >= MIN_NAME_SHARE and cs[i + 1] and not ctx.is_name(cs[i + 1]) and not re.fullmatch(r"[\d,.%£/ ]+", cs[i + 1]):
                    role, org = _split_role(cs[i + 1], reg)
                    add(c, role, org, t.page_of_row(ri), c, True)
                    break
            else:
                m = ctx.after_re.match(cs[0])
                if m:
                    role, org = _split_role(m.group("role"), reg)
                    add(m.group("name"), role, org, t.page_of_row(ri), m.group("name"), True)
    # signature blocks: a name alone on a line, a role on the next
    lines = [ln for ln in doc.lines if ln.text.strip()]
    for i, ln in enumerate(lines[:-1]):
        t = ws(ln.text)
        nxt = lines[i + 1]
        if nxt.page == ln.page and ctx.is_name(t) and ctx.role_re.match(ws(nxt.text)) and len(nxt.text) < 120:
            role, org = _split_role(ws(nxt.text), reg)
            add(t, role, org, ln.page, t, True)
    # running text
    for b in paragraphs(doc) + [c for c in cells(doc)]:
        for m in ctx.after_re.finditer(b.text):
            pre = b.text[: m.start()].rstrip()
            if pre.endswith(("the", "by", "of")):
                continue
            role, org = _split_role(m.group("role")[:150], reg)
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
        for (b, name, role, quote), ok in zip(cands, people_prose.persons(cands)):
            if ok:
                role_, org = _split_role(role, reg)
                add(name, role_, org, b.page, name, False)
    return [found[k] for k in order]
