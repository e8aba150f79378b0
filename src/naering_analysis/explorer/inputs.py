"""The scenario explorer's inputs as plain values: parsing, checks and the scenario they describe.

Nothing here touches a widget, so it is all testable on its own. Messages are Norwegian and name
the field (as labelled in the explorer) and what to type instead.

Examples
--------
>>> parse_rate_pct("1,5 %")
0.015
>>> check_goal(0.015, 2022, 2020, first_year=2015, latest_year=2025)
['Målåret (2020) må være etter basisåret (2022).', 'Målåret (2020) må være etter siste dataår (2025).']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from naering_analysis.errors import ScenarioError
from naering_analysis.numfmt import fmt_num, fmt_pct, fmt_signed
from naering_analysis.reference.terms import label as term_label
from naering_analysis.scenarios import Scenario, parse_scenario

MODE_MULTIPLIER = "trend_multiplier"
MODE_RATE = "annual_rate"
MODE_OPTIONS = (
    (term_label("overstyring_multiplikator"), MODE_MULTIPLIER),
    (term_label("overstyring_rate"), MODE_RATE),
)
SLIDER_RANGES: dict[str, tuple[float, float, float]] = {
    MODE_MULTIPLIER: (0.0, 3.0, 0.1),
    MODE_RATE: (-5.0, 10.0, 0.1),
}
"""(min, max, step) of the focus-industry sliders per mode; rates are in per cent."""

NO_EVENT = "Ingen"


def slider_text(value: float, mode: str) -> str:
    r"""Return the Norwegian readout of a focus-industry slider: ``'× 1,5'`` or ``'2,0 %'``.

    >>> slider_text(1.5, MODE_MULTIPLIER), slider_text(2.0, MODE_RATE)
    ('× 1,5', '2,0\xa0%')
    """
    if mode == MODE_MULTIPLIER:
        return f"× {fmt_num(value, 1)}"
    return fmt_pct(value / 100.0, 1)


DEFAULT_NAME = "Mitt scenario"
MAX_HORIZON = 25
"""Target years further than this beyond the latest data year are refused (no meaningful band)."""


def parse_rate_pct(text: str) -> float:
    """Parse a growth rate typed in per cent (``"1,5"``, ``"1.5 %"``) and return a fraction.

    Raises :class:`ScenarioError` with a Norwegian message for anything that is not a number.
    """
    cleaned = text.strip().removesuffix("%").strip().replace("\u2212", "-").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise ScenarioError(
            f"Målveksten «{text}» er ikke et tall; skriv for eksempel 1,5 (prosent per år)."
        ) from None
    if not np.isfinite(value):
        raise ScenarioError(f"Målveksten «{text}» må være et endelig tall, for eksempel 1,5.")
    return round(value / 100.0, 10)


def check_goal(
    rate: float, base_year: int, target_year: int, *, first_year: int, latest_year: int
) -> list[str]:
    """Return Norwegian messages for every problem with the goal fields (empty when valid)."""
    problems = []
    if rate <= -1.0:
        problems.append(f"Målveksten må være større enn −100 % (fikk {fmt_pct(rate, 1)}).")
    if not first_year <= base_year <= latest_year:
        problems.append(
            f"Basisåret må være et år med data ({first_year}–{latest_year}), fikk {base_year}."
        )
    if target_year <= base_year:
        problems.append(f"Målåret ({target_year}) må være etter basisåret ({base_year}).")
    if target_year <= latest_year:
        problems.append(f"Målåret ({target_year}) må være etter siste dataår ({latest_year}).")
    elif target_year > latest_year + MAX_HORIZON:
        problems.append(
            f"Målåret ({target_year}) kan være høyst {latest_year + MAX_HORIZON} "
            f"({MAX_HORIZON} år etter siste dataår)."
        )
    return problems


@dataclass(frozen=True)
class Goal:
    """The goal the scenario is measured against: ``rate`` (fraction) from base to target year."""

    rate: float
    base_year: int
    target_year: int


@dataclass(frozen=True)
class ExplorerInputs:
    """The explorer's inputs as plain values (rates in per cent as on the sliders)."""

    name: str
    mode: str
    sliders: Mapping[str, float]
    base_method: str
    rate_text: str
    base_year: int
    target_year: int
    event_target: str | None
    event_year: int
    event_jobs: int


def build_scenario(inputs: ExplorerInputs) -> Scenario:
    """Turn the explorer inputs into a validated :class:`Scenario`.

    Multipliers of exactly 1 are left out (they equal the base projection); in rate mode every
    focus industry gets its rate, so the saved file says exactly what the sliders showed.
    """
    overrides: list[dict[str, Any]] = []
    for bransje, value in inputs.sliders.items():
        if inputs.mode == MODE_MULTIPLIER:
            if round(value, 4) != 1.0:
                overrides.append({"bransje": bransje, "trend_multiplier": round(value, 4)})
        else:
            overrides.append({"bransje": bransje, "annual_rate": round(value / 100.0, 6)})
    events: list[dict[str, Any]] = []
    if inputs.event_target is not None and inputs.event_jobs != 0:
        events.append(
            {"bransje": inputs.event_target, "year": inputs.event_year, "jobs": inputs.event_jobs}
        )
    name = inputs.name.strip()
    if not name:
        raise ScenarioError("Gi scenariet et navn i feltet «Navn» før du lagrer eller eksporterer.")
    document = {
        "name": name,
        "description": describe(inputs),
        "base_method": inputs.base_method,
        "overrides": overrides,
        "events": events,
    }
    return parse_scenario(document, "scenarioutforskeren")


def describe(inputs: ExplorerInputs) -> str:
    """Return a Norwegian one-paragraph description of the settings, stored in the YAML file."""
    if inputs.mode == MODE_MULTIPLIER:
        parts = [f"{b} {slider_text(v, MODE_MULTIPLIER)}" for b, v in inputs.sliders.items()]
        kind = "multiplikator på grunnmetodens framskrevne vekst"
    else:
        parts = [f"{b} {slider_text(v, MODE_RATE)}" for b, v in inputs.sliders.items()]
        kind = "årlig vekst"
    text = f"Laget i scenarioutforskeren ({kind}): " + "; ".join(parts) + "."
    if inputs.event_target is not None and inputs.event_jobs != 0:
        jobs = fmt_signed(inputs.event_jobs)
        text += f" Jobbhendelse: {jobs} i {inputs.event_target} fra {inputs.event_year}."
    goal = fmt_pct(parse_rate_pct(inputs.rate_text), 1)
    return (
        f"{text} Målt mot målet {goal} årlig vekst fra {inputs.base_year} til {inputs.target_year}."
    )
