"""Headline metrics (the keys of DATASET.md) from sentences and tables, by the phrasings in rules/metrics.yml."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ..anchors import Prefilter
from ..dataset.rows import MetricRow
from ..document import Document
from ..rules_schemas import MetricPattern, MetricSpec, MetricsRules, is_figure_token  # noqa: F401  (re-exported)
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


FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?")
NOT_COUNT_AFTER = re.compile(r"\s*(?:%|per\s?cent\b|per\s+(?:1|10|100),?0)", re.I)
YEAR_BEFORE = re.compile(rf"\b(?:in|since|during|from|until|by|of|{MONTHS})\s*$", re.I)


@dataclass(frozen=True)
class Hit:
    """A phrasing's match in one sentence: the figure's characters and the matched span's."""
    start: int
    end: int
    n_start: int
    n_end: int


@dataclass(frozen=True)
class Phrasings:
    """metrics.yml's token patterns compiled into one spaCy Matcher (once per process and rules)."""
    matcher: Any
    info: dict  # match label -> (metric, MetricPattern, index of the figure token in the pattern)
    anchors: tuple  # (metric, per required word the stems one of which a sentence must hold)


_COMPILED: dict[int, tuple[MetricsRules, Phrasings]] = {}


def _anchors(tokens: list[dict], irregular: dict[str, set[str]]) -> tuple[tuple[str, ...], ...]:
    """Per required word of a pattern, the stems (first four letters) one of which a sentence must hold
    for the pattern to match: its LOWER/ORTH values, its LEMMA values and their irregular forms (from the
    model's lemma exceptions: "lead" -> "led"). A sentence missing any skips the tagger."""
    out = []
    for t in tokens:
        if t.get("OP") not in (None, "+"):
            continue
        for key in ("LOWER", "ORTH", "TEXT", "NORM", "LEMMA"):
            v = t.get(key)
            vals = [v] if isinstance(v, str) else (v.get("IN") if isinstance(v, dict) else None)
            if not vals:
                continue
            forms = {x.lower() for x in vals}
            if key == "LEMMA":
                forms |= {f for x in vals for f in irregular.get(x.lower(), ())}
            out.append(tuple(sorted({f[:4] for f in forms})))
            break
    return tuple(out)


def _irregular_forms(nlp) -> dict[str, set[str]]:
    """lemma -> its irregular forms, from the lemmatizer's exception tables ("rise" -> {"rose", "risen"})."""
    out: dict[str, set[str]] = {}
    try:
        exc = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    except (KeyError, ValueError):
        return out
    for table in exc.values():
        for form, lemmas in table.items():
            for lemma in lemmas:
                out.setdefault(lemma, set()).add(form)
    return out


def phrasings(r: MetricsRules) -> Phrasings:
    """The Matcher of the rules' token patterns, built once per process (and rules object)."""
    hit = _COMPILED.get(id(r))
    if hit is None or hit[0] is not r:
        from spacy.matcher import Matcher

        from .nlp import get_tagger
        nlp = get_tagger()
        matcher = Matcher(nlp.vocab, validate=True)
        irregular = _irregular_forms(nlp)
        info, anchors = {}, []
        for metric, spec in r.metrics.items():
            for k, p in enumerate(spec.patterns):
                label = f"{metric}#{k}"
                matcher.add(label, [p.tokens])
                info[label] = (metric, p, next(i for i, t in enumerate(p.tokens) if is_figure_token(t)))
                anchors.append((metric, _anchors(p.tokens, irregular)))
        hit = _COMPILED[id(r)] = (r, Phrasings(matcher, info, tuple(anchors)))
    return hit[1]


def _may_match(sent: str, ph: Phrasings, number_words: dict[str, int]) -> bool:
    """A sentence can match a phrasing only if it holds a figure and one pattern's anchor stem."""
    low = sent.lower()
    words = "|".join(map(re.escape, sorted(number_words)))
    if not re.search(rf"\d|\b(?:{words})\b" if words else r"\d", low):
        return False
    return any(all(any(x in low for x in stems) for stems in groups) for _, groups in ph.anchors)


