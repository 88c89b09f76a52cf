"""Layout: lines, running furniture, columns and reading order, on built and real PDFs."""
from pathlib import Path

from builders import two_column_report

from extractor.ingest import open_document
from extractor.layout.columns import reading_order
from extractor.layout.furniture import find_furniture
from extractor.layout.lines import lines_of
from extractor.layout.pages import lay_out
from extractor.settings import Settings
from extractor.stages import read_page

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
BROCHURE = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-styles" / "brochure"


def layouts_of(path):
    with open_document(path) as (_, pages):
        parts = [read_page(p, Settings()) for p in pages]
    return lay_out(parts)[0]


def test_two_columns_read_left_then_right(tmp_path):
    pdf = two_column_report(tmp_path / "two.pdf", pages=1)
    with open_document(pdf) as (_, pages):
        page = next(pages)
    ordered, n_cols = reading_order(lines_of(page.words, 1), page.width)
    assert n_cols == 2
    texts = [ln.text for ln in ordered]
    left = [i for i, t in enumerate(texts) if t.startswith("L")]
    right = [i for i, t in enumerate(texts) if t.startswith("R")]
    assert len(left) == 30 and len(right) == 30
    assert max(left) < min(right), "every left-column line comes before the right column"
    assert texts[left[0]].startswith("L00") and texts[right[-1]].startswith("R29")
    # the full-width heading comes first
    assert texts.index("Chapter 1: Section heading number 1") < left[0]


def test_running_header_and_page_numbers_dropped(tmp_path):
    pdf = two_column_report(tmp_path / "two.pdf", pages=4)
    layouts = layouts_of(pdf)
    text = [ln.text for pl in layouts for ln in pl.lines]
    assert not any("Annual Report 2020/21" in t for t in text)
    assert not any(t.startswith("Page ") for t in text)
    assert sum(t.startswith("Chapter") for t in text) == 4


def test_furniture_needs_repetition():
    from extractor.layout.records import Line

    def line(page, top, text):
        return Line(text, page, 50, 200, top, top + 10, 9, False, "", 3)
    pages = [(800.0, [line(p, 20, "Board Report"), line(p, 400, f"body {p}"), line(p, 780, f"{p}")])
             for p in range(1, 7)]
    pages.append((800.0, [line(7, 20, "A one-off title at the top")]))
    found = find_furniture(pages)
    texts = {t for _, _, t in found}
    assert "Board Report" in texts and "3" in texts
    assert "A one-off title at the top" not in texts
    assert not any(t.startswith("body") for t in texts)


def test_word_corpus_footer_and_header_removed():
    layouts = layouts_of(CORPUS / "wolverhampton-wscb-2016-17.pdf")
    text = [ln.text for pl in layouts for ln in pl.lines]
    assert not any(t.startswith("Page ") and " of 29" in t for t in text)
    assert "WSCB Annual Report 2016/17" not in text
    assert all(pl.n_columns == 1 for pl in layouts)


def test_brochure_page_is_two_columns_in_order():
    layouts = layouts_of(BROCHURE / "wolverhampton-wscb-2016-17.pdf")
    page4 = layouts[3]
    assert page4.n_columns == 2
    texts = [ln.text for ln in page4.lines]
    assert texts[0] == "Chapter 1: What Ofsted told us"
    # the left column ends with "elected members are using performance management" and the
    # right column starts with "information to monitor and track performance"
    i = next(i for i, t in enumerate(texts) if t.startswith("elected members are using performance"))
    assert texts[i + 1].startswith("information to monitor and track performance")
    assert not any(t == "WSCB Annual Report 2016/17" for t in texts)
