"""What every council figure and table is built from: the frames, parameters and scenario runs.

:func:`analysis_inputs` loads the frames once and runs every scenario; the builders in
:mod:`naering_analysis.report.council` and :mod:`naering_analysis.report.private` take the
resulting :class:`Inputs` and return figures or :class:`CouncilTable` objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from naering_analysis.config import paths
from naering_analysis.datasets.build import frame
from naering_analysis.datasets.panels import choice_peers, projection_panel
from naering_analysis.forecast import projections
from naering_analysis.forecast.choice import MethodChoice
from naering_analysis.forecast.store import stored_choice
from naering_analysis.numfmt import fmt_pct
from naering_analysis.reference.regions import region_groups
from naering_analysis.reference.terms import SECTOR_NAMES as _SECTOR_NAMES
from naering_analysis.reference.terms import label as term_label
from naering_analysis.report.suppressed import fill_employment, fill_sector
from naering_analysis.scenarios import HEADLINE_SCENARIO, Scenario, ScenarioResult, run_scenario
from naering_analysis.scenarios.models import STANDARD_METHOD, user_scenarios

#: The programme's reference period ("1,0 % per år fra 2017 til 2022").
PROGRAMME_PERIOD = (2017, 2022)

#: Norwegian names of the tidy ``sector_code`` values (the terms registry's).
SECTOR_NAMES = dict(_SECTOR_NAMES)

#: The region group compared with the municipality (an editable assumption in region_groups.yaml).
REGION_GROUP = "Søndre Østfold"


@dataclass(frozen=True)
class Inputs:
    """Frames and parameters every council figure and table is built from."""

    kommune: str
    base_year: int
    rate: float
    target_year: int
    employment: pd.DataFrame
    sector: pd.DataFrame
    latest: int
    region_name: str
    choice: MethodChoice
    scenarios: dict[str, ScenarioResult] = field(default_factory=dict)
    panel: pd.DataFrame = field(default_factory=pd.DataFrame)
    """13470 for every municipality in the snapshot: the method choice and the projections rest on it."""

    @property
    def synthetic(self) -> bool:
        """True when the figures are built from the demo snapshot."""
        return bool(self.employment.attrs.get("synthetic"))


@dataclass(frozen=True)
class CouncilTable:
    """A table for the council document: Norwegian headers and Excel number formats."""

    name: str
    title: str
    frame: pd.DataFrame
    number_formats: dict[str, str]


def goal_args(inputs: Inputs) -> dict[str, Any]:
    """Return the goal parameters (base year, rate, target year, region) as keyword arguments."""
    return {
        "base_year": inputs.base_year,
        "rate": inputs.rate,
        "target_year": inputs.target_year,
        "region": inputs.kommune,
    }


def target_label(inputs: Inputs) -> str:
    """Return the legend entry of the programme's path, e.g. ``Målbane (1,5 % per år fra 2022)``."""
    return term_label("maalbane", 3, rate=fmt_pct(inputs.rate, 1), year=inputs.base_year)


def figure_opts(inputs: Inputs, name: str, frame: pd.DataFrame | None = None) -> dict[str, Any]:
    """Name and provenance for a figure (derived frames lose ``attrs``, so pass them on).

    The sources are those of ``frame`` (default: the 13470 employment frame).
    """
    source = inputs.employment if frame is None else frame
    return {
        "name": name,
        "sources": list(source.attrs.get("provenance", [])),
        "synthetic": bool(source.attrs.get("synthetic")),
    }


def jobs_in_year(path: pd.DataFrame, year: int) -> float:
    """Return ``jobs`` in ``year`` from a one-row-per-year path frame."""
    values = path.loc[path["year"].astype(int) == int(year), "jobs"].to_numpy(dtype=float)
    if len(values) != 1:
        raise KeyError(f"Banen har {len(values)} rader for år {year}; forventet én.")
    return float(values[0])


def with_region_group(frame: pd.DataFrame, group: str = REGION_GROUP) -> pd.DataFrame:
    """Append the sum of a region group's members as a region whose code is the group name.

    Cells SSB has suppressed (``:``) in a member count as 0 in the group sum: they are small by
    construction, and the number of such cells is shown in notebook 01. The frame is returned
    unchanged when a member is not in it.
    """
    members = list(region_groups()[group].codes)
    if set(members) - set(frame["region_code"]):
        return frame
    keys = [c for c in ("industry_code", "industry_name", "bransje", "year") if c in frame]
    picked = frame.loc[frame["region_code"].isin(members)]
    summed = (
        picked.assign(jobs=picked["jobs"].fillna(0))
        .groupby(keys, as_index=False, observed=True)["jobs"]
        .sum()
        .assign(region_code=group, region_name=group)
    )
    out = pd.concat([frame, summed], ignore_index=True)
    out.attrs = frame.attrs
    return out


