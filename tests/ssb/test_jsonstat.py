"""Tests for the JSON-stat 2.0 reader, with pyjstat as the oracle for codes, labels and values."""

from __future__ import annotations

import copy
import doctest
import json
import math
from collections import OrderedDict
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyjstat import pyjstat

from naering_analysis.ssb import (
    SSBFormatError,
    dataset_cell_count,
    jsonstat,
    load_jsonstat_document,
    read_jsonstat,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning")


# ---------------------------------------------------------------- helpers


def dimension(
    codes: list[str],
    labels: list[str] | None = None,
    index_form: str = "object",
    label: str | None = None,
    positions_order: list[int] | None = None,
) -> dict[str, Any]:
    """Build one JSON-stat dimension.

    index_form: "object" ({code: position}, keys in `positions_order` or reversed order),
    "array", or "absent" (only for one category).
    """
    category: dict[str, Any] = {}
    if index_form == "object":
        order = positions_order or list(reversed(range(len(codes))))
        category["index"] = {codes[i]: i for i in order}
    elif index_form == "array":
        category["index"] = list(codes)
    if labels is not None:
        category["label"] = dict(zip(codes, labels, strict=True))
    dim: dict[str, Any] = {"category": category}
    if label is not None:
        dim["label"] = label
    return dim


def dataset(
    dims: dict[str, dict[str, Any]],
    value: Any,
    status: Any = None,
    **extra: Any,
) -> dict[str, Any]:
    sizes = []
    for dim in dims.values():
        category = dim["category"]
        sizes.append(len(category["index"]) if "index" in category else len(category["label"]))
    doc: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "id": list(dims),
        "size": sizes,
        "dimension": dims,
        "value": value,
    }
    if status is not None:
        doc["status"] = status
    doc.update(extra)
    return doc


