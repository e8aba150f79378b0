from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.errors import MappingError, UnknownCodeError
from naering_analysis.reference.regions import (
    harmonise_code,
    harmonise_series,
    load_code_history,
    region_groups,
    region_level,
    region_name,
)

OSTFOLD_2024 = {
    "3101": "Halden", "3103": "Moss", "3105": "Sarpsborg", "3107": "Fredrikstad", "3110": "Hvaler",
    "3112": "Råde", "3114": "Våler (Østfold)", "3116": "Skiptvet", "3118": "Indre Østfold",
    "3120": "Rakkestad", "3122": "Marker", "3124": "Aremark",
}  # fmt: skip
HISTORY = load_code_history()


@pytest.mark.parametrize(
    ("code", "current"),
    [
        # DOMAIN.md
        ("0105", "3105"), ("3003", "3105"), ("3105", "3105"), ("K-3105", "3105"),
        ("0101", "3101"), ("3001", "3101"), ("0106", "3107"), ("3004", "3107"),
        ("0111", "3110"), ("3011", "3110"), ("0135", "3112"), ("3017", "3112"),
        ("0128", "3120"), ("3016", "3120"), ("0104", "3103"), ("3002", "3103"),
        # rest of Østfold
        ("0136", "3103"), ("0118", "3124"), ("3012", "3124"), ("0119", "3122"), ("3013", "3122"),
        ("0122", "3118"), ("0123", "3118"), ("0124", "3118"), ("0125", "3118"), ("0138", "3118"),
        ("3014", "3118"), ("0127", "3116"), ("3015", "3116"), ("0137", "3114"), ("3018", "3114"),
        ("0121", "3226"), ("3026", "3226"),
        # counties and Norway
        ("01", "31"), ("31", "31"), ("F-31", "31"), ("F-01", "31"), ("0", "0"), (" 3003 ", "3105"),
    ],
)  # fmt: skip
def test_harmonise_known_codes(code, current):
    assert harmonise_code(code) == current


def test_every_ostfold_code_ends_in_the_twelve_2024_municipalities():
    ostfold_old = [
        c for c in HISTORY.municipalities if c.startswith(("01", "30", "31")) and c != "3026"
    ]
    targets = {harmonise_code(c) for c in ostfold_old} - {"3226"}
    assert targets == set(OSTFOLD_2024)
    assert {c: region_name(c) for c in OSTFOLD_2024} == OSTFOLD_2024
    assert (
        len([c for c in HISTORY.municipalities if c.startswith("01")]) == 18
    )  # all of 2019 Østfold


def test_names_follow_the_current_code():
    assert region_name("0105") == "Sarpsborg"
    assert region_name("K-3014") == "Indre Østfold"
    assert region_name("0138") == "Indre Østfold"  # Hobøl's series belongs to Indre Østfold
    assert region_name("0") == "Hele landet"
    assert region_name("01") == "Østfold"


def test_viken_cannot_be_harmonised():
    with pytest.raises(UnknownCodeError) as info:
        harmonise_code("30")
    text = str(info.value)
    assert "'30'" in text and "Viken" in text and "agg_KommSummer" in text
    with pytest.raises(UnknownCodeError, match="Viken"):
        harmonise_code("F-30")


def test_split_municipality_cannot_be_harmonised():
    with pytest.raises(UnknownCodeError, match="Haram"):
        harmonise_code("1507")


@pytest.mark.parametrize(
    "code", ["12345", "x", "", "105", "K-31", "F-3105", "K3105", "k-3105", "9", "99"]
)
def test_malformed_or_unknown_codes(code):
    with pytest.raises(UnknownCodeError) as info:
        harmonise_code(code)
    assert repr(code) in str(info.value)


def test_unknown_retired_code_points_to_the_csv():
    # 0102 is not a municipality; 5401 (Tromsø 2020–2023) and 1201 (Bergen to 2019) are retired
    for code in ["0102", "5401", "1201", "3033"]:
        with pytest.raises(UnknownCodeError) as info:
            harmonise_code(code)
        assert "municipalities.csv" in str(info.value) and code in str(info.value)


