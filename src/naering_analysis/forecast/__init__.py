"""Forecasts: point methods, empirical error models, projections to 2030 and the method choice.

:mod:`.methods` makes point forecasts on numpy panels (:mod:`.simple`, :mod:`.ets` and the
backtest-fitted :mod:`.fitted`); :mod:`.errors` builds the panels, the rolling-origin forecasts
and the error model behind the intervals; :mod:`.aggregates` defines the totals the council
reads (municipality totals and focus-industry totals, a sparse matrix); :mod:`.evaluation`
scores a method on them out of sample, level by level, with the probabilities of
:mod:`.probability` (Brier skill against climatology, CRPS, reliability); :mod:`.choice` chooses
one method per level on the data being analysed (the result and its evidence are a
:class:`~.chosen.MethodChoice`, shown as text by :mod:`.evidence_text`), and :mod:`.store` keeps
that choice with the processed data; :mod:`.reconcile` makes the industries add up to the total
(the ways compared in :mod:`.reconcile_evidence`) and :mod:`.coherent` combines the two levels'
methods into one projection; :mod:`.projections` turns a method into tidy projections with an
80 % band; :mod:`.backtest` and :mod:`.summary` give the per-series detail; :mod:`.panel_sim`
simulates panels with a known structure for tests.

No method is a default anywhere: every caller passes the method chosen on its data.

May import: ``datasets`` (input checks, frames), ``reference`` and the ground floor. Siblings
``forecast`` and ``analysis`` do not import each other.
"""

from naering_analysis.forecast.backtest import backtest, backtest_report
from naering_analysis.forecast.choice import MethodChoice, choose_method
from naering_analysis.forecast.errors import ErrorModel, build_panel
from naering_analysis.forecast.methods import METHOD_LABELS, METHODS, point_forecast
from naering_analysis.forecast.projections import BAND_COLUMNS, error_models, project, reconcile

__all__ = [
    "BAND_COLUMNS",
    "METHODS",
    "METHOD_LABELS",
    "ErrorModel",
    "MethodChoice",
    "backtest",
    "backtest_report",
    "build_panel",
    "choose_method",
    "error_models",
    "point_forecast",
    "project",
    "reconcile",
]