def pyjstat_frames(doc: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The oracle: pyjstat's frame with codes (naming='id') and with labels (naming='label')."""
    text = json.dumps(doc)
    by_id = pyjstat.Dataset.read(text).write("dataframe", naming="id")
    by_label = pyjstat.Dataset.read(text).write("dataframe", naming="label")
    return by_id, by_label


def assert_matches_pyjstat(doc: dict[str, Any], frame: pd.DataFrame) -> None:
    by_id, by_label = pyjstat_frames(doc)
    assert len(frame) == len(by_id) == len(by_label)
    for d, dim_id in enumerate(doc["id"]):
        assert frame[dim_id].tolist() == by_id.iloc[:, d].tolist(), dim_id
        assert frame[f"{dim_id}_label"].tolist() == by_label.iloc[:, d].tolist(), dim_id
    oracle = pd.to_numeric(by_id["value"], errors="raise").to_numpy(dtype=np.float64)
    np.testing.assert_array_equal(frame["value"].to_numpy(), oracle)


def assert_plain_types(frame: pd.DataFrame, dim_ids: list[str]) -> None:
    for dim_id in dim_ids:
        for column in (dim_id, f"{dim_id}_label"):
            assert frame[column].dtype == object, column
            assert all(type(item) is str for item in frame[column]), column
    assert frame["value"].dtype == np.float64
    assert frame["status"].dtype == object
    assert all(item is None or type(item) is str for item in frame["status"])
    assert list(frame.columns) == [
        name for dim_id in dim_ids for name in (dim_id, f"{dim_id}_label")
    ] + ["value", "status"]


# ---------------------------------------------------------------- hand-computed example

SMALL = dataset(
    {
        "A": dimension(["2", "1"], ["to", "en"], positions_order=[1, 0], label="Alfa"),
        "B": dimension(["x", "y", "z"], ["X", "Y", "Z"], index_form="array"),
    },
    value=[1, None, 3.5, 4, 5, 6],
    status={"1": "..", "4": ":"},
    label="Liten tabell",
    source="Statistisk sentralbyrå",
    updated="2024-03-01T07:00:00Z",
    note=["Tallene er foreløpige."],
    role={"time": ["B"]},
    extension={"px": {"tableid": "07984"}},
)
SMALL["dimension"]["B"]["note"] = ["Merknad om B."]


def test_small_dataset_hand_computed() -> None:
    # {"1": 1, "2": 0} lists "1" first, but position 0 is "2": rows follow the positions.
    assert list(SMALL["dimension"]["A"]["category"]["index"]) == ["1", "2"]
    frame = read_jsonstat(SMALL)
    expected = pd.DataFrame(
        {
            "A": ["2", "2", "2", "1", "1", "1"],
            "A_label": ["to", "to", "to", "en", "en", "en"],
            "B": ["x", "y", "z", "x", "y", "z"],
            "B_label": ["X", "Y", "Z", "X", "Y", "Z"],
            "value": [1.0, np.nan, 3.5, 4.0, 5.0, 6.0],
            "status": [None, "..", None, None, ":", None],
        }
    )
    pd.testing.assert_frame_equal(frame, expected)
    assert_plain_types(frame, ["A", "B"])
    assert_matches_pyjstat(SMALL, frame)


def test_attrs_carry_dataset_metadata() -> None:
    attrs = read_jsonstat(SMALL).attrs
    assert attrs == {
        "label": "Liten tabell",
        "source": "Statistisk sentralbyrå",
        "updated": "2024-03-01T07:00:00Z",
        "table_id": "07984",
        "notes": ["Tallene er foreløpige."],
        "dimension_notes": {"B": ["Merknad om B."]},
        "roles": {"time": ["B"]},
        "dimension_labels": {"A": "Alfa", "B": "B"},
    }


def test_attrs_defaults_when_metadata_absent() -> None:
    doc = dataset({"A": dimension(["a"], ["en"])}, value=[1])
    attrs = read_jsonstat(doc).attrs
    assert attrs["table_id"] is None
    assert attrs["notes"] == []
    assert attrs["dimension_notes"] == {}
    assert attrs["roles"] == {}
    assert attrs["label"] is None


def test_input_dict_is_not_changed() -> None:
    before = copy.deepcopy(SMALL)
    read_jsonstat(SMALL)
    assert before == SMALL


# ---------------------------------------------------------------- every index/status/value form


def test_index_absent_with_one_category_is_accepted() -> None:
    doc = dataset(
        {
            "ContentsCode": dimension(["Sysselsatte"], ["Sysselsatte personer"], "absent"),
            "Tid": dimension(["2022", "2023"], ["2022", "2023"], "array"),
        },
        value=[100, 110],
    )
    frame = read_jsonstat(doc)
    assert frame["ContentsCode"].tolist() == ["Sysselsatte", "Sysselsatte"]
    assert frame["ContentsCode_label"].tolist() == ["Sysselsatte personer"] * 2
    assert_matches_pyjstat(doc, frame)


def test_label_absent_uses_codes_as_labels_like_pyjstat() -> None:
    doc = dataset({"Tid": {"category": {"index": {"2023": 1, "2022": 0}}}}, value=[1, 2])
    frame = read_jsonstat(doc)
    # position 0 is "2022" although "2023" is listed first
    assert frame["Tid"].tolist() == ["2022", "2023"]
    assert frame["Tid_label"].tolist() == ["2022", "2023"]
    assert_matches_pyjstat(doc, frame)


def test_all_dimensions_of_size_one() -> None:
    doc = dataset(
        {"A": dimension(["a"], ["en"]), "B": dimension(["b"], ["to"], "array")},
        value=[7],
        status="..",
    )
    frame = read_jsonstat(doc)
    assert frame.to_dict("records") == [
        {"A": "a", "A_label": "en", "B": "b", "B_label": "to", "value": 7.0, "status": ".."}
    ]
    assert_matches_pyjstat(doc, frame)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (None, [None, None, None, None]),
        ("..", ["..", "..", "..", ".."]),
        ({"3": "..", "0": "."}, [".", None, None, ".."]),
        ([None, ":", None, ".."], [None, ":", None, ".."]),
        ({}, [None, None, None, None]),
    ],
    ids=["absent", "string", "object", "array", "empty-object"],
)
def test_status_forms(status: Any, expected: list[str | None]) -> None:
    doc = dataset(
        {"A": dimension(["a", "b", "c", "d"], ["A", "B", "C", "D"])}, [1, 2, 3, 4], status
    )
    frame = read_jsonstat(doc)
    assert frame["status"].tolist() == expected
    assert_plain_types(frame, ["A"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([1, None, 2.5, 0], [1.0, np.nan, 2.5, 0.0]),
        ({"0": 1, "2": 2.5, "3": 0}, [1.0, np.nan, 2.5, 0.0]),
        ({"3": 0, "0": 1, "2": 2.5}, [1.0, np.nan, 2.5, 0.0]),
        ({}, [np.nan] * 4),
        ([None] * 4, [np.nan] * 4),
    ],
    ids=["array", "object", "object-unordered", "object-empty", "all-null"],
)
def test_value_forms(value: Any, expected: list[float]) -> None:
    doc = dataset({"A": dimension(["a", "b"], ["A", "B"]), "B": dimension(["x", "y"])}, value)
    frame = read_jsonstat(doc)
    np.testing.assert_array_equal(frame["value"].to_numpy(), np.array(expected))
    assert frame["value"].dtype == np.float64
    assert_matches_pyjstat(doc, frame)


