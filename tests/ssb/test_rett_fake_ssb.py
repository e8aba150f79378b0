"""`naering sjekk --rett` and `naering fetch --bare-godkjente` end to end against the fake SSB.

What SSB's metadata settles is written to the user's override ``katalog/<table>.yaml`` (never the
package's table file), and a later fetch and build use it.
"""

import json
from pathlib import Path

import pytest
import yaml

import naering_analysis.datasets.fetch as fetch_module
from naering_analysis import cli
from naering_analysis.ssb import catalogue
from naering_analysis.ssb.catalogue import CatalogueError, load_package_table, load_table
from tests.fake_ssb import API, TABLES, nace_members

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "src" / "naering_analysis" / "data" / "tables"


@pytest.fixture
def ssb(project, fake, make_client, monkeypatch, httpserver):
    monkeypatch.setattr(fetch_module, "SSBClient", make_client)
    monkeypatch.setenv("NAERING_SSB_URL", httpserver.url_for(API))
    return fake


@pytest.fixture
def package_bytes():
    """The package's table files, to show that nothing here changes them."""
    before = {p.name: p.read_bytes() for p in PACKAGE.glob("*.yaml")}
    yield before
    assert {p.name: p.read_bytes() for p in PACKAGE.glob("*.yaml")} == before


def _folders(project, table):
    folder = project / "data" / "raw" / "ssb" / table
    return sorted(p.name for p in folder.iterdir() if p.name != "metadata")


def _nace_requests(httpserver, table):
    return [
        req.args.get("codelist[NACE2007]")
        for req, _ in httpserver.log
        if req.path == f"{API}tables/{table}/data"
    ]


def _single_values(fake, codelist):
    """Set ``codelist`` to display single values: it answers with the two-digit members."""
    for code, value in fake.codelists[codelist].items():
        value["valueMap"] = nace_members(code)
    fake.single_values.add(codelist)


# --- a wrong assumed codelist id, and a single-values codelist -----------------------------


def test_wrong_codelist_and_single_values_are_settled_then_fetched_and_built(
    ssb, project, capsys, httpserver, package_bytes
):
    # SSB has no agg_NACE2007arb11 for 13470; it offers a single-values list and agg_Nace17
    ssb.withdraw_codelist("13470", "NACE2007", "agg_NACE2007arb11")
    ssb.offer_codelist(
        "13470",
        "NACE2007",
        "agg_single_NACE2007arb11",
        like="agg_NACE2007arb11",
        members=nace_members,
        single=True,
    )
    ssb.offer_codelist(
        "13470", "NACE2007", "agg_Nace17", like="agg_NACE2007arb11", members=nace_members
    )
    assert cli.main(["sjekk", "13470"]) == 1
    out = capsys.readouterr().out
    assert "Kodelisten agg_NACE2007arb11 for NACE2007 finnes ikke lenger i tabell 13470" in out
    assert "Kan rettes automatisk: NACE2007 → codelist: agg_NACE2007arb11 → agg_Nace17" in out
    assert "naering sjekk --rett" in out
    assert not (project / "katalog").exists()  # a plain sjekk writes nothing

    assert cli.main(["sjekk", "13470", "--rett"]) == 0
    out = capsys.readouterr().out
    assert (
        "Rettet i katalog/13470.yaml (src/naering_analysis/data/tables/13470.yaml er uendret)"
        in out
    )
    assert "    NACE2007 → codelist: agg_NACE2007arb11 → agg_Nace17 (" in out
    assert "  13470: OK" in out
    override = yaml.safe_load((project / "katalog" / "13470.yaml").read_text("utf-8"))
    assert override["table"] == "13470"
    assert override["changes"] == {"dimensions": {"NACE2007": {"codelist": "agg_Nace17"}}}
    assert load_table("13470").dimension("NACE2007").codelist == "agg_Nace17"
    assert load_package_table("13470").dimension("NACE2007").codelist == "agg_NACE2007arb11"

    assert cli.main(["sjekk", "13470"]) == 0  # a plain sjekk now passes, naming the override
    assert "Bruker katalogoverstyringen katalog/13470.yaml" in capsys.readouterr().out
    httpserver.clear_log()
    assert cli.main(["fetch", "13470"]) == 0
    assert set(_nace_requests(httpserver, "13470")) == {"agg_Nace17"}
    [today] = [f for f in _folders(project, "13470") if f != "2026-11-26"]
    data = json.loads((project / "data/raw/ssb/13470" / today / "data.json").read_text("utf-8"))
    assert list(data["dimension"]["NACE2007"]["category"]["index"]) == list(
        load_package_table("13470").dimension("NACE2007").values
    )
    assert cli.main(["build"]) == 0
    from naering_analysis.datasets import frames

    fetched = frames.employment(today)
    demo = frames.employment("2026-11-26")
    assert set(fetched["region_code"]) <= set(demo["region_code"])
    assert len(fetched) > 0


