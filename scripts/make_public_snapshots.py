"""Write real SSB figures from public copies as snapshots in the offline default (issue 20, item 5).

Two tables have real figures in public repositories:

* **11618** (population 15–74, employed residents, jobs; every municipality 2017–2022) from SSB's
  own ``statisticsnorway/pendling``, read by :func:`convert_pendling.convert` — the same
  conversion that makes ``tests/fixtures/real/11618_kommune_2017_2022.csv``.
* **07459** (population on 1 January) from ``niphr/csdata``'s ``nor_population_by_age_b2024`` in
  ``R/sysdata.rda``: one-year ages and sex at 2024 borders, summed here over ages for
  ``sex == "total"`` (checked against female + male). csdata carries its last real year forward
  ten years (``data-raw/04_nor_pop.R``, "Forward-fill 10 years"; ``imputed`` is TRUE for those
  rows, documented as "TRUE if it is the last real data point carried forward"); those rows are
  dropped and the script checks they are copies of the last real year.

Both are summed to today's municipalities with csdata's code-change table
(:func:`convert_csdata_redistricting.convert`) and written by
:mod:`naering_analysis.demo.public` as SSB's answer to the catalogue's default query, then saved
with :func:`naering_analysis.snapshots.save_snapshot` (``synthetic=False`` and ``origin``).

Development tool: it needs ``pyreadr``, which is not a dependency of the package. Install it
beside the project's environment without its dependencies and put it on the path::

    python3.11 -m venv /tmp/rdenv && /tmp/rdenv/bin/pip install --no-deps pyreadr --target /tmp/pyreadr
    PYTHONPATH=src:/tmp/pyreadr .venv/bin/python scripts/make_public_snapshots.py \\
        --pendling /work/.mirror/statisticsnorway+pendling/repo --csdata /work/.mirror/niphr+csdata/repo

* **03321** (commuting flows, residence × workplace, 2017–2022) from the same
  ``statisticsnorway/pendling`` (``data/data_pendling{year}.rds``), read by
  :func:`convert_pendling.convert_flows` — the conversion that makes
  ``tests/fixtures/real/03321_sondre_ostfold_2017_2022.csv`` — and written by
  :mod:`naering_analysis.demo.public_flows` (both ends at today's borders; a pair not listed is 0
  because the source keeps its zero flows; a pair fed by a split municipality with people in it
  is «.»; Rindal 2019 is «..», as in 11618).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from convert_csdata_redistricting import convert as convert_changes
from convert_csdata_redistricting import read_objects
from convert_pendling import SourceFile, convert, convert_flows, read_source, resolve_commit

from naering_analysis.demo.generate import DemoTable
from naering_analysis.demo.public import (
    LABOUR_CONTENTS,
    labour_values,
    population_values,
    public_table,
    split_cells,
    to_current_borders,
)
from naering_analysis.demo.public_flows import QUERY_MEMBERS, flows_values, public_flows_table
from naering_analysis.snapshots import SaveResult, save_snapshot

PENDLING = "statisticsnorway/pendling"
CSDATA = "niphr/csdata"
SCRIPT = "scripts/make_public_snapshots.py"
POPULATION_OBJECT = "nor_population_by_age_b2024"
CSDATA_PATH = "R/sysdata.rda"


def _commit_time(git_dir: Path, commit: str) -> str:
    import subprocess

    out = subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", "-s", "--format=%cI", commit],
        check=True,
        capture_output=True,
    ).stdout.decode()
    return datetime.fromisoformat(out.strip()).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def population_frames(
    objects: dict[str, pd.DataFrame], changes: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Municipality and national population on 1 January (real years only) and what was dropped.

    ``total`` equals ``female + male`` except, by one person, in municipality-years csdata split
    with guessed shares (each sex rounded on its own); those are left empty anyway.
    """
    pop = objects[POPULATION_OBJECT]
    pop = pop[pop["granularity_geo"].isin(["municip", "nation"])]
    by_sex = pop.pivot_table(
        index=["granularity_geo", "location_code", "calyear", "age", "imputed"],
        columns="sex",
        values="pop_jan1_n",
        aggfunc="sum",
    )
    off = by_sex[by_sex["total"] != by_sex["female"] + by_sex["male"]].reset_index()
    off_cells = set(
        zip(
            off["location_code"].str.removeprefix("municip_nor"),
            off["calyear"].astype(int),
            strict=True,
        )
    )
    if not off_cells <= split_cells(changes):
        raise ValueError(
            f"csdata: total is not female + male in {sorted(off_cells - split_cells(changes))[:5]}"
        )
    total = pop[pop["sex"] == "total"]
    summed = total.groupby(
        ["granularity_geo", "location_code", "calyear", "imputed"], as_index=False
    )["pop_jan1_n"].sum()
    real = summed[~summed["imputed"]]
    carried = summed[summed["imputed"]]
    last_real = int(real["calyear"].max())
    last = real[real["calyear"] == last_real].set_index("location_code")["pop_jan1_n"]
    if not (
        carried["pop_jan1_n"].to_numpy() == carried["location_code"].map(last).to_numpy()
    ).all():
        raise ValueError("csdata: an imputed year is not a copy of the last real year")
    if int(carried["calyear"].min()) != last_real + 1:
        raise ValueError("csdata: imputed years do not follow the last real year")
    frame = pd.DataFrame(
        {
            "granularity_geo": real["granularity_geo"],
            "region_code": real["location_code"].str.replace(
                r"^(municip|nation)_nor", "", regex=True
            ),
            "year": real["calyear"].astype(int),
            "population": real["pop_jan1_n"].round().astype("int64"),
        }
    )
    municipalities = frame[frame["granularity_geo"] == "municip"].drop(columns="granularity_geo")
    country = frame[frame["granularity_geo"] == "nation"][["year", "population"]]
    if not municipalities["region_code"].str.fullmatch(r"\d{4}").all():
        raise ValueError("csdata: municipality codes that are not four digits")
    dropped = {
        "carried_forward_years": f"{int(carried['calyear'].min())}–{int(carried['calyear'].max())}",
        "last_real_year": last_real,
    }
    return municipalities.reset_index(drop=True), country.reset_index(drop=True), dropped


