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


def _bankrupt(own: float | None, norway: float) -> dict:
    return {
        "period": "2022–2024",
        "synthetic": True,
        "regions": {
            "3105": {"per_1000_3y": own, "per_100_new_3y": 9.111},
            "0": {"per_1000_3y": norway, "per_100_new_3y": 7.14},
        },
    }


def test_bankruptcy_lines_follow_the_enterprise_lines():
    from naering_analysis.report.enterprises import bankruptcy_summary_lines

    figures = _figures(10.29, "nr. 11 av 12") | {"bankruptcies": _bankrupt(0.9379, 0.8898)}
    lines = enterprise_summary_lines(figures)
    assert lines[2:] == [
        "- **Konkurser per 1 000 innbyggere, treårssnitt 2022–2024:** 0,94 (hele landet 0,89)."
        " *(illustrasjonsdata)*",
        "- **Konkurser per 100 nyetablerte foretak, treårssnitt 2022–2024:** 9,1 (hele landet"
        " 7,1). *(illustrasjonsdata)*",
    ]
    assert bankruptcy_summary_lines(None) == []
    assert len(enterprise_summary_lines(_figures(10.29, "nr. 11 av 12"))) == 2  # no 08551


def test_bankruptcy_table_and_key_figures_from_the_demo():
    from types import SimpleNamespace

    from naering_analysis.report.enterprises import bankruptcy_key_figures, table_konkurser

    inputs = SimpleNamespace(kommune="3105", region_name="Sarpsborg")
    table = table_konkurser(inputs)  # type: ignore[arg-type]
    regions = table.frame.iloc[:, 0].tolist()
    assert len(regions) == 14 and regions[-2:] == ["Østfold", "Hele landet"]
    assert "Sarpsborg" in regions
    rate = table.frame.columns[2]
    munis = table.frame[rate].iloc[:12].tolist()
    assert munis == sorted(munis, reverse=True)  # highest pooled rate first
    figures = bankruptcy_key_figures(inputs)  # type: ignore[arg-type]
    assert figures is not None and figures["year"] == 2024 and figures["synthetic"] is True
    own = figures["regions"]["3105"]
    # pooled per 100 new equals 100 x sum of counts / sum of new enterprises (the same three years)
    assert set(figures["regions"]) == {"3105", "31", "0"}
    assert own["per_1000_3y"] > 0 and own["per_100_new_3y"] > 0
