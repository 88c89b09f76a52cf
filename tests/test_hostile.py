"""Hostile inputs of issue 12: each ends as one stderr line and a `failures` row (or is read),
and the batch goes on. Every input is built here.

Kinds: a FIFO named x.pdf, a symlink to /dev/zero, a file name that is not UTF-8, a
decompression bomb, text decoding to a lone surrogate, a rules file with a bad regex, a flat
outline of 1,000 bookmarks, a folder without PDFs.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from conftest import make_pdf, rows_of, run_extract

TEXT = ["Safeguarding Children Partnership Annual Report 2020/21", "Introduction",
        "The partnership met four times this year."]


# --- hand-written PDFs ----------------------------------------------------------------------

def raw_pdf(path: Path, objects: list[bytes]) -> Path:
    """A well-formed PDF from object bodies (object 1 is the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def one_page(content: bytes, font: bytes = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
             more: list[bytes] = (), content_extra: bytes = b"") -> list[bytes]:
    return [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
            b"/Contents 5 0 R >>",
            font, stream(content, content_extra), *more]


def zeros_zlib(megabytes: int) -> bytes:
    """A zlib stream that inflates to `megabytes` MB of zero bytes, built in milliseconds: after a
    full flush the compressor's output for the next 1 MB of zeros is always the same bytes."""
    mb = b"\0" * (1 << 20)
    c = zlib.compressobj(9)
    head = c.compress(mb) + c.flush(zlib.Z_FULL_FLUSH)
    body = c.compress(mb) + c.flush(zlib.Z_FULL_FLUSH)
    assert body == c.compress(mb) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.flush()[:-4]  # the final empty block, without the checksum of what was really fed
    adler = 1
    for _ in range(megabytes):
        adler = zlib.adler32(mb, adler)
    return head + body * (megabytes - 1) + end + struct.pack(">I", adler)


def test_zeros_zlib_inflates_to_what_it_says():
    assert zlib.decompress(zeros_zlib(5)) == b"\0" * (5 << 20)


def bomb_pdf(path: Path, megabytes: int) -> Path:
    """One page whose content stream (a few MB of FlateDecode) inflates to `megabytes` MB."""
    return raw_pdf(path, one_page(zeros_zlib(megabytes), content_extra=b"/Filter /FlateDecode"))


SURROGATE_CMAP = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Surrogate def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
1 beginbfrange
<41> <41> [55296]
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end"""


def surrogate_pdf(path: Path) -> Path:
    """Helvetica text whose ToUnicode map sends the code of `A` to U+D800 (a lone surrogate)."""
    content = (b"BT /F1 14 Tf 72 760 Td (Safeguarding Partnership Annual Report) Tj ET\n"
               b"BT /F1 11 Tf 72 720 Td (The Board met four times. Agencies) Tj ET\n"
               b"BT /F1 11 Tf 72 700 Td (worked together on neglect and exploitation.) Tj ET")
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    return raw_pdf(path, one_page(content, font=font, more=[stream(SURROGATE_CMAP)]))


def flat_outline_pdf(path: Path, n: int) -> Path:
    """`n` pages, one bookmark per page, all siblings at the top level (a flat outline)."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for i in range(1, n + 1):
        c.bookmarkPage(f"p{i}")
        c.addOutlineEntry(f"Section {i} title", f"p{i}", level=0)
        c.setFont("Helvetica-Bold", 14)
        c.drawString(72, 780, f"Section {i} title")
        c.setFont("Helvetica", 10)
        c.drawString(72, 750, f"Body text of section {i} about the partnership.")
        c.showPage()
    c.save()
    return path


# --- item 3: FIFO and symlink to /dev/zero --------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="POSIX only")
def test_fifo_and_dev_zero_symlink_fail_fast(tmp_path, rules_dir):
    good = make_pdf(tmp_path / "good.pdf", [TEXT])
    fifo = tmp_path / "x.pdf"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.pdf"
    zero.symlink_to("/dev/zero")
    proc = run_extract([good, fifo, zero, "-o", tmp_path / "out", "-q", "-w", "1"], rules=rules_dir, timeout=100)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    failures = {Path(f["source_path"]).name: f["error_type"] for f in rows_of(tmp_path / "out", "failures")}
    assert failures == {"x.pdf": "not_a_file", "zero.pdf": "not_a_file"}
    for name in ("x.pdf", "zero.pdf"):
        assert len([ln for ln in proc.stderr.splitlines() if ln.startswith(str(tmp_path / name) + ":")]) == 1
    assert [r["status"] for r in rows_of(tmp_path / "out", "reports")] == ["ok"]


def test_fifo_in_a_folder_is_not_an_input(tmp_path):
    from extractor.cli.main import expand_inputs

    d = tmp_path / "in"
    make_pdf(d / "a.pdf", [TEXT])
    os.mkfifo(d / "x.pdf")
    (d / "zero.pdf").symlink_to("/dev/zero")
    assert expand_inputs([d]) == [str(d / "a.pdf")]


def test_hashing_a_fifo_does_not_block(tmp_path):
    """Hashing runs in the parent, before any worker: it must not open a FIFO (blocks until a
    writer comes) nor read /dev/zero (never ends). Run in a thread so a hang fails the test."""
    import threading

    from extractor.store.incremental import sha256_file

    os.mkfifo(tmp_path / "x.pdf")
    (tmp_path / "zero.pdf").symlink_to("/dev/zero")
    got = {}
    t = threading.Thread(target=lambda: got.update(
        fifo=sha256_file(str(tmp_path / "x.pdf")), zero=sha256_file(str(tmp_path / "zero.pdf"))), daemon=True)
    t.start()
    t.join(60)
    assert not t.is_alive(), "hashing blocked on a FIFO or /dev/zero"
    assert got == {"fifo": None, "zero": None}


# --- item 4: a file name that is not UTF-8 --------------------------------------------------

def test_non_utf8_file_name_is_kept_escaped(tmp_path, rules_dir):
    good = make_pdf(tmp_path / "good.pdf", [TEXT])
    raw = os.fsencode(tmp_path) + b"/caf\xe9 report \xff.pdf"
    shutil.copyfile(good, raw)
    out = tmp_path / "out"
    proc = run_extract([os.fsdecode(raw), good, "-o", out, "-q", "-w", "1"], rules=rules_dir)
    assert proc.returncode == 0, proc.stderr
    paths = sorted(r["source_path"] for r in rows_of(out, "reports"))
    escaped = str(tmp_path) + "/caf\\xe9 report \\xff.pdf"
    # the same bytes under two names: one report (the first path), the other one in the manifest
    assert paths == [escaped]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"][0]["also"] == [str(good)]
    (tmp_path / "good.pdf").unlink()
    make_pdf(tmp_path / "other.pdf", [TEXT + ["A different report."]])
    proc = run_extract([os.fsdecode(raw), tmp_path / "other.pdf", "-o", out, "-q", "-w", "1"], rules=rules_dir)
    assert proc.returncode == 0, proc.stderr
    assert escaped in [r["source_path"] for r in rows_of(out, "reports")]
    assert "\\xff" in (out / "reports.csv").read_text(encoding="utf-8")


def test_non_utf8_missing_file_is_a_failure_row(tmp_path, rules_dir):
    good = make_pdf(tmp_path / "good.pdf", [TEXT])
    missing = os.fsdecode(os.fsencode(tmp_path) + b"/gone-\xff.pdf")
    proc = run_extract([good, missing, "-o", tmp_path / "out", "-q", "-w", "1"], rules=rules_dir)
    assert proc.returncode == 1, proc.stderr
    [f] = rows_of(tmp_path / "out", "failures")
    assert f["source_path"].endswith("gone-\\xff.pdf") and f["error_type"] == "not_found"


# --- item 5: a decompression bomb -----------------------------------------------------------

def test_decompression_bomb_fails_as_too_large(tmp_path, rules_dir):
    bomb = bomb_pdf(tmp_path / "bomb.pdf", 2048)  # ~2 MB on disk, 2 GB inflated
    assert bomb.stat().st_size < 4 << 20
    good = make_pdf(tmp_path / "good.pdf", [TEXT])
    out = tmp_path / "out"
    proc = run_extract([bomb, good, "-o", out, "-q", "-w", "1", "--max-memory", "900"], rules=rules_dir,
                       timeout=250)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    [f] = rows_of(out, "failures")
    assert (Path(f["source_path"]).name, f["error_type"]) == ("bomb.pdf", "too_large")
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith(str(bomb) + ":")]
    assert len(lines) == 1 and "too_large" in lines[0]
    statuses = {Path(r["source_path"]).name: r["status"] for r in rows_of(out, "reports")}
    assert statuses == {"bomb.pdf": "failed", "good.pdf": "ok"}  # the batch went on, in the same worker slot


