"""Tests for PxWebApi 2 queries, selection expansion, cell counting and splitting."""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.errors import SSBFormatError, SSBQueryError
from naering_analysis.ssb.cells import (
    Extent,
    cell_count,
    codelist_values,
    dimension_extents,
    expand_selection,
    is_explicit,
    metadata_dimensions,
    split_query,
)
from naering_analysis.ssb.query import Query, Selection, encode_params
from tests.helpers import FIXTURES as SSB_ROOT

FIXTURES = SSB_ROOT / "ssb"
META = json.loads((FIXTURES / "metadata_13470.json").read_text(encoding="utf-8"))
KOMM = json.loads((FIXTURES / "codelist_agg_KommSummer.json").read_text(encoding="utf-8"))
YEARS = ["2019", "2020", "2021", "2022", "2023"]
GROUPS = ["01-03", "05-09", "10-33", "41-43"]


# --- the query model -----------------------------------------------------------------------


def test_query_from_dict_forms_and_round_trip() -> None:
    query = Query.from_dict(
        {
            "Region": {"valueCodes": ["K-3105"], "codeList": "agg_KommSummer"},
            "Sektor": "ALLE, A+B+D+E.0-1+9",
            "Tid": ["top(3)"],
        }
    )
    assert query.to_dict() == {
        "Region": {"valueCodes": ["K-3105"], "codelist": "agg_KommSummer"},
        "Sektor": {"valueCodes": ["ALLE", "A+B+D+E.0-1+9"]},
        "Tid": {"valueCodes": ["top(3)"]},
    }
    assert Query.from_dict(query.to_dict()) == query
    assert query.selection("Kjonn") is None


def test_get_params_and_post_body() -> None:
    query = Query.from_dict(
        {
            "Region": {"valueCodes": ["K-3105", "K-3107"], "codelist": "agg_KommSummer"},
            "Tid": "from(2015)",
        }
    )
    assert query.get_params("no") == [
        ("lang", "no"),
        ("outputFormat", "json-stat2"),
        ("valueCodes[Region]", "K-3105,K-3107"),
        ("codelist[Region]", "agg_KommSummer"),
        ("valueCodes[Tid]", "from(2015)"),
    ]
    # PxApiSpecs "Fixed casing for codelist": the POST key is `codelist`, and no outputValues
    assert query.post_body() == {
        "selection": [
            {
                "variableCode": "Region",
                "codelist": "agg_KommSummer",
                "valueCodes": ["K-3105", "K-3107"],
            },
            {"variableCode": "Tid", "valueCodes": ["from(2015)"]},
        ]
    }


def test_output_values_is_refused_with_a_reason() -> None:
    with pytest.raises(SSBQueryError, match="fjernet i februar 2025"):
        Query.from_dict(
            {"Region": {"valueCodes": ["K-3105"], "codelist": "x", "outputValues": "single"}}
        )


def test_repeated_codes_are_sent_once() -> None:
    # SSB answers a repeated value code with HTTP 500 and an empty body
    query = Query.from_dict({"Region": ["3105", "3107", "3105"], "Tid": "2023,2023"})
    assert query.get_params("no")[2:] == [
        ("valueCodes[Region]", "3105,3107"),
        ("valueCodes[Tid]", "2023"),
    ]
    assert query.post_body()["selection"][0]["valueCodes"] == ["3105", "3107"]


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("range(2020,2022)", "[range(2020,2022)]"),
        ("[range(2020,2022)]", "[range(2020,2022)]"),
        ("2019,[range(2020,2022)]", "2019,[range(2020,2022)]"),
        ("top(3,1)", "[top(3,1)]"),
        ("top(3)", "top(3)"),
    ],
)
def test_expressions_with_a_comma_are_bracketed_in_get(given: str, sent: str) -> None:
    query = Query.from_dict({"Tid": given})
    assert query.get_params("no")[2] == ("valueCodes[Tid]", sent)
    assert "[" not in "".join(query.post_body()["selection"][0]["valueCodes"])
    assert encode_params(query.get_params("no")).endswith(f"valueCodes[Tid]={sent}")


