"""Report-level facts: board name, area, doc type, report year, period and chair.

Read from the PDF title, the cover pages, the foreword and signature blocks, by the
phrasings of rules/report_facts.yml.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Optional

from ..document import Document
from ..rules_schemas import ReportFactsRules
from .common import paragraphs, ws

MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"], 1)}
MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
            r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)")
DATE_RE = rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_RE})\.?,?\s+((?:19|20)\d\d)"
PERIOD_RE = re.compile(rf"{DATE_RE}\s*(?:to|until|till|through|and|[-–—])\s*{DATE_RE}", re.I)
YEAR_PAIR = re.compile(r"\b((?:19|20)\d\d)\s*(?:/|-|–|—|to)\s*((?:19|20)?\d\d)\b")
NAME = (r"(?:(?:Cllr|Councillor|Dr|Mr|Mrs|Ms|Miss|Professor|Prof|Sir|Dame)\.?\s+)?"
        r"[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?(?:\s+[A-Z]\.?)?\s+(?:Mc|Mac|O')?[A-Z][a-zA-Z'’]+(?:-[A-Z][a-zA-Z'’]+)?")
NOT_NAMES = re.compile(r"\b(?:Safeguarding|Board|Children|Council|Police|Trust|Service|Group|Partnership|Annual|Report|"
                       r"Executive|Independent|Chair|Team|Committee|Health|NHS|Foreword|Welcome|Together|Authority|"
                       r"Director|Manager|Officer|Lead|Head|Superintendent|Nurse)\b")
# a metadata /Title longer than this is not a title (some producers store whole texts there)
MAX_TITLE = 500


@dataclass(frozen=True)
class ReportFacts:
    board_name: Optional[str] = None
    area: Optional[str] = None
    doc_type: Optional[str] = None
    report_year: Optional[str] = None
    period_start: Optional[str] = None
    period_end: Optional[str] = None
    chair: Optional[str] = None
    board_abbrev: Optional[str] = None


def _smart_title(s: str) -> str:
    if s.isupper():
        return " ".join(w if w in ("AND", "OF") and False else w.capitalize()
                        for w in s.split()).replace(" And ", " and ").replace(" Of ", " of ")
    return s


def initials(name: str) -> str:
    return "".join(w[0].upper() for w in name.split() if w[0].isupper() and w.lower() not in ("of", "and"))


def board_name(texts: list[tuple[str, float]], r: ReportFactsRules,
               abbreviations: tuple[str, ...] = ()) -> tuple[str | None, str | None]:
    """The board's own name and its area, by votes of the weighted texts; `abbreviations` printed on the
    cover favour the name whose initials they are."""
    suffixes = sorted(r.board_suffixes, key=len, reverse=True)
    alts = [re.escape(s) for s in suffixes] + [rf"(?-i:{re.escape(a)})" for a in r.suffix_abbreviations]
    # each word starts at a word boundary and is taken whole (possessive): linear in the text,
    # where a free start inside a long run of letters made the search quadratic
    rx = re.compile(r"((?:(?<![\w'’\-])[A-Z][\w'’\-]*+\s+(?:(?:and|of|upon|&)\s+)?){1,3})("
                    + "|".join(alts) + r")\b", re.I)
    votes: Counter = Counter()
    place_of = {}
    for text, weight in texts:
        for m in rx.finditer(text):
            words = m.group(1).split()
            if m.group(0).islower():  # a lower-case logo line: its words count as capitalised
                words = [w if w in ("and", "of", "upon", "&") else w.capitalize() for w in words]
            # keep the capitalised run just before the suffix
            keep: list[str] = []
            for w in reversed(words):
                if not w[0].isupper() or w.lower() in ("the", "our", "this", "welcome", "a", "in", "by", "for", "to",
                                                       "from", "of", "and"):
                    if w.lower() in ("and", "of", "upon", "&") and keep:
                        keep.insert(0, w)
                        continue
                    break
                keep.insert(0, w)
            while keep and keep[0].lower() in ("and", "of", "upon", "&"):
                keep.pop(0)
            suffix = m.group(2)
            if suffix.upper() in r.suffix_abbreviations and suffix.isupper():
                suffix = r.suffix_abbreviations[suffix.upper()]
            elif suffix.isupper() or suffix.islower():
                suffix = next(s for s in suffixes if s.lower() == suffix.lower())
            # the leftmost match may leave the head of a longer suffix ("Local") in the place
            longer = {s.lower(): s for s in suffixes}
            while keep and f"{keep[-1]} {suffix}".lower() in longer:
                suffix = longer[f"{keep.pop()} {suffix}".lower()]
            if not keep:
                continue
            place = _smart_title(" ".join(keep))
            name = f"{place} {suffix}".replace("’", "'")
            votes[name] += weight  # type: ignore[assignment]  # weights are floats (body text counts 0.1)
            place_of[name] = place
    if not votes:
        return None, None
    # a cover printing only the abbreviation ("KSCB"): the name whose initials it is
    for abbr in abbreviations:
        for name in list(votes):
            if initials(name) == abbr or initials(name).replace("L", "", 1) == abbr:
                votes[name] += 5
    best = max(votes.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
    area = re.sub(r"^(?:City|County|Borough) of ", "", place_of[best])
    return best, area


def doc_kind(texts: list[str], r: ReportFactsRules) -> str | None:
    """The document's kind: in the first text that names one (title, cover, first pages), the kind whose
    phrase comes first ("Annual Report on Safeguarding Arrangements" is an annual report)."""
    for src in texts:
        low = src.lower()
        hits = [(low.find(p.lower()), kind) for kind, phrases in r.doc_types.items() for p in phrases
                if p.lower() in low]
        if hits:
            return min(hits)[1]
    return None


def _iso(d: str, mon: str, y: str) -> str | None:
    m = MONTHS.get(mon.lower()[:3] if len(mon) <= 4 else mon.lower())
    if m is None:
        m = next((v for k, v in MONTHS.items() if k.startswith(mon.lower()[:3])), None)
    if m is None:
        return None
    try:
        return date(int(y), m, int(d)).isoformat()
    except (TypeError, ValueError):
        return None


def _same_column(a, b) -> bool:
    """b stands under a in a's column: same page, their spans overlap across, b starts within two of a's
    line heights below a (a line of the neighbouring column or far down the page is no continuation)."""
    gap = b.top - a.bottom
    return b.page == a.page and min(a.x1, b.x1) - max(a.x0, b.x0) > 0 and -1 <= gap <= 1.5 * max(a.size, b.size)


def _below(lines, i: int, same_style: bool = False, reach: int = 40) -> int | None:
    """The index of the line right under lines[i] in its column (in its style), whatever the reading order
    of a cover set in columns; None when there is none."""
    a = lines[i]
    for j in range(i + 1, min(len(lines), i + reach)):
        b = lines[j]
        if b.page != a.page:
            break
        if _same_column(a, b) and (not same_style or (abs(a.size - b.size) < 0.6 and a.bold == b.bold)):
            return j
    return None


def _join(lines) -> str:
    """Lines as one text, read down their column: a line in the style of the one above it in its column
    continues it (a name split over lines); a change of style (a heading over body text) or of column is a
    break that no name runs across. Geometry, not reading order: a cover in two columns read row by row
    never joins the neighbouring column's line into a name."""
    lines = list(lines)
    nxt: dict[int, int] = {}
    taken: set[int] = set()
    for i in range(len(lines)):
        j = _below(lines, i, same_style=True)
        if j is not None and j not in taken:
            nxt[i] = j
            taken.add(j)
    chains = []
    for i in range(len(lines)):
        if i in taken:
            continue
        chain = [lines[i].text]
        while i in nxt:
            i = nxt[i]
            chain.append(lines[i].text)
        chains.append(" ".join(chain))
    return ws(" | ".join(chains))


