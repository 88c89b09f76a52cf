"""Canonical rows of the dataset: one dataclass per table of DATASET.md.

Field order is column order. Columns may be added (at the end); never renamed.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Optional


@dataclass(frozen=True, slots=True)
class ReportRow:
    report_id: str
    source_path: str
    sha256: str
    n_pages: int
    title: Optional[str]
    board_name: Optional[str]
    area: Optional[str]
    doc_type: Optional[str]
    report_year: Optional[str]
    period_start: Optional[str]
    period_end: Optional[str]
    chair: Optional[str]
    status: str
    extractor_version: str
    n_sections: int = 0
    n_tables: int = 0
    pages_needing_ocr: Optional[str] = None  # e.g. "3,7": pages with no text layer
    pages_ocr: Optional[str] = None  # e.g. "3,7": pages without a text layer read by OCR


@dataclass(frozen=True, slots=True)
class SectionRow:
    report_id: str
    section_id: str
    parent_id: Optional[str]
    level: int
    number: Optional[str]
    title: str
    kind: str
    page_start: int
    page_end: int
    text: str


@dataclass(frozen=True, slots=True)
class TableRow:
    report_id: str
    table_id: str
    section_id: Optional[str]
    page_start: int
    page_end: int
    n_rows: int
    n_cols: int
    header_rows: int
    caption: Optional[str]
    kind: str


@dataclass(frozen=True, slots=True)
class CellRow:
    report_id: str
    table_id: str
    row: int
    col: int
    text: str
    number: Optional[float]
    is_header: bool


@dataclass(frozen=True, slots=True)
class PriorityRow:
    report_id: str
    priority_id: str
    number: Optional[str]
    title: str
    description: Optional[str]
    lead: Optional[str]
    period: Optional[str]
    section_id: Optional[str]
    page: int
    quote: str
    # where the quote is printed on its page, in PDF points from the top-left (null: not found)
    x0: Optional[float] = None
    top: Optional[float] = None
    x1: Optional[float] = None
    bottom: Optional[float] = None


@dataclass(frozen=True, slots=True)
class RecommendationRow:
    report_id: str
    recommendation_id: str
    source: str
    number: Optional[str]
    text: str
    section_id: Optional[str]
    page: int
    quote: str
    # where the quote is printed on its page, in PDF points from the top-left (null: not found)
    x0: Optional[float] = None
    top: Optional[float] = None
    x1: Optional[float] = None
    bottom: Optional[float] = None


@dataclass(frozen=True, slots=True)
class PartnerRow:
    partner_id: str
    canonical_name: str
    category: str
    in_registry: bool = True  # False: an organisation NER found that the registry lacks
    # the registry's id of the organisation (slug of its registry name): the same for every report,
    # however each report spells the organisation (partner_id follows the report's own fullest spelling)
    registry_id: Optional[str] = None


@dataclass(frozen=True, slots=True)
class MentionRow:
    report_id: str
    partner_id: str
    surface_form: str
    count: int
    first_page: int
    quote: Optional[str] = None
    # where the quote is printed on its page, in PDF points from the top-left (null: not found)
    x0: Optional[float] = None
    top: Optional[float] = None
    x1: Optional[float] = None
    bottom: Optional[float] = None


@dataclass(frozen=True, slots=True)
class PersonRow:
    report_id: str
    name: str
    role: Optional[str]
    organisation: Optional[str]
    page: int
    quote: Optional[str] = None
    # where the quote is printed on its page, in PDF points from the top-left (null: not found)
    x0: Optional[float] = None
    top: Optional[float] = None
    x1: Optional[float] = None
    bottom: Optional[float] = None


@dataclass(frozen=True, slots=True)
class FundingRow:
    report_id: str
    agency: str
    partner_id: Optional[str]
    amount_gbp: float
    kind: str
    page: int
    quote: str
    # where the quote is printed on its page, in PDF points from the top-left (null: not found)
    x0: Optional[float] = None
    top: Optional[float] = None
    x1: Optional[float] = None
    bottom: Optional[float] = None


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    report_id: str
    name: Optional[str]
    agency: Optional[str]
    attended: int
    possible: int
    page: int
    quote: Optional[str] = None
    # where the quote is printed on its page, in PDF points from the top-left (null: not found)
    x0: Optional[float] = None
    top: Optional[float] = None
    x1: Optional[float] = None
    bottom: Optional[float] = None


@dataclass(frozen=True, slots=True)
class MetricRow:
    report_id: str
    metric: str
    value: float
    unit: Optional[str]
    as_of: Optional[str]
    page: int
    quote: str
    # where the quote is printed on its page, in PDF points from the top-left (null: not found)
    x0: Optional[float] = None
    top: Optional[float] = None
    x1: Optional[float] = None
    bottom: Optional[float] = None


@dataclass(frozen=True, slots=True)
class FailureRow:
    source_path: str
    sha256: Optional[str]
    stage: str
    error_type: str
    message: str


# table name -> row type, in the order DATASET.md lists them
TABLES: dict[str, type] = {
    "reports": ReportRow,
    "sections": SectionRow,
    "tables": TableRow,
    "table_cells": CellRow,
    "priorities": PriorityRow,
    "recommendations": RecommendationRow,
    "partners": PartnerRow,
    "mentions": MentionRow,
    "people": PersonRow,
    "funding": FundingRow,
    "attendance": AttendanceRow,
    "metrics": MetricRow,
    "failures": FailureRow,
}


def columns(row_type: type) -> list[str]:
    return [f.name for f in fields(row_type)]
