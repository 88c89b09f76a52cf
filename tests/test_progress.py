"""Progress by pages: counted at plan time, estimated while files are read, ETA from the start,
the file being read on the bar, and "1 file" not "1 files". A fake clock: nothing is timed."""
from __future__ import annotations

import io
from types import SimpleNamespace

import pytest

from extractor.cli.progress import PRIOR_RATE, Progress, count_pages
from tests.conftest import make_long_pdf


class Clock:
    def __init__(self):
        self.t = 100.0

    def __call__(self):
        return self.t


def item(path):
    return SimpleNamespace(source_path=str(path), action="extract")


def result(path, pages, status="ok"):
    return SimpleNamespace(source_path=str(path), n_pages=pages, status=status, seconds=1.0, message="")


def test_pages_are_counted_at_plan_time(tmp_path):
    a, b = make_long_pdf(tmp_path / "a.pdf", 4), make_long_pdf(tmp_path / "b.pdf", 10)
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf" * 100)
    counts = count_pages([str(a), str(b), str(junk), str(tmp_path / "missing.pdf")])
    assert counts[str(a)] == 4 and counts[str(b)] == 10
    assert counts[str(junk)] >= 1 and counts[str(tmp_path / "missing.pdf")] == 1  # by size, never zero


def test_the_bar_moves_by_pages_before_any_file_is_done(tmp_path):
    a, b, c = (make_long_pdf(tmp_path / f"{n}.pdf", k) for n, k in (("a", 20), ("b", 10), ("c", 30)))
    clock = Clock()
    p = Progress(stream=io.StringIO(), tty=False, workers=2, clock=clock)
    p.plan([item(a), item(b), item(c)])
    assert p.total_pages() == 60 and p.reading() == "b.pdf +1"  # two workers: a and b start
    assert p.pages_read() == 0 and p.eta() == 60 / (PRIOR_RATE * 2)  # an ETA at once
    clock.t += 2
    assert p.pages_read() == 2 * 2 * PRIOR_RATE  # estimated, before any result
    clock.t += 100
    assert p.pages_read() == 0.95 * 20 + 0.95 * 10  # never claims a running file is done
    p.result(result(b, 10))  # b done after 102 s: c starts; the measured rate replaces the prior
    assert p.pages == 10 and p.reading() == "c.pdf +1" and p.worker_rate() == 10 / 102
    assert p.pages_read() == pytest.approx(10 + 102 * 10 / 102)  # a at the measured rate; c just started
    p.result(result(a, 20))
    p.result(result(c, 30))
    assert p.pages_read() == 60 and p.eta() == 0 and p.reading() == ""


def test_plain_lines_and_one_file_wording(tmp_path):
    a = make_long_pdf(tmp_path / "a.pdf", 3)
    stream = io.StringIO()
    p = Progress(stream=stream, tty=False, workers=4, clock=Clock())
    p.plan([item(a)])
    p.result(result(a, 3))
    out = stream.getvalue()
    assert out.startswith("1 file: 1 to extract, 0 reused (~3 pages)")
    assert "[1/1]" in out and "a.pdf: ok, 3 pages" in out and "ETA 0:00:00" in out


def test_the_bar_names_the_file_being_read(tmp_path):
    a, b = make_long_pdf(tmp_path / "first.pdf", 5), make_long_pdf(tmp_path / "second.pdf", 5)
    stream = io.StringIO()
    p = Progress(stream=stream, tty=True, workers=1, clock=Clock())
    p.plan([item(a), item(b)])
    p._update()
    p._bar.refresh()
    assert "first.pdf" in stream.getvalue() and "0 pages" in stream.getvalue()
    p.result(result(a, 5))
    p._bar.refresh()
    p.close()
    assert "second.pdf" in stream.getvalue() and "1/2 files" in stream.getvalue()


def test_the_summary_says_1_file():
    from extractor.batch import BatchSummary
    one = BatchSummary(results=[result("a.pdf", 3)], actions=["extracted"])
    assert one.line().startswith("1 file: 1 ok")
    two = BatchSummary(results=[result("a.pdf", 3)] * 2, actions=["extracted"] * 2)
    assert two.line().startswith("2 files: 2 ok")
