"""Convert SSB table 11618 as saved in statisticsnorway/pendling into a tidy CSV with provenance.

SSB's own public repository ``statisticsnorway/pendling`` (code Apache-2.0, SSB figures CC BY 4.0)
keeps one R data file per year, ``data/data_kommune{year}.rds``, made by its ``make_data.R``::

    ApiData("https://data.ssb.no/api/v0/no/table/11618/",
            Region = TRUE, Kjonn = "0", Tid = y, Alder = "15-74", ContentsCode = TRUE)

Its ``app.R``/``Dotmap_Functions.R`` read the three ``ContentsCode`` values as
``BefolkningBosted`` (population aged 15–74, "Befolkningen 15-74 år"), ``SysselBosted`` (employed
residents, "Sysselsatte personer i kommunen") and ``SysselArbsted`` (employed persons by workplace,
i.e. jobs located in the municipality, "Sysselsattes arbeidssted"). The ``.rds`` files hold codes
only; municipality names come from the same repository's ``data/komm_punkt{year}.RData`` (column
``NAVN``, with SSB's disambiguation of duplicate names such as "Våler (Østfold)").
``make_data.R`` keeps only municipalities that have a map point, which in these files is every
municipality of that year (426 in 2017, 422 in 2018–2019, 356 in 2020–2022). One exception: the
2019 map still has Rindal as 1567 (Møre og Romsdal), while SSB's 2019 figures are under its new code
5061 (Trøndelag), so the 2019 file holds 1567 with zeros and no 5061. A row whose three values are
all zero is written with empty values (not available, not zero) and listed under ``known_issues``.

This script is a development tool. It needs ``pyreadr`` (not a dependency of the package; use a
throwaway environment) and reads the files straight from a bare git mirror of the repository, so the
commit is recorded exactly::

    python3.11 -m venv /tmp/rdenv && /tmp/rdenv/bin/pip install pyreadr pandas
    /tmp/rdenv/bin/python scripts/convert_pendling.py \\
        --git-dir /work/.mirror/statisticsnorway+pendling/repo --out tests/fixtures/real

It writes ``11618_kommune_2017_2022.csv`` (one row per municipality and year, codes as in that
year's data) and ``11618_kommune_2017_2022.provenance.json`` (repository, commit, paths, licences,
SHA-256 of every input and of the CSV, ``"synthetic": false``). The functions are importable so the
offline default (issue 20) can reuse the same conversion; nothing in the package or the tests
imports this script.

Table 03321 (``--table 03321``) comes from the same repository's ``data/data_pendling{year}.rds``,
made by ``make_data.R`` with::

    ApiData("https://data.ssb.no/api/v0/no/table/03321/", Tid = y, ArbstedKomm = TRUE, Bokommuen = TRUE)

then filtered to pairs where both ends have a map point (``Make_kommune`` on ``Bokommuen`` and on
``ArbstedKomm``): the full matrix of employed persons 15–74 (4th quarter, ``ContentsCode``
``Sysselsatte``) between the municipalities of that year, without workplaces abroad, on the
continental shelf or unknown. :func:`convert_flows` keeps the flows where the residence or the
workplace is one of ``REGION`` (Søndre Østfold, codes of each year) and writes
``03321_sondre_ostfold_2017_2022.csv`` (flows of 0 are left out: a pair not listed is 0 in the
source) with each member's totals within the matrix in the provenance.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

REPOSITORY = "statisticsnorway/pendling"
REPOSITORY_URL = "https://github.com/statisticsnorway/pendling"
TABLE = "11618"
YEARS: tuple[int, ...] = (2017, 2018, 2019, 2020, 2021, 2022)
STEM = f"{TABLE}_kommune_{YEARS[0]}_{YEARS[-1]}"
CONTENTS = {
    "BefolkningBosted": "population_15_74",
    "SysselBosted": "employed_residents",
    "SysselArbsted": "jobs",
}
COLUMNS = ["region_code", "region_name", "year", "population_15_74", "employed_residents", "jobs"]


@dataclass(frozen=True)
class SourceFile:
    """One file read from the repository: its path, bytes and checksums."""

    path: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", *args], check=True, capture_output=True
    ).stdout


def resolve_commit(git_dir: Path, rev: str = "HEAD") -> str:
    """Return the full commit SHA of ``rev`` in the bare mirror ``git_dir``."""
    return _git(git_dir, "rev-parse", f"{rev}^{{commit}}").decode().strip()


def read_source(git_dir: Path, commit: str, path: str) -> SourceFile:
    """Read ``path`` at ``commit`` from the mirror."""
    return SourceFile(path, _git(git_dir, "show", f"{commit}:{path}"))


def _read_r(source: SourceFile) -> pd.DataFrame:
    import pyreadr  # development-only dependency, imported here so --help works without it

    suffix = Path(source.path).suffix
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / f"input{suffix}"
        file.write_bytes(source.data)
        result = pyreadr.read_r(str(file))
    if len(result) != 1:
        raise ValueError(f"{source.path}: expected one R object, found {list(result)}")
    return next(iter(result.values()))


def convert_year(year: int, kommune: SourceFile, punkt: SourceFile) -> pd.DataFrame:
    """Turn one year's ``data_kommune`` and ``komm_punkt`` files into tidy rows (``COLUMNS``)."""
    raw = _read_r(kommune)
    raw = raw.astype({"Region": str, "ContentsCode": str, "Tid": str, "Kjonn": str, "Alder": str})
    checks = {
        "Tid": {str(year)},
        "Kjonn": {"0"},
        "Alder": {"15-74"},
        "ContentsCode": set(CONTENTS),
    }
    for column, expected in checks.items():
        if set(raw[column]) != expected:
            raise ValueError(f"{kommune.path}: {column} is {set(raw[column])}, expected {expected}")
    if raw["value"].isna().any():
        raise ValueError(f"{kommune.path}: missing values")
    # pivot (not pivot_table) so that a repeated (Region, ContentsCode) pair raises instead of summing
    wide = raw.pivot(index="Region", columns="ContentsCode", values="value")  # noqa: PD010
    wide = wide.rename(columns=CONTENTS)
    names = _read_r(punkt).astype({"NR": str, "NAVN": str}).set_index("NR")["NAVN"]
    if names.index.duplicated().any():
        raise ValueError(f"{punkt.path}: duplicate municipality numbers")
    missing = sorted(set(wide.index) - set(names.index))
    if missing:
        raise ValueError(f"{punkt.path}: no name for {missing}")
    frame = wide.reset_index().rename(columns={"Region": "region_code"})
    frame["region_name"] = frame["region_code"].map(names)
    frame["year"] = year
    empty = (frame[list(CONTENTS.values())] == 0).all(axis=1)
    frame[list(CONTENTS.values())] = frame[list(CONTENTS.values())].astype("Int64")
    frame.loc[empty, list(CONTENTS.values())] = pd.NA
    if not frame["region_code"].str.fullmatch(r"\d{4}").all():
        raise ValueError(f"{kommune.path}: region codes that are not four digits")
    return frame[COLUMNS].astype({"year": "int64"})