def test_encode_params_keeps_brackets_and_commas_but_escapes_plus() -> None:
    assert encode_params([("valueCodes[Sektor]", "A+B+D+E.0-1+9,6100")]) == (
        "valueCodes[Sektor]=A%2BB%2BD%2BE.0-1%2B9,6100"
    )
    assert encode_params([("valueCodes[Region]", "310?"), ("valueCodes[Tid]", "top(2)")]) == (
        "valueCodes[Region]=310%3F&valueCodes[Tid]=top(2)"
    )


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"value_codes": ()}, "ikke-tom"),
        ({"value_codes": ("a,b",)}, "uten komma"),
        ({"value_codes": (" ",)}, "ikke-tom"),
        ({"value_codes": ("1",), "codelist": ""}, "codelist"),
        ({"value_codes": ("range(1,2,3)",)}, "uten komma"),
    ],
)
def test_selection_rejects_bad_input(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(SSBQueryError, match=fragment):
        Selection(**kwargs)  # type: ignore[arg-type]


def test_query_rejects_repeated_dimensions_and_unknown_keys() -> None:
    with pytest.raises(SSBQueryError, match="flere ganger"):
        Query((("Tid", Selection(("2023",))), ("Tid", Selection(("2024",)))))
    with pytest.raises(SSBQueryError, match="Ukjente nøkler"):
        Query.from_dict({"Tid": {"values": ["2023"]}})


# --- expanding selections ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "is_time", "expected"),
    [
        (["*"], False, GROUPS),
        (["top(2)"], True, ["2022", "2023"]),
        (["top(2, 1)"], True, ["2021", "2022"]),
        (["bottom(2)"], True, ["2019", "2020"]),
        (["from(2021)"], True, ["2021", "2022", "2023"]),
        (["to(2020)"], True, ["2019", "2020"]),
        (["range(2022,2020)"], True, ["2020", "2021", "2022"]),
        (["2023", "2019", "2023"], True, ["2019", "2023"]),
        (["202?"], True, ["2020", "2021", "2022", "2023"]),
        (["*3"], True, ["2023"]),
        (["TOP(1)"], True, ["2023"]),
    ],
)
def test_expand_time_selections(items: list[str], is_time: bool, expected: list[str]) -> None:
    codes = GROUPS if items == ["*"] else YEARS
    assert expand_selection(items, codes, is_time=is_time, where="Tid") == expected


def test_time_expressions_use_period_order_even_if_metadata_is_descending() -> None:
    descending = YEARS[::-1]
    assert expand_selection(["top(2)"], descending, is_time=True, where="Tid") == ["2023", "2022"]
    assert expand_selection(["from(2022)"], descending, is_time=True, where="Tid") == [
        "2023",
        "2022",
    ]


def test_non_time_top_and_bottom_follow_metadata_order() -> None:
    assert expand_selection(["top(2)"], GROUPS, is_time=False, where="x") == ["01-03", "05-09"]
    assert expand_selection(["bottom(1)"], GROUPS, is_time=False, where="x") == ["41-43"]
    assert expand_selection(["k-31*"], ["K-3105", "K-3201"], is_time=False, where="x") == ["K-3105"]
    assert expand_selection(["k-3105"], ["K-3105"], is_time=False, where="x") == ["K-3105"]


@pytest.mark.parametrize("item", ["2030", "from(1990)", "9*", "range(2019,2040)"])
def test_expand_rejects_selections_that_match_nothing(item: str) -> None:
    with pytest.raises(SSBQueryError, match="Tabell 1, variabel Tid"):
        expand_selection([item], YEARS, is_time=True, where="Tabell 1, variabel Tid")


