"""Real-world tables (ICDAR 2013 dev set): this project against pdfplumber and camelot, in one run.

    python benchmarks/tables_dev.py [--cases ../shared/tables-dev] [--only GLOB] [--no-camelot]

Runs the real CLI (`extract`) over the cases' PDFs into a temporary directory,
then scores it with the shared scorer (../shared/eval/score_tables.py, which
also runs pdfplumber and, when installed, camelot lattice and stream on the
same pages). Prints one line per system: cell F1 overall / ruled (lattice) /
unruled (stream), tables found, spurious tables, pages/s. camelot-py is a
benchmark-only dependency (`pip install -e ".[bench]"`).
"""
from __future__ import annotations

import argparse
import fnmatch
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
if not SHARED.exists():
    SHARED = Path("/work/shared")


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score_tables", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def run_project(pdfs: list[Path], out: Path) -> float:
    """Extract with the CLI; wall seconds."""
    exe = Path(sys.executable).with_name("extract")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "extractor.cli.main"]
    t0 = time.perf_counter()
    subprocess.run(cmd + [str(p) for p in pdfs] + ["-o", str(out), "-q"], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=Path, default=SHARED / "tables-dev")
    ap.add_argument("--scorer", type=Path, default=SHARED / "eval" / "score_tables.py")
    ap.add_argument("--only", default="*", help="glob on case names")
    ap.add_argument("--no-camelot", action="store_true")
    ap.add_argument("--detail", action="store_true", help="also print the scorer's per-case report")
    args = ap.parse_args(argv)

    st = load_scorer(args.scorer)
    cases = {n: c for n, c in st.load_cases(args.cases).items() if fnmatch.fnmatch(n, args.only)}
    if not cases:
        raise SystemExit(f"no cases in {args.cases}")
    with tempfile.TemporaryDirectory() as tmp:
        secs = run_project([c["pdf"] for c in cases.values()], Path(tmp))
        outs = st.project_outputs(Path(tmp), cases)
    # the CLI reads every page of every PDF; time per page is spread over the cases' pages
    n_all = sum(_n_pages(c["pdf"]) for c in cases.values())
    per_page = secs / max(1, n_all)
    systems = {"project": lambda n, c: (st.on_pages(outs.get(n, []), c["pages"]), per_page * len(c["pages"])),
               "pdfplumber (lines)": lambda n, c: st.pdfplumber_outputs(c, None)}
    if not args.no_camelot:
        try:
            import camelot  # noqa: F401
        except ImportError:
            print("camelot is not installed: skipped (pip install camelot-py)", file=sys.stderr)
        else:
            systems["camelot (lattice)"] = lambda n, c: st.camelot_outputs(c, "lattice")
            systems["camelot (stream)"] = lambda n, c: st.camelot_outputs(c, "stream")
    import contextlib
    import io
    import warnings

    buf = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(buf):
        warnings.simplefilter("ignore")
        results = st.run(systems, cases, args.detail)
    if args.detail:
        print(buf.getvalue())
    n_tab = sum(len(c["tables"]) for c in cases.values())
    print(f"{len(cases)} PDFs, {n_tab} expected tables")
    print(f"| {'system':<20} | cell F1 | ruled | unruled | tables found | spurious | pages/s |")
    print(f"|{'-' * 22}|---------|-------|---------|--------------|----------|---------|")
    for name, r in results.items():
        o, k = r["overall"], r["by_kind"]
        f = lambda kind, k=k: f"{k[kind]['cell_f1']:.3f}" if kind in k else "  -  "  # noqa: E731
        pps = f"{o['pages_per_s']:.1f}" if o["pages_per_s"] else "-"
        print(f"| {name:<20} | {o['cell_f1']:.3f}   | {f('lattice')} | {f('stream')}   | "
              f"{o['table_recall']:.2f}         | {o['spurious_tables']:>8} | {pps:>7} |")


def _n_pages(pdf: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(str(pdf)).pages)


if __name__ == "__main__":
    main()
