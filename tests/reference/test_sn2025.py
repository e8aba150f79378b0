"""The SN2025 -> SN2007 crosswalk: hand-checked links, the join to a history, validation, provenance."""

from pathlib import Path

import pandas as pd
import pytest

from naering_analysis.errors import MappingError, UnknownCodeError
from naering_analysis.reference.industries import load_focus_mapping
from naering_analysis.reference.sn2025 import (
    SN2007_DIVISIONS,
    compare_with_klass,
    join_history,
    load_crosswalk,
)

CROSSWALK = load_crosswalk()
MAPPING = load_focus_mapping()
PACKAGE_CSV = Path(CROSSWALK.source)

# SSB's SN2025 divisions (statisticsnorway/stat-master-nace, mappings/map_div_to_sec at 842dc40):
# SN2007's minus 45, copied by hand so a change to the data file is caught here.
SN2025_DIVISIONS = tuple(
    f"{n:02d}" for n in range(1, 100) if n not in {4, 34, 40, 44, 45, 48, 54, 57, 67, 76, 83, 89}
)


def test_every_sn2025_division_once_and_no_45():
    assert len(SN2025_DIVISIONS) == 87
    assert CROSSWALK.sn2025_codes == (*SN2025_DIVISIONS, "zz5")
    with pytest.raises(UnknownCodeError, match="'45'"):
        CROSSWALK.group_of("45")


def test_every_sn2007_division_is_a_source():
    assert len(SN2007_DIVISIONS) == 89  # 88 divisions and 00 uoppgitt
    assert {r.sn2007_code for r in CROSSWALK.rows} == set(SN2007_DIVISIONS)


def test_finance_is_sn2025_l_and_sn2007_group_64_66():
    for code in ("64", "65", "66"):
        assert CROSSWALK.group_of(code) == "64-66"
        assert CROSSWALK.sn2007_of(code) == (code,)
        assert CROSSWALK.status_of(code) == "confirmed"
        assert CROSSWALK.bransje_of(code, MAPPING) == "Øvrige næringer"
    assert CROSSWALK.label("64") == "Finansieringsvirksomhet og kollektive investeringsfond"


def test_j_and_k_both_go_to_58_63():
    for code in ("58", "59", "60", "61", "62", "63"):
        assert CROSSWALK.group_of(code) == "58-63"
        assert CROSSWALK.moved_groups(code) == ()
        assert CROSSWALK.bransje_of(code, MAPPING) == (
            "Digitalisering og forretningsmessig tjenesteyting"
        )
    assert CROSSWALK.sn2007_of("60") == ("60", "63")  # news agencies were SN2007 63.91


def test_the_three_divisions_that_cross_groups():
    assert [(c, own, others) for c, own, others in CROSSWALK.breaks()] == [
        ("68", "68-75", ("41-43",)),  # development of building projects, SN2007 41.1
        ("85", "85", ("86-88",)),  # barnehager, SN2007 88.911
        ("95", "45-47", ("90-99",)),  # motor vehicle repair (main) with household repair
    ]
    assert CROSSWALK.sn2007_of("95") == ("45", "95")
    assert CROSSWALK.status_of("85") == "assumed"  # its main part is assumed
    assert CROSSWALK.group_of("41") == "41-43"
    assert CROSSWALK.group_of("46") == CROSSWALK.group_of("47") == "45-47"


def test_unknown_and_total_codes_name_the_code():
    assert CROSSWALK.group_of("zz5") == "00"
    with pytest.raises(UnknownCodeError, match=r"'_T'.*totalen _T skal fjernes"):
        CROSSWALK.group_of("_T")
    with pytest.raises(UnknownCodeError, match="'J'"):
        CROSSWALK.label("J")


def _frame(year, cells):
    return pd.DataFrame(
        {
            "region_code": "3105",
            "industry_code": list(cells),
            "year": year,
            "jobs": pd.array(list(cells.values()), dtype="Int64"),
        }
    )


def test_join_with_an_sn2007_history_gives_hand_computed_groups():
    history = _frame(2023, {"41-43": 90, "68-75": 40, "85": 180, "86-88": 140, "58-63": 12})
    history = pd.concat([history, _frame(2024, {"41-43": 95, "85": 190, "86-88": 150})])
    overlap = _frame(2024, {"41": 1, "85": 1})  # the overlap year keeps its SN2007 figures
    new = _frame(
        2025,
        {"41": 100, "68": 50, "85": 200, "88": 30, "62": 10, "61": 5, "95": 7, "47": 60, "zz5": 3},
    )
    joined = join_history(history, pd.concat([overlap, new]))

    y2025 = joined[joined["year"] == 2025].set_index("industry_code")["jobs"].to_dict()
    assert y2025 == {
        "41-43": 100,
        "45-47": 67,  # 47 retail + 95 repair (main part motor vehicle repair)
        "58-63": 15,  # 61 + 62: SN2025 K is still SN2007 J
        "68-75": 50,
        "85": 200,  # now with barnehager
        "86-88": 30,
        "00": 3,
    }
    assert list(joined.loc[joined["year"] == 2025, "industry_code"]) == [
        "41-43", "45-47", "58-63", "68-75", "85", "86-88", "00",
    ]  # fmt: skip
    assert set(joined.loc[joined["year"] < 2025, "standard"]) == {"SN2007"}
    assert set(joined.loc[joined["year"] == 2025, "standard"]) == {"SN2025"}
    assert joined.loc[joined["year"] == 2024, "jobs"].sum() == 95 + 190 + 150
    assert joined["jobs"].sum() == history["jobs"].sum() + new["jobs"].sum()


