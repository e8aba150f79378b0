"""The answer check: the catalogue's dimensions in any order, yearly periods, plain counts."""

from __future__ import annotations

import json

import pytest

from naering_analysis.errors import SSBFormatError
from naering_analysis.ssb.catalogue import load_table
from naering_analysis.ssb.jsonstat import read_jsonstat
from naering_analysis.ssb.validate import check_response
from tests.fake_ssb import demo_folder, reordered


def _answer() -> dict:
    first = sorted((demo_folder("11616") / "responses").glob("*.json"))[0]
    return json.loads(first.read_bytes())


def test_an_answer_in_another_dimension_order_is_accepted_and_reads_the_same() -> None:
    doc = _answer()
    assert doc["id"] == ["Region", "Alder", "ContentsCode", "Tid"]
    other = reordered(doc, ["Region", "ContentsCode", "Tid", "Alder"])
    check_response(load_table("11616"), other, "municipality")  # no error
    key = ["Region", "Alder", "ContentsCode", "Tid"]
    cells = read_jsonstat(doc).sort_values(key).reset_index(drop=True)
    moved = read_jsonstat(other).sort_values(key).reset_index(drop=True)
    assert moved[[*key, "value", "status"]].equals(cells[[*key, "value", "status"]])


@pytest.mark.parametrize(
    ("drop", "add", "said"),
    [("Alder", None, "mangler Alder"), (None, "Kjonn", "har i tillegg Kjonn")],
)
def test_other_dimensions_than_the_catalogues_are_refused(
    drop: str | None, add: str | None, said: str
) -> None:
    doc = _answer()
    ids = [d for d in doc["id"] if d != drop] + ([add] if add else [])
    doc["id"] = ids
    with pytest.raises(SSBFormatError, match=said) as caught:
        check_response(load_table("11616"), doc, "municipality")
    assert "i hvilken som helst rekkefølge" in str(caught.value)
