"""The `extract` command: exit statuses, progress (plain lines, rich bar, --quiet), summary line."""
from __future__ import annotations

import io
import json
from types import SimpleNamespace

import pytest

from extractor.cli.progress import Progress
from tests.conftest import HANG_TIMEOUT, make_long_pdf


@pytest.fixture
def two_pdfs(tmp_path):
    return [make_long_pdf(tmp_path / "a.pdf", 2), make_long_pdf(tmp_path / "b.pdf", 3)]


def test_all_ok_then_reused(two_pdfs, tmp_path, run_extract, rules_dir):
    out = tmp_path / "out"
    r = run_extract([*two_pdfs, "-o", out, "-w", "2"], rules=rules_dir)
    assert r.returncode == 0, r.stderr
    assert "2 files: 2 to extract, 0 reused" in r.stderr
    assert "[1/2]" in r.stderr and "pages/s" in r.stderr and "ETA" in r.stderr  # plain lines: not a TTY
    assert "0 failed, 0 reused; 5 pages in" in r.stderr.splitlines()[-1]
    r = run_extract([*two_pdfs, "-o", out], rules=rules_dir)
    assert r.returncode == 0 and "0 failed, 2 reused; 5 pages" in r.stderr.splitlines()[-1]
    m = json.loads((out / "manifest.json").read_text())
    assert [f["action"] for f in m["files"]] == ["reused", "reused"] and m["summary"]["reused"] == 2
    r = run_extract([*two_pdfs, "-o", out, "--force", "-q"], rules=rules_dir)
    assert r.returncode == 0 and "0 reused" in r.stderr


def test_quiet_prints_the_summary_only(two_pdfs, tmp_path, run_extract, rules_dir):
    r = run_extract([*two_pdfs, "-o", tmp_path / "out", "--quiet"], rules=rules_dir)
    assert r.returncode == 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("2 files: 2 ok")


def test_exit_statuses(two_pdfs, tmp_path, run_extract, rules_dir):
    missing = tmp_path / "missing.pdf"
    r = run_extract([two_pdfs[0], missing, "-o", tmp_path / "o1", "-q"], rules=rules_dir)
    assert r.returncode == 1 and "missing.pdf: failed" in r.stderr  # errors show even when quiet
    r = run_extract([missing, "-o", tmp_path / "o2", "-q"], rules=rules_dir)
    assert r.returncode == 3
    r = run_extract([two_pdfs[0], "-o", tmp_path / "o3"], rules=tmp_path / "no-rules")
    assert r.returncode == 4
    r = run_extract(["-o", tmp_path / "o4"])
    assert r.returncode == 2
    r = run_extract([two_pdfs[0], "--timeout", "0"])
    assert r.returncode == 2


def test_a_hang_under_the_cli_is_a_timeout(two_pdfs, tmp_path, run_extract, rules_dir):
    r = run_extract([*two_pdfs, "-o", tmp_path / "out", "--timeout", str(HANG_TIMEOUT), "-q"], rules=rules_dir,
                    env={"EXTRACT_TEST_HANG_ON": "b.pdf"})
    assert r.returncode == 1 and "b.pdf: failed: timeout" in r.stderr


def test_rich_bar_on_a_terminal():
    stream = io.StringIO()
    p = Progress(stream=stream, tty=True)
    items = [SimpleNamespace(source_path=f"/nonexistent/{i}.pdf", action="extract") for i in range(2)]
    p.plan(items)
    p.result(SimpleNamespace(source_path=items[0].source_path, n_pages=7, status="ok", seconds=1.0, message=""))
    p._bar.refresh()
    p.close()
    out = stream.getvalue()
    assert "1/2 files" in out and "7 pages" in out and "pages/s" in out and "ETA" in out

    quiet = io.StringIO()
    q = Progress(stream=quiet, tty=True, quiet=True)
    q.plan(items)
    q.result(SimpleNamespace(source_path=items[0].source_path, n_pages=7, status="ok", seconds=1.0, message=""))
    q.close()
    assert quiet.getvalue() == ""
