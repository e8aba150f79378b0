"""The council set: every figure and table that goes into a council document, built in one place.

Notebooks 02–04 show parts of it and notebook 05 exports all of it, so the same figure is never
coded twice. The inputs (frames, parameters, scenario runs) come from
:mod:`naering_analysis.report.inputs` and are re-exported here; the private-sector lens
(table 13472) is built in :mod:`naering_analysis.report.private`. Headers are words from the
terms registry (``naering_analysis/data/terms.yaml``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from naering_analysis import figures
from naering_analysis.analysis import goal, growth, shift_share
from naering_analysis.figures.export import CouncilFigure
from naering_analysis.figures.tables import FMT_INT, FMT_PCT1, export_table
from naering_analysis.reference.terms import label as term_label
from naering_analysis.report import enterprises as new_business
from naering_analysis.report import flows, labour_balance, migration, needs, private
from naering_analysis.report.coverage import Gap, Omissions
from naering_analysis.report.execute import process_pool, worker_count
from naering_analysis.report.inputs import (
    PROGRAMME_PERIOD,
    REGION_GROUP,
    SECTOR_NAMES,
    CouncilTable,
    Inputs,
    all_scenarios,
    analysis_inputs,
    chosen_projection,
    chosen_sector_projection,
    jobs_in_year,
    target_label,
    with_region_group,
)
from naering_analysis.report.inputs import figure_opts as _opts
from naering_analysis.report.inputs import goal_args as _goal_args
from naering_analysis.scenarios import HEADLINE_SCENARIO

__all__ = [
    "FIGURES",
    "PROGRAMME_PERIOD",
    "REGION_GROUP",
    "SECTOR_NAMES",
    "TABLES",
    "CouncilTable",
    "Inputs",
    "all_scenarios",
    "analysis_inputs",
    "chosen_projection",
    "chosen_sector_projection",
    "export_all",
    "jobs_in_year",
    "with_region_group",
]


def _goal_text(inputs: Inputs) -> str:
    from naering_analysis.numfmt import fmt_pct

    return f"målet om {fmt_pct(inputs.rate, 1)} årlig vekst fra {inputs.base_year}"


def fig_total(inputs: Inputs) -> CouncilFigure:
    """Total jobs with the goal path."""
    target = goal.target_path(inputs.employment, **_goal_args(inputs))
    return figures.fig_total_jobs(
        inputs.employment,
        inputs.kommune,
        target,
        target_label=target_label(inputs),
        **_opts(inputs, "01_arbeidsplasser"),
    )


def fig_bransjer(inputs: Inputs) -> CouncilFigure:
    """Jobs per focus industry."""
    return figures.fig_focus_industries(
        inputs.employment, inputs.kommune, **_opts(inputs, "02_satsingsbransjer")
    )


def fig_bidrag(inputs: Inputs) -> CouncilFigure:
    """Contributions of the focus industries to growth in the programme period."""
    start, end = PROGRAMME_PERIOD
    contrib = growth.contributions(
        inputs.employment, start, end, by="bransje", region=inputs.kommune
    )
    return figures.fig_contributions(contrib, by="bransje", **_opts(inputs, "03_bidrag_til_vekst"))


def fig_sektor(inputs: Inputs) -> CouncilFigure:
    """Private vs public sector jobs."""
    return figures.fig_private_public(
        inputs.sector, inputs.kommune, **_opts(inputs, "04_privat_offentlig", inputs.sector)
    )


def fig_regioner(inputs: Inputs) -> CouncilFigure:
    """Compare the municipality with Søndre Østfold, Østfold and Norway, indexed."""
    frame = with_region_group(inputs.employment)
    wanted = [inputs.kommune, REGION_GROUP, "31", "0"]
    regions = [r for r in wanted if r in set(frame["region_code"])]
    first = int(frame["year"].min())
    return figures.fig_region_comparison(
        frame, regions, base_year=first, **_opts(inputs, "05_regioner")
    )


def fig_lokaliseringskvotienter(inputs: Inputs) -> CouncilFigure:
    """Location quotients against Norway in the latest year."""
    lq = growth.location_quotients(inputs.employment, inputs.kommune, "0", year=inputs.latest)
    return figures.fig_location_quotients(lq, **_opts(inputs, "06_lokaliseringskvotienter"))


def fig_skiftandel(inputs: Inputs) -> CouncilFigure:
    """Shift-share against Norway per focus industry in the programme period."""
    start, end = PROGRAMME_PERIOD
    result = shift_share.shift_share(
        inputs.employment, inputs.kommune, "0", start, end, by="bransje"
    )
    return figures.fig_shift_share(result, by="bransje", **_opts(inputs, "07_skiftandel"))


def fig_scenarier(inputs: Inputs) -> CouncilFigure:
    """Scenario paths to the target year, the chosen method's 80 % band, and the goal path."""
    paths = {name: result.path for name, result in inputs.scenarios.items()}
    return figures.fig_scenarios(
        paths,
        target_label=target_label(inputs),
        band_for=HEADLINE_SCENARIO,
        **_opts(inputs, "08_scenarier"),
    )


