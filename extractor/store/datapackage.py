"""The data dictionary of a dataset as a Frictionless Data Package (`datapackage.json`).

Generated from the table specs (dataset.rows.SPECS), like the DuckDB comments and
keys (store/database.py), so the two never disagree. It describes the CSV files:
every table with its columns, types, descriptions, primary and foreign keys, so the
folder explains itself without this repository (`frictionless validate` checks it).
Deterministic: the same code writes the same bytes.
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import __version__
from ..dataset.rows import SPECS, DatasetTable

_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}

PACKAGE = {
    "profile": "tabular-data-package",
    "name": "lscb-dataset",
    "title": "UK safeguarding partnership annual reports: a structured, citable dataset",
    "description": ("Sections, tables, cells and records (priorities, recommendations, partners, people, "
                    "funding, attendance, headline figures) extracted from the PDF annual reports of UK "
                    "Local Safeguarding Children Boards and their successors by lscb-extractor. Every "
                    "extracted value carries the page it was printed on and, where it comes from running "
                    "text, the verbatim quote. report_id is the first 12 hex characters of the PDF's SHA-256."),
}


def frictionless_type(spec: DatasetTable, column: str) -> str:
    return "date" if column in spec.dates else _TYPES[spec.base_type(column)]


def schema(spec: DatasetTable) -> dict:
    """Table Schema of one table (fields in column order)."""
    out: dict = {"fields": [{"name": c, "type": frictionless_type(spec, c), "description": spec.doc(c) or ""}
                            for c in spec.columns],
                 "missingValues": [""]}
    if spec.primary_key:
        out["primaryKey"] = list(spec.primary_key)
    if spec.foreign_keys:
        out["foreignKeys"] = [{"fields": list(fk.columns),
                               "reference": {"resource": fk.table, "fields": list(fk.ref_columns)}}
                              for fk in spec.foreign_keys]
    return out


def resource(spec: DatasetTable) -> dict:
    scope = "rows per report" if spec.scope == "report" else "shared by all reports"
    return {"name": spec.name, "path": f"{spec.name}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "description": f"{spec.description} ({scope})", "schema": schema(spec)}


def descriptor() -> dict:
    return {**PACKAGE, "version": __version__, "resources": [resource(s) for s in SPECS.values()]}


def write_datapackage(folder: Path) -> None:
    text = json.dumps(descriptor(), indent=1, ensure_ascii=False) + "\n"
    (Path(folder) / "datapackage.json").write_text(text, encoding="utf-8")
