"""Key-figure lines for new businesses: sammendrag.md and endringer.md read the JSON section."""

from __future__ import annotations

from naering_analysis.report.enterprises import enterprise_changes, enterprise_summary_lines


def _figures(rate: float, text: str) -> dict:
    return {
        "period": "2022–2024",
        "synthetic": False,
        "regions": {"3105": {"per_1000_3y": rate}, "0": {"per_1000_3y": 12.46}},
        "ranks": {
            "per_1000_3y": {"label": "x", "ranks": {"Fylket": {"text": text}}},
        },
    }


def test_summary_lines_in_norwegian_numbers():
    lines = enterprise_summary_lines(_figures(10.29, "nr. 11 av 12"))
    assert lines[0] == (
        "- **Nyetablerte per 1 000 innbyggere, treårssnitt 2022–2024:** 10,3 (hele landet 12,5)."
    )
    assert lines[1] == "- **Plass i sammenligningsgruppen:** Fylket nr. 11 av 12."
    assert enterprise_summary_lines(None) == []


def test_changes_list_only_moved_ranks():
    same = enterprise_changes(_figures(10.29, "nr. 11 av 12"), _figures(10.5, "nr. 11 av 12"))
    assert not any(line.startswith("- ") for line in same)
    moved = enterprise_changes(_figures(10.29, "nr. 11 av 12"), _figures(10.5, "nr. 9 av 12"))
    assert "- x, Fylket: nr. 11 av 12 → nr. 9 av 12" in moved
    assert enterprise_changes(None, None) == []
