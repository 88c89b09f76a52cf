"""Scale curve: pages/s and memory as a batch grows from 1 to 10 to 100 files.

    python benchmarks/scale.py [--sizes 1,10,100] [--workers N] [--backend pdfium|pdfplumber]

Each size is a fresh `extract` run over that many distinct files: copies of the two sample
corpora, each with a unique comment appended after its %%EOF (new bytes, so a new hash and
a new report; the PDF reads the same). Per size it records pages/s (wall and per CPU second),
the peak RSS of the parent and of each worker, and the parent's RSS over the run: a parent
that holds every row of the batch grows with the number of files, one that streams rows per
report stays flat. Results go to benchmarks/results/scale-<time>.json (git-ignored).
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import CORPORA, RESULTS, run_sampled  # noqa: E402


def make_copies(sources: list[str], n: int, folder: Path) -> list[str]:
    """n distinct PDFs cycling through `sources`: same content, different bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        dst = folder / f"{i:04d}-{Path(src).name}"
        shutil.copyfile(src, dst)
        with open(dst, "ab") as f:
            f.write(b"\n%% scale copy %d\n" % i)
        out.append(str(dst))
    return out


def _curve(timeline: list, points: int = 20) -> list:
    """The parent's RSS at `points` evenly spaced moments (and its last sample)."""
    if len(timeline) <= points:
        return timeline
    step = len(timeline) / points
    return [timeline[int(k * step)] for k in range(points)] + [timeline[-1]]


def measure(paths: list[str], workers: int | None, backend: str | None, tmp: Path) -> dict:
    cmd = [sys.executable, "-m", "extractor.cli.main", *paths, "-q", "-o", str(tmp / "out")]
    cmd += ["--workers", str(workers)] if workers else []
    cmd += ["--backend", backend] if backend else []
    timeline: list = []
    run = run_sampled(cmd, timeline)
    manifest = json.loads((tmp / "out" / "manifest.json").read_text())
    pages = manifest["summary"]["pages"]
    parents = [s[1] for s in timeline if s[1]]
    return {"files": len(paths), "pages": pages, "seconds": run["seconds"], "returncode": run["returncode"],
            "pages_per_s": round(pages / run["seconds"], 2),
            "pages_per_cpu_s": round(pages / run["cpu_seconds"], 2) if run["cpu_seconds"] else None,
            "cpu_seconds": run["cpu_seconds"], "peak_rss_parent_mb": run["peak_rss_parent_mb"],
            "peak_rss_worker_max_mb": run["peak_rss_worker_max_mb"],
            "parent_rss_first_last_mb": [parents[0], parents[-1]] if parents else None,
            "parent_rss_curve": _curve(timeline)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,10,100")
    ap.add_argument("--workers", type=int, default=None, help="default: extract's (the machine's cores)")
    ap.add_argument("--backend", choices=["pdfium", "pdfplumber"], default=None)
    args = ap.parse_args()
    sources = sorted(p for pattern in CORPORA for p in glob.glob(pattern))
    if not sources:
        sys.exit("scale: no sample PDFs found")
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="scale-") as tmp:
            paths = make_copies(sources, n, Path(tmp) / "in")
            row = measure(paths, args.workers, args.backend, Path(tmp))
        rows.append(row)
        print(f"{row['files']:4d} files {row['pages']:5d} pages  {row['seconds']:7.1f}s  "
              f"{row['pages_per_s']:6.2f} pages/s  {row['pages_per_cpu_s']} pages/CPU-s  "
              f"parent peak {row['peak_rss_parent_mb']} MB (start->end {row['parent_rss_first_last_mb']})  "
              f"worker peak {row['peak_rss_worker_max_mb']} MB", flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"scale-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"workers": args.workers or os.cpu_count(), "backend": args.backend or "default",
                               "load_average": os.getloadavg(), "sizes": rows}, indent=1) + "\n")
    print(f"-> {out}")


if __name__ == "__main__":
    main()
