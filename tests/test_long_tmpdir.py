"""A long $TMPDIR (deep CI workspaces, pytest-xdist's tmp_path) must not stop a run: the worker
pool's AF_UNIX sockets would not fit their 107-byte path there."""
from __future__ import annotations

from conftest import SMALL_PDF, rows_of, run_extract


def test_a_run_works_under_a_tmpdir_too_long_for_a_socket_path(tmp_path):
    deep = tmp_path / ("t" * 60) / ("m" * 60)
    deep.mkdir(parents=True)
    assert len(str(deep)) > 107
    r = run_extract([SMALL_PDF, "-o", tmp_path / "out", "-q", "--workers", "2"], env={"TMPDIR": str(deep)})
    assert r.returncode == 0, r.stderr
    assert [row["status"] for row in rows_of(tmp_path / "out", "reports")] == ["ok"]
    assert list(deep.iterdir()) == []  # nothing left in the user's TMPDIR either
