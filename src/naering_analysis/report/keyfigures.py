"""Key figures of a report (``nokkeltall.json``) and the short Norwegian summary (``sammendrag.md``).

The key figures are computed from the library directly (not scraped from notebooks), so the
yearly rollover can compare them between reports. The ``projection`` section says which
projection method was chosen on this data, how it scored against naive ("no change") and the
evidence for every method (:class:`~naering_analysis.forecast.choice.MethodChoice`). The
``private_sector`` section is the private-sector lens (table 13472): private jobs and share,
per focus industry, and the private growth the goal needs if public jobs follow their
projection. The ``headline`` section is the report's lead figure: the built-in scenario
:data:`~naering_analysis.scenarios.HEADLINE_SCENARIO` (the projection with the method chosen on the
data, nothing changed), copied from its row in ``scenarios``, which it heads. The summary's labels
are words from the terms registry (``data/terms.yaml``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from naering_analysis import __version__
from naering_analysis.analysis import goal, growth
from naering_analysis.analysis.mapping_change import (
    CHANGE_COLUMNS,
    MOVE_COLUMNS,
    bransje_change,
    mapping_moves,
)
from naering_analysis.datasets.frames import DIVISION_LEVEL, GROUP_LEVEL
from naering_analysis.errors import SnapshotError
from naering_analysis.forecast.choice import COVERAGE_RANGE, MIN_GAIN, MethodChoice
from naering_analysis.forecast.methods import METHOD_LABELS
from naering_analysis.numfmt import fmt_int, fmt_num, fmt_pct, fmt_signed, whole
from naering_analysis.reference.sources import source_line
from naering_analysis.reference.terms import label as term_label
from naering_analysis.report.coverage import Omission
from naering_analysis.report.enterprises import enterprise_key_figures, enterprise_summary_lines
from naering_analysis.report.flows import commuting_key_figures, flow_summary_lines
from naering_analysis.report.inputs import PROGRAMME_PERIOD, Inputs, jobs_in_year
from naering_analysis.report.labour_balance import (
    labour_balance_key_figures,
    labour_balance_summary_lines,
)
from naering_analysis.report.migration import migration_summary_lines
from naering_analysis.report.private import private_key_figures, private_summary_lines
from naering_analysis.scenarios import HEADLINE_SCENARIO
from naering_analysis.snapshots import latest
from naering_analysis.ssb.catalogue import table_ids


def _snapshot_meta(frame: pd.DataFrame) -> dict[str, Any]:
    return {
        str(p["table"]): {
            "fetched_at": p.get("fetched_at"),
            "ssb_updated": p.get("ssb_updated"),
            "sha256": p.get("sha256"),
            "synthetic": bool(p.get("synthetic")),
        }
        for p in frame.attrs.get("provenance", [])
    }


def table_basis(root: Path | None = None) -> dict[str, dict[str, Any]]:
    """Return, per catalogue table, what the report's frames rest on: the snapshot ``latest`` gives.

    ``basis`` is ``"real"`` or ``"synthetic"``; converted real figures add ``repository``,
    ``commit`` and ``period`` from their ``origin``. A table without any snapshot is left out.
    """
    out: dict[str, dict[str, Any]] = {}
    for table in table_ids():
        try:
            snapshot = latest(table, root=root)
        except SnapshotError:
            continue
        entry: dict[str, Any] = {
            "basis": "synthetic" if snapshot.synthetic else "real",
            "fetched_at": snapshot.provenance.get("fetched_at"),
        }
        origin = snapshot.origin
        if origin is not None:
            entry.update(
                repository=origin.get("repository"),
                commit=origin.get("commit"),
                period=origin.get("period"),
            )
        out[table] = entry
    return out


def _cagr_pct(frame: pd.DataFrame, start: int, end: int, region: str) -> float | None:
    """Return the CAGR in % of ``region`` (None when a year is outside the data)."""
    sub = frame.loc[frame["region_code"] == region]
    years = set(sub["year"].astype(int))
    if start not in years or end not in years or start >= end:
        return None
    return float(growth.cagr(sub, start, end)["cagr_pct"].iloc[0])


EVIDENCE_KEYS = (
    "method",
    "label",
    "relative_mase",
    "primary_mase",
    "secondary_mase",
    "coverage80",
    "total_abs_error_pct",
    "coverage_ok",
    "clear_gain",
    "chosen",
    "rank",
)


def _plain(key: str, value: Any) -> Any:
    """Return an evidence value as plain JSON: text, a bool, the rank as int, else a float."""
    if key in ("method", "label"):
        return str(value)
    if isinstance(value, bool | np.bool_):
        return bool(value)
    return int(value) if key == "rank" else float(value)


def _finite(value: Any) -> float | None:
    """Return a number as float, or None where it is not finite (an empty bin): JSON has no NaN.

    >>> _finite(0.5), _finite(float("nan"))
    (0.5, None)
    """
    number = float(value)
    return number if np.isfinite(number) else None


def _records(frame: pd.DataFrame, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{key: _plain(key, row[key]) for key in keys} for row in frame.to_dict("records")]


def projection_figures(choice: MethodChoice) -> dict[str, Any]:
    """Return the ``projection`` section: the methods chosen per level, their scores and evidence.

    ``method`` and the scores at the top are the municipality totals' (what the goal is about);
    ``industries`` holds the method for the industries (reconciled to the total) and its
    evidence on the focus-industry totals; ``probability`` the totals' Brier scores against
    climatology and the reliability table.
    """
    return {
        "method": choice.method,
        "method_label": choice.label,
        "relative_mase_vs_naive": choice.relative_mase,
        "primary_mase": choice.primary_mase,
        "secondary_mase": choice.secondary_mase,
        "coverage80": choice.coverage80,
        "reason": choice.reason(),
        "industries": {
            "method": choice.industry_method,
            "method_label": choice.industry_label,
            "relative_mase_vs_naive": choice.industry_relative_mase,
            "reason": choice.reason("focus"),
            "evidence": _records(choice.industry_evidence, EVIDENCE_KEYS),
        },
        "calibrated": choice.calibrated,
        "reconciliation": choice.reconciliation,
        "probability": {
            "brier": [
                {k: _finite(v) for k, v in row.items()} for row in choice.brier.to_dict("records")
            ],
            "reliability": [
                {k: _finite(v) for k, v in row.items()}
                for row in choice.reliability.to_dict("records")
            ],
        },
        "peers": list(choice.peers),
        "rule": {"coverage80_range": list(COVERAGE_RANGE), "min_gain_vs_naive": MIN_GAIN},
        "origins": [choice.origins[0], choice.origins[-1]],
        "horizon": choice.horizon,
        "municipalities": list(choice.regions),
        "evidence": _records(choice.evidence, EVIDENCE_KEYS),
    }


def headline_figures(
    scenarios: dict[str, dict[str, Any]], choice: MethodChoice
) -> dict[str, Any] | None:
    """Return the ``headline`` section: the headline scenario's row of ``scenarios``, named.

    None when the report ran without it (no scenarios). The numbers are the row's own, so the
    headline and the first row of the scenario table can never disagree.
    """
    row = scenarios.get(HEADLINE_SCENARIO)
    if row is None:
        return None
    method = str(row["method"])
    label = choice.label if method == choice.method else METHOD_LABELS.get(method, method)
    return {
        "scenario": HEADLINE_SCENARIO,
        "method": method,
        "method_label": label,
        "jobs_target_year": row["jobs_target_year"],
        "gap_target_year_jobs": row["gap_target_year_jobs"],
        "probability_of_goal": row["probability_of_goal"],
    }


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return a frame of text and counts as JSON rows: counts as int, missing as None."""
    return [
        {
            str(k): None if pd.isna(v) else v if isinstance(v, str) else int(v)
            for k, v in row.items()
        }
        for row in frame.to_dict("records")
    ]