def extract(doc: Document, rules) -> ReportFacts:
    r: ReportFactsRules = rules.report_facts
    cover_lines = [ln for ln in doc.lines if ln.page <= r.cover_pages]
    first_page = min((ln.page for ln in doc.lines), default=1)
    cover_text = _join([ln for ln in doc.lines if ln.page == first_page])
    early = _join(cover_lines)
    title = ws(doc.title)[:MAX_TITLE]
    body = _join([ln for ln in doc.lines if ln.page > r.cover_pages])[:200_000]
    texts = [(title, 3), (cover_text, 3), (early, 1), (body, 0.1)]
    cover_abbr = tuple(sorted(set(re.findall(r"\b([A-Z]{3,6})\b", title + " " + cover_text))))
    name, area = board_name(texts, r, cover_abbr)

    doc_type = doc_kind([title, cover_text, early], r)
    doc_type = doc_type or "other"

    full_paras = paragraphs(doc)
    year, start, end = report_period(title, cover_text, early, doc, full_paras, doc_type, r)
    chair = find_chair(doc, r, strict=doc_type == "arrangements", area=area)
    abbrev = None
    if name:
        m = re.search(re.escape(name) + r"\s*\(([A-Z]{2,6})\)", " ".join(b.text for b in full_paras[:80]))
        abbrev = m.group(1) if m else None
    return ReportFacts(board_name=name, area=area, doc_type=doc_type, report_year=year,
                       period_start=start, period_end=end, chair=chair, board_abbrev=abbrev)


