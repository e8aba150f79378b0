from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.errors import MappingError, UnknownCodeError
from naering_analysis.reference.industries import (
    SN2007_CODES,
    industry_name,
    load_focus_mapping,
)

# docs/CONTRACTS.md, copied by hand so that a change to the data file is caught here
CONTRACT = {
    ("Grønn industri", "gronn_industri"): ("10-33", "35-39"),
    ("Digitalisering og forretningsmessig tjenesteyting", "digitalisering"): (
        "58-63",
        "68-75",
        "77-82",
    ),
    ("Helsebasert næring", "helse"): ("86-88",),
    ("Handel, reiseliv, opplevelser, idrett og kultur", "handel_reiseliv"): (
        "45-47",
        "55-56",
        "90-99",
    ),
    ("Bygg og anlegg", "bygg_anlegg"): ("41-43",),
    ("Øvrige næringer", "ovrige"): ("01-03", "05-09", "49-53", "64-66", "84", "85", "00"),
}
MAPPING = load_focus_mapping()


def test_sn2007_codes_in_ssb_order():
    assert SN2007_CODES == (
        "01-03", "05-09", "10-33", "35-39", "41-43", "45-47", "49-53", "55-56", "58-63",
        "64-66", "68-75", "77-82", "84", "85", "86-88", "90-99", "00",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("01-03", "Jordbruk, skogbruk og fiske"),
        ("10-33", "Industri"),
        ("45-47", "Varehandel, reparasjon av motorvogner"),
        ("68-75", "Teknisk tjenesteyting, eiendomsdrift"),
        ("86-88", "Helse- og sosialtjenester"),
        ("00", "Uoppgitt"),
    ],
)
def test_industry_names(code, name):
    assert industry_name(code) == name


@pytest.mark.parametrize("code", ["10", "Total", "", None, "01-3"])
def test_unknown_industry_code(code):
    with pytest.raises(UnknownCodeError) as info:
        industry_name(code)
    assert repr(code) in str(info.value) and "sn2007.yaml" in str(info.value)


def test_default_mapping_matches_the_contract():
    assert MAPPING.names == [name for name, _ in CONTRACT]
    assert MAPPING.ids == [id_ for _, id_ in CONTRACT]
    for (name, id_), codes in CONTRACT.items():
        assert MAPPING.codes_of(name) == codes
        assert MAPPING.codes_of(id_) == codes
        for code in codes:
            assert MAPPING.bransje_of(code) == name


def test_texts_are_documented():
    assert all(len(b.reasoning) > 40 for b in MAPPING.bransjer)
    for phrase in ["eiendomsdrift", "offentlig", "35–39", "grønne"]:
        assert phrase in MAPPING.limits


def test_lookups_reject_unknown_input():
    with pytest.raises(UnknownCodeError, match="'Total'"):
        MAPPING.bransje_of("Total")
    with pytest.raises(UnknownCodeError, match="'Turisme'"):
        MAPPING.codes_of("Turisme")


def test_table_lists_every_group_once():
    table = MAPPING.table()
    assert table["industry_code"].tolist() == list(SN2007_CODES)
    assert table.loc[table["industry_code"] == "41-43", "bransje"].item() == "Bygg og anlegg"
    assert table["industry_name"].iloc[2] == "Industri"


def test_apply_adds_bransje_and_keeps_rows_and_attrs():
    frame = pd.DataFrame({"industry_code": ["86-88", "10-33", "00", "41-43"], "jobs": [5, 7, 1, 3]})
    frame.attrs["synthetic"] = True
    result = MAPPING.apply(frame)
    assert result["bransje"].tolist() == [
        "Helsebasert næring", "Grønn industri", "Øvrige næringer", "Bygg og anlegg",
    ]  # fmt: skip
    assert result["jobs"].tolist() == [5, 7, 1, 3]
    assert result.attrs["synthetic"] is True
    assert "bransje" not in frame.columns


