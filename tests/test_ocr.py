"""OCR of image-only pages: a corpus report whose pages are replaced by pictures of themselves
(rendered with pdfium, written back with reportlab: no text layer, no outline) must come out
with the same sections as its text version, scored against the same gold."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, extract_command, rows_of

try:
    import rapidocr_onnxruntime  # noqa: F401
except ImportError:
    if os.environ.get("CI"):
        raise RuntimeError('CI must install the `ocr` extra: pip install -e ".[test,ocr]"') from None
    pytest.skip("the `ocr` extra is not installed", allow_module_level=True)

SHARED = Path(os.environ.get("EXTRACT_SHARED", REPO.parent / "shared"))  # ../shared, as in CI
SCORER = SHARED / "eval" / "score.py"
GOLD = SHARED / "gold"
REPORT = CORPUS / "wolverhampton-wst-arrangements-2019.pdf"  # 11 pages: the CI-sized case
SCAN_SCALE = 2.0  # 144 dpi, a common scanning resolution


def image_only_pdf(src: Path, dst: Path, scale: float = SCAN_SCALE, pages: set[int] | None = None) -> Path:
    """`src` with every page (or those in `pages`, 1-based) replaced by its rendered image;
    other pages are redrawn from their text so the file has one kind of page each."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = pdfium.PdfDocument(str(src))
    c = canvas.Canvas(str(dst))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            w, h = page.get_size()
            c.setPageSize((w, h))
            image = page.render(scale=scale, rev_byteorder=True).to_pil().convert("RGB")
            buf = io.BytesIO()
            image.save(buf, format="PNG")
            buf.seek(0)
            c.drawImage(ImageReader(buf), 0, 0, w, h)
            c.showPage()
    finally:
        pdf.close()
    c.save()
    return dst