def test_a_suppressed_cell_makes_its_group_missing_not_smaller():
    new = _frame(2025, {"61": 5, "62": None, "64": 8})
    summed = CROSSWALK.to_sn2007_groups(new)
    assert summed["jobs"].isna().tolist() == [True, False]
    assert summed.loc[1, "jobs"] == 8


def test_a_total_row_in_the_data_is_refused_with_the_code():
    with pytest.raises(MappingError, match=r"'_T'.*totalen '_T' skal fjernes"):
        CROSSWALK.to_sn2007_groups(_frame(2025, {"_T": 10, "62": 5}))


def _bad(tmp_path, replace):
    text = PACKAGE_CSV.read_text("utf-8")
    for old, new in replace:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "bad.csv"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (
            [("\n62,", "\n6x,")],
            r"bad\.csv, rad \d+ \(SN2025-kode '6x'\): en SN2025-næring har to sifre",
        ),
        ([(",75,hele,", ",7A,hele,")], r"SN2025-kode '75'\): SN2007-koden '7A'"),
        ([(",64,hele,confirmed,", ",64,hele,sikker,")], r"SN2025-kode '64'\): status må være"),
        ([(",95,del,", ",45,del,")], r"SN2025 95: samme SN2007-næring står flere ganger"),
        ([(",68,hoveddel,", ",68,hele,")], r"SN2025 68: skal ha én rad med relation 'hele'"),
        (
            [(",75,hele,", ",74,hele,")],
            r"SN2007-næringer som ingen SN2025-næring kommer fra: \['75'\]",
        ),
    ],
)
def test_validation_errors_name_file_and_code(tmp_path, replace, message):
    with pytest.raises(MappingError, match=message) as info:
        load_crosswalk(_bad(tmp_path, replace))
    assert "bad.csv" in str(info.value)


def test_provenance_names_repository_path_and_commit():
    provenance = CROSSWALK.provenance
    klass = provenance.klass
    assert (klass.classification, klass.sn2007_version, klass.sn2025_version) == (6, 30, 3218)
    assert klass.correspondence == 2919
    assert provenance.checked_against_klass is False
    repos = {(s.repository, s.path) for s in provenance.sources}
    assert ("janbrus/pxwebapi-skills", "ssb-pxwebapi-v2-skill/references/klass-vardok.md") in repos
    assert ("statisticsnorway/stat-master-nace", "data/nace25_hierarki.csv") in repos
    assert all(len(s.commit) == 40 for s in provenance.sources)
    assert set(provenance.statuses) == {"confirmed", "assumed"}
    sections = {s.sn2025: s for s in provenance.sections}
    assert sections["L"].sn2007 == ("K",) and sections["L"].status == "confirmed"
    assert sections["K"].sn2007 == ("J",)
    assert {r.status for r in CROSSWALK.rows} == {"confirmed", "assumed"}


def test_provenance_without_sources_is_refused(tmp_path):
    path = tmp_path / "side.yaml"
    path.write_text("klass: {}\nsources: []\n", "utf-8")
    with pytest.raises(MappingError, match=r"side\.yaml er ugyldig"):
        load_crosswalk(provenance_path=path)


def test_break_sentence_says_what_changed_meaning():
    text = CROSSWALK.break_sentence(2025, MAPPING)
    assert text.startswith("Fra 2025 bygger næringstallene på SN2025")
    assert "SN2007 K finans er SN2025 L" in text
    assert "drift av barnehager, som i SN2007 lå i 86-88 Helse- og sosialtjenester" in text
    assert "drift av barnehager flytter fra «Helsebasert næring» til «Øvrige næringer»" in text
    assert "utvikling og salg av byggeprosjekter" in text
    # SN2025 68 joins SN2007 68 (real estate), which the two-digit mapping puts in "Øvrige"
    assert (
        "byggeprosjekter og boligbyggelag flytter fra «Bygg og anlegg» til «Øvrige næringer»"
        in text
    )


def test_sn2025_years_join_a_history_of_parts_by_hand():
    # SN2025 68 (main division SN2007 68) → part "68"; 62 → 58-63; 79 → part 79; 41 → 41-43.
    history = pd.DataFrame(
        {"region_code": "3105", "year": 2024, "industry_code": ["68", "58-63", "79", "41-43"],
         "jobs": [400, 800, 50, 2000]}
    )  # fmt: skip
    new = _frame(2025, {"68": 420, "62": 500, "63": 320, "79": 55, "41": 1200, "43": 900})
    joined = join_history(history, new, mapping=MAPPING)
    later = joined[joined["year"] == 2025].set_index("industry_code")["jobs"].to_dict()
    assert later == {"41-43": 2100, "58-63": 820, "68": 420, "79": 55}
    assert set(joined.loc[joined["year"] == 2025, "standard"]) == {"SN2025"}
    assert CROSSWALK.bransje_of("68", MAPPING) == "Øvrige næringer"
    assert CROSSWALK.part_of("69", MAPPING) == "69-75"


def test_compare_with_klass_cuts_five_digits_to_two():
    maps = [
        {"sourceCode": "62.100", "targetCode": "62.010"},
        {"sourceCode": "68.120", "targetCode": "41.101"},
        {"sourceCode": "85.100", "targetCode": "88.911"},
        {"sourceCode": "63.920", "targetCode": "58.190"},  # a link the file does not have
    ]
    result = compare_with_klass(CROSSWALK, maps)
    assert result["missing"] == [("63", "58")]
    assert {("62", "62"), ("68", "41"), ("85", "88")} <= set(result["agree"])
    assert ("01", "01") in result["extra"]