def test_memory_ceiling_default_is_sized_to_the_machine():
    from extractor.batch import default_memory_limit

    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    one, two = default_memory_limit(1), default_memory_limit(2)
    assert 1 << 30 <= two <= one <= 3 << 30
    assert two <= max(1 << 30, total * 0.8 / 2)


# --- item 8: a lone surrogate in the text ---------------------------------------------------

def test_pdfium_reads_the_letter_behind_a_surrogate_map(tmp_path, rules, monkeypatch):
    """PDFium ignores a ToUnicode entry that is not a code point and falls back to the font's
    own encoding: the text is right and nothing needs replacing."""
    from extractor.worker import process_file

    monkeypatch.setenv("EXTRACT_BACKEND", "pdfium")
    result = process_file(surrogate_pdf(tmp_path / "surrogate.pdf"), rules)
    text = " ".join(s.title + " " + s.text for s in result.rows["sections"])
    assert "Annual Report" in text and "Agencies" in text
    assert not re.search("[\ud800-\udfff\ufffd]", text)
    assert result.status == "ok" and result.replaced_chars == 0


def test_lone_surrogate_is_replaced_and_counted(tmp_path, rules_dir, rules, monkeypatch):
    """pdfplumber passes the lone surrogate on: the worker replaces and counts it."""
    from extractor.worker import process_file

    monkeypatch.setenv("EXTRACT_BACKEND", "pdfplumber")  # the CLI run below inherits it
    pdf = surrogate_pdf(tmp_path / "surrogate.pdf")
    result = process_file(pdf, rules)
    text = " ".join(s.title + " " + s.text for s in result.rows["sections"])
    assert "\ufffd" in text and not re.search("[\ud800-\udfff]", text)
    assert result.replaced_chars >= 2  # the capital A of "Annual" and of "Agencies"
    assert result.status == "partial"
    assert [f.error_type for f in result.failures] == ["invalid_text"]
    assert str(result.replaced_chars) in result.failures[0].message

    good = make_pdf(tmp_path / "good.pdf", [TEXT])
    out = tmp_path / "out"
    proc = run_extract([pdf, good, "-o", out, "-q", "-w", "1"], rules=rules_dir)
    assert proc.returncode == 0, proc.stderr  # partial counts as read; the batch was not ended
    statuses = {Path(r["source_path"]).name: r["status"] for r in rows_of(out, "reports")}
    assert statuses == {"surrogate.pdf": "partial", "good.pdf": "ok"}
    manifest = json.loads((out / "manifest.json").read_text())
    assert {Path(f["source_path"]).name: f.get("replaced_chars") for f in manifest["files"]} == \
        {"surrogate.pdf": result.replaced_chars, "good.pdf": None}


