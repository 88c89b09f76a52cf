"""Every extractor, registered once and run over one Document: `run_extractors(doc, rules) -> Extracted`.

An extractor is a plain function `(doc, rules, found) -> value` where `found` holds what the
extractors before it produced (by name); it declares the one `Extracted` field it produces and
what it reads (Document slots, built once by the earlier stages, and earlier extractors' fields).
The runner calls them in EXTRACTORS order and isolates a failure to the one extractor: its field
stays empty, an `ExtractorError` names it (the worker writes a `failures` row with
`stage = "extract:<name>"`), and every other extractor's rows are kept.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass, replace
from typing import Any, Callable, Mapping

from ..dataset.rows import (
    AttendanceRow,
    FundingRow,
    MentionRow,
    MetricRow,
    PartnerRow,
    PersonRow,
    PriorityRow,
    RecommendationRow,
)
from ..document import Document
from ..rules import Rules
from ..vocab import partners as _partners
from . import attendance, entities, funding, metrics, people, priorities, recommendations, report_facts
from .report_facts import ReportFacts

Found = Mapping[str, Any]


@dataclass(frozen=True)
class Extractor:
    name: str  # the failure's stage is `extract:<name>`
    produces: tuple[str, ...]  # the Extracted field(s) it fills (one row type; partners come with mentions)
    run: Callable[[Document, Rules, Found], Any]  # returns the value, or a tuple aligned with `produces`
    # what it reads: Document slots (document.py) and fields earlier extractors produce
    # (tests/test_settings.py checks both against what it really touches)
    reads: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExtractorError:
    extractor: str
    error_type: str
    message: str


@dataclass(frozen=True)
class Extracted:
    facts: ReportFacts | None = None
    priorities: tuple[PriorityRow, ...] = ()
    recommendations: tuple[RecommendationRow, ...] = ()
    partners: tuple[PartnerRow, ...] = ()
    mentions: tuple[MentionRow, ...] = ()
    people: tuple[PersonRow, ...] = ()
    funding: tuple[FundingRow, ...] = ()
    attendance: tuple[AttendanceRow, ...] = ()
    metrics: tuple[MetricRow, ...] = ()
    errors: tuple[ExtractorError, ...] = ()  # the extractors that failed (their fields are empty)

    def tables(self) -> dict[str, list]:
        """Canonical rows by dataset table name (`partners` rows: this report's; dedupe by partner_id)."""
        return {"priorities": list(self.priorities), "recommendations": list(self.recommendations),
                "partners": list(self.partners), "mentions": list(self.mentions), "people": list(self.people),
                "funding": list(self.funding), "attendance": list(self.attendance), "metrics": list(self.metrics)}


def _partner_of(pid: str | None, partners, rules, facts) -> str | None:
    """The partner row a funding row's organisation is (by id, registry id or identity), or None:
    a funding row never points at a partner that is not in `partners`."""
    if not pid:
        return None
    reg = _partners.registry_from(rules)
    area = getattr(facts, "area", None)
    keys = {pid, reg.identity(pid.replace("-", " "), area), reg.identity(pid.replace("-", " "))}
    for p in partners:
        if p.partner_id in keys or p.registry_id in keys:
            return p.partner_id
    return None


def _partner_by_label(label: str, partners, mentions, rules) -> str | None:
    """A funding row's agency the registry does not name: a spelling the report itself uses for
    one partner ("WCC"), else a bare kind ("Police") when one partner of that category clearly
    leads the report's mentions (twice the next); None when it stays ambiguous ("Health")."""
    text = " ".join(label.split())
    spelt = {m.partner_id for m in mentions if m.surface_form == text}
    if len(spelt) == 1:
        return spelt.pop()
    kinds = rules.funding.category_labels
    cat = next((c for c, words in kinds.items() if text.lower() in {w.lower() for w in words}), None)
    if cat is None:
        return None
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.partner_id] = counts.get(m.partner_id, 0) + m.count
    cands = sorted(((counts.get(p.partner_id, 0), p.partner_id) for p in partners if p.category == cat), reverse=True)
    if cands and (len(cands) == 1 or cands[0][0] >= 2 * cands[1][0]):
        return cands[0][1]
    return None


