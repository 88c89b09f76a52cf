"""Ingest of pages that are not plain upright text (issue 12, items 10 and 11), on both backends.

Rotated pages (/Rotate 90, or text drawn turned on the page) are read upright; a text layer
of glyph codes without characters (a Type0 font with no ToUnicode map) is marked like an
image page (needs OCR) and never stored as text.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from builders import words
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractor.ingest import open_document
from extractor.pipeline import build_document

W, H = A4
HEADINGS = ("Introduction", "Governance and accountability", "Learning from reviews")


def _report(c: canvas.Canvas, width: float, height: float) -> None:
    """Three bold headings, each over a paragraph of body text, drawn in the current frame."""
    y = height - 80
    for i, title in enumerate(HEADINGS):
        c.setFont("Helvetica-Bold", 15)
        c.drawString(72, y, title)
        y -= 22
        c.setFont("Helvetica", 10)
        for k in range(5):
            c.drawString(72, y, words(12, 5 * i + k) + ".")
            y -= 14
        y -= 12


def page_rotate_pdf(path: Path, rotate: int) -> Path:
    """A page turned by /Rotate whose text is drawn turned the other way, so that the viewer
    shows it upright (reportlab lays the media box landscape: H wide, W tall)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setPageRotation(rotate)
    c.saveState()
    if rotate == 90:  # the viewer turns the page clockwise: draw turned anticlockwise
        c.translate(H, 0)
        c.rotate(90)
    else:  # 270
        c.translate(0, W)
        c.rotate(-90)
    _report(c, W, H)
    c.restoreState()
    c.showPage()
    c.save()
    return path


def turned_text_pdf(path: Path) -> Path:
    """A portrait page, no /Rotate, whose whole text is drawn turned 90 degrees (a landscape
    page set sideways), plus one upright page number."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.saveState()
    c.translate(W, 0)
    c.rotate(90)
    _report(c, H, W)
    c.restoreState()
    c.setFont("Helvetica", 9)
    c.drawString(W / 2, 30, "7")
    c.showPage()
    c.save()
    return path


def rotated_only_pdf(path: Path) -> Path:
    """/Rotate 90 on a page drawn upright in its own space: the viewer shows it sideways."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setPageRotation(90)  # (media box H wide, W tall)
    _report(c, H, W)
    c.showPage()
    c.save()
    return path


def _pdf_string(s: bytes) -> bytes:
    return s.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def undecodable_pdf(path: Path) -> Path:
    """One page of text in a Type0 (Identity-H) font with no ToUnicode map and no embedded
    font program: glyph ids with no known characters. Written object by object."""
    lines = []
    for i in range(12):
        codes = bytes(b for k in range(30) for b in (0, 36 + (7 * i + 3 * k) % 60))
        lines.append(b"BT /F1 11 Tf 72 %d Td (%s) Tj ET" % (760 - 16 * i, _pdf_string(codes)))
    stream = b"\n".join(lines)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+NoMapSans /Encoding /Identity-H "
        b"/DescendantFonts [5 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+NoMapSans "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 "
        b"/FontDescriptor << /Type /FontDescriptor /FontName /ABCDEF+NoMapSans /Flags 4 "
        b"/FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))
    return path


BACKENDS = ("pdfium", "pdfplumber")


def _page(path: Path, backend: str):
    with open_document(path, backend=backend) as (_, pages):
        return list(pages)


@pytest.mark.parametrize("rotate", [90, 270])
def test_rotate_key_page_reads_upright(tmp_path, rules, rotate):
    """/Rotate 90 or 270 with the text drawn to be upright on screen: headings and body found."""
    pdf = page_rotate_pdf(tmp_path / f"rot{rotate}.pdf", rotate)
    page = _page(pdf, "pdfium")[0]
    assert (round(page.width), round(page.height)) == (round(W), round(H))  # portrait, as shown
    text = " ".join(w.text for w in page.words)
    for title in HEADINGS:
        assert title in text
    doc = build_document(pdf, rules)
    assert [s.title for s in doc.sections if s.title in HEADINGS] == list(HEADINGS)


def test_text_drawn_turned_reads_upright(tmp_path, rules):
    """No /Rotate, the text turned 90 degrees on the page: read in the text's own frame; the
    one upright word (a page number) is the minority and is left out, as non-upright words
    are on ordinary pages."""
    pdf = turned_text_pdf(tmp_path / "turned.pdf")
    page = _page(pdf, "pdfium")[0]
    texts = [w.text for w in page.words]
    assert "Governance" in texts and "7" not in texts
    heads = [w for w in page.words if w.text == "Introduction"]
    body = [w for w in page.words if w.text not in HEADINGS and not w.bold]
    assert heads and heads[0].bold and heads[0].top < min(w.top for w in body)  # top of the page
    doc = build_document(pdf, rules)
    assert [s.title for s in doc.sections if s.title in HEADINGS] == list(HEADINGS)


def test_rotate_key_on_upright_text(tmp_path, rules):
    """/Rotate 90 on text drawn upright in the page's own space (the viewer shows it sideways):
    still read, in the text's frame."""
    pdf = rotated_only_pdf(tmp_path / "rotonly.pdf")
    doc = build_document(pdf, rules)
    assert [s.title for s in doc.sections if s.title in HEADINGS] == list(HEADINGS)


@pytest.mark.parametrize("backend", BACKENDS)
def test_undecodable_text_needs_ocr(tmp_path, rules, backend, monkeypatch):
    """Glyph codes without characters are not text: the page has no words and needs OCR."""
    pdf = undecodable_pdf(tmp_path / "nomap.pdf")
    page = _page(pdf, backend)[0]
    assert page.n_chars >= 300 and page.undecodable and page.words == ()
    monkeypatch.setenv("EXTRACT_BACKEND", backend)
    doc = build_document(pdf, rules)
    assert doc.pages_without_text == (1,)
    assert not any("cid:" in ln.text for ln in doc.lines)


def test_readable_text_is_not_flagged(tmp_path):
    """The same check passes an ordinary text page, a few stray symbols included."""
    from conftest import make_pdf
    pdf = make_pdf(tmp_path / "ok.pdf", ["Plain text page\n" + words(40) + "\n\u2022 \u2022 \u2022"])
    for backend in BACKENDS:
        page = _page(pdf, backend)[0]
        assert not page.undecodable and any(w.text == "Plain" for w in page.words)


def test_spot_colour_text_is_not_white(tmp_path):
    """Text in a Separation (spot) colour at full ink is dark, not read as grey level 1.0."""
    from reportlab.lib.colors import CMYKColorSep

    pdf = tmp_path / "spot.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    c.setFillColor(CMYKColorSep(0.9, 0.6, 0.0, 0.3, spotName="HouseBlue", density=1))
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, H - 72, "Spot coloured heading")
    c.setFillColor(CMYKColorSep(0.9, 0.6, 0.0, 0.3, spotName="HouseBlue", density=0.0))
    c.drawString(72, H - 120, "Zero tint")
    c.showPage()
    c.save()
    assert b"/Separation" in pdf.read_bytes()
    for backend in BACKENDS:
        words = {w.text: w for w in _page(pdf, backend)[0].words}
        full, none = words["Spot"].color, words["Zero"].color
        assert full not in ("#ffffff", "") and int(full[1:3], 16) < 128, (backend, full)
        assert none == "#ffffff", (backend, none)