# --- item 9: a bad regular expression in a rules file ---------------------------------------

@pytest.mark.parametrize("file, old, new, key", [
    ("priorities.yml", r"^numbered: ", "numbered: '(unclosed'\nold_numbered: ", "numbered"),
    ("partners.yml", r"^  - \{regex: \"\(\?:NHS \)\?\{place\} Clinical", "  - {regex: \"[z-a]{place} Clinical",
     "patterns.0.regex"),
])
def test_invalid_regex_in_rules_stops_the_run(tmp_path, rules_dir, file, old, new, key):
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir, rules)
    f = rules / file
    text, n = re.subn(old, new, f.read_text(), count=1, flags=re.M)
    assert n == 1
    f.write_text(text)
    from extractor.errors import RulesError
    from extractor.rules import load_rules

    with pytest.raises(RulesError, match="invalid regular expression"):
        load_rules(rules)
    pdf = make_pdf(tmp_path / "r.pdf", [TEXT])
    proc = run_extract([pdf, "-o", tmp_path / "out", "-q", "-w", "1"], rules=rules)
    assert proc.returncode == 4, proc.stderr
    err = proc.stderr.strip()
    assert len(err.splitlines()) == 1 and str(f) in err and f"key {key}:" in err, err
    assert not (tmp_path / "out").exists()


