"""docs/metode.md states the focus-industry mapping that the package actually uses."""

from pathlib import Path

from naering_analysis.reference.industries import industry_name, load_focus_mapping

METODE = (Path(__file__).resolve().parents[1] / "docs" / "metode.md").read_text("utf-8")


def test_mapping_tables_match_the_yaml():
    mapping = load_focus_mapping()
    for bransje in mapping.bransjer:
        groups = ", ".join(f"{code} {industry_name(code)}" for code in bransje.groups)
        assert f"| {bransje.name} | {groups} |" in METODE, bransje.name
        parts = ", ".join(f"{p.code} {p.name}" for p in mapping.parts if p.bransje == bransje.name)
        assert f"| {bransje.name} | {parts} |" in METODE, bransje.name
    assert " ".join(str(mapping.changes).split()) in " ".join(METODE.split())


def test_every_method_and_analysis_is_documented():
    for word in (
        "naive",
        "trend",
        "structural",
        "ets",
        "pooled",
        "Esteban-Marquillas",
        "Lokaliseringskvotient",
        "Sannsynligheten for å nå målet",
        "Backtest",
        "private_by_bransje",
        "required_private_growth",
        "Ordliste: ett ord, én betydning",
    ):
        assert word in METODE, word