def convert(
    git_dir: Path, commit: str, years: Sequence[int] = YEARS
) -> tuple[pd.DataFrame, list[SourceFile]]:
    """Read every year from the mirror; return the tidy frame and the files it was made from."""
    frames, sources = [], []
    for year in years:
        kommune = read_source(git_dir, commit, f"data/data_kommune{year}.rds")
        punkt = read_source(git_dir, commit, f"data/komm_punkt{year}.RData")
        frames.append(convert_year(year, kommune, punkt))
        sources += [kommune, punkt]
    frame = pd.concat(frames, ignore_index=True).sort_values(["year", "region_code"])
    return frame.reset_index(drop=True), sources


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Serialise deterministically (UTF-8, ``\\n`` line ends), so the checksum is reproducible."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def provenance(
    frame: pd.DataFrame,
    commit: str,
    sources: Sequence[SourceFile],
    csv_name: str,
    csv_bytes: bytes,
    command: str,
) -> dict[str, object]:
    """Describe where the CSV came from; ``sha256`` of the CSV is what the test loader verifies."""
    empty = frame[frame["jobs"].isna()]
    known_issues = [
        f"{row.region_code} {row.region_name} {row.year}: alle tre verdier er 0 i kildefilen "
        "(kommunen fikk nytt nummer det året og kildens kart har det gamle); skrevet som tomme"
        for row in empty.itertuples(index=False)
    ]
    return {
        "synthetic": False,
        "description": (
            "SSB tabell 11618: befolkning 15–74 år, sysselsatte etter bosted og sysselsatte etter "
            "arbeidssted (arbeidsplasser), 4. kvartal, begge kjønn, alle kommuner med kodene som "
            "gjaldt det året."
        ),
        "source": "Kilde: Statistisk sentralbyrå (SSB), tabell 11618",
        "ssb_table": TABLE,
        "ssb_query": (
            'ApiData("https://data.ssb.no/api/v0/no/table/11618/", Region = TRUE, Kjonn = "0", '
            'Tid = <year>, Alder = "15-74", ContentsCode = TRUE) in make_data.R'
        ),
        "contents_codes": CONTENTS,
        "repository": REPOSITORY,
        "repository_url": REPOSITORY_URL,
        "commit": commit,
        "licence": {
            "data": "CC BY 4.0 (Statistisk sentralbyrå)",
            "code": "Apache-2.0 (statisticsnorway/pendling, LICENSE)",
        },
        "inputs": [{"path": s.path, "sha256": s.sha256} for s in sources],
        "conversion": {"script": "scripts/convert_pendling.py", "command": command},
        "output": {"file": csv_name, "sha256": hashlib.sha256(csv_bytes).hexdigest()},
        "known_issues": known_issues,
        "columns": {
            "region_code": "kommunenummer slik det var det året (4 sifre, tekst)",
            "region_name": "kommunenavn fra data/komm_punkt<år>.RData (NAVN)",
            "year": "år (4. kvartal)",
            "population_15_74": "BefolkningBosted: befolkning 15–74 år",
            "employed_residents": "SysselBosted: sysselsatte 15–74 år etter bosted",
            "jobs": "SysselArbsted: sysselsatte 15–74 år etter arbeidssted (arbeidsplasser)",
        },
    }


