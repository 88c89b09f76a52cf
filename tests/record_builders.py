"""Small PDFs shaped like other boards' reports (not the gold reports), built with reportlab, for the
record extractors' tests: review tables over a page break, rosters with an agency column, covers."""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

W, H = A4


def ruled_table(c: canvas.Canvas, x: float, top: float, widths: list[float], rows: list[list[str]],
                size: float = 9, row_h: float = 22, bold_header: bool = True) -> float:
    """Draw a fully ruled table with its top at `top`; returns the y of its bottom rule."""
    y = top
    for i, row in enumerate(rows):
        c.setFont("Helvetica-Bold" if i == 0 and bold_header else "Helvetica", size)
        cx = x
        for w, text in zip(widths, row):
            c.drawString(cx + 4, y - row_h + 7, text)
            cx += w
        c.line(x, y, x + sum(widths), y)
        y -= row_h
    c.line(x, y, x + sum(widths), y)
    cx = x
    for w in [0] + widths:
        cx += w
        c.line(cx, top, cx, y)
    return y


def paragraph(c: canvas.Canvas, x: float, y: float, lines: list[str], size: float = 10, lead: float = 14,
              font: str = "Helvetica") -> float:
    c.setFont(font, size)
    for ln in lines:
        c.drawString(x, y, ln)
        y -= lead
    return y - 6


def footer(c: canvas.Canvas, page: int) -> None:
    c.setFont("Helvetica", 8)
    c.drawCentredString(W / 2, 30, str(page))


def review_table_report(path: Path) -> Path:
    """A Safeguarding Adults Review's findings table of "Rec N:" cells that runs over a page break
    over two page breaks (no repeated header); only the first page's prose names the review."""
    c = canvas.Canvas(str(path), pagesize=A4)
    footer(c, 1)
    y = paragraph(c, 60, H - 80, ["Learning from Reviews"], size=16, font="Helvetica-Bold")
    y = paragraph(c, 60, y, ["Adult M: what happened"], size=13, font="Helvetica-Bold")
    y = paragraph(c, 60, y, ["The SAR into the care of Adult M was published in November. The review panel",
                             "made the findings and recommendations set out in the table below."])
    rows = [["No", "Finding", "Recommendation"]]
    for i in range(1, 12):
        rows.append([str(i), f"Finding number {i} about practice",
                     f"Rec {i}: Agencies should review practice area {i} with staff"])
    ruled_table(c, 60, y - 10, [40, 190, 250], rows[:6], size=8)
    for page, part in ((2, rows[6:10]), (3, rows[10:])):
        c.showPage()
        footer(c, page)
        y = ruled_table(c, 60, H - 70, [40, 190, 250], part, size=8, bold_header=False)
    paragraph(c, 60, y - 30, ["Training", "Partners delivered courses across the year to staff in every agency."])
    c.showPage()
    c.save()
    return path


