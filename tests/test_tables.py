"""Table detection: real corpus pages and small PDFs built here with reportlab."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from extractor.ingest.pdf import open_document
from extractor.structure.records import Table
from extractor.structure.tables import classify_table, find_fragments, join_fragments

ROOT = Path(__file__).resolve().parents[1]
WORD_PDF = ROOT / "corpus/wolverhampton-wscb-2016-17.pdf"
BROCHURE_PDF = Path("/work/shared/corpus-styles/brochure/wolverhampton-wscb-2016-17.pdf")
W, H = A4


def fragments_of(path: Path, pages: set[int] | None = None):
    out, body = [], {}
    with open_document(path) as (_, it):
        for p in it:
            if pages is None or p.number in pages:
                out += find_fragments(p)
                if p.words:
                    body[p.number] = (min(w.top for w in p.words), max(w.bottom for w in p.words))
    return out, body


def row_with(frags, text):
    for f in frags:
        for r in f.rows:
            if text in r:
                return f, r
    return None, None


# ---- the corpus ---------------------------------------------------------------------------

@pytest.mark.skipif(not WORD_PDF.exists(), reason="corpus PDF missing")
def test_word_style_funding_table_page_28():
    frags, _ = fragments_of(WORD_PDF, {28})
    f, row = row_with(frags, "West Midlands Police")
    assert f is not None and f.ruled
    assert row == ("West Midlands Police", "14,923")
    assert f.rows[0] == ("Contributing Agency", "WSCB")
    assert f.header_rows == 1
    captions = [g.caption for g in frags]
    assert "Reported Child Deaths by Gender 1st April 2016 to 31st March 2017" in captions
    # the running header and the bullet list above the tables are not table text
    assert not any("WSCB Annual Report 2016/17" in c for g in frags for r in g.rows for c in r)
    assert not any("•" in c for g in frags for r in g.rows for c in r)


@pytest.mark.skipif(not BROCHURE_PDF.exists(), reason="brochure PDF missing")
def test_brochure_style_funding_table_is_found_unruled():
    frags, _ = fragments_of(BROCHURE_PDF, {21})
    f, row = row_with(frags, "West Midlands Police")
    assert f is not None and not f.ruled
    assert row == ("West Midlands Police", "14,923")
    assert f.rows[0] == ("Contributing Agency", "WSCB")
    assert f.rows[-1] == ("TOTAL", "268,445")
    gender = next(g for g in frags if g.rows[0] == ("Male", "Female"))
    assert gender.rows == (("Male", "Female"), ("19", "7"))
    assert gender.caption == "Reported Child Deaths by Gender 1st April 2016 to 31st March 2017"
    # the two-column bullet list of committees at the top of the page is no table
    assert not any("LEARNING AND DEVELOPMENT COMMITTEE" in " ".join(r) for g in frags for r in g.rows)
    ethnicity = next(g for g in frags if g.rows[0][0] == "Any Other Asian")
    assert ethnicity.rows[1] == ("2", "1", "1", "15", "1", "3", "1", "2")


# ---- built PDFs ---------------------------------------------------------------------------

def _ruled(c, data, x, y_top, col_widths):
    t = RLTable(data, colWidths=col_widths)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                           ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                           ("FONTNAME", (0, 1), (-1, -1), "Helvetica"),
                           ("FONTSIZE", (0, 0), (-1, -1), 10)]))
    _, h = t.wrapOn(c, W, H)
    t.drawOn(c, x, H - y_top - h)
    return h


def _pages(path):
    with open_document(path) as (_, it):
        return list(it)


def test_ruled_table_cells_and_header(tmp_path):
    pdf = tmp_path / "ruled.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(72, H - 80, "Some introductory text above the table.")
    data = [["Agency", "Amount (£)", "Share"],
            ["Local Authority", "120,000", "60%"],
            ["Police", "40,000", "20%"],
            ["Health", "40,000", "20%"]]
    _ruled(c, data, 72, 120, [200, 100, 80])
    c.save()
    (page,) = _pages(pdf)
    (f,) = find_fragments(page)
    assert f.ruled
    assert f.rows == tuple(tuple(r) for r in data)
    assert f.header_rows == 1
    assert f.n_cols == 3


def test_ruled_table_with_multiline_cell(tmp_path):
    pdf = tmp_path / "wrap.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    data = [["Ref", "Action"], ["1", "Review the threshold\ndocument with partners"], ["2", "Audit"]]
    _ruled(c, data, 72, 100, [60, 250])
    c.save()
    (f,) = find_fragments(_pages(pdf)[0])
    assert f.rows[1] == ("1", "Review the threshold document with partners")


def test_unruled_whitespace_table(tmp_path):
    pdf = tmp_path / "unruled.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(72, H - 80, "The figures below come from the quarterly returns of the partners.")
    rows = [["Measure", "2015-16", "2016-17"], ["Referrals", "4,210", "4,513"],
            ["Child protection plans", "512", "487"], ["Looked after children", "640", "655"],
            ["Early help assessments", "1,020", "1,391"]]
    y = H - 120
    for i, r in enumerate(rows):
        c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 10)
        for x, text in zip((72, 300, 420), r):
            c.drawString(x, y, text)
        y -= 16
    c.setFont("Helvetica", 11)
    c.drawString(72, y - 20, "These numbers rose in every category over the year, as the text explains.")
    c.save()
    (f,) = find_fragments(_pages(pdf)[0])
    assert not f.ruled
    assert f.rows == tuple(tuple(r) for r in rows)
    assert f.header_rows == 1


def test_table_continued_across_a_page_break(tmp_path):
    pdf = tmp_path / "split.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    head = ["Member", "Organisation", "Attended"]
    c.setFont("Helvetica", 11)
    for i in range(30):  # a page of text, then the table's first part at the bottom
        c.drawString(72, H - 72 - 14 * i, f"Line {i} of the body text that fills this page of the report.")
    h1 = [head] + [[f"Person {i}", f"Agency {i}", f"{i % 4}/4"] for i in range(1, 9)]
    _ruled(c, h1, 72, 72 + 14 * 30 + 10, [150, 180, 80])
    c.showPage()
    h2 = [head] + [[f"Person {i}", f"Agency {i}", f"{i % 4}/4"] for i in range(9, 14)]
    _ruled(c, h2, 72, 72, [150, 180, 80])
    c.setFont("Helvetica", 11)
    c.drawString(72, H - 300, "Text after the table.")
    c.save()
    pages = _pages(pdf)
    frags = [f for p in pages for f in find_fragments(p)]
    assert [f.page for f in frags] == [1, 2]
    body = {p.number: (min(w.top for w in p.words), max(w.bottom for w in p.words)) for p in pages}
    (t,) = join_fragments(frags, body)
    assert (t.page_start, t.page_end) == (1, 2)
    assert t.rows[0] == tuple(head)
    assert t.n_rows == 1 + 13  # the repeated header is read once
    assert t.rows[-1] == ("Person 13", "Agency 13", "1/4")
    assert t.index == 0 and t.top == frags[0].top


def test_separate_tables_on_consecutive_pages_stay_apart():
    a = _frag(1, 700, 800, [("A", "B"), ("1", "2")])
    b = _frag(2, 60, 200, [("X", "Y", "Z"), ("3", "4", "5")], x1=300)
    tables = join_fragments([a, b], {1: (60, 800), 2: (60, 780)})
    assert [(t.page_start, t.page_end) for t in tables] == [(1, 1), (2, 2)]
    c = _frag(2, 300, 400, [("A", "B"), ("1", "2")])  # not at the top of page 2
    assert len(join_fragments([a, c], {1: (60, 800), 2: (60, 780)})) == 2


def _frag(page, top, bottom, rows, x1=500.0, header=1, caption=""):
    from extractor.structure.records import TableFragment
    return TableFragment(page=page, x0=72, top=top, x1=x1, bottom=bottom, rows=tuple(rows),
                         header_rows=header, ruled=True, caption=caption)


def test_two_column_running_text_is_not_a_table(tmp_path):
    pdf = tmp_path / "twocol.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    c.setFont("Helvetica", 9)
    left = ["The Board met four times during the year and", "received reports from each of its sub-groups,",
            "which scrutinised the work of partners in", "detail and challenged them where needed.",
            "Attendance at meetings remained high, and", "members brought their agencies' views to",
            "every discussion. The independent chair", "held partners to account on progress."]
    right = ["Partners agreed a new funding formula that", "shares the cost of the Board fairly between",
             "the local authority, health and the police.", "The budget was balanced at the year end and",
             "a small reserve was carried forward to meet", "the cost of serious case reviews. Training",
             "was delivered to over two thousand people", "from across the children's workforce."]
    for i, (a, b) in enumerate(zip(left, right)):
        c.drawString(48, H - 100 - 12 * i, a)
        c.drawString(307, H - 100 - 12 * i, b)
    c.save()
    assert find_fragments(_pages(pdf)[0]) == []


def test_bullet_list_is_not_a_table(tmp_path):
    pdf = tmp_path / "bullets.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    c.setFont("Helvetica", 10)
    items = ["CHILD DEATH OVERVIEW PANEL", "QUALITY ASSURANCE COMMITTEE", "SERIOUS CASE REVIEW COMMITTEE",
             "LEARNING AND DEVELOPMENT COMMITTEE"]
    for i, it in enumerate(items):
        c.drawString(60, H - 100 - 15 * i, "\u2022")
        c.drawString(90, H - 100 - 15 * i, it)
        c.drawString(310, H - 100 - 15 * i, "\u2022")
        c.drawString(340, H - 100 - 15 * i, it.lower())
    c.save()
    assert find_fragments(_pages(pdf)[0]) == []


def test_classify_by_vocabulary():
    kinds = yaml.safe_load((ROOT / "rules/table_kinds.yml").read_text())["kinds"]
    t = Table(0, 28, 28, 300.0, (("Contributing Agency", "WSCB"), ("Police", "14,923")), 1, "")
    assert classify_table(t, kinds) == "funding"
    t = Table(1, 9, 9, 100.0, (("Agency or sector", "Name", "Meetings attended"), ("Police", "A B", "3/4")), 1, "")
    assert classify_table(t, kinds) == "attendance"
    t = Table(2, 2, 2, 100.0, (("Revision Date", "Editor", "Version"), ("1/1/17", "X", "1")), 1, "")
    assert classify_table(t, kinds) == "document_control"
    t = Table(3, 5, 5, 100.0, (("Male", "Female"), ("19", "7")), 1, "Reported Child Deaths by Gender")
    assert classify_table(t, kinds) == "child_deaths"
    t = Table(4, 5, 5, 100.0, (("ACRP", "Adult Case Review Panel"),), 0, "")
    assert classify_table(t, kinds) == "other"
