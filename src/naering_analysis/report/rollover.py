"""``naering rollover``: the yearly roll-over of the programme in one command.

Fetch new SSB data when SSB can be reached, build, make the report, and compare its
``nokkeltall.json`` with the previous report. What changed goes to ``endringer.md`` in the new
report folder: a new data year, revised history, the headline (the projection with the method
chosen on the data), and changes in the gap and in the required growth.
Any failure to get *valid* new data (SSB down, a refusal, a maintenance page, a malformed answer,
a catalogue difference) falls back to the latest snapshot, and ``endringer.md`` says so.
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
from naering_analysis.datasets import fetch as fetch_module
from naering_analysis.datasets.fetch import revision_warning
from naering_analysis.errors import (
    NaeringError,
    SSBIncompleteAnswer,
    SSBNotAnswering,
    SSBQueryError,
    SSBUnavailable,
)
from naering_analysis.numfmt import fmt_int, fmt_pct, fmt_pct_points, fmt_signed
from naering_analysis.reference.terms import label
from naering_analysis.report.enterprises import enterprise_changes
from naering_analysis.report.flows import flow_changes
from naering_analysis.report.index import write_index
from naering_analysis.report.labour_balance import labour_balance_changes
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
    before, after = label("arbeidsplasser_forrige_rapport"), label("arbeidsplasser_ny_rapport")
    header = [f"| År | {before} | {after} | {label('revisjon')} |", "| --- | ---: | ---: | ---: |"]
    return [f"SSB har revidert {len(rows)} år:", "", *header, *rows, ""]


def _scenario_changes(old: dict[str, Any], new: dict[str, Any], year: int) -> list[str]:
    lines = [
        f"| Scenario | {label('avvik_maalbane_forrige', year=year)} | "
        f"{label('avvik_maalbane_ny', year=year)} | {label('sannsynlighet_forrige')} | "
        f"{label('sannsynlighet_ny')} |",
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


def _headline_change(
    old: dict[str, Any] | None, new: dict[str, Any] | None, year: int
) -> list[str]:
    """Set the headline of the two reports side by side: jobs, gap and probability in ``year``.

    A report from before the headline (no ``headline`` key) shows «–» and says so.
    """
    if not new:
        return []

    def pp(change: float) -> str:
        return fmt_signed(change * 100, "pp", 0)

    def pct(value: float) -> str:
        return fmt_pct(value, 0)

    rows: tuple[tuple[str, str, Callable[[float], str], Callable[[float], str]], ...] = (
        (label("arbeidsplasser", 1, year=year), "jobs_target_year", fmt_int, fmt_signed),
        (label("avvik_maalbane", 1, year=year), "gap_target_year_jobs", fmt_signed, fmt_signed),
        (label("sannsynlighet"), "probability_of_goal", pct, pp),
    )
    lines = [
        f"## {new['scenario']}: hovedtallet",
        "",
        f"| | {label('forrige_rapport')} | {label('ny_rapport')} | {label('endring_rapport')} |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, key, shown, change in rows:
        before, after = (old or {}).get(key), float(new[key])
        if before is None:
            lines.append(f"| {name} | – | {shown(after)} | – |")
        else:
            lines.append(
                f"| {name} | {shown(before)} | {shown(after)} | {change(after - before)} |"
            )
    lines.append("")
    if not old:
        lines += ["Forrige rapport hadde ikke dette hovedtallet.", ""]
    elif old.get("method") != new.get("method"):
        lines += [
            f"Metoden er byttet: {old.get('method_label', old.get('method'))} → "
            f"{new.get('method_label', new.get('method'))} (se «Framskrivingsmetode» under).",
            "",
        ]
    return lines


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
        *_headline_change(old.get("headline"), new.get("headline"), int(ng["target_year"])),
        "## Nødvendig vekst",
        "",
        f"Nødvendig årlig vekst fram til {ng['target_year']}: "
        f"{fmt_pct(og['required_growth_rate'], 2)} → {fmt_pct(ng['required_growth_rate'], 2)} "
        f"({fmt_pct_points(required_diff, 2)}).",
        "",
        f"## Avvik fra målbanen i {ng['target_year']}",
        "",
    ]
    lines += _scenario_changes(old["scenarios"], new["scenarios"], int(ng["target_year"]))
    lines += _method_change(old.get("projection"), new.get("projection"))
    lines += _rank_changes(old.get("peers"), new.get("peers"))
    lines += labour_balance_changes(old.get("labour_balance"), new.get("labour_balance"))
    lines += _rank_changes(old.get("migration"), new.get("migration"), "Bostedsattraktivitet")
    lines += enterprise_changes(old.get("new_enterprises"), new.get("new_enterprises"))
    lines += flow_changes(old.get("commuting"), new.get("commuting"))
    return "\n".join(lines)


def _method_change(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[str]:
    """Say whether the projection methods chosen on the data changed between the reports.

    The totals' method first (what the goal is about), then the industries' method when the
    reports record it (since the choice is made per level).
    """
    if not new:
        return []
    lines = ["", "## Framskrivingsmetode", ""]
    levels = [("kommunetotalen", old, new)]
    if new.get("industries"):
        levels.append(("næringene", (old or {}).get("industries"), new["industries"]))
    for what, before, after in levels:
        label = after.get("method_label", after.get("method"))
        if not before or before.get("method") == after.get("method"):
            lines.append(f"Samme metode for {what} som sist: {label}.")
        else:
            lines.append(
                f"Metoden for {what} valgt på dataene er byttet: "
                f"{before.get('method_label', before.get('method'))} → **{label}** (backtesten "
                "på de nye tallene ga en annen vinner; se `naering backtest`)."
            )
    return lines


def _paired_periods(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str]]:
    """Pair the periods of two reports: the same period, else the latest with the latest."""
    pairs = [(p, p) for p in new if p in old]
    rest_new, rest_old = [p for p in new if p not in old], [p for p in old if p not in new]
    if rest_new and rest_old:
        pairs.append((rest_old[-1], rest_new[-1]))
    return pairs


def _rank_changes(
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    title: str = "Rangeringer blant andre kommuner",
) -> list[str]:
    """List the ranks (peer comparison) that moved between the reports, per period."""
    if not new:
        return []
    lines = ["", f"## {title}", ""]
    if not old:
        return [*lines, "Forrige rapport hadde ingen sammenligning med andre kommuner."]
    rows = []
    for before, now in _paired_periods(old["periods"], new["periods"]):
        period = now if before == now else f"{before} → {now}"
        old_measures = old["periods"][before]["measures"]
        for column, measure in new["periods"][now]["measures"].items():
            for group, rank in measure["ranks"].items():
                previous = old_measures.get(column, {}).get("ranks", {}).get(group)
                if previous is None or previous["text"] != rank["text"]:
                    was = previous["text"] if previous else "–"
                    rows.append(
                        f"| {period} | {measure['label']} | {group} | {was} | {rank['text']} |"
                    )
    if not rows:
        return [*lines, "Ingen rangeringer er endret."]
    head = ["periode", "indikator", "sammenligningsgruppe", "rangering_for", "rangering_naa"]
    header = "| " + " | ".join(label(key) for key in head) + " |"
    return [*lines, header, "| --- | --- | --- | --- | --- |", *rows]


@dataclass(frozen=True)
class FetchOutcome:
    """Whether the rollover got new data; ``reason`` says why not (Norwegian)."""

    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


FALLBACK = "Bruker siste lagrede øyeblikksbilde."


def _try_fetch(
    kommune: str, root: Path, progress: Callable[[str], None], ssb_url: str | None = None
) -> FetchOutcome:
    from naering_analysis.datasets.fetch import fetch_tables

    try:
        fetch_tables(
            kommune=kommune,
            root=paths(root).raw,
            progress=progress,
            ssb_url=ssb_url,
            all_municipalities=True,  # the national comparison is part of every report
        )
    except SSBIncompleteAnswer as exc:  # a maintenance page or a cut-off answer, every try
        reason = f"Nye data fra SSB kunne ikke brukes ({_one_line(exc)})"
    except SSBNotAnswering as exc:
        reason = f"SSB svarer ikke ({_one_line(exc)})"
    except (SSBUnavailable, requests.RequestException) as exc:
        reason = f"SSB kan ikke nås ({_one_line(exc)})"
    except SSBQueryError as exc:
        reason = f"SSB avviste spørringen ({_one_line(exc)})"
    except NaeringError as exc:  # a maintenance page, a malformed answer, a catalogue change
        reason = f"Nye data fra SSB kunne ikke brukes ({_one_line(exc)})"
    else:
        return FetchOutcome(True)
    progress(f"{reason}. {FALLBACK}")
    return FetchOutcome(False, reason)


def _one_line(exc: BaseException) -> str:
    """Return the first line of an error message."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def rollover(
    *,
    kommune: str = "3105",
    offline: bool = False,
    root: Path | None = None,
    progress: Callable[[str], None] = lambda _msg: None,
    fetch: Callable[..., object] = _try_fetch,
    today: str | None = None,
    ssb_url: str | None = None,
    likevel: bool = False,
) -> RolloverResult:
    """Fetch (unless offline), build, report, and write ``endringer.md`` against the last report.

    Between 05:00 and 08:00 Norwegian time SSB revises its tables (values can read 0 or «.»):
    then nothing is fetched unless ``likevel``, and the report builds on the newest snapshot, as
    when SSB cannot be reached; ``endringer.md`` says so.
    """
    project = paths(root)
    previous_reports = report_dirs(project.reports)
    previous = previous_reports[-1] if previous_reports else None
    fetched = False
    fallback_note = ""
    warning = None if offline else revision_warning(fetch_module.oslo_now())
    if offline:
        progress("Frakoblet modus: henter ikke nye data, bruker siste øyeblikksbilde.")
    elif warning and not likevel:
        progress(
            f"Merk: {warning} Henter ikke nye tall nå; rapporten bygger på siste øyeblikksbilde. "
            "Kjør igjen etter kl. 08, eller med --likevel."
        )
        fallback_note = (
            "> **Nye tall ble ikke hentet:** rulleringen ble kjørt mens SSB reviderer tabellene "
            "(kl. 05–08). Rapporten bygger på siste lagrede øyeblikksbilde.\n"
        )
    else:
        if warning:
            progress(f"Merk: {warning} Henter likevel (--likevel); sjekk tallene før de brukes.")
        progress("Prøver å hente nye tall fra SSB …")
        outcome = (
            fetch(kommune, project.root, progress, ssb_url)
            if ssb_url
            else fetch(kommune, project.root, progress)
        )
        fetched = bool(outcome)
        if not fetched:
            reason = getattr(outcome, "reason", "") or "Nye data fra SSB kunne ikke hentes"
            fallback_note = (
                f"> **Nye tall ble ikke hentet:** {reason}. Rapporten bygger på siste lagrede "
                "øyeblikksbilde.\n"
            )
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
    if fallback_note:
        head, _, rest = text.partition("\n\n")
        text = f"{head}\n\n{fallback_note}\n{rest}"
    atomic_write_bytes(changes, text.encode("utf-8"))
    if report.index is not None:  # again, so that the front page links endringer.md too
        write_index(report.path)
    progress(f"Endringer skrevet til {changes}")
    return RolloverResult(report, previous, changes, fetched)
