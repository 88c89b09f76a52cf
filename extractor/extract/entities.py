"""Partners of a report: registry names and shapes anywhere, plus organisations in partner lists.

A mention counts when the registry says the organisation is a partner wherever it is
named (named entries, "<Place> Police", "<Place> Clinical Commissioning Group"...), or
when it stands in a partner context: a list or table under a heading/lead-in such as
"Partner Organisations", "Relevant Agencies", "Members of ...", a funding table's
agency column, or a membership table. Organisations found in those contexts that the
registry lacks are kept (in_registry=False). Glossaries and contents pages are skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dataset.rows import MentionRow, PartnerRow
from ..document import Document
from ..vocab.partners import OrgMatch, Registry, registry_from, slug
from . import departments
from .common import BULLET, Block, cells, fold, heading_before, headings, paragraphs, ws
from .nlp import entities

SKIP_HEADINGS = re.compile(r"glossary|abbreviations|acronyms|contents|terminology", re.I)
LEADER = re.compile(r"\.{5,}|…{2,}")
ABBR_DEF = re.compile(r"\(\s*([A-Z][A-Za-z&]{1,8})\s*\)")
GLOSS = re.compile(r"^\s*(?:[•·]\s*)?([A-Z][A-Z&/]{1,8}(?:\s[A-Z]{2,5})?)\s*[-–:]?\s+([A-Z].+)$")
PLURAL_GENERIC = re.compile(r"\b(?:providers?|agencies|settings|professionals|organisations|services commissioned|"
                            r"including|other|partners|members)\b", re.I)


@dataclass
class Found:
    canonical: str
    category: str
    in_registry: bool
    forms: dict = field(default_factory=dict)  # surface -> count
    first_page: int = 10 ** 6
    quote: str | None = None
    form_first: dict = field(default_factory=dict)  # surface -> (first page, quote) of that spelling

    def add(self, surface: str, page: int, quote: str):
        self.forms[surface] = self.forms.get(surface, 0) + 1
        if page < self.form_first.get(surface, (10 ** 6,))[0]:
            self.form_first[surface] = (page, quote)
        if page < self.first_page:
            self.first_page, self.quote = page, quote

    def absorb(self, other: "Found") -> None:
        """Take in another partner's spellings (an abbreviation the report defines for this one)."""
        for surface, n in other.forms.items():
            page, quote = other.form_first[surface]
            for _ in range(n):
                self.add(surface, page, quote)


def _context_re(reg: Registry) -> re.Pattern:
    return re.compile("|".join(re.escape(p) for p in reg.rules.context_headings), re.I)


def _is_context(block: Block, hs, ctx_re, prev_text: str, table_header: str) -> bool:
    if block.kind == "cell":
        return bool(ctx_re.search(table_header))
    near = heading_before(hs, block.page, block.top, 1)
    if near and ctx_re.search(near[0]):
        return True
    return bool(BULLET.match(block.text) or len(block.text) < 90) and bool(ctx_re.search(prev_text))


def _clean_item(text: str) -> str:
    t = BULLET.sub("", text).strip()
    t = re.sub(r"\s*\([^)]*\)\s*$", "", t)  # trailing "(CQC)", "(MH / LD)"
    t = re.split(r"\s+[–—-]\s+|:\s", t)[0] if not re.search(r"\s[–—-]\s.*(?:Service|Council|Trust)", t) else t
    return t.strip(" .;,")


