"""`extract`: a click group whose default action is extraction.

    extract corpus/*.pdf [-o output/]      extract reports into a dataset
    extract run corpus/*.pdf               the same, spelled out
    extract diff OLD NEW                   what changed between two outputs

Exit status of extraction: 0 every input ok (or partial), 1 some inputs
failed (the others are in the dataset), 2 usage error, 3 no input could be
read at all, 4 the run itself failed (bad rules, output not writable,
scheduler unreachable).

Exit status of diff: 0 identical, 1 different, 2 error (folder missing or
not a dataset).
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import __version__
from ..errors import RulesError
from ..rules import load_rules
from ..store.writer import check_output

DEFAULT_TIMEOUT = 300.0  # seconds; batch.DEFAULT_TIMEOUT (not imported: keeps --help light)

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_ALL_FAILED, EXIT_FATAL = 0, 1, 2, 3, 4


class DefaultGroup(click.Group):
    """A group that runs `run` when the first argument is not a subcommand."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["run", *args]
        elif not args:
            args = ["run"]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="extract")
def cli():
    """Turn safeguarding partnership reports (PDF) into a structured, citable dataset."""


@cli.command("run")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", default="output", show_default=True, type=click.Path(path_type=Path),
              help="Dataset folder (replaced atomically; unchanged files keep their rows).")
@click.option("--rules", "rules_dir", type=click.Path(path_type=Path), default=None,
              help="Rules folder (default: the repository's rules/).")
@click.option("-w", "--workers", type=click.IntRange(1, 256), default=None,
              help="Processes to run files in (default: the machine's cores).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds one file may take before its worker is killed (a `timeout` failure).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run files on this dask.distributed scheduler (workers read the files by path).")
@click.option("--force", is_flag=True, help="Re-extract every file, even unchanged ones.")
@click.option("--keep-missing", is_flag=True,
              help="Keep files of the previous output that are not among INPUTS (default: drop them).")
@click.option("-q", "--quiet", is_flag=True, help="No progress; errors and the summary only.")
def run_cmd(inputs, output, rules_dir, workers, timeout, scheduler, force, keep_missing, quiet):
    """Extract INPUTS (PDF files or folders of PDFs) into the dataset in OUTPUT.

    Re-running into the same OUTPUT re-extracts only new or changed files (or
    all of them when the rules or the extractor changed); the manifest says
    per file whether it was `extracted` or `reused`.
    """
    from ..batch import run_batch
    from .progress import Progress

    try:
        rules = load_rules(rules_dir)
    except RulesError as e:
        click.echo(f"extract: rules: {e}", err=True)
        sys.exit(EXIT_FATAL)
    paths = expand_inputs(inputs)
    try:
        check_output(output)
    except OSError as e:
        click.echo(f"extract: cannot write {output}: {e}", err=True)
        sys.exit(EXIT_FATAL)
    progress = Progress(quiet=quiet)
    try:
        summary = run_batch(paths, output, rules, workers=workers, on_result=progress.result,
                            timeout=timeout, scheduler=scheduler, force=force, keep_missing=keep_missing,
                            on_plan=progress.plan)
    except OSError as e:
        progress.close()
        click.echo(f"extract: cannot write {output}: {e.strerror or e}", err=True)
        sys.exit(EXIT_FATAL)
    except Exception as e:  # e.g. the scheduler cannot be reached
        progress.close()
        click.echo(f"extract: {type(e).__name__}: {e}", err=True)
        sys.exit(EXIT_FATAL)
    progress.close()
    click.echo(f"{summary.line()} -> {output}", err=True)
    failed = summary.count("failed")
    if failed and failed == len(summary.results):
        sys.exit(EXIT_ALL_FAILED)
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


@cli.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON on stdout.")
@click.option("--html", "html_file", type=click.Path(path_type=Path), default=None,
              help="Also write a self-contained HTML page to this file.")
@click.option("--max-rows", type=click.IntRange(0), default=50, show_default=True,
              help="Rows shown per report and table in the text output (0: all).")
def diff_cmd(old, new, as_json, html_file, max_rows):
    """What changed between two output folders OLD and NEW.

    Rows are matched by stable keys (see store/diff.py), not by position.
    Exit status: 0 identical, 1 different, 2 error (e.g. a folder is missing).
    """
    from ..store import diff as d

    try:
        result = d.diff_folders(old, new)
    except d.DiffError as e:
        click.echo(f"extract diff: {e}", err=True)
        sys.exit(EXIT_USAGE)
    if as_json:
        click.echo(d.to_json(result))
    else:
        click.echo(d.to_text(result, max_rows=max_rows), nl=False)
    if html_file:
        try:
            Path(html_file).write_text(d.to_html(result), encoding="utf-8")
        except OSError as e:
            click.echo(f"extract diff: cannot write {html_file}: {e.strerror or e}", err=True)
            sys.exit(EXIT_USAGE)
    sys.exit(EXIT_OK if result.identical else 1)


from .review import review_cmd  # noqa: E402
cli.add_command(review_cmd)


def expand_inputs(inputs) -> list[str]:
    """Files as given; a folder stands for the PDFs inside it (sorted). Missing paths stay,
    so they are reported as failures like any other bad input."""
    out: list[str] = []
    for p in inputs:
        p = Path(p)
        if p.is_dir():
            found = sorted(str(q) for q in p.rglob("*") if q.suffix.lower() == ".pdf" and q.is_file())
            out.extend(found or [str(p)])
        else:
            out.append(str(p))
    seen: set[str] = set()
    return [p for p in out if not (p in seen or seen.add(p))]


def main() -> None:
    cli(prog_name="extract")


if __name__ == "__main__":
    main()
