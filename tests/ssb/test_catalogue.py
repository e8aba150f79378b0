"""Tests for the SSB table catalogue (naering_analysis.ssb.catalogue and data/tables/*.yaml)."""

from __future__ import annotations

import doctest
import math
from importlib import resources
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from naering_analysis.errors import UnknownCodeError
from naering_analysis.reference.industries import SN2007_CODES, SN2007_DIVISION_CODES, industry_name
from naering_analysis.ssb import catalogue
from naering_analysis.ssb.catalogue import (
    CatalogueError,
    TableSpec,
    all_tables,
    county_municipalities,
    default_neighbours,
    load_table,
    municipality_code,
    table_ids,
)
from naering_analysis.ssb.query import Query
from tests.helpers import REPO

REGION_TABLES = [
    "01223", "07459", "07984", "08316", "08551", "11616", "11618", "13470", "13472", "14746"
]  # fmt: skip
FLOW_TABLES = ["03321"]  # two region dimensions (home, work) instead of Region
TABLES = sorted(REGION_TABLES + FLOW_TABLES)
SONDRE_OSTFOLD = ["K-3105", "K-3107", "K-3101", "K-3110", "K-3120"]
OTHER_OSTFOLD = ["K-3103", "K-3112", "K-3114", "K-3116", "K-3118", "K-3122", "K-3124"]


def raw_yaml(table: str) -> dict[str, Any]:
    text = (resources.files("naering_analysis") / "data" / "tables" / f"{table}.yaml").read_text()
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def test_catalogue_has_the_six_tables():
    assert table_ids() == TABLES
    assert [spec.id for spec in all_tables()] == TABLES


def test_unknown_table_names_the_known_ones():
    with pytest.raises(UnknownCodeError, match=r"99999.*13470"):
        load_table("99999")


@pytest.mark.parametrize("table", TABLES)
def test_time_is_never_hard_coded(table):
    tid = load_table(table).dimension("Tid")
    assert tid.role == "time"
    # 01223 is quarterly: top(48) is the last twelve years of quarters; 08316 starts in 2016.
    # 03321 starts with the a-ordning era (2015); 08551 is monthly: top(120) is ten years.
    allowed = (("*",), ("from(2008)",), ("top(48)",), ("from(2016)",), ("from(2015)",))
    assert tid.values in (*allowed, ("top(120)",))


@pytest.mark.parametrize("table", REGION_TABLES)
def test_default_query_has_one_part_per_region_level(table):
    query = load_table(table).query()
    municipality, county, country = query.parts
    assert [p.level for p in query.parts] == ["municipality", "county", "country"]
    spec = load_table(table).region_levels["municipality"]
    expected = SONDRE_OSTFOLD + (["K-3103"] if table == "11616" else [])
    if load_table(table).county_municipalities:  # 13470 and 13472: all of Østfold
        expected = SONDRE_OSTFOLD + OTHER_OSTFOLD
    expected = [code.replace("K-", spec.prefix) for code in expected]
    region = municipality.query.selection("Region")
    assert region is not None
    assert list(region.value_codes) == expected
    assert region.codelist == ("agg_KommSummerS" if table == "07984" else "agg_KommSummer")
    county_region = county.query.selection("Region")
    assert county_region is not None
    assert county_region.value_codes == ("F-31",)
    assert county_region.codelist == "agg_KommFylker"
    country_region = country.query.selection("Region")
    assert country_region is not None
    assert country_region.value_codes == ("0",)
    assert country_region.codelist == "vs_Landet"
    assert not hasattr(country_region, "output_values")  # removed from PxWebApi 2 in 2025
    for part in query.parts:  # every part selects the same non-region dimensions
        assert [dim for dim, _ in part.query.selections] == load_table(table).ids


def test_to_params_is_the_exact_get_selection():
    part = load_table("07459").query().part("county")
    assert part.to_params() == [
        ("valueCodes[Region]", "F-31"),
        ("codelist[Region]", "agg_KommFylker"),
        ("valueCodes[ContentsCode]", "Personer1"),
        ("valueCodes[Tid]", "from(2008)"),
    ]
    assert part.url() == (
        "https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?lang=no&outputFormat=json-stat2"
        "&valueCodes[Region]=F-31&codelist[Region]=agg_KommFylker"
        "&valueCodes[ContentsCode]=Personer1&valueCodes[Tid]=from(2008)"
    )


def test_plus_signs_in_sector_codes_are_percent_encoded():
    url = load_table("13472").query().part("country").url()
    assert "valueCodes[Sektor]=ALLE,A%2BB%2BD%2BE.0-1%2B9,A%2BB%2BD%2BE.5-7,6100," in url
    assert len(url) < 2100  # SSB answers 404 to longer GET URLs


