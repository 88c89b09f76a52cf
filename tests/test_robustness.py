"""Any input: every bad file ends as one clear stderr line and a `failures` row; the batch goes on.

Each bad input is built here (nothing checked in). One worker-level check per kind
(fast, precise) and one batch through the CLI (stderr, exit status, dataset rows).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import (
    SMALL_PDF,
    encrypt_pdf,
    extract_command,
    make_long_pdf,
    make_pdf,
    rows_of,
    run_extract,
    zero_page_pdf,
)

GOOD_TEXT = ["Safeguarding Partnership Annual Report 2019/20", "Introduction",
             "The partnership met four times this year.", "Priorities for the coming year"]

# name -> (expected status, expected failures (stage, error_type) or None)
EXPECTED = {
    "good.pdf": ("ok", None),
    "zero-bytes.pdf": ("failed", ("ingest", "empty")),
    "text-file.pdf": ("failed", ("ingest", "not_a_pdf")),
    "cut-in-half.pdf": ("failed", ("ingest", "truncated")),
    "corpus-cut-in-half.pdf": ("failed", ("ingest", "truncated")),
    "bad-startxref.pdf": ("ok", None),         # pdfminer/pypdf rebuild the xref: simply read
    "bad-xref-offsets.pdf": ("ok", None),      # every offset wrong: rebuilt by scanning the objects
    "corpus-bad-startxref.pdf": ("ok", None),  # the same with a PDF-1.5 cross-reference stream
    "no-xref-no-trailer.pdf": ("failed", ("ingest", "damaged")),
    "encrypted-empty-password.pdf": ("ok", None),
    "encrypted-password.pdf": ("failed", ("ingest", "encrypted")),
    "encrypted-rc4-password.pdf": ("failed", ("ingest", "encrypted")),
    "image-only-page.pdf": ("partial", ("ingest", "needs_ocr")),
    "zero-pages.pdf": ("failed", ("ingest", "no_pages")),
}
MISSING = "does-not-exist.pdf"
EMPTY_DIR = "folder-without-pdfs"


def build_bad_inputs(d: Path) -> dict[str, Path]:
    """Every kind of input of EXPECTED, written into `d`."""
    d.mkdir(parents=True, exist_ok=True)
    good = make_pdf(d / "good.pdf", [GOOD_TEXT, ["Page two of the report"], ["Page three: contact us"]])
    data = good.read_bytes()
    (d / "zero-bytes.pdf").write_bytes(b"")
    (d / "text-file.pdf").write_text("This is a plain text file that only pretends to be a PDF.\n")
    (d / "cut-in-half.pdf").write_bytes(data[: len(data) // 2])
    corpus = SMALL_PDF.read_bytes()
    (d / "corpus-cut-in-half.pdf").write_bytes(corpus[: len(corpus) // 2])

    sx = data.rindex(b"startxref")
    (d / "bad-startxref.pdf").write_bytes(data[:sx] + b"startxref\n987654\n%%EOF\n")
    xref = data.rindex(b"\nxref")
    table = re.sub(rb"\d{10} 00000 n", b"0000000123 00000 n", data[xref:sx])
    assert table != data[xref:sx]
    (d / "bad-xref-offsets.pdf").write_bytes(data[:xref] + table + data[sx:])
    (d / "no-xref-no-trailer.pdf").write_bytes(data[:xref] + b"\n%%EOF\n")
    csx = corpus.rindex(b"startxref")
    (d / "corpus-bad-startxref.pdf").write_bytes(corpus[:csx] + b"startxref\n12345\n%%EOF\n")

    encrypt_pdf(good, d / "encrypted-empty-password.pdf", user_password="", algorithm="AES-256")
    encrypt_pdf(good, d / "encrypted-password.pdf", user_password="s3cret", algorithm="AES-256")
    encrypt_pdf(good, d / "encrypted-rc4-password.pdf", user_password="s3cret", algorithm="RC4-128")
    make_pdf(d / "image-only-page.pdf", [GOOD_TEXT, None, ["The last page has text again"]])
    zero_page_pdf(d / "zero-pages.pdf")
    (d / EMPTY_DIR).mkdir(exist_ok=True)
    (d / EMPTY_DIR / "notes.txt").write_text("not a pdf\n")
    paths = {name: d / name for name in EXPECTED}
    paths[MISSING] = d / MISSING
    paths[EMPTY_DIR] = d / EMPTY_DIR
    return paths


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory) -> dict[str, Path]:
    return build_bad_inputs(tmp_path_factory.mktemp("bad"))


# --- worker level: one file at a time --------------------------------------------------------

@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_worker_classifies_each_kind(name, bad_inputs, rules):
    from extractor.worker import process_file

    result = process_file(bad_inputs[name], rules)
    status, failure = EXPECTED[name]
    assert result.status == status, (name, result.status, result.message)
    if failure is None:
        assert result.failures == ()
        text = " ".join(f"{s.title or ''} {s.text or ''}" for s in result.rows["sections"])
        if name.startswith("corpus-"):
            assert result.n_pages == 11
            assert "Wolverhampton" in text  # really read, not just opened
        else:
            assert result.n_pages == 3
            assert "partnership met four times" in text
    else:
        assert [(f.stage, f.error_type) for f in result.failures] == [failure]
        f = result.failures[0]
        assert f.source_path == str(bad_inputs[name])
        assert f.message and "\n" not in f.message and len(f.message) < 300
        if status == "failed":
            assert result.message.startswith(f"{failure[1]}: ")


def test_worker_image_only_page_names_the_page(bad_inputs, rules):
    from extractor.worker import process_file

    result = process_file(bad_inputs["image-only-page.pdf"], rules)
    assert result.status == "partial"
    assert "page(s) 2" in result.failures[0].message
    assert result.rows["reports"][0].status == "partial"


@pytest.mark.parametrize("name, error_type", [(MISSING, "not_found"), (EMPTY_DIR, "no_pdf_files")])
def test_worker_missing_and_directory(name, error_type, bad_inputs, rules):
    from extractor.worker import process_file

    result = process_file(bad_inputs[name], rules)
    assert result.status == "failed"
    assert [(f.stage, f.error_type) for f in result.failures] == [("ingest", error_type)]
    assert result.sha256 is None


def test_encrypted_message_is_clear(bad_inputs, rules):
    from extractor.worker import process_file

    result = process_file(bad_inputs["encrypted-password.pdf"], rules)
    assert "password" in result.failures[0].message
    assert result.sha256 is not None  # the file itself was read: it is keyed in the dataset


def test_unreadable_file_as_root_is_simulated(tmp_path, rules, monkeypatch):
    """chmod 000 does not stop root; make `open` refuse instead, as it would for another user."""
    import builtins

    from extractor.ingest import pdf as ingest_pdf
    from extractor.worker import process_file

    target = make_pdf(tmp_path / "locked.pdf", [GOOD_TEXT])
    real_open = builtins.open

    def refusing_open(file, *args, **kwargs):
        if Path(str(file)) == target:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(ingest_pdf, "open", refusing_open, raising=False)
    result = process_file(target, rules)
    assert result.status == "failed"
    assert [(f.stage, f.error_type) for f in result.failures] == [("ingest", "unreadable")]
    assert "Permission denied" in result.failures[0].message


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="running as root: chmod 000 does not block reads (simulated in the test above)")
def test_unreadable_file_chmod(tmp_path, rules_dir):
    target = make_pdf(tmp_path / "locked.pdf", [GOOD_TEXT])
    good = make_pdf(tmp_path / "good.pdf", [GOOD_TEXT])
    target.chmod(0)
    try:
        proc = run_extract([target, good, "-o", tmp_path / "out", "-q"], rules=rules_dir)
    finally:
        target.chmod(0o644)
    assert proc.returncode == 1, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if str(target) in ln]
    assert len(lines) == 1 and "unreadable" in lines[0]
    failures = rows_of(tmp_path / "out", "failures")
    assert [(f["stage"], f["error_type"]) for f in failures] == [("ingest", "unreadable")]


# --- the batch through the CLI ---------------------------------------------------------------

def test_batch_of_bad_inputs(bad_inputs, rules_dir, tmp_path):
    """All kinds in one run: exit 1, one stderr line per bad file, a failures row each, good ones kept."""
    out = tmp_path / "out"
    inputs = [bad_inputs[n] for n in sorted(EXPECTED)] + [bad_inputs[MISSING], bad_inputs[EMPTY_DIR]]
    proc = run_extract([*inputs, "-o", out, "-q"], rules=rules_dir)
    assert proc.returncode == 1, proc.stderr  # some inputs failed, the others are in the dataset
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()

    expected = {str(bad_inputs[n]): v for n, v in EXPECTED.items()}
    expected[str(bad_inputs[MISSING])] = ("failed", ("ingest", "not_found"))
    expected[str(bad_inputs[EMPTY_DIR])] = ("failed", ("ingest", "no_pdf_files"))
    not_ok = {p: v for p, v in expected.items() if v[0] != "ok"}
    for path, (status, (_stage, error_type)) in not_ok.items():
        # one line naming the file (exactly: other names never contain it + a ':' right after)
        mine = [ln for ln in lines if ln.startswith(path + ":")]
        assert len(mine) == 1, (path, lines)
        assert error_type in mine[0] and status in mine[0], mine[0]
    # nothing else but ok lines (quiet: none), the summary, and at most a couple of run-level lines
    other = [ln for ln in lines if not any(ln.startswith(p + ":") for p in not_ok)]
    assert len(other) <= 3, other

    failures = rows_of(out, "failures")
    got = sorted((f["source_path"], f["stage"], f["error_type"]) for f in failures)
    want = sorted((p, v[1][0], v[1][1]) for p, v in not_ok.items())
    assert got == want
    assert all(f["message"] for f in failures)

    reports = {r["source_path"]: r for r in rows_of(out, "reports")}
    for path, (status, _) in expected.items():
        if status in ("ok", "partial"):
            assert reports[path]["status"] == status
            assert reports[path]["n_pages"] == (11 if Path(path).name.startswith("corpus-") else 3)
    # a failed file that could be hashed is in `reports` as failed (keyed by its sha256)
    assert reports[str(bad_inputs["encrypted-password.pdf"])]["status"] == "failed"
    assert str(bad_inputs[MISSING]) not in reports
    sections = rows_of(out, "sections")
    good_id = reports[str(bad_inputs["good.pdf"])]["report_id"]
    assert any(s["report_id"] == good_id for s in sections)


def test_all_inputs_failed_exits_3(bad_inputs, rules_dir, tmp_path):
    out = tmp_path / "out"
    inputs = [bad_inputs[n] for n in ("zero-bytes.pdf", "text-file.pdf", "encrypted-password.pdf", MISSING)]
    proc = run_extract([*inputs, "-o", out, "-q"], rules=rules_dir)
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr
    # the dataset is still written: the failures are data too
    assert sorted(f["error_type"] for f in rows_of(out, "failures")) == \
        ["empty", "encrypted", "not_a_pdf", "not_found"]


def test_one_good_file_exits_0(bad_inputs, rules_dir, tmp_path):
    proc = run_extract([bad_inputs["image-only-page.pdf"], bad_inputs["good.pdf"], "-o", tmp_path / "out", "-q"],
                       rules=rules_dir)
    assert proc.returncode == 0, proc.stderr  # partial counts as read


# --- a very long report: memory stays bounded -------------------------------------------------

PEAK_RSS = textwrap.dedent("""
    import resource, subprocess, sys
    proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux: kilobytes
    print(proc.returncode, peak_kb)
    sys.stderr.write(proc.stderr)
