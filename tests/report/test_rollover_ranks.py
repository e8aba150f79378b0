"""endringer.md reports the peer ranks that moved and a change of projection method."""

from __future__ import annotations

import copy
from typing import Any

from naering_analysis.report.rollover import compare_key_figures


def figures(latest: int, ranks: dict[str, str], method: str = "naive") -> dict[str, Any]:
    """The smallest key figures compare_key_figures reads, with peer ranks for two periods."""

    def period(start: int, end: int) -> dict[str, Any]:
        return {
            "period": [start, end],
            "summary": [],
            "measures": {
                "attractiveness_annual_pp": {
                    "label": "Attraktivitet, prosentpoeng per år",
                    "value": 0.1,
                    "ranks": {
                        group: {"rank": 1, "of": 12, "text": t} for group, t in ranks.items()
                    },
                }
            },
        }

    return {
        "meta": {
            "generated_at": f"{latest + 1}-11-20T08:00:00Z",
            "synthetic": False,
            "snapshots": {},
        },
        "data": {"latest_year": latest, "latest_jobs": 29000, "jobs_by_year": {}},
        "goal": {"required_growth_rate": 0.02, "target_year": 2030},
        "scenarios": {},
        "projection": {"method": method, "method_label": method.capitalize()},
        "peers": {
            "coverage_note": "",
            "periods": {
                "2017–2022": period(2017, 2022),
                f"{latest - 5}–{latest}": period(latest - 5, latest),
            },
        },
    }


def test_moved_ranks_are_listed_per_period_and_unchanged_ones_are_not() -> None:
    old = figures(2024, {"Fylket": "nr. 3 av 12", "Hele landet": "nr. 199 av 357"})
    new = figures(2025, {"Fylket": "nr. 3 av 12", "Hele landet": "nr. 180 av 357"}, "structural")
    text = compare_key_figures(old, new)
    assert "## Rangeringer blant andre kommuner" in text
    # Both periods moved in the whole country; the county rank did not move.
    assert (
        "| 2017–2022 | Attraktivitet, prosentpoeng per år | Hele landet | nr. 199 av 357 | nr. 180 av 357 |"
        in text
    )
    assert "| 2019–2024 → 2020–2025 | Attraktivitet, prosentpoeng per år | Hele landet |" in text
    assert "| Fylket |" not in text
    assert "Metoden for kommunetotalen valgt på dataene er byttet: Naive → **Structural**" in text


def test_a_changed_industry_method_is_said_too() -> None:
    old = figures(2024, {"Fylket": "nr. 3 av 12"}, "structural")
    new = figures(2025, {"Fylket": "nr. 3 av 12"}, "structural")
    old["projection"]["industries"] = {"method": "naive", "method_label": "Naiv"}
    new["projection"]["industries"] = {"method": "pooled", "method_label": "Samlet"}
    text = compare_key_figures(old, new)
    assert "Samme metode for kommunetotalen som sist: Structural." in text
    assert "Metoden for næringene valgt på dataene er byttet: Naiv → **Samlet**" in text


def test_no_moves_and_no_previous_comparison_are_said_plainly() -> None:
    new = figures(2025, {"Fylket": "nr. 3 av 12"})
    same = copy.deepcopy(new)
    assert "Ingen rangeringer er endret." in compare_key_figures(same, new)
    assert "Samme metode for kommunetotalen som sist" in compare_key_figures(same, new)
    old = copy.deepcopy(new)
    del old["peers"]
    assert "Forrige rapport hadde ingen sammenligning" in compare_key_figures(old, new)
