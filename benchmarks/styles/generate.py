"""Synthetic safeguarding-board reports in house styles the extractor was NOT tuned on.

    python benchmarks/styles/generate.py [-o /tmp/styles] [--docs 2] [--seed 7] [--style NAME ...]

Writes <out>/<style>/<doc_id>.pdf and the exact layout gold <out>/gold/<style>/<doc_id>.layout.json
(the scorer's format, /work/shared/gold/README.md). The gold is recorded while the page is laid
out -- every heading and table row is placed by this module's own flow engine -- so it is exact
by construction. Deterministic for a given seed.

Styles (none of them is the Word-export or brochure style of the real corpora):
  serif      Times body; headings told apart by colour and size only (not bold), 1./1.1/1.1.1;
             full-grid tables with a dark header; right-aligned footer "Annual Report 2019-20 | 7";
             board name as header on odd pages only.
  booktabs   Helvetica; bold "Chapter N:" headings; contents page with dot leaders; tables with
             horizontal rules only (top, below header, bottom); a long table continued over a
             page break with its header repeated.
  columns    three text columns; headings ALL CAPS bold at body size, numbered; full-width
             whitespace-only tables between column bands; a shaded call-out box in a column.
  landscape  A4 landscape, wide margins, two columns; tables with a shaded header row only (no
             rules, no zebra) and cells wrapped over several lines.
  banner, plain, quirks, dense: built by extra.py (margin headings and pull quotes; contents-only
             headings and spanning table headers; letter spacing, ligatures, hyphens, image pages,
             roman page labels; rule-less, side-by-side and headerless-continued tables).
"""
from __future__ import annotations

import argparse
import glob
import json
import random
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

SEEDS = "/work/shared/seeds/*.txt"
FALLBACK = ("The Board brought partners together every quarter to review how well agencies worked "
            "together to keep children safe, and agreed the actions each partner would take in the "
            "year ahead to strengthen early help, practice and learning across the area.")
BOARDS = ["Northshire Safeguarding Children Partnership", "Eastvale Safeguarding Adults Board",
          "Riverton Local Safeguarding Children Board", "Westmoor Safeguarding Children Board"]
AGENCIES = ["Northshire County Council", "Clinical Commissioning Group", "Police and Crime Commissioner",
            "National Probation Service", "Community Rehabilitation Company", "CAFCASS",
            "NHS Foundation Trust", "Youth Offending Service", "District Councils", "Fire and Rescue Service",
            "Schools Forum", "Education Services", "Public Health", "Voluntary Sector Forum"]

# (title, [(subtitle, [sub-sub titles])]); numbering is the style's business
OUTLINE = [
    ("About the Board", [("Governance and accountability", ["Board membership", "Sub-groups"]),
                         ("Our priorities for 2019-20", [])]),
    ("Learning from reviews", [("Serious Case Reviews", ["Recommendations for the Board"]),
                               ("Child Death Overview Panel", [])]),
    ("Performance and quality assurance", [("Multi-agency audits", []), ("Training and development", [])]),
    ("Partner contributions", [("Health partners", []), ("Police", [])]),
]
APPENDICES = ["Finance", "Board attendance"]


