"""Where people choose to live: population change by component, and living attractiveness.

**The split.** SSB counts, per region and calendar year (table 01223, 4th quarter),
births, deaths, immigration, emigration and domestic in- and out-migration. Then

    population change = (births − deaths) + (immigration − emigration) + (domestic in − out)
                      = natural change   + net international      + net domestic,

and :func:`components` returns each part with the ``residual`` SSB's figures leave (change
minus the three parts; zero when the published figures add up, as in the demo).

**Living attractiveness** (*bostedsattraktivitet*), in the manner of Telemarksforsking's
attractiveness model: people move to where the jobs are, so a municipality's net migration is
judged against what its job growth alone would predict. Across all municipalities in the panel,
for the same period, an ordinary least-squares line is fitted at run time on the data analysed
(never fixed in advance):

    net domestic migration per 1 000 inhabitants a year = a + b · job growth (% a year)

and living attractiveness = actual − expected, per 1 000 inhabitants a year (and in persons over
the period). Positive: more people settled there than its job growth explains. *Domestic*
migration is used, not total: immigration is mostly refugee settlement agreed with the state
(IMDi) and waves of labour migration that follow national conditions, not a choice between
Norwegian municipalities; Telemarksforsking's model likewise treats immigration as a structural
factor rather than as attractiveness.

The period is that of the job growth (4th quarter ``start`` to 4th quarter ``end``): the moves of
the calendar years ``start + 1`` … ``end``. A rate is the period's moves divided by the sum of
the population on 1 January of those years (the person-years at risk), times 1 000.

Example: municipality A, 1 000 inhabitants on 1 January in each of two years, +12 and +8 net
domestic movers: (12 + 8) / 2 000 · 1 000 = 10 per 1 000 a year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from naering_analysis.analysis.ranking import ranks
from naering_analysis.datasets.checks import require_columns
from naering_analysis.errors import AnalysisError
from naering_analysis.reference.terms import label

#: Components of :func:`components`, in the order they add up.
PARTS = ("natural_change", "net_international", "net_domestic")
#: The fewest municipalities the expected-migration line is fitted on.
MIN_MUNICIPALITIES = 10
#: Columns of :func:`living_attractiveness` that are ranked, with their Norwegian labels.
RANKED = {
    "living_attractiveness": label("bostedsattraktivitet"),
    "net_domestic_rate": label("netto_innenlandsk_flytting_rate"),
}


def _municipal(codes: pd.Series) -> pd.Series:
    codes = codes.astype(str)
    return codes.str.len().eq(4) & codes.str.isdigit()


def components(migration: pd.DataFrame) -> pd.DataFrame:
    """Return one row per region and year with the components of population change.

    ``migration`` is the long frame of :func:`naering_analysis.datasets.migration.migration`
    (``region_code``, ``year``, ``measure``, ``persons``). Columns: ``region_code``, ``year``,
    ``population_start``, ``births``, ``deaths``, ``natural_change``, ``immigration``,
    ``emigration``, ``net_international``, ``domestic_in``, ``domestic_out``, ``net_domestic``,
    ``net_migration``, ``population_change`` and ``residual`` (change − the three parts), all
    float; a missing cell makes what it feeds missing, never zero.

    >>> rows = [("3105", 2023, m, v) for m, v in [("population_start", 100), ("births", 5),
    ...     ("deaths", 3), ("immigration", 4), ("emigration", 1), ("domestic_in", 10),
    ...     ("domestic_out", 7), ("population_change", 8)]]
    >>> long = pd.DataFrame(rows, columns=["region_code", "year", "measure", "persons"])
    >>> c = components(long).iloc[0]
    >>> [float(c[k]) for k in ("natural_change", "net_international", "net_domestic", "residual")]
    [2.0, 3.0, 3.0, 0.0]
    """
    require_columns(migration, ["region_code", "year", "measure", "persons"], "components")
    values = pd.to_numeric(migration["persons"], errors="coerce").astype("float64")
    wide = migration.assign(_v=values).pivot_table(
        index=["region_code", "year"], columns="measure", values="_v", aggfunc="first",
        dropna=False,
    )  # fmt: skip
    needed = ["population_start", "births", "deaths", "immigration", "emigration",
              "domestic_in", "domestic_out", "population_change"]  # fmt: skip
    missing = [m for m in needed if m not in wide.columns]
    if missing:
        raise AnalysisError(
            f"components: målene {missing} mangler i flyttetallene (tabell 01223); hent "
            "tabellen på nytt med naering fetch."
        )
    w = wide[needed].astype("float64")
    out = pd.DataFrame(index=w.index)
    out["population_start"] = w["population_start"]
    out["births"], out["deaths"] = w["births"], w["deaths"]
    out["natural_change"] = w["births"] - w["deaths"]
    out["immigration"], out["emigration"] = w["immigration"], w["emigration"]
    out["net_international"] = w["immigration"] - w["emigration"]
    out["domestic_in"], out["domestic_out"] = w["domestic_in"], w["domestic_out"]
    out["net_domestic"] = w["domestic_in"] - w["domestic_out"]
    out["net_migration"] = out["net_international"] + out["net_domestic"]
    out["population_change"] = w["population_change"]
    out["residual"] = out["population_change"] - out["natural_change"] - out["net_migration"]
    out = out.reset_index()
    out.columns.name = None
    out["region_code"] = out["region_code"].astype(str)
    out["year"] = out["year"].astype(int)
    out.attrs = dict(migration.attrs)
    return out.sort_values(["region_code", "year"], ignore_index=True)


def period_rates(parts: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Return each municipality's components over calendar years ``start + 1`` … ``end``.

    Columns ``region_code``, ``person_years`` (sum of the 1 January populations), the sums
    ``net_domestic``, ``net_international``, ``natural_change``, ``population_change``, and
    each as a rate per 1 000 inhabitants a year (``*_rate``). A municipality missing any year
    or cell gets NaN (it is then neither fitted nor ranked).
    """
    if end <= start:
        raise AnalysisError(f"period_rates: sluttåret {end} må være etter startåret {start}.")
    years = list(range(start + 1, end + 1))
    part = parts.loc[_municipal(parts["region_code"]) & parts["year"].isin(years)]
    sums = ["population_start", "net_domestic", "net_international", "natural_change",
            "population_change"]  # fmt: skip
    grouped = part.groupby("region_code")[sums]
    total = grouped.sum(min_count=1)
    complete = grouped.count().min(axis=1).eq(len(years))
    total = total.where(complete, np.nan)
    out = total.rename(columns={"population_start": "person_years"})
    with np.errstate(invalid="ignore", divide="ignore"):
        for column in sums[1:]:
            out[f"{column}_rate"] = out[column] / out["person_years"] * 1000.0
    return out.reset_index()


