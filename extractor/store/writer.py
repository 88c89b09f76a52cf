"""Write every table of the dataset as parquet, CSV and one duckdb file, plus the data
dictionary (datapackage.json) and the manifest.

All files go to a staging folder first and are published together
(atomic.publish), so an interrupted run leaves the previous dataset intact.
CSV is written by pyarrow from sorted rows: the same input gives the same bytes.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..dataset.rows import TABLES
from .atomic import publish, recover, staging_dir
from .database import write_database
from .datapackage import write_datapackage
from .schema import to_arrow

TOOL = "lscb-extractor"
# every file name a dataset folder of this tool may hold (to tell a damaged dataset from a user's folder)
DATASET_FILES = {f"{t}.{ext}" for t in TABLES for ext in ("parquet", "csv")} | {
    "manifest.json", "datapackage.json", "dataset.duckdb", "dataset.duckdb.wal"}


def write_table_files(folder: Path, name: str, table: pa.Table) -> None:
    """One table as parquet (canonical) and CSV; called once per table so that a streamed run
    holds one table in memory at a time."""
    pq.write_table(table, folder / f"{name}.parquet", compression="zstd")
    pacsv.write_csv(table, folder / f"{name}.csv")


def finish_tables(folder: Path) -> None:
    """The files describing the whole dataset, once every table's parquet is in `folder`:
    dataset.duckdb (loaded from the parquet files) and datapackage.json."""
    write_database(folder / "dataset.duckdb", folder)
    write_datapackage(folder)


def write_tables(folder: Path, tables: dict[str, pa.Table]) -> None:
    for name, table in tables.items():
        write_table_files(folder, name, table)
    finish_tables(folder)


class OutputRefused(OSError):
    """The output path holds something that is not a dataset of this tool: never replace it."""


def check_output(out: Path) -> None:
    """Refuse an output path that is a file, or a non-empty folder that is not one of our datasets,
    because publishing replaces the folder whole. Called before any work starts."""
    out = Path(out)
    if not out.exists():
        return
    if not out.is_dir():
        raise OutputRefused(f"{out} exists and is not a folder")
    if any(out.iterdir()) and (read_manifest(out) or {}).get("tool") != TOOL:
        raise OutputRefused(f"{out} is a folder that is not a dataset of this tool (no manifest.json); "
                            "it would be replaced: choose a new or empty folder")


def write_dataset(out: Path, rows: dict[str, list], manifest: dict) -> None:
    """Write all tables (empty ones too) and the manifest into `out`, atomically."""
    out = Path(out)
    check_output(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    stage = staging_dir(out)
    try:
        tables = {name: to_arrow(name, rows.get(name, [])) for name in TABLES}
        write_tables(stage, tables)
        (stage / "manifest.json").write_text(json.dumps({**manifest, "tool": TOOL}, indent=1, sort_keys=True) + "\n",
                                             encoding="utf-8")
        publish(stage, out)
    except BaseException:  # a failed write must not leave a half-written staging folder behind
        shutil.rmtree(stage, ignore_errors=True)
        raise


def read_table(folder: Path, name: str) -> pa.Table | None:
    p = Path(folder) / f"{name}.parquet"
    return pq.read_table(p) if p.exists() else None


def read_manifest(folder: Path) -> dict | None:
    p = Path(folder) / "manifest.json"
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