""")


def _peak_rss_mb(args: list[str]) -> tuple[int, float, str]:
    """Run `extract ARGS` as a grandchild; its peak RSS (any of its processes), measured by a
    fresh child so that no earlier test's processes count."""
    proc = subprocess.run([sys.executable, "-c", PEAK_RSS, *extract_command(), *args],
                          capture_output=True, text=True, timeout=600)
    code, kb = proc.stdout.split()
    return int(code), int(kb) / 1024, proc.stderr


@pytest.mark.slow
def test_thousand_pages_memory_is_bounded(tmp_path, rules_dir):
    big = make_long_pdf(tmp_path / "long.pdf", 1000)
    small = make_long_pdf(tmp_path / "short.pdf", 10)
    code_small, mb_small, _ = _peak_rss_mb([str(small), "-o", str(tmp_path / "o1"), "-q", "-w", "1",
                                            "--rules", str(rules_dir)])
    code, mb, err = _peak_rss_mb([str(big), "-o", str(tmp_path / "o2"), "-q", "-w", "1",
                                  "--rules", str(rules_dir)])
    assert code_small == 0 and code == 0, err
    print(f"peak RSS: 10 pages {mb_small:.0f} MB, 1000 pages {mb:.0f} MB")
    assert mb < 600, f"1000 text-light pages peaked at {mb:.0f} MB"
    # pages are streamed: 100x the pages must not cost anywhere near 100x the memory
    assert mb - mb_small < 250, f"10 pages {mb_small:.0f} MB -> 1000 pages {mb:.0f} MB"
    reports = rows_of(tmp_path / "o2", "reports")
    assert reports[0]["n_pages"] == 1000 and reports[0]["status"] == "ok"