def test_07984_has_the_17_sn2007_groups_with_package_names():
    nace = load_table("07984").dimension("NACE2007")
    assert list(nace.values) == list(SN2007_CODES)
    assert nace.categories == {code: industry_name(code) for code in SN2007_CODES}


@pytest.mark.parametrize("table", ["13470", "13472"])
def test_workplace_tables_ask_for_two_digit_codes_without_a_codelist(table):
    nace = load_table(table).dimension("NACE2007")
    assert nace.values == ("00-99", *SN2007_DIVISION_CODES)
    assert nace.codelist is None and nace.totals == ()
    assert nace.categories["00-99"] == "Alle næringer"
    assert nace.categories["68"] == "Omsetning og drift av fast eiendom"
    text = (REPO / f"src/naering_analysis/data/tables/{table}.yaml").read_text("utf-8")
    assert "output_values" not in text and "outputValues[" not in text
    assert "agg_NACE2007arb11" not in text


def test_the_national_panel_at_two_digits_is_split_under_800_000_cells():
    """13472 for every municipality: 357 × 6 sectors × 90 codes × 11 years is 2.1 million cells."""
    from naering_analysis.reference.division import current_division
    from naering_analysis.ssb.cells import Extent, cell_count, split_query

    spec = load_table("13472")
    part = spec.query(kommune="3105", all_municipalities=True).part("municipality")
    years = tuple(str(y) for y in range(2015, 2026))
    codes = {
        "Region": tuple(f"K-{c}" for c in current_division().codes),
        "Sektor": spec.dimension("Sektor").values,
        "NACE2007": spec.dimension("NACE2007").values,
        "ContentsCode": ("SysselEtterArbste",),
        "Tid": years,
    }
    extents = {d: Extent(len(c), c, d == "Tid") for d, c in codes.items()}
    assert cell_count(extents) == 357 * 6 * 90 * 11 == 2_120_580
    pieces = split_query(part.query, extents, 800_000, "13472")
    sizes = [math.prod(len(sel.value_codes) for _, sel in piece.selections) for piece in pieces]
    assert len(pieces) == 3 and sum(sizes) == 2_120_580  # cut by year: 4 + 4 + 3 years
    assert max(sizes) <= 800_000


def test_07984_names_its_own_codelist_with_dotted_codes():
    part = load_table("07984").query().part("municipality")
    region = part.query.selection("Region")
    assert region is not None
    assert region.codelist == "agg_KommSummerS"
    assert region.value_codes[0] == "K.3105"


@pytest.mark.parametrize("table", TABLES)
def test_every_table_says_what_is_confirmed_and_what_is_assumed(table):
    spec = load_table(table)
    assert spec.confirmed and spec.assumed
    assert any("@" in fact for fact in spec.confirmed)  # a repository file at a commit


def test_sector_groups_partition_the_sectors():
    spec = load_table("13472")
    groups = spec.category_groups["Sektor"]
    assert groups["all"] == ("ALLE",)
    assert groups["private"] == ("A+B+D+E.0-1+9",)
    assert set(groups["public"]) == {"A+B+D+E.5-7", "6100", "6500.6", "6500.7"}


def test_response_labels_follow_ssb():
    # PxWebApi 2 leaves the metric dimension out of a response's label
    assert load_table("13472").response_label == (
        "13472: Sysselsatte per 4. kvartal, etter region, sektor, næring (SN2007) og år"
    )
    assert load_table("07459").response_label == "07459: Befolkning, etter region og år"


def test_07984_declares_its_break():
    spec = load_table("07984")
    assert spec.break_after == "2014"
    assert "a-ordningen" in spec.category_notes["Tid"]["2015"][0]


def test_other_municipalities_and_old_codes_work():
    fredrikstad = load_table("07459").query(kommune="3107")
    region = fredrikstad.parts[0].query.selection("Region")
    assert region is not None
    assert list(region.value_codes) == ["K-3107", "K-3105", "K-3101", "K-3110", "K-3120"]
    bergen = load_table("13470").query(kommune="4601", neighbours=[])
    region = bergen.parts[0].query.selection("Region")
    assert region is not None and region.value_codes[0] == "K-4601"
    assert len(region.value_codes) == 43  # every municipality of Vestland
    assert load_table("13470").query(kommune="3003").kommune == "3105"  # Sarpsborg 2020-2023
    assert municipality_code("K-3105") == "3105"
    assert default_neighbours("4601") == []


