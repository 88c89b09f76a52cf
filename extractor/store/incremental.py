"""Incremental refresh: decide which inputs can keep their rows from the previous output.

A file is reused when the previous dataset in the output folder was made by the
same extractor version, rules fingerprint and code fingerprint, has the same sha256 for it, and
its result there was not an environmental failure (timeout, dead worker, out of
memory), which a new run should retry. Reused rows are read back from the
previous parquet by report_id (failures by sha256), so an unchanged re-run
costs hashing plus reading parquet: no PDF is opened.

Files the previous manifest lists but this run is not given are dropped, or
carried over with `keep_missing` (reused when compatible, otherwise
re-extracted from their recorded path, like any other input).

Everything here is light: no pdfplumber, no spaCy.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..normalise.rows import TABLES
from ..rules import Rules
from .writer import read_manifest

RETRY_ERRORS = frozenset({"timeout", "worker_died", "MemoryError"})  # not a property of the file


_NOT_EXTRACTION = ("cli/", "store/", "batch.py", "distributed.py")  # code that never shapes rows


def code_fingerprint() -> str:
    """Hash of the extractor's own source that shapes rows: a development checkout changes
    code without bumping __version__, and stale rows must not survive that."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for p in sorted(root.rglob("*.py")):
        rel = p.relative_to(root).as_posix()
        if not rel.startswith(_NOT_EXTRACTION):
            h.update(rel.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def sha256_file(path: str) -> str | None:
    """The file's sha256, or None when it cannot be read (the worker reports why)."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


@dataclass(frozen=True)
class Item:
    """One input of the run: where it is, its content hash, and what to do with it."""
    source_path: str
    sha256: str | None
    action: str  # "extract" | "reuse"
    previous: dict | None = None  # its entry in the previous manifest, when reused
    given: bool = True  # False: carried over from the previous run by keep_missing


def _compatible(manifest: dict | None, rules: Rules, folder: Path) -> bool:
    if not manifest or manifest.get("extractor_version") != __version__:
        return False
    if manifest.get("rules_fingerprint") != rules.fingerprint:
        return False
    if manifest.get("code_fingerprint") != code_fingerprint():
        return False
    from .schema import schema_of
    import pyarrow.parquet as pq
    for name in TABLES:  # rows are rebuilt into today's dataclasses: columns must match
        p = folder / f"{name}.parquet"
        if not p.exists() or not pq.read_schema(p).equals(schema_of(name)):
            return False
    return True


def _reusable(entry: dict | None) -> bool:
    if not entry or not entry.get("sha256"):
        return False
    return not (entry.get("status") == "failed" and entry.get("error_type") in RETRY_ERRORS)


def plan(paths: list[str], out: Path, rules: Rules, force: bool = False,
         keep_missing: bool = False) -> list[Item]:
    """One Item per input, in input order; carried-over files (keep_missing) after them."""
    out = Path(out)
    manifest = read_manifest(out) if out.is_dir() else None
    ok = not force and _compatible(manifest, rules, out)
    prev_files = (manifest or {}).get("files", [])
    by_sha = {e["sha256"]: e for e in prev_files if e.get("sha256")} if ok else {}
    items = []
    for p in paths:
        sha = sha256_file(p)
        entry = by_sha.get(sha) if sha else None
        items.append(Item(p, sha, "reuse" if _reusable(entry) else "extract", entry if _reusable(entry) else None))
    if keep_missing:
        given_paths = set(paths)
        given_shas = {i.sha256 for i in items if i.sha256}
        for e in prev_files:
            if e["source_path"] in given_paths or (e.get("sha256") and e["sha256"] in given_shas):
                continue
            reuse = ok and _reusable(e)
            items.append(Item(e["source_path"], e.get("sha256"), "reuse" if reuse else "extract",
                              e if reuse else None, given=False))
    return items


def load_reused(out: Path, items: list[Item]) -> list:
    """FileResults for the reused items, rows read from the previous parquet (input order)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from ..worker import FileResult

    reused = [i for i in items if i.action == "reuse"]
    if not reused:
        return []
    ids = sorted({i.sha256[:12] for i in reused})
    shas = sorted({i.sha256 for i in reused})
    partner_ids = sorted({p for i in reused for p in i.previous.get("partner_ids") or ()})
    by_key: dict[str, dict[str, list]] = {}  # table -> key -> rows, in the previous (sorted) order
    for name, row_type in TABLES.items():
        col, wanted = {"partners": ("partner_id", partner_ids), "failures": ("sha256", shas)}.get(
            name, ("report_id", ids))
        if not wanted:
            continue
        table = pq.read_table(Path(out) / f"{name}.parquet")
        table = table.filter(pc.is_in(table[col], value_set=_array(wanted)))
        groups = by_key.setdefault(name, {})
        for row in table.to_pylist():
            groups.setdefault(row[col], []).append(row_type(**row))
    results, seen = [], set()
    for item in reused:
        rid, e = item.sha256[:12], item.previous
        rows: dict[str, list] = {}
        first = rid not in seen  # two inputs with the same content share one set of rows
        seen.add(rid)
        if e.get("status") != "failed":
            for name in TABLES:
                if name in ("failures", "partners"):
                    continue
                got = by_key.get(name, {}).get(rid, []) if (first or name == "reports") else []
                if name == "reports":
                    got = [dataclasses.replace(r, source_path=item.source_path) for r in got[:1]]
                rows[name] = got
            rows["partners"] = [r for pid in e.get("partner_ids") or () for r in by_key["partners"].get(pid, [])[:1]]
        failures = tuple(dataclasses.replace(f, source_path=item.source_path)
                         for f in by_key.get("failures", {}).get(item.sha256, []))
        seen_f = set()
        failures = tuple(f for f in failures if not ((f.stage, f.error_type, f.message) in seen_f
                                                     or seen_f.add((f.stage, f.error_type, f.message))))
        results.append(FileResult(item.source_path, item.sha256, e["status"], e.get("n_pages") or 0, 0.0,
                                  rows, failures, e.get("message") or ""))
    return results


def _array(values):
    import pyarrow as pa
    return pa.array(values, type=pa.string())