def industry_figures(inputs: Inputs) -> dict[str, Any]:
    """Return how the focus industries are drawn, what the finer mapping moves, and hidden jobs."""
    employment, kommune, latest = inputs.employment, inputs.kommune, inputs.latest
    moves = mapping_moves(employment, kommune, latest)
    hidden = employment.attrs.get("suppressed_jobs", {}).get(kommune, {})
    return {
        "level": employment.attrs.get("industry_level", GROUP_LEVEL),
        "year": latest,
        "moves": _rows(moves[MOVE_COLUMNS]),
        "bransje_change": _rows(bransje_change(employment, kommune, latest)[CHANGE_COLUMNS]),
        "suppressed_jobs_latest": int(hidden.get(str(latest), 0)),
        "suppressed_jobs_by_year": {str(y): int(v) for y, v in sorted(hidden.items())},
    }


def compute_key_figures(inputs: Inputs) -> dict[str, Any]:
    """Return the report's key figures as JSON-ready data (see the module docstring)."""
    employment, kommune = inputs.employment, inputs.kommune
    region = employment.loc[employment["region_code"] == kommune]
    totals = region.groupby("year")["jobs"].sum().astype(int)
    latest = inputs.latest
    sector = {
        code: _cagr_pct(
            inputs.sector.loc[inputs.sector["sector_code"] == code].drop(columns="sector_code"),
            *PROGRAMME_PERIOD,
            kommune,
        )
        for code in ("private", "public")
    }
    scenarios = {
        name: {
            "jobs_target_year": jobs_in_year(result.path, inputs.target_year),
            "gap_target_year_jobs": float(result.gap_2030_jobs),
            "probability_of_goal": float(result.probability_of_goal),
            "method": result.method,
        }
        for name, result in inputs.scenarios.items()
    }
    target = goal.target_path(
        employment, inputs.base_year, inputs.rate, inputs.target_year, region=kommune
    )
    return {
        "meta": {
            "kommune": kommune,
            "region_name": inputs.region_name,
            "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "package_version": __version__,
            "synthetic": inputs.synthetic,
            "source": source_line(
                [*employment.attrs["provenance"], *inputs.sector.attrs["provenance"]]
            ),
            "snapshots": _snapshot_meta(employment),
            "tables": table_basis(),
        },
        "data": {
            "first_year": int(totals.index.min()),
            "latest_year": latest,
            "latest_jobs": int(totals[latest]),
            "jobs_by_year": {str(y): int(v) for y, v in totals.items()},
        },
        "growth": {
            "programme_period": list(PROGRAMME_PERIOD),
            "cagr_programme_period_pct": _cagr_pct(region, *PROGRAMME_PERIOD, kommune),
            "last5_period": [latest - 5, latest],
            "cagr_last5_pct": _cagr_pct(region, latest - 5, latest, kommune),
            "private_cagr_programme_period_pct": sector["private"],
            "public_cagr_programme_period_pct": sector["public"],
        },
        "goal": {
            "base_year": inputs.base_year,
            "target_rate": inputs.rate,
            "target_year": inputs.target_year,
            "base_jobs": int(totals[inputs.base_year]),
            "target_jobs": float(target["target_jobs"].iloc[-1]),
            "required_growth_rate": goal.required_growth(
                employment, inputs.base_year, inputs.rate, inputs.target_year, region=kommune
            ),
            "jobs_per_year_at_rate": float(inputs.rate * totals[latest]),
        },
        "projection": projection_figures(inputs.choice),
        "headline": headline_figures(scenarios, inputs.choice),
        "scenarios": scenarios,
        "private_sector": private_key_figures(inputs),
        "labour_balance": labour_balance_key_figures(inputs),
        "industries": industry_figures(inputs),
        "new_enterprises": enterprise_key_figures(inputs),
        "commuting": commuting_key_figures(inputs),
    }


