"""Sections that lack their table for the municipality: the checks, the record, the front page.

Fast: hand-built frames and a hand-made report folder, no kernels. The whole reports for a
municipality outside the region and one with suppressed cells are in test_any_municipality.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.report.coverage import (
    OMISSION_DIR,
    Gap,
    Omission,
    Omissions,
    flows_gap,
    measure_gap,
    omission_file,
    read_omissions,
    region_gap,
    suppressed_gap,
)
from naering_analysis.report.index import render_index
from naering_analysis.report.keyfigures import omission_lines
from naering_analysis.report.suppressed import FILLED, fill_from_total, fill_sector, filled_note
from tests.report.test_index import key_figures

PROVENANCE = [{"table": "07984", "fetched_at": "2026-11-26T08:00:00Z"}]


def jobs(rows: list[tuple[str, str, int, float | None, str | None]]) -> pd.DataFrame:
    """Region, industry, year, jobs, status (13470-like, with names and provenance)."""
    frame = pd.DataFrame(rows, columns=["region_code", "industry_code", "year", "jobs", "status"])
    frame["industry_name"] = frame["industry_code"].map({"05-09": "Bergverk", "62": "IT"})
    frame.attrs["provenance"] = [{"table": "13470", "fetched_at": "2026-11-26T08:00:00Z"}]
    return frame


def test_region_gap_names_table_municipality_and_snapshot() -> None:
    frame = pd.DataFrame({"region_code": ["3105", "3105"], "year": [2030, 2031]})
    frame.attrs["provenance"] = PROVENANCE
    assert region_gap(frame, "07984", "3105") is None
    assert region_gap(frame, "07984", "3105", years=[2031]) is None
    gap = region_gap(frame, "07984", "4003")
    assert gap == Gap("07984", "4003", "region", "2026-11-26")
    text = Omission("01_data", "Bruddet", gap.reason(), gap.advice(), "07984").text()
    assert text == (
        "Denne delen er utelatt: tabell 07984 har ikke tall for Skien i øyeblikksbildet "
        "2026-11-26. Med ekte data for kommunen: `naering fetch --kommune 4003`."
    )
    later = region_gap(frame, "07984", "3105", years=[2031, 2032, 2033])
    assert later.reason() == (
        "tabell 07984 har ikke tall for Sarpsborg for 2032, 2033 i øyeblikksbildet 2026-11-26"
    )
    none = region_gap(None, "14746", "3105")
    assert none.kind == "table" and "naering fetch 14746" in none.advice()


def test_suppressed_gap_lists_industries_and_years_only_for_the_municipality() -> None:
    frame = jobs(
        [
            ("3124", "62", 2019, None, ":"),
            ("3124", "62", 2020, None, ":"),
            ("3124", "05-09", 2022, None, ":"),
            ("3124", "05-09", 2021, 3.0, None),
            ("3105", "62", 2019, None, ":"),
        ]
    )
    gap = suppressed_gap(frame, "13470", "3124")
    assert gap.kind == "suppressed" and gap.detail == "Bergverk 2022; IT 2019, 2020"
    assert "SSB har skjult tall for Aremark i tabell 13470" in gap.reason()
    assert "kan ikke hentes" in gap.advice()
    assert suppressed_gap(frame, "13470", "3124", years=[2021]) is None
    assert suppressed_gap(frame, "13470", "3110") is None


def test_measure_gap_names_the_suppressed_cell_behind_a_missing_measure() -> None:
    measures = pd.DataFrame({"region_code": ["3110", "3105"], "growth": [None, 1.0]})
    frame = jobs([("3110", "05-09", 2020, None, ":"), ("3110", "05-09", 2016, None, ":")])
    assert measure_gap(measures, "3105", "growth", frame, range(2020, 2026)) is None
    gap = measure_gap(measures, "3110", "growth", frame, range(2020, 2026))
    assert gap.kind == "suppressed" and gap.detail == "Bergverk 2020"
    assert measure_gap(measures, "3103", "growth", frame, [2020]).kind == "region"


def flows(pairs: dict[tuple[str, str], int], year: int = 2022) -> pd.DataFrame:
    frame = pd.DataFrame(
        [(h, w, year, n) for (h, w), n in pairs.items()],
        columns=["home_code", "work_code", "year", "persons"],
    )
    frame.attrs["provenance"] = [{"table": "03321", "fetched_at": "2023-09-29T08:26:29Z"}]
    return frame


def test_flows_gap_tells_a_whole_row_and_column_from_a_partial_one() -> None:
    # Fetched for 3105 and 3107: their rows and columns are whole; 4003 only meets them.
    codes = ["3105", "3107", "4003"]
    pairs = {(h, w): 1 for h in ("3105", "3107") for w in codes}
    pairs |= {("4003", "3105"): 2, ("4003", "3107"): 0}
    frame = flows(pairs)
    assert flows_gap(frame, "3105") is None
    gap = flows_gap(frame, "4003")
    assert gap.kind == "flows" and gap.detail == "Sarpsborg og Fredrikstad"
    assert "bare strømmene mellom Skien og Sarpsborg og Fredrikstad" in gap.reason()
    assert flows_gap(frame, "3103").kind == "region"


def test_omissions_show_record_atomically_and_clear_a_stale_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import IPython.display

    shown: list[str] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj.data))
    stale = omission_file(tmp_path, "08_befolkning")
    stale.parent.mkdir(parents=True)
    stale.write_text("[]")
    left_out = Omissions("08_befolkning", tmp_path)
    assert not stale.exists(), "a record from an earlier run into the same folder is removed"
    assert left_out.check("Alt er her", None) is True
    assert not stale.exists(), "nothing is written when nothing is left out"
    gap = Gap("14746", "4003", "region", "2026-11-26")
    assert left_out.check("Befolkningsframskrivingen", gap, gap) is False
    assert len(shown) == 1 and "Denne delen er utelatt: tabell 14746" in shown[0]
    assert "<code>naering fetch --kommune 4003</code>" in shown[0]
    assert left_out.check("Pendling", Gap("03321", "4003", "flows", "", "X"), partial=True) is False
    records = json.loads(stale.read_text("utf-8"))
    assert [r["section"] for r in records] == ["Befolkningsframskrivingen", "Pendling"]
    assert records[0]["reason"].count("14746") == 1, "the same gap twice is named once"
    assert [o.partial for o in read_omissions(tmp_path)] == [False, True]
    assert list((tmp_path / OMISSION_DIR).iterdir()) == [stale], "no temporary file left"


def test_index_lists_what_was_left_out_and_nothing_when_nothing_was(tmp_path: Path) -> None:
    (tmp_path / "nokkeltall.json").write_text(json.dumps(key_figures(True, None)))
    assert 'id="utelatt"' not in render_index(tmp_path)
    assert omission_lines([]) == []
    left_out = Omissions("10_nyetableringer", tmp_path)
    left_out.check("Opna konkurser", Gap("08551", "4003", "region", "2026-11-26"))
    page = render_index(tmp_path)
    assert '<section id="utelatt"><h2>Utelatt i denne rapporten</h2>' in page
    assert (
        "<strong>Opna konkurser</strong> er utelatt: tabell 08551 har ikke tall for Skien" in page
    )
    assert "<code>naering fetch --kommune 4003</code>" in page
    line = omission_lines(read_omissions(tmp_path))
    assert line == [
        "- **Utelatt i denne rapporten:** én del, fordi tabell 08551 mangler tall for kommunen "
        "(se forsiden, index.html)."
    ]


def parts(values: list[float | None], year: int = 2016) -> pd.DataFrame:
    codes = [f"p{n}" for n in range(len(values))]
    return pd.DataFrame(
        {
            "region_code": "R",
            "industry_code": codes,
            "industry_name": [c.upper() for c in codes],
            "year": year,
            "jobs": values,
        }
    )


def test_fill_from_total_fills_a_lone_missing_part_and_nothing_else() -> None:
    # 1219 in all; the shown parts hold 1000 + 215 = 1215, so the hidden part is 4.
    filled = fill_from_total(parts([1000.0, None, 215.0]), "R", pd.Series({2016: 1219}))
    assert filled["jobs"].tolist() == [1000.0, 4.0, 215.0]
    assert filled.attrs[FILLED] == [
        {"industry_code": "p1", "industry_name": "P1", "year": 2016, "jobs": 4.0, "exact": True}
    ]
    note = filled_note(filled, "Hvaler")
    assert "(P1 2016: 4)" in note and "eksakte" in note and "anslag" not in note
    two = fill_from_total(parts([1000.0, None, None]), "R", pd.Series({2016: 1219}), split=False)
    assert two["jobs"].isna().sum() == 2, "two missing parts: only their sum is known"
    other = fill_from_total(parts([1000.0, None]), "S", pd.Series({2016: 1219}))
    assert other["jobs"].isna().sum() == 1, "another municipality's cells are untouched"
    short = fill_from_total(parts([1000.0, None]), "R", pd.Series({2016: 900}))
    assert short["jobs"].isna().sum() == 1, "a total below the shown parts is not trusted"
    assert filled_note(short, "Hvaler") == ""


def test_two_missing_parts_share_the_rest_after_their_nearest_known_year() -> None:
    # 2017: p1 and p2 both hidden; SSB's total 130 less p0's 100 leaves 30 for the two.
    # Nearest known year is 2016 (2019 is farther): p1 = 10, p2 = 5, shares 2/3 and 1/3.
    # 2019: p1 alone hidden, so 111 - 100 - 5 = 6 exactly.
    frame = pd.concat(
        [
            parts([100.0, 10.0, 5.0], 2016),
            parts([100.0, None, None], 2017),
            parts([100.0, None, 5.0], 2019),
        ],
        ignore_index=True,
    )
    totals = pd.Series({2016: 115, 2017: 130, 2019: 111})
    filled = fill_from_total(frame, "R", totals)
    got = filled.set_index(["year", "industry_code"])["jobs"]
    assert got[(2019, "p1")] == 6, "a lone part: exact"
    assert (got[(2017, "p1")], got[(2017, "p2")]) == (20, 10)
    estimates = [c for c in filled.attrs[FILLED] if not c["exact"]]
    assert [(c["industry_code"], c["year"]) for c in estimates] == [("p1", 2017), ("p2", 2017)]
    assert "P1 2017: 20 (anslag)" in filled_note(filled, "Aremark")
    assert "Fordelingen er et anslag, totalen er eksakt." in filled_note(filled, "Aremark")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 5000), min_size=2, max_size=8),
    st.lists(st.booleans(), min_size=8, max_size=8),
)
def test_filled_parts_add_up_to_ssbs_total(values: list[int], hide: list[bool]) -> None:
    total = sum(values)
    shown = [None if h else float(v) for v, h in zip(values, hide, strict=False)]
    filled = fill_from_total(parts(shown), "R", pd.Series({2016: total}))
    assert filled["jobs"].sum() == total, "the parts add up to SSB's total again"
    assert filled["jobs"].notna().all()
    if sum(v is None for v in shown) == 1:
        assert filled["jobs"].tolist() == [float(v) for v in values], "one hidden: exact"


def test_fill_sector_follows_the_filled_13470_cell() -> None:
    employment = parts([4.0])
    employment.attrs[FILLED] = [
        {"industry_code": "p0", "industry_name": "P0", "year": 2016, "jobs": 4.0}
    ]
    sector = pd.DataFrame(
        {
            "region_code": "R",
            "sector_code": ["all", "private", "public"],
            "industry_code": "p0",
            "year": 2016,
            "jobs": [None, None, 0.0],
        }
    )
    assert fill_sector(sector, "R", employment)["jobs"].tolist() == [4.0, 4.0, 0.0]
    public_hidden = sector.assign(jobs=[None, 3.0, None])
    assert fill_sector(public_hidden, "R", employment)["jobs"].tolist() == [4.0, 3.0, 1.0]
    assert fill_sector(sector, "R", parts([4.0])) is sector, "nothing filled: unchanged"