def test_empty_dataset_gives_empty_frame_with_all_columns() -> None:
    doc = dataset({"A": {"category": {"index": {}, "label": {}}}}, value=[])
    frame = read_jsonstat(doc)
    assert list(frame.columns) == ["A", "A_label", "value", "status"]
    assert len(frame) == 0


# ---------------------------------------------------------------- sources


def test_reads_every_kind_of_source(tmp_path: Path) -> None:
    text = json.dumps(SMALL)
    path = tmp_path / "data.json"
    path.write_text(text, encoding="utf-8")
    expected = read_jsonstat(SMALL)
    sources: list[Any] = [
        path,
        str(path),
        text,
        "\n  " + text,
        text.encode("utf-8"),
        bytearray(text.encode("utf-8")),
        OrderedDict(SMALL),
        MappingProxyType(SMALL),
    ]
    for source in sources:
        frame = read_jsonstat(source)
        pd.testing.assert_frame_equal(frame, expected)
        assert frame.attrs == expected.attrs


def test_load_jsonstat_document_returns_validated_dict(tmp_path: Path) -> None:
    assert load_jsonstat_document(SMALL) is SMALL
    path = tmp_path / "data.json"
    path.write_text(json.dumps(SMALL), encoding="utf-8")
    assert load_jsonstat_document(path) == SMALL
    broken = copy.deepcopy(SMALL)
    broken["value"] = broken["value"][:-1]
    with pytest.raises(SSBFormatError, match="value"):
        load_jsonstat_document(broken)


def test_dataset_cell_count() -> None:
    assert dataset_cell_count({"id": ["a", "b", "c"], "size": [3, 4, 5]}) == 60
    assert dataset_cell_count({"id": ["a"], "size": [1]}) == 1
    assert dataset_cell_count(SMALL) == 6
    with pytest.raises(SSBFormatError, match="size"):
        dataset_cell_count({"id": ["a", "b"], "size": [3]})
    with pytest.raises(SSBFormatError, match="size"):
        dataset_cell_count({"id": ["a"], "size": ["3"]})


def test_docstring_examples() -> None:
    result = doctest.testmod(jsonstat)
    assert result.attempted >= 2
    assert result.failed == 0


# ---------------------------------------------------------------- oracle on generated data


