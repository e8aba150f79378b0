"""Tests for combining JSON-stat 2.0 datasets fetched in several requests."""

from __future__ import annotations

import copy
import itertools
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.errors import SSBFormatError
from naering_analysis.ssb.combine import combine_datasets, dumps_dataset
from naering_analysis.ssb.jsonstat import read_jsonstat_covered
from tests.helpers import FIXTURES

FIXTURE = FIXTURES / "ssb" / "data_13470_k3105.json"
NAMES = {"K-3105": "Sarpsborg", "K-3107": "Fredrikstad", "31": "Østfold", "0": "Hele landet"}


def dataset(
    regions: list[str],
    years: list[str],
    values: list[Any],
    *,
    status: Any = None,
    updated: str | None = "2025-03-07T07:00:00Z",
    note: Any = None,
    label: str = "13470: Sysselsatte",
) -> dict[str, Any]:
    """A small Region x Tid dataset shaped like an SSB reply."""
    doc: dict[str, Any] = {"version": "2.0", "class": "dataset", "label": label}
    doc["source"] = "Statistisk sentralbyrå"
    if updated is not None:
        doc["updated"] = updated
    if note is not None:
        doc["note"] = note
    doc["role"] = {"time": ["Tid"], "geo": ["Region"]}
    doc["id"] = ["Region", "Tid"]
    doc["size"] = [len(regions), len(years)]
    doc["dimension"] = {
        "Region": {
            "label": "region",
            "category": {
                "index": {r: i for i, r in enumerate(regions)},
                "label": {r: NAMES[r] for r in regions},
            },
            "extension": {"elimination": False, "show": "value"},
        },
        "Tid": {
            "label": "år",
            "category": {
                "index": {y: i for i, y in enumerate(years)},
                "label": {y: y for y in years},
            },
        },
    }
    doc["extension"] = {"px": {"tableid": "13470", "language": "no"}}
    doc["value"] = values
    if status is not None:
        doc["status"] = status
    return doc


def test_parts_split_along_tid_are_put_back_together() -> None:
    first = dataset(
        ["K-3105", "K-3107"], ["2021", "2022"], [1, 2, 3, None], status={"3": ".."}, note=["A"]
    )
    second = dataset(
        ["K-3105", "K-3107"], ["2023"], [5, 6], updated="2025-03-08T07:00:00Z", note=["A", "B"]
    )
    combined = combine_datasets([first, second])
    expected = dataset(
        ["K-3105", "K-3107"],
        ["2021", "2022", "2023"],
        [1, 2, 5, 3, None, 6],  # row-major: Region outer, Tid inner
        status={"4": ".."},  # K-3107 in 2022 is position 1 * 3 + 1
        updated="2025-03-08T07:00:00Z",
        note=["A", "B"],
    )
    assert combined == expected
    assert list(combined) == list(expected)  # key order follows the first document
    assert dumps_dataset(combined) == dumps_dataset(expected)


def test_region_levels_from_separate_requests() -> None:
    municipalities = dataset(["K-3105", "K-3107"], ["2022", "2023"], [10, 11, 20, 21])
    county = dataset(["31"], ["2023"], [300])
    country = dataset(["0"], ["2022", "2023"], [None, 9000], status=["..", None])
    combined = combine_datasets([municipalities, county, country])
    category = combined["dimension"]["Region"]["category"]
    assert category["index"] == {"K-3105": 0, "K-3107": 1, "31": 2, "0": 3}
    assert category["label"] == {c: NAMES[c] for c in ["K-3105", "K-3107", "31", "0"]}
    assert combined["size"] == [4, 2]
    # Østfold 2022 was never fetched, so it is null and carries no status
    assert combined["value"] == [10, 11, 20, 21, None, 300, None, 9000]
    assert combined["status"] == {"6": ".."}


def test_index_forms_and_status_forms_are_normalised() -> None:
    as_array = dataset(["K-3105"], ["2022", "2023"], [1, 2], status="..")
    as_array["dimension"]["Tid"]["category"]["index"] = ["2022", "2023"]
    out_of_order = dataset(["K-3107"], ["2022", "2023"], [None, 4], status=[":", None])
    out_of_order["dimension"]["Tid"]["category"]["index"] = {"2023": 1, "2022": 0}
    sparse = dataset(["31"], ["2023"], {"0": 7})
    combined = combine_datasets([as_array, out_of_order, sparse])
    assert combined["dimension"]["Tid"]["category"]["index"] == {"2022": 0, "2023": 1}
    assert combined["value"] == [1, 2, None, 4, None, 7]
    assert combined["status"] == {"0": "..", "1": "..", "2": ":"}


