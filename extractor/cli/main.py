"""`extract`: a click group whose default action is extraction.

    extract corpus/*.pdf [-o output/]      extract reports into a dataset
    extract run corpus/*.pdf               the same, spelled out
    extract diff OLD NEW                   what changed between two outputs

Exit status of extraction: 0 every input ok (or partial), 1 some inputs
failed (the others are in the dataset), 2 usage error, 3 no input could be
read at all, 4 the run itself failed (bad rules, output not writable).
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import __version__
from ..errors import RulesError
from ..rules import load_rules

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
              help="Dataset folder (replaced atomically).")
@click.option("--rules", "rules_dir", type=click.Path(path_type=Path), default=None,
              help="Rules folder (default: the repository's rules/).")
@click.option("-w", "--workers", type=click.IntRange(1, 256), default=None,
              help="Processes to run files in (default: the machine's cores).")
@click.option("-q", "--quiet", is_flag=True, help="No progress; errors and the summary only.")
def run_cmd(inputs, output, rules_dir, workers, quiet):
    """Extract INPUTS (PDF files or folders of PDFs) into the dataset in OUTPUT."""
    from ..batch import run_batch

    try:
        rules = load_rules(rules_dir)
    except RulesError as e:
        click.echo(f"extract: rules: {e}", err=True)
        sys.exit(EXIT_FATAL)
    paths = expand_inputs(inputs)

    def report(result):
        if result.status != "ok":
            click.echo(f"{result.source_path}: {result.status}: {result.message}", err=True)
        elif not quiet:
            click.echo(f"{result.source_path}: ok ({result.n_pages} pages, {result.seconds:.1f}s)", err=True)

    try:
        summary = run_batch(paths, output, rules, workers=workers, on_result=report)
    except OSError as e:
        click.echo(f"extract: cannot write {output}: {e.strerror or e}", err=True)
        sys.exit(EXIT_FATAL)
    click.echo(f"{summary.line()} -> {output}", err=True)
    failed = summary.count("failed")
    if failed and failed == len(summary.results):
        sys.exit(EXIT_ALL_FAILED)
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


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