def _score(out: Path, doc: str) -> dict:
    proc = subprocess.run([sys.executable, str(SCORER), str(out), str(GOLD / "word"), str(GOLD / "semantic"),
                           "--doc", doc, "--json"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _text_pdf(path: Path, lines: list[tuple[float, float, str, str, float]]) -> Path:
    """One A4 page of (x, y from the top, font, text, size) lines."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for x, y, font, text, size in lines:
        c.setFont(font, size)
        c.drawString(x, A4[1] - y, text)
    c.showPage()
    c.save()
    return path


def test_ocr_words_stand_where_the_text_was_printed(tmp_path):
    """A page with known words, turned into a picture: OCR gives the same words, flagged as
    OCR with a confidence, at the positions and sizes of the text layer."""
    import pdfplumber

    from extractor.ingest.ocr import ocr_page

    text = _text_pdf(tmp_path / "text.pdf", [
        (72, 100, "Helvetica-Bold", "Annual Report of the Partnership", 18),
        (72, 140, "Helvetica", "Partners met every quarter to review early help services.", 11),
        (72, 156, "Helvetica", "Attendance at the Board was 85% across the year.", 11),
    ])
    scan = image_only_pdf(text, tmp_path / "scan.pdf")
    with pdfplumber.open(scan) as pdf:
        assert pdf.pages[0].chars == [] and pdf.pages[0].images
    with pdfplumber.open(text) as pdf:
        truth = pdf.pages[0].extract_words(extra_attrs=["size"])
    words = ocr_page(str(scan), 1)
    assert all(w.ocr and 0.5 < w.confidence <= 1.0 for w in words)
    assert [w.text for w in words] == [t["text"] for t in truth]
    for w, t in zip(words, truth):
        assert abs(w.x0 - t["x0"]) < 4 and abs(w.x1 - t["x1"]) < 4, (w, t)
        assert abs(w.bottom - t["bottom"]) < 3, (w, t)
        assert abs(w.size - t["size"]) <= 0.12 * t["size"], (w, t)  # x-heights differ by typeface
    assert len({w.size for w in words[5:]}) == 1  # one body size, not one per line


def test_ruling_lines_of_a_scanned_table_are_found(tmp_path):
    """A ruled grid in a picture gives the ruling lines a text PDF would have (tables are found
    from them), and the letters inside its cells give none."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from extractor.ingest.ocr import MEASURE, SCALE, render, rules_from_image

    text = tmp_path / "grid.pdf"
    c = canvas.Canvas(str(text), pagesize=A4)
    c.setLineWidth(0.75)
    ys, xs = [200, 220, 240, 260], [72, 300, 450]
    for y in ys:
        c.line(xs[0], A4[1] - y, xs[-1], A4[1] - y)
    for x in xs:
        c.line(x, A4[1] - ys[0], x, A4[1] - ys[-1])
    c.setFont("Helvetica-Bold", 12)
    for i, y in enumerate(ys[:-1]):
        c.drawString(76, A4[1] - y - 15, f"Contributing agency number {i} with a long name")
    c.showPage()
    c.save()
    scan = image_only_pdf(text, tmp_path / "scan.pdf")
    scale = SCALE * MEASURE
    rules = rules_from_image(render(str(scan), 1, scale), scale)
    across = [r for r in rules if r.horizontal]
    down = [r for r in rules if not r.horizontal]
    assert [round((r.top + r.bottom) / 2) for r in sorted(across, key=lambda r: r.top)] == ys
    assert [round((r.x0 + r.x1) / 2) for r in sorted(down, key=lambda r: r.x0)] == xs
    assert all(abs(r.x0 - 72) < 2 and abs(r.x1 - 450) < 2 for r in across)


def test_missed_spaces_come_back_from_blank_columns():
    """The recogniser sometimes runs two words together; a blank column of the image between
    two of its characters splits them again, and nowhere else."""
    from extractor.ingest.ocr import OcrLine, _split_words

    # "beendeveloped." read without its space; 1 box per character, a wide blank at x=47
    chars = tuple((10 + 9 * i + (8 if i >= 4 else 0), 17 + 9 * i + (8 if i >= 4 else 0)) for i in range(14))
    ln = OcrLine("beendeveloped.", 0.97, 10, 0, 141, 20, chars)
    assert [t for t, _ in _split_words(ln, gaps=(47.0,))] == ["been", "developed."]
    assert [t for t, _ in _split_words(ln, gaps=())] == ["beendeveloped."]
    (_, (a0, a1)), (_, (b0, b1)) = _split_words(ln, gaps=(47.0,))
    assert a0 == 10 and a1 < b0 and b1 == chars[-1][1]


@pytest.mark.slow(seconds=45)  # OCR of 11 pages in one worker: the longest test
@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score.py is not beside the repo")
def test_image_only_report_gives_the_sections_of_its_text_version(tmp_path):
    """The acceptance test of OCR: every page of a corpus report replaced by its image (no text
    layer, no outline), extracted with the CLI and scored against the text version's gold."""
    doc = REPORT.stem
    scan_dir = tmp_path / "scan"
    scan_dir.mkdir()
    scan = image_only_pdf(REPORT, scan_dir / REPORT.name)
    out = tmp_path / "out"
    # OCR takes ~3 s of CPU a page: far more on a loaded machine than the default --timeout allows
    proc = subprocess.run([*extract_command(), str(scan), "-o", str(out), "-q", "--timeout", "3000"],
                          capture_output=True, text=True, cwd=REPO, timeout=1200)
    assert proc.returncode == 0, proc.stderr
    report = rows_of(out, "reports")[0]
    assert report["status"] == "ok" and report["pages_needing_ocr"] is None
    assert report["pages_ocr"] == ",".join(str(p) for p in range(1, report["n_pages"] + 1))
    score = _score(out, doc)
    assert score["fields"]["sections"]["f1"] >= 0.90, score["fields"]["sections"]
    assert score["macro_f1_semantic"] >= 0.85, score
    # records found on the pictures cite where they are printed, as on a text page
    people = rows_of(out, "people")
    assert people and all(r["x0"] is not None for r in people)
