"""`naering sjekk --rett` and `naering fetch --bare-godkjente` end to end against the fake SSB.

What SSB's metadata settles is written to the user's override ``katalog/<table>.yaml`` (never the
package's table file), and a later fetch and build use it.
"""

from pathlib import Path

import pytest
import yaml

import naering_analysis.datasets.fetch as fetch_module
from naering_analysis import cli
from naering_analysis.ssb import catalogue
from naering_analysis.ssb.catalogue import CatalogueError, load_package_table, load_table
from tests.fake_ssb import API, TABLES

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


# --- a wrong assumed codelist id --------------------------------------------------------------
# 13470 and 13472 ask for two-digit NACE2007 codes without a codelist (the 17 groups are summed
# here), so the assumed codelists left are the region levels', e.g. 07984's agg_KommFylker.


def test_a_wrong_region_codelist_is_settled_then_fetched_and_built(
    ssb, project, capsys, httpserver, package_bytes
):
    ssb.rename_codelist("07984", "Region", "agg_KommFylker", "agg_Fylker2024")
    assert cli.main(["sjekk", "07984"]) == 1
    out = capsys.readouterr().out
    assert "Kodelisten agg_KommFylker for Region (county) finnes ikke lenger i tabell 07984" in out
    assert "Kan rettes automatisk: county → codelist: agg_KommFylker → agg_Fylker2024" in out
    assert not (project / "katalog").exists()  # a plain sjekk writes nothing

    assert cli.main(["sjekk", "07984", "--rett"]) == 0
    out = capsys.readouterr().out
    assert (
        "Rettet i katalog/07984.yaml (src/naering_analysis/data/tables/07984.yaml er uendret)"
        in out
    )
    assert "  07984: OK" in out
    override = yaml.safe_load((project / "katalog" / "07984.yaml").read_text("utf-8"))
    assert override["changes"] == {"region_levels": {"county": {"codelist": "agg_Fylker2024"}}}
    assert load_table("07984").region_levels["county"].codelist == "agg_Fylker2024"
    assert load_package_table("07984").region_levels["county"].codelist == "agg_KommFylker"

    httpserver.clear_log()
    assert cli.main(["fetch", "07984"]) == 0
    asked = {req.args.get("codelist[Region]") for req, _ in httpserver.log if "/data" in req.path}
    assert "agg_Fylker2024" in asked and "agg_KommFylker" not in asked
    [today] = [f for f in _folders(project, "07984") if f != "2026-11-26"]
    assert cli.main(["build"]) == 0
    from naering_analysis.datasets import frames

    fetched = frames.employment_long(today)
    assert {"31", "3105"} <= set(fetched["region_code"])  # the county came through the new list


def test_two_fitting_region_codelists_are_not_chosen_between(ssb, project, capsys):
    ssb.rename_codelist("07984", "Region", "agg_KommFylker", "agg_Fylker2024")
    ssb.offer_codelist("07984", "Region", "agg_Fylker2024b", like="agg_Fylker2024")
    assert cli.main(["sjekk", "07984", "--rett"]) == 1
    out = capsys.readouterr().out
    assert "Flere kodelister har kodene (agg_Fylker2024, agg_Fylker2024b): velg én" in out
    assert "Rett `region_levels → county → codelist" in out
    assert not (project / "katalog").exists()


def test_the_workplace_tables_ask_for_no_industry_codelist(ssb, project, httpserver):
    assert cli.main(["fetch", "13470"]) == 0
    assert set(_nace_requests(httpserver, "13470")) == {None}


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
    assert load_table("13470").dimension("NACE2007").codelist is None  # two-digit, no codelist
    assert load_table("13470").region_levels["county"].codelist == "agg_KommFylker"


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


# --- the whole way: sjekk --rett, fetch, build and the report's figures ----------------------


def test_after_rett_every_table_is_fetched_built_and_reported(ssb, project, capsys):
    """SSB answers 11616 in its own order and renames 07984's county list; 13470 and 13472
    come at two digits with Hvaler's suppressed cells. `sjekk --rett` settles what it can, and
    the fetched snapshots carry the report's inputs, key figures and summary."""
    from naering_analysis.datasets import frames
    from naering_analysis.report.council import analysis_inputs
    from naering_analysis.report.keyfigures import compute_key_figures, summary_markdown

    ssb.reorder("11616", ["Region", "ContentsCode", "Tid", "Alder"])
    ssb.rename_codelist("07984", "Region", "agg_KommFylker", "agg_Fylker2024")
    assert cli.main(["sjekk", "--rett"]) == 0
    before = {t: set(_folders(project, t)) for t in TABLES}  # the demo and converted real ones
    assert cli.main(["fetch"]) == 0
    # Every table has exactly one new folder beside what was there before: today's fetch.
    fetched = {t: [f for f in _folders(project, t) if f not in before[t]] for t in TABLES}
    assert all(len(folders) == 1 for folders in fetched.values()), fetched
    assert cli.main(["build"]) == 0
    capsys.readouterr()

    jobs = frames.employment()
    assert jobs.attrs["synthetic"] is False and jobs.attrs["industry_level"] == "tosifret"
    hidden = frames.suppressed_jobs().set_index(["region_code", "year"])
    assert hidden.loc[("3110", 2016), "suppressed_jobs"] == 4  # the demo's hidden Hvaler cells
    figures = compute_key_figures(analysis_inputs(root=project))
    assert figures["meta"]["synthetic"] is False
    assert figures["data"]["latest_jobs"] > 0
    assert {m["industry_code"] for m in figures["industries"]["moves"]} == {
        "45",
        "68",
        "79",
        "94-99",
    }
    summary = summary_markdown(figures)
    assert "Bransjeavgrensning:** bransjene er satt sammen av tosifrede SN2007-næringer" in summary
    assert "Illustrasjonsdata" not in summary

    # `make report` on the fetched snapshots: every notebook runs, the summary is real data
    from naering_analysis.report.run import make_report

    (project / "notebooks").mkdir(exist_ok=True)
    # the notebooks that read the two-digit and the reordered tables (the full set runs in
    # tests/report on the demo; all nine here would add a minute to the suite)
    for name in ("01_data", "02_utvikling"):
        book = REPO / "notebooks" / f"{name}.ipynb"
        (project / "notebooks" / book.name).write_bytes(book.read_bytes())
    result = make_report(root=project, today="2027-03-01")
    written = (result.path / "sammendrag.md").read_text("utf-8")
    assert "tosifrede SN2007-næringer" in written and "Illustrasjonsdata" not in written
    assert (result.path / "index.html").is_file()