def roster_report(path: Path) -> Path:
    """A membership roster whose header names a role column and an "Agency or sector" column, and a
    second roster with one "Role, Organisation" column (the organisation first or last)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    footer(c, 1)
    y = paragraph(c, 60, H - 80, ["Board Membership"], size=16, font="Helvetica-Bold")
    rows = [["Name", "Role", "Agency or sector"],
            ["Priya Raman", "Head of Safeguarding", "Northmoor Hospitals NHS Trust"],
            ["Tom Oduya", "Detective Superintendent", "Northmoor Constabulary"],
            ["Helen Marsh", "Designated Nurse", "Northmoor Integrated Care Board"],
            ["Gareth Lowe", "Assistant Director", "Northmoor County Council"]]
    y = ruled_table(c, 60, y - 10, [130, 150, 200], rows, size=9)
    y = paragraph(c, 60, y - 30, ["Sub-group chairs"], size=13, font="Helvetica-Bold")
    rows = [["Member", "Group / Role"],
            ["Rosa Kettle", "Principal, Northmoor Sixth Form College, Colleges Representative"],
            ["Ian Brodie", "Service Manager, Quality Assurance, Northmoor County Council"],
            ["Sue Patel", "Head of Community Safety, Civic Centre, Market Street"]]
    ruled_table(c, 60, y - 10, [130, 350], rows, size=9)
    c.showPage()
    c.save()
    return path


def priorities_report(path: Path) -> Path:
    """A cover with the report's year; priorities whose period is stated in a paragraph several blocks
    before the first one (side headings and another list in between), each with a "We will" description."""
    c = canvas.Canvas(str(path), pagesize=A4)
    footer(c, 1)
    paragraph(c, 60, H - 120, ["Northmoor Safeguarding Children Board"], size=22, font="Helvetica-Bold")
    paragraph(c, 60, H - 160, ["Annual Report 2018/19"], size=18, font="Helvetica-Bold")
    c.showPage()
    footer(c, 2)
    y = paragraph(c, 60, H - 80, ["Looking ahead"], size=16, font="Helvetica-Bold")
    y = paragraph(c, 60, y, ["Our review of the year has helped us to re-shape our strategic priorities for 2019 to 2021.",
                             "These are set out below and will drive the work of the Board."])
    y = paragraph(c, 60, y, ["Board actions"], size=12, font="Helvetica-Bold")
    y = paragraph(c, 60, y, ["Inspection findings 2019"], size=12, font="Helvetica-Bold")
    y = paragraph(c, 60, y, ["1. Strengthen the audit programme across partner agencies."])
    for n, (title, lead, desc) in enumerate([
            ("Neglect and its impact", "Ruth Okafor", "We will make sure every practitioner recognises neglect early."),
            ("Voice of the child", "Sam Whitley", "We will hear children directly in every review we commission."),
            ("Contextual safeguarding", "Jo Ainsley", "We will map places where young people are at risk outside home.")], 1):
        y = paragraph(c, 60, y, [f"Priority {n}: {title}"], size=12, font="Helvetica-Bold")
        y = paragraph(c, 60, y, [f"Priority Lead: {lead}", desc])
    c.showPage()
    c.save()
    return path


def cover_report(path: Path, cover: list[tuple[str, int]], pages: list[list[str]]) -> Path:
    """A cover of (text, font size) lines, then pages of body lines (10 pt)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    y = H - 120
    for text, size in cover:
        c.setFont("Helvetica-Bold", size)
        c.drawString(60, y, text)
        y -= size * 1.8
    c.showPage()
    for n, lines in enumerate(pages, 2):
        footer(c, n)
        paragraph(c, 60, H - 80, lines)
        c.showPage()
    c.save()
    return path


def performance_report(path: Path) -> Path:
    """A performance table with one column per year (and a rate row that is not a count)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    paragraph(c, 60, H - 60, ["Northmoor Safeguarding Children Board"], size=20, font="Helvetica-Bold")
    paragraph(c, 60, H - 100, ["Annual Report 2018/19"], size=16, font="Helvetica-Bold")
    c.showPage()
    footer(c, 2)
    y = paragraph(c, 60, H - 60, ["Performance"], size=16, font="Helvetica-Bold")
    ruled_table(c, 60, y - 10, [240, 90, 90, 90], [
        ["Measure", "2016/17", "2017/18", "2018/19"], ["Children in need", "1,204", "1,310", "1,287"],
        ["Children subject to a child protection plan", "201", "188", "176"],
        ["Looked after children", "402", "415", "420"], ["Referrals to children's social care", "3,020", "2,950", "3,105"],
        ["Missing episodes", "310", "295", "280"], ["Section 42 enquiries", "140", "152", "160"],
        ["Re-referral rate %", "18%", "17%", "16%"]])
    c.showPage()
    c.save()
    return path


def funding_report(path: Path) -> Path:
    """A board whose funding table names its funders only as capitals it never defines ("CCC"), a
    bare kind ("Police") and a sector ("Health")."""
    c = canvas.Canvas(str(path), pagesize=A4)
    footer(c, 1)
    y = paragraph(c, 60, H - 80, ["Working together"], size=16, font="Helvetica-Bold")
    y = paragraph(c, 60, y, ["Cumbria County Council, Cumbria Constabulary and NHS Cumbria Clinical",
                             "Commissioning Group are the statutory partners of the Board. Cumbria",
                             "Constabulary leads the work on exploitation; Cumbria Constabulary and",
                             "Cumbria County Council share the case audits with the hospitals."])
    c.showPage()
    footer(c, 2)
    y = paragraph(c, 60, H - 80, ["Budget"], size=16, font="Helvetica-Bold")
    y = paragraph(c, 60, y, ["The Board receives the following contributions from partners."])
    ruled_table(c, 60, y - 10, [220, 120], [["Contributing Agency", "Amount"], ["CCC - 50%", "£100,000"],
                                            ["Police - 10%", "£20,000"], ["Health - 40%", "£80,000"],
                                            ["Total income", "£200,000"]])
    c.showPage()
    c.save()
    return path
