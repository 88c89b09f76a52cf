"""`extract review OUTPUT`: one self-contained HTML page to check every record on its page.

Per report, the records of each table that cite a page and a quote, each beside a crop of
that page (rendered with pypdfium2 from the report's source PDF) with the quote's box
highlighted; a summary of counts; search and filters by table and report. Each page image is
embedded once (JPEG, base64) and cropped with CSS, so the file stays small and needs nothing
but a browser. Filters can be set from the address: `review.html#report=ID&table=funding&q=text`
(and `&page=N`: the records cited on one page, for links from `extract diff`).
"""
from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

RECORD_TABLES = ("priorities", "recommendations", "mentions", "people", "funding", "attendance", "metrics")
HIDDEN = {"report_id", "quote", "x0", "top", "x1", "bottom"}
SCALE = 1.25  # pixels per point of the embedded page images
MARGIN = 36.0  # points of page shown around the quote's box
JPEG_QUALITY = 70


class ReviewError(Exception):
    """The output folder is missing or is not a dataset."""


@dataclass(frozen=True, slots=True)
class Record:
    table: str
    report_id: str
    page: int | None
    quote: str | None
    box: tuple[float, float, float, float] | None
    fields: tuple[tuple[str, str], ...]  # the row's other columns, for reading


def load_records(output: Path, reports: Sequence[str] = ()) -> tuple[list[dict], list[Record]]:
    """The `reports` rows and every record row with a page (of the chosen reports)."""
    import pyarrow.parquet as pq

    output = Path(output)
    if not (output / "reports.parquet").is_file():
        raise ReviewError(f"{output}: not a dataset of this tool (no reports.parquet)")
    rep = [r for r in pq.read_table(output / "reports.parquet").to_pylist()
           if not reports or r["report_id"] in reports]
    wanted = {r["report_id"] for r in rep}
    records = []
    for table in RECORD_TABLES:
        path = output / f"{table}.parquet"
        if not path.is_file():
            continue
        for row in pq.read_table(path).to_pylist():
            if row.get("report_id") not in wanted:
                continue
            box = tuple(row.get(k) for k in ("x0", "top", "x1", "bottom"))
            page = row.get("page", row.get("first_page"))
            fields = tuple((k, _text(v)) for k, v in row.items() if k not in HIDDEN and v is not None)
            records.append(Record(table, row["report_id"], page, row.get("quote"),
                                  box if None not in box else None, fields))
    return rep, records


