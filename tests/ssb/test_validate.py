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


def _demo(table: str) -> dict:
    return json.loads((demo_folder(table) / "responses" / "001.json").read_text("utf-8"))


def test_a_quarterly_table_takes_quarters_and_a_yearly_table_refuses_them() -> None:
    # 01223 is declared in quarters (its 4th quarter is the whole year): 2015K4 … is its answer
    check_response(load_table("01223"), _demo("01223"), "municipality")
    doc = _demo("07459")
    index = doc["dimension"]["Tid"]["category"]["index"]
    first = next(iter(index))
    doc["dimension"]["Tid"]["category"]["index"] = {
        (f"{first}K4" if code == first else code): i for code, i in index.items()
    }
    with pytest.raises(SSBFormatError, match=f"perioder som ikke er årstall: {first}K4"):
        check_response(load_table("07459"), doc, "municipality")


def test_only_a_signed_content_code_may_be_negative() -> None:
    """01223's population growth (Folketilvekst10) is negative where a municipality shrinks."""
    doc = _demo("01223")
    codes = list(doc["dimension"]["ContentsCode"]["category"]["index"])
    sizes = dict(zip(doc["id"], doc["size"], strict=True))
    inner = sizes["Tid"]  # Region, ContentsCode, Tid: one region's block of each code
    growth = codes.index("Folketilvekst10") * inner
    doc["value"][growth] = -146
    check_response(load_table("01223"), doc, "municipality")  # a shrinking year is allowed
    doc["value"][codes.index("Fodte2") * inner] = -1
    with pytest.raises(SSBFormatError, match="ikke-negative antall"):
        check_response(load_table("01223"), doc, "municipality")
