"""The naering command: Norwegian messages, a short cause and the useful lines on failure."""

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import naering_analysis.datasets.fetch as fetch_module
from naering_analysis import cli
from naering_analysis.errors import SSBUnavailable
from naering_analysis.snapshots import damaged_snapshots
from tests.fake_ssb import API, TABLES

REPO = Path(__file__).resolve().parents[1]
OSLO = ZoneInfo("Europe/Oslo")


def test_snapshots_lists_the_demo_as_synthetic(project, capsys):
    assert cli.main(["snapshots"]) == 0
    out = capsys.readouterr().out
    assert "SYNTETISK (demo)" in out
    for table in ("13470", "13472", "07984", "07459", "11616"):
        assert table in out


# The first, cold `naering build` of the demo is the session's (tests/demo_cache.py runs the
# command and keeps what it printed); each test here runs the second one in a copy of it.


def test_build_then_up_to_date(built_demo, built_project, capsys):
    first = built_demo.output
    assert "Bygger employment.parquet" in first
    assert "SYNTETISKE DEMODATA" in first
    assert cli.main(["build"]) == 0
    assert "oppdatert" in capsys.readouterr().out


def test_build_chooses_the_method_and_keeps_it(built_demo, built_project, capsys):
    first = built_demo.output
    assert "Velger framskrivingsmetode ved backtest" in first
    assert "Framskrivingsmetode for kommunetotalen valgt på disse dataene: " in first
    assert "relativ MASE" in first and "for næringene: " in first
    assert (built_demo.processed / "metodevalg.json").is_file()
    assert (built_project / "data" / "processed" / "metodevalg.json").is_file()
    assert cli.main(["build"]) == 0
    again = capsys.readouterr().out
    assert "Metodevalget er oppdatert" in again and "Velger" not in again
    assert first.splitlines()[-2] == again.splitlines()[-2]  # the same choice, read back


def test_backtest_shows_every_method_and_the_choice(built_project, capsys):
    assert cli.main(["backtest"]) == 0
    out = capsys.readouterr().out
    assert "SYNTETISKE DEMODATA" in out
    assert "| Rang | Metode" in out and "Relativ MASE" in out and "Dekning 80 %" in out
    assert "Valgt for kommunetotalene: " in out and "Valgt for næringene: " in out
    assert "Naiv (uendret nivå)" in out and "1,000" in out


