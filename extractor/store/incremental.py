"""Incremental refresh: what the output folder already holds, and what each input needs.

`read_previous` reads the dataset in the output folder; a damaged one (unreadable
manifest, truncated parquet) is treated as absent, with the reason, so it never
blocks later runs. `plan` gives each input an action: `reuse` when the previous
dataset was made by the same extractor version, rules, settings and code fingerprints, has
the same sha256 for it, and its result there was not a passing failure (timeout,
dead worker, out of memory), which a new run retries; `duplicate` when an earlier
input has the same bytes (one report, under the first path); else `extract`.

`copy_previous` carries rows of the previous dataset into this run's spool, batch
by batch as Arrow: reused reports, and the last good rows of a file that now fails
for a passing reason (PASSING_ERRORS), marked `stale`. An unchanged re-run costs
hashing plus reading parquet: no PDF is opened.

Hashing reads regular files only, opened without blocking: a FIFO or a symlink to
/dev/zero named x.pdf gets no hash (the worker then says why) instead of hanging.

Files the previous manifest lists but this run is not given are dropped, or
carried over with `keep_missing` (reused when compatible, otherwise
re-extracted from their recorded path, like any other input).

Everything here is light: no pdfplumber, no spaCy.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..dataset.rows import TABLES
from ..ingest.files import sha256_file
from ..rules import Rules
from ..settings import DEFAULT_FINGERPRINT, Settings
from .writer import read_manifest

# failures that are not a property of the file: retried by the next run, and a file that had
# rows before keeps them (marked stale) when it fails for one of these reasons
RETRY_ERRORS = frozenset({"timeout", "worker_died", "MemoryError", "too_large"})
PASSING_ERRORS = RETRY_ERRORS | {"not_found", "unreadable"}
GOOD = ("ok", "partial", "stale")  # statuses of a report that has rows


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


@dataclass(frozen=True)
class Item:
    """One input of the run: where it is, its content hash, and what to do with it."""
    source_path: str
    sha256: str | None
    action: str  # "extract" | "reuse"
    previous: dict | None = None  # its entry in the previous manifest, when reused
    given: bool = True  # False: carried over from the previous run by keep_missing
    duplicate_of: str | None = None  # action "duplicate": the first input with the same bytes


@dataclass(frozen=True)
class Previous:
    """The dataset already in the output folder, as far as this run may use it."""
    manifest: dict | None = None
    readable: bool = False  # every table reads with today's columns: rows can be copied
    compatible: bool = False  # and made by the same version, rules and code: rows can be reused
    damaged: str = ""  # why a dataset there is treated as absent
    n_good: int = 0  # reports with rows (ok, partial, stale)

    @property
    def files(self) -> list[dict]:
        return (self.manifest or {}).get("files") or []

    def good_entry(self, path: str, sha: str | None) -> dict | None:
        """The entry of a report with rows for this path (or these bytes), to keep as stale."""
        if not self.readable:
            return None
        for e in self.files:
            if e.get("status") in GOOD and e.get("report_id") and (
                    e.get("source_path") == path or (sha and e.get("sha256") == sha)):
                return e
        return None


def read_previous(out: Path, rules: Rules, settings: Settings | None = None) -> Previous:
    """What the output folder holds. A damaged dataset (unreadable manifest, truncated parquet)
    is treated as absent, with the reason in `damaged`, instead of blocking every later run."""
    import pyarrow.parquet as pq

    from .schema import schema_of
    from .spool import is_damaged_dataset

    out = Path(out)
    if not out.is_dir() or not any(out.iterdir()):
        return Previous()
    manifest = read_manifest(out)
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files", []), list):
        return Previous(damaged="manifest.json is missing or unreadable") if is_damaged_dataset(out) else Previous()
    n_good = sum(1 for e in manifest.get("files") or [] if isinstance(e, dict) and e.get("status") in GOOD)
    same_columns = True
    for name in TABLES:
        p = out / f"{name}.parquet"
        try:
            same_columns &= pq.read_schema(p).equals(schema_of(name))
        except Exception as e:  # missing, truncated, not parquet
            why = "missing" if not p.exists() else f"unreadable ({type(e).__name__})"
            return Previous(manifest=None, damaged=f"{p.name} is {why}", n_good=n_good)
    compatible = same_columns and manifest.get("extractor_version") == __version__ and \
        manifest.get("rules_fingerprint") == rules.fingerprint and \
        manifest.get("code_fingerprint") == code_fingerprint() and \
        manifest.get("settings_fingerprint", DEFAULT_FINGERPRINT) == (settings or Settings()).fingerprint()
    return Previous(manifest=manifest, readable=same_columns, compatible=compatible, n_good=n_good)


def _reusable(entry: dict | None) -> bool:
    if not entry or not entry.get("sha256") or entry.get("status") == "stale":
        return False
    return not (entry.get("status") == "failed" and entry.get("error_type") in RETRY_ERRORS)


def plan(paths: list[str], prev: Previous, force: bool = False, keep_missing: bool = False) -> list[Item]:
    """One Item per input, in input order; carried-over files (keep_missing) after them.
    An input with the same bytes as an earlier one is a `duplicate` of it (one report)."""
    ok = not force and prev.compatible
    by_sha = {e["sha256"]: e for e in prev.files if e.get("sha256")} if ok else {}
    items: list[Item] = []
    first_of: dict[str, str] = {}
    for p in paths:
        sha = sha256_file(p)
        if sha and sha in first_of:
            items.append(Item(p, sha, "duplicate", duplicate_of=first_of[sha]))
            continue
        if sha:
            first_of[sha] = p
        entry = by_sha.get(sha) if sha else None
        items.append(Item(p, sha, "reuse" if _reusable(entry) else "extract", entry if _reusable(entry) else None))
    if keep_missing:
        given_paths = set(paths)
        for e in prev.files:
            if e["source_path"] in given_paths or (e.get("sha256") and e["sha256"] in first_of):
                continue
            reuse = ok and _reusable(e)
            items.append(Item(e["source_path"], e.get("sha256"), "reuse" if reuse else "extract",
                              e if reuse else None, given=False))
            if e.get("sha256"):
                first_of[e["sha256"]] = e["source_path"]
    return items


@dataclass(frozen=True)
class Copy:
    """Rows of one report to carry from the previous dataset into this run's spool."""
    idx: int  # input index (the first input's partner spelling wins)
    report_id: str
    sha256: str | None
    source_path: str
    partner_ids: tuple[str, ...] = ()
    status: str | None = None  # replaces reports.status ("stale"); None keeps it
    failures: bool = True  # also copy its failures (reuse); a stale report has this run's failure