def fig_maalgap(inputs: Inputs) -> CouncilFigure:
    """Yearly gap to the goal path: actual, then projected with the method chosen on the data."""
    gap = goal.goal_gap(inputs.employment, chosen_projection(inputs), **_goal_args(inputs))
    return figures.fig_goal_gap(gap, goal_text=_goal_text(inputs), **_opts(inputs, "09_maalgap"))


def _sources(inputs: Inputs) -> list[dict[str, Any]]:
    return list(inputs.employment.attrs.get("provenance", []))


#: Every council figure, in document order.
FIGURES: tuple[Callable[[Inputs], CouncilFigure], ...] = (
    fig_total,
    fig_bransjer,
    private.fig_privat_bransjer,
    fig_bidrag,
    fig_sektor,
    fig_regioner,
    fig_lokaliseringskvotienter,
    fig_skiftandel,
    fig_scenarier,
    fig_maalgap,
    labour_balance.fig_arbeidskraft,
    migration.fig_befolkningsendringer,
    migration.fig_bostedsattraktivitet,
    new_business.fig_nyetableringer,
    flows.fig_pendling,
)


def table_bransjer(inputs: Inputs) -> CouncilTable:
    """Jobs per focus industry and year (wide: one column per year)."""
    own = inputs.employment.loc[inputs.employment["region_code"] == inputs.kommune]
    wide = own.pivot_table(index="bransje", columns="year", values="jobs", aggfunc="sum")
    wide = wide.reset_index().rename(columns={"bransje": term_label("bransje")})
    wide.columns = [str(c) for c in wide.columns]
    years = [c for c in wide.columns if c != term_label("bransje")]
    return CouncilTable(
        "arbeidsplasser_bransje",
        f"Arbeidsplasser i {inputs.region_name} etter satsingsbransje",
        wide,
        dict.fromkeys(years, FMT_INT),
    )


def table_scenarier(inputs: Inputs) -> CouncilTable:
    """Jobs, gap and probability of the goal in the target year per scenario."""
    year = inputs.target_year
    rows = [
        {
            term_label("scenario"): name,
            term_label("arbeidsplasser", 1, year=year): jobs_in_year(r.path, year),
            term_label("avvik_maalbane", 1, year=year): float(r.gap_2030_jobs),
            term_label("sannsynlighet"): float(r.probability_of_goal),
        }
        for name, r in inputs.scenarios.items()
    ]
    frame = pd.DataFrame(rows)
    formats = dict.fromkeys(frame.columns[1:3], FMT_INT)
    formats[term_label("sannsynlighet")] = FMT_PCT1
    return CouncilTable(
        "scenarier", f"Scenarier for {inputs.region_name} til {year}", frame, formats
    )


def table_nodvendig_vekst(inputs: Inputs) -> CouncilTable:
    """Tabulate the growth each focus industry (or all five at one rate) needs to reach the goal.

    Each row closes the gap alone: the row's group grows at the rate shown while the rest follows
    the projection; the first row is the five together at one common rate. ``Forbehold`` appears
    only when a row's rate cannot be read plainly (no jobs, goal already reached, negative rate).
    """
    solved = goal.required_focus_growth(
        inputs.employment, chosen_projection(inputs), **_goal_args(inputs)
    )
    period = f"{inputs.latest}–{inputs.target_year}"
    required = term_label("nodvendig_vekst_alene", period=period)
    projected = term_label("framskrevet_vekst", period=period)
    jobs = term_label("arbeidsplasser", 1, year=inputs.latest)
    together = f"{goal.ALL_FOCUS_LABEL} (samme rate)"
    frame = pd.DataFrame(
        {
            term_label("bransje"): solved["bransje"].replace({goal.ALL_FOCUS_LABEL: together}),
            jobs: solved["jobs_latest"],
            projected: solved["projected_rate"],
            required: solved["required_rate"],
        }
    )
    plain = solved["feasible"] & (solved["required_rate"] >= 0)
    if not plain.all():
        frame[term_label("forbehold")] = solved["note"].where(~plain, "")
    formats = {jobs: FMT_INT, projected: FMT_PCT1, required: FMT_PCT1}
    title = (
        f"Nødvendig vekst i satsingsbransjene for å nå målbanen i {inputs.target_year} "
        "(hver rad alene; de andre følger framskrivingen)"
    )
    return CouncilTable("nodvendig_vekst", title, frame, formats)


