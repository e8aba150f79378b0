"""``naering rollover``: the yearly roll-over of the programme in one command.

Fetch new SSB data when SSB can be reached (otherwise say so and use the latest snapshot), build,
make the report, and compare its ``nokkeltall.json`` with the previous report. What changed goes to
``endringer.md`` in the new report folder: a new data year, revised history, and changes in the gap
and in the required growth.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from naering_analysis.atomic import atomic_write_bytes
from naering_analysis.config import paths
from naering_analysis.errors import SSBQueryError, SSBUnavailable
from naering_analysis.numfmt import fmt_int, fmt_pct, fmt_pct_points, fmt_signed
from naering_analysis.report.index import write_index
from naering_analysis.report.run import KEY_FIGURES, ReportResult, make_report, report_dirs

CHANGES = "endringer.md"


@dataclass(frozen=True)
class RolloverResult:
    """The new report, the report it was compared with (if any), and the changes file."""

    report: ReportResult
    previous: Path | None
    changes: Path
    fetched: bool


def _history_revisions(old: dict[str, int], new: dict[str, int]) -> list[str]:
    rows = []
    for year in sorted(set(old) & set(new)):
        if old[year] != new[year]:
            diff = new[year] - old[year]
            rows.append(
                f"| {year} | {fmt_int(old[year])} | {fmt_int(new[year])} | {fmt_signed(diff)} |"
            )
    if not rows:
        return ["Ingen revisjoner: tallene for årene som finnes i begge rapportene er like.", ""]
    header = ["| År | Forrige rapport | Ny rapport | Endring |", "| --- | ---: | ---: | ---: |"]
    return [f"SSB har revidert {len(rows)} år:", "", *header, *rows, ""]


def _scenario_changes(old: dict[str, Any], new: dict[str, Any], year: int) -> list[str]:
    lines = [
        f"| Scenario | Gap {year}, forrige | Gap {year}, ny | Sannsynlighet, forrige | "
        "Sannsynlighet, ny |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in [*new, *(n for n in old if n not in new)]:
        before, after = old.get(name), new.get(name)

        def cell(sc: dict[str, Any] | None, key: str, pct: bool = False) -> str:
            if sc is None:
                return "–"
            return fmt_pct(sc[key], 0) if pct else fmt_signed(sc[key])

        lines.append(
            f"| {name} | {cell(before, 'gap_target_year_jobs')} | "
            f"{cell(after, 'gap_target_year_jobs')} | "
            f"{cell(before, 'probability_of_goal', True)} | "
            f"{cell(after, 'probability_of_goal', True)} |"
        )
    return [*lines, ""]


def compare_key_figures(old: dict[str, Any], new: dict[str, Any]) -> str:
    """Return ``endringer.md``: what changed between two reports' key figures (Norwegian)."""
    od, nd = old["data"], new["data"]
    og, ng = old["goal"], new["goal"]
    lines = [f"# Endringer siden forrige rapport ({old['meta']['generated_at'][:10]})", ""]
    if new["meta"]["synthetic"]:
        lines += ["> **Illustrasjonsdata – ikke offisielle tall.**", ""]
    if old["meta"]["synthetic"] != new["meta"]["synthetic"]:
        kind = "syntetiske demodata" if new["meta"]["synthetic"] else "ekte SSB-data"
        lines += [f"**Datagrunnlaget er byttet:** den nye rapporten bygger på {kind}.", ""]
    lines += ["## Dataår", ""]
    if nd["latest_year"] > od["latest_year"]:
        lines.append(
            f"Nytt dataår: **{nd['latest_year']}** (forrige rapport hadde tall til "
            f"{od['latest_year']}). Arbeidsplasser {nd['latest_year']}: {fmt_int(nd['latest_jobs'])}."
        )
    else:
        lines.append(f"Ingen nye dataår; siste år er fortsatt {nd['latest_year']}.")
    lines += ["", "## Revidert historikk", ""]
    lines += _history_revisions(od["jobs_by_year"], nd["jobs_by_year"])
    changed = sorted(
        table
        for table, snap in new["meta"]["snapshots"].items()
        if old["meta"]["snapshots"].get(table, {}).get("sha256") != snap.get("sha256")
    )
    if changed:
        lines += [f"Nye øyeblikksbilder fra SSB for tabell {', '.join(changed)}.", ""]
    required_diff = (ng["required_growth_rate"] - og["required_growth_rate"]) * 100
    lines += [
        "## Nødvendig vekst",
        "",
        f"Nødvendig årlig vekst fram til {ng['target_year']}: "
        f"{fmt_pct(og['required_growth_rate'], 2)} → {fmt_pct(ng['required_growth_rate'], 2)} "
        f"({fmt_pct_points(required_diff, 2)}).",
        "",
        f"## Gap til målet i {ng['target_year']}",
        "",
    ]
    lines += _scenario_changes(old["scenarios"], new["scenarios"], int(ng["target_year"]))
    return "\n".join(lines)


def _try_fetch(kommune: str, root: Path, progress: Callable[[str], None]) -> bool:
    from naering_analysis.datasets.fetch import fetch_tables

    try:
        fetch_tables(kommune=kommune, root=paths(root).raw, progress=progress)
    except (SSBUnavailable, requests.RequestException) as exc:
        progress(f"SSB kan ikke nås ({exc}). Bruker siste lagrede øyeblikksbilde.")
        return False
    except SSBQueryError as exc:
        progress(f"SSB avviste spørringen ({exc}). Bruker siste lagrede øyeblikksbilde.")
        return False
    return True


def rollover(
    *,
    kommune: str = "3105",
    offline: bool = False,
    root: Path | None = None,
    progress: Callable[[str], None] = lambda _msg: None,
    fetch: Callable[[str, Path, Callable[[str], None]], bool] = _try_fetch,
    today: str | None = None,
) -> RolloverResult:
    """Fetch (unless offline), build, report, and write ``endringer.md`` against the last report."""
    project = paths(root)
    previous_reports = report_dirs(project.reports)
    previous = previous_reports[-1] if previous_reports else None
    fetched = False
    if offline:
        progress("Frakoblet modus: henter ikke nye data, bruker siste øyeblikksbilde.")
    else:
        progress("Prøver å hente nye tall fra SSB …")
        fetched = fetch(kommune, project.root, progress)
    report = make_report(kommune=kommune, root=project.root, progress=progress, today=today)
    changes = report.path / CHANGES
    if previous is None:
        text = (
            "# Endringer siden forrige rapport\n\nDette er den første rapporten; det finnes ingen "
            "tidligere rapport i reports/ å sammenligne med.\n"
        )
    else:
        old = json.loads((previous / KEY_FIGURES).read_text("utf-8"))
        text = compare_key_figures(old, report.key_figures)
        progress(f"Sammenlignet med {previous.name}")
    atomic_write_bytes(changes, text.encode("utf-8"))
    write_index(report.path)  # again, so that the front page links endringer.md too
    progress(f"Endringer skrevet til {changes}")
    return RolloverResult(report, previous, changes, fetched)
