"""Lag tallene og figuren om metodevalget i docs/metode.md (del 3).

Bruk:
    python scripts/method_evidence.py                 # skriv tabellene til skjermen
    python scripts/method_evidence.py --figure docs/figurer/dekning_etter_horisont.png

Alt er SYNTETISKE DATA: demo-øyeblikksbildet og panelene fra testgeneratoren
(tests/forecast/worlds.py: fire verdener × frø 0–9). Ingenting her er SSB-tall.

1. Metodevalget på hele demo-øyeblikksbildet, alle 357 kommuner (prognoseår 2018–2024,
   horisont 1–5), for kommunetotalene.
2. Metodevalget ut av utvalget: valgt med data til og med 2021, målt på prognoseårene 2021–2024,
   for reglene i pakken og for regelen uten krav om 5 % forbedring.
3. Figuren: dekning av 80 %-intervallet etter horisont på demo-øyeblikksbildet.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.forecast.worlds import WORLDS, random_walk_panel  # noqa: E402

from naering_analysis.datasets import frames  # noqa: E402
from naering_analysis.demo.snapshot import FOLDER  # noqa: E402
from naering_analysis.forecast import choose_method  # noqa: E402
from naering_analysis.forecast.choice import COVERAGE_RANGE, MethodChoice  # noqa: E402
from naering_analysis.forecast.evidence_text import format_evidence  # noqa: E402
from naering_analysis.numfmt import fmt_num, fmt_pct  # noqa: E402

SPLIT = 2021


def literal_rule(choice: MethodChoice) -> str:
    """The issue's rule without the 5 % margin: best calibrated method below naive, else naive."""
    ev = choice.evidence
    ok = ev.loc[ev["coverage_ok"] & (ev["relative_mase"] < 1.0)].sort_values("primary_mase")
    return str(ok["method"].iloc[0]) if len(ok) else "naive"


def out_of_sample(frame: pd.DataFrame) -> dict[str, object]:
    """Choose on the years up to SPLIT, score on the later origins (both rules)."""
    early = choose_method(frame.loc[frame["year"] <= SPLIT])
    picks = {"pakken": early.method, "uten_margin": literal_rule(early)}
    later = list(range(SPLIT, int(frame["year"].max())))
    scored = choose_method(frame, origins=later, methods=sorted(set(picks.values()))).evidence
    ev = scored.set_index("method")
    out: dict[str, object] = {}
    for rule, method in picks.items():
        out[f"{rule}_metode"] = method
        out[f"{rule}_rel"] = float(ev.loc[method, "relative_mase"])
        out[f"{rule}_dekning"] = float(ev.loc[method, "coverage80"])
    return out


def figure(choice: MethodChoice, path: Path) -> None:
    """Coverage of the 80 % interval by horizon on the demo, one line per method."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    from naering_analysis.figures.style import OKABE_ITO, SYNTHETIC_MARK, council_style

    labels = dict(zip(choice.evidence["method"], choice.evidence["label"], strict=True))
    with council_style():
        fig, ax = plt.subplots(figsize=(16 / 2.54, 10 / 2.54))
        low, high = COVERAGE_RANGE
        ax.axhspan(low, high, color="#d9d9d9", alpha=0.6, lw=0, label="Kravet: 75–88\u00a0%")
        ax.axhline(0.8, color="#4d4d4d", lw=0.8, ls="--", label="80\u00a0%")
        others = [c for name, c in OKABE_ITO.items() if name != "black"]
        totals = choice.by_horizon.loc[choice.by_horizon["level"] == "total"]
        for k, (method, rows) in enumerate(totals.groupby("method", sort=False)):
            chosen = method == choice.method
            ax.plot(
                rows["horizon"],
                rows["coverage80"],
                marker="o",
                markersize=4,
                color=OKABE_ITO["black"] if chosen else others[k % len(others)],
                ls="-" if chosen or k < len(others) else ":",
                lw=2.4 if chosen else 1.1,
                label=f"{labels[method]} (valgt)" if chosen else labels[method],
            )
        ax.set_xticks(sorted(choice.by_horizon["horizon"].unique()))
        ax.set_xlabel("År fram")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_pct(v, 0)))
        ax.set_ylim(0.5, 1.0)
        ax.set_title(
            "Dekning av 80\u00a0%-intervallet for kommunetotalene, etter horisont", loc="left"
        )
        ax.legend(fontsize=6.5, ncol=2, loc="lower left", frameon=False)
        fig.text(0.01, 0.01, f"{SYNTHETIC_MARK}. Demo-øyeblikksbildet, prognoseår 2018–2024.",
                 fontsize=7)  # fmt: skip
        fig.tight_layout(rect=(0, 0.04, 1, 1))
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=150)
        plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figure", type=Path, default=None, help="skriv figuren hit (PNG)")
    args = parser.parse_args(argv)
    demo = frames.employment(FOLDER, root=ROOT / "data" / "raw" / "ssb")  # every municipality
    choice = choose_method(demo)
    print("## Metodevalget på demo-øyeblikksbildet\n")
    print(format_evidence(choice))
    print(f"\n{choice.reason()}\n")
    print("## Ut av utvalget (valgt til og med 2021, målt på prognoseår 2021–2024)\n")
    panels = [("demo", -1, demo)] + [
        (world, seed, random_walk_panel(seed, world)) for world in WORLDS for seed in range(10)
    ]
    rows = [{"verden": w, "frø": s, **out_of_sample(f)} for w, s, f in panels]
    table = pd.DataFrame(rows)
    low, high = COVERAGE_RANGE
    for rule in ("pakken", "uten_margin"):
        rel_ok = table[f"{rule}_rel"] <= 1.02
        cov_ok = table[f"{rule}_dekning"].between(low, high)
        print(
            f"{rule}: høyst 2 % dårligere enn naiv i {rel_ok.sum()} av {len(table)}, dekning "
            f"75–88 % i {cov_ok.sum()}, begge i {(rel_ok & cov_ok).sum()}; snitt relativ MASE "
            f"{fmt_num(table[f'{rule}_rel'].mean(), 3)}, største {fmt_num(table[f'{rule}_rel'].max(), 3)}"
        )
    print()
    print(table.round(3).to_string(index=False))
    if args.figure:
        figure(choice, args.figure)
        print(f"\nSkrev {args.figure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
