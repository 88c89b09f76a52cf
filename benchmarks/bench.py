"""Benchmark the pipeline against plain pdfplumber text extraction, on the same pages.

    python benchmarks/bench.py [--rules DIR] [--workers N] [--backend B] [--profile] [PDF ...]

Measures, in one run:
  full      `extract` over both corpora with default workers (fresh output):
            pages/s, wall seconds, peak RSS of the parent and of each worker
            process (psutil samples of the process tree every 20 ms)
  rerun     the same command on the unchanged output: seconds and fraction of full
  baseline  pdfplumber `page.extract_text()` over the same pages, one process
  ratio     full pages/s / baseline pages/s
  profile   (--profile) pyinstrument over process_file in this process, one file
            after another; the top functions by own time are printed and the
            HTML report is saved
Results go to benchmarks/results/bench-<time>.json (git-ignored).
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
CORPORA = [str(REPO / "corpus" / "*.pdf"), "/work/shared/corpus-styles/brochure/*.pdf"]
RESULTS = REPO / "benchmarks" / "results"


def run_sampled(cmd: list[str], timeline: list | None = None) -> dict:
    """Run `cmd`, sampling the RSS of it and all its descendants; peak per process.

    `timeline`, when given, receives (seconds, parent RSS MB, workers' RSS MB summed) samples."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    root = psutil.Process(proc.pid)
    peaks: dict[int, tuple[bool, int]] = {}  # pid -> (is a helper process, peak rss)
    cpu: dict[int, float] = {}  # pid -> CPU seconds at its last sample (misses < 20 ms each)
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        now = {True: 0, False: 0}  # is the parent -> RSS at this sample
        for p in procs:
            try:
                rss = p.memory_info().rss
                c = p.cpu_times()
                cpu[p.pid] = c.user + c.system  # not children_*: the forkserver reaps the workers
                # forkserver / resource tracker: started by the parent itself, never extract
                helper = p.ppid() == proc.pid and any(h in " ".join(p.cmdline())
                                                      for h in ("forkserver", "resource_tracker"))
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            if rss > peaks.get(p.pid, (False, 0))[1]:
                peaks[p.pid] = (helper, rss)
            if timeline is not None:
                now[p.pid == proc.pid] += 0 if helper else rss
        if timeline is not None:
            timeline.append((round(time.perf_counter() - t0, 2), round(now[True] / 2**20, 1),
                             round(now[False] / 2**20, 1)))
        time.sleep(0.02)
    _, err = proc.communicate()
    seconds = time.perf_counter() - t0
    parent = peaks.pop(proc.pid, (False, 0))[1]
    workers = sorted((rss for helper, rss in peaks.values() if not helper), reverse=True)
    return {"seconds": round(seconds, 3), "cpu_seconds": round(sum(cpu.values()), 2), "returncode": proc.returncode, "stderr_tail": err.strip().splitlines()[-1:],
            "peak_rss_parent_mb": round(parent / 2**20, 1),
            "peak_rss_workers_mb": [round(r / 2**20, 1) for r in workers],
            "peak_rss_worker_max_mb": round(workers[0] / 2**20, 1) if workers else None}


def baseline(paths: list[str]) -> dict:
    """pdfplumber extract_text over every page, in this (fresh) process."""
    import resource

    import pdfplumber

    t0, c0 = time.perf_counter(), time.process_time()
    pages = chars = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                chars += len(page.extract_text() or "")
                pages += 1
                page.close()
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {"pages": pages, "chars": chars, "seconds": round(seconds, 3), "pages_per_s": round(pages / seconds, 2),
            "cpu_seconds": round(cpu, 2), "pages_per_cpu_s": round(pages / cpu, 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def profile(paths: list[str], rules_dir: str | None, out_html: Path, top: int = 15) -> dict:
    from pyinstrument import Profiler

    from extractor.rules import load_rules
    from extractor.worker import process_file

    rules = load_rules(rules_dir)
    process_file(paths[0], rules)  # warm up: imports and model loading are not the steady state
    prof = Profiler(interval=0.002)
    prof.start()
    for p in paths:
        process_file(p, rules)
    prof.stop()
    out_html.write_text(prof.output_html(), encoding="utf-8")
    own: dict[str, float] = {}  # library or ours: where the CPU actually goes
    ours: dict[str, float] = {}  # our functions, inclusive (each counted once per stack)

    def walk(frame, parent_key: str, on_stack: frozenset):
        synthetic = frame.function.startswith("[")  # pyinstrument's [self]/[await] pseudo-frames
        key = parent_key if synthetic else f"{frame.file_path_short}:{frame.function}"
        children = frame.children
        own[key] = own.get(key, 0.0) + frame.time - sum(c.time for c in children)
        if not synthetic and "extractor/" in (frame.file_path or "") and key not in on_stack:
            ours[key] = ours.get(key, 0.0) + frame.time
            on_stack = on_stack | {key}
        for child in children:
            walk(child, key, on_stack)

    root = prof.last_session.root_frame()
    walk(root, "?", frozenset())
    total = root.time or 1.0

    def top_of(d):
        return [{"where": k, "seconds": round(v, 3), "share": round(v / total, 3)}
                for k, v in sorted(d.items(), key=lambda kv: -kv[1])[:top]]
    return {"total_s": round(total, 2), "self": top_of(own), "inclusive_extractor": top_of(ours)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="*")
    ap.add_argument("--rules", default=None)
    ap.add_argument("--workers", type=int, default=None, help="default: the machine's cores")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--backend", choices=["pdfium", "pdfplumber"], default=None,
                    help="ingest backend of the pipeline (default: extract's, pdfium)")
    ap.add_argument("--baseline-only", action="store_true", help=argparse.SUPPRESS)  # child mode
    args = ap.parse_args()
    paths = args.pdfs or sorted(p for pattern in CORPORA for p in glob.glob(pattern))
    if args.baseline_only:
        print(json.dumps(baseline(paths)))
        return

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    extract = [sys.executable, "-m", "extractor.cli.main", *paths, "-q"]
    extract += ["--rules", args.rules] if args.rules else []
    extract += ["--workers", str(args.workers)] if args.workers else []
    extract += ["--backend", args.backend] if args.backend else []
    if args.backend:  # the in-process profile follows it too
        os.environ["EXTRACT_BACKEND"] = args.backend
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        out = os.path.join(tmp, "out")
        full = run_sampled(extract + ["-o", out])
        manifest = json.loads(Path(out, "manifest.json").read_text())
        rerun = run_sampled(extract + ["-o", out])
    pages = manifest["summary"]["pages"]
    full["pages"] = pages
    full["pages_per_s"] = round(pages / full["seconds"], 2)
    full["pages_per_cpu_s"] = round(pages / full["cpu_seconds"], 2) if full["cpu_seconds"] else None
    full["files"] = manifest["summary"]
    full["slowest_files"] = sorted(({"file": f["source_path"], "seconds": f["seconds"], "pages": f["n_pages"]}
                                    for f in manifest["files"]), key=lambda f: -f["seconds"])[:5]
    base = json.loads(subprocess.run([sys.executable, __file__, "--baseline-only", *paths], check=True,
                                     capture_output=True, text=True).stdout)
    result = {"when": stamp, "inputs": len(paths), "workers": args.workers or os.cpu_count(),
              "backend": args.backend or "default",
              "cpus": os.cpu_count(), "full": full, "rerun": rerun,
              "rerun_fraction": round(rerun["seconds"] / full["seconds"], 4), "baseline": base,
              "ratio_full_to_baseline": round(full["pages_per_s"] / base["pages_per_s"], 3),
              "ratio_cpu_full_to_baseline": round(full["pages_per_cpu_s"] / base["pages_per_cpu_s"], 3)
              if full["pages_per_cpu_s"] else None,
              "load_average": os.getloadavg()}
    if args.profile:
        html = RESULTS / f"profile-{stamp}.html"
        result["profile"] = profile(paths, args.rules, html)
        result["profile_html"] = str(html)
    path = RESULTS / f"bench-{stamp}.json"
    path.write_text(json.dumps(result, indent=1) + "\n")

    print(f"pipeline  {pages} pages in {full['seconds']:.1f}s = {full['pages_per_s']:.2f} pages/s "
          f"({result['workers']} workers; exit {full['returncode']})")
    print(f"baseline  {base['pages']} pages in {base['seconds']:.1f}s = {base['pages_per_s']:.2f} pages/s "
          f"(pdfplumber extract_text, 1 process)")
    print(f"ratio     pipeline/baseline = {result['ratio_full_to_baseline']:.3f} (wall pages/s); "
          f"{result['ratio_cpu_full_to_baseline']} per CPU second "
          f"({full['pages_per_cpu_s']} vs {base['pages_per_cpu_s']} pages/CPU-s); load {os.getloadavg()[0]:.1f}")
    print(f"peak RSS  parent {full['peak_rss_parent_mb']} MB; per worker {full['peak_rss_workers_mb']} MB; "
          f"baseline process {base['peak_rss_mb']} MB")
    print(f"re-run    {rerun['seconds']:.2f}s = {result['rerun_fraction']:.1%} of the full run")
    if args.profile:
        prof = result["profile"]
        print(f"profile   {prof['total_s']}s in process_file, one process; own time:")
        for h in prof["self"]:
            print(f"  {h['seconds']:7.2f}s {h['share']:6.1%}  {h['where']}")
        print("          inclusive time of extractor functions:")
        for h in prof["inclusive_extractor"]:
            print(f"  {h['seconds']:7.2f}s {h['share']:6.1%}  {h['where']}")
    print(f"-> {path}")


if __name__ == "__main__":
    main()