def generated_dataset(sizes: dict[str, int], seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    dims = {}
    for d, (dim_id, size) in enumerate(sizes.items()):
        codes = [f"{dim_id[:1]}{i:03d}" for i in range(size)]
        labels = [f"{dim_id} nr. {i} – æøå" for i in range(size)]
        order = rng.permutation(size).tolist()
        dims[dim_id] = dimension(codes, labels, "object" if d % 2 == 0 else "array", None, order)
    count = math.prod(sizes.values())
    present = np.flatnonzero(rng.random(count) > 0.05)
    value = {
        str(i): int(v) for i, v in zip(present, rng.integers(0, 10_000, present.size), strict=True)
    }
    status = {str(i): ".." for i in np.flatnonzero(rng.random(count) < 0.02)}
    return dataset(dims, value, status)


def test_matches_pyjstat_on_fifty_thousand_cells() -> None:
    doc = generated_dataset({"Region": 25, "NACE": 10, "Kjonn": 4, "Tid": 50}, seed=7)
    frame = read_jsonstat(json.dumps(doc))
    assert len(frame) == 50_000
    assert_plain_types(frame, doc["id"])
    assert_matches_pyjstat(doc, frame)
    expected_status = np.full(50_000, None, dtype=object)
    expected_status[[int(k) for k in doc["status"]]] = ".."
    assert frame["status"].tolist() == expected_status.tolist()


@st.composite
def random_datasets(draw: st.DrawFn) -> dict[str, Any]:
    n_dims = draw(st.integers(1, 4))
    dims = {}
    for d in range(n_dims):
        size = draw(st.integers(1, 4))
        codes = [f"k{d}_{i}" for i in range(size)]
        forms = ["object", "array", "absent"] if size == 1 else ["object", "array"]
        form = draw(st.sampled_from(forms))
        with_labels = form == "absent" or draw(st.booleans())
        labels = [f"Etikett {d}.{i}" for i in range(size)] if with_labels else None
        order = draw(st.permutations(list(range(size))))
        dims[f"D{d}"] = dimension(codes, labels, form, None, list(order))
    count = math.prod(len(dim["category"].get("index") or [0]) for dim in dims.values())
    cells = draw(st.lists(st.none() | st.integers(-1000, 1000), min_size=count, max_size=count))
    value: Any = cells
    if draw(st.booleans()):
        value = {str(i): v for i, v in enumerate(cells) if v is not None}
    symbols = draw(
        st.lists(st.sampled_from([None, ".", "..", ":"]), min_size=count, max_size=count)
    )
    status_form = draw(st.sampled_from(["absent", "string", "object", "array"]))
    status = {
        "absent": None,
        "string": "..",
        "object": {str(i): s for i, s in enumerate(symbols) if s is not None},
        "array": symbols,
    }[status_form]
    return dataset(dims, value, status)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=random_datasets())
def test_property_matches_pyjstat_and_row_major_order(doc: dict[str, Any]) -> None:
    frame = read_jsonstat(doc)
    assert_plain_types(frame, doc["id"])
    assert_matches_pyjstat(doc, frame)
    # row-major identity: row r holds the categories at np.unravel_index(r, size)
    positions = np.unravel_index(np.arange(len(frame)), doc["size"])
    for dim_id, pos in zip(doc["id"], positions, strict=True):
        index = doc["dimension"][dim_id]["category"].get("index")
        if index is None:
            by_position = list(doc["dimension"][dim_id]["category"]["label"])
        elif isinstance(index, list):
            by_position = index
        else:
            by_position = sorted(index, key=index.__getitem__)
        assert frame[dim_id].tolist() == [by_position[p] for p in pos]
    status = doc.get("status")
    if isinstance(status, list):
        assert frame["status"].tolist() == status
    elif isinstance(status, dict):
        assert {str(i): s for i, s in enumerate(frame["status"]) if s is not None} == status
    else:
        assert frame["status"].tolist() == [status] * len(frame)


# ---------------------------------------------------------------- invalid input