def _title_case(t: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z'’]+", t) if w.lower() not in ("and", "of", "the", "for", "at", "in", "&")]
    return bool(words) and all(w[0].isupper() for w in words)


def _in_statements(doc: Document, b: Block) -> bool:
    """The block stands in a section of partner/agency statements (or a subsection of one)."""
    sec = doc.section_of(b.page, b.top)
    while sec is not None:
        if sec.kind == "partner_statements":
            return True
        sec = doc.sections[sec.parent] if sec.parent is not None else None
    return False


def _not_org_cells(doc: Document, rules, funders) -> set[tuple[int, int, int]]:
    """Cells of partner tables that name no organisation: a roster's column of people, and in a
    funding table every row that is not an agency's contribution (spending, fees, part headings)."""
    from . import roster
    from .people import context
    out: set[tuple[int, int, int]] = set()
    try:
        pctx = context(doc, rules)
    except Exception:  # people rules not loaded (tests of the partners rules alone)
        pctx = None
    for t in doc.tables:
        body = t.rows[t.header_rows:]
        if pctx is not None:
            cols = roster.columns(body, t.rows[: t.header_rows], pctx)
            if cols is not None:
                out |= {(t.index, t.header_rows + r, cols[0]) for r in range(len(body))}
        if t.kind == "funding" and funders is not None:
            for r, row in enumerate(body):
                if not any(ws(c) in funders for c in row):
                    out |= {(t.index, t.header_rows + r, j) for j in range(len(row))}
    return out


def find_partners(doc: Document, rules, funders: set[str] | None = None,
                  area: str | None = None) -> tuple[list[PartnerRow], list[MentionRow]]:
    """This report's partners and their mentions. `registry_id` is the same for an organisation in
    every report: the registry's name, else the name's report-independent identity (`area` places a
    local service the report names without its place)."""
    reg = registry_from(rules)
    ctx_re = _context_re(reg)
    org_words = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in reg.rules.org_words) + r")\b")
    dept_re = departments.pattern(reg.rules.department_heads)
    not_item = re.compile(reg.rules.not_org_item)
    hs = headings(doc)
    blocks = paragraphs(doc)
    headers = {t.index: " ".join(" ".join(r) for r in t.rows[: max(1, t.header_rows)]) + " " + (t.caption or "")
               + " " + t.kind.replace("funding", "contributing agency")
               for t in doc.tables}
    units: list[tuple[Block, bool]] = []
    prev = ""
    for b in blocks:
        near = heading_before(hs, b.page, b.top, 1)
        skip = bool(near and SKIP_HEADINGS.search(near[0])) or bool(LEADER.search(b.text))
        units.append((b, _is_context(b, hs, ctx_re, prev, "") if not skip else False)) if not skip else None
        if not BULLET.match(b.text):
            prev = b.text
    not_org = _not_org_cells(doc, rules, funders)
    for c in cells(doc):
        near = heading_before(hs, c.page, c.top, 1)
        if near and SKIP_HEADINGS.search(near[0]):
            continue
        ctx = _is_context(c, hs, ctx_re, "", headers.get(c.table, "")) and c.row >= 1 \
            and (c.table, c.row, c.col) not in not_org and not ctx_re.search(c.text) and not c.text.endswith(":")
        units.append((c, ctx))

    found: list[tuple[OrgMatch, Block]] = []
    abbr: dict[str, OrgMatch] = {}
    list_items: list[Block] = []
    # runs of bullet items in a partner context: [items, items the registry names]
    run_of: dict[int, int] = {}
    runs: list[list[int]] = []
    prev_bullet = False
    described = [re.compile(x) for x in reg.rules.self_described]
    for b, ctx in units:
        ms = reg.find(b.text)
        bullet = b.kind == "para" and ctx and bool(BULLET.match(b.text))
        if bullet:
            if not prev_bullet:
                runs.append([0, 0])
            runs[-1][0] += 1
            runs[-1][1] += bool(ms)
            run_of[id(b)] = len(runs) - 1
        if b.kind == "para":
            prev_bullet = bullet
        if b.kind == "para" and not any(m.start < 4 for m in ms):
            for rx in described:
                d = rx.match(ws(b.text))
                if d and _title_case(d.group("name")) and len(d.group("name").split()) >= 2 \
                        and reg._distinctive(d.group("name")) and not reg.is_excluded(d.group("name")):
                    name = d.group("name")
                    om = OrgMatch(0, len(name), name, name, reg.category_of(name, "other"), False, True)
                    found.append((om, b))
                    defined = ABBR_DEF.match(ws(b.text), len(name) + 1)
                    if defined:  # "Public Health and Wellbeing (PH) is ...": PH counts for it
                        abbr.setdefault(defined.group(1), om)
                    break
        text = ws(b.text)  # case kept: "Full Name (ABBR)" is found by its capitals
        statement = b.kind == "para" and _in_statements(doc, b)
        for m in ms:
            # a partner statement opens with (or is headed by) the agency that gives it
            if m.anywhere or ctx or (statement and m.start <= 4 and not m.context_only):
                found.append((departments.extend(m, b.text, dept_re) or m, b))
            # "Full Name (ABBR)" defines an abbreviation for this report
            d = ABBR_DEF.match(text, m.end) or ABBR_DEF.match(text, m.end + 1)
            if d and d.start() - m.end <= 1:
                abbr.setdefault(d.group(1), m)
        if ctx and not ms and b.kind in ("para", "cell") and len(b.text) < 120:
            list_items.append(b)
    # glossary lines "WMP West Midlands Police"
    for b in blocks:
        g = GLOSS.match(b.text)
        if g:
            ms = reg.find(g.group(2))
            if ms and ms[0].start == 0 and len(ms[0].surface) >= len(fold(g.group(2))) - 2:
                for a in re.split(r"\s*/\s*", g.group(1)):
                    abbr.setdefault(a.strip(), ms[0])
    # organisations in partner lists that the registry does not know
    cands = []
    items = []
    for b in list_items:
        segs = [b.text] if b.kind == "para" else [x for x in re.split(r",\s+", b.text) if x]
        items += [(b, _clean_item(x)) for x in segs]
    heading_titles = {h[2] for h in hs}  # a document heading ("Foreword") next to a list is no organisation
    for b, item in items:
        distinctive = [w for w in re.findall(r"[A-Za-z]+", item.lower()) if w not in reg.lead
                       and w not in reg.generic and w not in {x.lower() for x in reg.rules.org_words}
                       and w not in ("clinical", "commissioning", "integrated", "officer", "chief")]
        if 2 <= len(item) <= 80 and len(item.split()) <= 9 and _title_case(item) and not PLURAL_GENERIC.search(item) \
                and not reg.is_excluded(item) and not re.search(r"\d", item) and distinctive \
                and not not_item.search(item) and item not in heading_titles:
            cands.append((b, item))
    ner = entities([c[1] for c in cands], labels=("ORG", "PERSON"))
    for (b, item), ents in zip(cands, ner):
        # a bullet of a list whose items are mostly organisations the registry knows is one too
        run = runs[run_of[id(b)]] if id(b) in run_of else None
        in_org_list = run is not None and run[0] >= 3 and run[1] * 2 >= run[0]
        is_org = bool(org_words.search(item)) or any(l == "ORG" and len(t) >= len(item) - 4 for l, t in ents) \
            or in_org_list
        if is_org and not any(l == "PERSON" for l, _ in ents):
            start = fold(b.text).find(fold(item))
            found.append((OrgMatch(max(start, 0), max(start, 0) + len(item), item, item,
                                   reg.category_of(item, "other"), False, False), b))

    # fold spellings into partners
    partners: list[Found] = []
    for m, b in found:
        _add(partners, reg, m, b)
    for a, m in sorted(abbr.items()):
        target = next((p for p in partners
                       if p.category == m.category and reg.same_org(p.canonical, m.canonical)), None)
        if target is None or not m.anywhere:
            continue
        # a partner found only by the abbreviation (a list item "WCC") is the defined organisation
        for p in [p for p in partners if p is not target and set(p.forms) == {a}]:
            target.absorb(p)
            partners.remove(p)
        if a in target.forms:
            continue  # already counted where it was found
        rx = re.compile(rf"(?<![\w-]){re.escape(a)}(?![\w-])")
        for b, _ in units:
            n = len(rx.findall(b.text))
            for _ in range(n):
                target.add(a, b.page, a)
    _fold_initials(partners)
    _split_joined(partners, reg)
    rows_p: list[PartnerRow] = []
    rows_m: list[MentionRow] = []
    for p in sorted(partners, key=lambda p: (p.first_page, p.canonical)):
        name = report_canonical(p.canonical, p.forms)
        rid = slug(p.canonical) if p.in_registry else reg.identity(p.canonical, area)
        # a place-less local service's id carries the area, so it never names two bodies across reports
        pid = slug(name) if p.in_registry or rid == reg.identity(p.canonical) else rid
        if any(r.partner_id == pid for r in rows_p):
            continue
        rows_p.append(PartnerRow(partner_id=pid, canonical_name=name, category=p.category,
                                 in_registry=p.in_registry, registry_id=rid))
        for surface, n in sorted(p.forms.items()):
            page, quote = p.form_first.get(surface, (p.first_page, p.quote))
            rows_m.append(MentionRow(report_id=doc.report_id, partner_id=pid, surface_form=surface, count=n,
                                     first_page=page, quote=quote))
    return rows_p, rows_m


