import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.analysis.mapping_change import bransje_change, mapping_moves
from naering_analysis.reference.industries import load_focus_mapping

MAPPING = load_focus_mapping()
DIGITAL = "Digitalisering og forretningsmessig tjenesteyting"
TRADE = "Handel, reiseliv, opplevelser, idrett og kultur"
OTHER = "Øvrige næringer"


def frame(jobs: dict[str, int | None], region: str = "3105", year: int = 2024) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region_code": region,
            "year": year,
            "industry_code": list(jobs),
            "jobs": pd.array(list(jobs.values()), dtype="Int64"),
        }
    )


def test_moves_and_changes_by_hand():
    # 68 (400) leaves Digitalisering for Øvrige; 79 (50) goes to Handel/reiseliv; 45 (300) and
    # 94-99 (200) leave Handel/reiseliv for Øvrige. 69-75 and 46-47 stay where they were.
    data = frame({"68": 400, "69-75": 900, "79": 50, "77-78+80-82": 700, "45": 300,
                  "46-47": 2000, "94-99": 200, "90-93": 150, "84": 1000})  # fmt: skip
    moves = mapping_moves(data, "3105", 2024)
    assert moves["industry_code"].tolist() == ["45", "68", "79", "94-99"]
    assert moves.set_index("industry_code")["jobs"].to_dict() == {
        "45": 300, "68": 400, "79": 50, "94-99": 200,
    }  # fmt: skip
    assert moves.set_index("industry_code").loc["79", ["from_bransje", "to_bransje"]].tolist() == [
        DIGITAL, TRADE,
    ]  # fmt: skip
    change = bransje_change(data, "3105", 2024).set_index("bransje")
    # Digitalisering: 17 groups 400+900+50+700 = 2050; two digits 900+700 = 1600
    assert change.loc[DIGITAL].tolist() == [2050, 1600, -450]
    # Handel/reiseliv: 300+2000+200+150 = 2650 → 2000+150+50 = 2200
    assert change.loc[TRADE].tolist() == [2650, 2200, -450]
    # Øvrige: 1000 → 1000+400+300+200 = 1900
    assert change.loc[OTHER].tolist() == [1000, 1900, 900]


def test_a_17_group_frame_moves_nothing():
    data = frame({"68-75": 1300, "45-47": 2500, "90-99": 350})
    assert mapping_moves(data, "3105", 2024).empty
    assert (bransje_change(data, "3105", 2024)["change_jobs"].fillna(0) == 0).all()


def test_a_suppressed_part_stays_missing():
    moves = mapping_moves(frame({"68": None, "69-75": 900}), "3105", 2024)
    assert moves["jobs"].isna().all()


def test_other_regions_and_years_are_left_out():
    data = pd.concat(
        [frame({"68": 10}), frame({"68": 99}, region="3103"), frame({"68": 7}, year=2023)]
    )
    assert mapping_moves(data, "3105", 2024)["jobs"].tolist() == [10]


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from([p.code for p in MAPPING.parts]), st.integers(0, 50_000)))
def test_the_finer_mapping_only_moves_jobs(jobs):
    change = bransje_change(frame(jobs), "3105", 2024)
    assert change["change_jobs"].fillna(0).sum() == 0
    assert change["jobs_divisions"].fillna(0).sum() == sum(jobs.values())
    moved = mapping_moves(frame(jobs), "3105", 2024)
    out_of = moved.groupby("from_bransje")["jobs"].sum()
    into = moved.groupby("to_bransje")["jobs"].sum()
    net = into.reindex(change["bransje"], fill_value=0) - out_of.reindex(
        change["bransje"], fill_value=0
    )
    assert net.tolist() == change["change_jobs"].fillna(0).tolist()
