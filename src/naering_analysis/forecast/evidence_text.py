"""The method choice's evidence as Norwegian Markdown tables (decimal comma, readers' labels).

:func:`format_evidence` (one level's methods, or the peer group's), :func:`format_probability`
(the totals' Brier scores against climatology and the reliability table) and
:func:`format_reconciliation` (how the industries were made to add up to the total). Used by
``naering backtest`` and notebook 03.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from naering_analysis.forecast.choice import MethodChoice
from naering_analysis.numfmt import fmt_num, fmt_pct


def format_evidence(
    choice: MethodChoice, level: str = "total", evidence: pd.DataFrame | None = None
) -> str:
    """Return a level's evidence as a Norwegian Markdown table (decimal comma), the chosen marked.

    ``level`` is ``"total"`` (the municipality totals) or ``"focus"`` (the focus-industry
    totals); ``evidence`` replaces the level's table (e.g. the peer evidence).
    """
    if evidence is None:
        evidence = choice.evidence if level == "total" else choice.industry_evidence
    what = "MASE kommunetotaler" if level == "total" else "MASE satsingsbransjer"
    header = ["Rang", "Metode", "Relativ MASE", what, "MASE per næring", "Dekning 80 %", "Valgt"]
    body = [
        [
            str(int(r["rank"])),
            str(r["label"]),
            fmt_num(float(r["relative_mase"]), 3),
            fmt_num(float(r["primary_mase"]), 2),
            fmt_num(float(r["secondary_mase"]), 2),
            fmt_pct(float(r["coverage80"]), 1),
            "ja" if r["chosen"] else "",
        ]
        for r in evidence.to_dict("records")
    ]
    return markdown_table(header, body, left=(1, 6))


def markdown_table(header: list[str], body: list[list[str]], left: Sequence[int] = (0,)) -> str:
    """Return a padded Markdown table; columns in ``left`` are left-aligned, the rest right.

    >>> print(markdown_table(["A", "Tall"], [["x", "1,5"]]))
    | A | Tall |
    |---|-----:|
    | x |  1,5 |
    """
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [
            c.ljust(w) if i in left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            ("-" * (w + 2)) if i in left else ("-" * (w + 1) + ":") for i, w in enumerate(widths)
        )
        + "|"
    )
    return "\n".join([line(header), rule, *(line(r) for r in body)])


def format_probability(choice: MethodChoice) -> str:
    """Return the chosen distribution's Brier scores and its reliability table as Norwegian Markdown."""
    brier = [
        [
            f"{fmt_pct(float(r['threshold']), 1)} per år",
            fmt_num(float(r["cases"]), 0),
            fmt_pct(float(r["base_rate"]), 0),
            fmt_num(float(r["brier"]), 3),
            fmt_num(float(r["brier_climatology"]), 3),
            fmt_num(float(r["skill"]), 3),
        ]
        for r in choice.brier.to_dict("records")
    ]
    head = ["Vekst minst", "Tilfeller", "Skjedde", "Brier", "Brier klimatologi", "Brier-ferdighet"]
    reliability = [
        [
            f"{fmt_pct(float(r['bin_low']), 0)}–{fmt_pct(float(r['bin_high']), 0)}",
            fmt_num(float(r["cases"]), 0),
            "–" if not np.isfinite(r["mean_forecast"]) else fmt_pct(float(r["mean_forecast"]), 0),
            "–" if not np.isfinite(r["observed"]) else fmt_pct(float(r["observed"]), 0),
        ]
        for r in choice.reliability.to_dict("records")
    ]
    rel_head = ["Anslått sannsynlighet", "Tilfeller", "Snitt anslått", "Skjedde"]
    return "\n\n".join([markdown_table(head, brier), markdown_table(rel_head, reliability)])


def format_reconciliation(choice: MethodChoice) -> str:
    """Return the reconciliation evidence as a Norwegian Markdown table, or a sentence without it."""
    table = choice.reconciliation_evidence
    if table.empty:
        return (
            "Kommunetotalen og næringene framskrives med samme metode, så næringene summerer "
            "allerede til totalen: ingen avstemming trengs."
        )
    head = ["Avstemming", "Relativ MASE kommunetotaler", "Relativ MASE satsingsbransjer", "Valgt"]
    body = [
        [
            str(r["label"]),
            fmt_num(float(r["relative_total"]), 3),
            fmt_num(float(r["relative_focus"]), 3),
            "ja" if r.get("chosen") else "",
        ]
        for r in table.to_dict("records")
    ]
    return markdown_table(head, body, left=(0, 3))