def small(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(SMALL)
    doc.update(changes)
    return doc


def category(doc: dict[str, Any], dim_id: str) -> dict[str, Any]:
    return doc["dimension"][dim_id]["category"]


def test_error_wrong_version() -> None:
    with pytest.raises(SSBFormatError, match=r"`version` er '1\.0'.*\"2\.0\""):
        read_jsonstat(small(version="1.0"))


def test_error_version_missing() -> None:
    doc = small()
    del doc["version"]
    with pytest.raises(SSBFormatError, match=r"`version` er None"):
        read_jsonstat(doc)


def test_error_wrong_class() -> None:
    with pytest.raises(SSBFormatError, match=r"`class` er 'collection'.*\"dataset\""):
        read_jsonstat(small(**{"class": "collection"}))


def test_error_size_length_differs_from_id() -> None:
    with pytest.raises(SSBFormatError, match=r"`size` har 3 elementer.*`id` har 2.*A, B"):
        read_jsonstat(small(size=[2, 3, 1]))


def test_error_size_differs_from_category_count() -> None:
    with pytest.raises(SSBFormatError, match=r"dimensjon 'B'.*`size` sier 4.*har 3"):
        read_jsonstat(small(size=[2, 4], value=[0] * 8))


def test_error_value_length_differs_from_size_product() -> None:
    with pytest.raises(SSBFormatError, match=r"`value` har 5 elementer.*6 celler"):
        read_jsonstat(small(value=[1, 2, 3, 4, 5]))


def test_error_status_array_length() -> None:
    with pytest.raises(SSBFormatError, match=r"`status` har 2 elementer.*6 celler"):
        read_jsonstat(small(status=[None, ".."]))


def test_error_missing_index_with_several_categories() -> None:
    doc = small()
    del category(doc, "B")["index"]
    with pytest.raises(SSBFormatError, match=r"dimensjon 'B'.*`category.index` mangler"):
        read_jsonstat(doc)


def test_error_missing_index_and_label() -> None:
    doc = small()
    category(doc, "A").clear()
    with pytest.raises(SSBFormatError, match=r"dimensjon 'A'.*`category.index` mangler"):
        read_jsonstat(doc)


def test_error_missing_label_for_one_category() -> None:
    # pyjstat cannot read this either (its label merge loses the category), so we refuse it
    doc = small()
    del category(doc, "B")["label"]["y"]
    with pytest.raises(ValueError, match="Length mismatch"):
        pyjstat_frames(doc)
    with pytest.raises(SSBFormatError, match=r"dimensjon 'B'.*mangler etikett for \['y'\]"):
        read_jsonstat(doc)


def test_error_label_for_unknown_category() -> None:
    doc = small()
    category(doc, "B")["label"]["w"] = "W"
    with pytest.raises(SSBFormatError, match=r"dimensjon 'B'.*etikett uten kategori for \['w'\]"):
        read_jsonstat(doc)


def test_error_duplicate_dimension_ids() -> None:
    with pytest.raises(SSBFormatError, match=r"`id` nevner dimensjonen\(e\) \['A'\] flere"):
        read_jsonstat(small(id=["A", "A"], size=[2, 2], value=[0] * 4))


def test_error_duplicate_positions_in_index_object() -> None:
    doc = small()
    category(doc, "A")["index"] = {"1": 0, "2": 0}
    with pytest.raises(SSBFormatError, match=r"dimensjon 'A'.*duplikate posisjoner \[0\]"):
        read_jsonstat(doc)


def test_error_position_outside_index() -> None:
    doc = small()
    category(doc, "A")["index"] = {"1": 0, "2": 2}
    with pytest.raises(SSBFormatError, match=r"dimensjon 'A'.*posisjon\(er\) \[2\] utenfor"):
        read_jsonstat(doc)


def test_error_non_integer_position_in_index() -> None:
    doc = small()
    category(doc, "A")["index"] = {"1": 0, "2": "1"}
    with pytest.raises(SSBFormatError, match=r"dimensjon 'A'.*må være heltall"):
        read_jsonstat(doc)


def test_error_duplicate_codes_in_index_array() -> None:
    doc = small()
    category(doc, "B")["index"] = ["x", "y", "x"]
    with pytest.raises(SSBFormatError, match=r"dimensjon 'B'.*kodene \['x'\] flere"):
        read_jsonstat(doc)


def test_error_dimension_in_id_missing_from_dimension() -> None:
    doc = small()
    del doc["dimension"]["B"]
    with pytest.raises(SSBFormatError, match=r"dimensjonen 'B' står i `id`, men mangler"):
        read_jsonstat(doc)


def test_error_column_names_collide() -> None:
    doc = dataset({"A": dimension(["a"]), "A_label": dimension(["b"])}, value=[1])
    with pytest.raises(SSBFormatError, match="like kolonnenavn"):
        read_jsonstat(doc)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ({"0": 1, "x": 2}, "ikke er heltall"),
        ({"0": 1, "6": 2}, r"posisjon\(er\) \[6\] utenfor"),
        ({"1": 1, "01": 2}, r"duplikate posisjoner \[1\]"),
        ([1, 2, "tre", 4, 5, 6], "tall eller null"),
        ([1, 2, True, 4, 5, 6], "tall eller null"),
        ("1,2,3", "liste eller et objekt"),
    ],
    ids=["key-not-int", "key-out-of-range", "key-repeated", "string-cell", "bool-cell", "str"],
)
def test_error_bad_value(value: Any, problem: str) -> None:
    with pytest.raises(SSBFormatError, match=rf"`value`.*{problem}"):
        read_jsonstat(small(value=value))