def write_files(out: Path, stem: str, data: bytes, meta: dict[str, object]) -> tuple[Path, Path]:
    """Write ``<stem>.csv`` and its ``<stem>.provenance.json`` sidecar into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    csv_path, json_path = out / f"{stem}.csv", out / f"{stem}.provenance.json"
    csv_path.write_bytes(data)
    json_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return csv_path, json_path


def command_line(script: str, commit: str, out: Path, repository: str = REPOSITORY) -> str:
    """The command that reproduces a fixture, as recorded in its provenance."""
    return (
        f"python scripts/{script} --git-dir <mirror of {repository}> --rev {commit} "
        f"--out {out.as_posix()}"
    )


def write_fixture(git_dir: Path, out: Path, rev: str = "HEAD") -> tuple[Path, Path]:
    """Convert and write the CSV and its provenance sidecar into ``out``; return both paths."""
    commit = resolve_commit(git_dir, rev)
    frame, sources = convert(git_dir, commit)
    data = to_csv_bytes(frame)
    command = command_line("convert_pendling.py", commit, out)
    meta = provenance(frame, commit, sources, f"{STEM}.csv", data, command)
    return write_files(out, STEM, data, meta)


def run(
    argv: list[str] | None,
    description: str,
    repository: str,
    write: Callable[[Path, Path, str], tuple[Path, Path]],
) -> int:
    """Parse ``--git-dir``, ``--rev`` and ``--out``, write the fixture and say where."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--git-dir", type=Path, required=True, help=f"bar git-katalog med {repository}"
    )
    parser.add_argument("--rev", default="HEAD", help="commit å lese fra (standard: HEAD)")
    parser.add_argument(
        "--out", type=Path, default=Path("tests/fixtures/real"), help="mappe å skrive til"
    )
    args = parser.parse_args(argv)
    csv_path, json_path = write(args.git_dir, args.out, args.rev)
    print(f"Skrev {csv_path} og {json_path}")
    return 0


# --- 03321: commuting flows (residence × workplace) -------------------------------------------

