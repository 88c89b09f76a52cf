"""The library face of the extractor, for notebooks and scripts.

    import extractor
    report = extractor.extract("corpus/sandwell-sscb-2016-17.pdf")   # typed records, no files written
    report.metrics[0].value, report.metrics[0].page, report.metrics[0].quote
    report.frames()["funding"]                                       # the same rows as DataFrames

    ds = extractor.open_dataset("output/")                           # a dataset written by `extract`
    ds.funding.groupby("kind").amount_gbp.sum()                      # each table a pandas DataFrame
    ds.sql("SELECT * FROM metrics_wide")                             # SQL over dataset.duckdb
    ds.describe("metrics")                                           # the data dictionary

The same code as the command line runs (worker.process_file, one file at a time in
this process); only the writing is left out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from .dataset.rows import (
    SPECS,
    AttendanceRow,
    CellRow,
    FailureRow,
    FundingRow,
    MentionRow,
    MetricRow,
    PartnerRow,
    PersonRow,
    PriorityRow,
    RecommendationRow,
    ReportRow,
    SectionRow,
    TableRow,
)
from .rules import Rules, load_rules
from .settings import Settings

PathLike = Union[str, Path]


@dataclass(frozen=True)
class Report:
    """One report's records: one tuple of typed rows per dataset table (see DATASET.md)."""
    source_path: str
    status: str  # ok / partial / failed
    message: str  # why it is not ok, else ""
    report: Optional[ReportRow]
    sections: tuple[SectionRow, ...] = ()
    tables: tuple[TableRow, ...] = ()
    table_cells: tuple[CellRow, ...] = ()
    priorities: tuple[PriorityRow, ...] = ()
    recommendations: tuple[RecommendationRow, ...] = ()
    partners: tuple[PartnerRow, ...] = ()
    mentions: tuple[MentionRow, ...] = ()
    people: tuple[PersonRow, ...] = ()
    funding: tuple[FundingRow, ...] = ()
    attendance: tuple[AttendanceRow, ...] = ()
    metrics: tuple[MetricRow, ...] = ()
    failures: tuple[FailureRow, ...] = field(default=())

    @property
    def report_id(self) -> Optional[str]:
        return self.report.report_id if self.report else None

    def rows(self, table: str) -> tuple:
        """The rows of one table by its dataset name ("reports" gives the one report row)."""
        if table == "reports":
            return (self.report,) if self.report else ()
        return getattr(self, table)

    def frames(self) -> dict[str, Any]:
        """Every table as a pandas DataFrame, with the dataset's columns and dtypes."""
        return frames([self])


def _rules(rules: Union[Rules, PathLike, None]) -> Rules:
    return rules if isinstance(rules, Rules) else load_rules(rules)


def _paths(path_or_paths: Union[PathLike, Iterable[PathLike]]) -> list[str]:
    from .cli.main import expand_inputs
    items = [path_or_paths] if isinstance(path_or_paths, (str, Path)) else list(path_or_paths)
    return expand_inputs(items)


def _report(result) -> Report:
    from .worker import failed_report_row

    rows = {name: tuple(result.rows.get(name, ())) for name in SPECS if name not in ("reports", "failures")}
    rep = (result.rows.get("reports") or [failed_report_row(result)])[0]
    return Report(source_path=result.source_path, status=result.status, message=result.message, report=rep,
                  failures=tuple(result.failures), **rows)


def extract(path_or_paths: Union[PathLike, Iterable[PathLike]], rules: Union[Rules, PathLike, None] = None,
            settings: Optional[Settings] = None) -> Union[Report, list[Report]]:
    """Extract PDF reports in this process and return their records; nothing is written.

    `path_or_paths`: one PDF (returns a Report), or several PDFs or folders of PDFs (returns a
    list of Reports, in input order). `rules`: a rules folder or a loaded Rules (default: the
    repository's rules/). `settings`: each stage's settings (extractor.settings.Settings;
    default: Settings()), e.g. `Settings().with_overrides(["tables.cell_gap=1.5"])`.
    A bad file never raises: its Report has status "failed" and its `failures` say why.
    """
    from .worker import process_file

    loaded = _rules(rules)
    single = isinstance(path_or_paths, (str, Path)) and not Path(path_or_paths).is_dir()
    reports = [_report(process_file(p, loaded, settings)) for p in _paths(path_or_paths)]
    return reports[0] if single else reports


