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
    # whose figure it is, where two rows would otherwise share (report_id, metric, as_of): `area` (the
    # partnership's area), `agency` (one agency's own count), `part`, `part 2`, ... (a subset of the area's)
    scope: str = "area"
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


def columns(row_type: type) -> list[str]:
    return [f.name for f in fields(row_type)]


# ---------------------------------------------------------------- table specs
#
# One DatasetTable per table: what the writers (sort order), the incremental reuse (which column
# ties a row to its report), `extract diff` (stable keys), the data dictionary (datapackage.json,
# DuckDB COMMENT ON, keys, DATE columns) and the contract test all read. Columns are the row
# dataclass's fields, so a field added to a row type is a column everywhere at once; its
# description comes from the table's own `docs`, else from COMMON_DOCS (shared names such as
# page, quote or a quote's bounding box), and tests/test_spec.py fails when neither has it.

COMMON_DOCS: dict[str, str] = {
    "report_id": "The report: first 12 hex characters of its PDF's SHA-256 (stable across runs and renames).",
    "section_id": "The section this row belongs to (sections.section_id), or null.",
    "page": "1-based physical page of the PDF the value was read from.",
    "quote": "Verbatim source text the value was read from (find it on `page`).",
    "number": "Number as printed (e.g. `2.2`), or null.",
    "partner_id": "The organisation (partners.partner_id): slug of its canonical name.",
    "scope": "What the value covers (e.g. the local area, or the board's own activity).",
    "x0": "Left edge of the quote on its page, in PDF points from the left.",
    "top": "Top edge of the quote on its page, in PDF points from the top.",
    "x1": "Right edge of the quote on its page, in PDF points from the left.",
    "bottom": "Bottom edge of the quote on its page, in PDF points from the top.",
    "row_span": "Number of table rows the cell spans (1 for a plain cell).",
    "col_span": "Number of table columns the cell spans (1 for a plain cell).",
    "ocr": "True when the text was read by OCR from a page image.",
    "confidence": "OCR confidence of the text, 0..1 (null when read from the text layer).",
}


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class DatasetTable:
    """What one dataset table is: its rows, keys, order, scope and documentation."""
    name: str
    row_type: type
    description: str
    primary_key: tuple[str, ...]  # unique and non-null in every dataset
    sort_key: tuple[str, ...]  # row order of the files: stable keys, never input order
    diff_key: tuple[str, ...]  # matches a row across two runs (positional ids are not stable)
    scope: str  # "report": rows belong to one report; "corpus": shared by all reports
    report_column: Optional[str]  # the column tying a row to its input (report_id, or sha256 for failures)
    docs: dict[str, str]  # column -> description (shared names may come from COMMON_DOCS)
    foreign_keys: tuple[ForeignKey, ...] = ()
    own_ids: tuple[str, ...] = ()  # the row's own positional id: not compared by diff
    dates: tuple[str, ...] = ()  # ISO-date strings: DATE in DuckDB and datapackage.json

    @property
    def columns(self) -> list[str]:
        return [f.name for f in fields(self.row_type)]

    def doc(self, column: str) -> Optional[str]:
        return self.docs.get(column) or COMMON_DOCS.get(column)

    def base_type(self, column: str) -> type:
        """The column's Python type without Optional (str, int, float or bool)."""
        import typing
        tp = typing.get_type_hints(self.row_type)[column]
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if args else tp

    def nullable(self, column: str) -> bool:
        import typing
        return type(None) in typing.get_args(typing.get_type_hints(self.row_type)[column])


def _report_fk() -> ForeignKey:
    return ForeignKey(("report_id",), "reports", ("report_id",))


def _section_fk(col: str = "section_id") -> ForeignKey:
    return ForeignKey((col,), "sections", ("section_id",))


_PARTNER_FK = ForeignKey(("partner_id",), "partners", ("partner_id",))

