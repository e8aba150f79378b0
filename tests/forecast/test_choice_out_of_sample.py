"""Out of sample: is the method chosen on earlier years still good on later ones?

The choice is made with the data up to :data:`SPLIT` only (evaluation origins 2018–2020, outcomes
up to 2021) and then scored on the later origins 2021–2024 against the full data. The issue's
bar: its primary score is at most 2 % worse than naive's there, and its 80 % intervals cover
75–88 % of the totals' outcomes.

The bar is checked on the demo snapshot and on three panels of the second generator's default
world (``tests/forecast/worlds.py``, seeds 0–2). It does not hold on every panel: a shock in the
later years can turn any growth method worse than "no change", and the coverage of four
clustered origins swings with the business cycle. ``docs/metode.md`` reports the rates over 41
panels; :func:`test_the_choice_pays_off_across_worlds` checks the robust part on twelve.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from naering_analysis.datasets import frames
from naering_analysis.datasets.panels import projection_panel
from naering_analysis.demo.snapshot import FOLDER
from naering_analysis.forecast import choose_method
from naering_analysis.forecast.choice import COVERAGE_RANGE
from tests.forecast.worlds import WORLDS, random_walk_panel

SPLIT = 2021
MAX_LOSS = 1.02
DEMO = Path(__file__).resolve().parents[2] / "data" / "raw" / "ssb"


def out_of_sample(frame: pd.DataFrame) -> tuple[str, float, float]:
    """Choose on the years up to SPLIT; return the method, its later relative MASE and coverage."""
    chosen = choose_method(frame.loc[frame["year"] <= SPLIT]).method
    later = list(range(SPLIT, int(frame["year"].max())))
    scored = choose_method(frame, origins=later, methods=[chosen, "naive"]).evidence
    row = scored.set_index("method").loc[chosen]
    return chosen, float(row["relative_mase"]), float(row["coverage80"])


def demo_frame() -> pd.DataFrame:
    # The committed demo, even beside real data; the county panel, as the report uses it.
    return projection_panel(frames.employment(FOLDER, root=DEMO), "3105")


@pytest.mark.parametrize(
    "make",
    [demo_frame, *(lambda s=s: random_walk_panel(s, "drift") for s in range(3))],
    ids=["demo", "drift-0", "drift-1", "drift-2"],
)
def test_the_chosen_method_holds_up_on_later_years(make):
    method, relative, coverage = out_of_sample(make())
    assert relative <= MAX_LOSS, f"{method}: {relative:.3f} × naive's MASE on later origins"
    low, high = COVERAGE_RANGE
    assert low <= coverage <= high, f"{method}: coverage {coverage:.3f} on later origins"


def test_the_choice_pays_off_across_worlds():
    results = [out_of_sample(random_walk_panel(s, w)) for w in WORLDS for s in range(3)]
    relative = pd.Series([r[1] for r in results])
    coverage = pd.Series([r[2] for r in results])
    assert relative.mean() < 1.0  # on average the choice beats "no change" later on
    assert relative.max() <= 1.10  # and never loses much
    assert 0.75 <= coverage.median() <= 0.88
