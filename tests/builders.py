"""Small PDFs built with reportlab, for tests that need a known layout."""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

W, H = A4
LOREM = ("Partners met every quarter to review the impact of early help on children and families "
         "across the area and agreed actions for the year ahead with each agency").split()


def words(n: int, offset: int = 0) -> str:
    return " ".join(LOREM[(offset + i) % len(LOREM)] for i in range(n))


def furniture(c: canvas.Canvas, page: int, total: int, header: str = "Example LSCB Annual Report 2020/21") -> None:
    c.setFont("Helvetica", 8)
    c.drawString(72, H - 40, header)
    c.drawCentredString(W / 2, 30, f"Page {page} of {total}")


def two_column_report(path: Path, pages: int = 3) -> Path:
    """Headings over two columns of body text; left column text starts with L<n>, right with R<n>."""
    c = canvas.Canvas(str(path), pagesize=A4)
    for p in range(1, pages + 1):
        furniture(c, p, pages)
        c.setFont("Helvetica-Bold", 16)
        c.drawString(50, H - 80, f"Chapter {p}: Section heading number {p}")
        c.setFont("Helvetica", 9)
        for col, x in (("L", 50), ("R", 310)):
            y = H - 110
            for i in range(30):
                c.drawString(x, y, f"{col}{i:02d} {words(6, i)}"[:52])
                y -= 12
        c.showPage()
    c.save()
    return path


def headed_report(path: Path) -> Path:
    """Three levels of headings set only by typography (no outline), with furniture."""
    c = canvas.Canvas(str(path), pagesize=A4)
    total = 3
    plan = [
        [("h1", "Foreword"), ("p", 6), ("h2", "Our year in brief"), ("p", 8)],
        [("h1", "Chapter 2: Learning from case reviews"), ("p", 5), ("h2", "Serious Case Reviews"),
         ("p", 4), ("h3", "Recommendations for the Board"), ("p", 5)],
        [("h1", "Appendix A. Finance"), ("p", 10)],
    ]
    fonts = {"h1": ("Helvetica-Bold", 16), "h2": ("Helvetica-Bold", 13), "h3": ("Helvetica-Bold", 11)}
    for p, items in enumerate(plan, start=1):
        furniture(c, p, total)
        y = H - 90
        for kind, val in items:
            if kind == "p":
                c.setFont("Helvetica", 10)
                for i in range(val):
                    c.drawString(72, y, words(14, i + p) + ".")
                    y -= 14
                y -= 8
            else:
                c.setFont(*fonts[kind])
                c.drawString(72, y, val)
                y -= fonts[kind][1] + 10
        c.showPage()
    c.save()
    return path


def contents_report(path: Path) -> Path:
    """Headings set in body type (no size, no bold): only the contents page names them."""
    c = canvas.Canvas(str(path), pagesize=A4)
    entries = [(72, "Introduction", 2), (84, "Our local area", 2), (72, "Learning from reviews", 3),
               (84, "Case review findings", 3)]
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, H - 80, "Contents")
    c.setFont("Helvetica", 10)
    y = H - 110
    for x, title, page in entries:
        c.drawString(x, y, f"{title} {'.' * 40} {page}")
        y -= 16
    c.showPage()
    body = {2: ["Introduction", "Our local area"], 3: ["Learning from reviews", "Case review findings"]}
    for p in (2, 3):
        c.setFont("Helvetica", 10)
        y = H - 80
        for title in body[p]:
            c.drawString(72, y, title)
            y -= 18
            for i in range(6):
                c.drawString(72, y, words(14, i + p) + ".")
                y -= 14
            y -= 10
        c.showPage()
    c.save()
    return path


def numbered_report(path: Path) -> Path:
    """Numbered headings all in one bold style: only the numbers tell the depth."""
    c = canvas.Canvas(str(path), pagesize=A4)
    y = H - 80
    for title in ("1. Introduction", "1.1 Purpose of this report", "1.2 Our area", "2. Governance",
                  "2.1 Board membership", "2.1.1 Lay members"):
        c.setFont("Helvetica-Bold", 11)
        c.drawString(72, y, title)
        y -= 16
        c.setFont("Helvetica", 10)
        for i in range(3):
            c.drawString(72, y, words(14, i) + ".")
            y -= 14
        y -= 8
    c.showPage()
    c.save()
    return path
