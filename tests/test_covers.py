"""Report facts from covers laid out in two columns (built with reportlab): a line of the neighbouring
column never joins the board name; a name split over lines around "LSCB" and a signature block are read
down their own column."""
from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractor.extract import report_facts
from extractor.pipeline import build_document
from extractor.rules import load_rules

W, H = A4


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def _cover(path: Path, left: list[tuple[str, int, bool]], right: list[tuple[str, int, bool]],
           body: list[str]) -> Path:
    """A cover of two columns drawn row by row (left at x=50, right at x=320), then a page of body text."""
    c = canvas.Canvas(str(path), pagesize=A4)
    y = H - 140
    for (lt, ls, lb), (rt, rs, rb) in zip(left, right):
        for text, size, bold, x in ((lt, ls, lb, 50), (rt, rs, rb, 320)):
            if text:
                c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
                c.drawString(x, y, text)
        y -= max(ls, rs) * 1.5
    c.showPage()
    c.setFont("Helvetica", 10)
    y = H - 80
    for ln in body:
        c.drawString(60, y, ln)
        y -= 14
    c.drawCentredString(W / 2, 30, "2")
    c.showPage()
    c.save()
    return path


BODY = ["This report sets out the work of the partnership over the year and the difference it made",
        "to children and families across the county."]


def test_a_neighbouring_columns_line_never_joins_the_board_name(tmp_path, rules):
    # two short columns: the reading order goes row by row ("Working Together | Kestrel Vale | For Children")
    left = [("Working Together", 22, True), ("For Children", 22, True), ("Published September 2019", 11, False)]
    right = [("Kestrel Vale", 22, True), ("Safeguarding Children Board", 22, True), ("Annual Report 2018/19", 11, False)]
    doc = build_document(_cover(tmp_path / "two.pdf", left, right, BODY), rules)
    f = report_facts.extract(doc, rules)
    assert (f.board_name, f.area) == ("Kestrel Vale Safeguarding Children Board", "Kestrel Vale")
    assert (f.doc_type, f.report_year) == ("annual_report", "2018/19")


def test_a_signature_block_is_read_down_its_column(tmp_path, rules):
    left = [("Kestrel Vale", 22, True), ("Safeguarding Children Board", 22, True), ("Contact the board", 11, False),
            ("01234 567890", 11, False)]
    right = [("Annual Report", 22, True), ("2018/19", 22, True), ("Dr Amara Okafor", 11, False),
             ("Independent Chair", 11, False)]
    doc = build_document(_cover(tmp_path / "sig.pdf", left, right, BODY), rules)
    assert report_facts.extract(doc, rules).chair == "Amara Okafor"


def test_a_name_split_around_lscb_in_one_column(tmp_path, rules):
    left = [("Annual Report", 20, True), ("2019 - 2020", 20, True), ("", 20, True)]
    right = [("Brackenford", 20, True), ("LSCB", 20, True), ("Keeping Children Safe", 20, True)]
    doc = build_document(_cover(tmp_path / "lscb.pdf", left, right, BODY), rules)
    f = report_facts.extract(doc, rules)
    assert (f.board_name, f.area) == ("Brackenford Local Safeguarding Children Board", "Brackenford")
    assert f.report_year == "2019/20"


def test_an_abbreviation_only_cover_with_the_area_in_the_other_column(tmp_path, rules):
    left = [("KVSCB", 30, True), ("Annual Report 2018/19", 16, True)]
    right = [("Kestrel Vale", 16, True), ("Working together", 16, True)]
    body = ["Welcome to the annual report of the Kestrel Vale Safeguarding Children Board (KVSCB) for the",
            "year. The Kestrel Vale Safeguarding Children Board brings the agencies of the area together."]
    doc = build_document(_cover(tmp_path / "abbr.pdf", left, right, body), rules)
    f = report_facts.extract(doc, rules)
    assert (f.board_name, f.area) == ("Kestrel Vale Safeguarding Children Board", "Kestrel Vale")