def test_error_value_missing() -> None:
    doc = small()
    del doc["value"]
    with pytest.raises(SSBFormatError, match="`value` mangler"):
        read_jsonstat(doc)


def test_error_status_not_text() -> None:
    with pytest.raises(SSBFormatError, match="`status` må inneholde tekst"):
        read_jsonstat(small(status={"0": 1}))


def test_error_label_not_text() -> None:
    doc = small()
    category(doc, "B")["label"]["x"] = 5
    with pytest.raises(SSBFormatError, match=r"dimensjon 'B'.*etiketter.*tekst"):
        read_jsonstat(doc)


def test_error_code_not_text() -> None:
    doc = small()
    category(doc, "B")["index"] = ["x", "y", 3]
    with pytest.raises(SSBFormatError, match=r"dimensjon 'B'.*koder.*tekst"):
        read_jsonstat(doc)


def test_error_message_names_table_id() -> None:
    with pytest.raises(SSBFormatError, match=r"tabell 07984"):
        read_jsonstat(small(version="1.0"))


def test_error_not_json_text() -> None:
    with pytest.raises(SSBFormatError, match="JSON-teksten er ikke gyldig JSON"):
        read_jsonstat('{"version": "2.0",')


def test_error_not_json_bytes() -> None:
    with pytest.raises(SSBFormatError, match="JSON-bytene er ikke gyldig JSON"):
        read_jsonstat(b"\xff\xfe not json")


def test_error_path_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "finnes_ikke.json"
    with pytest.raises(SSBFormatError, match=r"finnes_ikke\.json kan ikke leses"):
        read_jsonstat(missing)
    with pytest.raises(SSBFormatError, match=r"finnes_ikke\.json kan ikke leses"):
        read_jsonstat(str(missing))


def test_error_file_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "respons.json"
    path.write_text("<html>503 Service Unavailable</html>", encoding="utf-8")
    with pytest.raises(SSBFormatError, match=r"respons\.json er ikke gyldig JSON"):
        read_jsonstat(path)


def test_error_json_is_not_an_object(tmp_path: Path) -> None:
    path = tmp_path / "liste.json"
    path.write_text("[1, 2, 3]", encoding="utf-8")
    with pytest.raises(SSBFormatError, match=r"liste\.json er ikke et JSON-objekt"):
        read_jsonstat(path)


def test_error_unsupported_source_type() -> None:
    with pytest.raises(SSBFormatError, match="Kan ikke lese JSON-stat fra int"):
        read_jsonstat(42)  # type: ignore[arg-type]


# --- odd but parseable answers (issue: tracebacks in fetch and build) ------------------------

_TWO_YEARS = (
    '{"version":"2.0","class":"dataset","id":["Tid"],"size":[2],'
    '"dimension":{"Tid":{"category":{"index":["2022","2023"]}}},"value":[%s,null]%s}'
)


@pytest.mark.parametrize(
    "value", ["NaN", "Infinity", "-Infinity", "1e999", "1" + "0" * 320, "1e300", "9007199254740994"]
)
def test_non_finite_or_unreadably_large_values_are_a_format_error(value: str) -> None:
    with pytest.raises(SSBFormatError):
        read_jsonstat((_TWO_YEARS % (value, "")).encode())


def test_a_utf8_bom_is_a_format_error() -> None:
    with pytest.raises(SSBFormatError, match="BOM"):
        read_jsonstat(b"\xef\xbb\xbf" + (_TWO_YEARS % ("5", "")).encode())


def test_a_one_element_status_array_applies_to_every_cell() -> None:
    frame = read_jsonstat(_TWO_YEARS % ("5", ',"status":[".."]'))
    assert frame["status"].tolist() == ["..", ".."]
    assert frame["value"].tolist()[0] == 5.0
