"""Fuzzing: mutated bytes of a real report never crash the batch nor hang past a timeout.

Hypothesis mutates a small corpus PDF (flip, overwrite, insert, delete byte runs, often
at structural keywords, or truncate). Each mutant runs through worker.process_file in a
separate process with a timeout, so a crash (segfault, os._exit) or a hang is caught as
such instead of taking pytest down. Every mutant must end as an extracted report
(ok/partial) or as a `failures` row with a stage and an error_type.
Derandomized: a fixed set of 40 mutants for a given hypothesis version and test selection.
"""
from __future__ import annotations

import multiprocessing as mp
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import SMALL_PDF, rows_of, run_extract
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

N_EXAMPLES = 40
TIMEOUT = 60.0  # the original extracts in ~1 s; a mutant taking a minute is a hang
ORIGINAL = SMALL_PDF.read_bytes()
TOKENS = [m.start() for m in re.finditer(
    rb"obj|endobj|stream|endstream|xref|startxref|trailer|/Length|/Root|/Pages|/Kids|/Type|/Filter|/Font|<<|>>",
    ORIGINAL)]

# --- mutations ------------------------------------------------------------------------------

where = st.one_of(st.floats(0, 1).map(lambda f: int(f * (len(ORIGINAL) - 1))),
                  st.sampled_from(TOKENS))  # anywhere, or right on a structural keyword
mutation = st.one_of(
    st.tuples(st.just("flip"), where, st.integers(1, 64), st.integers(1, 255)),
    st.tuples(st.just("overwrite"), where, st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("insert"), where, st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("delete"), where, st.integers(1, 512)),
    st.tuples(st.just("truncate"), where),
)


def mutate(data: bytes, ops) -> bytes:
    buf = bytearray(data)
    for op in ops:
        kind, pos = op[0], min(op[1], max(len(buf) - 1, 0))
        if kind == "flip":
            for i in range(pos, min(pos + op[2], len(buf))):
                buf[i] ^= op[3]
        elif kind == "overwrite":
            buf[pos:pos + len(op[2])] = op[2]
        elif kind == "insert":
            buf[pos:pos] = op[2]
        elif kind == "delete":
            del buf[pos:pos + op[2]]
        elif kind == "truncate":
            del buf[pos:]
    return bytes(buf)


# --- a worker process that can be killed and replaced ---------------------------------------

_RULES = None


def _init(rules_dir: str) -> None:
    global _RULES
    from extractor.rules import load_rules
    _RULES = load_rules(rules_dir)


def _process(path: str) -> tuple[str, list[tuple[str, str, str]], int]:
    from extractor.worker import process_file
    r = process_file(path, _RULES)
    return r.status, [(f.stage, f.error_type, f.message) for f in r.failures], r.n_pages


class Sandbox:
    """One child process at a time; replaced after a timeout or a crash."""

    def __init__(self, rules_dir: Path):
        self.rules_dir = str(rules_dir)
        self.ctx = mp.get_context("spawn")  # no fork of pytest's threads and state
        self.pool = None

    def run(self, path: Path, timeout: float):
        if self.pool is None:
            self.pool = self.ctx.Pool(1, initializer=_init, initargs=(self.rules_dir,), maxtasksperchild=50)
        job = self.pool.apply_async(_process, (str(path),))
        try:
            return "done", job.get(timeout)
        except mp.TimeoutError:
            self.close()
            return "timeout", None
        except Exception as e:  # the child died or could not send its result
            self.close()
            return "crash", f"{type(e).__name__}: {e}"

    def close(self):
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


@pytest.fixture(scope="module")
def sandbox(rules_dir):
    box = Sandbox(rules_dir)
    yield box
    box.close()


@pytest.mark.slow
def test_fuzz_mutated_pdfs(sandbox, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    outcomes: Counter = Counter()
    problems: list[str] = []
    counter = iter(range(10_000))

    @settings(max_examples=N_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(mutation, min_size=1, max_size=4))
    def one(ops):
        data = mutate(ORIGINAL, ops)
        path = folder / f"mutant-{next(counter):03d}.pdf"
        path.write_bytes(data)
        how, value = sandbox.run(path, TIMEOUT)
        if how != "done":
            outcomes[how] += 1
            problems.append(f"{path.name} {how}: {value} ops={ops!r}"[:400])
            return
        status, failures, n_pages = value
        if status in ("ok", "partial"):
            outcomes[status] += 1
            assert n_pages > 0
            if status == "partial":
                assert failures and all(f[0] and f[1] for f in failures), (path.name, failures)
        else:
            assert status == "failed", status
            assert len(failures) == 1 and failures[0][0] and failures[0][1], (path.name, failures)
            outcomes[f"failed:{failures[0][0]}/{failures[0][1]}"] += 1
        if data != ORIGINAL:
            path.unlink()  # keep only the ones worth looking at

    one()
    total = sum(outcomes.values())
    print(f"\nfuzz: {total} mutants: " + ", ".join(f"{k}={v}" for k, v in sorted(outcomes.items())))
    assert problems == [], "\n".join(problems)  # no hang past the timeout, no crashed worker
    assert total >= N_EXAMPLES // 2
    # both ends are exercised: some mutants still read, some are rejected
    assert outcomes["ok"] + outcomes["partial"] > 0
    assert any(k.startswith("failed:") for k in outcomes)


def test_fuzz_batch_survives_mutants(tmp_path, rules_dir):
    """A handful of mutants and the original in one `extract` run: the run completes, exit 1
    (some failed) or 0, and every input is in `reports` or `failures`."""
    import random

    rnd = random.Random(1234)
    src = tmp_path / "in"
    src.mkdir()
    shutil.copyfile(SMALL_PDF, src / "original.pdf")
    for i in range(6):
        kind, pos = ("flip", "delete", "truncate")[i % 3], rnd.choice(TOKENS)
        ops = [{"flip": (kind, pos, rnd.randint(1, 200), rnd.randint(1, 255)),
                "delete": (kind, pos, rnd.randint(1, 200)),
                "truncate": (kind, pos)}[kind]]
        (src / f"mutant-{i}.pdf").write_bytes(mutate(ORIGINAL, ops))
    out = tmp_path / "out"
    proc = run_extract([src, "-o", out, "-q"], rules=rules_dir, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    inputs = {str(p) for p in src.iterdir()}
    # stderr: one line per problem file and the summary; no library chatter about bad operators
    stray = [ln for ln in proc.stderr.splitlines() if not any(ln.startswith(p + ":") for p in inputs)]
    assert len(stray) <= 1, stray
    reports = {r["source_path"]: r["status"] for r in rows_of(out, "reports")}
    failures = {f["source_path"]: f for f in rows_of(out, "failures")}
    assert reports[str(src / "original.pdf")] in ("ok", "partial")
    for p in inputs:
        assert reports.get(p) in ("ok", "partial") or p in failures, p
        if p in failures:
            assert failures[p]["stage"] and failures[p]["error_type"]