def test_apply_lists_every_unmapped_code():
    frame = pd.DataFrame({"naering": ["10-33", "Total", "10", "Total", None]})
    with pytest.raises(MappingError) as info:
        MAPPING.apply(frame, column="naering")
    text = str(info.value)
    assert text.startswith("3 næringskode(r) i kolonnen 'naering'")
    assert "'Total'" in text and "'10'" in text and "None" in text
    with pytest.raises(MappingError, match="finnes ikke"):
        MAPPING.apply(frame)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(SN2007_CODES), st.integers(0, 10_000)), max_size=40))
def test_bransje_totals_sum_to_the_total(rows):
    frame = pd.DataFrame(rows, columns=["industry_code", "jobs"])
    result = MAPPING.apply(frame)
    assert len(result) == len(frame)
    assert result.groupby("bransje")["jobs"].sum().sum() == frame["jobs"].sum()
    assert set(result["bransje"]) <= set(MAPPING.names)


# --- validation of edited mapping files ---------------------------------------------------------


def contract_document() -> dict:
    return {
        "bransjer": [
            {"id": id_, "name": name, "groups": list(codes), "reasoning": "fordi"}
            for (name, id_), codes in CONTRACT.items()
        ],
        "limits": "grovt",
    }


def write(tmp_path: Path, document: dict) -> Path:
    path = tmp_path / "focus.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def test_a_valid_edited_file_loads(tmp_path):
    document = contract_document()
    document["bransjer"][0]["groups"].append("49-53")  # transport to green industry
    document["bransjer"][5]["groups"].remove("49-53")
    mapping = load_focus_mapping(write(tmp_path, document))
    assert mapping.bransje_of("49-53") == "Grønn industri"
    assert mapping.source.endswith("focus.yaml")


def test_duplicate_code_names_both_bransjer(tmp_path):
    document = contract_document()
    document["bransjer"][4]["groups"].append("10-33")
    with pytest.raises(MappingError) as info:
        load_focus_mapping(write(tmp_path, document))
    text = str(info.value)
    assert "10-33 står flere ganger" in text
    assert "'Grønn industri' og 'Bygg og anlegg'" in text
    assert "focus.yaml" in text


def test_missing_and_unknown_codes_are_all_listed(tmp_path):
    document = contract_document()
    document["bransjer"][5]["groups"] = ["01-03", "05-09", "84", "85", "00", "99", "Total"]
    with pytest.raises(MappingError) as info:
        load_focus_mapping(write(tmp_path, document))
    text = str(info.value)
    assert "ukjente næringskoder ['99', 'Total']" in text
    assert "næringskoder uten bransje: ['49-53', '64-66']" in text


def test_repeated_ids_or_names_fail(tmp_path):
    document = contract_document()
    document["bransjer"][1]["id"] = "helse"
    with pytest.raises(MappingError, match=r"bransje-id brukt flere ganger: \['helse'\]"):
        load_focus_mapping(write(tmp_path, document))


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["bransjer"][0].update(gruppe=["10-33"]), "gruppe"),
        (lambda d: d.pop("limits"), "limits"),
        (lambda d: d["bransjer"][0].update(id="Grønn"), "id"),
        (lambda d: d["bransjer"][2].update(groups=[84]), "anførselstegn"),
        (lambda d: d["bransjer"][2].update(reasoning=""), "reasoning"),
    ],
)
def test_malformed_files_name_the_field(tmp_path, edit, message):
    document = contract_document()
    edit(document)
    with pytest.raises(MappingError, match=message):
        load_focus_mapping(write(tmp_path, document))


def test_invalid_yaml(tmp_path):
    path = tmp_path / "focus.yaml"
    path.write_text("bransjer: [\n", encoding="utf-8")
    with pytest.raises(MappingError, match="ikke gyldig YAML"):
        load_focus_mapping(path)


def test_mapping_is_frozen():
    with pytest.raises(Exception, match="frozen"):
        MAPPING.bransjer[0].name = "x"  # type: ignore[misc]