def pattern_hits(doc: Any, ph: Phrasings, number_words: dict[str, int], paragraph: str) -> dict[str, list[Hit]]:
    """Per metric, its phrasings' matches in a tagged sentence, figure first in text order; a figure that is
    a rate, a sum of money or a year, or a match its pattern's context or `not_followed_by` rules out, is
    no match."""
    sent = doc.text
    out: dict[str, list[Hit]] = {}
    low_para = paragraph.lower()
    for label, start, end, align in ph.matcher(doc, with_alignments=True):
        metric, pat, fig = ph.info[ph.matcher.vocab.strings[label]]
        if fig not in align:
            continue
        tok = doc[start + align.index(fig)]
        n0, n1 = tok.idx, tok.idx + len(tok.text)
        if not (FIGURE.fullmatch(tok.text) or tok.text.lower() in number_words):
            continue
        if NOT_COUNT_AFTER.match(sent, n1) or sent[max(0, n0 - 1):n0] == "£":
            continue
        if re.fullmatch(r"(?:19|20)\d\d", tok.text) and YEAR_BEFORE.search(sent[:n0]):
            continue
        e = doc[end - 1].idx + len(doc[end - 1].text)
        if pat.not_followed_by and re.match(pat.not_followed_by, sent[e:], re.I):
            continue
        if pat.context and not any(c.lower() in low_para for c in pat.context):
            continue
        out.setdefault(metric, []).append(Hit(doc[start].idx, e, n0, n1))
    for hits in out.values():
        hits.sort(key=lambda h: (h.n_start, -(h.end - h.start)))
    return out


CLAUSE_BREAK = re.compile(r"[;:]\s+|,\s+|\s+[–—-]\s+")


def _clauses(sent: str) -> list[tuple[int, str]]:
    """(offset, clause) of a sentence cut at semicolons, colons, dashes and commas before a space: a
    phrasing never spans them (a figure's own commas, "2,042", stay), and the tagger reads less."""
    out, start = [], 0
    for m in CLAUSE_BREAK.finditer(sent):
        if m.start() > start:
            out.append((start, sent[start:m.start()]))
        start = m.end()
    if start < len(sent):
        out.append((start, sent[start:]))
    return out


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
    ph = phrasings(r) if any(spec.patterns for spec in r.metrics.values()) else None
    units = []
    for b in paragraphs(doc):
        if re.search(r"\.{5,}|…{2,}", b.text):
            continue
        sec = doc.section_of(b.page, b.top)
        units.append((b, sec is not None and sec.kind in r.agency_sections, _sentences(b.text)))
    # the token patterns: every sentence that may match goes through the tagger once, in one batch
    # the token patterns: every clause that may match goes through the tagger once, in one batch
    paragraph_of = {s: b.text for b, _, sents in units for s in sents}
    todo: dict[str, list[tuple[str, int]]] = {}  # clause -> (sentence, offset) where it stands
    if ph is not None:
        for sent in paragraph_of:
            for off, clause in _clauses(sent):
                if _may_match(clause, ph, r.number_words):
                    todo.setdefault(clause, []).append((sent, off))
    hits_of: dict[str, dict[str, list[Hit]]] = {}
    if ph is not None and todo:
        from .nlp import tagged
        for d in tagged(list(todo)):
            for sent, off in todo[d.text]:
                got = hits_of.setdefault(sent, {})
                for metric, hits in pattern_hits(d, ph, r.number_words, paragraph_of[sent]).items():
                    got.setdefault(metric, []).extend(
                        Hit(h.start + off, h.end + off, h.n_start + off, h.n_end + off) for h in hits)
        for got in hits_of.values():
            for hits in got.values():
                hits.sort(key=lambda h: (h.n_start, -(h.end - h.start)))

    def found(metric, sent, start, end, n_start, n_end, b, scope):
        w = WHEN.search(sent[end:end + 60])
        as_of = f"{w.group(2)}-{MONTH_NUM[w.group(1).lower()]:02d}" if w else period
        add(metric, _value(sent[n_start:n_end], r.number_words), as_of, b.page, short_quote(sent[start:], 150),
            scope=scope)
        if r.metrics[metric].follow:
            for f in FOLLOW.finditer(sent, end):
                add(metric, parse_number(f.group(1)), f"{f.group(3)}-{MONTH_NUM[f.group(2).lower()]:02d}",
                    b.page, f.group(0), scope=scope)

    for b, in_agency, sents in units:
        for sent in sents:
            possible = prefilter.possible(sent)
            scope = "agency" if in_agency or (agency_re is not None and possible[-1]
                                              and agency_re.search(sent)) else "area"
            pattern_hit = hits_of.get(sent, {})
            if not any(possible[:len(flat)]) and not pattern_hit:
                continue
            i = 0
            for metric, rxs in compiled.items():
                ok, i = possible[i:i + len(rxs)], i + len(rxs)
                done = False
                for rx, may in zip(rxs, ok):
                    m = rx.search(sent) if may else None
                    if not m:
                        continue
                    after = sent[m.end("n"):]
                    if re.match(r"\s*%|\s*per\s?cent", after) or sent[max(0, m.start("n") - 1):m.start("n")] == "£":
                        continue
                    found(metric, sent, m.start(), m.end(), m.start("n"), m.end("n"), b, scope)
                    done = True
                    break
                matched = pattern_hit.get(metric)
                if not done and matched:
                    first = matched[0]
                    found(metric, sent, first.start, first.end, first.n_start, first.n_end, b, scope)
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
