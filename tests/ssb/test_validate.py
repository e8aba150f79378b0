"""The answer check: the catalogue's dimensions in any order, yearly periods, plain counts."""

from __future__ import annotations

import json

import pytest

from naering_analysis.errors import SSBFormatError
from naering_analysis.reference.regions import harmonise_code
from naering_analysis.ssb.catalogue import load_table
from naering_analysis.ssb.jsonstat import read_jsonstat
from naering_analysis.ssb.query import Query
from naering_analysis.ssb.validate import check_response
from tests.fake_ssb import demo_folder, reordered, with_category


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


# --- the answer against the query part that was sent (issue 22) ---------------------------


def _part(table: str, level: str = "municipality", **kwargs: object) -> tuple[dict, Query]:
    """Return the demo's answer to a default query part of ``table`` and that part's query.

    The demo records ``naering fetch --alle-kommuner``, so the query asks for every region.
    """
    spec = load_table(table)
    query = spec.query("3105", all_municipalities=True, **kwargs)  # type: ignore[arg-type]
    number = [part.level for part in query.parts].index(level) + 1
    doc = json.loads((demo_folder(table) / "responses" / f"{number:03d}.json").read_text("utf-8"))
    return doc, query.part(level).query  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("table", "level"),
    [("13470", "municipality"), ("13470", "county"), ("13470", "country"), ("13472", "country"),
     ("07984", "municipality"), ("01223", "county"), ("03321", "home_region"),
     ("03321", "work_region"), ("14746", "municipality")],
)  # fmt: skip
def test_the_demos_answers_fit_their_own_queries(table: str, level: str) -> None:
    doc, query = _part(table, level)
    check_response(load_table(table), doc, level, query)  # no error


@pytest.mark.parametrize(
    ("where", "value"), [("tableid", "13472"), ("label", "13472: Sysselsatte etter sektor")]
)
def test_an_answer_that_says_it_is_another_table_is_refused(where: str, value: str) -> None:
    doc, query = _part("13470")
    if where == "tableid":
        doc["extension"]["px"]["tableid"] = value
    else:
        doc["label"] = value
    with pytest.raises(SSBFormatError) as caught:
        check_response(load_table("13470"), doc, "municipality", query)
    said = str(caught.value)
    assert said.startswith(
        "Svaret fra SSB for tabell 13470 (delen «kommunene» av spørringen) sier at det er "
        "tabell 13472, ikke tabell 13470 som ble spurt etter"
    )
    assert value in said and "Ingenting er lagret" in said and "--ssb-url" in said


def test_a_region_nobody_asked_for_is_refused_though_its_county_is_current() -> None:
    """K-3199 passes the code history (a four-digit code in Østfold), but was not asked for."""
    assert harmonise_code("3199") == "3199"  # the reader lets it through, for old snapshots
    doc, query = _part("07459")
    doc = with_category(doc, "Region", "K-3199", "Nykommune")
    with pytest.raises(SSBFormatError) as caught:
        check_response(load_table("07459"), doc, "municipality", query)
    assert (
        "  Region: K-3199 (Nykommune) ble ikke spurt etter, og er ikke i dagens "
        "kommuneinndeling eller katalogen"
    ) in str(caught.value)
    assert "Kjør `naering sjekk 07459`" in str(caught.value)


def test_a_current_municipality_nobody_asked_for_is_refused_too() -> None:
    doc, query = _part("07459", "county")
    doc = with_category(doc, "Region", "K-3105", "Sarpsborg")
    with pytest.raises(
        SSBFormatError, match=r"  Region: K-3105 \(Sarpsborg\) ble ikke spurt etter\n"
    ):
        check_response(load_table("07459"), doc, "county", query)


def test_plain_region_codes_for_a_prefixed_query_pass() -> None:
    """That SSB answers ``K-3105`` with ``K-3105`` is assumed: ``3105`` is the same region."""
    doc, query = _part("07459")
    region = doc["dimension"]["Region"]["category"]
    index = region["index"]
    codes = sorted(index, key=index.get) if isinstance(index, dict) else list(index)
    plain = [c.removeprefix("K-") for c in codes]
    region["index"] = {c: i for i, c in enumerate(plain)}
    region["label"] = {p: region["label"][c] for p, c in zip(plain, codes, strict=True)}
    check_response(load_table("07459"), doc, "municipality", query)  # no error