def test_a_single_values_codelist_is_seen_and_another_chosen(ssb, project, capsys):
    _single_values(ssb, "agg_NACE2007arb11")
    ssb.offer_codelist("13470", "NACE2007", "agg_Nace17", like="agg_NACE2007arb11")
    ssb.single_values.discard("agg_Nace17")
    assert cli.main(["sjekk", "13470"]) == 1
    out = capsys.readouterr().out
    assert "Kodelisten agg_NACE2007arb11 for NACE2007 er satt til å vise enkeltverdier" in out
    assert "SSB svarer med 01, 02, 03" in out
    assert cli.main(["sjekk", "13470", "--rett"]) == 0
    assert "agg_NACE2007arb11 → agg_Nace17" in capsys.readouterr().out
    assert cli.main(["fetch", "13470"]) == 0


def test_a_single_values_codelist_without_another_says_what_to_do(ssb, project, capsys):
    _single_values(ssb, "agg_NACE2007arb11")
    assert cli.main(["sjekk", "13470", "--rett"]) == 1
    out = capsys.readouterr().out
    assert "Ingen annen kodeliste SSB tilbyr for NACE2007" in out
    assert (
        "Rett `dimensions → NACE2007 → codelist i src/naering_analysis/data/tables/13470.yaml`"
        in out
    )
    assert not (project / "katalog").exists()


def test_two_fitting_codelists_are_not_chosen_between(ssb, project, capsys):
    ssb.withdraw_codelist("13470", "NACE2007", "agg_NACE2007arb11")
    ssb.offer_codelist("13470", "NACE2007", "agg_Nace17", like="agg_NACE2007arb11")
    ssb.offer_codelist("13470", "NACE2007", "agg_Nace17b", like="agg_NACE2007arb11")
    assert cli.main(["sjekk", "13470", "--rett"]) == 1
    out = capsys.readouterr().out
    assert "Kan rettes automatisk" not in out and "Rett `dimensions → NACE2007 → codelist" in out
    assert not (project / "katalog").exists()


# --- a renamed content code, a new total ---------------------------------------------------


def test_a_renamed_content_code_with_the_same_label_is_settled(ssb, project, capsys, package_bytes):
    ssb.rename_code("07459", "ContentsCode", "Personer1", "Personer2")
    assert cli.main(["sjekk", "07459", "--rett"]) == 0
    out = capsys.readouterr().out
    assert "ContentsCode → values: [Personer1] → [Personer2]" in out
    assert load_table("07459").metric.values == ("Personer2",)
    assert cli.main(["fetch", "07459"]) == 0


