"""Every quote of every extracted row can be found on its page (whitespace-normalised), over the word corpus."""
from pathlib import Path

import pytest

from extractor.extract.common import page_texts, ws

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

try:
    from extractor.pipeline import build_document
except ImportError as e:  # pragma: no cover
    build_document = None
    WHY = f"extractor.pipeline.build_document is not importable ({e})"


@pytest.fixture(scope="module")
def extracted():
    if build_document is None:
        pytest.skip(WHY)
    from extractor.extract.registry import run_extractors
    from extractor.rules import load_rules
    rules = load_rules()
    out = []
    for pdf in sorted(CORPUS.glob("*.pdf")):
        doc = build_document(pdf, rules)
        out.append((pdf.name, doc, run_extractors(doc, rules)))
    if not out:
        pytest.skip("no PDFs in corpus/")
    return out


@pytest.mark.slow
def test_every_quote_is_on_its_page(extracted):
    missing = []
    n = 0
    for name, doc, ex in extracted:
        pages = page_texts(doc)
        rows = list(ex.priorities) + list(ex.recommendations) + list(ex.funding) + list(ex.metrics) \
            + [p for p in ex.people if p.quote] + [a for a in ex.attendance if a.quote]
        for r in rows:
            n += 1
            if ws(r.quote) not in pages.get(r.page, ""):
                missing.append((name, type(r).__name__, r.page, r.quote[:80]))
        for m in ex.mentions:
            n += 1
            if m.quote and ws(m.quote) not in pages.get(m.first_page, ""):
                missing.append((name, "MentionRow", m.first_page, m.quote[:80]))
    assert n > 100
    assert not missing, f"{len(missing)} of {n} quotes not on their page: {missing[:10]}"


@pytest.mark.slow
def test_ids_are_deterministic_and_in_document_order(extracted):
    for _, doc, ex in extracted:
        ids = [p.priority_id for p in ex.priorities]
        assert ids == [f"{doc.report_id}-p{k:02d}" for k in range(1, len(ids) + 1)]
        ids = [r.recommendation_id for r in ex.recommendations]
        assert ids == [f"{doc.report_id}-r{k:02d}" for k in range(1, len(ids) + 1)]
        pages = [r.page for r in ex.recommendations]
        assert pages == sorted(pages)
