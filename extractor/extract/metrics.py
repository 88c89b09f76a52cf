"""Headline metrics (the keys of DATASET.md) from sentences and tables, by the phrasings in rules/metrics.yml."""
from __future__ import annotations

import re
from dataclasses import replace

from ..anchors import Prefilter
from ..dataset.rows import MetricRow
from ..document import Document
from ..rules_schemas import MetricSpec, MetricsRules  # noqa: F401  (re-exported)
from ..vocab.numbers import parse_number
from .common import paragraphs, short_quote, ws

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_NUM = {m.lower(): i for i, m in enumerate(MONTHS.split("|"), 1)}
NUM = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty)"  # noqa: E501
WHEN = re.compile(rf"(?:as (?:of|at)|at|in|on|by|end of)\s+(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?({MONTHS})\s+((?:19|20)\d\d)", re.I)  # noqa: E501
FOLLOW = re.compile(rf"(?<![\d,.£])(\d{{1,3}}(?:,\d{{3}})+|\d+)\s+(?:in|at|as of)\s+(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?({MONTHS})\s+((?:19|20)\d\d)", re.I)  # noqa: E501


YEAR_HEAD = re.compile(r"(?:as at |as of |at )?((?:19|20)\d\d)(?:\s*[-/–]\s*((?:19|20)?\d\d))?")


MONTH_HEAD = re.compile(rf"(?:as (?:at|of) |at |end of )?(?:\d{{1,2}}(?:st|nd|rd|th)? )?({MONTHS}) ((?:19|20)\d\d)", re.I)  # noqa: E501


def _value(s: str, words: dict[str, int]) -> float | None:
    if s.lower() in words:
        return float(words[s.lower()])
    return parse_number(s)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[a-z0-9)])\.\s+(?=[A-Z0-9])", text) if s]


def extract(doc: Document, rules, facts=None) -> list[MetricRow]:
    r: MetricsRules = rules.get("metrics.yml")
    period = getattr(facts, "report_year", None)
    out: list[MetricRow] = []
    seen = set()

    agency_re = re.compile("|".join(r.agency_scope), re.I) if r.agency_scope else None

    def add(metric, value, as_of, page, quote, unit="count", scope="area"):
        key = (metric, value, as_of)
        if value is None or key in seen:
            return
        seen.add(key)
        out.append(MetricRow(report_id=doc.report_id, metric=metric, value=float(value), unit=unit, as_of=as_of,
                             page=page, quote=ws(quote), scope=scope))

    # each pattern with its literal anchors: most sentences hold none of a phrasing's words, and an
    # `in` test rules it out far faster than the regex search (same matches: see normalise/anchors)
    compiled = {k: [re.compile(p.replace("{n}", NUM), re.I) for p in spec.text] for k, spec in r.metrics.items()}
    flat = [rx for rxs in compiled.values() for rx in rxs]
    prefilter = Prefilter(flat + ([agency_re] if agency_re is not None else []))
    for b in paragraphs(doc):
        if re.search(r"\.{5,}|…{2,}", b.text):
            continue
        sec = doc.section_of(b.page, b.top)
        in_agency = sec is not None and sec.kind in r.agency_sections
        for sent in _sentences(b.text):
            possible = prefilter.possible(sent)
            scope = "agency" if in_agency or (agency_re is not None and possible[-1]
                                              and agency_re.search(sent)) else "area"
            if not any(possible[:len(flat)]):
                continue
            i = 0
            for metric, rxs in compiled.items():
                ok, i = possible[i:i + len(rxs)], i + len(rxs)
                for rx, may in zip(rxs, ok):
                    m = rx.search(sent) if may else None
                    if not m:
                        continue
                    after = sent[m.end("n"):]
                    if re.match(r"\s*%|\s*per\s?cent", after) or sent[max(0, m.start("n") - 1):m.start("n")] == "£":
                        continue
                    w = WHEN.search(sent[m.end():m.end() + 60])
                    as_of = f"{w.group(2)}-{MONTH_NUM[w.group(1).lower()]:02d}" if w else period
                    add(metric, _value(m.group("n"), r.number_words), as_of, b.page, short_quote(sent[m.start():], 150),
                        scope=scope)
                    if r.metrics[metric].follow:
                        for f in FOLLOW.finditer(sent, m.end()):
                            add(metric, parse_number(f.group(1)), f"{f.group(3)}-{MONTH_NUM[f.group(2).lower()]:02d}",
                                b.page, f.group(0), scope=scope)
                    break
    # tables
    y0 = int(period[:4]) if period and re.match(r"\d{4}/", period) else None
    for t in doc.tables:
        header = [ws(c) for c in t.rows[0]] if t.rows else []
        above = " ".join(ln.text for ln in doc.lines if (ln.page, ln.top) < (t.page_start, t.top))[-200:]
        for metric, spec in r.metrics.items():
            for pat in spec.table_rows:
                rx = re.compile(pat, re.I)
                for ri, row in enumerate(t.rows):
                    cs = [ws(c) for c in row]
                    if not cs or not rx.search(cs[0]):
                        continue
                    for j, c in enumerate(cs[1:], 1):
                        v = parse_number(c)
                        h = header[j] if j < len(header) else ""
                        q = re.search(r"(?:quarter|q)\s*([1-4])", h, re.I)
                        if v is None or "%" in c or re.fullmatch(r"(?:19|20)\d\d(?:[-/]\d\d)?", c) \
                                or re.search(r"%|per ?cent|rate|per 10", h, re.I):
                            continue
                        as_of = period
                        hy, hm = YEAR_HEAD.fullmatch(h), MONTH_HEAD.fullmatch(h)
                        if hm:  # a column per date: "March 2017", "as at 31 March 2017"
                            as_of = f"{hm.group(2)}-{MONTH_NUM[hm.group(1).lower()]:02d}"
                        elif hy:  # a column per year: "2016/17", "2016-17", "2017"
                            as_of = f"{hy.group(1)}/{hy.group(2)[-2:]}" if hy.group(2) else hy.group(1)
                        elif q and y0:
                            mon = 3 * int(q.group(1)) + 3
                            yy = y0 + (mon > 12)
                            as_of = f"{yy}-{(mon - 1) % 12 + 1:02d}"
                        add(metric, v, as_of, t.page_of_row(ri), cs[0])
            near = (t.caption + " " + above[-80:]).lower()
            if spec.table_caption and any(p.lower() in near for p in spec.table_caption):
                for ri, row in enumerate(t.rows):
                    cs = [ws(c) for c in row]
                    if len(cs) >= 2 and re.fullmatch(r"total", cs[0], re.I):
                        add(metric, parse_number(cs[1]), period, t.page_of_row(ri), cs[0])
    return unique_scopes(out)


def unique_scopes(rows: list[MetricRow]) -> list[MetricRow]:
    """One row per (metric, as_of, scope): where several values share one, the largest is the area's
    (or agency's) figure and the others are parts of it (`part`, `part 2`, ...), in document order."""
    groups: dict[tuple, list[int]] = {}
    for i, x in enumerate(rows):
        groups.setdefault((x.metric, x.as_of, x.scope), []).append(i)
    scope = {}
    for (_, _, sc), idx in groups.items():
        if len(idx) < 2:
            continue
        top = max(idx, key=lambda i: (rows[i].value, -i))
        rest = [i for i in idx if i != top]
        for k, i in enumerate(rest):
            base = "part" if sc == "area" else f"{sc} part"
            scope[i] = base if k == 0 else f"{base} {k + 1}"
    return [replace(x, scope=scope[i]) if i in scope else x for i, x in enumerate(rows)]