def test_every_shipped_pattern_compiles(rules_dir):
    from extractor.rules import REGEX_KEYS, _values, load_rules

    rules = load_rules(rules_dir)
    found = {name: sum(1 for d in keys for _ in _values(rules.files[name], d.split(".")))
             for name, keys in REGEX_KEYS.items()}
    assert all(found.values()), found  # every listed key exists in the shipped rules


# --- item 14: a flat outline of 1,000 bookmarks ---------------------------------------------

def test_flat_outline_of_a_thousand_entries_is_read(tmp_path):
    import pdfplumber

    from extractor.ingest.pdf import read_outline

    pdf = flat_outline_pdf(tmp_path / "flat.pdf", 1000)
    with pdfplumber.open(pdf) as p:
        outline = read_outline(p)
    assert len(outline) == 1000
    assert [(e.level, e.title, e.page) for e in outline[:2]] == [(1, "Section 1 title", 1), (1, "Section 2 title", 2)]
    assert outline[-1].page == 1000 and outline[-1].title == "Section 1000 title"


def test_outline_that_loops_is_cut(tmp_path):
    """/Next pointing back to an earlier bookmark: read once each, no hang."""
    import pdfplumber

    from extractor.ingest.pdf import read_outline

    pdf = flat_outline_pdf(tmp_path / "flat.pdf", 3)
    data = pdf.read_bytes()
    with pdfplumber.open(pdf) as p:
        first = p.doc.catalog["Outlines"].resolve()["First"]
        last = p.doc.catalog["Outlines"].resolve()["Last"]
    # make the last bookmark's /Prev a /Next back to the first one (same length)
    m = re.search(rb"%d 0 obj\s*<<(.*?)>>\s*endobj" % last.objid, data, flags=re.S)
    body = m.group(1)
    prev = re.search(rb"/Prev \d+ 0 R", body).group(0)
    loop = (b"/Next %d 0 R" % first.objid).ljust(len(prev))
    looped = data[:m.start(1)] + body.replace(prev, loop) + data[m.end(1):]
    (tmp_path / "loop.pdf").write_bytes(looped)
    with pdfplumber.open(tmp_path / "loop.pdf") as p:
        outline = read_outline(p)
    assert [e.title for e in outline] == ["Section 1 title", "Section 2 title", "Section 3 title"]


# --- item 15: a folder without PDFs ---------------------------------------------------------

def test_folder_without_pdfs_says_so(tmp_path, rules_dir):
    good = make_pdf(tmp_path / "good.pdf", [TEXT])
    empty = tmp_path / "reports-2020"
    empty.mkdir()
    (empty / "notes.txt").write_text("no pdf here\n")
    proc = run_extract([good, empty, "-o", tmp_path / "out", "-q", "-w", "1"], rules=rules_dir)
    assert proc.returncode == 1, proc.stderr
    [line] = [ln for ln in proc.stderr.splitlines() if ln.startswith(str(empty) + ":")]
    assert f"no PDF files in {empty}" in line and "is a directory" not in line
    [f] = rows_of(tmp_path / "out", "failures")
    assert f["error_type"] == "no_pdf_files" and f["message"] == f"no PDF files in {empty}"