def basis_text(table: str, entry: dict[str, Any]) -> str:
    """Say in Norwegian whether a table's figures are real (and from where) or synthetic.

    >>> basis_text("13470", {"basis": "synthetic"})
    'tabell 13470: syntetiske demodata (bare illustrasjon)'
    >>> basis_text("11618", {"basis": "real", "repository": "statisticsnorway/pendling",
    ...                      "commit": "b3d34483cc", "period": "2017–2022"})
    'tabell 11618: ekte SSB-tall 2017–2022 (omregnet fra statisticsnorway/pendling, commit b3d3448)'
    """
    if entry.get("basis") != "real":
        return f"tabell {table}: syntetiske demodata (bare illustrasjon)"
    if entry.get("repository"):
        period = f" {entry['period'].split(' ')[0]}" if entry.get("period") else ""
        return (
            f"tabell {table}: ekte SSB-tall{period} (omregnet fra {entry['repository']}, "
            f"commit {str(entry.get('commit', ''))[:7]})"
        )
    return f"tabell {table}: ekte SSB-tall (hentet {str(entry.get('fetched_at', ''))[:10]})"


def basis_lines(tables: dict[str, dict[str, Any]]) -> list[str]:
    """Return the summary's lines on which tables are real and which synthetic (none: empty)."""
    if not tables:
        return []
    real = [basis_text(t, e) for t, e in sorted(tables.items()) if e.get("basis") == "real"]
    demo = [t for t, e in sorted(tables.items()) if e.get("basis") != "real"]
    lines = [f"**{term_label('ekte_eller_syntetisk')}:**", ""]
    lines += [f"- {text}" for text in real]
    if demo:
        lines.append(f"- tabell {', '.join(demo)}: syntetiske demodata (bare illustrasjon)")
    return [*lines, ""]