MONTH_RANGE = re.compile(rf"(?:between\s+)?({MONTH_RE})\.?\s+((?:19|20)\d\d)\s*(?:to|until|till|through|and|[-–—])\s*"
                         rf"({MONTH_RE})\.?\s+((?:19|20)\d\d)", re.I)


def _month_end(y: int, m: int) -> str:
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1).isoformat()


def _pair(m: re.Match) -> str | None:
    """"2016/17", "2021 / 2022" as "2016/17" when the years follow each other."""
    if int(m.group(2)[-2:]) == (int(m.group(1)) + 1) % 100:
        return f"{m.group(1)}/{m.group(2)[-2:]}"
    return None


def stated_period(texts: list[str], r: ReportFactsRules) -> tuple[str, str] | None:
    """A period the report states for itself: "1 July 2019 – 30 June 2020", "September 2019 – March 2020",
    "between April 2016 and March 2017", in a sentence about the report or its period (rules words)."""
    about = re.compile("|".join(r.period_context), re.I) if r.period_context else None
    for t in texts:
        for sent in re.split(r"(?<=[.!?])\s+", t):
            if about is not None and not about.search(sent):
                continue
            m = PERIOD_RE.search(sent)
            if m:
                s, e = _iso(*m.groups()[:3]), _iso(*m.groups()[3:])
            else:
                mm = MONTH_RANGE.search(sent)
                if not mm:
                    continue
                s = _iso("1", mm.group(1), mm.group(2))
                e = _iso("1", mm.group(3), mm.group(4))
                e = _month_end(int(e[:4]), int(e[5:7])) if e else None
            if s and e and r.min_period_days <= (date.fromisoformat(e) - date.fromisoformat(s)).days <= 740:
                return s, e
    return None


def report_period(title: str, cover_text: str, early: str, doc: Document, paras, doc_type: str,
                  r: ReportFactsRules) -> tuple[str | None, str | None, str | None]:
    """(report_year, period_start, period_end). The year is one the report prints as its own: a year pair
    on the title or cover, the years of a period it states, or a pair beside report words on the first
    pages; never guessed from other years (null when none is printed). A stated period wins over the
    financial year a "2016/17" label implies."""
    year = None
    for src in (title, cover_text):
        for m in YEAR_PAIR.finditer(src):
            year = _pair(m)
            if year:
                break
        if year:
            break
    texts = [title, cover_text] + [b.text for b in paras[:400]]
    period = stated_period(texts, r) if doc_type != "arrangements" else None
    if period and year and not (period[0][:4] == year[:4] or period[1][:4] == year[:4]
                                or int(period[1][:4]) == int(year[:4]) + 1):
        period = None  # a period of another year (a previous review, a plan) is not this report's
    if year is None and period is not None:
        y0, y1 = period[0][:4], period[1][:4]
        year = y0 if y0 == y1 else f"{y0}/{y1[-2:]}"
    if year is None and doc_type == "annual_report":
        near = re.compile(rf"(?:{'|'.join(r.year_context)})\W+(?:\w+\W+){{0,3}}$", re.I) if r.year_context else None
        for m in YEAR_PAIR.finditer(early):
            if near is not None and near.search(early[max(0, m.start() - 60): m.start()]) and _pair(m):
                year = _pair(m)
                break
    if year is None and doc_type == "arrangements":
        year = _cover_or_common_year(title, cover_text, doc, r)
    if period is None and doc_type == "annual_report" and year and "/" in year:
        start = int(year[:4])
        m0 = r.year_start_month
        period = (date(start, m0, 1).isoformat(), _month_end(start + 1 if m0 > 1 else start, (m0 - 2) % 12 + 1))
    return year, (period or (None, None))[0], (period or (None, None))[1]


def _cover_or_common_year(title: str, cover_text: str, doc: Document, r: ReportFactsRules) -> str | None:
    """Arrangements carry the year they take effect: a year on the title or cover, else the commonest
    year of the text (not one naming a law or guidance)."""
    stop = "|".join(re.escape(s) for s in r.year_stop_before) or "(?!x)x"
    full = " ".join(ln.text for ln in doc.lines)
    ys: Counter[str] = Counter()
    for src, w in ((title, 5), (cover_text, 5), (full, 1)):
        for m in re.finditer(r"(?<![\d/])((?:19|20)\d\d)(?![\d/])", src):
            before = src[max(0, m.start() - 40):m.start()]
            if re.search(rf"(?:{stop})\s*(?:\(|,)?\s*$", before):
                continue
            ys[m.group(1)] += w
    return max(ys.items(), key=lambda kv: (kv[1], kv[0]))[0] if ys else None


