"""`extract`: a click group whose default action is extraction.

    extract corpus/*.pdf [-o output/]      extract reports into a dataset
    extract run corpus/*.pdf               the same, spelled out
    extract diff OLD NEW                   what changed between two outputs
    extract show OUTPUT REPORT             one report's records

Exit status of extraction: 0 every input ok (or partial), 1 some inputs
failed (the others are in the dataset), 2 usage error, 3 no input could be
read at all (a dataset that has reports is then left as it was, unless
--allow-empty), 4 the run itself failed (bad rules, output not writable or
locked by another run, inputs inside the output, scheduler unreachable),
130 interrupted by Ctrl-C (SIGINT), 143 stopped by SIGTERM: workers stopped,
nothing published, the previous dataset intact.

Exit status of diff: 0 identical, 1 different, 2 error (folder missing or
not a dataset).
"""
from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from .. import __version__
from ..errors import Interrupted, RulesError, RunRefused
from ..rules import load_rules

DEFAULT_TIMEOUT = 300.0  # seconds; batch.DEFAULT_TIMEOUT (not imported: keeps --help light)

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_ALL_FAILED, EXIT_FATAL = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 128  # + the signal's number: 130 for Ctrl-C (SIGINT), 143 for SIGTERM


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
@click.option("--max-memory", type=click.IntRange(min=256), default=None, metavar="MB",
              help="Memory ceiling of one worker in MB (default: an equal share of 80% of the machine's "
                   "memory, at most 3072); a file needing more fails as too_large.")
@click.option("--allow-empty", is_flag=True,
              help="Publish even when no report could be read, replacing a dataset that has reports.")
@click.option("-q", "--quiet", is_flag=True, help="No progress; errors and the summary only.")
@click.option("--backend", type=click.Choice(["pdfium", "pdfplumber"]), default=None,
              help="PDF reader: pdfium (default, fast) or pdfplumber (the reference).")
@click.option("--set", "overrides", multiple=True, metavar="SECTION.FIELD=VALUE",
              help="Override one setting of a stage, e.g. tables.cell_gap=1.5 (repeatable; sections: "
                   "ingest, lines, tables, furniture, columns, headings, contents, run). An output made "
                   "with other settings is extracted again, not reused.")
def run_cmd(inputs, output, rules_dir, workers, timeout, scheduler, force, keep_missing, max_memory,
            allow_empty, quiet, backend, overrides):
    """Extract INPUTS (PDF files or folders of PDFs) into the dataset in OUTPUT.

    Re-running into the same OUTPUT re-extracts only new or changed files (or
    all of them when the rules or the extractor changed); the manifest says
    per file whether it was `extracted` or `reused`.
    """
    from ..batch import preflight, run_batch
    from ..store.atomic import OutputBusy
    from .progress import Progress

    try:
        settings = run_settings(backend, workers, timeout, max_memory, overrides)
    except ValueError as e:
        click.echo(f"extract: --set {e}", err=True)
        sys.exit(EXIT_USAGE)
    try:
        rules = load_rules(rules_dir)
    except RulesError as e:
        click.echo(f"extract: rules: {e}", err=True)
        sys.exit(EXIT_FATAL)
    paths = expand_inputs(inputs)
    try:
        preflight(paths, output)
    except RunRefused as e:
        click.echo(f"extract: refused: {e}", err=True)
        sys.exit(EXIT_FATAL)
    except OSError as e:
        click.echo(f"extract: cannot write {output}: {e.strerror or e}", err=True)
        sys.exit(EXIT_FATAL)
    progress = Progress(quiet=quiet, workers=settings.run.workers)
    previous_term = signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        summary = run_batch(paths, output, rules, on_result=progress.result, scheduler=scheduler, force=force,
                            keep_missing=keep_missing, on_plan=progress.plan, allow_empty=allow_empty,
                            on_notice=_say, settings=settings)
    except (KeyboardInterrupt, Interrupted) as e:
        progress.close()
        signum = e.signum if isinstance(e, Interrupted) else signal.SIGINT
        click.echo(f"extract: interrupted ({signal.Signals(signum).name}): workers stopped, nothing published; "
                   f"{output} is as it was", err=True)
        sys.exit(EXIT_INTERRUPTED + signum)
    except OutputBusy as e:
        progress.close()
        click.echo(f"extract: {output}: {e.strerror}", err=True)
        sys.exit(EXIT_FATAL)
    except RunRefused as e:
        progress.close()
        click.echo(f"extract: refused: {e}", err=True)
        sys.exit(EXIT_FATAL)
    except OSError as e:
        progress.close()
        click.echo(f"extract: cannot write {output}: {e.strerror or e}", err=True)
        sys.exit(EXIT_FATAL)
    except Exception as e:  # e.g. the scheduler cannot be reached
        progress.close()
        click.echo(f"extract: {type(e).__name__}: {e}", err=True)
        sys.exit(EXIT_FATAL)
    finally:
        signal.signal(signal.SIGTERM, previous_term)
    progress.close()
    if not summary.published:
        kept = f"keeps its {summary.previous_reports} report(s)" if summary.previous_reports else "is left as it was"
        click.echo(f"{summary.line()}; nothing published: {output} {kept} "
                   f"(--allow-empty to replace it with an empty dataset)", err=True)
        sys.exit(EXIT_ALL_FAILED)
    click.echo(f"{summary.line()} -> {output}", err=True)
    failed = summary.count("failed")
    if failed and failed == len(summary.results):
        sys.exit(EXIT_ALL_FAILED)
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


