"""`dataset.duckdb`: every table with its primary key, DATE columns and a COMMENT ON every
table and column, plus views researchers ask for first. All of it comes from the table
specs (dataset.rows.SPECS), the same source as datapackage.json.

Views:
    report_partners  one row per report and partner it names: the report's board and year,
                     the partner's name, category and registry id, and how often it is named
    metrics_wide     one row per report, one column per metric key found in the dataset
                     (the value with the latest `as_of`; the first printed when tied)
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from ..dataset.rows import SPECS, DatasetTable

_SQL_TYPES = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN"}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def sql_type(spec: DatasetTable, column: str) -> str:
    return "DATE" if column in spec.dates else _SQL_TYPES[spec.base_type(column)]


def create_sql(spec: DatasetTable, primary_key: bool = True) -> str:
    cols = [f"{_q(c)} {sql_type(spec, c)}" for c in spec.columns]
    if primary_key and spec.primary_key:
        cols.append(f"PRIMARY KEY ({', '.join(_q(c) for c in spec.primary_key)})")
    return f"CREATE TABLE {_q(spec.name)} ({', '.join(cols)})"


def _insert_sql(spec: DatasetTable) -> str:
    """Rows in file order; ISO-date strings cast to DATE (a malformed one would stop the run: the
    frictionless check in the tests guards that they are all ISO)."""
    cols = [f"CAST({_q(c)} AS DATE)" if c in spec.dates else _q(c) for c in spec.columns]
    return f"INSERT INTO {_q(spec.name)} SELECT {', '.join(cols)} FROM _incoming"


def _comments(spec: DatasetTable) -> list[str]:
    out = [f"COMMENT ON TABLE {_q(spec.name)} IS {_lit(spec.description)}"]
    out += [f"COMMENT ON COLUMN {_q(spec.name)}.{_q(c)} IS {_lit(spec.doc(c) or '')}" for c in spec.columns]
    return out


def _load(con, spec: DatasetTable, table: pa.Table) -> None:
    """Create and fill one table. Rows that break the primary key (the same PDF content given
    under two paths, for instance) keep their table, without the key, rather than stop the run."""
    con.register("_incoming", table)
    try:
        con.execute(create_sql(spec))
        try:
            con.execute(_insert_sql(spec))
        except duckdb.ConstraintException:
            con.execute(f"DROP TABLE {_q(spec.name)}")
            con.execute(create_sql(spec, primary_key=False))
            con.execute(_insert_sql(spec))
    finally:
        con.unregister("_incoming")
    for stmt in _comments(spec):
        con.execute(stmt)


REPORT_PARTNERS = """
CREATE VIEW report_partners AS
SELECT r.report_id, r.board_name, r.area, r.report_year, m.partner_id, p.canonical_name, p.category,
       p.registry_id, CAST(sum(m."count") AS BIGINT) AS mentions, min(m.first_page) AS first_page
FROM mentions m
JOIN (SELECT DISTINCT report_id, board_name, area, report_year FROM reports) r USING (report_id)
LEFT JOIN partners p USING (partner_id)
GROUP BY ALL
ORDER BY r.report_id, m.partner_id"""

_VIEW_DOCS = {
    "report_partners": "One row per report and partner it names: board, year, the partner's canonical name, "
                       "category and registry_id (join on registry_id across reports), and mentions (how often).",
    "metrics_wide": "One row per report, one column per metric key: the value with the latest as_of "
                    "(the first printed when tied). The metrics table has every value with page and quote.",
}


def metrics_wide_sql(metric_keys: list[str]) -> str:
    cols = "".join(f",\n       max(value) FILTER (WHERE metric = {_lit(k)}) AS {_q(k)}" for k in metric_keys)
    return f"""
CREATE VIEW metrics_wide AS
WITH latest AS (
  SELECT * FROM metrics
  QUALIFY row_number() OVER (PARTITION BY report_id, metric ORDER BY as_of DESC NULLS LAST, page, value) = 1)
SELECT r.report_id, any_value(r.board_name) AS board_name, any_value(r.report_year) AS report_year{cols}
FROM reports r LEFT JOIN latest USING (report_id)
GROUP BY r.report_id
ORDER BY r.report_id"""


def _views(con) -> None:
    con.execute(REPORT_PARTNERS)
    keys = [k for (k,) in con.execute("SELECT DISTINCT metric FROM metrics ORDER BY metric").fetchall()]
    con.execute(metrics_wide_sql(keys))
    for name, doc in _VIEW_DOCS.items():
        con.execute(f"COMMENT ON VIEW {name} IS {_lit(doc)}")


def write_database(path: Path, folder: Path) -> None:
    """Write every table (in SPECS order, read one at a time from its parquet file in `folder`)
    and the views into a new DuckDB file."""
    con = duckdb.connect(str(path))
    try:
        for name, spec in SPECS.items():
            _load(con, spec, pq.read_table(Path(folder) / f"{name}.parquet"))
        _views(con)
    finally:
        con.close()
