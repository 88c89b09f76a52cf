"""Small hand-built Documents for tests of the extractors (no PDF needed)."""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from ..document import Document
from ..ingest.records import Source
from ..layout.paragraphs import paragraphs_of
from ..layout.records import Line
from ..layout.typography import body_style
from ..structure.records import Table


def make_doc(pages: list[list[str]], tables: Sequence[tuple[int, list[list[str]]]] = (), title: str = "",
             headings: tuple[str, ...] = (), report_id: str = "testdoc00001") -> Document:
    """pages: the lines of each page (1-based order); a line in `headings` is set bold and larger;
    a line starting with '• ' or '1. ' is indented like a list item."""
    lines = []
    for p, texts in enumerate(pages, 1):
        top = 72.0
        for t in texts:
            head = t in headings
            size = 14.0 if head else 11.0
            x0 = 82.0 if t[:2] in ("• ",) or t[:3].rstrip().endswith(".") and t[:1].isdigit() else 72.0
            lines.append(Line(text=t, page=p, x0=x0, x1=500.0, top=top, bottom=top + size, size=size, bold=head,
                              color="#000000", n_words=len(t.split())))
            top += size + (12 if head else 3)
    tabs = tuple(Table(index=i, page_start=pg, page_end=pg, top=600.0, rows=tuple(tuple(r) for r in rows),
                       header_rows=1, caption="") for i, (pg, rows) in enumerate(tables))
    source = Source(path="test.pdf", sha256=report_id + "0" * 52, n_pages=len(pages), title=title)
    return with_lines(Document(source=source, tables=tabs), lines)


def with_lines(doc: Document, lines: Sequence[Line]) -> Document:
    """`doc` with this flow of lines, and the slots the layout stage derives from it (the body
    style, the paragraphs) made again, as the stage would."""
    body = body_style(lines)
    return replace(doc, lines=tuple(lines), body=body, paragraphs=paragraphs_of(lines, body[0]))


OWN_FILES = ("partners.yml", "report_facts.yml", "people.yml", "funding.yml", "metrics.yml", "priorities.yml",
             "recommendations.yml")


def extract_rules(directory=None):
    """The extract stage's rules files only, validated by their schemas (tests of single extractors)."""
    from pathlib import Path

    import yaml

    from .. import rules as R
    d = Path(directory) if directory else R.DEFAULT_DIR
    texts = {n: (d / n).read_text(encoding="utf-8") for n in OWN_FILES}
    files = {n: R._SCHEMAS[n].model_validate(yaml.load(text, Loader=R.SafeLoader)) for n, text in texts.items()}
    return R.Rules(directory=str(d), fingerprint="test", files=files)
