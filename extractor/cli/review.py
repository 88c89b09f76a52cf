"""`extract review OUTPUT [--report ID] -o review.html`: every record beside its page."""
from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("review")
@click.argument("output", type=click.Path(path_type=Path))
@click.option("--report", "reports", multiple=True, metavar="ID",
              help="Only this report (report_id; repeatable). Default: every report.")
@click.option("-o", "--out", "target", type=click.Path(path_type=Path), default=Path("review.html"),
              show_default=True, help="The HTML file to write.")
@click.option("--pdfs", "pdf_dirs", multiple=True, type=click.Path(path_type=Path),
              help="Folder to look for a report's PDF (by file name) when its recorded path is gone.")
def review_cmd(output, reports, target, pdf_dirs):
    """Write a self-contained HTML page showing each record of OUTPUT beside a crop of its
    page with the quote highlighted; a summary of counts, search and filters.

    Exit status: 0 written, 2 error (OUTPUT missing or not a dataset, unknown report,
    target not writable).
    """
    from ..store.review import ReviewError, load_records, write_review

    try:
        rep, _ = load_records(output, reports)
    except ReviewError as e:
        click.echo(f"extract review: {e}", err=True)
        sys.exit(2)
    missing = set(reports) - {r["report_id"] for r in rep}
    if missing:
        click.echo(f"extract review: no such report in {output}: {', '.join(sorted(missing))}", err=True)
        sys.exit(2)
    try:
        n = write_review(output, target, reports, pdf_dirs)
    except OSError as e:
        click.echo(f"extract review: cannot write {target}: {e.strerror or e}", err=True)
        sys.exit(2)
    click.echo(f"{n} record{'s' if n != 1 else ''} of {len(rep)} report{'s' if len(rep) != 1 else ''} -> {target}",
               err=True)
