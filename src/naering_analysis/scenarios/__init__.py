"""Scenarios: what if the focus industries grow faster, and does the region reach its goal.

This module is the public face of the scenario machinery:

* :mod:`~naering_analysis.scenarios.models` – the frozen models (:class:`Scenario`,
  :class:`Override`, :class:`JobEvent`), YAML load/save and the built-in scenarios;
* :mod:`~naering_analysis.scenarios.apply` – how overrides and job events change a projection;
* :mod:`~naering_analysis.scenarios.engine` – :class:`ScenarioEngine`, :func:`run_scenario` and the
  probability of reaching the goal.

May import: ``forecast``, ``analysis``, ``datasets``, ``reference`` and the ground floor.

Examples
--------
>>> sorted(builtin_scenarios())
['Framskriving (valgt metode)', 'Handlingsprogram', 'Høy', 'Lav', 'Nasjonal vekst', 'Trend']
>>> next(iter(builtin_scenarios())) == HEADLINE_SCENARIO
True
"""

from __future__ import annotations

from naering_analysis.scenarios.apply import apply_scenario
from naering_analysis.scenarios.engine import (
    ScenarioEngine,
    ScenarioResult,
    run_scenario,
)
from naering_analysis.scenarios.models import (
    HEADLINE_SCENARIO,
    STANDARD_METHOD,
    FieldProblems,
    JobEvent,
    Override,
    Scenario,
    builtin_scenarios,
    load_scenario,
    parse_scenario,
    save_scenario,
)

__all__ = [
    "HEADLINE_SCENARIO",
    "STANDARD_METHOD",
    "FieldProblems",
    "JobEvent",
    "Override",
    "Scenario",
    "ScenarioEngine",
    "ScenarioResult",
    "apply_scenario",
    "builtin_scenarios",
    "load_scenario",
    "parse_scenario",
    "run_scenario",
    "save_scenario",
]
