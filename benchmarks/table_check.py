"""Compare detected tables with the layout gold, matching as the scorer does.

A gold table matches an output table that starts on the same page and shares
the most non-empty cell texts (at least one); cells are compared as multisets
of whitespace-normalised texts over all tables of a document.

    python benchmarks/table_check.py [word|brochure ...] [-v]
"""
from __future__ import annotations

import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractor.ingest.pdf import open_document  # noqa: E402
from extractor.layout.furniture import find_furniture  # noqa: E402
from extractor.layout.lines import lines_of  # noqa: E402
from extractor.structure.tables import find_fragments, join_fragments  # noqa: E402

SHARED = Path("/work/shared")
STYLES = {"word": (SHARED / "corpus", SHARED / "gold/word"),
          "brochure": (SHARED / "corpus-styles/brochure", SHARED / "gold/brochure")}


def cell_norm(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(s))).strip()


def bag(rows) -> Counter:
    return Counter(t for r in rows for t in (cell_norm(c) for c in r) if t)


def extract(pdf: Path):
    frags, pages = [], []
    with open_document(pdf) as (_, it):
        for p in it:
            frags += find_fragments(p)
            pages.append((p.number, p.height, lines_of(p.words, p.number)))
    furn = find_furniture([(h, ls) for _, h, ls in pages])
    body = {}
    for n, _, ls in pages:
        keep = [ln for ln in ls if (ln.page, ln.top, ln.text) not in furn]
        if keep:
            body[n] = (min(ln.top for ln in keep), max(ln.bottom for ln in keep))
    return join_fragments(frags, body)


def match(gold, pred):
    pairs = []
    for i, g in enumerate(gold):
        for j, t in enumerate(pred):
            if g["page"] == t.page_start:
                ov = sum((bag(g["rows"]) & bag(t.rows)).values())
                if ov:
                    pairs.append((ov, i, j))
    used_g, used_p, out = set(), set(), []
    for _ov, i, j in sorted(pairs, reverse=True):
        if i not in used_g and j not in used_p:
            used_g.add(i), used_p.add(j), out.append((i, j))
    return out


def f1(m, g, p):
    return 2 * m / (g + p) if g + p else 1.0


def main(argv):
    verbose = "-v" in argv
    styles = [a for a in argv if a in STYLES] or list(STYLES)
    for style in styles:
        corpus, gold_dir = STYLES[style]
        T = Counter()
        t0 = time.time()
        for gf in sorted(gold_dir.glob("*.layout.json")):
            doc = gf.name.split(".")[0]
            gold = json.loads(gf.read_text())["tables"]
            pred = extract(corpus / f"{doc}.pdf")
            m = match(gold, pred)
            ng = sum(sum(bag(g["rows"]).values()) for g in gold)
            np_ = sum(sum(bag(t.rows).values()) for t in pred)
            hit = sum(sum((bag(gold[i]["rows"]) & bag(pred[j].rows)).values()) for i, j in m)
            T.update(tg=len(gold), tp=len(pred), tm=len(m), cg=ng, cp=np_, cm=hit)
            print(f"{style:8} {doc:40} tables {len(m)}/{len(gold)} gold, {len(pred)} out; "
                  f"cells {hit}/{ng} gold, {np_} out")
            if verbose:
                mg = {i: j for i, j in m}
                mp = {j for _, j in m}
                for i, g in enumerate(gold):
                    if i not in mg:
                        print(f"   MISSED p{g['page']} {g['rows'][0][:3]}")
                    else:
                        t = pred[mg[i]]
                        gb, pb = bag(g["rows"]), bag(t.rows)
                        miss, extra = gb - pb, pb - gb
                        if miss or extra or g["caption"] != t.caption or g["header_rows"] != t.header_rows \
                                or g["page_end"] != t.page_end:
                            print(f"   p{g['page']}-{g['page_end']}/{t.page_end} hdr {g['header_rows']}/{t.header_rows}"
                                  f" cap {g['caption'][:30]!r}/{t.caption[:30]!r} miss {list(miss)[:4]} extra {list(extra)[:4]}")
                for j, t in enumerate(pred):
                    if j not in mp:
                        print(f"   SPURIOUS p{t.page_start} {t.rows[0][:3]} ({t.n_rows}x{t.n_cols})")
        print(f"{style}: table F1 {f1(T['tm'], T['tg'], T['tp']):.3f} (P {T['tm']/max(1,T['tp']):.3f} R {T['tm']/max(1,T['tg']):.3f})"
              f"  cell F1 {f1(T['cm'], T['cg'], T['cp']):.3f} (P {T['cm']/max(1,T['cp']):.3f} R {T['cm']/max(1,T['cg']):.3f})"
              f"  [{time.time() - t0:.1f}s]")


if __name__ == "__main__":
    main(sys.argv[1:])