TABLES: tuple[Callable[[Inputs], CouncilTable], ...] = (
    table_bransjer,
    private.table_privat_bransjer,
    table_scenarier,
    table_nodvendig_vekst,
    private.table_privat_nodvendig_vekst,
    labour_balance.table_arbeidskraft,
    migration.table_bostedsattraktivitet,
    new_business.table_nyetableringer,
    new_business.table_konkurser,
    flows.table_pendling,
)


#: What a council figure or table needs beyond 13470 and 13472: its name in the report and the
#: gaps of the tables it reads for the municipality (:mod:`.needs`). Left out when any is found.
NEEDS: dict[Callable[[Inputs], object], tuple[str, Callable[[Inputs], list[Gap]]]] = {
    labour_balance.fig_arbeidskraft: (
        "Figur 12 (sysselsettingsandelen som trengs)",
        lambda i: needs.labour_balance_gaps(i.kommune, i.target_year),
    ),
    labour_balance.table_arbeidskraft: (
        "Tabell arbeidskraft",
        lambda i: needs.labour_balance_gaps(i.kommune, i.target_year),
    ),
    migration.fig_befolkningsendringer: (
        "Figur 13 (befolkningsendringer)",
        lambda i: needs.migration_gaps(i.kommune),
    ),
    migration.fig_bostedsattraktivitet: (
        "Figur 14 (bostedsattraktivitet)",
        lambda i: needs.living_gaps(i.kommune),
    ),
    migration.table_bostedsattraktivitet: (
        "Tabell bostedsattraktivitet",
        lambda i: needs.migration_gaps(i.kommune),
    ),
    new_business.fig_nyetableringer: (
        "Figur 15 (nyetableringer)",
        lambda i: needs.enterprise_gaps(i.kommune),
    ),
    new_business.table_nyetableringer: (
        "Tabell nyetableringer",
        lambda i: needs.enterprise_gaps(i.kommune),
    ),
    new_business.table_konkurser: (
        "Tabell konkurser",
        lambda i: needs.enterprise_gaps(i.kommune) + needs.bankruptcy_gaps(i.kommune),
    ),
    flows.fig_pendling: ("Figur 16 (pendling)", lambda i: needs.flow_gaps(i.kommune)),
    flows.table_pendling: ("Tabell pendling", lambda i: needs.flow_gaps(i.kommune)),
}


def _available(
    builder: Callable[[Inputs], object], inputs: Inputs, left_out: Omissions | None
) -> bool:
    """Tell whether ``builder`` has what it needs; record it in ``left_out`` when not."""
    if builder not in NEEDS:
        return True
    section, gaps = NEEDS[builder]
    found = gaps(inputs)
    if found and left_out is not None:
        left_out.check(section, *found)
    return not found


#: The inputs a forked export worker builds its figures from (set once per worker, never pickled).
_WORKER_INPUTS: list[Inputs] = []


def _remember_inputs(inputs: Inputs) -> None:
    _WORKER_INPUTS[:] = [inputs]


def _export_figure(
    position: int, figure_dir: Path, inputs: Inputs | None = None
) -> dict[str, Path]:
    """Build council figure number ``position`` and export it (in a worker or in this process)."""
    cf = FIGURES[position](inputs if inputs is not None else _WORKER_INPUTS[0])
    return figures.export_figure(cf, figure_dir, width="full")


def export_all(
    inputs: Inputs,
    figure_dir: Path,
    table_dir: Path,
    progress: Callable[[str], None] = lambda _msg: None,
    workers: int | None = None,
    left_out: Omissions | None = None,
) -> dict[str, dict[str, Path]]:
    """Export every council figure (full width) and table; return what was written per name.

    A figure or table whose tables lack the municipality (:data:`NEEDS`) is left out and
    recorded in ``left_out`` (shown in the notebook and listed in ``index.html``).

    The figures are built and rendered ``workers`` at a time in forked processes (default:
    ``$NAERING_JOBS``, else the available CPUs; ``1``, or a platform without ``fork``, renders
    them here one after another). The files are the same byte for byte either way.
    """
    written: dict[str, dict[str, Path]] = {}

    def record(files: dict[str, Path]) -> None:
        progress(f"Figur {files['png'].stem}")
        written[files["png"].stem] = files

    chosen = [n for n, make in enumerate(FIGURES) if _available(make, inputs, left_out)]
    count = worker_count(workers, len(chosen))
    pool = process_pool(count, fork_only=True, initializer=_remember_inputs, initargs=(inputs,))
    if pool is None:
        for position in chosen:
            record(_export_figure(position, figure_dir, inputs))
    else:
        with pool:
            for files in pool.map(_export_figure, chosen, [figure_dir] * len(chosen)):
                record(files)
    for make in TABLES:
        if not _available(make, inputs, left_out):
            continue
        table = make(inputs)
        progress(f"Tabell {table.name}")
        written[table.name] = export_table(
            table.frame,
            table_dir,
            table.name,
            table.title,
            _sources(inputs),
            inputs.synthetic,
            number_formats=table.number_formats,
        )
    return written