def omission_lines(omitted: Sequence[Omission]) -> list[str]:
    """Return the summary's line on what the report left out (none when nothing was).

    >>> omission_lines([Omission("01_data", "Bruddet", "r", "a", "07984"),
    ...                 Omission("08_befolkning", "Framskrivingen", "r", "a", "14746")])
    ['- **Utelatt i denne rapporten:** 2 deler, fordi tabell 07984 og 14746 mangler tall for kommunen (se forsiden, index.html).']
    """
    if not omitted:
        return []
    tables = sorted({t.strip() for o in omitted for t in o.table.split(",")})
    listed = " og ".join([", ".join(tables[:-1]), tables[-1]]) if len(tables) > 1 else tables[0]
    parts = "én del" if len(omitted) == 1 else f"{len(omitted)} deler"
    lacks = "mangler tall for kommunen"
    if any("skjult" in o.reason for o in omitted):
        lacks += " eller har skjulte celler"
    return [
        f"- **{term_label('utelatt')}:** {parts}, fordi tabell {listed} {lacks} "
        "(se forsiden, index.html)."
    ]


def summary_markdown(figures: dict[str, Any], omitted: Sequence[Omission] = ()) -> str:
    """Return the short Norwegian summary (``sammendrag.md``) of the key figures.

    ``omitted`` is what the notebooks left out (:func:`.coverage.read_omissions`); one line
    names it.
    """
    meta, data, gr, gl = figures["meta"], figures["data"], figures["growth"], figures["goal"]
    start, end = gr["programme_period"]
    lo5, hi5 = gr["last5_period"]

    def pct(value: float | None) -> str:
        return "–" if value is None else fmt_pct(value / 100, 1)

    def lead(key: str, form: int = 0, **values: object) -> str:
        return f"**{term_label(key, form, **values)}:**"

    lines = [f"# Sammendrag: arbeidsplassvekst i {meta['region_name']}", ""]
    if meta["synthetic"]:
        lines += [
            "> **Illustrasjonsdata – ikke offisielle tall.** Rapporten er laget fra det syntetiske",
            "> demo-datasettet. Kjør `naering fetch` på en maskin med internett for ekte SSB-tall.",
            "",
        ]
    lines += basis_lines(meta.get("tables", {}))
    lines += omission_lines(omitted)
    latest, target = data["latest_year"], gl["target_year"]
    lines += [
        f"- {lead('arbeidsplasser', 1, year=latest)} {fmt_int(data['latest_jobs'])}.",
        f"- {lead('arlig_vekst', period=f'{start}–{end}')} "
        f"{pct(gr['cagr_programme_period_pct'])} (privat sektor "
        f"{pct(gr['private_cagr_programme_period_pct'])}, offentlig sektor "
        f"{pct(gr['public_cagr_programme_period_pct'])}).",
        f"- {lead('arlig_vekst', period=f'{lo5}–{hi5}')} {pct(gr['cagr_last5_pct'])} "
        "(siste fem år).",
        f"- {lead('maalbane')} {fmt_pct(gl['target_rate'], 1)} årlig vekst fra {gl['base_year']} "
        f"gir {fmt_int(gl['target_jobs'])} arbeidsplasser i {target}. "
        f"{fmt_pct(gl['target_rate'], 1)} av arbeidsplassene i {latest} er om lag "
        f"{fmt_int(gl['jobs_per_year_at_rate'])} arbeidsplasser.",
        f"- {lead('nodvendig_vekst', period=f'{latest}–{target}')} "
        f"{fmt_pct(gl['required_growth_rate'], 1)} per år.",
        *private_summary_lines(figures.get("private_sector")),
        *labour_balance_summary_lines(figures.get("labour_balance")),
        *_industry_lines(figures.get("industries")),
        *_projection_lines(figures["projection"]),
        *migration_summary_lines(figures.get("migration")),
        *enterprise_summary_lines(figures.get("new_enterprises")),
        *flow_summary_lines(figures.get("commuting")),
        *_peer_lines(figures.get("peers")),
        "",
        f"## {term_label('avvik_maalbane')} i {target} per scenario",
        "",
        f"| {term_label('scenario')} | {term_label('arbeidsplasser')} | "
        f"{term_label('avvik_maalbane')} | {term_label('sannsynlighet')} |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, sc in figures["scenarios"].items():
        lines.append(
            f"| {name} | {fmt_int(sc['jobs_target_year'])} | "
            f"{fmt_signed(sc['gap_target_year_jobs'], 'int')} | "
            f"{fmt_pct(sc['probability_of_goal'], 0)} |"
        )
    comparison = headline_comparison(figures["scenarios"], target)
    lines += ["", comparison] if comparison else []
    lines += [
        "",
        "Scenariobanen er midten (medianen) av de samme simulerte banene som gir "
        "usikkerhetsbåndet og sannsynligheten, så en bane som når målet har minst 50 % "
        "sannsynlighet.",
        "",
        str(meta["source"]),
        "",
    ]
    return "\n".join(lines)


def headline_comparison(scenarios: dict[str, dict[str, Any]], year: int) -> str:
    r"""Return one sentence on how many more or fewer jobs each scenario gives than the headline.

    Empty when there is no headline scenario or nothing to compare it with. The difference is
    between the whole numbers the table shows (:func:`~naering_analysis.numfmt.whole`), so a
    reader can check the sentence against the table.

    >>> rows = {"Høy": 31234.4, "Lav": 29000.0, HEADLINE_SCENARIO: 30000.4, "Lik": 30000.2}
    >>> text = headline_comparison({k: {"jobs_target_year": v} for k, v in rows.items()}, 2030)
    >>> print(text.replace("\xa0", " "))  # doctest: +NORMALIZE_WHITESPACE
    Sammenlignet med framskrivingen gir Høy 1 234 flere, Lav 1 000 færre og Lik like mange
    arbeidsplasser i 2030.
    """
    head = scenarios.get(HEADLINE_SCENARIO)
    others = [(n, sc) for n, sc in scenarios.items() if n != HEADLINE_SCENARIO]
    if head is None or not others:
        return ""
    parts = []
    for name, sc in others:
        diff = whole(sc["jobs_target_year"]) - whole(head["jobs_target_year"])
        if diff == 0:
            parts.append(f"{name} like mange")
        else:
            parts.append(f"{name} {fmt_int(abs(diff))} {'flere' if diff > 0 else 'færre'}")
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} og {parts[-1]}"
    return f"Sammenlignet med framskrivingen gir {listed} arbeidsplasser i {year}."


