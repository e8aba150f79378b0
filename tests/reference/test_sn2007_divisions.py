"""SN2007 division names: the 88 divisions and 00, hand-checked names, and the file's validation."""

from pathlib import Path

import pytest

from naering_analysis.errors import MappingError, UnknownCodeError
from naering_analysis.reference.industries import (
    DIVISIONS_FILE,
    SN2007_DIVISION_CODES,
    SN2007_DIVISION_NAMES,
    division_name,
    load_division_names,
    parse_division_names,
)
from naering_analysis.reference.sn2025 import SN2007_DIVISIONS

PACKAGE_CSV = Path(__file__).parents[2] / "src" / "naering_analysis" / "data" / DIVISIONS_FILE

# NACE Rev. 2's two-digit codes, copied by hand so a change to the expansion is caught here.
NACE_DIVISIONS = tuple(
    f"{n:02d}" for n in range(1, 100) if n not in {4, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89}
)


def _rows() -> list[list[str]]:
    """The package file's data rows as (code, rest of line), comments and header left out."""
    lines = PACKAGE_CSV.read_text(encoding="utf-8").splitlines()
    return [line.split(",", 1) for line in lines if not line.startswith("#")][1:]


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / DIVISIONS_FILE
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _package_lines() -> list[str]:
    return PACKAGE_CSV.read_text(encoding="utf-8").splitlines()


def test_88_divisions_and_00_in_code_order():
    assert len(SN2007_DIVISION_NAMES) == 89
    assert tuple(SN2007_DIVISION_NAMES) == (*NACE_DIVISIONS, "00")
    assert [code for code, _ in _rows()] == [*NACE_DIVISIONS, "00"]


def test_local_expansion_matches_sn2025():
    assert SN2007_DIVISION_CODES == SN2007_DIVISIONS
    assert len(SN2007_DIVISION_CODES) == 89


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("10", "Produksjon av nærings- og nytelsesmidler"),
        ("45", "Handel med og reparasjon av motorvogner"),
        ("62", "Tjenester tilknyttet informasjonsteknologi"),
        ("68", "Omsetning og drift av fast eiendom"),
        ("79", "Reisebyrå- og reisearrangørvirksomhet og tilknyttede tjenester"),
        ("94", "Aktiviteter i medlemsorganisasjoner"),
        ("01", "Jordbruk og tjenester tilknyttet jordbruk, jakt og viltstell"),
        ("00", "Uoppgitt"),
    ],
)
def test_hand_checked_names(code, name):
    assert division_name(code) == name
    assert SN2007_DIVISION_NAMES[code] == name


def test_names_are_unique_and_non_empty():
    names = list(SN2007_DIVISION_NAMES.values())
    assert all(n.strip() == n and n for n in names)
    assert len(set(names)) == len(names)


def test_every_row_has_a_status_and_only_98_and_00_are_assumed():
    statuses = {code: rest.rsplit(",", 1)[1] for code, rest in _rows()}
    assert set(statuses.values()) == {"confirmed", "assumed"}
    assert sorted(c for c, s in statuses.items() if s == "assumed") == ["00", "98"]


def test_header_names_its_sources():
    header = "\n".join(line for line in _package_lines() if line.startswith("# "))
    assert "guiveg/pepesearch" in header
    assert "navikt/sykefravarsstatistikk-api" in header
    assert "naering sjekk" in header


@pytest.mark.parametrize("code", ["04", "1", "100", "01-03", "zz5", "", None])
def test_unknown_division(code):
    with pytest.raises(UnknownCodeError, match="SN2007-næringer") as info:
        division_name(code)
    assert DIVISIONS_FILE in str(info.value)


def test_package_file_loads_through_a_path():
    assert load_division_names(PACKAGE_CSV) == SN2007_DIVISION_NAMES


def test_duplicated_code_is_rejected(tmp_path):
    lines = _package_lines()
    lines.insert(lines.index("50,Sjøfart,confirmed") + 1, "50,Sjøfart,confirmed")
    with pytest.raises(MappingError, match=r"flere ganger: \['50'\]") as info:
        load_division_names(_write(tmp_path, lines))
    assert str(tmp_path / DIVISIONS_FILE) in str(info.value)


def test_missing_code_is_rejected(tmp_path):
    lines = [line for line in _package_lines() if not line.startswith("51,")]
    with pytest.raises(MappingError, match=r"mangler: \['51'\]") as info:
        load_division_names(_write(tmp_path, lines))
    assert DIVISIONS_FILE in str(info.value)


def test_gap_code_empty_name_and_bad_status_are_all_listed():
    text = "\n".join(_package_lines()).replace("50,Sjøfart,confirmed", "50,,sikker")
    text += "\n04,Finnes ikke,assumed\n"
    with pytest.raises(MappingError) as info:
        parse_division_names(text, "test.csv")
    message = str(info.value)
    assert message.startswith("test.csv må ha hver av SSBs 88 SN2007-næringer")
    assert "kode '50' mangler navn" in message
    assert "'sikker'" in message
    assert "kode '04' er ikke en tosifret SN2007-næring" in message


def test_unquoted_comma_and_wrong_columns_are_rejected():
    good = "\n".join(_package_lines())
    broken = good.replace('"Fiske, fangst og akvakultur"', "Fiske, fangst og akvakultur")
    with pytest.raises(MappingError, match="anførselstegn"):
        parse_division_names(broken, "test.csv")
    with pytest.raises(MappingError, match="kolonnene må være"):
        parse_division_names(good.replace("code,name,status", "kode,navn,status"), "test.csv")
