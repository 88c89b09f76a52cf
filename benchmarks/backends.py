"""Where the two ingest backends differ, counted over any PDFs.

    python benchmarks/backends.py PDF ...       (default: both sample corpora)

Words are matched by text and position (within 3 pt); per category it counts words whose
text only one backend has, matched words whose box differs by more than 0.5 / 1 / 2 pt, whose
colour or font/size/bold differ, and pages whose rule, box or image counts differ. The known
causes are listed in tests/test_ingest_backends.py.
"""
from __future__ import annotations

import argparse
import glob
import json
from collections import Counter

from bench import CORPORA

from extractor.ingest import open_document


def _load(path: str, backend: str):
    with open_document(path, backend=backend) as (source, pages):
        return source, list(pages)


def compare(paths: list[str]) -> Counter:
    tot: Counter = Counter()
    for path in paths:
        (sa, fast), (sb, ref) = _load(path, "pdfium"), _load(path, "pdfplumber")
        tot["outline_differs"] += [(e.level, e.title, e.page) for e in sa.outline] != \
            [(e.level, e.title, e.page) for e in sb.outline]
        for a, b in zip(fast, ref):
            tot["pages"] += 1
            tot["words"] += len(b.words)
            ta, tb = Counter(w.text for w in a.words), Counter(w.text for w in b.words)
            tot["text_only_pdfplumber"] += sum((tb - ta).values())
            tot["text_only_pdfium"] += sum((ta - tb).values())
            by_text: dict[str, list] = {}
            for w in a.words:
                by_text.setdefault(w.text, []).append(w)
            for w in b.words:
                near = [x for x in by_text.get(w.text, ()) if abs(x.x0 - w.x0) < 3 and abs(x.top - w.top) < 3]
                if not near:
                    continue
                x = min(near, key=lambda x: abs(x.x0 - w.x0) + abs(x.top - w.top))
                tot["matched"] += 1
                d = max(abs(x.x0 - w.x0), abs(x.x1 - w.x1), abs(x.top - w.top), abs(x.bottom - w.bottom))
                tot["box_over_0.5pt"] += d > 0.5
                tot["box_over_1pt"] += d > 1.0
                tot["box_over_2pt"] += d > 2.0
                tot["colour_differs"] += x.color != w.color
                tot["font_size_bold_differs"] += (x.font, round(x.size, 1), x.bold) != (w.font, round(w.size, 1), w.bold)
            tot["pages_rules_count_differs"] += len(a.rules) != len(b.rules)
            tot["pages_boxes_count_differs"] += len(a.boxes) != len(b.boxes)
            tot["pages_images_differ"] += a.n_images != b.n_images
    return tot


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="*")
    args = ap.parse_args()
    paths = args.pdfs or sorted(p for pattern in CORPORA for p in glob.glob(pattern))
    print(json.dumps(compare(paths), indent=1))


if __name__ == "__main__":
    main()