FLOW_TABLE = "03321"
FLOW_STEM = f"{FLOW_TABLE}_sondre_ostfold_{YEARS[0]}_{YEARS[-1]}"
FLOW_COLUMNS = ["year", "home_code", "home_name", "work_code", "work_name", "persons"]
# Søndre Østfold (data/region_groups.yaml) in each year's numbering: Sarpsborg, Fredrikstad,
# Halden, Hvaler, Rakkestad. Østfold's numbers changed on 1 January 2020 (01xx -> 30xx) and 2024.
REGION: dict[int, tuple[str, ...]] = {
    **dict.fromkeys((2017, 2018, 2019), ("0105", "0106", "0101", "0111", "0128")),
    **dict.fromkeys((2020, 2021, 2022), ("3003", "3004", "3001", "3011", "3016")),
}


def convert_flows_year(year: int, pendling: SourceFile, punkt: SourceFile) -> pd.DataFrame:
    """Turn one year's ``data_pendling`` file into the region's flows (``FLOW_COLUMNS``)."""
    raw = _read_r(pendling)
    raw = raw.astype(dict.fromkeys(("Bokommuen", "ArbstedKomm", "ContentsCode", "Tid"), str))
    for column, expected in {"Tid": {str(year)}, "ContentsCode": {"Sysselsatte"}}.items():
        if set(raw[column]) != expected:
            raise ValueError(
                f"{pendling.path}: {column} is {set(raw[column])}, expected {expected}"
            )
    if raw["value"].isna().any():
        raise ValueError(f"{pendling.path}: missing values")
    if raw.duplicated(["Bokommuen", "ArbstedKomm"]).any():
        raise ValueError(f"{pendling.path}: a (Bokommuen, ArbstedKomm) pair appears twice")
    names = _read_r(punkt).astype({"NR": str, "NAVN": str}).set_index("NR")["NAVN"]
    region = REGION[year]
    missing = sorted(set(region) - set(raw["Bokommuen"]) - set(raw["ArbstedKomm"]))
    if missing:
        raise ValueError(f"{pendling.path}: no flows for the region's {missing}")
    touching = raw["Bokommuen"].isin(region) | raw["ArbstedKomm"].isin(region)
    flows = raw[touching & (raw["value"] != 0)].rename(
        columns={"Bokommuen": "home_code", "ArbstedKomm": "work_code", "value": "persons"}
    )
    unnamed = sorted((set(flows["home_code"]) | set(flows["work_code"])) - set(names.index))
    if unnamed:
        raise ValueError(f"{punkt.path}: no name for {unnamed}")
    flows = flows.assign(
        year=year,
        home_name=flows["home_code"].map(names),
        work_name=flows["work_code"].map(names),
        persons=flows["persons"].astype("int64"),
    )
    return flows[FLOW_COLUMNS].sort_values(["home_code", "work_code"])