@pytest.mark.parametrize("code", ["31a5", "310", "31050", "", "F-31"])
def test_malformed_municipality_codes_are_rejected(code):
    with pytest.raises(UnknownCodeError, match="fire sifre"):
        load_table("13470").query(kommune=code)


def test_unknown_municipality_and_bad_neighbour_are_rejected():
    with pytest.raises(UnknownCodeError, match="9999"):
        load_table("13470").query(kommune="9999")
    with pytest.raises(UnknownCodeError, match="neighbours"):
        load_table("13470").query(neighbours=["3107", "31x7"])
    with pytest.raises(UnknownCodeError, match="fire sifre"):
        municipality_code(3105)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["dimensions"][-1].update(values=["2015", "2016"]), "aldri faste årstall"),
        (lambda d: d["dimensions"][0].update(values=["K-3105"]), "region_levels"),
        (lambda d: d["dimensions"][1]["categories"].pop("00"), "etikett mangler"),
        (lambda d: d.update(surprise=1), "Extra inputs"),
        (lambda d: d["region_levels"]["county"]["labels"].clear(), "etikett mangler"),
        (lambda d: d["dimensions"].pop(0), "Region"),
        (lambda d: d["region_levels"].pop("municipality"), "municipality"),
        (lambda d: d.update(industry_standard="SN2010"), "industry_standard"),
        (lambda d: d.update(industry_standard="SN2025"), "NACE2007 hører til SN2007"),
        (lambda d: d.update(industry_standard=None), "NACE2007 hører til SN2007"),
    ],
)
def test_malformed_table_files_fail_loudly(change, message):
    data = raw_yaml("13470")
    change(data)
    with pytest.raises(ValidationError, match=message):
        TableSpec.model_validate(data)


def test_category_groups_must_cover_each_code_once():
    data = raw_yaml("13472")
    data["category_groups"]["Sektor"]["public"].remove("6100")
    with pytest.raises(ValidationError, match="nøyaktig én gang"):
        TableSpec.model_validate(data)


def test_load_table_wraps_validation_errors(monkeypatch):
    broken = raw_yaml("13470")
    broken["unit"] = None
    monkeypatch.setattr(catalogue, "load_yaml", lambda _text: broken)
    catalogue._load_table.cache_clear()
    try:
        with pytest.raises(CatalogueError, match=r"13470\.yaml er ugyldig"):
            catalogue.load_table("13470")
    finally:
        catalogue._load_table.cache_clear()


NEIGHBOUR_CODES = ["3101", "3103", "3107", "3110", "3112", "3118", "3120", "3122", "3124"]


@settings(max_examples=40, deadline=None)
@given(
    kommune=st.sampled_from(["3105", "4601", "0301", "5001", "3107"]),
    neighbours=st.lists(st.sampled_from(NEIGHBOUR_CODES), max_size=6),
    table=st.sampled_from(REGION_TABLES),
)
def test_municipality_part_lists_kommune_first_then_distinct_neighbours(kommune, neighbours, table):
    spec = load_table(table)
    query = spec.query(kommune=kommune, neighbours=neighbours)
    region = query.parts[0].query.selection("Region")
    assert region is not None
    county = county_municipalities(kommune) if spec.county_municipalities else []
    expected = list(dict.fromkeys([kommune, *neighbours, *spec.extra_municipalities, *county]))
    prefix = spec.region_levels["municipality"].prefix
    assert list(region.value_codes) == [f"{prefix}{code}" for code in expected]
    for part in query.parts:  # the provenance form rebuilds the same request
        rebuilt = Query.from_dict(part.as_dict()["selection"])
        assert rebuilt.get_params("no") == part.query.get_params("no")


@pytest.mark.parametrize("table", ["13470", "13472"])
def test_employment_tables_ask_for_the_whole_county_in_one_request(table):
    spec = load_table(table)
    assert spec.county_municipalities
    part = spec.query(kommune="3105").part("municipality")
    codes = part.query.selection("Region").value_codes  # type: ignore[union-attr]
    assert sorted(codes) == sorted(SONDRE_OSTFOLD + OTHER_OSTFOLD)
    others = 1
    for dim in spec.dimensions:
        if dim.id not in ("Region", "Tid"):
            others *= len(dim.values)
    assert len(codes) * others * 12 < 800_000  # one request even with a dozen years more


def test_county_municipalities_come_from_todays_division():
    assert county_municipalities("3105") == [
        c.removeprefix("K-") for c in sorted(SONDRE_OSTFOLD + OTHER_OSTFOLD)
    ]
    assert len(county_municipalities("4601")) == 43  # Vestland


