"""A reviewer must find every value in the PDF: each quote of every record table of the
written dataset is checked against the PDF page itself, read by plain pdfplumber (not by
our pipeline), on both sample corpora."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import pdfplumber
import pyarrow.parquet as pq
import pytest

# table -> the column holding its page
QUOTED = {"priorities": "page", "recommendations": "page", "funding": "page", "metrics": "page",
          "people": "page", "attendance": "page", "mentions": "first_page"}


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


@lru_cache(maxsize=None)
def _page_tokens(path: str, page: int) -> Counter:
    pdf = _open(path)
    p = pdf.pages[page - 1]
    tokens = Counter(_tokens(p.extract_text() or ""))
    p.close()  # drop the page's parsed objects; the document stays open for its other pages
    return tokens


@lru_cache(maxsize=None)
def _open(path: str) -> pdfplumber.PDF:
    """Each PDF is opened once (its pages read as quotes ask for them), not once per page."""
    return pdfplumber.open(path)


def _check(output) -> tuple[int, list]:
    reports = {r["report_id"]: r["source_path"] for r in pq.read_table(output / "reports.parquet").to_pylist()}
    n, missing = 0, []
    for table, page_col in QUOTED.items():
        for row in pq.read_table(output / f"{table}.parquet").to_pylist():
            quote = row.get("quote")
            if not quote:
                continue
            n += 1
            need = Counter(_tokens(quote))
            have = _page_tokens(reports[row["report_id"]], row[page_col])
            if need - have:  # a token of the quote is not on that page of the PDF
                missing.append((table, reports[row["report_id"]], row[page_col], quote[:70]))
    return n, missing


@pytest.mark.slow
@pytest.mark.parametrize("style", ["word", "brochure"])
def test_every_quote_is_on_its_pdf_page(style, request):
    output = request.getfixturevalue(f"{style}_output")
    n, missing = _check(output)
    assert n > 300, f"only {n} quoted rows"
    assert not missing, f"{len(missing)} of {n} quotes not on their PDF page: {missing[:8]}"