def test_is_explicit() -> None:
    assert is_explicit("K-3105") and is_explicit("A+B+D+E.0-1+9") and is_explicit("00-99")
    assert not any(map(is_explicit, ["*", "31*", "310?", "top(3)", "FROM(2015)"]))


# --- metadata and codelists ----------------------------------------------------------------


def test_metadata_dimensions_from_fixture() -> None:
    dims = metadata_dimensions(META, "13470")
    assert list(dims) == ["Region", "NACE2007", "ContentsCode", "Tid"]
    region, tid = dims["Region"], dims["Tid"]
    assert region.elimination and not tid.elimination and not dims["ContentsCode"].elimination
    # the recorded metadata lists the county codelist the catalogue queries (agg_KommFylker)
    assert region.codelists == ("agg_KommSummer", "agg_KommFylker", "agg_Fylker2024", "vs_Landet")
    assert region.codelist_types == ("Aggregation", "Aggregation", "Aggregation", "Valueset")
    assert tid.is_time and not region.is_time
    assert region.codes[:5] == ("0", "31", "3101", "3103", "3105")
    assert tid.codes == tuple(str(y) for y in range(2015, 2025))


def test_metadata_index_object_need_not_be_in_position_order() -> None:
    meta = {
        "id": ["Tid"],
        "dimension": {"Tid": {"category": {"index": {"2023": 1, "2022": 0}}}},
    }
    assert metadata_dimensions(meta, "1")["Tid"].codes == ("2022", "2023")
    with pytest.raises(SSBFormatError, match=r"mangler `category\.index`"):
        metadata_dimensions({"id": ["Tid"], "dimension": {"Tid": {}}}, "1")
    with pytest.raises(SSBFormatError, match="Metadata for tabell 1"):
        metadata_dimensions({"id": "Tid"}, "1")


def test_codelist_values_from_fixture() -> None:
    values = dict(codelist_values(KOMM, "agg_KommSummer"))
    assert values["K-3105"] == ("0105", "3003", "3105")
    assert len(values) == 7
    with pytest.raises(SSBFormatError, match="agg_X"):
        codelist_values({"values": [{"label": "uten kode"}]}, "agg_X")


# --- counting cells ------------------------------------------------------------------------


def test_extents_by_hand() -> None:
    dims = metadata_dimensions(META, "13470")
    lists = {"agg_KommSummer": codelist_values(KOMM, "agg_KommSummer")}
    query = Query.from_dict(
        {
            "Region": {"valueCodes": ["K-310?"], "codelist": "agg_KommSummer"},
            "ContentsCode": "SysselsatteArb",
            "Tid": "from(2020)",
        }
    )
    extents = dimension_extents(query, dims, lists, "13470")
    # K-310? matches four of the seven codelist values
    assert extents["Region"] == Extent(4, ("K-3101", "K-3103", "K-3105", "K-3107"), False)
    assert extents["NACE2007"] == Extent(1, None, False)  # eliminated
    assert extents["Tid"].count == 5
    assert cell_count(extents) == 4 * 1 * 1 * 5
    groups = Query.from_dict(
        {
            "Region": {"valueCodes": ["K-3103", "K-3105"], "codelist": "agg_KommSummer"},
            "ContentsCode": "*",
            "Tid": "2024",
        }
    )
    # An aggregation gives one value per selected group, however many codes it sums
    # (Moss sums 0104, 0136, 3002, 3103): 2 cells, not 7 as the old outputValues=single
    counted = dimension_extents(groups, dims, lists, "13470")["Region"]
    assert counted == Extent(2, ("K-3103", "K-3105"), False)


def test_unknown_codelist_values_count_items_and_block_splitting() -> None:
    dims = metadata_dimensions(META, "13470")
    query = Query.from_dict(
        {
            "Region": {"valueCodes": ["*"], "codelist": "agg_KommSummer"},
            "NACE2007": {"valueCodes": ["10-33", "41-43"], "codelist": "agg_NACE2007arb11"},
            "ContentsCode": "*",
            "Tid": "2024",
        }
    )
    extents = dimension_extents(query, dims, {"agg_KommSummer": None}, "13470")
    assert extents["Region"] == Extent(1, None, False)
    assert extents["NACE2007"] == Extent(2, ("10-33", "41-43"), False)