def _text(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return f"{int(v):,}"
    return str(v)


def find_pdf(source_path: str, output: Path, pdf_dirs: Sequence[Path] = ()) -> Path | None:
    """The report's PDF: its recorded path (absolute, from here, or beside the output folder),
    else a file of the same name in one of `pdf_dirs`."""
    p = Path(source_path)
    for cand in (p, Path.cwd() / p, Path(output).resolve().parent / p,
                 *(Path(d) / p.name for d in pdf_dirs)):
        if cand.is_file():
            return cand
    return None


def page_images(pdf: Path, pages: Iterable[int]) -> dict[int, tuple[str, float, float]]:
    """page -> (JPEG as base64, width, height in points) for the given 1-based pages."""
    import pypdfium2 as pdfium

    out = {}
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for n in sorted(set(pages)):
            if not 1 <= n <= len(doc):
                continue
            page = doc[n - 1]
            w, h = page.get_size()
            image = page.render(scale=SCALE).to_pil().convert("RGB")
            buf = io.BytesIO()
            image.save(buf, format="JPEG", quality=JPEG_QUALITY, optimize=True)
            out[n] = (base64.b64encode(buf.getvalue()).decode("ascii"), w, h)
    finally:
        doc.close()
    return out


# ---------------------------------------------------------------------------------------------
# HTML


def render_html(output: Path, reports: Sequence[str] = (), pdf_dirs: Sequence[Path] = ()) -> str:
    rep, records = load_records(output, reports)
    styles, sections, problems = [], [], []
    for r in rep:
        rid = r["report_id"]
        mine = [x for x in records if x.report_id == rid]
        pdf = find_pdf(r["source_path"], output, pdf_dirs)
        images = {}
        if pdf is None:
            problems.append(f"{r['source_path']}: source PDF not found (pages not shown)")
        else:
            try:
                images = page_images(pdf, [x.page for x in mine if x.page])
            except Exception as e:  # a PDF pdfium cannot open: list its records without crops
                problems.append(f"{r['source_path']}: cannot render ({type(e).__name__}: {e})")
        for n, (b64, _, _) in images.items():
            styles.append(f".pg-{rid}-{n}{{background-image:url(data:image/jpeg;base64,{b64})}}")
        sections.append(_report_section(r, mine, images))
    return PAGE.format(title=html.escape(f"Review: {Path(output).name}"),
                       page_css="\n".join(styles), summary=_summary(rep, records),
                       problems="".join(f'<p class="problem">{html.escape(p)}</p>' for p in problems),
                       report_options="".join(f'<option value="{html.escape(r["report_id"])}">'
                                              f'{html.escape(_name(r))}</option>' for r in rep),
                       table_options="".join(f'<option value="{t}">{t}</option>' for t in RECORD_TABLES
                                             if any(x.table == t for x in records)),
                       body="\n".join(sections), script=SCRIPT)


def _name(r: dict) -> str:
    return r.get("board_name") or r.get("title") or Path(r["source_path"]).stem


def _summary(rep: Sequence[dict], records: Sequence[Record]) -> str:
    head = "".join(f"<th>{t}</th>" for t in RECORD_TABLES)
    rows = []
    for r in rep:
        counts = [sum(1 for x in records if x.report_id == r["report_id"] and x.table == t) for t in RECORD_TABLES]
        located = sum(1 for x in records if x.report_id == r["report_id"] and x.box)
        total = sum(counts)
        rows.append(f'<tr><td><a href="#r-{r["report_id"]}">{html.escape(_name(r))}</a></td>'
                    f'<td>{html.escape(r["report_id"])}</td><td>{r.get("report_year") or ""}</td>'
                    + "".join(f"<td>{c}</td>" for c in counts)
                    + f'<td>{total}</td><td>{located}</td></tr>')
    total = len(records)
    located = sum(1 for x in records if x.box)
    return (f'<table class="summary"><thead><tr><th>report</th><th>id</th><th>year</th>{head}'
            f'<th>records</th><th>located</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
            f'<p id="counts"><span id="n-records">{total}</span> records in {len(rep)} '
            f'report{"s" if len(rep) != 1 else ""}; {located} with the quote located on its page; '
            f'<span id="n-shown">{total}</span> shown.</p>')


def _report_section(r: dict, records: Sequence[Record], images: dict) -> str:
    rid = html.escape(r["report_id"])
    parts = [f'<section class="report" id="r-{rid}" data-report="{rid}">'
             f'<h2>{html.escape(_name(r))} <small>{rid} · {html.escape(r["source_path"])}</small></h2>']
    for table in RECORD_TABLES:
        rows = [x for x in records if x.table == table]
        if not rows:
            continue
        rows.sort(key=lambda x: (x.page or 0, x.box[1] if x.box else 0))
        parts.append(f'<div class="table" data-table="{table}"><h3>{table} <small>({len(rows)})</small></h3>')
        parts += [_card(x, images.get(x.page)) for x in rows]
        parts.append("</div>")
    if not records:
        parts.append("<p>No records with a page in this report.</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _card(x: Record, image) -> str:
    search = " ".join([x.table, x.quote or ""] + [v for _, v in x.fields]).lower()
    dl = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in x.fields)
    quote = f'<blockquote>{html.escape(x.quote)}</blockquote>' if x.quote else ""
    return (f'<article class="record" data-table="{x.table}" data-report="{html.escape(x.report_id)}" '
            f'data-page="{x.page or ""}" data-text="{html.escape(search)}">'
            f'<div class="fields"><dl>{dl}</dl>{quote}</div>{_crop(x, image)}</article>')


def _crop(x: Record, image) -> str:
    """A window on the page image around the quote, with the quote's box drawn over it."""
    if image is None or not x.page:
        return '<div class="nocrop">page image not available</div>'
    _, pw, ph = image
    cls = f"crop pg-{html.escape(x.report_id)}-{x.page}"
    if x.box is None:  # quote not found on the page: show the page's top, no highlight
        x0, top, x1, bottom = 0.0, 0.0, pw, min(ph, 220.0)
        hl = '<div class="unlocated">quote not located on this page</div>'
    else:
        bx0, btop, bx1, bbottom = x.box
        x0, x1 = 0.0, pw  # the page's whole width: a table row's other cells are its context
        top, bottom = max(0.0, btop - MARGIN), min(ph, bbottom + MARGIN)
        hl = (f'<div class="hl" style="left:{(bx0 - x0) * SCALE - 2:.0f}px;top:{(btop - top) * SCALE - 2:.0f}px;'
              f'width:{(bx1 - bx0) * SCALE + 4:.0f}px;height:{(bbottom - btop) * SCALE + 4:.0f}px"></div>')
    width = (x1 - x0) * SCALE
    return (f'<figure><div class="{cls}" style="width:{width:.0f}px;height:{(bottom - top) * SCALE:.0f}px;'
            f'background-size:{pw * SCALE:.0f}px {ph * SCALE:.0f}px;'
            f'background-position:-{x0 * SCALE:.0f}px -{top * SCALE:.0f}px">{hl}</div>'
            f'<figcaption>page {x.page}</figcaption></figure>')


SCRIPT = """
(function () {
  var q = document.getElementById('q'), t = document.getElementById('table'), r = document.getElementById('report');
  var cards = Array.prototype.slice.call(document.querySelectorAll('article.record'));
  var page = '';  // from the address only: #report=ID&page=N shows the records of one page
  function apply() {
    var text = q.value.trim().toLowerCase(), table = t.value, report = r.value, shown = 0;
    cards.forEach(function (c) {
      var ok = (!table || c.dataset.table === table) && (!report || c.dataset.report === report)
               && (!text || c.dataset.text.indexOf(text) >= 0) && (!page || c.dataset.page === page);
      c.hidden = !ok;
      if (ok) shown++;
    });
    document.querySelectorAll('div.table').forEach(function (d) {
      d.hidden = !d.querySelector('article.record:not([hidden])');
    });
    document.querySelectorAll('section.report').forEach(function (s) {
      s.hidden = !s.querySelector('article.record:not([hidden])') && (table || text || report || page);
    });
    document.getElementById('n-shown').textContent = shown;
  }
  function fromHash() {
    var h = new URLSearchParams(location.hash.replace(/^#/, ''));
    if (h.has('q')) q.value = h.get('q');
    if (h.has('table')) t.value = h.get('table');
    if (h.has('report')) r.value = h.get('report');
    page = h.get('page') || '';
  }
  [q, t, r].forEach(function (el) { el.addEventListener('input', apply); });
  window.addEventListener('hashchange', function () { fromHash(); apply(); });
  fromHash();
  apply();
  document.body.dataset.ready = 'true';
})();
"""

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>
body{{font:14px/1.4 system-ui,sans-serif;margin:0 1.5em 2em;color:#222}}
header{{position:sticky;top:0;background:#fff;padding:.6em 0;border-bottom:1px solid #ccc;z-index:2}}
header input,header select{{font:inherit;margin-right:.5em}}
table.summary{{border-collapse:collapse;margin:1em 0}}
table.summary td,table.summary th{{border:1px solid #ddd;padding:2px 8px;text-align:right}}
table.summary td:first-child,table.summary th:first-child{{text-align:left}}
h2 small,h3 small{{font-weight:normal;color:#777;font-size:.75em}}
article.record{{display:flex;gap:1em;border-top:1px solid #eee;padding:.6em 0;align-items:flex-start}}
.fields{{flex:1;min-width:18em}}
dl{{display:grid;grid-template-columns:max-content 1fr;gap:0 .8em;margin:0}}
dt{{color:#777}} dd{{margin:0}}
blockquote{{margin:.4em 0 0;padding-left:.6em;border-left:3px solid #f0b400;color:#444}}
figure{{margin:0;flex-shrink:0;max-width:100%;overflow:auto}} figcaption{{color:#777;font-size:.8em}}
.crop{{position:relative;background-repeat:no-repeat;border:1px solid #bbb;overflow:hidden}}
.hl{{position:absolute;background:rgba(255,214,0,.35);outline:2px solid #e0a000}}
.unlocated,.nocrop{{color:#a33;font-size:.85em;padding:.3em}}
.problem{{color:#a33}}
[hidden]{{display:none!important}}
{page_css}
</style></head>
<body>
<header><b>{title}</b>
<input id="q" type="search" placeholder="search records" aria-label="search">
<select id="table" aria-label="table"><option value="">all tables</option>{table_options}</select>
<select id="report" aria-label="report"><option value="">all reports</option>{report_options}</select>
</header>
{summary}
{problems}
{body}
<script>{script}</script>
</body></html>
"""


def write_review(output: Path, target: Path, reports: Sequence[str] = (), pdf_dirs: Sequence[Path] = ()) -> int:
    """Write the page; returns the number of records on it."""
    page = render_html(output, reports, pdf_dirs)
    Path(target).write_text(page, encoding="utf-8")
    return page.count('<article class="record"')
