"""Any interruption: a run killed with SIGKILL leaves the previous dataset intact; a re-run completes."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import SMALL_PDF, Pristine, extract_command, make_long_pdf, make_pdf, rows_of, run_extract

NEW = ["new-short-report.pdf", "new-long-report.pdf"]
LONGER = "new-longer-report.pdf"  # in the input folder too; only the signal test gives it


def _snapshot(out: Path) -> dict[str, bytes]:
    """The bytes of every CSV and the readable content of every parquet file of a dataset."""
    snap = {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}
    for p in sorted(out.glob("*.parquet")):
        snap[p.name] = repr(pq.read_table(p).to_pylist()).encode()  # raises if unreadable
    return snap


def _listing(folder: Path) -> tuple | None:
    try:
        return tuple(sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in os.scandir(folder)))
    except OSError:
        return None


def _fs_state(out: Path) -> tuple:
    """What a writer changes first: entries beside `out`, the tables it writes into a staging
    folder (which a run creates when it starts), `out` itself."""
    beside = tuple(sorted(os.listdir(out.parent)))
    staging = tuple(_listing(out.parent / n) for n in beside if n.startswith(f".{out.name}.staging-"))
    return beside, staging, _listing(out)


def _kill_when(proc: subprocess.Popen, names: list[str], wanted: int, max_wait: float,
               watch: Path | None = None) -> list[str]:
    """SIGKILL the run's whole process group once stderr has named `wanted` of `names`
    (a file's progress line: it has been extracted) and, with `watch`, as soon as something
    is written in or beside the folder `watch`; or after `max_wait` seconds."""
    seen: list[str] = []
    enough = threading.Event()

    def reader():
        for line in proc.stderr:
            seen.append(line)
            if sum(any(n in ln for ln in seen) for n in names) >= wanted:
                enough.set()
        enough.set()

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    enough.wait(max_wait)
    if watch is not None:  # and then wait for the first sign of writing in or beside it
        before = _fs_state(watch)
        deadline = time.monotonic() + max_wait
        while proc.poll() is None and time.monotonic() < deadline and _fs_state(watch) == before:
            time.sleep(0.001)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    t.join(timeout=5)
    return seen


@pytest.fixture(scope="module")
def _built_first_dataset(tmp_path_factory, rules_dir):
    def build(folder):
        src = folder / "in"
        src.mkdir()
        shutil.copyfile(SMALL_PDF, src / SMALL_PDF.name)
        out = folder / "out"
        proc = run_extract([src / SMALL_PDF.name, "-o", out, "-q"], rules=rules_dir)
        assert proc.returncode == 0, proc.stderr
        make_pdf(src / NEW[0], [["Safeguarding Board Annual Report", "Introduction", "A short new report."]] * 2)
        make_long_pdf(src / NEW[1], 400)  # a few seconds of work to kill the run in the middle of
        make_long_pdf(src / LONGER, 2000)
        return src, out, _snapshot(out), {t: rows_of(out, t) for t in ("reports", "sections")}
    return Pristine(tmp_path_factory, "first-dataset", build)


@pytest.fixture
def first_dataset(_built_first_dataset):
    """A dataset of one corpus report, and two new reports waiting in the input folder (built
    once per module; each test gets the folder back as built: `in/` and `out/`, nothing else)."""
    return _built_first_dataset.fresh()


# kill points: after the first new file is done (the long one is being extracted), and after
# both are done (the dataset is being merged and written)
@pytest.mark.slow
@pytest.mark.parametrize("new_files_done", [1, 2], ids=["during-extraction", "during-write"])
def test_sigkill_leaves_previous_dataset_intact(first_dataset, rules_dir, new_files_done):
    src, out, before, before_rows = first_dataset
    inputs = [src / SMALL_PDF.name] + [src / n for n in NEW]
    cmd = extract_command() + [str(p) for p in inputs] + ["-o", str(out), "-w", "1", "--rules", str(rules_dir)]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            start_new_session=True)  # its own process group: pool workers die too
    seen = _kill_when(proc, NEW, new_files_done, max_wait=120,
                      watch=out if new_files_done == len(NEW) else None)
    print(f"killed after {len(seen)} stderr line(s): {[ln.strip()[:80] for ln in seen]}")
    assert proc.returncode == -signal.SIGKILL, f"the run ended before the kill: {seen}"

    # the previous dataset is exactly as it was, and every file of it reads
    assert out.is_dir()
    assert _snapshot(out) == before
    manifest = (out / "manifest.json").read_text()
    assert all(name not in manifest for name in NEW)

    # a re-run completes, publishes the new dataset and cleans up the killed run's leftovers
    proc2 = run_extract([*inputs, "-o", out, "-q"], rules=rules_dir)
    assert proc2.returncode == 0, proc2.stderr
    reports = rows_of(out, "reports")
    assert sorted(Path(r["source_path"]).name for r in reports) == sorted(p.name for p in inputs)
    assert all(r["status"] in ("ok", "partial") for r in reports)
    assert {r["source_path"]: r["n_pages"] for r in reports}[str(src / NEW[1])] == 400
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    assert leftovers == [], leftovers
    # the report of the first run comes out exactly as before (same ids, same rows)
    first_ids = {r["report_id"] for r in before_rows["reports"]}
    again = [s for s in rows_of(out, "sections") if s["report_id"] in first_ids]
    assert again == before_rows["sections"]

def test_kill_between_swap_steps_is_recovered(first_dataset, rules_dir):
    """Where renameat2 is missing, publish does two renames; a kill between them leaves only
    `.out.previous`. The next run must restore it (recover) before anything else."""
    src, out, before, _ = first_dataset
    previous = out.parent / f".{out.name}.previous"
    out.rename(previous)  # the state right after the first rename of a two-step swap
    from extractor.store.atomic import recover

    recover(out)
    assert out.is_dir() and not previous.exists()
    assert _snapshot(out) == before


# --- SIGTERM and Ctrl-C: a clean end (issue 12, items 6 and 12) ------------------------------

def _group_members(pgid: int) -> list[str]:
    """Live processes of a process group (Linux /proc): (pid, command line)."""
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                cmdline = (d / "cmdline").read_bytes().replace(b"\0", b" ")[:120]
                found.append(f"{d.name}: {cmdline!r}")
        except (OSError, ValueError, IndexError):
            continue
    return found


def _children(pid: int) -> list[int]:
    """Child processes of `pid` (Linux /proc/PID/task/*/children)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in task.read_text().split()]
        except (OSError, ValueError):
            continue
    return found


def _pool_worker_started(run_pid: int) -> bool:
    """Whether the run has a pool worker: a process forked by its forkserver (a child of the
    run's child). The worker is handed the largest file as soon as it exists."""
    return any(_children(server) for server in _children(run_pid))


def _wait_group_gone(pgid: int, patience: float = 30.0) -> list[str]:
    deadline = time.monotonic() + patience
    while (left := _group_members(pgid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("sig, code, whole_group", [(signal.SIGTERM, 143, False), (signal.SIGINT, 130, True)],
                         ids=["sigterm", "ctrl-c"])
def test_signal_ends_the_run_cleanly(first_dataset, rules_dir, sig, code, whole_group):
    """SIGTERM to the run (as a service manager sends it) or Ctrl-C (SIGINT to the terminal's
    whole process group), while a worker is busy: its own exit status, no traceback, no process
    of the run left (workers, forkserver), no staging folder, the previous dataset intact."""
    src, out, before, _ = first_dataset
    # and a longer report, handed out first (largest first): the window to signal in is its reading
    inputs = [src / SMALL_PDF.name] + [src / n for n in NEW] + [src / LONGER]
    cmd = extract_command() + [str(p) for p in inputs] + ["-o", str(out), "-w", "1", "--force",
                                                           "--rules", str(rules_dir)]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    seen: list[str] = []
    t = threading.Thread(target=lambda: seen.extend(proc.stderr), daemon=True)
    t.start()
    # files are handed out largest first: once a pool worker exists it is on the long one
    deadline = time.monotonic() + 180
    while proc.poll() is None and not _pool_worker_started(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, f"the run ended before the signal: {seen}"
    if whole_group:
        os.killpg(proc.pid, sig)
    else:
        os.kill(proc.pid, sig)
    proc.wait(timeout=60)
    t.join(timeout=10)
    err = "".join(seen)
    left = _wait_group_gone(proc.pid)
    if left:
        os.killpg(proc.pid, signal.SIGKILL)
    assert left == [], f"processes left behind: {left}"
    assert proc.returncode == code, err
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert "interrupted" in err.strip().splitlines()[-1]
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")] == []
    assert _snapshot(out) == before


def test_a_second_run_on_a_locked_output_refuses(first_dataset, rules_dir):
    from extractor.store.atomic import OutputLock

    src, out, before, _ = first_dataset
    with OutputLock(out):  # another run holds the output
        proc = run_extract([src / NEW[0], "-o", out, "-q"], rules=rules_dir)
    assert proc.returncode == 4, proc.stderr
    assert "another extract run" in proc.stderr and f"pid {os.getpid()}" in proc.stderr, proc.stderr
    assert _snapshot(out) == before
    # released: the next run proceeds, and leaves no lock file behind
    proc = run_extract([src / SMALL_PDF.name, src / NEW[0], "-o", out, "-q"], rules=rules_dir)
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")] == []


def test_a_lock_file_left_by_a_killed_run_does_not_block(first_dataset, rules_dir):
    src, out, before, _ = first_dataset
    (out.parent / f".{out.name}.lock").write_text("99999999\n")  # the file stays; its flock died with the run
    proc = run_extract([src / SMALL_PDF.name, "-o", out, "-q"], rules=rules_dir)
    assert proc.returncode == 0, proc.stderr


def test_two_runs_at_once_never_interleave(tmp_path, rules_dir):
    """Started together on one output: one publishes, the other refuses (exit 4) or, started
    after the first ended, publishes too; the dataset is always one run's whole output."""
    src = tmp_path / "in"
    src.mkdir()
    a = make_pdf(src / "a.pdf", [["Safeguarding Board Annual Report", "Introduction", "Report A."]])
    b = make_long_pdf(src / "b.pdf", 150)
    out = tmp_path / "out"
    cmd = extract_command() + ["-o", str(out), "-q", "-w", "1", "--rules", str(rules_dir)]
    p1 = subprocess.Popen(cmd + [str(b)], stderr=subprocess.PIPE, text=True)
    p2 = subprocess.Popen(cmd + [str(a)], stderr=subprocess.PIPE, text=True)
    (_, e1), (_, e2) = p1.communicate(timeout=300), p2.communicate(timeout=300)
    codes = sorted([p1.returncode, p2.returncode])
    assert codes in ([0, 0], [0, 4]), (e1, e2)
    if codes == [0, 4]:
        assert "another extract run" in (e1 + e2)
    names = [Path(r["source_path"]).name for r in rows_of(out, "reports")]
    assert names in (["a.pdf"], ["b.pdf"])
