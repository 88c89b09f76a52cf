"""`extract diff OLD NEW`: which rows changed between two datasets, matched by meaning.

Row ids such as `s014` are positions: insert one heading and every later id
moves. So rows are matched by stable keys (KEYS) plus an occurrence number
(the n-th row with that key, in the dataset's deterministic order), and the
positional ids that point at other rows (section_id, parent_id, table_id)
are translated into those rows' keys before values are compared. A row's own
positional id (priority_id, recommendation_id) is not compared.

Keys per table: each table's `diff_key` in dataset.rows.SPECS (report_id is the
content hash, so it is stable; failures use sha256, else source_path).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..dataset.rows import SPECS, TABLES

KEYS: dict[str, tuple[str, ...]] = {name: spec.diff_key for name, spec in SPECS.items()}
OWN_IDS = {name: set(spec.own_ids) for name, spec in SPECS.items() if spec.own_ids}
REGISTRY = "(partner registry)"


class DiffError(Exception):
    """A folder is missing or is not a dataset."""


@dataclass
class Change:
    key: tuple
    old: dict
    new: dict
    columns: list[str]  # the columns whose values differ


@dataclass
class TableDiff:
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)


@dataclass
class DiffResult:
    old: str
    new: str
    reports: dict[str, dict[str, TableDiff]]  # report_id -> table -> what changed
    labels: dict[str, str]  # report_id -> source path
    schema: dict[str, dict[str, list[str]]]  # table -> {"added": cols, "removed": cols}
    notes: list[str] = field(default_factory=list)  # why rows may differ: rules, version or code changed

    @property
    def identical(self) -> bool:
        return not self.reports and not self.schema

    def totals(self) -> dict[str, dict[str, int]]:
        """table -> {"added", "removed", "changed"} counts over all reports, in table order."""
        out = {name: {"added": 0, "removed": 0, "changed": 0} for name in TABLES}
        for tables in self.reports.values():
            for name, td in tables.items():
                for kind in ("added", "removed", "changed"):
                    out[name][kind] += len(getattr(td, kind))
        return {n: t for n, t in out.items() if any(t.values())}


def _read(folder: Path) -> dict[str, list[dict]]:
    import pyarrow.parquet as pq

    if not folder.is_dir():
        raise DiffError(f"{folder}: no such folder")
    if not (folder / "reports.parquet").exists():
        raise DiffError(f"{folder}: not a dataset (no reports.parquet)")
    out = {}
    for name in TABLES:
        p = folder / f"{name}.parquet"
        try:
            out[name] = pq.read_table(p).to_pylist() if p.exists() else []
        except Exception as e:  # a damaged file
            raise DiffError(f"{p}: cannot read ({e})") from None
    return out


def _keyed(data: dict[str, list[dict]]) -> dict[str, dict[tuple, dict]]:
    """table -> stable key (with occurrence) -> row, with cross-row ids translated to keys."""
    refs: dict[str, object] = {}
    out: dict[str, dict[tuple, dict]] = {}
    for name in ("sections", "tables", *[n for n in TABLES if n not in ("sections", "tables")]):
        rows: dict[tuple, dict] = {}
        seen: dict[tuple, int] = {}
        for row in data[name]:
            row = dict(row)
            for col in ("section_id", "parent_id", "table_id"):
                if col in row:
                    row[col] = refs.get(row[col], row[col])
            base = tuple(row.get(k) if k != "sha256" else (row.get("sha256") or row.get("source_path"))
                         for k in KEYS[name])
            n = seen[base] = seen.get(base, -1) + 1
            key = (*base, n)
            rows[key] = row
            own = {"sections": "section_id", "tables": "table_id"}.get(name)
            if own:
                refs[row[own]] = _show_key(name, key)
        out[name] = rows
    return out


def _show_key(name: str, key: tuple) -> str:
    parts = [f"{k}={_short(v, 40)}" for k, v in zip(KEYS[name], key) if k not in ("report_id", "sha256")]
    return " ".join(parts) + (f" #{key[-1]}" if key[-1] else "")


def _report_of(name: str, row: dict) -> str:
    """The report a row belongs to (its spec's report_column), or the shared registry."""
    col = SPECS[name].report_column
    if col is None:
        return REGISTRY
    if col == "sha256":
        return (row.get("sha256") or "")[:12] or row.get("source_path") or "?"
    return row.get(col) or "?"


_RUN_FIELDS = (("extractor_version", "extractor version"), ("rules_fingerprint", "rules fingerprint"),
               ("code_fingerprint", "code fingerprint"))


def run_notes(old: Path, new: Path) -> list[str]:
    """What differs between the two runs themselves: a changed rule or extractor explains many rows."""
    from .writer import read_manifest

    a, b = read_manifest(old) or {}, read_manifest(new) or {}
    return [f"{label} differs: {a.get(k)} -> {b.get(k)}" for k, label in _RUN_FIELDS
            if (a.get(k) or b.get(k)) and a.get(k) != b.get(k)]


def page_of(row: dict):
    """The page a row cites (page, else page_start or first_page), or None."""
    for col in ("page", "page_start", "first_page"):
        if row.get(col) is not None:
            return row[col]
    return None


def diff_folders(old: str | Path, new: str | Path) -> DiffResult:
    a, b = _read(Path(old)), _read(Path(new))
    ka, kb = _keyed(a), _keyed(b)
    reports: dict[str, dict[str, TableDiff]] = {}
    schema: dict[str, dict[str, list[str]]] = {}
    for name in TABLES:
        ca = set(a[name][0]) if a[name] else None
        cb = set(b[name][0]) if b[name] else None
        if ca is not None and cb is not None and ca != cb:
            schema[name] = {"added": sorted(cb - ca), "removed": sorted(ca - cb)}
        skip = OWN_IDS.get(name, set())
        ra, rb = ka[name], kb[name]

        def slot(row):
            return reports.setdefault(_report_of(name, row), {}).setdefault(name, TableDiff())  # noqa: B023
        for key, row in rb.items():
            if key not in ra:
                slot(row).added.append(row)
                continue
            old_row = ra[key]
            cols = [c for c in row if c in old_row and c not in skip and row[c] != old_row[c]]
            if cols:
                slot(row).changed.append(Change(key, old_row, row, cols))
        for key, row in ra.items():
            if key not in rb:
                slot(row).removed.append(row)
    labels = {r["report_id"]: r["source_path"] for r in a["reports"] + b["reports"]}
    return DiffResult(str(old), str(new), dict(sorted(reports.items())), labels, schema,
                      run_notes(Path(old), Path(new)))


# ---------------------------------------------------------------- rendering

def _short(v, n: int = 80) -> str:
    s = repr(v) if not isinstance(v, str) else repr(" ".join(v.split()))
    return s if len(s) <= n else s[: n - 1] + "…"


def _where(row: dict) -> str:
    page = page_of(row)
    out = f"p.{page}" if page is not None else ""
    if row.get("quote"):
        out += f" “{_short(row['quote'], 100)[1:-1]}”"
    return out.strip()


def _row_label(name: str, row: dict) -> str:
    keys = [k for k in KEYS[name] if k not in ("report_id", "sha256")]
    if not keys:  # a row keyed by the report alone: say what the report is
        keys = [k for k in ("board_name", "report_year", "status") if row.get(k)]
    return " ".join(f"{k}={_short(row.get(k), 50)}" for k in keys)


def summary_table(d: DiffResult) -> list[str]:
    """Counts per table as aligned text lines."""
    totals = d.totals()
    if not totals:
        return []
    w = max(len(n) for n in totals)
    out = [f"{'table':<{w}}  {'added':>7} {'removed':>7} {'changed':>7}"]
    out += [f"{n:<{w}}  {t['added']:>7} {t['removed']:>7} {t['changed']:>7}" for n, t in totals.items()]
    return out


def to_text(d: DiffResult, max_rows: int = 50) -> str:
    if d.identical:
        return f"identical: {d.old} and {d.new}\n" + "".join(f"note: {n}\n" for n in d.notes)
    out = [f"--- {d.old}", f"+++ {d.new}"]
    out += [f"note: {n}" for n in d.notes]
    out += ["", *summary_table(d)]
    for name, s in d.schema.items():
        out.append(f"schema {name}: columns added {s['added'] or '-'}, removed {s['removed'] or '-'}")
    for rid, tables in d.reports.items():
        out.append(f"\nreport {rid}  {d.labels.get(rid, '')}".rstrip())
        for name, td in tables.items():
            out.append(f"  {name}: {len(td.added)} added, {len(td.removed)} removed, {len(td.changed)} changed")
            lines = ([f"    + {_row_label(name, r)}  {_where(r)}".rstrip() for r in td.added]
                     + [f"    - {_row_label(name, r)}  {_where(r)}".rstrip() for r in td.removed])
            for c in td.changed:
                lines.append(f"    ~ {_show_key(name, c.key)}  {_where(c.new)}".rstrip())
                lines.extend(f"        {col}: {_short(c.old[col])} -> {_short(c.new[col])}" for col in c.columns)
            if max_rows and len(lines) > max_rows:
                lines = lines[:max_rows] + [f"    … {len(lines) - max_rows} more lines (--max-rows 0 for all)"]
            out.extend(lines)
    out.append("\n" + summary_line(d))
    return "\n".join(out) + "\n"


def summary_line(d: DiffResult) -> str:
    parts = [f"{n} +{t['added']} -{t['removed']} ~{t['changed']}" for n, t in d.totals().items()]
    return f"{len(d.reports)} report(s) differ: " + "; ".join(parts)


def to_dict(d: DiffResult) -> dict:
    """The summary, the run notes and every row that differs with its page (and quote)."""
    def row(name, r: dict) -> dict:
        return {"key": _row_label(name, r), "page": page_of(r), "quote": r.get("quote"), "row": r}

    def change(name, c: Change) -> dict:
        return {"key": _show_key(name, c.key), "page": page_of(c.new), "quote": c.new.get("quote"),
                "changes": {col: [c.old[col], c.new[col]] for col in c.columns}}
    return {"old": d.old, "new": d.new, "identical": d.identical, "notes": d.notes, "summary": d.totals(),
            "schema": d.schema,
            "reports": {rid: {"source_path": d.labels.get(rid),
                              "tables": {name: {"added": [row(name, r) for r in td.added],
                                                "removed": [row(name, r) for r in td.removed],
                                                "changed": [change(name, c) for c in td.changed]}
                                         for name, td in tables.items()}}
                        for rid, tables in d.reports.items()}}


def to_json(d: DiffResult) -> str:
    return json.dumps(to_dict(d), indent=1, ensure_ascii=False, default=str)
