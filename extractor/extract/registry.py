"""Every extractor, run over one Document: `run_extractors(doc, rules) -> Extracted`.

Importing this module imports each extractor module, so their rules schemas register
with `extractor.rules` before the rules files are loaded.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..rules import Rules
from ..structure.records import Document
from ..normalise import partners as _partners  # noqa: F401  (registers partners.yml)
from . import attendance, entities, funding, metrics, people, priorities, recommendations, report_facts
from .report_facts import ReportFacts

EXTRACTORS = ("report_facts", "priorities", "recommendations", "entities", "people", "funding", "attendance", "metrics")


@dataclass(frozen=True)
class Extracted:
    facts: ReportFacts | None = None
    priorities: tuple = ()
    recommendations: tuple = ()
    partners: tuple = ()
    mentions: tuple = ()
    people: tuple = ()
    funding: tuple = ()
    attendance: tuple = ()
    metrics: tuple = ()

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


def run_extractors(doc: Document, rules: Rules) -> Extracted:
    facts = report_facts.extract(doc, rules)
    money = funding.extract(doc, rules)
    funders = {r.quote for r in money if r.kind == "contribution" and r.quote}
    partners, mentions = entities.find_partners(doc, rules, funders, getattr(facts, "area", None))
    money = [replace(r, partner_id=_partner_of(r.partner_id, partners, rules, facts)) for r in money]
    return Extracted(
        facts=facts,
        priorities=tuple(priorities.extract(doc, rules, facts)),
        recommendations=tuple(recommendations.extract(doc, rules)),
        partners=tuple(partners),
        mentions=tuple(mentions),
        people=tuple(people.extract(doc, rules, facts, partners, mentions)),
        funding=tuple(money),
        attendance=tuple(attendance.extract(doc, rules, facts, partners)),
        metrics=tuple(metrics.extract(doc, rules, facts)),
    )