def _origin(
    repository: str,
    git_dir: Path,
    commit: str,
    inputs: list[SourceFile],
    licence: str,
    derivation: str,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "repository": repository,
        "repository_url": f"https://github.com/{repository}",
        "commit": commit,
        "inputs": [{"path": s.path, "sha256": s.sha256} for s in inputs],
        "licence": licence,
        "script": SCRIPT,
        "derivation": derivation,
        "commit_time": _commit_time(git_dir, commit),
        **extra,
    }


def build(pendling: Path, csdata: Path) -> list[tuple[DemoTable, dict[str, Any], str]]:
    """Convert both tables; return each table's responses, origin and note."""
    pendling_commit, csdata_commit = resolve_commit(pendling), resolve_commit(csdata)
    sysdata = read_source(csdata, csdata_commit, CSDATA_PATH)
    objects = read_objects(sysdata)
    changes = convert_changes(objects, 2005, 2026)
    short_p, short_c = pendling_commit[:7], csdata_commit[:7]

    labour, labour_sources = convert(pendling, pendling_commit)
    labour_years = sorted(set(labour["year"]))
    labour_note = f"Ekte SSB-tall omregnet fra {PENDLING} (commit {short_p}), ikke hentet fra SSB"
    labour_table = public_table(
        "11618",
        labour_values(labour, changes),
        [str(y) for y in labour_years],
        updated=_commit_time(pendling, pendling_commit),
        lead_note=labour_note,
    )
    labour_origin = _origin(
        PENDLING,
        pendling,
        pendling_commit,
        [*labour_sources, sysdata],
        "SSB-tall CC BY 4.0 (Statistisk sentralbyrå); kode Apache-2.0 (statisticsnorway/pendling); "
        "kommuneendringer MIT (niphr/csdata, Folkehelseinstituttet)",
        (
            "Kommunene er summert fra kodene som gjaldt hvert år til dagens kommuner med "
            f"kommuneendringstabellen nor_locations_redistricting_b2024 i {CSDATA} (commit "
            f"{short_c}, {CSDATA_PATH}); en kommune-år som bygger på en delt kommune (vekt < 1: "
            "Ålesund/Haram, Snillfjord, Tysfjord) har symbolet «.». Østfold (F-31) er summen av "
            "kildens kommuner som ligger i dagens Østfold; hele landet (0) er summen av alle "
            "kommunene i kilden (uten arbeidssted i utlandet, på sokkelen eller uoppgitt)."
        ),
        ssb_table="11618",
        ssb_query=(
            'ApiData("https://data.ssb.no/api/v0/no/table/11618/", Region = TRUE, Kjonn = "0", '
            'Tid = <år>, Alder = "15-74", ContentsCode = TRUE) i make_data.R'
        ),
        period=f"{labour_years[0]}–{labour_years[-1]}",
        updated="«updated» i data.json er tidspunktet for kildens commit, ikke SSBs oppdatering",
        known_issues=[
            "1567 Rindal 2019 er 0 i kildefilen (kommunen fikk nummeret 5061 det året); 5061 har "
            "«..» for 2019, og summen for hele landet 2019 mangler Rindal.",
        ],
        fixture="tests/fixtures/real/11618_kommune_2017_2022.csv (samme omregning)",
    )

    municipalities, country, dropped = population_frames(objects, changes)
    population_years = sorted(set(municipalities["year"]))
    population_note = f"Ekte SSB-tall omregnet fra {CSDATA} (commit {short_c}), ikke hentet fra SSB"
    population_table = public_table(
        "07459",
        population_values(municipalities, country, changes),
        [str(y) for y in population_years],
        updated=_commit_time(csdata, csdata_commit),
        lead_note=population_note,
    )
    population_origin = _origin(
        CSDATA,
        csdata,
        csdata_commit,
        [sysdata],
        "SSB-tall CC BY 4.0 / NLOD 2.0 (Statistisk sentralbyrå); pakken MIT (niphr/csdata, "
        "Folkehelseinstituttet)",
        (
            f"{POPULATION_OBJECT}: befolkning 1. januar etter ettårig alder og kjønn på "
            "2024-grenser, summert over alder for kjønn «total» (kontrollert mot kvinner + menn). "
            "Kommuner som csdata har fordelt med anslåtte andeler (vekt < 1 i "
            "nor_locations_redistricting_b2024) har «.» de årene. Østfold (F-31) er summen av "
            "dagens Østfold-kommuner; hele landet (0) er csdatas nasjonale rad (SSB 07459, "
            "Region 0)."
        ),
        ssb_table="07459",
        r_object=POPULATION_OBJECT,
        period=f"{population_years[0]}–{population_years[-1]} (standardspørringen tar fra 2008)",
        dropped=(
            f"Årene {dropped['carried_forward_years']} er fjernet: csdata kopierer siste ekte år "
            f"({dropped['last_real_year']}) ti år fram (data-raw/04_nor_pop.R, «Forward-fill 10 "
            "years»; kolonnen imputed er TRUE for dem). Skriptet kontrollerer at de er kopier."
        ),
        updated="«updated» i data.json er tidspunktet for kildens commit, ikke SSBs oppdatering",
    )
    flows_table, flows_origin, flows_note = _flows_entry(
        pendling, pendling_commit, changes, labour, sysdata, short_c
    )
    return [
        (labour_table, labour_origin, labour_note),
        (population_table, population_origin, population_note),
        (flows_table, flows_origin, flows_note),
    ]


