"""Tests for the synthetic demo snapshot: shape, determinism and calibration.

The calibration tests read the committed ``data/raw/ssb/<table>/2026-11-26/data.json`` through
the JSON-stat reader, as every analysis does, so they check what the bundle actually ships.
13470 and 13472 are two-digit SN2007 with the total ``00-99``; the calibration tests look at them
summed to SSB's 17 groups (:func:`to_groups`), the level the job model is calibrated at, and
``tests/demo/test_demo_divisions.py`` checks the divisions themselves.
"""

from __future__ import annotations

import doctest
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.demo import arith, divisions, generate, noise, people, responses, snapshot
from naering_analysis.demo.generate import GENERATOR, generate_all
from naering_analysis.demo.snapshot import check_demo, demo_folder, write_demo
from naering_analysis.errors import SnapshotError
from naering_analysis.reference.division import current_division
from naering_analysis.reference.industries import GROUP_DIVISIONS, GROUP_OF_DIVISION, SN2007_CODES
from naering_analysis.ssb import read_jsonstat
from naering_analysis.ssb.catalogue import load_table

RAW = Path(__file__).resolve().parents[2] / "data" / "raw" / "ssb"
TABLES = [
    "01223", "07459", "07984", "08316", "08551", "11616", "11618", "13470", "13472", "14746"
]  # fmt: skip
ALL_TABLES = sorted([*TABLES, "03321"])  # 03321 (flows, two region ends): test_demo_flows.py
MUNIS = ["K-3105", "K-3107", "K-3101", "K-3110", "K-3120"]
OSTFOLD = [*MUNIS, "K-3103", "K-3112", "K-3114", "K-3116", "K-3118", "K-3122", "K-3124"]
COUNTY_TABLES = ("13470", "13472")  # these ask for every municipality of the county
# the demo answers --alle-kommuner for these: every table but the flows (issue 22)
NATIONAL_TABLES = tuple(TABLES)
ANY_MUNICIPALITY = ("K-4003", "K-3103", "K-3124")  # Skien, Moss, Aremark (under 2 000 people)
PRIVATE = "A+B+D+E.0-1+9"
KEY_ORDER = [
    "version",
    "class",
    "label",
    "source",
    "updated",
    "note",
    "role",
    "id",
    "size",
    "dimension",
    "extension",
    "value",
]


