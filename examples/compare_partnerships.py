"""Compare safeguarding partnerships across reports: who pays, who is named, who turns up.

    extract corpus/*.pdf -o output/
    python examples/compare_partnerships.py output/ -o examples/partnerships.png

Prints three tables and saves one figure:
  1. contributions to the board's budget per partner category (police, health, ...), per report;
  2. how many distinct partners of each category each report names (mentions);
  3. meeting attendance rate (attended / possible) per report that prints an attendance table.
Every figure can be traced to its page: see the `page` and `quote` columns of each table.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import extractor


def label(reports) -> dict:
    """report_id -> a short label: the board (or area) and the report year."""
    out = {}
    for r in reports.drop_duplicates("report_id").itertuples():
        name = r.area or r.board_name or r.report_id
        out[r.report_id] = f"{name} {r.report_year or ''}".strip()
    return out


def funding_by_category(ds):
    """Contributions (kind = contribution) in £ per report and partner category."""
    return ds.sql("""
        SELECT f.report_id, coalesce(p.category, 'unmatched agency') AS category, sum(f.amount_gbp) AS gbp
        FROM funding f LEFT JOIN partners p USING (partner_id)
        WHERE f.kind = 'contribution'
        GROUP BY ALL ORDER BY ALL""").pivot(index="report_id", columns="category", values="gbp").fillna(0)


def partners_named(ds):
    """Distinct partners named per report and category (the report_partners view)."""
    return ds.sql("""
        SELECT report_id, category, count(*) AS partners FROM report_partners
        GROUP BY ALL ORDER BY ALL""").pivot(index="report_id", columns="category", values="partners").fillna(0)


def attendance_rate(ds):
    """Share of possible meetings attended, over every member listed, per report."""
    return ds.sql("""
        SELECT report_id, sum(attended) / sum(possible) AS rate, count(*) AS members
        FROM attendance WHERE possible > 0 GROUP BY ALL ORDER BY ALL""").set_index("report_id")


CATEGORIES = ["local_authority", "police", "health", "education", "probation", "voluntary", "other",
              "unmatched agency"]


def plot(funding, named, attendance, labels: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = dict(zip(CATEGORIES, plt.get_cmap("tab10").colors))  # one colour per category in both panels
    fig, axes = plt.subplots(1, 3, figsize=(16, 6), gridspec_kw={"width_ratios": [3, 3, 2]})
    for ax, table, title, xlabel in ((axes[0], funding / 1000, "Contributions to the board's budget", "£ thousand"),
                                     (axes[1], named, "Partners named in the report", "distinct partners")):
        cols = [c for c in CATEGORIES if c in table.columns]
        table[cols].rename(index=labels).plot.barh(stacked=True, ax=ax, color=[colours[c] for c in cols],
                                                   legend=False, width=0.6)
        ax.set(title=title, xlabel=xlabel, ylabel="")
    if len(attendance):
        rates = attendance.rename(index=labels)
        axes[2].barh(rates.index, rates["rate"] * 100, color="tab:cyan", height=0.6)
        axes[2].set_ylim(-0.7, max(len(rates), 4) - 0.3)  # one report must not fill the panel
        for y, (rate, n) in enumerate(zip(rates["rate"], rates["members"])):
            axes[2].text(rate * 100 + 2, y, f"{rate:.0%} of {n} members", va="center")
    axes[2].set(title="Board meeting attendance", xlabel="% of possible meetings attended", xlim=(0, 140))
    handles = [plt.Rectangle((0, 0), 1, 1, color=colours[c]) for c in CATEGORIES]
    fig.legend(handles, [c.replace("_", " ") for c in CATEGORIES], loc="lower center", ncol=len(CATEGORIES),
               frameon=False)
    fig.suptitle("Safeguarding partnerships compared (extracted by lscb-extractor; every value cites its page)")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset", nargs="?", default="output", help="dataset folder written by `extract`")
    ap.add_argument("-o", "--plot", default="partnerships.png", help="where to save the figure (PNG)")
    args = ap.parse_args(argv)
    with extractor.open_dataset(args.dataset) as ds:
        labels = label(ds.reports)
        funding, named, attendance = funding_by_category(ds), partners_named(ds), attendance_rate(ds)
    for title, table in (("Contributions (£) per partner category", funding),
                         ("Distinct partners named per category", named),
                         ("Attendance rate", attendance)):
        print(f"\n{title}\n{table.rename(index=labels).round(2).to_string()}")
    plot(funding, named, attendance, labels, Path(args.plot))
    print(f"\nsaved {args.plot}")


if __name__ == "__main__":
    main()
