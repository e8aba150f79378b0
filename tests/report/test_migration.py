"""Where people live in the report: the demo's components, figures, table and key figures."""

from __future__ import annotations

from naering_analysis.analysis.migration import components
from naering_analysis.datasets.migration import migration
from naering_analysis.report import migration as report_migration
from naering_analysis.report.keyfigures import migration_summary_lines


def test_demo_components_add_up_exactly_for_every_region() -> None:
    parts = components(migration())
    assert parts["region_code"].nunique() == 359  # 357 municipalities, Østfold and Norway
    assert (parts["residual"] == 0).all()
    norway = parts.loc[parts["region_code"] == "0"]
    assert (norway["net_domestic"] == 0).all()
    municipal = parts.loc[parts["region_code"].str.len() == 4]
    assert (municipal.groupby("year")["net_domestic"].sum() == 0).all()


def test_key_figures_rank_living_attractiveness_in_the_peer_groups() -> None:
    figures = report_migration.migration_key_figures("3105")
    assert figures["synthetic"] is True
    period = figures["periods"]["2017–2022"]
    ranks = period["measures"]["living_attractiveness"]["ranks"]
    assert set(ranks) >= {"Fylket", "Hele landet"}
    # 356 of the 357: Aremark's suppressed 13470 divisions (2019–2023) leave its structural
    # growth, and so its measure, unknown; a municipality without a value is not ranked.
    assert ranks["Hele landet"]["of"] == 356
    fit = period["expected_migration"]
    assert fit["municipalities"] == 356 and (fit["start"], fit["end"]) == (2017, 2022)
    row = figures["by_year"]["2022"]
    parts = row["natural_change"] + row["net_international"] + row["net_domestic"]
    assert parts == row["population_change"]
    lines = migration_summary_lines(figures)
    assert lines[0].startswith("- **Bosetting:** Sarpsborgs netto innenlandske flytting 2017–2022")
    assert all(line.endswith("*(illustrasjonsdata)*") for line in lines)  # 01223 is the demo's


def test_council_figures_and_table_say_they_are_synthetic() -> None:
    class Inputs:
        kommune = "3105"

    components_figure = report_migration.fig_befolkningsendringer(Inputs())  # type: ignore[arg-type]
    rank_figure = report_migration.fig_bostedsattraktivitet(Inputs())  # type: ignore[arg-type]
    for figure in (components_figure, rank_figure):
        assert figure.synthetic
    assert list(components_figure.data.columns)[:4] == [
        "year", "Fødselsoverskudd", "Nettoinnvandring", "Netto innenlandsk flytting",
    ]  # fmt: skip
    table = report_migration.table_bostedsattraktivitet(Inputs())  # type: ignore[arg-type]
    assert table.frame.iloc[0]["Rangering, bostedsattraktivitet"] == 1
    assert "Sarpsborg" in set(table.frame["Kommune"])