def to_groups(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum a two-digit 13470/13472 frame into SSB's 17 groups (without the total ``00-99``).

    A group with a hidden division is hidden (value NaN, status ``:``), as SSB's 17-group
    tables showed it.
    """
    cells = frame[frame["NACE2007"] != "00-99"]
    keys = [c for c in ("Region", "Sektor", "ContentsCode", "year") if c in cells]
    grouped = cells.assign(NACE2007=cells["NACE2007"].map(GROUP_OF_DIVISION)).groupby(
        [*keys, "NACE2007"], sort=False
    )
    values = grouped["value"]
    out = pd.DataFrame(
        {
            "value": values.sum(min_count=1).where(values.count() == values.size()),
            "status": grouped["status"].first(),
        }
    ).reset_index()
    out["Tid"] = out["year"].astype(str)
    return out


@pytest.fixture(scope="module")
def raw_frames() -> dict[str, pd.DataFrame]:
    out = {}
    for table in TABLES:
        frame = read_jsonstat(demo_folder(table, RAW) / "data.json")
        frame["year"] = frame["Tid"].str[:4].astype(int)  # 01223: quarters 2015K4 …
        if table == "07984":  # agg_KommSummerS writes K.3105; compare tables on one spelling
            assert frame["Region"].str.startswith("K.").any()
            frame["Region"] = frame["Region"].str.replace(r"^K\.", "K-", regex=True)
        out[table] = frame
    return out


@pytest.fixture(scope="module")
def frames(raw_frames) -> dict[str, pd.DataFrame]:
    """The committed demo, 13470 and 13472 summed to the 17 groups."""
    return {
        table: to_groups(frame) if table in COUNTY_TABLES else frame
        for table, frame in raw_frames.items()
    }


def jobs_by(frame: pd.DataFrame, *, keys: list[str], **where: str) -> pd.Series:
    """Sum ``value`` over the rows matching ``where`` (NaN cells count as 0), by ``keys``."""
    mask = np.ones(len(frame), dtype=bool)
    for column, value in where.items():
        mask &= (frame[column] == value).to_numpy()
    return frame[mask].groupby(keys)["value"].sum()


def totals(frame: pd.DataFrame, region: str, **where: str) -> pd.Series:
    return jobs_by(frame, keys=["year"], Region=region, **where)


# --- Snapshot files ------------------------------------------------------------------------


def test_committed_demo_matches_the_generator_byte_for_byte(reuse_generation):
    results = check_demo(RAW)
    assert [r.table for r in results] == ALL_TABLES
    assert {r.table: r.problems for r in results} == dict.fromkeys(ALL_TABLES, ())


@pytest.fixture(scope="module")
def generated() -> list[generate.DemoTable]:
    """One generation of the whole demo (about 6 s since 13470/13472 are two-digit), shared."""
    return generate_all()


@pytest.fixture
def reuse_generation(monkeypatch, generated):
    """Let write_demo/check_demo reuse :func:`generated`: these tests are about writing and
    checking, and generation is deterministic (tested below), so it need not run again each time.
    The generator itself is what :func:`generated` ran (``generate_all``, the function
    ``check_demo`` calls).
    """
    monkeypatch.setattr(snapshot, "generate_all", lambda: generated)


def test_generation_is_deterministic(generated):
    first, second = generated, generate_all()
    assert [d.data for d in first] == [d.data for d in second]
    assert [d.responses for d in first] == [d.responses for d in second]


@pytest.mark.parametrize("table", TABLES)
def test_provenance_marks_the_data_synthetic(table):
    provenance = json.loads((demo_folder(table, RAW) / "provenance.json").read_text("utf-8"))
    assert provenance["synthetic"] is True
    assert provenance["generator"] == GENERATOR == "scripts/make_demo_snapshot.py"
    assert provenance["note"].startswith("SYNTETISKE DEMODATA – illustrasjonsdata")
    assert provenance["fetched_at"] == "2026-11-26T00:00:00Z"
    assert len(provenance["responses"]) == len(provenance["urls"]) == 3


@pytest.mark.parametrize("table", TABLES)
def test_every_document_has_ssbs_shape_and_the_synthetic_marks(generated, table):
    # the shared generation (generate_all: generate_table for every table), as check_demo sees it
    [demo] = [d for d in generated if d.table == table]
    for raw in (demo.data, *demo.responses):
        doc = json.loads(raw)
        assert [k for k in doc if k != "status"] == KEY_ORDER
        assert (doc["version"], doc["class"], doc["source"]) == (
            "2.0",
            "dataset",
            "Statistisk sentralbyrå",
        )
        assert doc["label"].startswith(f"{table}: ")
        assert doc["note"][0] == "SYNTETISKE DEMODATA – ikke offisielle tall fra SSB"
        assert doc["extension"]["synthetic"] is True
        assert doc["extension"]["noteMandatory"] == {"0": True}
        assert doc["extension"]["px"]["tableid"] == table
        assert doc["extension"]["px"]["language"] == "no"
        assert doc["role"] == {"time": ["Tid"], "geo": ["Region"], "metric": ["ContentsCode"]}
        contents = doc["dimension"]["ContentsCode"]["category"]
        assert all(
            unit == {"base": load_table(table).unit, "decimals": 0}
            for unit in contents["unit"].values()
        )
        nulls = {str(i) for i, v in enumerate(doc["value"]) if v is None}
        assert set(doc.get("status", {})) == nulls  # a symbol for every null, none elsewhere
        # Counts are never negative; 01223's population change (Folketilvekst10) may be.
        assert all(isinstance(v, int) for v in doc["value"] if v is not None)
        assert table == "01223" or all(v >= 0 for v in doc["value"] if v is not None)
        assert raw == json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def test_the_whole_demo_is_small():
    # The national panel (issue 13: 357 municipalities) is most of it: 13472 by sector and
    # two-digit industry (90 codes) is about 2.1 million cells, about 4.8 MB stored as its
    # response and again as data.json; 13470 about 1 MB twice. Still one request at SSB.
    # Issue 22 (a report for any municipality) added 07984, 14746 and 08551 for every
    # municipality. 14746 is single ages 15-74 x 3 alternatives x 25 years, 1.6 million cells:
    # 5.4 MB stored twice. Measured on 2026-12-02: 25.97 MB on disk (13.69 MB before; 14746
    # 10.8 MB, 07984 1.6 MB, 08551 0.2 MB); packed by `git gc` in a fresh clone the whole
    # history grew from 4.34 MiB to 5.59 MiB. The cap leaves about 1 MB of room.
    size = sum(p.stat().st_size for p in RAW.rglob("*") if p.is_file() and "2026-11-26" in str(p))
    assert size < 27_000_000


@pytest.mark.parametrize(
    ("table", "first", "last"),
    [
        ("13470", 2015, 2025),
        ("13472", 2015, 2025),
        ("11616", 2015, 2025),
        ("11618", 2015, 2025),
        ("07984", 2008, 2025),
        ("07459", 2008, 2026),
        ("01223", 2015, 2025),
    ],
)
def test_years_covered(frames, table, first, last):
    assert sorted(frames[table]["year"].unique()) == list(range(first, last + 1))
    regions = set(frames[table]["Region"])
    assert {*MUNIS, "F-31", "0"} <= regions
    if table in NATIONAL_TABLES:  # every current municipality, Østfold and Norway
        everyone = {f"K-{code}" for code in current_division().codes}
        assert regions == {*everyone, "F-31", "0"}
    else:
        assert regions == {*MUNIS, "F-31", "0"}


@pytest.mark.parametrize("table", TABLES)
def test_every_table_holds_every_municipality_in_one_order(raw_frames, table):
    # A report can be made for any municipality (issue 22): Skien and Moss outside Søndre
    # Østfold, Aremark under 2 000 inhabitants; in the order of the query, as SSB answers it.
    regions = list(dict.fromkeys(raw_frames[table]["Region"]))
    assert set(ANY_MUNICIPALITY) <= set(regions)
    # The order of the catalogue's query, as for every national table: Sarpsborg, its
    # neighbours, (the rest of Østfold,) the other municipalities; then the county and Norway.
    query = load_table(table).query("3105", all_municipalities=True)
    asked = query.part("municipality").query.selection("Region")
    assert asked is not None
    assert regions == [*(c.replace("K.", "K-") for c in asked.value_codes), "F-31", "0"]
    assert regions[:5] == MUNIS
    assert set(regions[:-2]) == {f"K-{code}" for code in current_division().codes}


def test_07984_for_skien_is_13470_and_11618(raw_frames):
    # By hand for Skien: 07984 by workplace summed over the 17 groups is 13470's total 00-99
    # from 2015, and 07984 by residence is 11618's employed residents (11616 too).
    long = raw_frames["07984"].query("Region == 'K-4003'")
    workplace = long.query("ContentsCode == 'SysselsatteArb'").groupby("year")["value"].sum()
    jobs = raw_frames["13470"].query("Region == 'K-4003' and NACE2007 == '00-99'")
    assert workplace.loc[2015:].tolist() == jobs["value"].tolist()
    living = long.query("ContentsCode == 'Sysselsatte'").groupby("year")["value"].sum()
    residents = raw_frames["11618"].query("Region == 'K-4003' and ContentsCode == 'SysselBosted'")
    assert living.loc[2015:].tolist() == residents["value"].tolist()
    # Before the break the old source counts fewer: 2014 below 2015 by more than a normal year.
    assert workplace[2014] < workplace[2015] * 0.99
    assert 0.9 < living[2014] / living[2015] < 1.0
    # Skien has about 56 000 inhabitants; its residents and jobs are each 30-60 % of them.
    population = totals(raw_frames["07459"], "K-4003")[2024]
    assert 0.30 < workplace[2024] / population < 0.60 and 0.30 < living[2024] / population < 0.60


def test_07984_norway_is_the_sum_of_its_municipalities_in_every_year(raw_frames):
    # Before 2015 the rest of the country shares Norway's old-source count less Østfold's; from
    # 2015 it is 13470. So, group by group, Norway = Østfold + the other 345 in every year
    # (compared where no municipality hides a cell).
    frame = raw_frames["07984"].query("ContentsCode == 'SysselsatteArb'")
    keys = ["NACE2007", "year"]
    norway = frame[frame["Region"] == "0"].set_index(keys)["value"]
    county = frame[frame["Region"] == "F-31"].set_index(keys)["value"]
    rest = frame[~frame["Region"].isin([*OSTFOLD, "F-31", "0"])]
    assert rest["value"].notna().all()
    summed = county + rest.groupby(keys)["value"].sum()
    pd.testing.assert_series_equal(norway.sort_index(), summed.sort_index(), check_names=False)


def test_14746_starts_from_the_population_15_74_of_11618(raw_frames):
    # 14746's 1 January 2026 is the demo's 11618 population 15-74 in the 4th quarter of 2025
    # (07459's 2026 population times the share aged 15-74), in all three alternatives.
    frame = raw_frames["14746"]
    first = frame[frame["Tid"] == "2026"].groupby(["Region", "ContentsCode"])["value"].sum()
    base = raw_frames["11618"].query("ContentsCode == 'BefolkningBosted' and year == 2025")
    base = base.set_index("Region")["value"]
    for alternative in ("Personer", "Personer1", "Personer2"):
        pd.testing.assert_series_equal(
            first.xs(alternative, level="ContentsCode"), base.loc[first.index.levels[0]],
            check_names=False,
        )  # fmt: skip
    population = totals(raw_frames["07459"], "K-4003")[2026]
    assert 0.64 < first["K-4003", "Personer"] / population < 0.76
    # The alternatives fan out: low < main < high in 2050, for every municipality.
    last = frame[frame["Tid"] == "2050"].pivot_table(
        index="Region", columns="ContentsCode", values="value", aggfunc="sum"
    )
    assert ((last["Personer1"] < last["Personer"]) & (last["Personer"] < last["Personer2"])).all()


def test_14746_grows_at_the_municipalitys_own_population_growth():
    from naering_analysis.demo.national import population_growth
    from naering_analysis.demo.projection import AGEING_DRAG_PCT, projected_total

    # By hand: the main alternative grows (population growth - 0.35) % a year from 2026.
    rate = population_growth("4003") - AGEING_DRAG_PCT
    first, second = (
        projected_total("4003", "Personer", 2026),
        projected_total("4003", "Personer", 2027),
    )
    assert second == pytest.approx(first * (1 + rate / 100), abs=1)


def test_08551_bankruptcies_scale_with_size(raw_frames):
    frame = raw_frames["08551"]
    yearly = frame.groupby(["Region", "year"])["value"].sum().unstack()
    municipalities = yearly.drop(index=["F-31", "0"])
    assert len(municipalities) == 357
    pd.testing.assert_series_equal(municipalities.sum(), yearly.loc["0"], check_names=False)
    people = raw_frames["07459"].pivot_table(index="Region", columns="year", values="value")
    rate = municipalities.sum(axis=1) / people.loc[municipalities.index, 2016:2024].sum(axis=1)
    assert 0.2e-3 < rate.median() < 1.5e-3  # 0,2-1,5 per 1 000 inhabitants a year
    correlation = municipalities.sum(axis=1).corr(people[2024].loc[municipalities.index])
    assert correlation > 0.95  # the big cities have the most
    # Skien (about 56 000 people) has more than Aremark (about 1 400) every year but none.
    assert (yearly.loc["K-4003"] > yearly.loc["K-3124"]).mean() == 1.0


# --- Calibration ---------------------------------------------------------------------------


def test_sarpsborg_jobs_grew_one_percent_a_year_2017_to_2022(frames):
    jobs = totals(frames["13470"], "K-3105")
    cagr = ((jobs[2022] / jobs[2017]) ** (1 / 5) - 1) * 100
    assert cagr == pytest.approx(1.0, abs=0.05)


def test_sarpsborg_private_jobs_fell_2017_to_2022(frames):
    private = totals(frames["13472"], "K-3105", Sektor=PRIVATE)
    assert private[2022] < private[2017]


def test_13472_all_sectors_equal_13470_totals(frames):
    by_13470 = jobs_by(frames["13470"], keys=["Region", "NACE2007", "year"])
    by_13472 = jobs_by(frames["13472"], keys=["Region", "NACE2007", "year"], Sektor="ALLE")
    pd.testing.assert_series_equal(by_13470, by_13472)


def test_sectors_sum_to_all_sectors(frames):
    frame = frames["13472"]
    wide = frame.pivot_table(
        index=["Region", "NACE2007", "year"], columns="Sektor", values="value", dropna=False
    ).dropna()
    parts = wide.drop(columns="ALLE").sum(axis=1)
    # all cells but the hidden groups: Hvaler's 05-09 (3 years), Aremark's 58-63 (division 62,
    # 5 years) and 05-09 (division 09, 4 years)
    assert len(wide) == (357 + 2) * 17 * 11 - 3 - 9
    assert (parts == wide["ALLE"]).all()


def test_public_jobs_are_concentrated_in_84_85_and_86_88(frames):
    frame = frames["13472"]
    public = frame[~frame["Sektor"].isin(["ALLE", PRIVATE]) & (frame["Region"] == "0")]
    share = (
        public[public["NACE2007"].isin(["84", "85", "86-88"])]["value"].sum()
        / public["value"].sum()
    )
    assert share > 0.75


def test_commuting_2023_as_published(frames):
    frame = frames["11616"]
    row = frame[frame["year"] == 2023].pivot_table(
        index="Region", columns="ContentsCode", values="value"
    )
    expected = {
        "K-3105": (27654, 13054, 11309, 29399),
        "K-3107": (40063, 10572, 15625, 35010),
        "K-3101": (14262, 3054, 4193, 13123),
        "K-3110": (2181, 451, 1317, 1315),
        "K-3103": (24988, 8125, 11332, 21781),
    }
    for region, numbers in expected.items():
        got = row.loc[region, ["Sysselsatte", "Innpendlere", "Utpendlere", "SysselsatteArb"]]
        assert tuple(got.astype(int)) == numbers


def test_commuting_identity_holds_everywhere_but_norway(frames):
    frame = frames["11616"]
    wide = frame.pivot_table(index=["Region", "year"], columns="ContentsCode", values="value")
    inside = wide.drop(index="0", level="Region")
    identity = inside["Sysselsatte"] + inside["Innpendlere"] - inside["Utpendlere"]
    assert (identity == inside["SysselsatteArb"]).all()
    norway = frame[
        (frame["Region"] == "0") & frame["ContentsCode"].isin(["Innpendlere", "Utpendlere"])
    ]
    assert norway["value"].isna().all() and (norway["status"] == ".").all()


def test_13470_totals_2023_equal_11616_jobs(raw_frames):
    jobs_11616 = raw_frames["11616"].query("ContentsCode == 'SysselsatteArb' and year == 2023")
    total = raw_frames["13470"].query("NACE2007 == '00-99' and year == 2023")  # hidden cells too
    pd.testing.assert_series_equal(
        jobs_11616.set_index("Region")["value"].sort_index(),
        total.set_index("Region")["value"].sort_index(),
    )


def test_norway_by_group_as_published(frames):
    norway = jobs_by(frames["13470"], keys=["year", "NACE2007"], Region="0")
    assert norway[2021]["10-33"] == 209735
    assert norway[2022]["86-88"] == 578215
    assert norway[2021].sum() == 2762177
    assert norway[2022].sum() == 2818174
    assert norway[2022]["00"] == 19243
    assert list(norway[2021].index) == sorted(SN2007_CODES)


def test_norway_yearly_change_as_published(frames):
    alle = totals(frames["13472"], "0", Sektor="ALLE")
    published = {
        2016: 0.6,
        2017: 1.3,
        2018: 1.4,
        2019: 1.0,
        2020: -1.1,
        2021: 3.0,
        2022: 2.0,
        2023: 1.0,
    }
    for year, change in published.items():
        assert (alle[year] / alle[year - 1] - 1) * 100 == pytest.approx(change, abs=0.05)
    pd.testing.assert_series_equal(alle, totals(frames["13470"], "0"))


def test_sarpsborg_population_as_published(frames):
    population = totals(frames["07459"], "K-3105")
    assert {y: population[y] for y in (2017, 2022, 2023, 2024, 2025)} == {
        2017: 55127,
        2022: 58182,
        2023: 59038,
        2024: 59771,
        2025: 60139,
    }


@pytest.mark.parametrize(
    ("table", "content"),
    [("13470", None), ("07984", "SysselsatteArb"), ("07984", "Sysselsatte"), ("07459", None)],
)
def test_ostfold_holds_at_least_its_demo_municipalities(frames, table, content):
    frame = frames[table] if content is None else frames[table].query("ContentsCode == @content")
    keys = ["year", "NACE2007"] if "NACE2007" in frame else ["year"]
    county = jobs_by(frame, keys=keys, Region="F-31")
    municipalities = frame[frame["Region"].isin(MUNIS)].groupby(keys)["value"].sum()
    assert (county >= municipalities).all()


def test_ostfold_is_the_sum_of_its_twelve_municipalities(frames):
    for table in COUNTY_TABLES:
        frame = frames[table]
        keys = [c for c in ("Sektor", "NACE2007", "year") if c in frame]
        county = jobs_by(frame, keys=keys, Region="F-31")
        members = frame[frame["Region"].isin(OSTFOLD)]
        summed = members.groupby(keys)["value"].sum()
        hidden = members[members["status"] == ":"].set_index(keys).index  # Hvaler's 05-09
        assert len(hidden) > 0
        pd.testing.assert_series_equal(county.drop(hidden), summed.drop(hidden), check_names=False)
        assert (county.loc[hidden] > summed.loc[hidden]).all()


def test_ostfold_is_plausible_and_sarpsborg_has_its_structure(frames):
    frame = frames["13470"]
    assert 125_000 < totals(frame, "F-31")[2023] < 160_000
    share = (
        jobs_by(frame[frame["year"] == 2023], keys=["Region", "NACE2007"])
        .groupby(level=0)
        .transform(lambda s: s / s.sum())
    )
    for group in ("10-33", "86-88"):  # Borregaard; Kalnes hospital
        assert share["K-3105", group] > 1.1 * share["0", group]


def test_confidential_cells_only_in_hvaler_and_aremark(raw_frames):
    for table in ("13470", "13472", "07984"):
        hidden = raw_frames[table][raw_frames[table]["status"] == ":"]
        assert set(hidden["Region"]) == {"K-3110", "K-3124"}
        assert hidden["value"].isna().all()


def test_confidential_cells_in_hvaler(raw_frames):
    # 13470/13472 are two-digit: Hvaler's hidden 05-09 hides every division of the group.
    for table, codes in (("13470", GROUP_DIVISIONS["05-09"]), ("13472", GROUP_DIVISIONS["05-09"]),
                         ("07984", ("05-09",))):  # fmt: skip
        frame = raw_frames[table]
        hidden = frame[(frame["status"] == ":") & (frame["Region"] == "K-3110")]
        assert len(hidden) > 0 and set(hidden["NACE2007"]) == set(codes)


def hidden_cells(frame: pd.DataFrame, region: str) -> set[tuple[str, ...]]:
    """Return (content or sector, industry, year) of the cells ``:`` in ``region``."""
    hidden = frame[(frame["status"] == ":") & (frame["Region"] == region)]
    assert hidden["value"].isna().all()
    first = "Sektor" if "Sektor" in frame else "ContentsCode"
    return set(zip(hidden[first], hidden["NACE2007"], hidden["Tid"], strict=True))


def test_aremark_has_ssb_style_suppressed_cells(raw_frames):
    # Aremark (3124, about 1 380 inhabitants) hides cells of one or two persons: two-digit
    # divisions on their own in 13470/13472 (all sectors and private), groups in 07984.
    def years(first: int, last: int) -> list[str]:
        return [str(y) for y in range(first, last + 1)]

    divisions_hidden = {("62", y) for y in years(2019, 2023)} | {
        ("09", y) for y in years(2022, 2025)
    }
    assert hidden_cells(raw_frames["13470"], "K-3124") == {
        ("SysselsatteArb", code, year) for code, year in divisions_hidden
    }
    assert hidden_cells(raw_frames["13472"], "K-3124") == {
        (sector, code, year) for sector in ("ALLE", PRIVATE) for code, year in divisions_hidden
    }
    assert hidden_cells(raw_frames["07984"], "K-3124") == (
        {("SysselsatteArb", "35-39", y) for y in years(2008, 2013)}
        | {("SysselsatteArb", "64-66", y) for y in [*years(2014, 2017), *years(2022, 2024)]}
        | {("Sysselsatte", "05-09", "2025")}
    )
    # The model behind each hidden cell is one or two persons, never zero, and the total 00-99
    # still counts them: the shown divisions of 2022 fall short of it by 62's 1 and 09's 2.
    from naering_analysis.demo.generate import _divisions_of
    from naering_analysis.demo.jobs import long_jobs
    from naering_analysis.demo.people import residents

    for code, year in divisions_hidden:
        for sector in ("ALLE", PRIVATE):
            assert _divisions_of("3124", int(year))[sector][code] in (1, 2)
    assert {long_jobs("3124")[y]["35-39"] for y in range(2008, 2014)} <= {1, 2}
    assert {long_jobs("3124")[y]["64-66"] for y in (2014, 2015, 2016, 2017, 2022, 2023, 2024)} <= {
        1,
        2,
    }
    assert residents("3124")[2025]["05-09"] == 2
    cells = raw_frames["13470"].query("Region == 'K-3124' and year == 2022")
    total = cells.loc[cells["NACE2007"] == "00-99", "value"].item()
    assert total - cells.loc[cells["NACE2007"] != "00-99", "value"].sum() == 1 + 2
    # Under 2 000 inhabitants, as the report test needs
    assert totals(raw_frames["07459"], "K-3124")[2026] < 2000


def test_07984_shows_the_2014_2015_break(frames):
    frame = frames["07984"]
    norway = totals(frame, "0", ContentsCode="SysselsatteArb")
    change = (norway / norway.shift() - 1).dropna() * 100
    assert change[2015] > 3.0
    assert (change.drop(2015).abs() < 3.1).all()
    assert any("a-ordningen" in note for note in frame.attrs["notes"])
    doc = json.loads((demo_folder("07984", RAW) / "data.json").read_bytes())
    assert "a-ordningen" in doc["dimension"]["Tid"]["category"]["note"]["2015"][0]


def test_07984_matches_13470_from_2015_and_published_residents(frames):
    workplace = frames["07984"].query("ContentsCode == 'SysselsatteArb' and year >= 2015")
    keys = ["Region", "NACE2007", "year"]
    by_07984 = workplace.set_index(keys)["value"].sort_index()
    by_13470 = frames["13470"].set_index(keys)["value"].sort_index()
    assert by_07984.index.equals(by_13470.index)  # every region, group and year of 13470
    shown = by_07984.notna() & by_13470.notna()  # each table hides its own small cells
    assert (~shown).sum() == 3 + 9 + 6  # Hvaler's 05-09, Aremark's 13470 groups, 07984 64-66
    pd.testing.assert_series_equal(by_07984[shown], by_13470[shown])
    residents = totals(frames["07984"], "K-3105", ContentsCode="Sysselsatte")
    assert residents[2023] == 27654


def test_sarpsborg_industry_series_are_noisy_not_smooth_trends(frames):
    # Real municipal industry series move like random walks with shocks of several per cent a
    # year; smooth deterministic trends would make trend extrapolation look far too good.
    wide = (
        frames["13470"]
        .query("Region == 'K-3105'")
        .pivot_table(index="NACE2007", columns="year", values="value")
    )
    steps = np.log(wide).diff(axis=1).iloc[:, 1:]
    assert float(np.median(steps.abs())) >= 0.02
    turns = (np.sign(steps).diff(axis=1).iloc[:, 1:] != 0).sum(axis=1)
    assert (turns >= 3).mean() >= 0.5  # most groups change direction three times or more


def test_small_series_move_more_than_large_ones(frames):
    wide = (
        frames["13470"]
        .query("Region in ['K-3105', 'K-3107', 'K-3101', 'K-3110', 'K-3120']")
        .pivot_table(index=["Region", "NACE2007"], columns="year", values="value")
        .dropna()
    )
    wide = wide[(wide > 0).all(axis=1)]
    spread = np.log(wide).diff(axis=1).abs().median(axis=1)
    size = wide.mean(axis=1)
    assert spread[size < 200].median() > 2 * spread[size > 2000].median()


def test_norway_gets_no_idiosyncratic_shocks(frames):
    # National groups are large and smooth: each moves with the total plus a small fixed drift.
    def deviation_from_total(region: str) -> float:
        wide = jobs_by(frames["13470"], keys=["NACE2007", "year"], Region=region).unstack()
        steps = np.log(wide).diff(axis=1).iloc[:, 1:]
        total = np.log(wide.sum()).diff().iloc[1:]
        return float(np.median((steps - total).abs()))

    assert deviation_from_total("0") < 0.012
    assert deviation_from_total("K-3105") > 2 * deviation_from_total("0")


# --- Writing and checking ------------------------------------------------------------------


def test_write_then_check_in_a_fresh_root(tmp_path, reuse_generation):
    first = write_demo(tmp_path)
    assert [r.status for r in first] == ["saved"] * len(ALL_TABLES)
    assert all(not r.problems for r in check_demo(tmp_path))
    assert [r.status for r in write_demo(tmp_path)] == ["skipped-identical"] * len(ALL_TABLES)


def test_check_detects_a_changed_file_and_write_refuses_without_replace(tmp_path, reuse_generation):
    shutil.copytree(RAW / "07459", tmp_path / "07459")
    response = tmp_path / "07459" / "2026-11-26" / "responses" / "001.json"
    response.chmod(0o644)
    response.write_bytes(response.read_bytes().replace(b"55127", b"55128"))
    problems = {r.table: r.problems for r in check_demo(tmp_path)}
    assert problems["07459"] and "stemmer ikke" in problems["07459"][0]
    assert problems["13470"] == (f"{tmp_path / '13470' / '2026-11-26'} finnes ikke",)
    with pytest.raises(SnapshotError, match="--replace"):
        write_demo(tmp_path)
    write_demo(tmp_path, replace=True)
    assert all(not r.problems for r in check_demo(tmp_path))


def test_write_never_replaces_real_data(tmp_path, reuse_generation):
    folder = tmp_path / "07459" / "2026-11-26"
    folder.mkdir(parents=True)
    (folder / "provenance.json").write_text('{"synthetic": false}', encoding="utf-8")
    with pytest.raises(SnapshotError, match="ikke et syntetisk"):
        write_demo(tmp_path, replace=True)
    assert (folder / "provenance.json").exists()


def test_script_check_exit_codes(tmp_path, reuse_generation):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_demo_snapshot",
        Path(__file__).resolve().parents[2] / "scripts" / "make_demo_snapshot.py",
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.main(["--check", "--root", str(RAW)]) == 0
    assert script.main(["--check", "--root", str(tmp_path)]) == 1
    assert script.main(["--root", str(tmp_path)]) == 0
    assert script.main(["--check", "--root", str(tmp_path)]) == 0


# --- Arithmetic helpers ----------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    total=st.integers(min_value=0, max_value=10**7),
    weights=st.lists(st.floats(min_value=0.001, max_value=1e6), min_size=1, max_size=20),
)
def test_allocate_sums_exactly_and_stays_within_one_of_the_share(total, weights):
    parts = arith.allocate(total, weights)
    assert sum(parts) == total
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part - total * weight / sum(weights)) < 1 + 1e-6


def test_allocate_hand_examples():
    assert arith.allocate(10, [1, 1, 1]) == [4, 3, 3]
    assert arith.allocate(100, [0.5, 0.25, 0.25]) == [50, 25, 25]
    assert arith.allocate(0, [0, 0]) == [0, 0]
    with pytest.raises(ValueError, match="weights that sum"):
        arith.allocate(5, [0, 0])


def test_power_and_rounding():
    assert arith.power(1.01, 5) == pytest.approx(1.0510100501)
    assert arith.power(1.25, -2) == 0.64
    assert arith.round_half_up(29398.5) == 29399
    with pytest.raises(ValueError, match="non-negative"):
        arith.round_half_up(-0.5)


def test_splitmix64_matches_the_reference_sequence():
    rng = noise.SplitMix64(1234567)
    # Published test vector of SplitMix64 (as in Java's SplittableRandom) for seed 1234567.
    assert [rng.next_u64() for _ in range(3)] == [
        6457827717110365317,
        3203168211198807973,
        9817491932198370423,
    ]
    assert noise.SplitMix64(0).next_u64() == 0xE220A8397B1DCDAF


def test_uniforms_and_normals_have_the_right_moments():
    rng = noise.SplitMix64(noise.seed_for("test", "moments"))
    uniforms = np.array([rng.uniform() for _ in range(20_000)])
    assert uniforms.min() >= 0.0 and uniforms.max() < 1.0
    assert abs(uniforms.mean() - 0.5) < 0.01
    normals = np.array([rng.normal() for _ in range(20_000)])
    assert abs(normals.mean()) < 0.03 and abs(normals.var() - 1.0) < 0.05
    assert np.abs(normals).max() <= 6.0


def test_seed_for_is_stable_and_separates_series():
    assert noise.seed_for("a", "b") == noise.seed_for("a", "b")
    assert noise.seed_for("a", "b") != noise.seed_for("ab", "")
    digest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  # sha256("abc")
    assert noise.seed_for("abc") == int(digest[:16], 16)


def test_multipliers_by_hand():
    walk_only = noise.ShockScale(0.1, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    out = noise.multipliers(42, (2015, 2016, 2017), 2016, 500.0, walk_only)
    rng = noise.SplitMix64(42)
    e2016, e2017 = 0.1 * rng.normal(), 0.1 * rng.normal()
    assert out == {2015: 1.0 / (1.0 + e2016), 2016: 1.0, 2017: 1.0 + e2017}
    # sd = floor + size / sqrt(jobs): 0.02 + 0.5 / sqrt(100) = 0.07, halved by damping
    assert noise.ShockScale(0, 0, 0, 0, 0, 0, 0, damping=0.5).sd(0.02, 0.5, 100.0) == 0.035
    none = noise.ShockScale(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    assert set(noise.multipliers(7, (2020, 2021, 2022), 2022, 10.0, none).values()) == {1.0}
    with pytest.raises(ValueError, match="consecutive"):
        noise.multipliers(1, (2015, 2017), 2015, 10.0, none)


def test_a_level_shift_moves_the_level_from_its_year_on():
    shift_only = noise.ShockScale(0.0, 0.0, 0.0, 0.0, 0.2, 0.0, 1.0)
    years = tuple(range(2015, 2026))
    out = noise.multipliers(noise.seed_for("shift"), years, 2023, 1000.0, shift_only)
    ratios = [out[y] / out[y - 1] for y in years[1:]]
    moved = [r for r in ratios if r != 1.0]
    assert len(moved) == 1 and 0.1 - 1e-12 <= abs(moved[0] - 1.0) <= 0.2 + 1e-12


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**64 - 1), jobs=st.floats(0.0, 1e5), anchor=st.integers(2008, 2025))
def test_multipliers_are_positive_and_pinned_at_the_anchor(seed, jobs, anchor):
    years = tuple(range(2008, 2026))
    scale = noise.ShockScale(0.015, 0.6, 0.0, 0.0, 0.1, 2.0, 0.35)
    out = noise.multipliers(seed, years, anchor, jobs, scale)
    assert list(out) == list(years) and all(v > 0 for v in out.values())
    assert out[anchor] == 1.0  # no transitory part here, so the walk's pin shows


@settings(max_examples=100, deadline=None)
@given(
    count=st.integers(min_value=0, max_value=10**6),
    own=st.lists(st.integers(0, 10**5), min_size=17, max_size=17).filter(any),
    wider=st.lists(st.integers(1, 10**6), min_size=17, max_size=17),
)
def test_resident_groups_split_the_count_exactly(count, own, wider):
    from naering_analysis.demo import calibration as cal
    from naering_analysis.demo.people import resident_groups

    parts = resident_groups(
        count, dict(zip(cal.GROUPS, own, strict=True)), dict(zip(cal.GROUPS, wider, strict=True))
    )
    assert list(parts) == list(cal.GROUPS)
    assert sum(parts.values()) == count and min(parts.values()) >= 0


def test_resident_groups_by_hand():
    from naering_analysis.demo import calibration as cal
    from naering_analysis.demo.people import resident_groups

    # All own jobs in 01-03, the wider area spread evenly: (0.55 + 0.45 / 17) x 10 = 5.76 for
    # 01-03 and 0.45 / 17 x 10 = 0.26 for each other group. Largest remainders: 01-03 gets 6,
    # and the four missing persons go to the first four other groups (ties to the first).
    own = {"01-03": 10, **dict.fromkeys(cal.GROUPS[1:], 0)}
    parts = resident_groups(10, own, dict.fromkeys(cal.GROUPS, 1))
    assert parts == {
        "01-03": 6,
        **dict.fromkeys(cal.GROUPS[1:5], 1),
        **dict.fromkeys(cal.GROUPS[5:], 0),
    }


def test_expand_periods():
    periods = ["2008", "2009", "2010"]
    assert responses.expand_periods(["*"], periods) == periods
    assert responses.expand_periods(["from(2009)"], periods) == ["2009", "2010"]
    assert responses.expand_periods(["top(2)"], periods) == ["2009", "2010"]
    with pytest.raises(ValueError, match="2011"):
        responses.expand_periods(["2011"], periods)


def test_docstring_examples():
    for module in (arith, divisions, generate, noise, people, responses):
        assert doctest.testmod(module).failed == 0
