"""Mechanisms of issue 9 (tables on real-world pages), each on a small PDF built here:
rows set solid (no extra space between rows) with wrapped and group labels, a spanning
header over body columns, a ruled table whose body has rules only across, and daggers
standing for empty figures; booktabs header bands read as one row over columns voted by the
body, figures in two columns inside one ruled column, word gaps PDFium marks with a generated
space, tables side by side or of other columns on the next page kept apart, leader dots."""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractor.ingest.pdf import open_document
from extractor.structure.tables import find_fragments

W, H = A4
PROSE = "The partnership reviewed its figures for the year and set out the changes below in full."


def _fragments(path: Path):
    with open_document(path) as (_, pages):
        return [f for p in pages for f in find_fragments(p)]


def _solid_table(path: Path, dagger: bool = False) -> Path:
    """An unruled table at 11.5 pt pitch for 10 pt type: rows no further apart than the lines
    of a wrapped label; a group label row; a header spanning the figure columns."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    c.drawString(60, H - 90, PROSE)
    y = H - 130
    c.drawString(260, y, "Number of children")  # spans the three figure columns below
    y -= 11.5
    for x, t in ((60, "Measure"), (270, "2019"), (350, "2020"), (430, "2021")):
        c.drawString(x, y, t)
    rows = [("Northern area", None),
            ("Children in need", ("3,767", "4,067", "4,120")),
            ("Children subject to a", ("472", "498", "†" if dagger else "510")),
            ("protection plan", None),
            ("Looked after children", ("707", "764", "801")),
            ("Southern area", None),
            ("Children in need", ("2,100", "†" if dagger else "2,210", "2,305")),
            ("Early help assessments", ("1,204", "1,310", "1,402")),
            ("Missing from home", ("96", "104", "88"))]
    for label, figs in rows:
        y -= 11.5
        c.drawString(60, y, label)
        for x, t in zip((270, 350, 430), figs or ()):
            c.drawRightString(x + 24, y, t)
    c.drawString(60, y - 40, PROSE)
    c.save()
    return path


def _table(frags):
    tables = [f for f in frags if f.n_cols == 4]
    assert len(tables) == 1, [f.rows for f in frags]
    return tables[0]


def test_solid_rows_are_read_one_line_each(tmp_path):
    t = _table(_fragments(_solid_table(tmp_path / "solid.pdf")))
    rows = [list(r) for r in t.rows]
    assert ["Children in need", "3,767", "4,067", "4,120"] in rows
    assert ["Looked after children", "707", "764", "801"] in rows
    assert ["Missing from home", "96", "104", "88"] in rows


def test_wrapped_label_reading_on_joins_its_row(tmp_path):
    rows = [list(r) for r in _table(_fragments(_solid_table(tmp_path / "solid.pdf"))).rows]
    assert ["Children subject to a protection plan", "472", "498", "510"] in rows


def test_group_labels_stay_in_the_table_as_rows_of_their_own(tmp_path):
    rows = [list(r) for r in _table(_fragments(_solid_table(tmp_path / "solid.pdf"))).rows]
    assert ["Northern area", "", "", ""] in rows
    assert ["Southern area", "", "", ""] in rows
    # the label rows split the table in three runs of rows; all stay one table
    assert rows.index(["Southern area", "", "", ""]) > rows.index(["Northern area", "", "", ""]) + 2


def test_spanning_header_does_not_close_the_body_columns(tmp_path):
    t = _table(_fragments(_solid_table(tmp_path / "solid.pdf")))
    assert ["Measure", "2019", "2020", "2021"] in [list(r) for r in t.rows]
    assert any("Number of children" in c for r in t.rows[:2] for c in r)


def test_daggers_are_empty_figures_not_list_bullets(tmp_path):
    rows = [list(r) for r in _table(_fragments(_solid_table(tmp_path / "dag.pdf", dagger=True))).rows]
    assert ["Children in need", "2,100", "†", "2,305"] in rows


def _ruled_across(path: Path) -> Path:
    """A box with a rule under every row and column rules in the header only."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setLineWidth(0.5)
    x0, x1, top, pitch = 60, 460, H - 100, 18
    data = [("Agency", "Meetings", "Attended"), ("Police", "6", "5"), ("Health", "6", "6"),
            ("Education", "6", "4"), ("Probation", "6", "3")]
    cols = (60, 220, 340, 460)
    for i, row in enumerate(data):
        yt = top - i * pitch
        c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 10)
        for x, t in zip(cols, row):
            c.drawString(x + 4, yt - 13, t)
        c.line(x0, yt - pitch, x1, yt - pitch)
    c.line(x0, top, x1, top)
    c.line(x0, top, x0, top - pitch * len(data))
    c.line(x1, top, x1, top - pitch * len(data))
    for x in cols[1:-1]:
        c.line(x, top, x, top - pitch)  # column rules in the header row only
    c.save()
    return path