def all_scenarios(root: Path | None = None) -> dict[str, Scenario]:
    """Return the built-in scenarios followed by the user's own from ``scenarios/*.yaml|yml``.

    A user scenario with the same name as a built-in one replaces it (and keeps its place);
    see :func:`naering_analysis.scenarios.models.user_scenarios` for the checks.
    """
    return user_scenarios(paths(root).scenarios)[0]


def analysis_inputs(
    kommune: str = "3105",
    base_year: int = 2022,
    rate: float = 0.015,
    target_year: int = 2030,
    snapshot: str | None = None,
    *,
    root: Path | None = None,
    with_scenarios: bool = True,
) -> Inputs:
    """Load the frames once and run every scenario (built-in and the user's) for ``kommune``.

    ``base_method: standard`` in a scenario is the projection method chosen on this data
    (``Inputs.choice``). ``root`` is the project root (default: found from the working
    directory).
    """
    raw = paths(root).raw if root else None
    unfilled = frame("employment", snapshot, root=root)  # every municipality the snapshot has
    # The kommune's lone suppressed part in a year is SSB's total less the rest (exact).
    panel = fill_employment(unfilled, kommune, snapshot, raw)
    employment = projection_panel(panel, kommune)
    # The county panel: the sector projections' error pools rest on it (13472 for the whole
    # country is ten times larger).
    sector = projection_panel(
        fill_sector(frame("employment_sector", snapshot, root=root), kommune, panel), kommune
    )
    own = employment.loc[employment["region_code"] == kommune]
    if own.empty:
        raise KeyError(
            f"Kommune {kommune} finnes ikke i øyeblikksbildet for tabell 13470. Hent data for den "
            f"med `naering fetch --kommune {kommune}`."
        )
    choice = stored_choice(
        unfilled, paths(root).processed, peers=choice_peers(kommune, snapshot, root)
    )
    results = {}
    if with_scenarios:
        for name, scenario in all_scenarios(root).items():
            results[name] = run_scenario(
                panel,
                scenario,
                region=kommune,
                base_year=base_year,
                rate=rate,
                target_year=target_year,
                standard_method=choice,
            )
    return Inputs(
        kommune=kommune,
        base_year=base_year,
        rate=rate,
        target_year=target_year,
        employment=employment,
        sector=sector,
        panel=panel,
        latest=int(own["year"].max()),
        region_name=str(own["region_name"].iloc[0]),
        choice=choice,
        scenarios=results,
    )


def chosen_projection(inputs: Inputs) -> pd.DataFrame:
    """Project the municipality with the methods chosen on this data, per industry and year.

    The total follows the method chosen on totals, the industries the method chosen on the
    focus-industry totals reconciled to it: the same numbers as the headline scenario
    («Framskriving (valgt metode)»), whose engine runs on every municipality in the snapshot.
    ``lo80``/``hi80`` are each industry's band from the reconciled simulated paths.
    """
    result = run_scenario(
        inputs.panel if len(inputs.panel) else inputs.employment,
        Scenario(name=HEADLINE_SCENARIO, base_method=STANDARD_METHOD),
        region=inputs.kommune,
        base_year=inputs.base_year,
        rate=inputs.rate,
        target_year=inputs.target_year,
        standard_method=inputs.choice,
    )
    return result.by_industry.drop(columns="scenario").assign(method=inputs.choice.method)


def chosen_sector_projection(inputs: Inputs) -> pd.DataFrame:
    """Project the municipality's jobs by sector (13472), coherent with the council's projection.

    Each sector series is projected with the method chosen on the 13470 totals (on the county's
    13472 panel); private and public are reconciled to the all-sector series, and the all-sector
    series are scaled, year by year, so that they add up to the council's projection of 13470
    (:func:`chosen_projection`): the two tables then tell one story about the total.
    """
    proj = projections.project(
        inputs.sector,
        inputs.choice.method,
        end_year=inputs.target_year,
        region=inputs.kommune,
        missing="drop",
    )
    council_total = chosen_projection(inputs).groupby("year")["jobs"].sum()
    everything = proj.loc[proj["sector_code"] == projections.SECTOR_TOTAL]
    factor = council_total / everything.groupby("year")["jobs"].sum()
    scaled = proj["year"].map(factor).fillna(1.0).to_numpy(dtype=float)
    out = proj.copy()
    for col in ["jobs", *[c for c in projections.BAND_COLUMNS if c in out.columns]]:
        out[col] = out[col].to_numpy(dtype=float) * scaled
    out.attrs = proj.attrs
    return out