def strip_title(name: str) -> str:
    return re.sub(r"^(?:Cllr|Councillor|Dr|Mr|Mrs|Ms|Miss|Professor|Prof|Sir|Dame)\.?\s+", "", name).strip()


def _title_case_line(t: str) -> str:
    """An upper-case line in title case, so that name patterns read it ("DR JANE ROE, CHAIR OF ...")."""
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in t.split()) if t.isupper() else t


def _of_other_board(after_role: str, area: str | None, r: ReportFactsRules) -> bool:
    """The role continues "of <another place's> board/partnership": that person chairs another body."""
    m = re.match(r"\s*(?:of|for)\s+(?:the\s+)?(?P<body>[^,.;]{3,80})", after_role)
    if not m or not area:
        return False
    body = m.group("body")
    names_board = re.search(r"\b(?:board|partnership|lscb|lscp|sab|safeguarding)\b", body, re.I)
    return bool(names_board) and area.lower() not in body.lower()


def find_chair(doc: Document, r: ReportFactsRules, strict: bool = False, area: str | None = None) -> str | None:
    """This board's chair: a signature block (name over a chair role), "Name, Independent Chair", "Chair:
    Name", an upper-case title-page line, or a roster row whose role cell is the chair; a chair of another
    place's board ("X, Independent Chair of Barset SAB") does not vote."""
    roles = "|".join(re.escape(x) for x in sorted(r.chair_roles, key=len, reverse=True))
    bad = "|".join(re.escape(x) for x in r.chair_not_after) or "(?!x)x"
    after_cs = re.compile(rf"(?<![\w])(?P<name>{NAME})\s*,\s*(?:the\s+)?(?:{roles})\b")
    before = re.compile(rf"(?<![\w-])(?P<pre>\w+\s+)?(?:{roles})\s*[,:]\s*(?P<name>{NAME})")
    votes: Counter = Counter()
    lines = [ln for ln in doc.lines if ln.text.strip()]
    for i, ln in enumerate(lines):
        t = ws(ln.text)
        # signature block: a name alone on its line, the chair role on the next
        if re.fullmatch(NAME, t) and not NOT_NAMES.search(t) and i + 1 < len(lines):
            under = _below(lines, i, reach=12)  # the line under it in its column (covers in columns)
            nxt = ws(lines[under if under is not None else i + 1].text)
            if re.match(rf"(?:{roles})\b", nxt) \
                    and not re.match(rf"(?:{roles})\s+of\s+(?:the\s+)?(?:\w+\s+)?(?:sub|committee|group)", nxt, re.I) \
                    and (rm := re.match(rf"(?:{roles})", nxt)) is not None \
                    and not _of_other_board(nxt[rm.end():], area, r):
                votes[strip_title(t)] += 3
        # an upper-case line of the first pages: "DR JANE ROE, CHAIR OF ... AND INDEPENDENT SCRUTINEER"
        if ln.page <= r.cover_pages and t.isupper():
            m = after_cs.search(_title_case_line(t).replace(" Of ", " of ").replace(" And ", " and "))
            if m and not NOT_NAMES.search(m.group("name")):
                votes[strip_title(m.group("name"))] += 3
    for b in paragraphs(doc):
        for m in after_cs.finditer(b.text):
            if not NOT_NAMES.search(m.group("name")) and not _of_other_board(b.text[m.end():], area, r):
                votes[strip_title(m.group("name"))] += 2
        if strict:
            continue
        for m in before.finditer(b.text):
            pre = (m.group("pre") or "").strip().lower()
            if pre in [x.lower() for x in r.chair_not_after]:
                continue
            if re.search(rf"\b(?:{bad})\b\s*$", b.text[:m.start("name")].lower()[-40:].split(",")[0]):
                continue
            if not NOT_NAMES.search(m.group("name")):
                votes[strip_title(m.group("name"))] += 1
    if not strict:  # a roster row whose role cell is the chair role alone: "Independent Chair | Name | 4/4"
        for tab in doc.tables:
            for row in tab.rows[tab.header_rows:]:
                cs = [ws(c) for c in row]
                for j, c in enumerate(cs):
                    if re.fullmatch(rf"(?:{roles})", c):
                        names = [x for x in cs[j + 1: j + 3] if re.fullmatch(NAME, x) and not NOT_NAMES.search(x)]
                        if names:
                            votes[strip_title(names[0])] += 2
    if not votes:
        return None
    return max(votes.items(), key=lambda kv: kv[1])[0]