def test_ruled_body_without_column_rules_keeps_its_columns(tmp_path):
    frags = [f for f in _fragments(_ruled_across(tmp_path / "across.pdf")) if f.ruled]
    assert len(frags) == 1
    rows = [list(r) for r in frags[0].rows]
    assert rows[0] == ["Agency", "Meetings", "Attended"]
    assert ["Education", "6", "4"] in rows and ["Probation", "6", "3"] in rows


def test_spanning_cell_in_a_ruled_grid_stays_merged(tmp_path):
    """A header cell over two columns with no rule between them keeps its text in one slot."""
    path = tmp_path / "span.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setLineWidth(0.5)
    cols, top, pitch = (60, 200, 300, 400), H - 100, 18
    c.setFont("Helvetica", 10)
    c.drawString(64, top - 13, "Area")
    c.drawCentredString(300, top - 13, "Referrals received")
    for i, row in enumerate([("North", "12", "15"), ("South", "9", "11")], start=1):
        for x, t in zip(cols, row):
            c.drawString(x + 4, top - i * pitch - 13, t)
    for i in range(4):
        c.line(cols[0], top - i * pitch, cols[-1], top - i * pitch)
    for x in cols:
        lo = top if x in (cols[0], cols[1], cols[-1]) else top - pitch
        c.line(x, lo, x, top - 3 * pitch)
    c.save()
    rows = [list(r) for f in _fragments(path) for r in f.rows]
    assert rows[0] == ["Area", "Referrals received", ""]
    assert ["North", "12", "15"] in rows