def test_overlapping_parts_must_agree() -> None:
    first = dataset(["K-3105"], ["2022", "2023"], [1, 2])
    same = dataset(["K-3105"], ["2023"], [2.0])
    assert combine_datasets([first, same])["value"] == [1, 2]
    other = dataset(["K-3105"], ["2023"], [3])
    with pytest.raises(SSBFormatError, match=r"nr\. 2 gir cellen \(Region=K-3105, Tid=2023\)"):
        combine_datasets([first, other])
    flagged = dataset(["K-3105"], ["2023"], [2], status={"0": "."})
    with pytest.raises(SSBFormatError, match=r"status '\.'\), men et tidligere datasett ga 2"):
        combine_datasets([first, flagged])


def test_mismatched_dimensions_are_refused() -> None:
    first = dataset(["K-3105"], ["2023"], [1])
    reordered = copy.deepcopy(first)
    reordered["id"], reordered["size"] = ["Tid", "Region"], [1, 1]
    with pytest.raises(SSBFormatError, match=r"nr\. 2 har dimensjonene \['Tid', 'Region'\]"):
        combine_datasets([first, reordered])
    fewer = copy.deepcopy(first)
    fewer["id"], fewer["size"] = ["Region"], [1]
    del fewer["dimension"]["Tid"]
    with pytest.raises(SSBFormatError, match="samme dimensjoner i samme rekkefølge"):
        combine_datasets([first, fewer])


def test_invalid_input_is_refused_with_its_number() -> None:
    broken = dataset(["K-3105"], ["2023"], [1, 2])  # two values for one cell
    with pytest.raises(SSBFormatError, match=r"Datasett nr\. 2 kan ikke kombineres"):
        combine_datasets([dataset(["K-3105"], ["2022"], [1]), broken])
    with pytest.raises(SSBFormatError, match="ingen datasett"):
        combine_datasets([])
    with pytest.raises(SSBFormatError, match="ISO 8601"):
        combine_datasets([dataset(["0"], ["2023"], [1], updated="i går")])


def test_metadata_comes_from_the_first_document_and_notes_merge() -> None:
    first = dataset(["K-3105"], ["2022"], [1], label="Første", updated=None)
    first["dimension"]["Tid"]["note"] = ["Brudd i 2015"]
    first["dimension"]["Region"]["category"]["note"] = {"K-3105": ["Ny kommune 2020"]}
    second = dataset(["K-3107"], ["2022"], [2], label="Andre", updated="2025-01-01T00:00:00Z")
    second["extension"] = {"px": {"tableid": "99999"}}
    second["dimension"]["Tid"]["note"] = "Brudd i 2015"
    second["dimension"]["Region"]["label"] = "annen"
    second["dimension"]["Region"]["category"]["note"] = {"K-3105": ["Ny kommune 2020", "Mer"]}
    combined = combine_datasets([first, second])
    assert combined["label"] == "Første"
    assert combined["extension"] == {"px": {"tableid": "13470", "language": "no"}}
    assert combined["updated"] == "2025-01-01T00:00:00Z"
    assert list(combined)[-1] == "updated"  # added after the first document's own keys
    assert combined["dimension"]["Region"]["label"] == "region"
    assert combined["dimension"]["Tid"]["note"] == ["Brudd i 2015"]
    assert combined["dimension"]["Region"]["category"]["note"] == {
        "K-3105": ["Ny kommune 2020", "Mer"]
    }


def test_output_is_deterministic_and_inputs_are_untouched() -> None:
    parts = [
        dataset(["K-3105"], ["2022"], [1], status={"0": ":"}),
        dataset(
            ["K-3107", "K-3105"], ["2023", "2022"], [2, None, 3, 1], status={"1": "..", "3": ":"}
        ),
    ]
    before = copy.deepcopy(parts)
    first = dumps_dataset(combine_datasets(parts))
    assert dumps_dataset(combine_datasets(copy.deepcopy(parts))) == first
    assert parts == before
    combined = json.loads(first)
    assert combined["dimension"]["Tid"]["category"]["index"] == {"2022": 0, "2023": 1}
    assert combined["value"] == [1, 3, None, 2]
    assert combined["status"] == {"0": ":", "2": ".."}


def test_a_recorded_reply_combines_with_itself_unchanged() -> None:
    doc = json.loads(FIXTURE.read_bytes())
    assert combine_datasets([doc, doc]) == doc