def test_current_codes_outside_the_csv_pass_through():
    for code in ["0301", "1103", "4601", "5001", "K-4601", "3301"]:
        assert harmonise_code(code) == code.removeprefix("K-")
    # A current municipality outside the code history is named from today's national list.
    assert region_name("4601") == "Bergen" and region_name("4003", default="x") == "Skien"
    with pytest.raises(UnknownCodeError, match="default"):
        region_name("4601", history=load_code_history())  # the history alone has no name
    with pytest.raises(UnknownCodeError, match="Viken"):
        region_name("30", default="Viken")  # a default never hides an unharmonisable code


def test_non_string_code_explains_leading_zeros():
    with pytest.raises(UnknownCodeError, match="ledende nuller"):
        harmonise_code(105)  # type: ignore[arg-type]


def test_year_must_be_within_validity_for_plain_codes():
    assert harmonise_code("3003", 2020) == "3105"
    assert harmonise_code("3003", 2023) == "3105"
    assert harmonise_code("0105", 2008) == "3105"
    assert harmonise_code("K-3105", 2015) == "3105"  # summed codelist: valid every year
    assert harmonise_code("4601", 1990) == "4601"  # validity unknown outside the CSV
    for code, year in [
        ("3003", 2019),
        ("3003", 2024),
        ("0105", 2020),
        ("3105", 2023),
        ("31", 2019),
    ]:
        with pytest.raises(UnknownCodeError, match=f"gjaldt ikke i {year}"):
            harmonise_code(code, year)


def test_region_level():
    assert [region_level(c) for c in ["3105", "31", "0"]] == ["municipality", "county", "country"]


def test_harmonise_series_maps_and_keeps_index():
    frame = pd.DataFrame(
        {"region_code": ["K-3105", "0105", "3003", "0", "01"]}, index=[5, 6, 7, 8, 9]
    )
    result = harmonise_series(frame)
    assert result.tolist() == ["3105", "3105", "3105", "0", "31"]
    assert result.index.tolist() == [5, 6, 7, 8, 9]
    assert result.name == "region_code"
    assert frame["region_code"].tolist()[0] == "K-3105"  # input untouched


def test_harmonise_series_lists_every_unknown_code():
    frame = pd.DataFrame({"kode": ["3105", "30", "9999", "30", "abc", None]})
    with pytest.raises(UnknownCodeError) as info:
        harmonise_series(frame, column="kode")
    text = str(info.value)
    assert text.startswith("4 regionkode(r) i kolonnen 'kode'")
    for code in ["'30'", "'9999'", "'abc'", "None"]:
        assert code in text
    assert "'3105'" not in text.split(":")[0]


def test_harmonise_series_checks_years_when_asked():
    frame = pd.DataFrame({"region_code": ["0105", "3003", "3105"], "year": [2019, 2020, 2024]})
    assert harmonise_series(frame, year_column="year").tolist() == ["3105"] * 3
    bad = pd.DataFrame({"region_code": ["3003", "3003"], "year": [2018, 2021]})
    with pytest.raises(UnknownCodeError, match="gjaldt ikke i 2018"):
        harmonise_series(bad, year_column="year")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(HISTORY.municipalities)), st.booleans())
def test_harmonise_is_idempotent_and_prefix_invariant(code, prefixed):
    record = HISTORY.municipalities[code]
    if record.current_code is None:
        return
    current = harmonise_code(f"K-{code}" if prefixed else code)
    assert harmonise_code(current) == current
    assert current == harmonise_code(code)
    assert HISTORY.municipalities[current].valid_to is None


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(
        ["03", "11", "15", "18", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56"]
    ),
    st.integers(0, 99),
)
def test_unlisted_codes_in_current_counties_pass_through(prefix, number):
    code = f"{prefix}{number:02d}"
    if code in HISTORY.municipalities:
        return
    assert harmonise_code(code) == code


