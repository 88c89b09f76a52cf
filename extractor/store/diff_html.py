"""`extract diff --html`: a small self-contained page that reads at report scale.

On top: what differs between the runs (rules fingerprint, extractor version) and a
table of counts per table. Below, one collapsed section per report, and inside it
one per table, so a rule change touching thousands of rows stays a page to skim,
not megabytes of expanded rows. A row shows its stable key, its page (a link into
the review page when one is given, filtered to the row: `#report=..&table=..&q=<quote>`) and only the
columns that changed, each value cut short; `--json` has every value in full.
No script: <details> opens and closes in any browser.
"""
from __future__ import annotations

import html
from urllib.parse import quote, urlencode

from .diff import REGISTRY, Change, DiffResult, _row_label, _short, _show_key, page_of, summary_line

MAX_ROWS = 100  # per report and table; the rest are counted, and are in --json
VALUE_CHARS = 160

_CSS = """body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:80em}
table{border-collapse:collapse;margin:.4em 0 1em}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right}details{margin:.2em 0}details details{margin-left:1.5em}
summary{cursor:pointer}.add{background:#e6ffed}.rem{background:#ffeef0}.chg{background:#fffbdd}
.note{background:#fff3cd;border:1px solid #e0c36a;padding:.4em .8em}code{white-space:pre-wrap}small{color:#666}"""


def _e(v) -> str:
    return html.escape(str(v))


def review_link(review: str, rid: str, table: str, row: dict) -> str:
    """The review page (`extract review`) filtered to this report and table, and to the row's
    quote when it has one: its hash parameters are report, table and q."""
    params = {"report": rid, "table": table}
    if row.get("quote"):
        params["q"] = " ".join(str(row["quote"]).split())[:60]
    return f"{review}#{urlencode(params, quote_via=quote)}"


def _page_cell(rid: str, name: str, row: dict, review: str | None) -> str:
    page = page_of(row)
    if page is None:
        return "<td></td>"
    if review and rid != REGISTRY:
        return f'<td><a href="{_e(review_link(review, rid, name, row))}">p.{_e(page)}</a></td>'
    return f"<td>p.{_e(page)}</td>"


def _quote(row: dict) -> str:
    q = row.get("quote")
    return f"<small>“{_e(_short(q, VALUE_CHARS)[1:-1])}”</small>" if q else ""


def _rows(rid: str, name: str, td, review: str | None) -> list[str]:
    out = []
    for cls, sign, rows in (("add", "+", td.added), ("rem", "−", td.removed)):
        for r in rows:
            out.append(f"<tr class={cls}><td>{sign}</td><td>{_e(_row_label(name, r))}</td>"
                       f"{_page_cell(rid, name, r, review)}<td>{_quote(r)}</td></tr>")
    for c in td.changed:
        out.append(f"<tr class=chg><td>~</td><td>{_e(_show_key(name, c.key))}</td>"
                   f"{_page_cell(rid, name, c.new, review)}<td>{_changes(c)}</td></tr>")
    return out


def _changes(c: Change) -> str:
    return "<br>".join(f"{_e(col)}: <code>{_e(_short(c.old[col], VALUE_CHARS))}</code> → "
                       f"<code>{_e(_short(c.new[col], VALUE_CHARS))}</code>" for col in c.columns)


def _counts(td) -> str:
    return f"+{len(td.added)} −{len(td.removed)} ~{len(td.changed)}"


def _summary_table(d: DiffResult) -> str:
    rows = "".join(f"<tr><td>{_e(n)}</td><td class=n>{t['added']}</td><td class=n>{t['removed']}</td>"
                   f"<td class=n>{t['changed']}</td></tr>" for n, t in d.totals().items())
    return ("<table><tr><th>table</th><th>added</th><th>removed</th><th>changed</th></tr>"
            f"{rows}</table>") if rows else ""


def _whole(tables: dict) -> str | None:
    """"added" or "removed" when the report itself is only in the new (or the old) run."""
    rep = tables.get("reports")
    if rep is None or rep.changed or bool(rep.added) == bool(rep.removed):
        return None
    return "added" if rep.added else "removed"


def _report(d: DiffResult, rid: str, tables: dict, review: str | None) -> str:
    n = sum(len(td.added) + len(td.removed) + len(td.changed) for td in tables.values())
    parts = [f"<details><summary><b>{_e(rid)}</b> <small>{_e(d.labels.get(rid, ''))}</small> — "
             f"{n} row(s) in {len(tables)} table(s)</summary>"]
    whole = _whole(tables)
    if whole:  # a report only in one run: its rows are all new (or gone); counts say enough
        parts.append(f"<p>report {whole}: " + ", ".join(f"{_e(name)} {len(td.added) + len(td.removed)}"
                                                        for name, td in tables.items()) + " row(s)</p></details>")
        return "".join(parts)
    for name, td in tables.items():
        rows = _rows(rid, name, td, review)
        more = len(rows) - MAX_ROWS
        parts.append(f"<details><summary>{_e(name)}: {_counts(td)}</summary>"
                     "<table><tr><th></th><th>row</th><th>page</th><th>what</th></tr>"
                     + "".join(rows[:MAX_ROWS]) + "</table>"
                     + (f"<p><small>… {more} more row(s): see <code>extract diff --json</code></small></p>"
                        if more > 0 else "") + "</details>")
    parts.append("</details>")
    return "".join(parts)


def to_html(d: DiffResult, review: str | None = None) -> str:
    """The page for one diff; `review`: the review page to link pages to."""
    body = [f"<h1>Dataset diff</h1><p>old: <code>{_e(d.old)}</code><br>new: <code>{_e(d.new)}</code></p>"]
    body += [f"<p class=note>{_e(n)}</p>" for n in d.notes]
    body.append(f"<p>{_e('identical' if d.identical else summary_line(d))}</p>")
    body.append(_summary_table(d))
    for name, s in d.schema.items():
        body.append(f"<p>schema <b>{_e(name)}</b>: added {_e(s['added'])}, removed {_e(s['removed'])}</p>")
    if d.reports:
        body.append("<h2>Per report</h2>")
    body += [_report(d, rid, tables, review) for rid, tables in d.reports.items()]
    return ("<!doctype html><html><head><meta charset=utf-8><title>extract diff</title>"
            f"<style>{_CSS}</style></head><body>{''.join(body)}</body></html>\n")