def _boxed(path: Path, body) -> Path:
    """Column rules top to bottom, row rules only above and below the header and at the foot:
    the body rows share one ruled band."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setLineWidth(0.5)
    cols, top, pitch = (60, 250, 380, 500), H - 100, 12
    c.setFont("Helvetica", 10)
    for x, t in zip(cols, ("Country", "Cases", "Share")):
        c.drawString(x + 4, top - 13, t)
    y = top - 18
    for row in body:
        y -= pitch
        for x, t in zip(cols, row):
            c.drawString(x + 4, y, t)
    bottom = y - 6
    for yy in (top, top - 18, bottom):
        c.line(cols[0], yy, cols[-1], yy)
    for x in cols:
        c.line(x, top, x, bottom)
    c.save()
    return path


def test_rows_sharing_one_ruled_band_are_read_from_their_lines(tmp_path):
    body = [("Austria", "3,375", "2.2"), ("Belgium", "3,973", "2.6"), ("Bulgaria", "1,136", "0.8"),
            ("Cyprus", "158", "0.1"), ("Czech Republic", "17,655", "11.7")]
    [f] = [f for f in _fragments(_boxed(tmp_path / "boxed.pdf", body)) if f.ruled]
    assert [list(r) for r in f.rows] == [["Country", "Cases", "Share"]] + [list(r) for r in body]


def test_paragraphs_side_by_side_in_one_ruled_band_stay_one_row(tmp_path):
    body = [("Full implementation of the", "The front door opened in", "3"),
            ("new front door for all", "June with police and health", ""),
            ("referrals from partners", "staff working in one place", "")]
    [f] = [f for f in _fragments(_boxed(tmp_path / "paras.pdf", body)) if f.ruled]
    assert len(f.rows) == 2
    assert f.rows[1][0] == "Full implementation of the new front door for all referrals from partners"


def test_figures_level_with_the_middle_of_a_wrapped_label_join_its_row(tmp_path):
    path = tmp_path / "centred.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    y = H - 100
    for x, t in ((60, "Measure"), (300, "2019"), (380, "2020")):
        c.drawString(x, y, t)
    for label, figs in ((["Referrals received"], ("1,204", "1,310")),
                        (["Share of referrals leading", "to an assessment within", "ten working days"], ("81%", "84%")),
                        (["Repeat referrals"], ("212", "198")),
                        (["Children seen"], ("96", "104"))):
        for i, part in enumerate(label):
            y -= 11.5
            c.drawString(60, y, part)
            if i == len(label) // 2:
                for x, t in zip((300, 380), figs):
                    c.drawRightString(x + 24, y, t)
    c.save()
    rows = [list(r) for f in _fragments(path) for r in f.rows]
    assert ["Share of referrals leading to an assessment within ten working days", "81%", "84%"] in rows
    assert ["Repeat referrals", "212", "198"] in rows


def _booktabs(path: Path) -> Path:
    """Rules only at the top, under the header and at the foot; headings wrapped over up to three
    lines, set flush right over their figures and wider than the gaps between the columns."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setLineWidth(0.5)
    x0, x1, rights = 60, 460, (230, 300, 385, 455)
    heads = [["Country"], ["Percentage of", "desired", "coverage"], ["National", "exclusion rate"],
             ["Weighted", "school rate"], ["Combined weighted school", "participation", "response rate"]]
    top = H - 100
    c.line(x0, top, x1, top)
    c.setFont("Helvetica", 8)
    for k, lines in enumerate(heads):  # bottom-aligned header cells
        for i, t in enumerate(reversed(lines)):
            y = top - 34 + i * 9
            if k == 0:
                c.drawString(x0, y, t)
            else:
                c.drawRightString(rights[k - 1], y, t)
    c.line(x0, top - 38, x1, top - 38)
    body = [("Austria", "100", "5", "100", "98"), ("Bulgaria", "100", "3", "97", "95"),
            ("Canada", "100", "10", "98", "96"), ("Denmark", "100", "7", "87", "97"),
            ("Finland", "100", "3", "97", "96"), ("Georgia", "92", "5", "97", "98")]
    y = top - 38
    for row in body:
        y -= 10
        c.drawString(x0, y, row[0])
        for x, t in zip(rights, row[1:]):
            c.drawRightString(x, y, t)
    c.line(x0, y - 4, x1, y - 4)
    c.setFont("Helvetica", 10)
    c.drawString(x0, y - 40, PROSE)
    c.save()
    return path


def test_booktabs_header_band_is_one_row_over_body_columns(tmp_path):
    """Headings wider than the gaps between the figures cross the body's column channels: the
    body rows alone give the columns, and the band above the second rule is one header row."""
    [f] = [f for f in _fragments(_booktabs(tmp_path / "booktabs.pdf")) if f.ruled]
    rows = [list(r) for r in f.rows]
    assert rows[0] == ["Country", "Percentage of desired coverage", "National exclusion rate",
                       "Weighted school rate", "Combined weighted school participation response rate"]
    assert rows[1:] == [["Austria", "100", "5", "100", "98"], ["Bulgaria", "100", "3", "97", "95"],
                        ["Canada", "100", "10", "98", "96"], ["Denmark", "100", "7", "87", "97"],
                        ["Finland", "100", "3", "97", "96"], ["Georgia", "92", "5", "97", "98"]]