@dataclass(frozen=True)
class ExpectedMigration:
    """The line ``rate = intercept + slope · job growth`` fitted across municipalities."""

    intercept: float
    slope: float
    municipalities: int
    r_squared: float
    start: int
    end: int

    def expected(self, job_growth_pct: Any) -> Any:
        """Return the expected net domestic migration per 1 000 a year at a job growth (% a year)."""
        return self.intercept + self.slope * job_growth_pct

    def as_dict(self) -> dict[str, float | int]:
        """Return the fit as JSON-ready numbers."""
        return asdict(self)


def fit_expected(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray,
                 start: int, end: int) -> ExpectedMigration:  # fmt: skip
    """Fit ``y = a + b·x`` by ordinary least squares over the pairs where both are known.

    >>> fit = fit_expected([0.0, 1.0, 2.0], [1.0, 3.0, 5.0], 2017, 2022)
    Traceback (most recent call last):
    ...
    naering_analysis.errors.AnalysisError: fit_expected: bare 3 kommuner har både arbeidsplassvekst og flyttetall for 2017–2022; trenger minst 10. Hent alle kommuner med naering fetch --alle-kommuner.
    """
    xs, ys = np.asarray(x, dtype="float64"), np.asarray(y, dtype="float64")
    known = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[known], ys[known]
    if len(xs) < MIN_MUNICIPALITIES:
        raise AnalysisError(
            f"fit_expected: bare {len(xs)} kommuner har både arbeidsplassvekst og flyttetall for "
            f"{start}–{end}; trenger minst {MIN_MUNICIPALITIES}. Hent alle kommuner med naering "
            "fetch --alle-kommuner."
        )
    dx = xs - xs.mean()
    sxx = float(dx @ dx)
    if sxx <= 0:
        raise AnalysisError(
            f"fit_expected: arbeidsplassveksten er lik i alle kommunene {start}–{end}; "
            "forventet flytting kan ikke anslås."
        )
    slope = float(dx @ (ys - ys.mean())) / sxx
    intercept = float(ys.mean() - slope * xs.mean())
    fitted = intercept + slope * xs
    sst = float(((ys - ys.mean()) ** 2).sum())
    r2 = 1.0 - float(((ys - fitted) ** 2).sum()) / sst if sst > 0 else float("nan")
    return ExpectedMigration(intercept, slope, len(xs), r2, int(start), int(end))