def _projection_lines(pr: dict[str, Any]) -> list[str]:
    """Return the summary's lines on the projection method chosen on this data."""
    first, last = pr["origins"]
    industries = pr.get("industries") or {}
    lines = [
        f"- **{term_label('metode_total')}:** {pr['method_label']}, valgt ved backtest "
        f"på kommunetotalene i disse dataene (prognoseår {first}–{last}, "
        f"{fmt_int(len(pr['municipalities']))} kommuner). Relativ MASE mot naiv (uendret nivå): "
        f"{fmt_num(pr['relative_mase_vs_naive'], 2)}. {pr['reason']}",
    ]
    if industries:
        lines.append(
            f"- **{term_label('metode_naeringer')}:** {industries['method_label']}, valgt på "
            f"satsingsbransjene (relativ MASE {fmt_num(industries['relative_mase_vs_naive'], 2)}) "
            "og avstemt mot kommunetotalen, så næringene summerer til totalen."
        )
    brier = (pr.get("probability") or {}).get("brier") or []
    if brier:
        rates = [fmt_pct(row["threshold"], 1) for row in brier]
        skills = [fmt_num(row["skill"], 2) for row in brier]
        lines.append(
            f"- **{term_label('sannsynligheter_backtest')}:** Brier-ferdighet for vekst på minst "
            f"{_and(rates)} per år: {_and(skills)} (over 0: bedre enn den historiske andelen av "
            "kommuneperioder som nådde raten)."
        )
    return lines