def present_municipalities(labour: pd.DataFrame, changes: pd.DataFrame) -> set[tuple[str, int]]:
    """Today's municipality-years that pendling has figures for.

    ``data_pendling{year}.rds`` and ``data_kommune{year}.rds`` hold the same municipalities (those
    with a point in ``komm_punkt{year}.RData``), so 11618's rows with figures say which ones the
    flow matrix covers: every one but Rindal 2019 (the map's 1567 has zeros in both files).
    """
    current = to_current_borders(labour, changes, list(LABOUR_CONTENTS.values()))
    return set(zip(current["region_code"], current["year"].astype(int), strict=True))


def _flows_entry(
    pendling: Path,
    commit: str,
    changes: pd.DataFrame,
    labour: pd.DataFrame,
    sysdata: SourceFile,
    short_c: str,
) -> tuple[DemoTable, dict[str, Any], str]:
    flows, sources = convert_flows(pendling, commit)
    years = sorted(set(flows["year"]))
    note = f"Ekte SSB-tall omregnet fra {PENDLING} (commit {commit[:7]}), ikke hentet fra SSB"
    values = flows_values(flows, changes, present_municipalities(labour, changes))
    table = public_flows_table(
        values,
        [str(y) for y in years],
        updated=_commit_time(pendling, commit),
        lead_note=note,
    )
    origin = _origin(
        PENDLING,
        pendling,
        commit,
        [*sources, sysdata],
        "SSB-tall CC BY 4.0 (Statistisk sentralbyrå); kode Apache-2.0 (statisticsnorway/pendling); "
        "kommuneendringer MIT (niphr/csdata, Folkehelseinstituttet)",
        (
            "Kildefilene er hele kvadratiske matriser (alle bosteder × alle arbeidssteder blant det "
            "årets kommuner, strømmer på 0 medregnet). Strømmene med bosted eller arbeidssted i "
            f"Søndre Østfold ({', '.join(QUERY_MEMBERS)}) er tatt med; begge ender er summert fra "
            "kodene som gjaldt hvert år til dagens kommuner med kommuneendringstabellen "
            f"nor_locations_redistricting_b2024 i {CSDATA} (commit {short_c}, {CSDATA_PATH}). "
            "Fylling: et par som ikke står i kilden er 0 (kilden har strømmene på 0 med). "
            "Ålesund-kodene, som csdata deler 0,5/0,5 mellom 1508 Ålesund og 1580 Haram, følger "
            "slektskapet i stedet: 2017–2019 er gamle 1534 Haram dagens 1580 og 1504, 1523, 1529 "
            "og 1546 dagens 1508 (eksakt); 1507 Ålesund 2020–2022 går helt til 1508 Ålesund (et "
            "anslag for de 1–14 personene i året som pendlet mellom Søndre Østfold og gamle "
            "Harams del; begge ligger utenfor regionen, så regionens summer er eksakte). Et par "
            "der en annen delt kommune (Snillfjord 2017) har personer i strømmen har «.», mens en "
            "strøm på 0 er 0 uansett deling; et par med en kommune kilden ikke har tall for det "
            "året har «..»."
        ),
        ssb_table="03321",
        ssb_query=(
            'ApiData("https://data.ssb.no/api/v0/no/table/03321/", Tid = y, ArbstedKomm = TRUE, '
            "Bokommuen = TRUE) i make_data.R, deretter Make_kommune() på begge endene"
        ),
        period=f"{years[0]}–{years[-1]} (standardspørringen tar fra 2015)",
        updated="«updated» i data.json er tidspunktet for kildens commit, ikke SSBs oppdatering",
        zero_flows=(
            "Kildens matriser har strømmene på 0 med (f.eks. 2017: 426 × 426 = 181 476 rader, "
            "151 844 av dem 0); et par som mangler i den filtrerte omregningen er derfor 0."
        ),
        coverage=(
            "Matrisen har bare kommuner med kartpunkt: arbeidssted i utlandet, på sokkelen, på "
            "Svalbard eller uoppgitt er ikke med, så summer over matrisen kan være litt lavere "
            "enn 11618."
        ),
        known_issues=[
            "5061 Rindal 2019: kildens kart har det gamle nummeret 1567 med bare nuller; alle "
            "strømmer til og fra Rindal 2019 har «..».",
            "1507 Ålesund 2020–2022 er lagt helt til 1508 Ålesund: cellene 1508/1580 mot Søndre "
            "Østfold er et anslag for de årene (1–14 personer per par), regionens summer er eksakte.",
            "Snillfjord 2017 (delt på Heim, Hitra og Orkland): strømmen mellom regionen og "
            "Snillfjord (1 person) har «.», så summene over alle bosteder eller arbeidssteder for "
            "2017 mangler i en streng sum.",
        ],
        fixture="tests/fixtures/real/03321_sondre_ostfold_2017_2022.csv (samme omregning)",
    )
    return table, origin, note


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pendling", type=Path, required=True, help=f"bar git-katalog med {PENDLING}"
    )
    parser.add_argument("--csdata", type=Path, required=True, help=f"bar git-katalog med {CSDATA}")
    parser.add_argument("--root", type=Path, default=Path("data/raw/ssb"), help="snapshot-roten")
    args = parser.parse_args(argv)
    results: list[SaveResult] = []
    for table, origin, note in build(args.pendling, args.csdata):
        # Dated by the source commit, not today: the folder says how old the figures are, the
        # conversion is reproducible, and a fetch on any day gets its own folder.
        converted_at = datetime.fromisoformat(origin["commit_time"].replace("Z", "+00:00"))
        results.append(
            save_snapshot(
                table.table,
                list(table.responses),
                urls=list(table.urls),
                query=list(table.query),
                fetched_at=converted_at,
                title=table.title,
                note=note + ". Se origin for kilde, commit og omregning.",
                combined=table.data if len(table.responses) > 1 else None,
                root=args.root,
                origin=origin,
            )
        )
    for result in results:
        print(f"{result.status}: {result.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