def living_attractiveness(
    migration: pd.DataFrame, job_growth: pd.DataFrame, start: int, end: int
) -> pd.DataFrame:
    """Return living attractiveness for every municipality over ``start``–``end``.

    ``migration`` is the long 01223 frame; ``job_growth`` has ``region_code`` and
    ``jobs_annual_pct`` for the same period (e.g. the ``measures`` of a
    :class:`~naering_analysis.analysis.comparison.PeerComparison`). Columns: those of
    :func:`period_rates`, ``jobs_annual_pct``, ``expected_rate``, ``living_attractiveness``
    (actual − expected net domestic migration per 1 000 a year) and
    ``living_attractiveness_persons`` (the same in persons over the period). The fitted line
    is in ``attrs["expected_migration"]``; the sources of both inputs in ``attrs``.
    """
    require_columns(job_growth, ["region_code", "jobs_annual_pct"], "living_attractiveness")
    rates = period_rates(components(migration), start, end)
    growth = job_growth[["region_code", "jobs_annual_pct"]].astype({"region_code": str})
    out = rates.merge(growth, on="region_code", how="left", validate="1:1")
    fit = fit_expected(
        out["jobs_annual_pct"].to_numpy(float), out["net_domestic_rate"].to_numpy(float), start, end
    )
    out["expected_rate"] = fit.expected(out["jobs_annual_pct"].astype("float64"))
    out["living_attractiveness"] = out["net_domestic_rate"] - out["expected_rate"]
    out["living_attractiveness_persons"] = out["living_attractiveness"] * out["person_years"] / 1000
    out.insert(1, "start_year", int(start))
    out.insert(2, "end_year", int(end))
    provenance: list[Any] = []
    for frame in (migration, job_growth):
        for item in frame.attrs.get("provenance", []) or []:
            if item not in provenance:
                provenance.append(item)
    out.attrs = {
        "provenance": provenance,
        "synthetic": any(bool(f.attrs.get("synthetic")) for f in (migration, job_growth)),
        "expected_migration": fit.as_dict(),
    }
    return out


def living_ranks(
    measures: pd.DataFrame, kommune: str, groups: Mapping[str, Sequence[str]]
) -> pd.DataFrame:
    """Rank ``kommune`` on :data:`RANKED` in each group, through :func:`~.ranking.ranks`."""
    ranked = ranks(measures, kommune, groups, columns=list(RANKED))
    ranked["measure_label"] = ranked["measure"].map(RANKED)
    return ranked
