from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.errors import MappingError, UnknownCodeError
from naering_analysis.reference.industries import (
    GROUP_OF_DIVISION,
    SN2007_CODES,
    compress_divisions,
    expand_divisions,
    industry_name,
    load_focus_mapping,
)

DATA = Path(__file__).resolve().parents[2] / "src" / "naering_analysis" / "data"

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
# The two-digit mapping: each bransje's parts (a whole 17-group, or the piece of one in it).
CONTRACT_PARTS = {
    "gronn_industri": ("10-33", "35-39"),
    "digitalisering": ("58-63", "69-75", "77-78+80-82"),
    "helse": ("86-88",),
    "handel_reiseliv": ("46-47", "55-56", "79", "90-93"),
    "bygg_anlegg": ("41-43",),
    "ovrige": ("01-03", "05-09", "45", "49-53", "64-66", "68", "84", "85", "94-99", "00"),
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
        assert MAPPING.codes_of(name, level="groups") == codes
        assert MAPPING.codes_of(id_) == CONTRACT_PARTS[id_]
        for code in CONTRACT_PARTS[id_]:
            assert MAPPING.bransje_of(code) == name
        for code in codes:
            assert MAPPING.coarse_lookup[code] == name


def test_parts_and_moves_by_hand():
    assert MAPPING.split_groups == ("45-47", "68-75", "77-82", "90-99")
    part = {p.code: p for p in MAPPING.parts}
    assert part["77-78+80-82"].divisions == ("77", "78", "80", "81", "82")
    assert part["68"].name == "Omsetning og drift av fast eiendom" and part["68"].split
    assert not part["10-33"].split and len(part["10-33"].divisions) == 24  # 10–33, no gaps
    moved = {(m.division, m.before, m.after) for m in MAPPING.moves()}
    digital, trade = (
        "Digitalisering og forretningsmessig tjenesteyting",
        ("Handel, reiseliv, opplevelser, idrett og kultur"),
    )
    assert ("68", digital, "Øvrige næringer") in moved
    assert ("79", digital, trade) in moved
    assert ("45", trade, "Øvrige næringer") in moved
    assert len(moved) == 9  # 45, 68, 79 and 94–99
    # a 17-group the two-digit mapping splits keeps its 17-group bransje for 17-group data
    assert MAPPING.bransje_of("68-75") == digital and MAPPING.bransje_of("68") == "Øvrige næringer"
    assert MAPPING.bransje_of("62") == digital  # a division


@pytest.mark.parametrize(
    ("divisions", "code"),
    [(["77", "78", "80", "81", "82"], "77-78+80-82"), (["69", "70", "75"], "69-70+75"),
     (["74", "75", "77"], "74-77"), (["68"], "68")],
)  # fmt: skip
def test_compress_divisions(divisions, code):
    assert compress_divisions(divisions) == code  # 76 is no division: 75 and 77 are neighbours


def test_expand_divisions():
    assert expand_divisions("69-75") == ("69", "70", "71", "72", "73", "74", "75")
    assert expand_divisions("33-36") == ("33", "35", "36")
    for bad in ("04", "6", "1x", "Total"):
        with pytest.raises(UnknownCodeError):
            expand_divisions(bad)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(list(GROUP_OF_DIVISION)), min_size=1, unique=True))
def test_compressed_codes_expand_back(divisions):
    code = compress_divisions(divisions)
    back = [d for run in code.split("+") for d in expand_divisions(run)]
    assert back == sorted(divisions, key=list(GROUP_OF_DIVISION).index)


def test_texts_are_documented():
    assert all(len(b.reasoning) > 40 for b in MAPPING.bransjer)
    for phrase in ["eiendomsdrift", "offentlig", "35–39", "grønne"]:
        assert phrase in MAPPING.limits


def test_lookups_reject_unknown_input():
    with pytest.raises(UnknownCodeError, match="'Total'"):
        MAPPING.bransje_of("Total")
    with pytest.raises(UnknownCodeError, match="'Turisme'"):
        MAPPING.codes_of("Turisme")


def test_table_lists_every_part_once_in_group_order():
    table = MAPPING.table()
    assert table["industry_group"].drop_duplicates().tolist() == list(SN2007_CODES)
    assert table["industry_code"].is_unique and len(table) == 21
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
@given(
    st.lists(
        st.tuples(st.sampled_from([p.code for p in MAPPING.parts]), st.integers(0, 10_000)),
        max_size=40,
    )
)
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
        ],  # no `divisions`: the two-digit mapping follows the 17 groups
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


def test_a_file_without_divisions_keeps_the_17_groups(tmp_path):
    mapping = load_focus_mapping(write(tmp_path, contract_document()))
    assert [p.code for p in mapping.parts] == list(SN2007_CODES)
    assert mapping.moves() == [] and mapping.split_groups == ()


def test_the_packaged_file_validates_as_written():
    document = yaml.safe_load((DATA / "focus_industries.yaml").read_text(encoding="utf-8"))
    assert set(document) == {"bransjer", "parts", "changes", "limits"}
    assert all("68" in p for p in [document["changes"]])


@pytest.mark.parametrize(
    ("edit", "messages"),
    [
        # 68 twice
        (lambda b: b[0]["divisions"].append("68"), ["næringen 68 står flere ganger"]),
        # 62 nowhere
        (lambda b: b[1].update(divisions=["58-61", "63", "69-75", "77-78", "80-82"]),
         ["tosifrede næringer uten bransje: ['62']"]),
        # split parts without a name: 86–87 stay in health, 88 goes to the rest
        (lambda b: (b[2].update(divisions=["86", "87"]), b[5]["divisions"].append("88")),
         ["delen '86-87' (Helsebasert næring) mangler navn", "delen '88' (Øvrige"]),
        # an unknown division
        (lambda b: b[4].update(divisions=["41-43", "04"]), ["'04' er ingen SN2007-næring"]),
        # a whole group in another bransje than its 17-group mapping says
        (lambda b: (b[4]["divisions"].remove("41-43"), b[0]["divisions"].append("41-43")),
         ["gruppen 41-43 ligger hel i 'Grønn industri'", "'Bygg og anlegg' etter 17-grupp"]),
    ],
)  # fmt: skip
def test_division_mapping_problems_are_all_named(tmp_path, edit, messages):
    document = yaml.safe_load((DATA / "focus_industries.yaml").read_text(encoding="utf-8"))
    edit(document["bransjer"])
    with pytest.raises(MappingError) as info:
        load_focus_mapping(write(tmp_path, document))
    for message in messages:
        assert message in str(info.value)


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
