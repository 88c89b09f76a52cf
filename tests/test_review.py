"""Provenance a reviewer can see: every quoted record carries the box of its quote on its page,
and `extract review` writes a self-contained page that shows it, checked in a real headless
Chromium (no console message, DOM counts, filters from the address, a screenshot artefact)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, SECOND_PDF, SMALL_PDF, rows_of, run_extract

RECORD_TABLES = ("priorities", "recommendations", "mentions", "people", "funding", "attendance", "metrics")
ARTEFACTS = Path(os.environ.get("TEST_ARTIFACTS", REPO / "test-artifacts"))


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    """Two corpus reports (one with a funding table) extracted with the CLI."""
    out = tmp_path_factory.mktemp("review") / "out"
    proc = run_extract([SMALL_PDF, SECOND_PDF, "-o", out, "-q"], cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    return out


def _quoted(out: Path) -> list[tuple[str, dict]]:
    return [(t, r) for t in RECORD_TABLES for r in rows_of(out, t) if r.get("quote")]


def test_quoted_rows_carry_the_box_of_their_quote(dataset):
    import pdfplumber

    rows = _quoted(dataset)
    assert len(rows) > 50
    boxed = [(t, r) for t, r in rows if r["x0"] is not None]
    assert len(boxed) >= 0.95 * len(rows), [r["quote"] for t, r in rows if r["x0"] is None]
    paths = {r["report_id"]: REPO / r["source_path"] for r in rows_of(dataset, "reports")}
    checked = 0
    for path_id, path in paths.items():
        with pdfplumber.open(path) as pdf:
            for t, r in boxed:
                if r["report_id"] != path_id:
                    continue
                page = pdf.pages[r.get("page", r.get("first_page")) - 1]
                assert 0 <= r["x0"] < r["x1"] <= page.width and 0 <= r["top"] < r["bottom"] <= page.height
                # the words inside the box are the quote's (the box is where it is printed)
                inside = page.within_bbox((r["x0"] - 1, r["top"] - 1, r["x1"] + 1, r["bottom"] + 1)).extract_text()

                def norm(s: str) -> str:
                    return re.sub(r"[^\w]", "", s.casefold())
                assert norm(r["quote"].split()[0]) in norm(inside), (t, r["quote"], inside)
                assert norm(r["quote"].split()[-1]) in norm(inside), (t, r["quote"], inside)
                checked += 1
    assert checked == len(boxed)


def test_quote_box_finds_a_wrapped_quote_and_refuses_an_absent_one():
    from extractor.ingest.records import Word
    from extractor.normalise.locate import quote_box, reading_rows

    def w(text, x0, top):
        return Word(text, x0, x0 + 6 * len(text), top, top + 10, "F", 10, False, "")
    # two columns: the left one's lines are interleaved with the right one's in row order
    words = reading_rows([w("Chair", 72, 100), w("of", 110, 100), w("the", 130, 100), w("Other", 300, 100),
                          w("column", 340, 100), w("Board:", 72, 112), w("Jane", 120, 112), w("Dill-", 150, 112),
                          w("text", 300, 112), w("Russell", 72, 124), w("more", 300, 124)])
    assert quote_box("Chair of the Board: Jane Dill-Russell", words) == (72, 100, 180, 134)
    assert quote_box("Treasurer of the partnership", words) is None
    # two table rows that start alike: the box is the row that holds the whole quote
    rows = reading_rows([w("Wolverhampton", 72, 200), w("City", 160, 200), w("Council", 190, 200),
                         w("Wolverhampton", 72, 212), w("Clinical", 160, 212), w("Group", 210, 212)])
    assert quote_box("Wolverhampton Clinical Group", rows) == (72, 212, 240, 222)
    assert quote_box("", words) is None


def test_review_page_is_self_contained(dataset, tmp_path):
    target = tmp_path / "review.html"
    proc = run_extract(["review", dataset, "-o", target], cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    page = target.read_text(encoding="utf-8")
    # nothing is fetched: every image is inline, no script or style comes from elsewhere
    assert not re.search(r"""(src|href)=["'](?!#|data:)""", page)
    assert not re.search(r"url\((?!data:)", page)
    assert page.count('<article class="record"') == len(_quoted(dataset)) + sum(
        1 for t in RECORD_TABLES for r in rows_of(dataset, t) if not r.get("quote"))
    assert page.count('class="hl"') == sum(1 for _, r in _quoted(dataset) if r["x0"] is not None)