def test_fetch_failure_shows_the_cause_and_what_to_do(project, capsys, monkeypatch):
    def unavailable(*args, **kwargs):
        raise SSBUnavailable(
            "SSB svarte ikke etter 5 forsøk (tabell 13470).\nPrøv igjen senere.",
            verbose="GET https://data.ssb.no/api/pxwebapi/v2/tables/13470/data?lang=no",
        )

    monkeypatch.setattr("naering_analysis.datasets.fetch.fetch_tables", unavailable)
    assert cli.main(["fetch", "13470"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    # the lines that say what to do are kept; the URL only with --verbose
    assert err == ["feil: SSB svarte ikke etter 5 forsøk (tabell 13470).", "  Prøv igjen senere."]
    assert cli.main(["fetch", "13470", "--verbose"]) == 1
    verbose = capsys.readouterr().err
    assert "Detaljer:" in verbose and "tables/13470/data?lang=no" in verbose


def test_tampered_snapshot_fails_the_build(project, capsys):
    for folder in (project / "data" / "raw" / "ssb" / "07459").iterdir():  # real and demo
        data = folder / "data.json"
        data.write_bytes(data.read_bytes() + b" ")
    assert cli.main(["build"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("feil: Fant ikke noe brukbart snapshot av tabell 07459")
    assert "data.json" in err and "naering fetch 07459" in err
    assert len(err.strip().splitlines()) <= 6


def test_data_edited_together_with_its_checksum_is_caught_by_the_saved_answers(project, capsys):
    """Issue 22: editing data.json and its sha256 in provenance.json passed every check."""
    import hashlib

    folder = next((project / "data" / "raw" / "ssb" / "13470").iterdir())
    data = folder / "data.json"
    doc = json.loads(data.read_bytes())
    doc["value"][0] = (doc["value"][0] or 0) + 1000  # one cell, 1 000 more jobs
    edited = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    data.write_bytes(edited)
    provenance = json.loads((folder / "provenance.json").read_text("utf-8"))
    provenance.update(sha256=hashlib.sha256(edited).hexdigest(), bytes=len(edited))
    (folder / "provenance.json").write_text(json.dumps(provenance), "utf-8")
    assert cli.main(["build"]) == 1
    err = capsys.readouterr().err
    assert "data.json er ikke sammensetningen av svarene i responses/" in err
    assert "naering fetch 13470" in err


def test_version_flag(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("naering ")


def test_long_error_messages_are_cut_to_a_few_short_lines():
    lines = [f"linje {n} " + "x" * 1000 for n in range(40)]
    shown = cli.error_lines(SSBUnavailable("\n".join(lines)))
    assert len(shown) == cli.MAX_ERROR_LINES and "bruk --verbose" in shown[-1]
    assert all(len(line) <= cli.MAX_LINE for line in shown)


# --- naering sjekk and fetch against the fake SSB -----------------------------------------


@pytest.fixture
def ssb(project, fake, make_client, monkeypatch, httpserver):
    """The fake SSB for the CLI: its URL in NAERING_SSB_URL, every wait on the fake clock."""
    monkeypatch.setattr(fetch_module, "SSBClient", make_client)
    monkeypatch.setenv("NAERING_SSB_URL", httpserver.url_for(API))
    return fake


def _raw(project):
    return project / "data" / "raw" / "ssb"


def _folders(project, table):
    return sorted(p.name for p in (_raw(project) / table).iterdir() if p.name != "metadata")


def test_sjekk_clean_says_ok_for_every_table_and_keeps_the_metadata(ssb, project, capsys):
    assert cli.main(["sjekk"]) == 0
    out = capsys.readouterr().out
    for table in TABLES:
        assert f"\n{table}: OK (siste periode hos SSB: " in out
        [record] = (_raw(project) / table / "metadata").iterdir()
        seen = json.loads(record.read_text("utf-8"))
        # 03321 (commuting flows) has its two region ends instead of Region, and no county part
        first, county = (
            ("Bokommuen", "agg_KommSummer") if table == "03321" else ("Region", "agg_KommFylker")
        )
        assert seen["metadata"]["value"] == [] and seen["metadata"]["id"][0] == first
        assert county in seen["codelists"]
    assert "Alle tabellene stemmer med katalogen" in out


def _sjekk_fails(table, capsys):
    assert cli.main(["sjekk"]) == 1
    out = capsys.readouterr().out
    [head] = [line for line in out.splitlines() if line.startswith(f"{table}: ")]
    assert head.startswith(f"{table}: AVVIK")
    assert f"src/naering_analysis/data/tables/{table}.yaml" in head
    return out


def test_sjekk_new_industry_code_names_code_file_and_key(ssb, capsys):
    ssb.add_code("13470", "NACE2007", "99-99", "Ny næringsgruppe (SN2025)")
    out = _sjekk_fails("13470", capsys)
    assert "NACE2007: SSB har ny(e) kode(r) 99-99" in out
    assert (
        "Rett `dimensions → NACE2007 → values i src/naering_analysis/data/tables/13470.yaml`" in out
    )
    assert "forsvinner disse arbeidsplassene fra alle summer" in out


def test_sjekk_new_sector_code_names_the_groups_too(ssb, capsys):
    ssb.add_code("13472", "Sektor", "7000", "Ny sektor")
    out = _sjekk_fails("13472", capsys)
    assert "Sektor: SSB har ny(e) kode(r) 7000" in out and "category_groups" in out


def test_sjekk_renamed_codelist(ssb, capsys):
    ssb.rename_codelist("13470", "Region", "agg_KommSummer", "agg_KommSummer2025")
    out = _sjekk_fails("13470", capsys)
    assert "Kodelisten agg_KommSummer for Region (municipality) finnes ikke lenger" in out
    assert "agg_KommSummer2025" in out
    assert (
        "`region_levels → municipality → codelist i src/naering_analysis/data/tables/13470.yaml`"
        in out
    )


def test_sjekk_removed_content_code(ssb, capsys):
    ssb.remove_code("07459", "ContentsCode", "Personer1")
    out = _sjekk_fails("07459", capsys)
    assert "ContentsCode: koden/kodene Personer1 finnes ikke lenger i tabell 07459" in out
    assert "`dimensions → ContentsCode → values" in out


def test_sjekk_renamed_dimension_sn2025(ssb, capsys):
    ssb.rename_dimension("13470", "NACE2007", "NACE2025")
    out = _sjekk_fails("13470", capsys)
    assert "Dimensjonen NACE2007 finnes ikke lenger i tabell 13470" in out
    assert "SSB har dimensjonen NACE2025" in out


def test_sjekk_codes_written_with_another_prefix(ssb, capsys):
    ssb.recode("agg_KommSummerS", r"^K\.", "K-")
    out = _sjekk_fails("07984", capsys)
    assert "skriver kommunekodene som K-3105, ikke K.3105" in out
    assert "`region_levels → municipality → prefix" in out


def test_sjekk_quarterly_periods(ssb, capsys):
    ssb.add_code("11616", "Tid", "2026K1", "2026K1")
    out = _sjekk_fails("11616", capsys)
    assert "Tid har perioder som ikke er årstall (2026K1)" in out


def test_fetch_stops_before_writing_when_sjekk_finds_a_new_code(ssb, project, capsys, httpserver):
    ssb.add_code("13470", "NACE2007", "99-99", "Ny næringsgruppe")
    ssb.add_code("13472", "NACE2007", "99-99", "Ny næringsgruppe")
    before = {t: _folders(project, t) for t in TABLES}
    assert cli.main(["fetch"]) == 1
    captured = capsys.readouterr()
    # both workplace tables have the new code (they share no codelist any more: two digits)
    assert captured.err.startswith("feil: SSB har endret tabell 13470, 13472, og katalogen må")
    assert "ingenting er lagret" in captured.err
    # each difference line is printed once: under its table's headline, not again in the error
    both = captured.out + captured.err
    [line] = [x for x in captured.out.splitlines() if "99-99" in x and "13472.yaml" in x]
    assert both.count(line.strip()) == 1
    assert both.count("13472: AVVIK") == 1 and both.count("13470: AVVIK") == 1
    assert "Forskjellene står over" in captured.err
    assert {t: _folders(project, t) for t in TABLES} == before
    assert not any((_raw(project) / t / "metadata").exists() for t in TABLES)
    assert not [r for r, _ in httpserver.log if r.path.endswith("/data")]  # nothing asked for


def test_sjekk_offline_says_it_needs_internet(project, make_client, monkeypatch, capsys):
    monkeypatch.setattr(fetch_module, "SSBClient", make_client)
    monkeypatch.setenv("NAERING_SSB_URL", "http://127.0.0.1:9/api/pxwebapi/v2/")  # nothing there
    assert cli.main(["sjekk"]) == 1
    err = capsys.readouterr().err
    assert "advarsel: SSB: tilkoblingen ble avvist" not in err  # no network: no retries
    [first] = [line for line in err.splitlines() if line.startswith("feil: ")]
    assert first == (
        "feil: Ingen nettilgang: `naering sjekk` trenger internett for å nå SSB, og SSB kunne "
        "ikke nås."
    )
    assert "(tilkoblingen ble avvist)" in err
    assert not any((_raw(project) / t / "metadata").exists() for t in TABLES)


def test_sjekk_offline_says_ingen_nettilgang_within_two_seconds(project, monkeypatch, capsys):
    """The real client, real sleeps and a local port nobody listens on: no 15 s of retries."""
    import socket
    import time

    with socket.socket() as sock:  # a port that was free a moment ago
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("NAERING_SSB_URL", f"http://127.0.0.1:{port}/api/pxwebapi/v2/")
    start = time.monotonic()
    assert cli.main(["sjekk"]) == 1
    elapsed = time.monotonic() - start
    err = capsys.readouterr().err
    assert elapsed < 2.0, f"{elapsed:.1f} s"
    assert "feil: Ingen nettilgang" in err and "venter" not in err


def test_fetch_still_retries_a_refused_connection(project, make_client, monkeypatch, capsys):
    monkeypatch.setattr(fetch_module, "SSBClient", make_client)
    monkeypatch.setenv("NAERING_SSB_URL", "http://127.0.0.1:9/api/pxwebapi/v2/")
    assert cli.main(["fetch", "07459", "--likevel"]) == 1
    err = capsys.readouterr().err
    assert "advarsel: SSB: tilkoblingen ble avvist" in err  # a fetch waits for the network
    assert "etter 5 forsøk" in err


def test_ssb_url_option_wins_over_the_environment(ssb, httpserver, monkeypatch, capsys):
    monkeypatch.setenv("NAERING_SSB_URL", "http://127.0.0.1:9/api/pxwebapi/v2/")
    assert cli.main(["sjekk", "07459", "--ssb-url", httpserver.url_for(API)]) == 0
    assert httpserver.url_for(API) in capsys.readouterr().out
    monkeypatch.setenv("NAERING_SSB_URL", "ftp://speil")
    assert cli.main(["sjekk"]) == 1
    assert "ikke en http(s)-URL" in capsys.readouterr().err


# --- damaged snapshots: reported once, set aside, and a plain fetch and build recover --------


def _damage_truncated_provenance(folder):
    path = folder / "provenance.json"
    path.chmod(0o644)
    path.write_bytes(path.read_bytes()[:50])


def _damage_stray_file(folder):
    (folder / "responses").chmod(0o755)
    (folder / "responses" / "notat.txt").write_text("lagt hit for hånd")


def _damage_deleted_responses(folder):
    responses = folder / "responses"
    responses.chmod(0o755)
    for file in responses.iterdir():
        file.unlink()
    responses.rmdir()


@pytest.mark.parametrize(
    "damage",
    [_damage_truncated_provenance, _damage_stray_file, _damage_deleted_responses],
    ids=["truncated-provenance", "stray-file", "deleted-responses"],
)
def test_damaged_snapshot_recovery_by_fetch_then_build(ssb, project, capsys, damage):
    assert cli.main(["fetch", "13470"]) == 0
    [today] = [f for f in _folders(project, "13470") if f != "2026-11-26"]
    folder = _raw(project) / "13470" / today
    damage(folder)
    before = sorted(
        (str(p.relative_to(folder)), p.read_bytes()) for p in folder.rglob("*") if p.is_file()
    )
    capsys.readouterr()
    assert cli.main(["fetch", "13470"]) == 0  # the same-day check no longer trips on it
    assert cli.main(["build"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count(f"Øyeblikksbildet {folder} er skadet og brukes ikke") == 1
    assert f"{today}-2" in _folders(project, "13470")
    manifest = json.loads((project / "data" / "processed" / "manifest.json").read_text("utf-8"))
    assert manifest["inputs"]["13470"]["snapshot"] == f"{today}-2"
    after = sorted(
        (str(p.relative_to(folder)), p.read_bytes()) for p in folder.rglob("*") if p.is_file()
    )
    assert after == before  # still there, untouched
    assert cli.main(["snapshots"]) == 0
    listing = capsys.readouterr().out
    assert f"SKADET (brukes ikke): Øyeblikksbildet {folder} er skadet" in listing
    assert [d.path for d in damaged_snapshots(root=_raw(project))] == [folder]


@pytest.mark.network
def test_live_sjekk_against_ssb(project, capsys, monkeypatch):
    """With internet: `pytest -m network tests/test_cli.py` checks the catalogue against SSB.

    It fetches every table's /metadata and codelists from data.ssb.no and fails with the
    differences `naering sjekk` found, each naming the YAML file and key to edit.
    """
    monkeypatch.delenv("NAERING_SSB_URL", raising=False)
    code = cli.main(["sjekk"])
    out = capsys.readouterr().out
    for table in TABLES:
        assert f"\n{table}: " in out
        assert (_raw(project) / table / "metadata").is_dir()
    assert code == 0, out


def test_a_truncated_provenance_in_an_old_folder_blocks_nothing(ssb, project, capsys):
    assert cli.main(["fetch", "13470"]) == 0
    _damage_truncated_provenance(_raw(project) / "13470" / "2026-11-26")  # the old demo
    capsys.readouterr()
    assert cli.main(["snapshots"]) == 0
    out = capsys.readouterr().out
    assert "SKADET (brukes ikke)" in out and "ekte SSB-data" in out
    assert cli.main(["build"]) == 0
    assert cli.main(["fetch", "13470"]) == 0  # a refetch works and says what it found
    assert "er skadet og brukes ikke" in capsys.readouterr().err


def test_a_total_code_the_catalogue_names_is_not_taken_for_a_new_industry(ssb, capsys):
    ssb.add_code("07984", "NACE2007", "00-99", "Alle næringer")  # totals are sums: not fetched
    assert cli.main(["sjekk", "07984"]) == 0
    assert "07984: OK" in capsys.readouterr().out


# --- issue 19: answers in the table's own dimension order ----------------------------------

# SSB's title of 11616 reads "etter region, statistikkvariabel, år og alder"
OWN_ORDER_11616 = ["Region", "ContentsCode", "Tid", "Alder"]


def test_sjekk_reports_the_tables_own_order_as_information(ssb, capsys):
    ssb.reorder("11616", OWN_ORDER_11616)
    assert cli.main(["sjekk", "11616"]) == 0
    out = capsys.readouterr().out
    assert "11616: OK (siste periode hos SSB: " in out
    assert (
        "    Dimensjonsrekkefølge hos SSB: Region, ContentsCode, Tid, Alder (katalogen: Region, "
        "Alder, ContentsCode, Tid; svarene leses etter navn, så det er greit)." in out
    )
    assert "    Alder (alder): kan utelates; 1 kode." in out
    assert "    Region (region): kan utelates;" in out and "kodelister agg_KommSummer" in out
    assert "    Tid (" in out and "; siste periode " in out


def test_sjekk_in_the_catalogues_order_says_the_order_without_a_note(ssb, capsys):
    assert cli.main(["sjekk", "07459"]) == 0
    out = capsys.readouterr().out
    # Kjonn and Alder are eliminated: their place in SSB's order is no difference either
    assert "    Dimensjonsrekkefølge hos SSB: Region, Kjonn, Alder, ContentsCode, Tid." in out
    assert "    Kjonn (kjonn): kan utelates; 2 koder; summeres bort" in out


def test_fetch_in_the_tables_own_order_writes_a_complete_snapshot_that_builds(ssb, project, capsys):
    from naering_analysis.datasets import frames

    ssb.reorder("11616", OWN_ORDER_11616)
    assert cli.main(["fetch", "11616"]) == 0
    [today] = [f for f in _folders(project, "11616") if f != "2026-11-26"]
    folder = _raw(project) / "11616" / today
    data = json.loads((folder / "data.json").read_text("utf-8"))
    assert data["id"] == OWN_ORDER_11616
    for response in sorted((folder / "responses").glob("*.json")):
        assert json.loads(response.read_text("utf-8"))["id"] == OWN_ORDER_11616
    assert cli.main(["build"]) == 0
    fetched = frames.commuting(today)
    demo = frames.commuting("2026-11-26")
    demo = demo[demo["region_code"].isin(set(fetched["region_code"]))].reset_index(drop=True)
    columns = ["region_code", "year", "measure", "persons"]
    assert len(fetched) == len(demo) > 0
    assert fetched[columns].equals(demo[columns])  # every value where it belongs


# --- issue 19: SSB revises its tables 05–08 Norwegian time ---------------------------------


@pytest.mark.parametrize("hour", [5, 7])
def test_fetch_in_the_revision_window_warns_and_stops(
    ssb, project, capsys, httpserver, monkeypatch, hour
):
    when = datetime(2027, 3, 1, hour, 15, tzinfo=OSLO)
    monkeypatch.setattr(fetch_module, "oslo_now", lambda: when)
    before = _folders(project, "07459")
    assert cli.main(["fetch", "07459"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        f"feil: Klokka er {hour:02d}:15 norsk tid: SSB reviderer tabellene mellom kl. 05 og 08, "
        "og tall kan da vises som 0 eller «.»."
    )
    assert "`naering fetch --likevel`" in err and "Ingenting er hentet" in err
    assert not httpserver.log  # not one request
    assert _folders(project, "07459") == before


def test_fetch_in_the_revision_window_with_likevel_warns_and_fetches(
    ssb, project, capsys, monkeypatch
):
    monkeypatch.setattr(fetch_module, "oslo_now", lambda: datetime(2027, 6, 1, 6, 0, tzinfo=OSLO))
    assert cli.main(["fetch", "07459", "--likevel"]) == 0
    out = capsys.readouterr().out
    assert "Merk: Klokka er 06:00 norsk tid: SSB reviderer tabellene" in out
    assert "Henter likevel (--likevel)" in out
    assert len(_folders(project, "07459")) == 3  # the demo, the converted real one, the fetch


@pytest.mark.parametrize(("hour", "minute"), [(4, 59), (8, 0)])
def test_fetch_just_outside_the_window_says_nothing_of_it(
    ssb, project, capsys, monkeypatch, hour, minute
):
    when = datetime(2027, 1, 15, hour, minute, tzinfo=OSLO)
    monkeypatch.setattr(fetch_module, "oslo_now", lambda: when)
    assert cli.main(["fetch", "07459"]) == 0
    assert "reviderer" not in capsys.readouterr().out


# --- a table SSB stopped updating, and its SN2025 successor (issue 19.4) --------------------


def test_sjekk_of_a_current_table_says_nothing_about_stopping(ssb, capsys):
    assert cli.main(["sjekk", "13470"]) == 0
    out = capsys.readouterr().out
    assert "13470: OK" in out
    assert "sluttet å bli oppdatert" not in out and "etterfølger" not in out
    assert ssb.searches == []


def test_sjekk_of_a_stopped_sn2007_table_names_its_sn2025_successor(ssb, capsys):
    ssb.set_updated("13470", "2025-06-01T06:00:00Z")
    assert cli.main(["sjekk", "13470"]) == 0
    out = capsys.readouterr().out
    assert "\n13470: OK (siste periode hos SSB: 2025)\n" in out
    assert (
        "    Merk: Tabell 13470 ser ut til å ha sluttet å bli oppdatert (SSB oppdaterte den sist "
        "2025-06-01, over 15 måneder før 2027-03-01).\n"
    ) in out
    assert (
        "    Merk: Mulig etterfølger: tabell 99925 «Sysselsatte etter arbeidssted og næring "
        "(SN2025) (syntetisk testtabell)» (SN2025)."
    ) in out
    assert ssb.searches == ["Sysselsatte arbeidssted næring"]  # one search for the table
    assert "Alle tabellene stemmer med katalogen" in out


def test_sjekk_with_a_failing_table_search_is_still_a_normal_check(ssb, capsys):
    ssb.set_updated("13470", "2025-06-01T06:00:00Z")
    ssb.search_faults.extend([(503, b"", {})] * 10)  # SSB unavailable, every retry too
    assert cli.main(["sjekk", "13470"]) == 0
    out = capsys.readouterr().out
    assert "13470: OK (siste periode hos SSB: 2025)" in out
    assert "Merk: Tabell 13470 ser ut til å ha sluttet å bli oppdatert" in out
    assert "Merk: Søket etter en SN2025-etterfølger i SSBs tabelliste («Sysselsatte " in out
    assert "(siste feil: HTTP 503)); se etter den på ssb.no/statbank." in out
    assert "Mulig etterfølger" not in out
    assert "Alle tabellene stemmer med katalogen" in out


def test_sjekk_meets_a_maintenance_page_as_a_transient_fault_not_a_catalogue_difference(
    ssb, capsys, monkeypatch
):
    """SSB's maintenance page in place of a codelist once read «rett … → codelist»."""
    page = b"<!DOCTYPE html><html><title>Vedlikehold</title><p>Straks tilbake</p></html>"
    ssb.codelist_faults = [(200, page, {"Content-Type": "text/html"})] * 50
    assert cli.main(["sjekk", "13470"]) == 1
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert "nettside i stedet for data (vedlikehold?): Vedlikehold" in text
    assert "Prøv igjen senere" in text
    assert "rett " not in text and "AVVIK" not in text
