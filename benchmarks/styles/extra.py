"""Four more house styles for generate.py, each built to break an assumption the others share.

  banner  level-1 headings as white text on full-width coloured bars; level-2 headings in a left
          margin column level with the body text; large coloured italic pull quotes mid-page (not
          headings); footnotes in small type at the foot of some pages (different on each page).
  plain   level-1 headings bold at body size on a line of their own; level-2 headings in plain body
          type, told apart ONLY by the contents page (dot leaders, printed page labels offset from
          the physical pages: cover and contents unnumbered); a ruled table with a header cell
          spanning two columns over two sub-headers (gold: header_rows 2, rectangular rows).
  quirks  letter-spaced level-1 headings (char spacing wide enough to split words); ligature
          glyphs (U+FB01/FB02, DejaVuSans when installed, else none); end-of-line hyphenation;
          superscript footnote markers (one on a heading); a full-page image with no text (needs
          OCR); roman page numbers in the front matter, arabic from the first chapter.
  dense   a 4-column statistics table without rules (right-aligned figures, total row) straight
          after a heading with no caption; two half-width tables side by side; a table continued
          over a page break with NO repeated header and only 1-2 rows on the next page.

Gold is recorded by the flow engine while placing, as in generate.py.
"""
from __future__ import annotations

import io
import json
import random
from pathlib import Path

from generate import (
    AGENCIES,
    APPENDICES,
    BOARDS,
    OUTLINE,
    Engine,
    Font,
    Item,
    Style,
    heading_items,
    place_table,
    seed_paragraphs,
    table_specs,
    text_items,
    wrap,
)
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _ttf() -> str | None:
    """DejaVuSans (has the fi/fl ligature glyphs) when installed; None means no ligatures."""
    try:
        if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVuSans", DEJAVU))
        return "DejaVuSans"
    except Exception:
        return None


EXTRA = {
    "banner": Style("banner", A4, (170, 50, 70, 100), 1, 0, Font("Helvetica", 9.5, "#333333"), 13,
                    {1: Font("Helvetica-Bold", 16, "#FFFFFF"), 2: Font("Helvetica-Bold", 10, "#0B6E4F"),
                     3: Font("Helvetica-Bold", 9.5, "#333333")},
                    "shaded", Font("Helvetica", 9, "#333333"), Font("Helvetica-Bold", 9.5, "#0B6E4F")),
    "plain": Style("plain", A4, (72, 72, 72, 72), 1, 0, Font("Times-Roman", 11), 14.5,
                   {1: Font("Times-Bold", 11), 2: Font("Times-Roman", 11), 3: Font("Times-Roman", 11)},
                   "grid", Font("Times-Roman", 10), Font("Times-Roman", 11), contents=True),
    "quirks": Style("quirks", A4, (66, 66, 70, 70), 1, 0, Font("Helvetica", 9.5, "#1A1A1A"), 13,
                    {1: Font("Helvetica-Bold", 15, "#2F5496", True), 2: Font("Helvetica-Bold", 11.5, "#2F5496"),
                     3: Font("Helvetica-BoldOblique", 9.5, "#1A1A1A")},
                    "booktabs", Font("Helvetica", 9, "#1A1A1A"), Font("Helvetica-Bold", 9.5), contents=True),
    "dense": Style("dense", A4, (48, 48, 56, 56), 1, 0, Font("Helvetica", 8.5, "#222222"), 11,
                   {1: Font("Helvetica-Bold", 13, "#C00000"), 2: Font("Helvetica-Bold", 10.5, "#222222"),
                    3: Font("Helvetica-Bold", 8.5, "#222222")},
                   "plain", Font("Helvetica", 8.5, "#222222"), Font("Helvetica-Bold", 8.5, "#C00000")),
}
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
QUOTES = ["Partners now share information much earlier, and families notice the difference.",
          "Learning from reviews has changed how we work together every day.",
          "Children told us they want to be listened to, and we have listened.",
          "The Board has been a critical friend when it mattered most."]


def _space(h: float) -> Item:
    return Item(h, lambda *a: None, space=True)


# ------------------------------------------------------------------ banner pieces

def banner_heading(eng: Engine, title: str) -> list[Item]:
    """White bold text on a bar that runs the full page width (like the brochure's)."""
    f, pw = eng.st.heads[1], eng.st.pagesize[0]

    def draw(c, x, y, w):
        c.setFillColor(HexColor("#0B6E4F"))
        c.rect(0, y - 30, pw, 30, stroke=0, fill=1)
        c.setFont(f.name, f.size)
        c.setFillColor(HexColor(f.color))
        c.drawString(50, y - 21, title)
    return [_space(14), Item(42, draw, heading={"title": title, "level": 1, "page": None}, keep=2)]