SPECS: dict[str, DatasetTable] = {t.name: t for t in (
    DatasetTable(
        "reports", ReportRow, "One row per input PDF: what the report is and how its extraction went.",
        primary_key=("report_id", "source_path"), sort_key=("source_path", "report_id"), diff_key=("report_id",),
        scope="report", report_column="report_id", dates=("period_start", "period_end"),
        docs={"report_id": "First 12 hex characters of the PDF's SHA-256: stable across runs and renames.",
              "source_path": "Path of the PDF as given to `extract`.",
              "sha256": "SHA-256 of the PDF file.",
              "n_pages": "Number of pages of the PDF.",
              "title": "Document title (PDF metadata or cover), or null.",
              "board_name": "Name of the safeguarding board or partnership that published the report.",
              "area": "Local area the partnership covers (e.g. Wolverhampton).",
              "doc_type": "`annual_report`, `arrangements` (published safeguarding arrangements) or `other`.",
              "report_year": "Reporting year as printed, e.g. `2016/17`.",
              "period_start": "First day of the period the report covers (ISO date), or null.",
              "period_end": "Last day of the period the report covers (ISO date), or null.",
              "chair": "Name of the independent chair, or null.",
              "status": "`ok`, `partial` (e.g. pages needing OCR) or `failed` (see failures).",
              "extractor_version": "Version of lscb-extractor that wrote the row.",
              "n_sections": "Number of sections found.",
              "n_tables": "Number of tables found.",
              "pages_needing_ocr": "Comma-separated pages without a text layer (e.g. `3,7`) that were not "
                                   "read (no OCR installed, or undecodable text), or null.",
              "pages_ocr": "Comma-separated pages read by OCR (no text layer; words from the page image), "
                           "or null."}),
    DatasetTable(
        "sections", SectionRow, "The section tree of each report: headings with their own text.",
        primary_key=("section_id",), sort_key=("report_id", "section_id"), diff_key=("report_id", "level", "title"),
        scope="report", report_column="report_id", own_ids=("section_id",),
        foreign_keys=(_report_fk(), _section_fk("parent_id")),
        docs={"section_id": "Section id, `<report_id>-s<NNN>` in reading order.",
              "parent_id": "The enclosing section (sections.section_id), or null at the top level.",
              "level": "Depth in the tree: 1 = top level.",
              "number": "Heading number as printed (e.g. `2.2`), or null.",
              "title": "Heading text.",
              "kind": "What the section is about (`finance`, `priorities`, ...: see DATASET.md, Section kinds).",
              "page_start": "Page of the heading.",
              "page_end": "Last page of the section's whole subtree.",
              "text": "The section's own text, up to its first subsection."}),
    DatasetTable(
        "tables", TableRow, "Every table found in the reports (joined across page breaks).",
        primary_key=("table_id",), sort_key=("report_id", "table_id"), diff_key=("report_id", "page_start", "caption"),
        scope="report", report_column="report_id", own_ids=("table_id",),
        foreign_keys=(_report_fk(), _section_fk()),
        docs={"table_id": "Table id, `<report_id>-t<NNN>` in reading order.",
              "section_id": "The section the table is printed in (sections.section_id), or null.",
              "page_start": "First page of the table.",
              "page_end": "Last page of the table (a table continued over a page break is one table).",
              "n_rows": "Number of rows, header rows included.",
              "n_cols": "Number of columns.",
              "header_rows": "Number of header rows at the top.",
              "caption": "Caption or title printed above the table, or null.",
              "kind": "What the table holds (`funding`, `attendance`, ...: see DATASET.md, Table kinds)."}),
    DatasetTable(
        "table_cells", CellRow, "Every cell of every table, by position.",
        primary_key=("table_id", "row", "col"), sort_key=("report_id", "table_id", "row", "col"),
        diff_key=("report_id", "table_id", "row", "col"), scope="report", report_column="report_id",
        foreign_keys=(_report_fk(), ForeignKey(("table_id",), "tables", ("table_id",))),
        docs={"table_id": "The table (tables.table_id).",
              "row": "0-based row index, header rows first.",
              "col": "0-based column index.",
              "text": "Cell text as printed.",
              "number": "Numeric value of the cell (`£14,923` -> 14923, `85%` -> 85), or null.",
              "is_header": "True for a cell of a header row."}),
    DatasetTable(
        "priorities", PriorityRow, "The board's strategic priorities as each report states them.",
        primary_key=("priority_id",), sort_key=("report_id", "priority_id"), diff_key=("report_id", "number", "title"),
        scope="report", report_column="report_id", own_ids=("priority_id",),
        foreign_keys=(_report_fk(), _section_fk()),
        docs={"priority_id": "Priority id within the dataset, `<report_id>-p<NN>`.",
              "number": "Priority number as printed, or null.",
              "title": "Priority title.",
              "description": "Longer description of the priority, or null.",
              "lead": "Who leads the priority, or null.",
              "period": "Period the priority covers as printed (e.g. `2016-18`), or null."}),
    DatasetTable(
        "recommendations", RecommendationRow, "Recommendations of inspections, reviews and the board.",
        primary_key=("recommendation_id",), sort_key=("report_id", "recommendation_id"),
        diff_key=("report_id", "source", "number"), scope="report", report_column="report_id",
        own_ids=("recommendation_id",), foreign_keys=(_report_fk(), _section_fk()),
        docs={"recommendation_id": "Recommendation id within the dataset, `<report_id>-r<NN>`.",
              "source": "Who made it: `Ofsted`, `LGA`, `SCR`, `SAR`, `LCSPR`, `DHR`, `Board` or `Other`.",
              "number": "Recommendation number as printed, or null.",
              "text": "The recommendation."}),
    DatasetTable(
        "partners", PartnerRow, "Registry of partner organisations, shared by all reports.",
        primary_key=("partner_id",), sort_key=("partner_id",), diff_key=("partner_id",),
        scope="corpus", report_column=None,
        docs={"partner_id": "Stable slug of the canonical name.",
              "canonical_name": "Registry name when the report writes it, else the report's fullest spelling.",
              "category": "`local_authority`, `police`, `health`, `education`, `probation`, `voluntary` or `other`.",
              "in_registry": "False for an organisation found by NER that rules/partners.yml lacks.",
              "registry_id": "Slug of the registry name: the same organisation in every report (join on it)."}),
    DatasetTable(
        "mentions", MentionRow, "Which partners each report names, and how often.",
        primary_key=("report_id", "partner_id", "surface_form"), sort_key=("report_id", "partner_id", "surface_form"),
        diff_key=("report_id", "partner_id", "surface_form"), scope="report", report_column="report_id",
        foreign_keys=(_report_fk(), _PARTNER_FK),
        docs={"surface_form": "The name as the report writes it (e.g. `WMP`).",
              "count": "Times this spelling occurs in the report.",
              "first_page": "Page of its first occurrence.",
              "quote": "Text around its first occurrence, or null."}),
    DatasetTable(
        "people", PersonRow, "Named people (chairs, members, officers) and their roles.",
        primary_key=(), sort_key=("report_id", "page", "name", "role"), diff_key=("report_id", "name"),
        scope="report", report_column="report_id", foreign_keys=(_report_fk(),),
        docs={"name": "Person's name as printed.",
              "role": "Role or job title, or null.",
              "organisation": "Organisation they represent, or null."}),
    DatasetTable(
        "funding", FundingRow, "Financial contributions, reserves and totals per agency.",
        primary_key=(), sort_key=("report_id", "page", "agency", "kind", "amount_gbp"),
        diff_key=("report_id", "agency", "kind"), scope="report", report_column="report_id",
        foreign_keys=(_report_fk(), _PARTNER_FK),  # tests/test_integrity.py holds it on both corpora
        docs={"agency": "Contributing agency as printed.",
              "partner_id": "Slug of the agency's name in the partner registry (rules/partners.yml), or null.",
              "amount_gbp": "Amount in pounds sterling.",
              "kind": "`contribution`, `reserves`, `fees`, `total` or `other`."}),
    DatasetTable(
        "attendance", AttendanceRow, "Board meeting attendance per member or agency.",
        primary_key=(), sort_key=("report_id", "page", "name", "agency"), diff_key=("report_id", "name", "agency"),
        scope="report", report_column="report_id", foreign_keys=(_report_fk(),),
        docs={"name": "Member's name, or null when attendance is per agency.",
              "agency": "Agency, or null.",
              "attended": "Meetings attended.",
              "possible": "Meetings the member or agency could have attended."}),
    DatasetTable(
        "metrics", MetricRow, "Headline figures (referrals, child protection plans, ...) per report.",
        primary_key=(), sort_key=("report_id", "metric", "as_of", "page", "value"),
        diff_key=("report_id", "metric", "as_of", "value"), scope="report", report_column="report_id",
        foreign_keys=(_report_fk(),),
        docs={"metric": "Metric key (`referrals`, `child_protection_plans`, ...: see DATASET.md, Metric keys).",
              "value": "The figure.",
              "unit": "Unit (e.g. `%`, `GBP`), or null for a count.",
              "as_of": "`YYYY-MM` for a point in time, or the period as printed (`2016/17`), or null."}),
    DatasetTable(
        "failures", FailureRow, "Problems met per input file (a failed file, pages needing OCR, ...).",
        primary_key=(), sort_key=("source_path", "stage", "error_type"), diff_key=("sha256", "stage", "error_type"),
        scope="report", report_column="sha256",
        docs={"source_path": "Path of the PDF as given to `extract`.",
              "sha256": "SHA-256 of the file, or null when it could not be read.",
              "stage": "Stage that met the problem (`ingest`, `extract`, `process`, ...).",
              "error_type": "Kind of problem (`needs_ocr`, `encrypted`, `timeout`, ...).",
              "message": "One line saying what went wrong."}),
)}

# table name -> row type, in the order DATASET.md lists them
TABLES: dict[str, type] = {name: spec.row_type for name, spec in SPECS.items()}