INITIALS_SKIP = {"and", "of", "the", "for", "&"}


def initials(name: str) -> str:
    """The capitals a name is shortened to: "Worcestershire County Council" -> "WCC"."""
    return "".join(w[0].upper() for w in re.findall(r"[A-Za-z&][\w'’&-]*", name) if w.lower() not in INITIALS_SKIP)


def _fold_initials(partners: list[Found]) -> None:
    """A partner known only by capitals the report never defines ("WCC" in a funding table) is the
    one other partner of the report whose name those capitals are the initials of; with none, or
    with two candidates, it stays as it is."""
    for p in [p for p in partners if all(re.fullmatch(r"[A-Z]{2,6}", f) for f in p.forms)]:
        targets = [q for q in partners if q is not p and any(initials(f) in p.forms for f in [q.canonical, *q.forms])
                   and not all(re.fullmatch(r"[A-Z]{2,6}", f) for f in q.forms)]
        if len(targets) == 1:
            targets[0].absorb(p)
            partners.remove(p)


def _split_joined(partners: list[Found], reg: Registry) -> None:
    """One name that joins two organisations ("Worcestershire Acute Hospitals [and] Health and Care
    Trust"): split after an inner kind word (org_tails) when both halves are other partners of the report
    (the right half takes the left's place when it names none); its mentions count for both."""
    tails = {t.lower() for t in reg.rules.org_tails} | {"hospitals", "hospital"}
    for p in [p for p in partners if not p.in_registry]:
        words = p.canonical.split()
        for i, w in enumerate(words[:-2]):
            if w.lower() not in tails:
                continue
            left = words[: i + 1]
            right = words[i + 1:]
            while right and right[0].lower() in ("and", "&"):
                right = right[1:]
            if not right or not left:
                continue
            if right[0].lower() in reg.lead:  # "Health and Care Trust": the place is the left's
                place = []
                for x in left:
                    if x.lower() in reg.lead or x.lower() in reg.generic:
                        break
                    place.append(x)
                right = place + right
            halves = [" ".join(left), " ".join(right)]
            targets = [next((q for q in partners if q is not p and reg.same_org(q.canonical, h)), None)
                       for h in halves]
            if all(targets) and targets[0] is not targets[1]:
                for q in targets:
                    q.absorb(p)  # type: ignore[union-attr]
                partners.remove(p)
                break