def test_dumps_dataset_is_compact_utf8() -> None:
    raw = dumps_dataset({"label": "Østfold", "value": [1, None, 2.5]})
    assert raw == '{"label":"Østfold","value":[1,null,2.5]}'.encode()
    with pytest.raises(ValueError, match="JSON compliant"):
        dumps_dataset({"value": [float("nan")]})


# --- property: splitting a dataset and combining the parts gives it back ------------------


def cells(doc: dict[str, Any]) -> dict[tuple[str, ...], tuple[Any, Any]]:
    """Map every cell's codes to its (value, status)."""
    codes = [list(doc["dimension"][d]["category"]["index"]) for d in doc["id"]]
    status = doc.get("status") or {}
    return {
        combo: (doc["value"][pos], status.get(str(pos)))
        for pos, combo in enumerate(itertools.product(*codes))
    }


def sub_dataset(doc: dict[str, Any], dim: int, keep: list[str]) -> dict[str, Any]:
    """Cut ``doc`` to the categories ``keep`` of dimension number ``dim``."""
    codes = [list(doc["dimension"][d]["category"]["index"]) for d in doc["id"]]
    part = copy.deepcopy(doc)
    name = doc["id"][dim]
    part["dimension"][name]["category"]["index"] = {c: i for i, c in enumerate(keep)}
    part["size"][dim] = len(keep)
    chosen = [keep if d == dim else c for d, c in enumerate(codes)]
    table = cells(doc)
    part["value"] = [table[combo][0] for combo in itertools.product(*chosen)]
    part["status"] = {
        str(i): table[combo][1]
        for i, combo in enumerate(itertools.product(*chosen))
        if table[combo][1] is not None
    }
    return part


@st.composite
def split_datasets(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    sizes = draw(st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=3))
    ids = [f"D{d}" for d in range(len(sizes))]
    count = math.prod(sizes)
    values = draw(
        st.lists(st.one_of(st.none(), st.integers(-5, 99)), min_size=count, max_size=count)
    )
    flags = draw(st.lists(st.sampled_from([None, ".", "..", ":"]), min_size=count, max_size=count))
    doc = {
        "version": "2.0",
        "class": "dataset",
        "id": ids,
        "size": sizes,
        "dimension": {
            name: {"category": {"index": {f"{name}c{i}": i for i in range(n)}}}
            for name, n in zip(ids, sizes, strict=True)
        },
        "value": values,
        "status": {str(i): f for i, f in enumerate(flags) if f is not None},
    }
    dim = draw(st.integers(0, len(sizes) - 1))
    codes = list(doc["dimension"][ids[dim]]["category"]["index"])
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(codes) - 1)), max_size=3)))
    bounds = [0, *[c for c in cuts if c < len(codes)], len(codes)]
    parts = [sub_dataset(doc, dim, codes[a:b]) for a, b in itertools.pairwise(bounds) if a < b]
    order = draw(st.permutations(range(len(parts))))
    return doc, [parts[i] for i in order]


@settings(max_examples=80, deadline=None)
@given(split_datasets())
def test_combining_the_parts_of_a_dataset_gives_it_back(
    case: tuple[dict[str, Any], list[dict[str, Any]]],
) -> None:
    original, parts = case
    combined = combine_datasets(parts)
    assert cells(combined) == cells(original)
    assert combined["size"] == original["size"]
    assert combine_datasets([*parts, parts[0]]) == combined  # a repeated part changes nothing


def test_sparse_combination_lists_only_the_covered_cells():
    # Two flow parts: A→(A, B) and (A, B)→A; the cell B→B is asked for by neither.
    def flows(homes, works, values):
        return {
            "version": "2.0",
            "class": "dataset",
            "id": ["Bo", "Arb"],
            "size": [len(homes), len(works)],
            "dimension": {
                "Bo": {"category": {"index": homes}},
                "Arb": {"category": {"index": works}},
            },
            "value": values,
        }

    docs = [flows(["A"], ["A", "B"], [5, 2]), flows(["A", "B"], ["A"], [5, 3])]
    sparse = combine_datasets(docs, sparse=True)
    assert sparse["value"] == {"0": 5, "1": 2, "2": 3}  # B→B (position 3) is absent, not null
    assert combine_datasets(docs)["value"] == [5, 2, 3, None]
    covered = read_jsonstat_covered(sparse)
    assert covered[["Bo", "Arb", "value"]].to_dict("list") == {
        "Bo": ["A", "A", "B"],
        "Arb": ["A", "B", "A"],
        "value": [5.0, 2.0, 3.0],
    }
