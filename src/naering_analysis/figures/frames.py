"""Shared plumbing of the figure builders: options, input checks, regions, totals, finishing.

The builders (:mod:`.lines`, :mod:`.bars`, :mod:`.goal`) use these so that
every figure checks its input the same way, fails with a message that names the builder, the
missing column or region and what to pass instead, and gets its source line and demo mark from
the frames' ``attrs`` in one place (:func:`finish_figure`).
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ParamSpec, TypedDict

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from naering_analysis.errors import AnalysisError, NaeringError, SchemaError
from naering_analysis.figures.export import CouncilFigure, decorate, layout_figure
from naering_analysis.figures.style import (
    HEIGHT_FULL_CM,
    INDUSTRY_LABELS,
    PARTLY_SYNTHETIC_MARK,
    SECTOR_LABELS,
    SYNTHETIC_MARK,
    council_style,
)
from naering_analysis.figures.tables import check_name
from naering_analysis.reference.sources import data_basis, source_line

P = ParamSpec("P")
SUBTITLE_JOBS = "Sysselsatte etter arbeidssted, 4. kvartal"


class FigureOptions(TypedDict, total=False):
    """Keyword options every builder accepts; each overrides the builder's default."""

    title: str
    subtitle: str
    name: str
    sources: list[Mapping[str, Any]]
    synthetic: bool


def styled(func: Callable[P, CouncilFigure]) -> Callable[P, CouncilFigure]:
    """Run a builder inside :func:`council_style`, so every artist gets the council rcParams."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> CouncilFigure:
        with council_style():
            return func(*args, **kwargs)

    return wrapper


def require(frame: pd.DataFrame, columns: Sequence[str], where: str) -> None:
    """Raise :class:`SchemaError` naming the missing columns and the builder."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        msg = (
            f"{where}: the frame lacks column(s) {missing}; it has {list(frame.columns)}. "
            f"See help({where}) for the columns it needs (docs/CONTRACTS.md)."
        )
        raise SchemaError(msg)


def region_label(frame: pd.DataFrame) -> str | None:
    """Return the display name of the (first) region in ``frame``, if it has region columns."""
    if "region_name" in frame.columns and not frame.empty:
        return str(frame["region_name"].iloc[0])
    if "region_code" in frame.columns and not frame.empty:
        from naering_analysis.reference.regions import (
            region_name,  # local: regions loads package data
        )

        code = str(frame["region_code"].iloc[0])
        try:
            return region_name(code, default=code)
        except (NaeringError, KeyError):
            return code
    return None


def pick_region(frame: pd.DataFrame, region: str | None, where: str) -> tuple[pd.DataFrame, str]:
    """Return the rows of ``region`` (name or code) and its display name."""
    columns = [c for c in ("region_name", "region_code") if c in frame.columns]
    if region is None:
        found = sorted(frame[columns[0]].astype(str).unique()) if columns else []
        if len(found) > 1:
            msg = f"{where}: the frame holds several regions {found}; pass region=<name or code>."
            raise AnalysisError(msg)
        return frame, region_label(frame) or ""
    mask = np.zeros(len(frame), dtype=bool)
    for column in columns:
        mask |= (frame[column].astype(str) == str(region)).to_numpy()
    sub = frame.loc[mask] if columns else frame
    if sub.empty:
        have = sorted(frame[columns[0]].astype(str).unique()) if columns else []
        msg = (
            f"{where}: region {region!r} is not in the frame (regions: {have}). "
            "Check the name or code."
        )
        raise AnalysisError(msg)
    return sub, region_label(sub) or str(region)