def _area(found: Found) -> str | None:
    return getattr(found.get("facts"), "area", None)


def _partners_and_mentions(doc: Document, rules: Rules, found: Found) -> tuple:
    """Partners and their mentions (one pass); contributors to the funding table count as partners."""
    funders = {r.quote for r in found.get("funding", ()) if r.kind == "contribution" and r.quote}
    partners, mentions = entities.find_partners(doc, rules, funders, _area(found))
    return tuple(partners), tuple(mentions)


def _funding_links(doc: Document, rules: Rules, found: Found) -> tuple:
    """The funding rows with each organisation pointed at a partner of this report (or None)."""
    parts, facts, mentions = found.get("partners", ()), found.get("facts"), found.get("mentions", ())
    return tuple(replace(r, partner_id=_partner_of(r.partner_id, parts, rules, facts)
                         or (_partner_by_label(r.agency, parts, mentions, rules) if r.kind == "contribution" else None))
                 for r in found.get("funding", ()))


_TEXT = ("source", "lines", "paragraphs", "tables")  # what most extractors read of the Document
_CONTEXT = _TEXT + ("body", "sections")  # ... and those that place rows under headings

EXTRACTORS: tuple[Extractor, ...] = (
    Extractor("report_facts", ("facts",), lambda d, r, f: report_facts.extract(d, r), _TEXT),
    Extractor("funding", ("funding",), lambda d, r, f: tuple(funding.extract(d, r)), ("source", "lines", "tables")),
    Extractor("partners", ("partners", "mentions"), _partners_and_mentions, _CONTEXT + ("funding", "facts")),
    Extractor("funding_links", ("funding",), _funding_links, ("funding", "partners", "mentions", "facts")),
    Extractor("priorities", ("priorities",), lambda d, r, f: tuple(priorities.extract(d, r, f.get("facts"))),
              _CONTEXT + ("facts",)),
    Extractor("recommendations", ("recommendations",), lambda d, r, f: tuple(recommendations.extract(d, r)),
              _CONTEXT),
    Extractor("people", ("people",), lambda d, r, f: tuple(
        people.extract(d, r, f.get("facts"), f.get("partners", ()), f.get("mentions", ()))),
        _TEXT + ("facts", "partners", "mentions")),
    Extractor("attendance", ("attendance",), lambda d, r, f: tuple(
        attendance.extract(d, r, f.get("facts"), f.get("partners", ()))), ("lines", "tables", "facts", "partners")),
    Extractor("metrics", ("metrics",), lambda d, r, f: tuple(metrics.extract(d, r, f.get("facts"))),
              _TEXT + ("sections", "facts")),
)


def _error(name: str, e: Exception) -> ExtractorError:
    where = traceback.format_exc(limit=3).strip().splitlines()[-1][:300]
    return ExtractorError(name, type(e).__name__, where or f"{type(e).__name__}: {str(e)[:200]}")


def run_extractors(doc: Document, rules: Rules, extractors: tuple[Extractor, ...] = EXTRACTORS) -> Extracted:
    """Each extractor in order over `doc`; one that raises loses only what it produces
    (MemoryError still ends the file: the worker reports it as too large)."""
    found: dict[str, Any] = {}
    errors: list[ExtractorError] = []
    for ex in extractors:
        try:
            value = ex.run(doc, rules, found)
        except MemoryError:
            raise
        except Exception as e:  # one extractor's bug must not lose the others' records
            errors.append(_error(ex.name, e))
            for name in ex.produces:
                found.pop(name, None)
            continue
        values = value if len(ex.produces) > 1 else (value,)
        found.update(zip(ex.produces, values))
    return Extracted(errors=tuple(errors), **found)