def test_a_region_asked_for_and_missing_is_refused() -> None:
    doc, query = _part("07459", "county")
    query = query.with_value_codes("Region", ["F-31", "F-03"])
    with pytest.raises(SSBFormatError, match="  Region: mangler F-03, som ble spurt etter"):
        check_response(load_table("07459"), doc, "county", query)


@pytest.mark.parametrize(("level", "dim"), [("home_region", "ArbstedKomm"),
                                            ("work_region", "Bokommuen")])  # fmt: skip
def test_both_flow_ends_are_compared_with_the_query(level: str, dim: str) -> None:
    """03321: the region end and the every-municipality end alike."""
    doc, query = _part("03321", level)
    doc = with_category(doc, dim, "K-3199", "Nykommune")
    with pytest.raises(SSBFormatError, match=f"  {dim}: K-3199 \\(Nykommune\\) ble ikke spurt"):
        check_response(load_table("03321"), doc, level, query)


@pytest.mark.parametrize(
    ("table", "dim", "code", "said"),
    [
        ("13470", "NACE2007", "04", "er ukjent for katalogen (data/tables/13470.yaml)"),
        ("13472", "Sektor", "6600", "er ukjent for katalogen (data/tables/13472.yaml)"),
        ("11616", "ContentsCode", "Arbeidsledige", "er ukjent for katalogen"),
    ],
)
def test_a_new_industry_sector_or_content_code_is_refused(
    table: str, dim: str, code: str, said: str
) -> None:
    doc, query = _part(table, "country")
    doc = with_category(doc, dim, code, "Ny kode")
    with pytest.raises(SSBFormatError) as caught:
        check_response(load_table(table), doc, "country", query)
    message = str(caught.value)
    assert f"  {dim}: {code} (Ny kode) ble ikke spurt etter, og {said}" in message
    assert "må inn i katalogen eller kodehistorikken" in message
    assert message.startswith(f"Svaret fra SSB for tabell {table} (delen «hele landet»")


def test_a_code_the_catalogue_knows_but_did_not_ask_for_is_refused() -> None:
    """07984's total 00-99 is known (``totals``) but never fetched: it would count jobs twice."""
    doc, query = _part("07984", "country")
    doc = with_category(doc, "NACE2007", "00-99", "Alle næringer")
    with pytest.raises(SSBFormatError) as caught:
        check_response(load_table("07984"), doc, "country", query)
    assert "  NACE2007: 00-99 (Alle næringer) ble ikke spurt etter\n" in str(caught.value)
    assert "ukjent" not in str(caught.value)


def test_years_before_the_tables_first_period_are_refused() -> None:
    doc, query = _part("13470", "country")
    assert load_table("13470").first_period == "2015"
    doc = with_category(doc, "Tid", "2014", "2014")
    for sent in (query, None):  # Tid = * asks for every year; without the query as well
        with pytest.raises(SSBFormatError) as caught:
            check_response(load_table("13470"), doc, "country", sent)
        assert (
            "har perioder før tabellens første periode 2015 (first_period i "
            "data/tables/13470.yaml): 2014."
        ) in str(caught.value)


def test_years_before_the_querys_from_are_refused() -> None:
    """07459 starts in 1986, but the query asks from(2008): 2007 was not asked for."""
    doc, query = _part("07459", "country")
    doc = with_category(doc, "Tid", "2007", "2007")
    check_response(load_table("07459"), doc, "country")  # within the table's period
    with pytest.raises(SSBFormatError, match="har perioder før 2008, men spørringen ba om Tid = "
                                             r"from\(2008\): 2007"):  # fmt: skip
        check_response(load_table("07459"), doc, "country", query)


def test_more_periods_than_top_asked_for_are_refused() -> None:
    doc, query = _part("01223", "country")
    periods = list(doc["dimension"]["Tid"]["category"]["index"])
    query = query.with_value_codes("Tid", [f"top({len(periods)})"])
    check_response(load_table("01223"), doc, "country", query)
    query = query.with_value_codes("Tid", [f"top({len(periods) - 1})"])
    with pytest.raises(SSBFormatError, match=rf"har {len(periods)} perioder .* top\("):
        check_response(load_table("01223"), doc, "country", query)