def year_totals(frame: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Sum ``jobs`` within ``by`` and ``year``; a sum with any missing value is NaN, not a low total."""
    keys = [*by, "year"]
    work = frame.assign(
        jobs=frame["jobs"].astype("float64"),
        year=frame["year"].astype(int),
        missing=frame["jobs"].isna(),
    )
    out = work.groupby(keys, sort=True, observed=True).agg(
        jobs=("jobs", "sum"), missing=("missing", "any")
    )
    out.loc[out["missing"], "jobs"] = np.nan
    return out.drop(columns="missing").reset_index()


def add_index(data: pd.DataFrame, group: str, base_year: int, where: str) -> pd.DataFrame:
    """Add ``index`` = jobs / jobs in ``base_year`` × 100 within each ``group``."""
    base = data.loc[data["year"] == int(base_year)].set_index(group)["jobs"]
    lacking = sorted(set(data[group]) - set(base.dropna()[base.dropna() > 0].index))
    if lacking:
        msg = (
            f"{where}: no positive jobs in base_year={base_year} for {lacking}; "
            "choose a base year all series have."
        )
        raise AnalysisError(msg)
    return data.assign(index=data["jobs"] / data[group].map(base) * 100)


def endpoints(data: pd.DataFrame, value: str = "jobs") -> tuple[float, float, int, int]:
    """Return the first and last non-missing value of ``value`` and their years."""
    valid = data.dropna(subset=[value]).sort_values("year")
    if valid.empty:
        msg = f"No non-missing {value!r} to draw (SSB symbols '..'/':' are missing values)."
        raise AnalysisError(msg)
    first, last = valid.iloc[0], valid.iloc[-1]
    return float(first[value]), float(last[value]), int(first["year"]), int(last["year"])


def relative_change(data: pd.DataFrame, value: str = "jobs") -> float:
    """Return last / first − 1 of ``value`` over the years (NaN when the first value is 0)."""
    first, last, _y0, _y1 = endpoints(data, value)
    return last / first - 1 if first else float("nan")


def done(
    fig: Figure,
    opts: FigureOptions,
    *,
    name: str,
    title: str,
    subtitle: str,
    alt: str,
    data: pd.DataFrame,
    frames: list[pd.DataFrame],
    height_cm: float = HEIGHT_FULL_CM,
) -> CouncilFigure:
    """Apply the caller's overrides and finish the figure."""
    return finish_figure(
        fig,
        name=opts.get("name", name),
        title=opts.get("title", title),
        subtitle=opts.get("subtitle", subtitle),
        alt_text=alt,
        data=data.reset_index(drop=True),
        frames=frames,
        sources=opts.get("sources"),
        synthetic=opts.get("synthetic"),
        height_cm=height_cm,
    )


LABEL_COLUMNS: tuple[str, ...] = ("bransje", "industry_code", "sector_code", "region_code")


def label_column(frame: pd.DataFrame, by: str | None, where: str) -> str:
    """Return the category column of a bar chart: ``by`` or the first of :data:`LABEL_COLUMNS`."""
    if by is not None:
        require(frame, [by], where)
        return by
    found = next((c for c in LABEL_COLUMNS if c in frame.columns), None)
    if found is None:
        msg = (
            f"{where}: the frame has none of the category columns {list(LABEL_COLUMNS)}; "
            "pass by=<column>."
        )
        raise SchemaError(msg)
    return found


def display_labels(frame: pd.DataFrame, column: str, width: int = 38) -> list[str]:
    """Return Norwegian labels for ``frame[column]``, wrapped to ``width`` characters per line.

    Industry codes use the frame's ``industry_name`` if present, else the SN2007 names; sector
    codes use the Norwegian sector names.
    """
    values = frame[column].astype(str).tolist()
    if column == "industry_code":
        names = (
            frame["industry_name"].astype(str).tolist()
            if "industry_name" in frame.columns
            else [INDUSTRY_LABELS.get(v, v) for v in values]
        )
    elif column == "sector_code":
        names = [SECTOR_LABELS.get(v, v) for v in values]
    else:
        names = values
    return [textwrap.fill(n, width) for n in names]


def single_period(frame: pd.DataFrame, where: str) -> str:
    """Return ``'2017–2022'`` from ``start_year``/``end_year`` (``''`` if absent); one period only."""
    if not {"start_year", "end_year"} <= set(frame.columns):
        return ""
    periods = frame[["start_year", "end_year"]].drop_duplicates()
    if len(periods) > 1:
        found = [f"{int(a)}–{int(b)}" for a, b in periods.itertuples(index=False)]
        msg = f"{where}: the frame holds several periods {found}; filter it to one start_year/end_year."
        raise AnalysisError(msg)
    start, end = periods.iloc[0]
    return f"{int(start)}–{int(end)}"


def require_unique(frame: pd.DataFrame, column: str, where: str) -> None:
    """Raise if a category occurs twice (several regions or periods in one bar chart)."""
    dupes = sorted(frame.loc[frame[column].duplicated(), column].astype(str).unique())
    if dupes:
        msg = (
            f"{where}: {column} {dupes} occur more than once; "
            "filter the frame to one region and period."
        )
        raise SchemaError(msg)


def resolve_sources(
    frames: list[pd.DataFrame], sources: list[Mapping[str, Any]] | None
) -> list[dict[str, Any]]:
    """Return ``sources`` if given, else the de-duplicated ``attrs['provenance']`` of ``frames``."""
    found: list[dict[str, Any]] = []
    candidates = (
        sources
        if sources is not None
        else [p for f in frames for p in f.attrs.get("provenance", []) or []]
    )
    for provenance in candidates:
        item = dict(provenance)
        if item not in found:
            found.append(item)
    return found


def resolve_synthetic(
    synthetic: bool | None, frames: list[pd.DataFrame], sources: list[dict[str, Any]]
) -> bool:
    """Return True if the caller, any frame's ``attrs['synthetic']`` or any source says synthetic.

    ``synthetic=False`` cannot switch the mark off for data that says it is synthetic.
    """
    flagged = any(bool(f.attrs.get("synthetic", False)) for f in frames)
    flagged = flagged or any(bool(s.get("synthetic", False)) for s in sources)
    return bool(synthetic) or flagged


def finish_figure(
    fig: Figure,
    *,
    name: str,
    title: str,
    subtitle: str,
    alt_text: str,
    data: pd.DataFrame,
    frames: list[pd.DataFrame],
    sources: list[Mapping[str, Any]] | None,
    synthetic: bool | None,
    height_cm: float = HEIGHT_FULL_CM,
) -> CouncilFigure:
    """Decorate and lay out a plotted figure and wrap it as a :class:`CouncilFigure`.

    Sources default to the frames' ``attrs['provenance']``; a figure without any source raises
    :class:`~naering_analysis.errors.SchemaError`. Synthetic data adds the demo mark and prefixes
    the alt text with it.
    """
    found = resolve_sources(frames, sources)
    is_synthetic = resolve_synthetic(synthetic, frames, found)
    line = source_line(found)
    # Real and synthetic sources together (e.g. real 11618 with demo 13470): partly illustration.
    mark = PARTLY_SYNTHETIC_MARK if data_basis(found) == "mixed" else SYNTHETIC_MARK
    if is_synthetic:
        alt_text = f"{mark}. {alt_text}"
    with council_style():
        decorate(fig, title, subtitle, line, is_synthetic, mark)
        layout_figure(fig, "full", height_cm)
    return CouncilFigure(
        fig=fig,
        name=check_name(name),
        title=title,
        alt_text=alt_text,
        data=data,
        sources=found,
        synthetic=is_synthetic,
        subtitle=subtitle,
        height_cm=height_cm,
        source=line,
    )