# --- a region codelist set to display single values ----------------------------------------


def _county_members(fake, codelist, table="07984"):
    """Let ``codelist``'s F-31 list Østfold's municipalities as its members (the valueMap)."""
    members = [c for c in fake.metadata[table]["dimension"]["Region"]["category"]["index"]
               if c.startswith("31") and len(c) == 4]  # fmt: skip
    fake.codelists[codelist]["F-31"]["valueMap"] = members
    return members


def test_a_single_values_county_list_is_seen_and_another_chosen(ssb, project, capsys):
    # 07984's county list answers with the municipalities; SSB also offers agg_Fylker2024
    ssb.offer_codelist("07984", "Region", "agg_Fylker2024", like="agg_KommFylker")
    members = _county_members(ssb, "agg_KommFylker")
    _county_members(ssb, "agg_Fylker2024")
    ssb.single_values.add("agg_KommFylker")
    assert cli.main(["sjekk", "07984"]) == 1
    out = capsys.readouterr().out
    assert (
        "Kodelisten agg_KommFylker for Region (county) er satt til å vise enkeltverdier: SSB "
        f"svarer med {', '.join(members[:6])}"
    ) in out
    assert "i stedet for F-31" in out
    assert "Kan rettes automatisk: county → codelist: agg_KommFylker → agg_Fylker2024" in out
    assert cli.main(["sjekk", "07984", "--rett"]) == 0
    assert load_table("07984").region_levels["county"].codelist == "agg_Fylker2024"
    assert cli.main(["fetch", "07984"]) == 0
    capsys.readouterr()
    assert cli.main(["build"]) == 0


def test_a_single_values_county_list_without_another_says_what_to_do(ssb, project, capsys):
    _county_members(ssb, "agg_KommFylker")
    ssb.single_values.add("agg_KommFylker")
    assert cli.main(["sjekk", "07984", "--rett"]) == 1
    out = capsys.readouterr().out
    assert "Ingen annen kodeliste SSB tilbyr for Region" in out
    assert (
        "Rett `region_levels → county → codelist i src/naering_analysis/data/tables/07984.yaml`"
        in out
    )
    assert not (project / "katalog").exists()


def test_the_flow_tables_codelist_is_settled_for_both_ends_then_fetched(
    ssb, project, capsys, httpserver, package_bytes
):
    # 03321's agg_KommSummer on Bokommuen and ArbstedKomm is assumed: if SSB names it otherwise,
    # both ends report it and one correction (region_levels → municipality) settles both.
    for dim in ("Bokommuen", "ArbstedKomm"):
        ssb.rename_codelist("03321", dim, "agg_KommSummer", "agg_KommSummer2024")
    assert cli.main(["sjekk", "03321"]) == 1
    out = capsys.readouterr().out
    assert "agg_KommSummer for Bokommuen (municipality) finnes ikke lenger" in out
    assert "agg_KommSummer for ArbstedKomm (municipality) finnes ikke lenger" in out
    assert cli.main(["sjekk", "03321", "--rett"]) == 0
    assert "  03321: OK" in capsys.readouterr().out
    override = yaml.safe_load((project / "katalog" / "03321.yaml").read_text("utf-8"))
    assert override["changes"] == {
        "region_levels": {"municipality": {"codelist": "agg_KommSummer2024"}}
    }
    ssb.posts.clear()
    assert cli.main(["fetch", "03321"]) == 0
    # 357 codes make the GET URL too long: both parts go as POST
    asked = {
        (entry["variableCode"], entry.get("codelist"))
        for body in ssb.posts
        for entry in body["selection"]
        if entry["variableCode"] in ("Bokommuen", "ArbstedKomm")
    }
    assert len(ssb.posts) == 2
    assert asked == {("Bokommuen", "agg_KommSummer2024"), ("ArbstedKomm", "agg_KommSummer2024")}
