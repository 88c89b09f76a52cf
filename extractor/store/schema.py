"""Arrow schemas derived from the canonical row dataclasses, and the sort keys
(from the table specs, dataset.rows.SPECS) that make row order deterministic."""
from __future__ import annotations

import dataclasses
import typing

import pyarrow as pa

from ..dataset.rows import SPECS, TABLES

_ARROW = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}

# the columns that order each table's rows: stable keys, not positions (read from the table specs)
SORT_KEYS: dict[str, tuple[str, ...]] = {name: spec.sort_key for name, spec in SPECS.items()}


def _arrow_type(tp) -> pa.DataType:
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    base = args[0] if args else tp
    return _ARROW[base]


def schema_of(name: str) -> pa.Schema:
    row_type = TABLES[name]
    hints = typing.get_type_hints(row_type)
    return pa.schema([pa.field(f.name, _arrow_type(hints[f.name])) for f in dataclasses.fields(row_type)])


def to_arrow(name: str, rows: list) -> pa.Table:
    schema = schema_of(name)
    cols = {f.name: [getattr(r, f.name) for r in rows] for f in schema}
    table = pa.table(cols, schema=schema)
    keys = [(k, "ascending") for k in SORT_KEYS[name]]
    return table.sort_by(keys) if len(table) else table