def test_a_new_total_code_goes_under_totals_but_a_new_sector_does_not(ssb, project, capsys):
    ssb.add_code("13472", "Sektor", "9999", "Sektorer i alt")
    assert cli.main(["sjekk", "13472", "--rett"]) == 0
    assert "Sektor → totals: " in capsys.readouterr().out
    assert "9999" in load_table("13472").dimension("Sektor").totals
    ssb.add_code("13472", "Sektor", "7000", "Ny sektor")
    assert cli.main(["sjekk", "13472", "--rett"]) == 1
    out = capsys.readouterr().out
    assert "Sektor: SSB har ny(e) kode(r) 7000" in out and "Kan rettes automatisk" not in out


# --- the override file: precedence, corrupt files ------------------------------------------


def test_the_override_goes_over_the_package_and_deleting_it_goes_back(project, package_bytes):
    folder = project / "katalog"
    folder.mkdir()
    path = folder / "13470.yaml"
    path.write_text(
        'table: "13470"\nchanges:\n  dimensions:\n    NACE2007:\n      codelist: agg_Nace17\n'
        "  region_levels:\n    county:\n      codelist: agg_Fylker2024\n",
        "utf-8",
    )
    spec = load_table("13470")
    assert spec.dimension("NACE2007").codelist == "agg_Nace17"
    assert spec.region_levels["county"].codelist == "agg_Fylker2024"
    assert (
        spec.dimension("NACE2007").values
        == load_package_table("13470").dimension("NACE2007").values
    )
    assert load_table("07459") == load_package_table("07459")  # other tables untouched
    path.unlink()
    assert load_table("13470").dimension("NACE2007").codelist == "agg_NACE2007arb11"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("changes: [\n", "Katalogoverstyringen katalog/13470.yaml er ikke gyldig YAML"),
        (
            'table: "13470"\nchanges:\n  dimensions:\n    NACE2025:\n      codelist: x\n',
            "endrer dimensjonen NACE2025",
        ),
        (
            'table: "13470"\nchanges:\n  dimensions:\n    NACE2007:\n      codelist: [1]\n',
            "data/tables/13470.yaml med overstyringen katalog/13470.yaml er ugyldig",
        ),
        ('table: "07459"\n', "sier table: '07459'"),
    ],
)
def test_a_corrupt_override_is_named_in_norwegian(ssb, project, capsys, text, said):
    (project / "katalog").mkdir()
    (project / "katalog" / "13470.yaml").write_text(text, "utf-8")
    with pytest.raises(CatalogueError, match=r"katalog/13470\.yaml"):
        catalogue.load_table("13470")
    assert cli.main(["sjekk", "13470"]) != 0
    err = capsys.readouterr().err
    assert err.startswith("feil: ") and said in err


# --- naering fetch --bare-godkjente --------------------------------------------------------


def test_bare_godkjente_fetches_the_passing_tables_and_names_the_others(ssb, project, capsys):
    ssb.add_code("13472", "Sektor", "7000", "Ny sektor")
    before = {t: _folders(project, t) for t in TABLES}
    assert cli.main(["fetch"]) == 1  # without the option: nothing
    assert {t: _folders(project, t) for t in TABLES} == before
    capsys.readouterr()
    assert cli.main(["fetch", "--bare-godkjente"]) == 0
    out = capsys.readouterr().out
    assert (
        "Utelatt (--bare-godkjente): 13472, fordi sjekken fant avvik: Sektor: SSB har ny(e)" in out
    )
    assert "Ikke hentet (sjekken fant avvik): 13472." in out
    assert _folders(project, "13472") == before["13472"]
    for table in (t for t in TABLES if t != "13472"):
        assert len(_folders(project, table)) == len(before[table]) + 1, table


def test_bare_godkjente_with_no_table_passing_fetches_nothing(ssb, project, capsys):
    ssb.add_code("13472", "Sektor", "7000", "Ny sektor")
    before = _folders(project, "13472")
    assert cli.main(["fetch", "13472", "--bare-godkjente"]) == 1
    assert "SSB har endret tabell 13472" in capsys.readouterr().err
    assert _folders(project, "13472") == before