# --- splitting -----------------------------------------------------------------------------


def test_split_by_hand_along_time_then_region() -> None:
    regions = ("R1", "R2", "R3", "R4", "R5")
    query = Query.from_dict({"Region": list(regions), "Tid": ["2022", "2023"]})
    extents = {"Region": Extent(5, regions), "Tid": Extent(2, ("2022", "2023"), True)}
    parts = split_query(query, extents, 3, "1")
    assert [p.to_dict() for p in parts] == [
        {"Region": {"valueCodes": ["R1", "R2", "R3"]}, "Tid": {"valueCodes": ["2022"]}},
        {"Region": {"valueCodes": ["R4", "R5"]}, "Tid": {"valueCodes": ["2022"]}},
        {"Region": {"valueCodes": ["R1", "R2", "R3"]}, "Tid": {"valueCodes": ["2023"]}},
        {"Region": {"valueCodes": ["R4", "R5"]}, "Tid": {"valueCodes": ["2023"]}},
    ]
    assert split_query(query, extents, 10, "1") == [query]


def test_split_prefers_the_largest_dimension_without_time() -> None:
    query = Query.from_dict({"A": ["a1", "a2"], "B": ["b1", "b2", "b3"]})
    extents = {"A": Extent(2, ("a1", "a2")), "B": Extent(3, ("b1", "b2", "b3"))}
    parts = split_query(query, extents, 4, "1")
    assert [p.to_dict()["B"]["valueCodes"] for p in parts] == [["b1", "b2"], ["b3"]]


def test_unsplittable_query_over_the_limit_is_refused() -> None:
    query = Query.from_dict({"Region": {"valueCodes": ["*"], "codelist": "agg_X"}})
    with pytest.raises(
        SSBQueryError, match="900\u00a0000 celler, over SSBs grense på 800\u00a0000"
    ):
        split_query(query, {"Region": Extent(900_000, None)}, 800_000, "13470")


@settings(max_examples=80, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=3),
    time_dim=st.booleans(),
    max_cells=st.integers(min_value=1, max_value=130),
)
def test_split_parts_fit_and_cover_every_cell_once(
    sizes: list[int], time_dim: bool, max_cells: int
) -> None:
    dims = {f"D{d}": tuple(f"c{d}{i}" for i in range(n)) for d, n in enumerate(sizes)}
    query = Query.from_dict({dim: list(codes) for dim, codes in dims.items()})
    extents = {
        dim: Extent(len(codes), codes, time_dim and dim == "D0") for dim, codes in dims.items()
    }
    parts = split_query(query, extents, max_cells, "1")
    covered: Counter[tuple[str, ...]] = Counter()
    for part in parts:
        chosen = [part.to_dict()[dim]["valueCodes"] for dim in dims]
        assert math.prod(map(len, chosen)) <= max_cells
        covered.update(itertools.product(*chosen))
    assert covered == Counter(itertools.product(*dims.values()))
    if math.prod(sizes) <= max_cells:
        assert parts == [query]


def test_recorded_metadata_offers_every_codelist_the_13470_catalogue_queries() -> None:
    from naering_analysis.ssb.catalogue import load_table

    dims = metadata_dimensions(META, "13470")
    spec = load_table("13470")
    asked = {level.codelist for level in spec.region_levels.values()}
    assert asked <= set(dims["Region"].codelists)
    nace = spec.dimension("NACE2007")
    assert nace.codelist is None  # two-digit codes: the table's own values
    assert set(dims["NACE2007"].codes) <= set(nace.values)
    assert META["value"] == [] and all(
        "elimination" in META["dimension"][d]["extension"] for d in META["id"]
    )
