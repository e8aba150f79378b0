"""Should the method choice weigh the evidence toward municipalities like the one analysed?

For every municipality ``m`` of a panel, two choices are made on the early years (data up to
``--split``): one on the totals of **all** municipalities (what the package does) and one on the
totals of ``m``'s peers alone (municipalities with 0.5–2 × its jobs in the split year, the
package's default peer band applied to jobs, which every panel here has). Both are then scored on
the later origins **on the peers' totals**, the municipalities the choice is meant to serve:
relative MASE against naive there. The table says how often, and by how much, the peer choice did
better. Run::

    .venv/bin/python scripts/peer_weighting.py

The panels: real SSB 11618 totals (349 municipalities, 2017–2022, ``tests/real_data.py``), the
demo snapshot (synthetic) and four country-sized worlds of the second generator (synthetic; seeds
fixed before the first run). The numbers are in ``docs/metode.md`` (part 3).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from naering_analysis.forecast.aggregates import council_aggregates  # noqa: E402
from naering_analysis.forecast.choice import BASELINE, apply_rule, default_origins  # noqa: E402
from naering_analysis.forecast.errors import build_panel  # noqa: E402
from naering_analysis.forecast.evaluation import evaluate  # noqa: E402
from naering_analysis.forecast.methods import FITTED, METHODS  # noqa: E402

BAND = (0.5, 2.0)


def _runs(frame: pd.DataFrame, origins: list[int]) -> pd.DataFrame:
    """MASE rows of the municipality totals for every method at ``origins``."""
    panel = build_panel(frame, need_reference=True, missing="drop")
    agg = council_aggregates(panel.keys, "0")
    parts = []
    for method in METHODS:
        fitted_on = agg.subset("total") if method in FITTED else None
        rows = evaluate(panel, agg, method, origins, 5, fitted_on=fitted_on).aggregates
        rows = rows.loc[rows["kind"] == "total", ["region_code", "scaled_error", "covered80"]]
        parts.append(rows.assign(method=method))
    return pd.concat(parts, ignore_index=True)


def _choose(rows: pd.DataFrame, regions: set[str]) -> str:
    part = rows.loc[rows["region_code"].isin(regions)]
    evidence = (
        part.groupby("method")
        .agg(primary_mase=("scaled_error", "mean"), coverage80=("covered80", "mean"))
        .reset_index()
    )
    out = apply_rule(evidence)
    return str(out.loc[out["chosen"], "method"].iloc[0])


def _relative(rows: pd.DataFrame, regions: set[str], method: str) -> float:
    part = rows.loc[rows["region_code"].isin(regions)]
    mase = part.groupby("method")["scaled_error"].mean()
    return float(mase[method] / mase[BASELINE])


def compare(frame: pd.DataFrame, split: int) -> dict[str, float]:
    """Return the summary of all-versus-peers for every municipality of ``frame``."""
    years = sorted(int(y) for y in frame["year"].unique())
    early = _runs(
        frame.loc[frame["year"] <= split], default_origins([y for y in years if y <= split])
    )
    later = _runs(frame, [o for o in default_origins(years) if o >= split])
    size = (
        frame.loc[(frame["year"] == split) & (frame["region_code"].str.len() == 4)]
        .groupby("region_code")["jobs"]
        .sum()
        .astype(float)
    )
    everyone = set(size.index)
    chosen_all = _choose(early, everyone)
    results = []
    for jobs in size.to_numpy():
        peers = set(size.index[(size >= BAND[0] * jobs) & (size <= BAND[1] * jobs)])
        if len(peers) < 5:
            continue
        chosen_peer = _choose(early, peers)
        results.append(
            (
                _relative(later, peers, chosen_all),
                _relative(later, peers, chosen_peer),
                chosen_peer != chosen_all,
            )
        )
    table = np.array(results, dtype=float)
    differ = table[:, 2] > 0
    return {
        "municipalities": float(len(table)),
        "all_choice": chosen_all,  # type: ignore[dict-item]
        "later_rel_all": float(table[:, 0].mean()),
        "later_rel_peers": float(table[:, 1].mean()),
        "differ_share": float(differ.mean()),
        "peers_better_when_differ": float((table[differ, 1] < table[differ, 0]).mean())
        if differ.any()
        else float("nan"),
    }


def panels() -> dict[str, tuple[pd.DataFrame, int]]:
    """The panels compared, each with its split year."""
    from tests.forecast.worlds import national_sizes, random_walk_panel
    from tests.real_data import real_national_totals

    from naering_analysis.datasets.frames import employment

    out = {"Ekte 11618 (totaler 2017–2022)": (real_national_totals(), 2021)}
    out["Demo (syntetisk)"] = (employment(), 2021)
    for world, seed in (("drift", 400), ("local", 401), ("shifty", 402), ("pure_walk", 403)):
        sizes = national_sizes(150, seed)
        out[f"Verden {world} {seed} (syntetisk)"] = (
            random_walk_panel(seed, world, sizes=sizes),
            2021,
        )
    return out


def main() -> None:
    """Print the comparison as a Norwegian Markdown table."""
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    print(
        "| Panel | Kommuner | Valg på alle | Relativ MASE senere (alle) | "
        "Relativ MASE senere (bare like) | Valgene ulike | Like bedre når ulike |"
    )
    print("|---|---:|---|---:|---:|---:|---:|")
    for name, (frame, split) in panels().items():
        r = compare(frame, split)
        print(
            f"| {name} | {r['municipalities']:.0f} | {r['all_choice']} | "
            f"{r['later_rel_all']:.3f} | {r['later_rel_peers']:.3f} | "
            f"{100 * r['differ_share']:.0f} % | {100 * r['peers_better_when_differ']:.0f} % |".replace(
                ".", ","
            )
        )


if __name__ == "__main__":
    main()
