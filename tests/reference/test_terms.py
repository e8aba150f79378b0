"""The terms registry: one label, one definition."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naering_analysis.errors import MappingError
from naering_analysis.reference import terms
from naering_analysis.reference.terms import (
    categories,
    definitions,
    label,
    label_problems,
    load_terms,
    registry,
    terms_for,
)


def write_terms(folder: Path, body: str) -> Path:
    path = folder / "terms.yaml"
    path.write_text("terms:\n" + body, encoding="utf-8")
    return path


def test_labels_render_with_their_placeholders():
    assert label("maalbane") == "Målbane"
    assert label("maalbane", 3, rate="1,5 %", year=2022) == "Målbane (1,5\u00a0% per år fra 2022)"
    assert label("arlig_vekst", period="2017–2022") == "Årlig vekst 2017–2022"
    with pytest.raises(MappingError, match="trenger verdier for \\['period'\\]"):
        label("arlig_vekst")
    with pytest.raises(MappingError, match=r"terms\.yaml"):
        label("finnes_ikke")


def test_a_shown_label_finds_its_one_term():
    assert [t.key for t in terms_for("Arbeidsplasser 2030")] == ["arbeidsplasser"]
    assert [t.key for t in terms_for("2030")] == ["aar_kolonne"]
    assert [t.key for t in terms_for("Målbane (arbeidsplasser)")] == ["maalbane"]
    # Line breaks and no-break spaces from wrapped figure labels do not matter.
    assert [t.key for t in terms_for("80\u00a0%\nusikkerhetsintervall")] == ["usikkerhetsintervall"]
    assert terms_for("Mål: 1,5 % årlig vekst") == ()


def test_the_path_from_the_latest_year_is_not_the_target_path():
    """The bug of issue 15: one word, «Målbane», for two paths a few lines apart."""
    other = label("bane_fra_siste", rate="1,5 %", year=2025)
    assert other == "Bane med 1,5\u00a0% fra 2025"
    assert definitions(other) != definitions(label("maalbane"))
    assert label("maalbane") not in other


@given(year=st.integers(1000, 9999), start=st.integers(1000, 9998))
def test_every_rendered_label_belongs_to_its_own_term_only(year, start):
    period = f"{start}–{start + 1}"
    values = {"year": year, "period": period, "rate": "2,5 %", "n": 7}
    for term in registry().values():
        for form, template in enumerate(term.labels):
            needed = {k: v for k, v in values.items() if "{" + k + "}" in template}
            shown = term.render(form, **needed)
            assert [t.key for t in terms_for(shown)] == [term.key], shown


def test_registry_refuses_one_label_with_two_definitions(tmp_path):
    path = write_terms(
        tmp_path,
        "  - key: maalbane\n    labels: [Målbane]\n    definition: Banen fra basisåret.\n"
        "  - key: bane\n    labels: [Målbane]\n    definition: Banen fra siste dataår.\n",
    )
    with pytest.raises(MappingError, match=r"'Målbane' betyr flere ting"):
        load_terms(path)


def test_registry_refuses_a_template_that_swallows_another_label(tmp_path):
    path = write_terms(
        tmp_path,
        "  - key: vekst\n    labels: ['Årlig vekst {period}']\n    definition: CAGR.\n"
        "  - key: referanse\n    labels: ['Årlig vekst 2017–2022']\n    definition: Perioden.\n",
    )
    with pytest.raises(MappingError, match="betyr flere ting"):
        load_terms(path)


def test_registry_refuses_repeated_keys_and_unknown_placeholders(tmp_path):
    repeated = write_terms(
        tmp_path,
        "  - key: aar\n    labels: [År]\n    definition: Året.\n"
        "  - key: aar\n    labels: [Året]\n    definition: Året igjen.\n",
    )
    with pytest.raises(MappingError, match="nøkler brukt flere ganger: \\['aar'\\]"):
        load_terms(repeated)
    unknown = write_terms(
        tmp_path, "  - key: x\n    labels: ['Vekst {kvartal}']\n    definition: Ukjent.\n"
    )
    with pytest.raises(MappingError, match="ukjent plassholder \\{kvartal\\}"):
        load_terms(unknown)


def test_categories_cover_bransjer_industries_sectors_and_places():
    names = categories()
    assert names["Helsebasert næring"].startswith("Bransje i handlingsprogrammet: SN2007 86-88")
    assert names["Helse- og sosialtjenester"] == "SN2007-gruppe 86-88."
    assert names["Privat sektor"].startswith("Private foretak")
    assert names["Sarpsborg"] == names["Søndre Østfold"] == names["Hele landet"]


def test_label_problems_name_unknown_labels_and_double_meanings():
    scenarios = {"Nasjonal vekst": "Scenario: hver næring vokser som i landet."}
    assert label_problems(["Målbane", "Arbeidsplasser 2030", "Sarpsborg"], scenarios) == []
    unknown = label_problems(["Mål: 1,5 % årlig vekst"])
    assert len(unknown) == 1 and "står ikke i ordlista" in unknown[0]
    # A scenario named like a term (the old shift-share label) has two meanings.
    clash = label_problems(["Nasjonal komponent"], {"Nasjonal komponent": "Scenario: x."})
    assert len(clash) == 1 and "har 2 betydninger" in clash[0]


def test_sector_names_are_the_registry_s():
    assert terms.SECTOR_NAMES == {
        "all": "Alle sektorer",
        "private": "Privat sektor",
        "public": "Offentlig sektor",
    }