def run_settings(backend, workers, timeout, max_memory, overrides=()):
    """The run's Settings: the options above, then each --set (ValueError naming a bad one)."""
    from ..settings import IngestSettings, RunSettings, Settings

    base = Settings(ingest=IngestSettings(backend=backend),
                    run=RunSettings(workers=workers, timeout=timeout, max_memory=max_memory))
    settings = base.with_overrides(overrides)
    backend = settings.ingest.backend
    if backend is not None and backend not in ("pdfium", "pdfplumber"):
        raise ValueError(f"ingest.backend={backend}: one of pdfium, pdfplumber")
    return settings


def _raise_interrupted(signum, frame):
    """SIGTERM unwinds the run like Ctrl-C; a second one must not cut the clean-up short."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Interrupted(signum)


def _say(line: str) -> None:
    """A run-level line on stderr (a file name may hold newlines or escape codes: one line)."""
    click.echo("".join(c if c.isprintable() else repr(c)[1:-1] for c in line), err=True)


@cli.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON on stdout.")
@click.option("--html", "html_file", type=click.Path(path_type=Path), default=None,
              help="Also write a self-contained HTML page to this file.")
@click.option("--max-rows", type=click.IntRange(0), default=50, show_default=True,
              help="Rows shown per report and table in the text output (0: all).")
@click.option("--review", "review", default=None, metavar="URL",
              help="Link each row's page in the HTML to this `extract review` page, filtered to the row.")
def diff_cmd(old, new, as_json, html_file, max_rows, review):
    """What changed between two output folders OLD and NEW.

    Rows are matched by stable keys (see store/diff.py), not by position.
    Exit status: 0 identical, 1 different, 2 error (e.g. a folder is missing).
    """
    from ..store import diff as d
    from ..store.diff_html import to_html

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
            Path(html_file).write_text(to_html(result, review), encoding="utf-8")
        except OSError as e:
            click.echo(f"extract diff: cannot write {html_file}: {e.strerror or e}", err=True)
            sys.exit(EXIT_USAGE)
    sys.exit(EXIT_OK if result.identical else 1)


from .review import review_cmd  # noqa: E402
from .show import show_cmd  # noqa: E402

cli.add_command(show_cmd)
cli.add_command(review_cmd)


def expand_inputs(inputs) -> list[str]:
    """Files as given; a folder stands for the PDFs inside it (sorted; regular files only, so a
    FIFO or a symlink to a device named x.pdf is not read). Missing paths and folders without
    PDFs stay, so they are reported as failures ("no PDF files in DIR") like any other bad input."""
    out: list[str] = []
    for p in inputs:
        p = Path(p)
        if p.is_dir():
            found = sorted(str(q) for q in p.rglob("*") if q.suffix.lower() == ".pdf" and q.is_file())
            out.extend(found or [str(p)])
        else:
            out.append(str(p))
    return list(dict.fromkeys(out))  # each path once, first place kept


def main() -> None:
    cli(prog_name="extract")


if __name__ == "__main__":
    main()