def region_totals(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Each member's employed residents, jobs and flows within itself, summed over the matrix."""
    rows = []
    for year, codes in REGION.items():
        flows = frame[frame["year"] == year]
        for code in codes:
            rows.append(
                {
                    "year": year,
                    "region_code": code,
                    "employed_residents": int(
                        flows.loc[flows["home_code"] == code, "persons"].sum()
                    ),
                    "jobs": int(flows.loc[flows["work_code"] == code, "persons"].sum()),
                    "living_and_working": int(
                        flows.loc[
                            (flows["home_code"] == code) & (flows["work_code"] == code), "persons"
                        ].sum()
                    ),
                }
            )
    return rows


def convert_flows(
    git_dir: Path, commit: str, years: Sequence[int] = YEARS
) -> tuple[pd.DataFrame, list[SourceFile]]:
    """Read every year's 03321 matrix from the mirror; return the region's flows and the inputs."""
    frames, sources = [], []
    for year in years:
        pendling = read_source(git_dir, commit, f"data/data_pendling{year}.rds")
        punkt = read_source(git_dir, commit, f"data/komm_punkt{year}.RData")
        frames.append(convert_flows_year(year, pendling, punkt))
        sources += [pendling, punkt]
    frame = pd.concat(frames, ignore_index=True)
    return frame.sort_values(["year", "home_code", "work_code"]).reset_index(drop=True), sources


def flow_provenance(
    frame: pd.DataFrame,
    commit: str,
    sources: Sequence[SourceFile],
    csv_name: str,
    csv_bytes: bytes,
    command: str,
) -> dict[str, object]:
    """Describe where the 03321 CSV came from (as :func:`provenance` does for 11618)."""
    return {
        "synthetic": False,
        "description": (
            "SSB tabell 03321: sysselsatte 15–74 år per 4. kvartal etter bostedskommune og "
            "arbeidsstedskommune, strømmene der bostedet eller arbeidsstedet er en av kommunene i "
            "Søndre Østfold (Sarpsborg, Fredrikstad, Halden, Hvaler, Rakkestad), kommunekodene som "
            "gjaldt det året. Strømmer på 0 er utelatt."
        ),
        "source": "Kilde: Statistisk sentralbyrå (SSB), tabell 03321",
        "ssb_table": FLOW_TABLE,
        "ssb_query": (
            'ApiData("https://data.ssb.no/api/v0/no/table/03321/", Tid = y, ArbstedKomm = TRUE, '
            "Bokommuen = TRUE) in make_data.R, then Make_kommune() on Bokommuen and ArbstedKomm "
            "(only municipalities with a map point in data/komm_punkt<year>.RData)"
        ),
        "contents_codes": {"Sysselsatte": "persons"},
        "region_codes": {str(year): list(codes) for year, codes in REGION.items()},
        "repository": REPOSITORY,
        "repository_url": REPOSITORY_URL,
        "commit": commit,
        "licence": {
            "data": "CC BY 4.0 (Statistisk sentralbyrå)",
            "code": "Apache-2.0 (statisticsnorway/pendling, LICENSE)",
        },
        "inputs": [{"path": s.path, "sha256": s.sha256} for s in sources],
        "conversion": {"script": "scripts/convert_pendling.py", "command": command},
        "output": {"file": csv_name, "sha256": hashlib.sha256(csv_bytes).hexdigest()},
        "coverage": (
            "Matrisen har bare kommuner med kartpunkt: arbeidssted i utlandet, på sokkelen, på "
            "Svalbard eller uoppgitt er ikke med. Summene under 'totals' er derfor summer innenfor "
            "matrisen og kan være litt lavere enn sysselsatte etter bosted/arbeidssted i 11618."
        ),
        "totals": region_totals(frame),
        "known_issues": [],
        "columns": {
            "year": "år (4. kvartal)",
            "home_code": "bostedskommune (Bokommuen), kommunenummer det året",
            "home_name": "navnet fra data/komm_punkt<år>.RData (NAVN)",
            "work_code": "arbeidsstedskommune (ArbstedKomm), kommunenummer det året",
            "work_name": "navnet fra data/komm_punkt<år>.RData (NAVN)",
            "persons": "Sysselsatte: sysselsatte 15–74 år som bor i home_code og arbeider i work_code",
        },
    }


def write_flow_fixture(git_dir: Path, out: Path, rev: str = "HEAD") -> tuple[Path, Path]:
    """Convert 03321 and write its CSV and provenance sidecar into ``out``; return both paths."""
    commit = resolve_commit(git_dir, rev)
    frame, sources = convert_flows(git_dir, commit)
    data = to_csv_bytes(frame)
    command = command_line("convert_pendling.py --table 03321", commit, out)
    meta = flow_provenance(frame, commit, sources, f"{FLOW_STEM}.csv", data, command)
    return write_files(out, FLOW_STEM, data, meta)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    table = TABLE
    if "--table" in args:
        at = args.index("--table")
        table = args[at + 1] if at + 1 < len(args) else ""
        del args[at : at + 2]
    writers = {TABLE: write_fixture, FLOW_TABLE: write_flow_fixture}
    if table not in writers:
        print(f"Ukjent tabell {table!r}; velg {' eller '.join(writers)}.", file=sys.stderr)
        return 2
    return run(
        args,
        f"Gjør SSB-tabell {table} fra statisticsnorway/pendling om til CSV med proveniens "
        "(--table 11618 eller 03321).",
        REPOSITORY,
        writers[table],
    )


if __name__ == "__main__":
    sys.exit(main())