def _industry_lines(ind: dict[str, Any] | None) -> list[str]:
    """Return the summary lines on how the bransjer are drawn and the jobs SSB hides."""
    if not ind:
        return []
    lead = f"**{term_label('bransjeavgrensning')}:**"
    year = ind["year"]
    if ind["level"] != DIVISION_LEVEL:
        lines = [
            f"- {lead} bransjene er satt sammen av SSBs 17 næringsgrupper, fordi tallene bare "
            "finnes på det nivået. Hent tallene på nytt (`naering fetch`) for den tosifrede koblingen."
        ]
    else:
        moved = [
            f"{m['industry_name'].lower()} ({m['industry_code']}, "
            f"{'–' if m['jobs'] is None else fmt_int(m['jobs'])}) fra «{m['from_bransje']}» til "
            f"«{m['to_bransje']}»"
            for m in ind["moves"]
        ]
        total = sum(m["jobs"] or 0 for m in ind["moves"])
        lines = [
            f"- {lead} bransjene er satt sammen av tosifrede SN2007-næringer, mer presist enn SSBs "
            f"17 grupper tillot. I {year} flytter det {fmt_int(total)} arbeidsplasser mellom "
            f"bransjene: {_and(moved)}."
            if moved
            else f"- {lead} bransjene er satt sammen av tosifrede SN2007-næringer."
        ]
    if ind["suppressed_jobs_latest"]:
        lines.append(
            f"- **{term_label('skjulte_arbeidsplasser')}:** {fmt_int(ind['suppressed_jobs_latest'])} "
            f"i {year}. SSB teller dem i totalen, men viser dem ikke i næringene; en næring med en "
            "skjult celle har ingen sum."
        )
    return lines


def _and(items: list[str]) -> str:
    """Join with commas and «og» before the last: ``a, b og c``.

    >>> _and(["0,0 %", "1,0 %", "1,5 %"])
    '0,0 %, 1,0 % og 1,5 %'
    """
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


#: The measures the summary's rank table shows, in order (``report.peers.key_ranks`` keys).
SUMMARY_MEASURES = ("attractiveness_annual_pp", "jobs_annual_pct")


def _peer_lines(peers: dict[str, Any] | None) -> list[str]:
    """Return the summary's rank table: one row per measure and period, one column per group.

    >>> ranks = {"Fylket": {"text": "nr. 2 av 12"}, "Hele landet": {"text": "nr. 40 av 357"}}
    >>> m = {"attractiveness_annual_pp": {"label": "Attraktivitet", "shown": "+0,3 pp",
    ...                                   "ranks": ranks}}
    >>> for line in _peer_lines({"periods": {"2017–2022": {"measures": m}}}):
    ...     print(line)
    <BLANKLINE>
    ## Sammenlignet med andre kommuner
    <BLANKLINE>
    | Indikator | Periode | Verdi | Fylket | Hele landet |
    | --- | --- | ---: | ---: | ---: |
    | Attraktivitet | 2017–2022 | +0,3 pp | nr. 2 av 12 | nr. 40 av 357 |
    """
    if not peers:
        return []
    rows = [
        (period, p["measures"][column])
        for column in SUMMARY_MEASURES
        for period, p in peers["periods"].items()
        if column in p["measures"]
    ]
    if not rows:
        return []
    groups = list(dict.fromkeys(g for _period, m in rows for g in m["ranks"]))
    header = [term_label("indikator"), term_label("periode"), term_label("verdi"), *groups]
    lines = [
        "",
        "## Sammenlignet med andre kommuner",
        "",
        "| " + " | ".join(header) + " |",
        "| --- | --- | " + " | ".join(["---:"] * (len(header) - 2)) + " |",
    ]
    for period, measure in rows:
        ranks = [measure["ranks"].get(g, {}).get("text", "–") for g in groups]
        lines.append(
            f"| {measure['label']} | {period} | {measure['shown']} | {' | '.join(ranks)} |"
        )
    if peers.get("coverage_note"):
        lines += ["", f"*{peers['coverage_note']}*"]
    return lines