def copy_previous(out: Path, copies: list[Copy], spool) -> None:
    """Append the previous dataset's rows of `copies` to `spool`, batch by batch (Arrow, never
    a whole table), relabelled with the path each file has in this run."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    if not copies:
        return
    by_id = {c.report_id: c for c in copies}
    by_sha = {c.sha256: c for c in copies if c.failures and c.sha256}
    partner_idx: dict[str, int] = {}
    for c in copies:
        for pid in c.partner_ids:
            partner_idx[pid] = min(c.idx, partner_idx.get(pid, c.idx))
    row_types = TABLES
    for name in TABLES:
        by_table: dict[str, tuple[str, dict]] = {"partners": ("partner_id", partner_idx),
                                                 "failures": ("sha256", by_sha)}
        col, wanted = by_table.get(name, ("report_id", by_id))
        if not wanted:
            continue
        f = pq.ParquetFile(Path(out) / f"{name}.parquet")
        keys = _array(sorted(wanted))
        seen: set = set()
        for batch in f.iter_batches(batch_size=65536):
            batch = batch.filter(pc.is_in(batch[col], value_set=keys))
            if not batch.num_rows:
                continue
            if name in ("reports", "failures", "partners"):  # small tables: relabel row by row
                for row in batch.to_pylist():
                    if name == "partners":
                        spool.add_partner(row_types[name](**row), partner_idx[row[col]])
                        continue
                    c = by_id[row[col]] if name == "reports" else by_sha[row[col]]
                    key = row[col] if name == "reports" else (row[col], row["stage"], row["error_type"],
                                                              row["message"])
                    if key in seen:  # one report row per report; a failure once
                        continue
                    seen.add(key)
                    row["source_path"] = c.source_path
                    if name == "reports" and c.status:
                        row["status"] = c.status
                    spool.add_rows({name: [row_types[name](**row)]}, c.idx)
            else:
                spool.add_arrow(name, batch)


def _array(values):
    import pyarrow as pa
    return pa.array(values, type=pa.string())