# --- code-history validation -------------------------------------------------------------------

HEADER = "code,name,valid_from,valid_to,current_code,note\n"


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text("# comment\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (HEADER + "3105,Sarpsborg,2024,,3105,\n3105,Sarpsborg,2024,,3105,\n", "to ganger"),
        (HEADER + "0105,Sarpsborg,,2019,3105,\n", "peker til 3105"),
        (HEADER + "0105,Sarpsborg,,2019,3003,\n3003,Sarpsborg,2020,2023,3105,\n3105,S,2024,,3105,\n", "peker til 3003"),
        (HEADER + "3105,Sarpsborg,2025,2024,3105,\n", "etter valid_to"),
        (HEADER + "3105,Sarpsborg,2024,,3107,\n", "current_code = code"),
        (HEADER + "310,Sarpsborg,2024,,310,\n", "4 sifre"),
        (HEADER + "3105,Sarpsborg,to tusen,,3105,\n", "heltall"),
        (HEADER + "3105,,2024,,3105,\n", "navn mangler"),
        ("code,name,current_code\n3105,Sarpsborg,3105\n", "kolonnene"),
    ],
)  # fmt: skip
def test_bad_code_history_files_fail_loudly(tmp_path, body, message):
    path = write(tmp_path, "m.csv", body)
    with pytest.raises(MappingError, match=message) as info:
        load_code_history(municipalities=path)
    assert "m.csv" in str(info.value)


def test_custom_history_is_used(tmp_path):
    path = write(
        tmp_path, "m.csv", HEADER + "0105,Sarpsborg,,2019,3105,\n3105,Sarpsborg,2024,,3105,\n"
    )
    history = load_code_history(municipalities=path)
    assert harmonise_code("0105", history=history) == "3105"
    with pytest.raises(UnknownCodeError, match=r"m\.csv"):
        harmonise_code("3003", history=history)  # prefix 30 is not a current county


# --- region groups -----------------------------------------------------------------------------


def test_default_region_groups():
    groups = region_groups()
    assert list(groups) == ["Sarpsborg", "Søndre Østfold", "Østfold", "Norge"]
    assert groups["Sarpsborg"].codes == ("3105",)
    assert groups["Søndre Østfold"].codes == ("3105", "3107", "3101", "3110", "3120")
    assert "antakelse" in groups["Søndre Østfold"].description
    assert groups["Østfold"].codes == ("31",)
    assert groups["Norge"].codes == ("0",)
    with pytest.raises(Exception, match="frozen"):
        groups["Norge"].name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ('groups:\n  - {name: A, codes: ["3003"]}\n', "gammel kode; skriv dagens kode '3105'"),
        ('groups:\n  - {name: A, codes: ["30"]}\n', "Viken"),
        ('groups:\n  - {name: A, codes: ["3105", "31"]}\n', "blander nivåer"),
        ('groups:\n  - {name: A, codes: ["3105", "3105"]}\n', "flere ganger"),
        ('groups:\n  - {name: A, codes: ["3105"]}\n  - {name: A, codes: ["31"]}\n', "to ganger"),
        ('groups:\n  - {name: A, codes: [3105]}\n', "anførselstegn"),
        ('groups:\n  - {name: A, kodes: ["3105"]}\n', "kodes"),
        ('groups:\n  - {name: A, codes: []}\n', "codes"),
        ("groups: [\n", "ugyldig"),
    ],
)  # fmt: skip
def test_bad_region_groups_fail_loudly(tmp_path, yaml_text, message):
    path = tmp_path / "groups.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(MappingError, match=message) as info:
        region_groups(path)
    assert "groups.yaml" in str(info.value)


def test_region_groups_accept_current_codes_outside_the_csv(tmp_path):
    path = tmp_path / "groups.yaml"
    path.write_text(
        'groups:\n  - {name: Vest, codes: ["4601", "1103"], description: x}\n', encoding="utf-8"
    )
    assert region_groups(path)["Vest"].codes == ("4601", "1103")
