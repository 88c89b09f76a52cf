"""`extract show OUTPUT REPORT_ID|FILE [--json]`: one report's records, the way a researcher
checks one board: its facts, its section outline, then every record table (page and quote
beside each value). The report is named by its id (or a unique prefix), by the PDF file
(hashed, so a renamed copy still finds it), or by its source path as given to `extract`.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..dataset.rows import SPECS
from ..store.incremental import sha256_file

SKIP = {"reports", "sections", "table_cells"}  # shown as the header, the outline, and a count
HIDE = {"report_id", "section_id", "table_id", "sha256", "priority_id", "recommendation_id"}
HIDE_IN = {"mentions": {"partner_id"}, "partners": {"registry_id"}}  # the partners table names them
WIDTH = 70  # characters of a value shown; --json has them in full


class NotFound(click.ClickException):
    exit_code = 2


def resolve(reports: list[dict], which: str) -> str:
    """The report_id that `which` names: an existing PDF (by content), an id or unique id prefix,
    or a source path (or its file name) as recorded in `reports`."""
    ids = sorted({r["report_id"] for r in reports})
    p = Path(which)
    sha = sha256_file(str(p)) if p.is_file() else None  # regular files only, read without blocking
    if sha:
        rid = sha[:12]
        if rid in ids:
            return rid
        raise NotFound(f"{which}: this file (report_id {rid}) is not in the dataset")
    hits = [i for i in ids if i.startswith(which.lower())] if len(which) >= 4 else []
    hits = hits or sorted({r["report_id"] for r in reports if which in (r["source_path"], Path(r["source_path"]).name)})
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise NotFound(f"{which}: names {len(hits)} reports ({', '.join(hits)}): give more of the id")
    raise NotFound(f"{which}: no such report (ids: {', '.join(ids) or 'none'})")


def records(folder: Path, rid: str) -> dict[str, list[dict]]:
    """Every table's rows for one report; partners: the ones its mentions and funding name."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    out: dict[str, list[dict]] = {}
    for name, spec in SPECS.items():
        path = folder / f"{name}.parquet"
        if spec.report_column is None or not path.exists():
            continue
        t = pq.read_table(path)
        col = t[spec.report_column]
        mask = pc.starts_with(col, rid) if spec.report_column == "sha256" else pc.equal(col, rid)
        out[name] = t.filter(pc.fill_null(mask, False)).to_pylist()
    named = {r.get("partner_id") for n in ("mentions", "funding") for r in out.get(n, [])} - {None}
    path = folder / "partners.parquet"
    out["partners"] = [r for r in pq.read_table(path).to_pylist() if r["partner_id"] in named] if path.exists() else []
    return out


def _cut(v) -> str:
    s = "" if v is None else " ".join(str(v).split())
    return s if len(s) <= WIDTH else s[: WIDTH - 1] + "…"


def render(rid: str, recs: dict[str, list[dict]], console) -> None:
    from rich.table import Table
    from rich.tree import Tree

    rep = (recs.get("reports") or [{}])[0]
    head = Table.grid(padding=(0, 2))
    for k in ("board_name", "area", "report_year", "doc_type", "period_start", "period_end", "chair",
              "status", "n_pages", "source_path"):
        head.add_row(k, _cut(rep.get(k)))
    console.print(f"[bold]report {rid}[/bold]  {_cut(rep.get('title'))}", highlight=False)
    console.print(head)
    tree = Tree("sections")
    nodes: dict[str, Tree] = {}
    for s in recs.get("sections", []):
        label = f"{s['number'] + ' ' if s['number'] else ''}{s['title']}  [dim]{s['kind']}, p.{s['page_start']}[/dim]"
        nodes[s["section_id"]] = nodes.get(s["parent_id"], tree).add(label)
    console.print(tree)
    console.print(f"tables: {len(recs.get('tables', []))}, cells: {len(recs.get('table_cells', []))}")
    for name, rows in recs.items():
        if name in SKIP or not rows:
            continue
        cols = [c for c in SPECS[name].columns if c not in HIDE | HIDE_IN.get(name, set())]
        t = Table(title=f"{name} ({len(rows)})", title_justify="left", show_lines=False)
        for c in cols:
            t.add_column(c, overflow="fold")
        for r in rows:
            t.add_row(*(_cut(r.get(c)) for c in cols))
        console.print(t)


@click.command("show")
@click.argument("output", type=click.Path(path_type=Path))
@click.argument("report")
@click.option("--json", "as_json", is_flag=True, help="Every row of the report as JSON on stdout.")
def show_cmd(output, report, as_json):
    """Print one report's records from the dataset in OUTPUT.

    REPORT is a report_id (or a unique prefix), the PDF file itself, or its source path.
    Exit status: 0 shown, 2 no such dataset or report.
    """
    import pyarrow.parquet as pq

    path = output / "reports.parquet"
    if not path.exists():
        raise NotFound(f"{output}: not a dataset (no reports.parquet)")
    rid = resolve(pq.read_table(path).to_pylist(), report)
    recs = records(output, rid)
    if as_json:
        click.echo(json.dumps({"report_id": rid, "tables": recs}, indent=1, ensure_ascii=False, default=str))
        return
    from rich.console import Console
    console = Console(soft_wrap=False)
    if not console.is_terminal:  # piped to a file or a pager: no terminal width to fit
        console = Console(soft_wrap=False, width=140)
    render(rid, recs, console)