def _first_of_each(rows, seen: set[str]):
    """The rows whose partner_id is not in `seen` yet, adding it: each partner once across reports."""
    for p in rows:
        if p.partner_id not in seen:
            seen.add(p.partner_id)
            yield p


def frames(reports: Iterable[Report]) -> dict[str, Any]:
    """The records of several reports as one DataFrame per table (partners once each), sorted
    as the dataset files are."""
    from .store.schema import to_arrow

    merged: dict[str, list] = {name: [] for name in SPECS}
    seen: set[str] = set()
    for r in reports:
        for name in SPECS:
            rows = r.rows(name)
            if name == "partners":
                rows = tuple(_first_of_each(rows, seen))
            merged[name].extend(rows)
    return {name: _with_dates(name, to_arrow(name, rows).to_pandas()) for name, rows in merged.items()}


def _with_dates(name: str, df):
    import pandas as pd
    for col in SPECS[name].dates:
        df[col] = pd.to_datetime(df[col], format="%Y-%m-%d", errors="coerce")
    return df


class Dataset:
    """A dataset folder written by `extract`: each table as a pandas DataFrame (an attribute or
    `ds["name"]`, read on first use), SQL over dataset.duckdb (`sql`, `con`), the manifest and
    the data dictionary (`describe`). Use it as a context manager to close the connection."""

    def __init__(self, folder: PathLike):
        self.folder = Path(folder)
        if not (self.folder / "reports.parquet").exists():
            raise FileNotFoundError(f"{self.folder}: not a dataset (no reports.parquet)")
        self._frames: dict[str, Any] = {}
        self._con = None

    @property
    def table_names(self) -> list[str]:
        return list(SPECS)

    def __getitem__(self, name: str):
        if name not in SPECS:
            raise KeyError(f"{name}: no such table (tables: {', '.join(SPECS)})")
        if name not in self._frames:
            import pyarrow.parquet as pq
            self._frames[name] = _with_dates(name, pq.read_table(self.folder / f"{name}.parquet").to_pandas())
        return self._frames[name]

    def __getattr__(self, name: str):
        if name in SPECS:
            return self[name]
        raise AttributeError(name)

    @property
    def con(self):
        """A read-only DuckDB connection to dataset.duckdb (tables, views report_partners and
        metrics_wide, comments on every table and column)."""
        if self._con is None:
            import duckdb
            self._con = duckdb.connect(str(self.folder / "dataset.duckdb"), read_only=True)
        return self._con

    def sql(self, query: str, *params):
        """Run SQL on dataset.duckdb and return a DataFrame."""
        return self.con.execute(query, list(params)).df()

    @property
    def manifest(self) -> dict:
        from .store.writer import read_manifest
        return read_manifest(self.folder) or {}

    def describe(self, table: str):
        """The data dictionary of one table: column, type, description, and whether it is (part
        of) the primary key."""
        import pandas as pd

        from .store.datapackage import frictionless_type
        spec = SPECS[table]
        return pd.DataFrame([{"column": c, "type": frictionless_type(spec, c), "description": spec.doc(c),
                              "primary_key": c in spec.primary_key} for c in spec.columns])

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> "Dataset":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Dataset({str(self.folder)!r}: {', '.join(SPECS)})"


def open_dataset(folder: PathLike = "output") -> Dataset:
    """Open a dataset folder written by `extract` (tables as DataFrames, DuckDB for SQL)."""
    return Dataset(folder)
