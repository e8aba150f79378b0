"""Key figures of a report (``nokkeltall.json``) and the short Norwegian summary (``sammendrag.md``).

The key figures are computed from the library directly (not scraped from notebooks), so the
yearly rollover can compare them between reports.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from naering_analysis import __version__, frames, goal, growth
from naering_analysis.frame_checks import select_region
from naering_analysis.numfmt import fmt_int, fmt_pct, fmt_signed
from naering_analysis.scenarios import builtin_scenarios, run_scenario

#: The programme's reference period ("1,0 % per år fra 2017 til 2022").
PROGRAMME_PERIOD = (2017, 2022)


def jobs_in_year(path: pd.DataFrame, year: int) -> float:
    """Return ``jobs`` in ``year`` from a one-row-per-year path frame."""
    values = path.loc[path["year"].astype(int) == int(year), "jobs"].to_numpy(dtype=float)
    if len(values) != 1:
        raise KeyError(f"Banen har {len(values)} rader for år {year}; forventet én.")
    return float(values[0])


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


def _cagr_pct(frame: pd.DataFrame, start: int, end: int, region: str) -> float | None:
    years = set(frame["year"].astype(int))
    if start not in years or end not in years or start >= end:
        return None
    sub = frame.loc[frame["region_code"] == region]
    result = growth.cagr(sub, start, end)
    return float(result["cagr_pct"].iloc[0])


def _sector_cagr(region: str, snapshot: str | None, root: Path | None) -> dict[str, float | None]:
    sector = frames.employment_by_sector(snapshot, root=_raw(root))
    sub = sector.loc[sector["region_code"] == region]
    out: dict[str, float | None] = {}
    for code in ("private", "public"):
        part = sub.loc[sub["sector_code"] == code].drop(columns="sector_code")
        out[code] = _cagr_pct(part, *PROGRAMME_PERIOD, region)
    return out


def _raw(root: Path | None) -> Path | None:
    from naering_analysis.config import paths

    return paths(root).raw if root else None


def compute_key_figures(
    *,
    root: Path | None = None,
    kommune: str = "3105",
    snapshot: str | None = None,
    base_year: int = 2022,
    rate: float = 0.015,
    target_year: int = 2030,
) -> dict[str, Any]:
    """Return the report's key figures as JSON-ready data (see the module docstring)."""
    employment = frames.employment(snapshot, root=_raw(root))
    region = select_region(employment, kommune, "nøkkeltall")
    totals = region.groupby("year")["jobs"].sum().astype(int)
    latest = int(totals.index.max())
    sector = _sector_cagr(kommune, snapshot, root)
    scenarios: dict[str, Any] = {}
    for name, scenario in builtin_scenarios().items():
        result = run_scenario(
            employment,
            scenario,
            region=kommune,
            base_year=base_year,
            rate=rate,
            target_year=target_year,
        )
        scenarios[name] = {
            "jobs_target_year": jobs_in_year(result.path, target_year),
            "gap_target_year_jobs": float(result.gap_2030_jobs),
            "probability_of_goal": float(result.probability_of_goal),
        }
    target = goal.target_path(employment, base_year, rate, target_year, region=kommune)
    return {
        "meta": {
            "kommune": kommune,
            "region_name": str(region["region_name"].iloc[0]),
            "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "package_version": __version__,
            "synthetic": bool(employment.attrs.get("synthetic")),
            "source": employment.attrs.get("source"),
            "snapshots": _snapshot_meta(employment),
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
            "base_year": base_year,
            "target_rate": rate,
            "target_year": target_year,
            "base_jobs": int(totals[base_year]),
            "target_jobs": float(target["target_jobs"].iloc[-1]),
            "required_growth_rate": goal.required_growth(
                employment, base_year, rate, target_year, region=kommune
            ),
            "jobs_per_year_at_rate": float(rate * totals[latest]),
        },
        "scenarios": scenarios,
    }


def summary_markdown(figures: dict[str, Any]) -> str:
    """Return the short Norwegian summary (``sammendrag.md``) of the key figures."""
    meta, data, gr, gl = figures["meta"], figures["data"], figures["growth"], figures["goal"]
    start, end = gr["programme_period"]
    lo5, hi5 = gr["last5_period"]

    def pct(value: float | None) -> str:
        return "–" if value is None else fmt_pct(value / 100, 1)

    lines = [f"# Sammendrag: arbeidsplassvekst i {meta['region_name']}", ""]
    if meta["synthetic"]:
        lines += [
            "> **Illustrasjonsdata – ikke offisielle tall.** Rapporten er laget fra det syntetiske",
            "> demo-datasettet. Kjør `naering fetch` på en maskin med internett for ekte SSB-tall.",
            "",
        ]
    lines += [
        f"- **Arbeidsplasser {data['latest_year']}:** {fmt_int(data['latest_jobs'])}.",
        f"- **Vekst {start}–{end}:** {pct(gr['cagr_programme_period_pct'])} per år "
        f"(privat sektor {pct(gr['private_cagr_programme_period_pct'])}, offentlig sektor "
        f"{pct(gr['public_cagr_programme_period_pct'])}).",
        f"- **Vekst siste fem år ({lo5}–{hi5}):** {pct(gr['cagr_last5_pct'])} per år.",
        f"- **Målet:** {fmt_pct(gl['target_rate'], 1)} årlig vekst fra {gl['base_year']} gir "
        f"{fmt_int(gl['target_jobs'])} arbeidsplasser i {gl['target_year']}. Det tilsvarer om lag "
        f"{fmt_int(gl['jobs_per_year_at_rate'])} nye arbeidsplasser per år.",
        f"- **Nødvendig vekst fra {data['latest_year']}:** "
        f"{fmt_pct(gl['required_growth_rate'], 1)} per år fram til {gl['target_year']}.",
        "",
        f"## Gap til målet i {gl['target_year']} per scenario",
        "",
        "| Scenario | Arbeidsplasser | Gap til målet | Sannsynlighet for å nå målet |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, sc in figures["scenarios"].items():
        lines.append(
            f"| {name} | {fmt_int(sc['jobs_target_year'])} | "
            f"{fmt_signed(sc['gap_target_year_jobs'], 'int')} | "
            f"{fmt_pct(sc['probability_of_goal'], 0)} |"
        )
    lines += ["", str(meta["source"]), ""]
    return "\n".join(lines)
