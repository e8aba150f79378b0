"""Forecasts: point methods, empirical error models, projections to 2030 and their backtest.

:mod:`.methods` makes point forecasts on numpy panels; :mod:`.errors` builds the panels, the
rolling-origin forecasts and the error model behind the intervals; :mod:`.projections` turns
them into tidy projections with an 80 % band; :mod:`.backtest` and :mod:`.summary` score the
methods out of sample; :mod:`.panel_sim` simulates panels with a known structure for tests.

May import: ``datasets`` (input checks), ``reference`` and the ground floor. Siblings
``forecast`` and ``analysis`` do not import each other.
"""

from naering_analysis.forecast.backtest import backtest, backtest_report
from naering_analysis.forecast.errors import ErrorModel, build_panel
from naering_analysis.forecast.methods import point_forecast
from naering_analysis.forecast.projections import (
    BAND_COLUMNS,
    DEFAULT_METHOD,
    METHOD_LABELS,
    METHODS,
    error_models,
    project,
    reconcile,
)

__all__ = [
    "BAND_COLUMNS",
    "DEFAULT_METHOD",
    "METHODS",
    "METHOD_LABELS",
    "ErrorModel",
    "backtest",
    "backtest_report",
    "build_panel",
    "error_models",
    "point_forecast",
    "project",
    "reconcile",
]