def test_review_refuses_a_folder_that_is_not_a_dataset(tmp_path):
    proc = run_extract(["review", tmp_path, "-o", tmp_path / "r.html"], cwd=REPO)
    assert proc.returncode == 2 and "not a dataset" in proc.stderr
    assert not (tmp_path / "r.html").exists()


# ---------------------------------------------------------------------------------------------
# in a real browser


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


@pytest.fixture(scope="module")
def browser() -> str:
    found = _chromium()
    if not found:
        if os.environ.get("CI"):
            pytest.fail("CI must install Chromium (apt-get install -y chromium) for the review page test")
        pytest.skip("no Chromium on this machine")
    return found


def _chrome(browser: str, *args: str) -> subprocess.CompletedProcess:
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def _console(stderr: str) -> list[str]:
    """What the page wrote to the console (errors, warnings, logs, failed loads)."""
    return [ln for ln in stderr.splitlines() if ":CONSOLE" in ln]


@pytest.fixture(scope="module")
def review_page(dataset, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("page") / "review.html"
    proc = run_extract(["review", dataset, "-o", target], cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    return target


def test_review_page_in_headless_chromium(browser, dataset, review_page):
    proc = _chrome(browser, "--dump-dom", review_page.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _console(proc.stderr) == []
    dom = proc.stdout
    assert 'data-ready="true"' in dom  # the script ran to its end
    n = len(re.findall(r'<article class="record"', dom))
    assert n == sum(len(rows_of(dataset, t)) for t in RECORD_TABLES)
    assert re.search(r'id="n-shown">(\d+)<', dom).group(1) == str(n)
    assert len(re.findall(r'<div class="hl" style="left:\d+px;top:\d+px;width:\d+px;height:\d+px"', dom)) > 0
    assert " hidden" not in dom.split("<section", 1)[1]  # nothing filtered out


def test_review_filters_from_the_address(browser, dataset, review_page):
    rid = next(r["report_id"] for r in rows_of(dataset, "reports") if Path(r["source_path"]).name == SECOND_PDF.name)
    funding = [r for r in rows_of(dataset, "funding") if r["report_id"] == rid]
    assert funding
    proc = _chrome(browser, "--dump-dom", review_page.as_uri() + f"#report={rid}&table=funding")
    assert _console(proc.stderr) == []
    dom = proc.stdout
    assert re.search(r'id="n-shown">(\d+)<', dom).group(1) == str(len(funding))
    shown = re.findall(r'<article class="record" data-table="(\w+)" data-report="(\w+)"[^>]*>', dom)
    visible = [(t, r) for (t, r), tag in zip(shown, re.findall(r'<article class="record"[^>]*>', dom))
               if "hidden" not in tag]
    assert visible and all(v == ("funding", rid) for v in visible)
    assert len(visible) == len(funding)


def test_review_shows_one_page_from_the_address(browser, dataset, review_page):
    rows = [r for t in RECORD_TABLES for r in rows_of(dataset, t)]
    rid, page = max({(r["report_id"], r.get("page", r.get("first_page"))) for r in rows},
                    key=lambda k: sum(1 for r in rows if (r["report_id"], r.get("page", r.get("first_page"))) == k))
    expected = sum(1 for r in rows if (r["report_id"], r.get("page", r.get("first_page"))) == (rid, page))
    proc = _chrome(browser, "--dump-dom", review_page.as_uri() + f"#report={rid}&page={page}")
    assert _console(proc.stderr) == []
    assert re.search(r'id="n-shown">(\d+)<', proc.stdout).group(1) == str(expected)


def test_review_screenshot(browser, dataset, review_page):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTEFACTS / "review.png"
    shot.unlink(missing_ok=True)
    proc = _chrome(browser, "--window-size=1280,1500", f"--screenshot={shot}", review_page.as_uri() + "#table=funding")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _console(proc.stderr) == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