@pytest.mark.parametrize("backend,module", [("pdfplumber", "extractor.ingest.pdf"),
                                            ("pdfium", "extractor.ingest.pdfium")])
def test_one_unreadable_page_makes_the_report_partial(tmp_path, monkeypatch, backend, module):
    """A page the PDF library cannot read costs that page only, whichever reader: the report
    is partial, the other pages' text is kept, and a failures row names the page."""
    import importlib

    from extractor.rules import load_rules
    from extractor.worker import process_file

    reader = importlib.import_module(module)
    pdf = make_pdf(tmp_path / "three.pdf", ["First page text about the Board.",
                                            "Second page text.", "Third page text about partners."])
    real = reader.read_page

    def flaky(page, number):
        if number == 2:
            raise ValueError("broken content stream")
        return real(page, number)

    monkeypatch.setattr(reader, "read_page", flaky)
    monkeypatch.setenv("EXTRACT_BACKEND", backend)
    result = process_file(pdf, load_rules())
    assert result.status == "partial"
    [failure] = [f for f in result.failures if f.error_type == "bad_page"]
    assert failure.stage == "ingest" and "page 2" in failure.message and "broken content stream" in failure.message
    text = " ".join(s.text for s in result.rows["sections"])
    assert "Third page text about partners." in text and "Second page text." not in text