def _spelling(s: str) -> str:
    t = fold(s).replace("&", " and ")
    t = re.sub(r"[^a-z0-9 ]+", " ", t)
    return " ".join(w for w in t.split() if w != "the")


def report_canonical(registry_name: str, forms: dict) -> str:
    """The partner's canonical name in this report: the registry's (fullest official) name where the
    report writes it, else the fullest spelling the report itself uses (the longest written-out form,
    the most frequent on a tie), so the name is always one a reader finds in the report."""
    want = _spelling(registry_name)
    if not forms or any(want in _spelling(f) for f in forms):
        return registry_name
    def rank(f):
        words = f.split()
        abbreviated = sum(w.isupper() and len(w) > 1 for w in words) / max(len(words), 1) > 0.5
        return (not abbreviated, len(_spelling(f).split()), len(f), forms[f], f)
    return ws(max(forms, key=rank))


def _add(partners: list[Found], reg: Registry, m: OrgMatch, b: Block) -> None:
    for p in partners:
        same_kind = p.category == m.category or (
            "other" in (p.category, m.category) and not (p.in_registry and m.in_registry))
        if same_kind and reg.same_org(p.canonical, m.canonical):
            if m.in_registry and not p.in_registry:
                p.canonical, p.in_registry, p.category = m.canonical, True, m.category
            elif not p.in_registry and not m.in_registry and len(m.canonical) > len(p.canonical):
                p.canonical = m.canonical
            p.add(m.surface, b.page, m.surface)
            return
    f = Found(m.canonical, m.category, m.in_registry)
    f.add(m.surface, b.page, m.surface)
    partners.append(f)
