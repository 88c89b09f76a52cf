"""Rows streamed to disk per report, then sorted and published one table at a time.

The parent of a batch never holds every row of a large corpus: each finished
report's rows go at once to one parquet file per table in a spool folder
inside the staging folder (rows copied from the previous dataset go there as
Arrow batches, never as Python objects). At the end each table is read back,
sorted by its stable keys (schema.SORT_KEYS, so the bytes do not depend on the
order files finished in) and written with writer.write_table_files, one table at a
time; the staging folder is then published atomically. Partners are shared by
reports and few: they stay in memory, the first input's spelling winning.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..dataset.rows import TABLES
from .atomic import publish, recover, staging_dir
from .schema import SORT_KEYS, schema_of, to_arrow
from .writer import DATASET_FILES, TOOL, OutputRefused, finish_tables, read_manifest, write_table_files


def is_damaged_dataset(out: Path) -> bool:
    """A folder holding only this tool's file names (manifest.json or reports.parquet among them)
    whose manifest cannot be read: a dataset damaged by hand or by a disk, not someone's folder."""
    names = {p.name for p in Path(out).iterdir()}
    return bool(names) and names <= DATASET_FILES and bool(names & {"manifest.json", "reports.parquet"})


def check_output(out: Path) -> None:
    """Refuse an output path that is a file, or a non-empty folder that is neither one of our
    datasets nor a damaged one, because publishing replaces the folder whole."""
    out = Path(out)
    if not out.exists():
        return
    if not out.is_dir():
        raise OutputRefused(f"{out} exists and is not a folder")
    if any(out.iterdir()) and (read_manifest(out) or {}).get("tool") != TOOL and not is_damaged_dataset(out):
        raise OutputRefused(f"{out} is a folder that is not a dataset of this tool (no manifest.json); "
                            "it would be replaced: choose a new or empty folder")


class Spool:
    """Append-only row store of one run, in `folder` (inside the staging folder)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._writers: dict[str, pq.ParquetWriter] = {}
        self.partners: dict[str, tuple[int, object]] = {}  # partner_id -> (input index, row)
        self.n_rows: dict[str, int] = {name: 0 for name in TABLES}

    def add_rows(self, rows: dict[str, list], idx: int) -> None:
        """One report's canonical rows (dataclasses)."""
        for name, items in rows.items():
            if name == "partners":
                for p in items:
                    self.add_partner(p, idx)
            elif items:
                self.add_arrow(name, to_arrow(name, items))

    def add_partner(self, row, idx: int) -> None:
        held = self.partners.get(row.partner_id)
        if held is None or idx < held[0]:
            self.partners[row.partner_id] = (idx, row)

    def add_arrow(self, name: str, table: pa.Table | pa.RecordBatch) -> None:
        if not table.num_rows:
            return
        if isinstance(table, pa.RecordBatch):
            table = pa.Table.from_batches([table])
        w = self._writers.get(name)
        if w is None:
            w = self._writers[name] = pq.ParquetWriter(self.folder / f"{name}.parquet", schema_of(name))
        w.write_table(table.cast(schema_of(name)))
        self.n_rows[name] += table.num_rows

    def close(self) -> None:
        for w in self._writers.values():
            w.close()
        self._writers.clear()

    def table(self, name: str) -> pa.Table:
        """All rows of one table, sorted by its stable keys."""
        if name == "partners":
            return to_arrow(name, [row for _, row in self.partners.values()])
        p = self.folder / f"{name}.parquet"
        if not p.exists():
            return to_arrow(name, [])
        t = pq.read_table(p).combine_chunks()
        return t.sort_by([(k, "ascending") for k in SORT_KEYS[name]])


def begin(out: Path) -> Path:
    """The staging folder of a run (an earlier interrupted swap recovered first)."""
    out = Path(out)
    check_output(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    return staging_dir(out)


def finish(out: Path, stage: Path, spool: Spool, manifest: dict) -> None:
    """Write every table (empty ones too) and the manifest into `stage`, then publish it as `out`."""
    spool.close()
    for name in TABLES:
        write_table_files(stage, name, spool.table(name))  # one table in memory at a time
    finish_tables(stage)
    shutil.rmtree(spool.folder, ignore_errors=True)
    (stage / "manifest.json").write_text(json.dumps({**manifest, "tool": TOOL}, indent=1, sort_keys=True) + "\n",
                                         encoding="utf-8")
    publish(stage, Path(out))


def abandon(stage: Path, spool: Spool | None) -> None:
    """Remove a run's staging folder (interrupted, failed or refused to publish)."""
    if spool is not None:
        try:
            spool.close()
        except Exception:
            pass
    shutil.rmtree(stage, ignore_errors=True)
