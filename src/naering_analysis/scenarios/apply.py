"""Apply a scenario's overrides and job events to a base projection (numpy, one region).

Rules (documented in ``docs/metode.md``):

* ``annual_rate`` r: ``jobs[h] = jobs_L · (1 + r)^h`` from the latest data year L.
* ``trend_multiplier`` m: ``jobs[h] = jobs_L · (base[h] / jobs_L)^m`` (the base method's log
  growth times m); a series at zero stays at zero.
* A job event adds its jobs in every year from ``year`` on, split over the target's industries in
  proportion to their jobs in L (equally if they all have none).

Examples
--------
>>> from naering_analysis.scenarios.models import Scenario
>>> s = Scenario(name="x", overrides=[{"industry_code": "41-43", "annual_rate": 0.1}])
>>> organic, events = apply_scenario(
...     s, np.array([[100.0, 100.0]]), np.array([100.0]), np.array(["41-43"]), {}, 2025
... )
>>> organic.round(6).tolist(), events.tolist()
([[110.0, 121.0]], [[0.0, 0.0]])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from naering_analysis.errors import ScenarioError
from naering_analysis.scenarios.models import Scenario


def _rows(
    target: tuple[str, str],
    field: str,
    industries: np.ndarray,
    bransjer: Mapping[str, Sequence[str]],
    scenario: str,
) -> np.ndarray:
    """Return the row numbers a target covers, or raise naming the field."""
    kind, value = target
    if kind == "industry_code":
        rows = np.flatnonzero(industries == value)
        if not len(rows):
            raise ScenarioError(
                f"Scenario '{scenario}': feltet '{field}.industry_code': ukjent næringskode "
                f"'{value}'; regionen har {sorted(industries.tolist())}."
            )
        return rows
    if value not in bransjer:
        raise ScenarioError(
            f"Scenario '{scenario}': feltet '{field}.bransje': ukjent bransje '{value}'; gyldige "
            f"navn er {list(bransjer)}."
        )
    rows = np.flatnonzero(np.isin(industries, list(bransjer[value])))
    if not len(rows):
        raise ScenarioError(
            f"Scenario '{scenario}': feltet '{field}.bransje': ingen av næringene {list(bransjer[value])} "
            f"i bransjen '{value}' finnes i tabellen."
        )
    return rows


def apply_scenario(
    scenario: Scenario,
    base: np.ndarray,
    last_jobs: np.ndarray,
    industries: np.ndarray,
    bransjer: Mapping[str, Sequence[str]],
    latest_year: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the scenario's organic paths and its event steps, both ``(industries, horizon)``.

    Parameters
    ----------
    scenario
        The validated scenario.
    base
        Base-method projection per industry for years L+1 .. L+H.
    last_jobs
        Jobs per industry in the latest data year L.
    industries
        Industry code per row.
    bransjer
        Bransje name → SN2007 codes.
    latest_year
        L.
    """
    n, horizon = base.shape
    steps = np.arange(1, horizon + 1)
    organic = base.astype(float).copy()
    owner: dict[int, str] = {}
    for k, override in enumerate(scenario.overrides):
        field = f"overrides[{k}]"
        rows = _rows(override.target, field, industries, bransjer, scenario.name)
        clash = sorted({owner[r] for r in rows if r in owner})
        if clash:
            raise ScenarioError(
                f"Scenario '{scenario.name}': feltet '{field}' endrer næringer som {clash} allerede "
                "endrer; hver næring kan bare ha én overstyring."
            )
        owner.update(dict.fromkeys(rows.tolist(), field))
        last = last_jobs[rows][:, None]
        if override.annual_rate is not None:
            organic[rows] = last * (1.0 + override.annual_rate) ** steps[None, :]
        else:
            ratio = np.divide(base[rows], last, out=np.zeros_like(base[rows]), where=last > 0)
            organic[rows] = np.where(
                last > 0, last * ratio ** float(override.trend_multiplier or 0.0), 0.0
            )
    events = np.zeros((n, horizon))
    years = np.arange(latest_year + 1, latest_year + horizon + 1)
    for k, event in enumerate(scenario.events):
        field = f"events[{k}]"
        if not latest_year < event.year <= years[-1]:
            raise ScenarioError(
                f"Scenario '{scenario.name}': feltet '{field}.year' = {event.year} må ligge etter "
                f"siste dataår {latest_year} og senest i målåret {years[-1]}."
            )
        rows = _rows(event.target, field, industries, bransjer, scenario.name)
        weights = last_jobs[rows].astype(float)
        shares = weights / weights.sum() if weights.sum() > 0 else np.full(len(rows), 1 / len(rows))
        events[rows] += np.outer(shares * event.jobs, years >= event.year)
    negative = (organic + events) < -1e-9
    if negative.any():
        row, col = np.argwhere(negative)[0]
        raise ScenarioError(
            f"Scenario '{scenario.name}': hendelsene gir negativt antall arbeidsplasser i "
            f"{industries[row]} i {years[col]}; rett feltet 'jobs' i events."
        )
    return organic, events