def margin_heading(eng: Engine, title: str) -> list[Item]:
    """A level-2 heading in the left margin column, level with the first body lines beside it."""
    f = eng.st.heads[2]
    lines = wrap(title, f, 105)

    def draw(c, x, y, w):
        c.setFont(f.name, f.size)
        c.setFillColor(HexColor(f.color))
        for k, s in enumerate(lines):
            c.drawString(50, y - f.size - k * 12.5, s)
    return [_space(8), Item(0, draw, heading={"title": title, "level": 2, "page": None}, keep=3)]


def pull_quote(eng: Engine, text: str) -> list[Item]:
    f = Font("Helvetica-Oblique", 15, "#0B6E4F")
    lines = wrap("\u201c" + text + "\u201d", f, eng.colw - 30)

    def draw(c, x, y, w):
        c.setFont(f.name, f.size)
        c.setFillColor(HexColor(f.color))
        for k, s in enumerate(lines):
            c.drawString(x + 15, y - 10 - f.size - k * 19, s)
    return [_space(6), Item(len(lines) * 19 + 20, draw), _space(6)]


def footnotes(c: canvas.Canvas, rng: random.Random, paras: list[str], page: int) -> None:
    """One or two numbered notes in 7 pt type above the footer; their text differs per page."""
    c.setStrokeColor(HexColor("#999999"))
    c.setLineWidth(0.4)
    c.line(170, 88, 260, 88)
    c.setFont("Helvetica", 7)
    c.setFillColor(HexColor("#555555"))
    y = 79
    for k in range(rng.choice([1, 2])):
        s = rng.choice(paras)[:120].rsplit(" ", 1)[0] + "."
        c.drawString(170, y, f"{page * 2 + k} {s}")
        y -= 9


# ------------------------------------------------------------------ quirks pieces

def spaced_heading(eng: Engine, title: str, level: int = 1) -> list[Item]:
    """Capitals tracked out with character spacing wider than a word-gap tolerance."""
    f = eng.st.heads[level]

    def draw(c, x, y, w):
        c.setFont(f.name, f.size)
        c.setFillColor(HexColor(f.color))
        c.drawString(x, y - f.size, title, charSpace=4.2)
    return [_space(16), Item(f.size * 1.25 + 6, draw, heading={"title": title, "level": level, "page": None}, keep=2)]


def super_heading(eng: Engine, level: int, title: str, mark: str) -> list[Item]:
    """A heading ending in a superscript footnote marker (the gold title has no marker)."""
    f = eng.st.heads[level]

    def draw(c, x, y, w):
        c.setFont(f.name, f.size)
        c.setFillColor(HexColor(f.color))
        c.drawString(x, y - f.size, title)
        c.setFont(f.name, f.size * 0.58)
        c.drawString(x + stringWidth(title, f.name, f.size) + 0.5, y - f.size * 0.6, mark)
    return [_space(10), Item(f.size * 1.25 + 4, draw, heading={"title": title, "level": level, "page": None}, keep=2)]


LIGS = {"ffi": "\ufb03", "ffl": "\ufb04", "fi": "\ufb01", "fl": "\ufb02", "ff": "\ufb00"}


def ligate(text: str) -> str:
    for k in ("ffi", "ffl", "fi", "fl", "ff"):
        text = text.replace(k, LIGS[k])
    return text


def hyphen_items(eng: Engine, text: str, font: Font, mark: str | None = None) -> list[Item]:
    """A paragraph wrapped with end-of-line hyphenation, optional ligatures (TTF) and a superscript
    marker after its first sentence."""
    width, lead = eng.colw, eng.st.leading
    words, lines, cur = text.split(), [], ""
    for w in words:
        t = f"{cur} {w}" if cur else w
        if not cur or stringWidth(t, font.name, font.size) <= width:
            cur = t
            continue
        if len(w) >= 8 and w.isalpha():  # hyphenate: as much of the word as fits, then '-'
            for cut in range(len(w) - 3, 2, -1):
                head = f"{cur} {w[:cut]}-"
                if stringWidth(head, font.name, font.size) <= width:
                    lines.append(head)
                    cur = w[cut:]
                    break
            else:
                lines.append(cur)
                cur = w
        else:
            lines.append(cur)
            cur = w
    if cur:
        lines.append(cur)
    lig = font.name == "DejaVuSans"

    def line(s, k):
        def draw(c, x, y, w):
            c.setFont(font.name, font.size)
            c.setFillColor(HexColor(font.color))
            c.drawString(x, y - font.size, ligate(s) if lig else s)
            if mark and k == 0 and not s.endswith("-"):
                c.setFont(font.name, font.size * 0.6)
                c.drawString(x + stringWidth(ligate(s) if lig else s, font.name, font.size) + 0.5,
                             y - font.size * 0.55, mark)
        return Item(lead, draw)
    out = [line(s, k) for k, s in enumerate(lines)]
    if len(out) > 1:
        out[0].keep = 1
    return out + [_space(6)]


