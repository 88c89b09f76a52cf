"""The running text's type style: what headings, paragraphs and page extents are measured against.

The one body-size function of the package: the layout stage computes it once on the reading-order
flow and the Document carries it (`doc.body`); structure and extract read it from there.
"""
from __future__ import annotations

from collections import Counter
from typing import Sequence

from .records import Line

BodyStyle = tuple[float, bool, str]  # (size rounded to 0.1 pt, bold, colour)
NO_BODY: BodyStyle = (10.0, False, "")  # a document without text


def body_style(lines: Sequence[Line]) -> BodyStyle:
    """The (size, bold, colour) most characters are set in."""
    weights: Counter = Counter()
    for ln in lines:
        weights[ln.style] += len(ln.text)
    return weights.most_common(1)[0][0] if weights else NO_BODY