def test_alle_kommuner_asks_national_tables_for_every_municipality():
    # Every table but the flows (03321), so a report can be made for any municipality (issue 22)
    national = [table for table in table_ids() if load_table(table).national_panel]
    assert national == [table for table in table_ids() if table != "03321"]
    for table in national:
        query = load_table(table).query(kommune="3105", all_municipalities=True)
        region = query.part("municipality").query.selection("Region")
        prefix = load_table(table).region_levels["municipality"].prefix
        assert region is not None and len(region.value_codes) == 357
        assert region.value_codes[0] == f"{prefix}3105"  # the analysed municipality first
    plain = load_table("07984").query(kommune="3105")
    region = plain.part("municipality").query.selection("Region")
    assert region is not None and len(region.value_codes) == 5  # without --alle-kommuner


def test_docstring_examples():
    assert doctest.testmod(catalogue).failed == 0


def test_every_table_file_declares_its_industry_standard():
    """SN2007 for the tables with NACE2007, null (no industries) for the others (issue 19.4)."""
    declared = {}
    for table_id in table_ids():
        raw = raw_yaml(table_id)
        assert "industry_standard" in raw, f"{table_id}.yaml mangler industry_standard"
        declared[table_id] = load_table(table_id).industry_standard
    assert declared == {
        "01223": None,
        "03321": None,
        "07459": None,
        "07984": "SN2007",
        "08316": "SN2007",
        "08551": "SN2007",
        "11616": None,
        "11618": None,
        "13470": "SN2007",
        "13472": "SN2007",
        "14746": None,
    }


# --- the flow table 03321: two region dimensions, two query parts ----------------------------


def test_flow_query_is_two_parts_with_the_region_at_one_end_and_everyone_at_the_other():
    spec = load_table("03321")
    assert spec.geo_dimensions == ("Bokommuen", "ArbstedKomm")
    query = spec.query(kommune="3105")
    assert [p.level for p in query.parts] == ["home_region", "work_region"]
    home, work = query.parts
    everyone = home.query.selection("ArbstedKomm")
    assert home.query.selection("Bokommuen").value_codes == tuple(SONDRE_OSTFOLD)  # type: ignore[union-attr]
    assert everyone is not None and len(everyone.value_codes) == 357
    assert set(SONDRE_OSTFOLD) <= set(everyone.value_codes)
    assert work.query.selection("ArbstedKomm").value_codes == tuple(SONDRE_OSTFOLD)  # type: ignore[union-attr]
    assert work.query.selection("Bokommuen").value_codes == everyone.value_codes  # type: ignore[union-attr]
    for part in query.parts:
        for dim in spec.geo_dimensions:
            assert part.query.selection(dim).codelist == "agg_KommSummer"  # type: ignore[union-attr]
        assert [dim for dim, _ in part.query.selections] == spec.ids
        rebuilt = Query.from_dict(part.as_dict()["selection"])
        assert rebuilt.get_params("no") == part.query.get_params("no")


def test_flow_query_cells_from_2015_are_far_below_ssbs_limit():
    # 5 region municipalities × 357 × 1 content × 11 years (2015–2025), per part
    query = load_table("03321").query(kommune="3105")
    years = 11
    cells = 0
    for part in query.parts:
        sizes = [len(sel.value_codes) for dim, sel in part.query.selections if dim != "Tid"]
        cells += math.prod(sizes) * years
    assert cells == 2 * 5 * 357 * 11 == 39_270
    assert cells < 800_000


def test_flow_query_follows_the_kommune_and_its_neighbours():
    query = load_table("03321").query(kommune="3107", neighbours=["3105"])
    assert query.parts[0].query.selection("Bokommuen").value_codes == ("K-3107", "K-3105")  # type: ignore[union-attr]
    assert query.parts[1].query.selection("ArbstedKomm").value_codes == ("K-3107", "K-3105")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"flow_dimensions": None}, "Region med rolle geo mangler"),
        ({"flow_dimensions": {"home": "Bokommuen", "work": "Bokommuen"}}, "to ulike dimensjoner"),
        ({"flow_dimensions": {"home": "Bokommuen", "work": "Arbsted"}}, "Arbsted med rolle geo"),
        (
            {"region_levels": {"municipality": {"codelist": "agg_KommSummer", "prefix": "K-"},
                               "county": {"codelist": "agg_KommFylker", "values": ["F-31"],
                                          "labels": {"F-31": "Østfold"}}}},
            "bare region_levels.municipality",
        ),
    ],
)  # fmt: skip
def test_a_malformed_flow_table_is_refused_with_a_norwegian_reason(change, said):
    raw = raw_yaml("03321") | change
    with pytest.raises(ValidationError, match=said):
        TableSpec.model_validate(raw)