def image_page(c: canvas.Canvas, w: float, h: float) -> None:
    """A scanned infographic: a raster image, no text layer at all."""
    from PIL import Image, ImageDraw
    im = Image.new("RGB", (300, 420), "#FFFFFF")
    d = ImageDraw.Draw(im)
    for k in range(6):
        d.rectangle([30, 40 + k * 60, 60 + k * 35, 80 + k * 60], fill=(40, 90 + k * 20, 160))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    buf.seek(0)
    c.drawImage(ImageReader(buf), 40, 40, w - 80, h - 80)


# ------------------------------------------------------------------ dense pieces

def stats_table(rng: random.Random) -> tuple[list[str], list[list[str]]]:
    srcs = ["Police", "Schools", "Health visitors", "GP practices", "Hospitals", "Anonymous", "Other"]
    body = [[s] + [f"{rng.randint(40, 2400):,}" for _ in range(3)] for s in srcs]
    tot = ["Total"] + [f"{sum(int(r[k].replace(',', '')) for r in body):,}" for k in (1, 2, 3)]
    return ["Source of referral", "2017-18", "2018-19", "2019-20"], body + [tot]


SHORT_KPI = {  # labels short enough for a half-width table's first column
    "Children subject to a child protection plan": "CP plans",
    "Referrals to children's social care": "Referrals",
    "Re-referrals within 12 months": "Re-referrals",
    "Children looked after": "Looked after",
    "Early help assessments completed": "Early help",
    "Missing episodes reported": "Missing episodes",
}


def place_pair(eng: Engine, left: tuple, right: tuple) -> None:
    """Two captioned tables side by side, each half the text width (no rules, bold header)."""
    st, f = eng.st, eng.st.table_font
    hf, cap = Font("Helvetica-Bold", f.size, f.color), st.caption
    eng.flush()
    eng.y -= 10
    gap, half = 24.0, (eng.width - 24.0) / 2
    lead, pad = f.size * 1.25, 3.0
    h = cap.size * 1.6 + (1 + max(len(left[2]), len(right[2]))) * (lead + 2 * pad) + 4
    if eng.y - h < eng.bottom:
        eng.new_page()
    y0 = eng.y
    for k, (caption, header, body, widths) in enumerate((left, right)):
        x0 = eng.left + k * (half + gap)
        xs = [x0]
        for frac in widths:
            xs.append(xs[-1] + frac * half)
        spans = []  # a real half-width table is set so that its columns never overlap
        for j in range(len(header)):
            ws = [stringWidth(r[j], (hf if r is header else f).name, f.size) for r in [header] + body]
            spans.append((xs[0] + pad, xs[0] + pad + max(ws)) if j == 0 else
                         (xs[j + 1] - pad - max(ws), xs[j + 1] - pad))  # labels left, figures right
        for (_, e), (b, _) in zip(spans, spans[1:]):
            assert b - e >= 1.2 * f.size, (caption, e, b)  # at least an em between columns
        eng.tables.append({"page": eng.page, "page_end": eng.page, "caption": caption, "header_rows": 1,
                           "rows": [list(header)] + [list(r) for r in body]})

        def d(c, xs=xs, caption=caption, header=header, body=body):
            c.setFont(cap.name, cap.size)
            c.setFillColor(HexColor(cap.color))
            c.drawString(xs[0], y0 - cap.size, caption)
            y = y0 - cap.size * 1.6
            for i, row in enumerate([header] + body):
                font = hf if i == 0 else f
                c.setFont(font.name, font.size)
                c.setFillColor(HexColor(font.color))
                for j, t in enumerate(row):
                    tx = xs[j] + pad
                    if j > 0:
                        tx = xs[j + 1] - pad - stringWidth(t, font.name, font.size)
                    c.drawString(tx, y - pad - font.size * 0.95, t)
                y -= lead + 2 * pad + (2 if i == 0 else 0)
        eng.op(d)
    eng.y -= h + 10