def test_word_gaps_made_by_positioning_part_words_in_cells(tmp_path):
    """Words placed one by one with gaps under pdfplumber's 3 pt (no space characters, as some
    typesetters set table cells) stay apart with the PDFium reader: it marks the gap with a
    generated space."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from extractor.ingest.pdfium import open_document as open_pdfium

    path = tmp_path / "gaps.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    t = c.beginText(60, H - 100)
    t.setFont("Helvetica", 10)
    x = 60.0
    for w in ("no.", "of", "correct", "answers"):
        t.setTextOrigin(x, H - 100)
        t.textOut(w)
        x += stringWidth(w, "Helvetica", 10) + 2.5
    c.drawText(t)
    c.save()
    with open_pdfium(path) as (_, pages):
        assert [w.text for p in pages for w in p.words] == ["no.", "of", "correct", "answers"]


def _group_ruled(path: Path) -> Path:
    """A grid ruled between column groups only: each group heading spans two sub-columns of
    figures (Male, Female) with no rule between them; no rule under the group headings."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setLineWidth(0.5)
    xs, top = (60, 140, 260, 380), H - 100
    c.setFont("Helvetica", 9)
    c.drawString(64, top - 12, "Age")
    for x, g in zip(xs[1:], ("North", "South")):
        c.drawCentredString(x + 60, top - 12, g)
        c.drawRightString(x + 55, top - 24, "Male")
        c.drawRightString(x + 115, top - 24, "Female")
    body = [("0-4", "1,087", "1,022", "292", "255"), ("5-9", "2,586", "2,568", "647", "639"),
            ("10-14", "3,867", "3,576", "935", "938"), ("15-17", "7,808", "7,401", "1,770", "1,732")]
    y = top - 30
    for row in body:
        y -= 11
        c.drawString(64, y, row[0])
        for k, t in enumerate(row[1:]):
            c.drawRightString(xs[1 + k // 2] + 55 + 60 * (k % 2), y, t)
    bottom = y - 5
    for yy in (top, top - 29, bottom):
        c.line(xs[0], yy, xs[-1], yy)
    for x in xs:
        c.line(x, top, x, bottom)
    c.save()
    return path


def test_figures_in_two_columns_inside_one_ruled_column_are_two_columns(tmp_path):
    [f] = [f for f in _fragments(_group_ruled(tmp_path / "groups.pdf")) if f.ruled]
    rows = [list(r) for r in f.rows]
    assert rows[0] == ["Age", "North", "", "South", ""]  # the group heading in its top-left slot
    assert rows[1] == ["", "Male", "Female", "Male", "Female"]
    assert rows[2:] == [["0-4", "1,087", "1,022", "292", "255"], ["5-9", "2,586", "2,568", "647", "639"],
                        ["10-14", "3,867", "3,576", "935", "938"], ["15-17", "7,808", "7,401", "1,770", "1,732"]]


def test_booktabs_header_of_full_lines_over_figures_is_one_row(tmp_path):
    """Every heading wraps over the same two lines (each line fills every column), and short
    vertical strokes hang off the foot rule (cell borders drawn in white): the band above the
    second rule holds words over a body of figures, so it is one header row."""
    path = tmp_path / "full.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setLineWidth(0.5)
    x0, x1, rights, top = 60, 420, (230, 300, 360, 420), H - 100
    heads = [("Benchmarking", "education systems"), ("Schools in", "original sample"), ("Substitute", "schools"),
             ("Total", "schools"), ("Students", "assessed")]
    c.setFont("Helvetica", 8)
    for k, (a, b) in enumerate(heads):
        for y, t in ((top - 12, a), (top - 21, b)):
            if k == 0:
                c.drawString(x0, y, t)
            else:
                c.drawRightString(rights[k - 1], y, t)
    body = [("Alberta", "150", "2", "145", "3,789"), ("Ontario", "200", "1", "189", "4,561"),
            ("Quebec", "200", "1", "190", "4,244"), ("Dubai", "152", "0", "138", "6,061")]
    y = top - 25
    for row in body:
        y -= 10
        c.drawString(x0, y, row[0])
        for x, t in zip(rights, row[1:]):
            c.drawRightString(x, y, t)
    bottom = y - 4
    for yy in (top, top - 25, bottom):
        c.line(x0, yy, x1, yy)
    c.setStrokeColorRGB(1, 1, 1)
    for x in rights[1:]:
        c.line(x, bottom, x, bottom + 20)
    c.save()
    [f] = [f for f in _fragments(path) if f.ruled]
    rows = [list(r) for r in f.rows]
    assert rows[0] == ["Benchmarking education systems", "Schools in original sample", "Substitute schools",
                       "Total schools", "Students assessed"]
    assert rows[1:] == [list(r) for r in body]


def test_table_of_other_columns_at_the_top_of_the_next_page_is_a_new_table():
    """Full-width tables share their x extent: a table with many more columns starting the next
    page is not the one ending the page before (a column dropped as empty on one page is)."""
    from extractor.structure.records import TableFragment
    from extractor.structure.tables import join_fragments

    def frag(page, top, bottom, rows):
        return TableFragment(page=page, x0=72, top=top, x1=520, bottom=bottom, rows=tuple(rows),
                             header_rows=0, ruled=False)

    body = {1: (60, 800), 2: (60, 780)}
    a = frag(1, 600, 798, [("Population", "Census Bureau projection"), ("Inflation rate", "Between 1% and 2%")])
    b = frag(2, 62, 200, [("Statistic", "1", "2", "3", "4"), ("Enrollment", "0.3", "0.6", "0.8", "1.1")])
    assert [(t.page_start, t.page_end) for t in join_fragments([a, b], body)] == [(1, 1), (2, 2)]
    c = frag(2, 62, 200, [("Unemployment", "Between 5% and 7%", ""), ("Ages 18 and 19", "Between 9% and 13%", "")])
    assert [(t.page_start, t.page_end) for t in join_fragments([a, c], body)] == [(1, 2)]


def test_tables_side_by_side_under_their_own_headings_stay_apart():
    """Two narrow tables level with each other are one table read in two page columns only when
    the right one repeats the left one's heading (or neither has one)."""
    from extractor.structure.records import TableFragment
    from extractor.structure.tables import join_fragments

    def frag(x0, head):
        return TableFragment(page=1, x0=x0, top=80, x1=x0 + 115, bottom=400, header_rows=1, ruled=True,
                             rows=((head, "Enquiries"), ("Spain", "268"), ("Germany", "233")))

    body = {1: (60, 800)}
    apart = join_fragments([frag(57, "Air passengers rights"), frag(184, "Free movement of workers")], body)
    assert [t.rows[0] for t in apart] == [("Air passengers rights", "Enquiries"), ("Free movement of workers", "Enquiries")]
    snaked = join_fragments([frag(57, "Country"), frag(184, "Country")], body)
    assert len(snaked) == 1 and len(snaked[0].rows) == 5


def test_leader_dots_and_typed_rules_are_not_cell_text(tmp_path):
    path = tmp_path / "leaders.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Courier", 9)
    y = H - 100
    c.drawString(60, y, "Proportion")
    c.drawRightString(260, y, "1.0")
    c.drawRightString(320, y, "1.1")
    y -= 11
    c.drawString(60, y, "-" * 50)
    for label, a, b in (("0.95 ..........", "160", "176"), ("0.90..........", "80", "88"),
                        ("0.85 ..........", "53", "59"), ("0.80 ..........", "40", "44")):
        y -= 11
        c.drawString(60, y, label)
        c.drawRightString(260, y, a)
        c.drawRightString(320, y, b)
    c.save()
    rows = [list(r) for r in _table3(_fragments(path)).rows]
    assert rows[-4:] == [["0.95", "160", "176"], ["0.90", "80", "88"], ["0.85", "53", "59"], ["0.80", "40", "44"]]
    assert not any("--" in cell for r in rows for cell in r)


def _table3(frags):
    tables = [f for f in frags if f.n_cols == 3]
    assert len(tables) == 1, [f.rows for f in frags]
    return tables[0]
