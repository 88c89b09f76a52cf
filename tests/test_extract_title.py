"""A metadata /Title of any length is read in time linear in its size: the board-name search
once restarted inside every long run of letters (1 MB title -> timeout)."""
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractor.extract import report_facts
from extractor.extract.testing import extract_rules, make_doc
from extractor.pipeline import build_document
from extractor.rules import load_rules


def test_board_name_on_a_megabyte_of_letters_finishes_and_finds_nothing():
    r = extract_rules().get("report_facts.yml")
    # before the fix each of these took minutes (quadratic backtracking); now they return at once
    assert report_facts.board_name([("A" * 1_000_000, 3)], r) == (None, None)
    assert report_facts.board_name([("A-" * 500_000, 3)], r) == (None, None)


def test_board_name_still_found_after_a_long_run_of_letters():
    r = extract_rules().get("report_facts.yml")
    text = "x" * 200_000 + " Exampleshire Safeguarding Children Board Annual Report"
    assert report_facts.board_name([(text, 1)], r) == ("Exampleshire Safeguarding Children Board", "Exampleshire")


def test_pdf_with_a_one_megabyte_title_reads_its_cover(tmp_path):
    path = tmp_path / "long-title.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Q" * 1_000_000)
    c.setFont("Helvetica-Bold", 24)
    c.drawString(72, 700, "Exampleshire Safeguarding Children Board")
    c.drawString(72, 660, "Annual Report 2020/21")
    c.showPage()
    c.save()
    doc = build_document(path, load_rules())
    f = report_facts.extract(doc, extract_rules())
    assert f.board_name == "Exampleshire Safeguarding Children Board"
    assert f.report_year == "2020/21"


def test_title_words_still_vote_for_the_board_name():
    doc = make_doc([["Welcome"]], title="Exampleshire Local Safeguarding Children Board Annual Report 2018/19")
    f = report_facts.extract(doc, extract_rules())
    assert (f.board_name, f.area, f.report_year) == ("Exampleshire Local Safeguarding Children Board", "Exampleshire",
                                                     "2018/19")