def spill_rows(eng: Engine, rng: random.Random, n_spill: int) -> list[list[str]]:
    """Attendance rows sized so that exactly n_spill rows run onto the next page (no header there)."""
    f = eng.st.table_font
    row_h = f.size * 1.25 + 8
    eng.flush()
    avail = eng.y - 10 - eng.st.caption.size * 1.6 - (row_h + 2) - eng.bottom
    if avail < 5 * row_h:
        eng.new_page()
        avail = eng.y - 10 - eng.st.caption.size * 1.6 - (row_h + 2) - eng.bottom
    n = int(avail // row_h) + n_spill
    names = (AGENCIES * 6)[:n]
    rows = []
    for k, a in enumerate(names):
        poss = rng.choice([4, 5, 6])
        got = rng.randint(1, poss)
        name = f"{a} (rep {k // len(AGENCIES) + 1})" if k >= len(AGENCIES) else a
        rows.append([name, str(got), str(poss), f"{round(100 * got / poss)}%"])
    return rows


# ------------------------------------------------------------------ the documents

def _number(style: str, level: int, nums: list[int], title: str) -> str:
    if style in ("banner", "plain") or not nums:
        t = title
    else:
        t = f"{nums[0]}. {title}" if level == 1 else f"{'.'.join(map(str, nums))} {title}"
    return t.upper() if EXTRA[style].heads[level].caps else t


def _label(style: str, page: int, front: int) -> str:
    """The printed page label of physical page `page` ('' = unnumbered)."""
    if style == "plain":
        return "" if page <= 2 else str(page - 2)
    if style == "quirks":
        return "" if page == 1 else (ROMAN[page - 1] if page <= front else str(page - front))
    return str(page)


def _contents(eng: Engine, style: str, front: int) -> None:
    st = eng.st
    entries = [s for s in eng.sections if s["level"] <= 2]

    def d(c):
        c.setFont("Helvetica-Bold" if style == "quirks" else "Times-Bold", 14)
        c.setFillColor(HexColor("#222222"))
        c.drawString(eng.left, eng.top - 14, "CONTENTS" if style == "quirks" else "Contents",
                     charSpace=4.2 if style == "quirks" else 0)
        y = eng.top - 50
        font = st.body.name if style == "plain" else "Helvetica"
        for e in entries:
            x = eng.left + (0 if e["level"] == 1 else 20)
            c.setFont(font, 10.5)
            c.drawString(x, y, e["title"])
            num = _label(style, e["page"], front)
            c.drawRightString(eng.left + eng.width, y, num)
            dx, end = x + stringWidth(e["title"], font, 10.5) + 6, eng.left + eng.width - stringWidth(num, font, 10.5) - 6
            c.drawString(dx, y, " ".join("." for _ in range(int((end - dx) / 5.3))))
            y -= 16
    eng.pages[1].append(d)


def build_extra(style: str, doc_id: str, pdf_path: Path, gold_path: Path, seed: int, small: bool = False) -> dict:
    st = EXTRA[style]
    rng = random.Random(f"{style}-{seed}-{doc_id}")
    paras = seed_paragraphs()
    board = rng.choice(BOARDS)
    ttf = _ttf() if style == "quirks" else None
    body = Font(ttf, st.body.size, st.body.color) if ttf else st.body
    eng = Engine(st)
    eng.new_page()
    w, h = st.pagesize

    def cover(c):
        c.setFont("Helvetica-Bold", 24)
        c.setFillColor(HexColor("#0B6E4F"))
        c.drawString(60, h * 0.6, board)
        c.setFont("Helvetica", 15)
        c.drawString(60, h * 0.6 - 32, "Annual Report 2019-20")
    eng.op(cover)
    if st.contents:
        eng.new_page()
    eng.new_page()
    n_mark = [0]

    def para(n=1):
        for _ in range(n):
            text = rng.choice(paras)
            if style == "quirks":
                n_mark[0] += 1
                eng.add(hyphen_items(eng, text, body, mark=str(n_mark[0]) if n_mark[0] % 3 == 1 else None))
            else:
                eng.add(text_items(eng, text, body))

    def head(level, title):
        if style == "banner" and level == 1:
            eng.add(banner_heading(eng, title))
        elif style == "banner" and level == 2:
            eng.add(margin_heading(eng, title))
        elif style == "quirks" and level == 1:
            eng.add(spaced_heading(eng, title))
        elif style == "quirks" and title.endswith("Serious Case Reviews"):
            eng.add(super_heading(eng, level, title, "1"))
        else:
            items = heading_items(eng, level, title)
            if style == "plain":
                items[0] = _space(8)  # a blank line, no more: the style has no heading spacing
            eng.add(items)

    specs = table_specs(rng, small, multiline=False)
    extra_tables = []
    head(1, _number(style, 1, [], "Foreword"))
    para(2 if small else 3)
    front = 0
    if style == "quirks":  # front matter ends: chapters start on a fresh page numbered 1
        eng.flush()
        front = eng.page
        eng.new_page()
    outline = OUTLINE[:2] if small else OUTLINE
    for ci, (title, subs) in enumerate(outline, start=1):
        head(1, _number(style, 1, [ci], title))
        para(1)
        if style == "dense" and ci == 1:
            header, rows = stats_table(rng)
            head(2, "Referrals to children's social care")
            place_table(eng, "", header, rows, [0.46, 0.18, 0.18, 0.18])
            para(1)
        for si, (sub, subsubs) in enumerate(subs, start=1):
            head(2, _number(style, 2, [ci, si], sub))
            para(1 if small else 2)
            if style == "banner" and si == 1:
                eng.add(pull_quote(eng, QUOTES[(ci + seed) % len(QUOTES)]))
                para(1)
            for ti, subsub in enumerate(subsubs, start=1):
                if style != "plain":  # plain has no level-3 headings (nothing would tell them)
                    head(3, _number(style, 3, [ci, si, ti], subsub))
                para(1 if small else 2)
        if ci == 1 and style == "plain":
            header, rows, widths = _merged(rng)
            place_table(eng, "Table 1: Referrals and rates by year", header, rows, widths,
                        header2=["", "Number", "Rate", "Number", "Rate"])
            para(1)
        if ci == 2 and style == "dense":
            fund = specs[0]
            perf = specs[2]
            short = [[SHORT_KPI.get(r[0], r[0])] + r[1:] for r in perf[2][:6]]
            place_pair(eng, (fund[0], ["Agency", "Amount (£)", "Share"], fund[2][:6], [0.62, 0.23, 0.15]),
                       (perf[0], perf[1], short, [0.34, 0.22, 0.22, 0.22]))
            para(1)
        if ci == 2 and style == "quirks":
            eng.flush()
            eng.new_page()
            extra_tables.append(eng.page)  # the image page: nothing else on it
            eng.new_page()
        if ci == 2 and style != "dense":
            place_table(eng, *specs[2])
            para(1)
    for ai, title in enumerate(APPENDICES):
        head(1, f"Appendix {'AB'[ai]}. {title}" if style != "quirks" else f"APPENDIX {'AB'[ai]}. {title.upper()}")
        para(1)
        if style == "dense" and ai == 1:
            spec = specs[1]
            rows = spill_rows(eng, rng, 1 + seed % 2)
            place_table(eng, spec[0], spec[1], rows, spec[3])
        elif style != "dense" or ai == 0:
            spec = specs[ai]
            if style != "dense" and ai == 1:
                spec = (spec[0], spec[1], spec[2][:12], spec[3])
            place_table(eng, *spec)
        para(1)
    eng.flush()
    if st.contents:
        _contents(eng, style, front)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(pdf_path), pagesize=st.pagesize, invariant=1)
    c.setTitle("")
    note_rng = random.Random(f"notes-{seed}-{doc_id}")
    for n, ops in enumerate(eng.pages, start=1):
        if n in extra_tables:
            image_page(c, w, h)
            c.showPage()
            continue
        label = _label(style, n, front)
        c.setFont("Helvetica", 8)
        c.setFillColor(HexColor("#595959"))
        if label and style == "banner":
            c.drawString(170, 40, f"{board}  |  {label}")
        elif label:
            c.drawCentredString(w / 2, 36, label)
        if style == "banner" and n > 2 and n % 2 == 1:
            footnotes(c, note_rng, paras, n)
        for f in ops:
            f(c)
        c.showPage()
    c.save()
    gold = {"doc_id": doc_id, "style": style, "pages": len(eng.pages), "has_outline": False,
            "sections": eng.sections, "tables": eng.tables}
    gold_path.parent.mkdir(parents=True, exist_ok=True)
    gold_path.write_text(json.dumps(gold, indent=1, ensure_ascii=False))
    return gold


def _merged(rng: random.Random) -> tuple[list[str], list[list[str]], list[float]]:
    """Header row 1 spans two sub-headers per year ("" continues the cell to its left)."""
    rows = ["Children in need", "Child protection plans", "Children looked after", "Early help assessments"]
    body = [[r] + [str(rng.randint(50, 900)), f"{rng.randint(10, 99)}.{rng.randint(0, 9)}"] * 2 for r in rows]
    return ["Indicator", "2018-19", "", "2019-20", ""], body, [0.40, 0.15, 0.15, 0.15, 0.15]