def _clean(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", "".join(c for c in text if ord(c) < 127)).strip()


def seed_paragraphs() -> list[str]:
    out = []
    for f in sorted(glob.glob(SEEDS)):
        for p in open(f, encoding="utf-8", errors="ignore").read().split("\n\n"):
            p = _clean(p)
            if 200 < len(p) < 650 and "[" not in p and "|" not in p and p[-1] == ".":
                out.append(p)
    return out or [FALLBACK]


# ------------------------------------------------------------------ style descriptions

@dataclass(frozen=True)
class Font:
    name: str
    size: float
    color: str = "#000000"
    caps: bool = False


@dataclass(frozen=True)
class Style:
    name: str
    pagesize: tuple[float, float]
    margins: tuple[float, float, float, float]  # left, right, top, bottom
    ncols: int
    gutter: float
    body: Font
    leading: float
    heads: dict  # level -> Font
    table: str  # grid | booktabs | plain | shaded
    table_font: Font
    caption: Font | None
    contents: bool = False
    callout: bool = False
    continued_caption: bool = False


STYLES = {
    "serif": Style("serif", A4, (72, 72, 70, 64), 1, 0, Font("Times-Roman", 10.5), 14,
                   {1: Font("Times-Roman", 18, "#1F4E79"), 2: Font("Times-Roman", 14, "#2E75B6"),
                    3: Font("Times-Roman", 10.5, "#C55A11")},
                   "grid", Font("Times-Roman", 9.5), Font("Times-Italic", 10)),
    "booktabs": Style("booktabs", A4, (62, 62, 72, 66), 1, 0, Font("Helvetica", 9.5, "#222222"), 13,
                      {1: Font("Helvetica-Bold", 16), 2: Font("Helvetica-Bold", 12),
                       3: Font("Helvetica-BoldOblique", 10)},
                      "booktabs", Font("Helvetica", 9, "#222222"), Font("Helvetica-Bold", 9.5),
                      contents=True),
    "columns": Style("columns", A4, (40, 40, 62, 56), 3, 16, Font("Helvetica", 8.5, "#333333"), 11,
                     {1: Font("Helvetica-Bold", 8.5, "#333333", True), 2: Font("Helvetica-Bold", 8.5, "#333333", True),
                      3: Font("Helvetica-Bold", 8.5, "#333333", True)},
                     "plain", Font("Helvetica", 8.5, "#333333"), Font("Helvetica-Bold", 8.5, "#005A9C"),
                     callout=True),
    "landscape": Style("landscape", landscape(A4), (90, 90, 60, 56), 2, 28, Font("Helvetica", 10, "#1A1A1A"), 13.5,
                       {1: Font("Helvetica-Bold", 20, "#7030A0"), 2: Font("Helvetica-Bold", 13, "#7030A0"),
                        3: Font("Helvetica-Bold", 10, "#1A1A1A")},
                       "shaded", Font("Helvetica", 9.5, "#1A1A1A"), None),
}


def number_title(style: str, level: int, nums: list[int], title: str, appendix: str | None) -> str:
    """The printed heading: each style numbers (and cases) its headings its own way."""
    if appendix:
        t = f"Appendix {appendix}. {title}"
    elif not nums:
        t = title
    elif style == "booktabs":
        t = f"Chapter {nums[0]}: {title}" if level == 1 else (
            f"{'.'.join(map(str, nums))} {title}" if level == 2 else title)
    elif style == "landscape":
        t = f"Section {nums[0]}. {title}" if level == 1 else (
            f"{'.'.join(map(str, nums))} {title}" if level == 2 else title)
    else:
        t = f"{nums[0]}. {title}" if level == 1 else f"{'.'.join(map(str, nums))} {title}"
    return t.upper() if STYLES[style].heads[level].caps else t


# ------------------------------------------------------------------ text measure

def wrap(text: str, font: Font, width: float) -> list[str]:
    out, cur = [], ""
    for w in text.split():
        t = f"{cur} {w}" if cur else w
        if cur and stringWidth(t, font.name, font.size) > width:
            out.append(cur)
            cur = w
        else:
            cur = t
    return out + ([cur] if cur else [])


# ------------------------------------------------------------------ the flow engine

Op = Callable[[canvas.Canvas], None]


@dataclass
class Item:
    """One unbreakable piece of a column: a text line, a heading line block, a call-out box."""
    height: float
    draw: Callable[[canvas.Canvas, float, float, float], None]  # c, x, y_top, width
    heading: dict | None = None  # gold section, page filled in when placed
    keep: int = 0  # items after this one that must share its column
    space: bool = False  # vertical space: dropped at the top of a column


@dataclass
class Engine:
    st: Style
    pages: list[list[Op]] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    y: float = 0.0
    pending: list = field(default_factory=list)  # items waiting for the next band

    def __post_init__(self):
        w, h = self.st.pagesize
        l, r, t, b = self.st.margins
        self.top, self.bottom = h - t, b
        self.left, self.width = l, w - l - r
        self.colw = (self.width - (self.st.ncols - 1) * self.st.gutter) / self.st.ncols

    # pages
    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.top

    @property
    def page(self) -> int:
        return len(self.pages)

    def op(self, f: Op) -> None:
        self.pages[-1].append(f)

    # column runs
    def add(self, items: list[Item]) -> None:
        self.pending += items

    def flush(self) -> None:
        items, self.pending = self.pending, []
        self.flow(items)

    def flow(self, items: list[Item]) -> None:
        """Lay items into the columns of the current band (balanced), continuing on new pages."""
        items = list(items)
        while items:
            n = self.st.ncols
            avail = self.y - self.bottom
            total = sum(it.height for it in items)
            balanced = n > 1 and total <= n * avail * 0.95
            target = total / n if balanced else avail
            band_top, low = self.y, self.y
            for col in range(n):
                x = self.left + col * (self.colw + self.st.gutter)
                y = band_top
                last = col == n - 1
                while items:
                    it = items[0]
                    if it.space and y == band_top:
                        items.pop(0)
                        continue
                    need = sum(i.height for i in items[: 1 + it.keep])
                    limit = self.bottom if (last or not balanced) else max(self.bottom, band_top - target - 0.5 * it.height)
                    if y - need < self.bottom or (y < band_top and y - it.height < limit):
                        break
                    self._place(it, x, y)
                    y -= it.height
                    items.pop(0)
                low = min(low, y)
                if not items:
                    break
            if items:
                self.new_page()
            else:
                self.y = low

    def _place(self, it: Item, x: float, y: float) -> None:
        if it.heading is not None:
            it.heading["page"] = self.page
            self.sections.append(it.heading)
        w = self.colw
        self.op(lambda c, it=it, x=x, y=y, w=w: it.draw(c, x, y, w))


# ------------------------------------------------------------------ building items

def text_items(eng: Engine, text: str, font: Font | None = None, after: float = 6.0) -> list[Item]:
    font = font or eng.st.body
    lead = eng.st.leading

    def line(s):
        def draw(c, x, y, w):
            c.setFont(font.name, font.size)
            c.setFillColor(HexColor(font.color))
            c.drawString(x, y - font.size, s)
        return Item(lead, draw)
    out = [line(s) for s in wrap(text, font, eng.colw)]
    if out:
        out[0].keep = min(1, len(out) - 1)  # no widow first line
    return out + [Item(after, lambda *a: None, space=True)]


def heading_items(eng: Engine, level: int, title: str) -> list[Item]:
    font = eng.st.heads[level]
    before = {1: 16, 2: 10, 3: 6}[level]
    lines = wrap(title, font, eng.colw)
    h = len(lines) * font.size * 1.25 + 4

    def draw(c, x, y, w):
        c.setFont(font.name, font.size)
        c.setFillColor(HexColor(font.color))
        for k, s in enumerate(lines):
            c.drawString(x, y - font.size - k * font.size * 1.25, s)
    return [Item(before, lambda *a: None, space=True),
            Item(h, draw, heading={"title": title, "level": level, "page": None}, keep=2)]


def callout_items(eng: Engine, text: str) -> list[Item]:
    font = Font("Helvetica-Oblique", eng.st.body.size, "#005A9C")
    lines = wrap(text, font, eng.colw - 16)
    lead = eng.st.leading
    h = len(lines) * lead + 16

    def draw(c, x, y, w):
        c.setFillColor(HexColor("#E3EEF8"))
        c.rect(x, y - h, w, h, stroke=0, fill=1)
        c.setFont(font.name, font.size)
        c.setFillColor(HexColor(font.color))
        for k, s in enumerate(lines):
            c.drawString(x + 8, y - 8 - font.size - k * lead, s)
    return [Item(h, draw), Item(8, lambda *a: None, space=True)]


# ------------------------------------------------------------------ tables

def place_table(eng: Engine, caption: str, header: list[str], body: list[list[str]], widths: list[float],
                header2: list[str] | None = None) -> None:
    """Draw a full-width table below the current band, splitting it over pages (header repeated).
    `header2` is a second header row under a first whose "" cells continue the cell to their left
    (a spanning header: no rule is drawn between them)."""
    st = eng.st
    f = st.table_font
    hf = Font(f.name.split("-")[0] + ("-Bold" if f.name.startswith("Helvetica") else "-Bold"), f.size,
              "#FFFFFF" if st.table in ("grid", "shaded") else f.color)
    tw = eng.width
    xs = [eng.left]
    for frac in widths:
        xs.append(xs[-1] + frac * tw)
    pad, lead = 4.0, f.size * 1.25

    def measure(row, font):
        cells = [wrap(t, font, xs[j + 1] - xs[j] - 2 * pad) for j, t in enumerate(row)]
        return cells, max(len(c) for c in cells) * lead + 2 * pad

    head_cells, head_h = measure(header, hf)
    heads = [(header, head_cells, head_h)] + ([(header2, *measure(header2, hf))] if header2 else [])
    rows = [measure(r, f) for r in body]
    cap_font = st.caption
    cap_h = (cap_font.size * 1.6) if (cap_font and caption) else 0
    eng.flush()
    eng.y -= 10
    if eng.y - (cap_h + sum(h for *_, h in heads) + sum(h for _, h in rows[:2])) < eng.bottom:
        eng.new_page()
    gold = {"page": None, "page_end": None, "caption": caption if cap_font else "", "header_rows": len(heads),
            "rows": [list(r) for r, _, _ in heads] + [list(r) for r in body]}
    eng.tables.append(gold)

    def draw_caption(text):
        y = eng.y

        def d(c):
            c.setFont(cap_font.name, cap_font.size)
            c.setFillColor(HexColor(cap_font.color))
            c.drawString(eng.left, y - cap_font.size, text)
        eng.op(d)
        eng.y -= cap_h

    def draw_row(cells, h, font, is_head, spans=None):
        y = eng.y

        def d(c):
            if is_head and st.table in ("grid", "shaded"):
                c.setFillColor(HexColor("#1F4E79" if st.table == "grid" else "#7030A0"))
                c.rect(xs[0], y - h, xs[-1] - xs[0], h, stroke=0, fill=1)
            c.setFont(font.name, font.size)
            c.setFillColor(HexColor(font.color))
            for j, lines in enumerate(cells):
                for k, s in enumerate(lines):
                    tx = xs[j] + pad
                    if j > 0 and re.fullmatch(r"[£\d,.%\-+ n/a]+", " ".join(lines)) and not is_head:
                        tx = xs[j + 1] - pad - stringWidth(s, font.name, font.size)  # figures right-aligned
                    c.drawString(tx, y - pad - font.size * 0.95 - k * lead, s)
            if st.table == "grid":
                c.setStrokeColor(HexColor("#808080"))
                c.setLineWidth(0.5)
                c.line(xs[0], y, xs[-1], y)
                c.line(xs[0], y - h, xs[-1], y - h)
                for j, x in enumerate(xs):
                    if not (spans and 0 < j < len(spans) and spans[j] == ""):
                        c.line(x, y, x, y - h)
        eng.op(d)
        eng.y -= h

    def hrule(width):
        y = eng.y

        def d(c):
            c.setStrokeColor(HexColor("#000000"))
            c.setLineWidth(width)
            c.line(xs[0], y, xs[-1], y)
        eng.op(d)

    def open_fragment(cont: bool):
        if cap_font and caption and (not cont or st.continued_caption):
            draw_caption(caption + (" (continued)" if cont else ""))
        if st.table == "booktabs":
            hrule(1.2)
        if not cont or st.table in ("booktabs", "grid", "shaded"):
            for row, cells, h in heads:
                draw_row(cells, h, hf, True, spans=row if len(heads) > 1 else None)
            if st.table == "booktabs":
                hrule(0.6)
            if st.table == "plain":
                eng.y -= 2

    open_fragment(False)
    gold["page"] = eng.page
    for cells, h in rows:
        if eng.y - h < eng.bottom:
            if st.table == "booktabs":
                hrule(1.2)
            eng.new_page()
            open_fragment(True)
        draw_row(cells, h, f, False)
    if st.table == "booktabs":
        hrule(1.2)
    gold["page_end"] = eng.page
    eng.y -= 14


def table_specs(rng: random.Random, small: bool, multiline: bool) -> list[tuple[str, list[str], list[list[str]], list[float]]]:
    """Funding, attendance and performance tables with plausible figures."""
    agencies = rng.sample(AGENCIES, 7 if small else 9)
    amounts = [rng.randrange(2, 90) * 1000 + rng.choice([0, 250, 500, 750]) for _ in agencies]
    total = sum(amounts)
    fund = [[a, f"£{v:,}", f"{100 * v / total:.1f}%"] for a, v in zip(agencies, amounts)]
    fund.append(["Total", f"£{total:,}", "100%"])
    att_n = rng.randint(36, 44)  # longer than a page: always continued over a page break
    names = (AGENCIES * 4)[:att_n]
    att = []
    for k, a in enumerate(names):
        poss = rng.choice([4, 5, 6])
        got = rng.randint(1, poss)
        att.append([f"{a} ({'Member' if k % 3 else 'Deputy'} {k // len(AGENCIES) + 1})" if k >= len(AGENCIES) else a,
                    str(got), str(poss), f"{round(100 * got / poss)}%"])
    perf_rows = ["Children subject to a child protection plan", "Referrals to children's social care",
                 "Re-referrals within 12 months", "Children looked after", "Early help assessments completed",
                 "Missing episodes reported"]
    perf = [[p, str(rng.randint(80, 900)), str(rng.randint(80, 900)), str(rng.randint(80, 900))]
            for p in perf_rows[: 4 if small else 6]]
    specs = [
        ("Table 1: Partner contributions 2019-20", ["Agency", "Contribution (£)", "Share"], fund, [0.55, 0.25, 0.20]),
        ("Table 2: Board attendance April 2019 to March 2020", ["Agency", "Attended", "Possible", "Rate"], att,
         [0.52, 0.16, 0.16, 0.16]),
        ("Table 3: Key performance indicators", ["Indicator", "2017-18", "2018-19", "2019-20"], perf,
         [0.52, 0.16, 0.16, 0.16]),
    ]
    if multiline:
        courses = [["Safeguarding awareness", "Recognising abuse and neglect and how to make a referral to the front door", str(rng.randint(100, 400))],
                   ["Neglect toolkit", "Using the graded care profile with families where neglect is a concern", str(rng.randint(20, 90))],
                   ["Child sexual exploitation", "Spotting the signs of exploitation and the multi-agency response", str(rng.randint(20, 90))],
                   ["Domestic abuse", "Risk assessment and safety planning with victims and their children", str(rng.randint(20, 90))]]
        for row in courses:  # long enough to wrap over two or three lines
            row[1] += ", with case studies from local reviews and time to plan how learning is shared with teams"
        specs.append(("Training delivered", ["Course", "What it covered", "Delegates"], courses, [0.25, 0.45, 0.30]))
    return specs


# ------------------------------------------------------------------ furniture, cover, contents

def draw_furniture(style: str, board: str, c: canvas.Canvas, page: int, total: int) -> None:
    w, h = STYLES[style].pagesize
    c.setFillColor(HexColor("#595959"))
    if style == "serif":
        c.setFont("Times-Roman", 9)
        c.drawRightString(w - 72, 34, f"Annual Report 2019-20 | {page}")
        if page % 2 == 1:
            c.drawString(72, h - 40, board)
    elif style == "booktabs":
        c.setFont("Helvetica", 8)
        c.drawString(62, h - 42, board)
        c.drawRightString(w - 62, h - 42, "Annual Report 2019/20")
        c.drawCentredString(w / 2, 36, f"Page {page}")
    elif style == "columns":
        c.setFont("Helvetica-Bold", 8)
        c.drawRightString(w - 40, h - 36, board.upper())
        c.setFont("Helvetica", 8)
        c.drawCentredString(w / 2, 30, str(page))
    else:
        c.setFont("Helvetica", 8)
        c.drawString(90, 30, f"{board} Annual Report 2019-20")
        c.drawRightString(w - 90, 30, str(page))


def cover(eng: Engine, board: str) -> None:
    w, h = eng.st.pagesize
    f = eng.st.heads[1]

    def d(c):
        c.setFont(f.name, 26)
        c.setFillColor(HexColor(f.color))
        c.drawString(eng.left, h * 0.6, board)
        c.setFont(eng.st.body.name, 16)
        c.drawString(eng.left, h * 0.6 - 34, "Annual Report 2019-20")
    eng.op(d)


def contents_ops(eng: Engine, page_ops: list[Op]) -> None:
    """A contents page listing level 1-2 headings with dot leaders and page numbers."""
    st = eng.st
    entries = [s for s in eng.sections if s["level"] <= 2]
    w, h = st.pagesize

    def d(c):
        c.setFont(st.heads[1].name, st.heads[1].size)
        c.setFillColor(HexColor(st.heads[1].color))
        c.drawString(eng.left, eng.top - st.heads[1].size, "Contents")
        y = eng.top - 50
        for e in entries:
            x = eng.left + (0 if e["level"] == 1 else 18)
            font = "Helvetica-Bold" if e["level"] == 1 else "Helvetica"
            c.setFont(font, 10)
            c.setFillColor(HexColor("#222222"))
            c.drawString(x, y, e["title"])
            tw = stringWidth(e["title"], font, 10)
            num = str(e["page"])
            c.drawRightString(eng.left + eng.width, y, num)
            dots_x = x + tw + 6
            end = eng.left + eng.width - stringWidth(num, font, 10) - 6
            c.setFont("Helvetica", 10)
            c.drawString(dots_x, y, " ".join("." * 1 for _ in range(int((end - dots_x) / 5.0))))
            y -= 17 if e["level"] == 1 else 15
    page_ops.append(d)


# ------------------------------------------------------------------ one document

def build(style: str, doc_id: str, pdf_path: Path, gold_path: Path, seed: int, small: bool = False) -> dict:
    """Lay out one report, write the PDF and its layout gold; returns the gold."""
    if style in EXTRA_STYLES:
        from extra import build_extra  # imports this module: loaded on first use
        return build_extra(style, doc_id, pdf_path, gold_path, seed, small)
    st = STYLES[style]
    if style == "booktabs" and seed % 2 == 0:
        st = replace(st, continued_caption=True)  # 'Table 2 (continued)' over the repeated header
    rng = random.Random(f"{style}-{seed}-{doc_id}")
    paras = seed_paragraphs()
    board = rng.choice(BOARDS)
    eng = Engine(st)
    eng.new_page()
    cover(eng, board)
    if st.contents:
        eng.new_page()  # filled in once the headings' pages are known
    eng.new_page()

    def para(n=1):
        for _ in range(n):
            eng.add(text_items(eng, rng.choice(paras)))

    tables = table_specs(rng, small, multiline=style == "landscape")
    eng.add(heading_items(eng, 1, number_title(style, 1, [], "Foreword", None)))
    para(2 if small else 4)
    outline = OUTLINE[:2] if small else OUTLINE
    t_at = {0: 2, 1: 3} if small else {0: 2, 2: 3}  # chapter -> table index placed in it
    for ci, (title, subs) in enumerate(outline, start=1):
        eng.add(heading_items(eng, 1, number_title(style, 1, [ci], title, None)))
        para(1)
        for si, (sub, subsubs) in enumerate(subs, start=1):
            eng.add(heading_items(eng, 2, number_title(style, 2, [ci, si], sub, None)))
            para(1 if small else 2)
            if st.callout and si == 1 and ci % 2 == 0:
                eng.add(callout_items(eng, "Did you know? " + rng.choice(paras)[:180].rsplit(" ", 1)[0] + "."))
            for ti, subsub in enumerate(subsubs, start=1):
                eng.add(heading_items(eng, 3, number_title(style, 3, [ci, si, ti], subsub, None)))
                para(1 if small else 2)
        if ci - 1 in t_at and t_at[ci - 1] < len(tables):
            place_table(eng, *tables[t_at[ci - 1]])
            para(1)
    for ai, title in enumerate(APPENDICES):
        letter = "AB"[ai]
        eng.add(heading_items(eng, 1, number_title(style, 1, [], title, letter)))
        para(1)
        place_table(eng, *tables[ai])
        para(1)
    eng.flush()
    if st.contents:
        contents_ops(eng, eng.pages[1])
    total = len(eng.pages)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(pdf_path), pagesize=st.pagesize, invariant=1)
    c.setTitle("")
    for n, ops in enumerate(eng.pages, start=1):
        if n > 1:
            draw_furniture(style, board, c, n, total)
        for f in ops:
            f(c)
        c.showPage()
    c.save()
    gold = {"doc_id": doc_id, "style": style, "pages": total, "has_outline": False,
            "sections": eng.sections, "tables": eng.tables}
    gold_path.parent.mkdir(parents=True, exist_ok=True)
    gold_path.write_text(json.dumps(gold, indent=1, ensure_ascii=False))
    return gold


EXTRA_STYLES = ("banner", "plain", "quirks", "dense")  # registered here, built by extra.py
ALL_STYLES = tuple(STYLES) + EXTRA_STYLES


def generate(out: Path, styles=ALL_STYLES, docs: int = 2, seed: int = 7, small: bool = False) -> list[Path]:
    pdfs = []
    for style in styles:
        for k in range(1, docs + 1):
            doc_id = f"{style}-{k:02d}"
            pdf = out / style / f"{doc_id}.pdf"
            build(style, doc_id, pdf, out / "gold" / style / f"{doc_id}.layout.json", seed + k, small)
            pdfs.append(pdf)
    return pdfs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--out", default="/tmp/styles")
    ap.add_argument("--docs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--style", action="append", choices=list(ALL_STYLES))
    ap.add_argument("--small", action="store_true")
    a = ap.parse_args()
    for p in generate(Path(a.out), tuple(a.style or ALL_STYLES), a.docs, a.seed, a.small):
        print(p)


if __name__ == "__main__":
    main()
