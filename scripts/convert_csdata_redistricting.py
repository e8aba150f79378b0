"""Convert the municipality redistricting table of niphr/csdata into a small CSV with provenance.

Why: ``tests/fixtures/real/11618_kommune_2017_2022.csv`` has every municipality with the codes valid
in each year, but the package's own code history (``data/municipalities.csv``) covers only Østfold
and a few other municipalities. To test on a national panel at consistent borders we need a public,
real table of the 2018–2024 code changes (KLASS 131).

Source: the R package ``niphr/csdata`` (Folkehelseinstituttet, MIT licence) keeps
``nor_locations_redistricting_b2024`` in ``R/sysdata.rda`` (returned by
``csdata::nor_locations_redistricting()``, documented in ``R/nor_locations_redistricting.R``). It
maps each code as it existed in a calendar year (``location_code_original``, ``calyear``) to the
code at the 2024 borders (``location_code_current``) with a ``weighting`` that sums to 1 per original
code and year; weights below 1 mark splits. csdata builds it in
``data-raw/02_nor_loc_redistricting_and_hierarchy.R`` from its hand-kept
``data-raw/files/locations/norway_locations.xlsx``. Split weights are csdata's own approximations
(e.g. 0.5/0.5 for every 2017–2023 Ålesund code to 1508 Ålesund and 1580 Haram, although only old
1534 Haram went to 1580), not population shares; the test panel drops split municipalities.

Only rows with ``granularity_geo == "municip"`` and ``calyear`` 2017–2024 are kept. csdata's
``calyear`` 2023 lists both the 2023 codes and the 2024 codes (as identity rows); they are written
as they are. Names of the 2024 codes come from ``nor_locations_names_b2024`` in the same file.

Development tool; needs ``pyreadr`` (not a project dependency, use a throwaway environment)::

    python3.11 -m venv /tmp/rdenv2 && /tmp/rdenv2/bin/pip install pyreadr pandas
    /tmp/rdenv2/bin/python scripts/convert_csdata_redistricting.py \\
        --git-dir /work/.mirror/niphr+csdata/repo --out tests/fixtures/real

It writes ``municipality_changes_2017_2024.csv`` (``from_code, year, to_code, to_name, weight``)
and ``municipality_changes_2017_2024.provenance.json`` (repository, commit, path, licence, SHA-256
of input and output, command), which ``tests/real_data.py`` verifies on every load.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from convert_pendling import (
    SourceFile,
    command_line,
    read_source,
    resolve_commit,
    run,
    to_csv_bytes,
    write_files,
)

REPOSITORY = "niphr/csdata"
REPOSITORY_URL = "https://github.com/niphr/csdata"
SOURCE_PATH = "R/sysdata.rda"
TABLE_OBJECT = "nor_locations_redistricting_b2024"
NAMES_OBJECT = "nor_locations_names_b2024"
FIRST_YEAR, LAST_YEAR = 2017, 2024
STEM = f"municipality_changes_{FIRST_YEAR}_{LAST_YEAR}"
PREFIX = "municip_nor"
COLUMNS = ["from_code", "year", "to_code", "to_name", "weight"]


def read_objects(source: SourceFile) -> dict[str, pd.DataFrame]:
    """Read every object of an ``.rda`` file (needs pyreadr)."""
    import pyreadr  # development-only dependency

    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "sysdata.rda"
        file.write_bytes(source.data)
        return dict(pyreadr.read_r(str(file)))


def convert(
    objects: dict[str, pd.DataFrame], first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR
) -> pd.DataFrame:
    """Municipality rows of the redistricting table (default 2017–2024), with 4-digit codes."""
    table = objects[TABLE_OBJECT]
    table = table[
        (table["granularity_geo"] == "municip") & table["calyear"].between(first_year, last_year)
    ].copy()
    for column in ("location_code_original", "location_code_current"):
        if not table[column].str.fullmatch(PREFIX + r"\d{4}").all():
            raise ValueError(f"{column}: codes that are not {PREFIX}NNNN")
    names = objects[NAMES_OBJECT]
    names = names[names["granularity_geo"] == "municip"].set_index("location_code")["location_name"]
    frame = pd.DataFrame(
        {
            "from_code": table["location_code_original"].str.removeprefix(PREFIX),
            "year": table["calyear"].astype("int64"),
            "to_code": table["location_code_current"].str.removeprefix(PREFIX),
            "to_name": table["location_code_current"].map(names),
            "weight": table["weighting"].round(6),
        }
    )
    if frame["to_name"].isna().any():
        raise ValueError(
            f"no name for {sorted(set(frame.loc[frame['to_name'].isna(), 'to_code']))}"
        )
    if frame.duplicated(["from_code", "year", "to_code"]).any():
        raise ValueError("repeated (from_code, year, to_code)")
    sums = frame.groupby(["from_code", "year"])["weight"].sum()
    if not ((sums - 1).abs() < 1e-6).all():
        raise ValueError(f"weights do not sum to 1: {sums[(sums - 1).abs() >= 1e-6]}")
    return frame[COLUMNS].sort_values(["year", "from_code", "to_code"], ignore_index=True)


def provenance(
    frame: pd.DataFrame,
    commit: str,
    source: SourceFile,
    csv_name: str,
    csv_bytes: bytes,
    command: str,
) -> dict[str, object]:
    """Describe where the CSV came from; the test loader verifies ``output.sha256``."""

    splits = frame[frame["weight"] < 1]
    return {
        "synthetic": False,
        "description": (
            "Kommunenummer slik de var hvert år 2017–2024, koblet til kommunenummer på 2024-grenser "
            "(KLASS 131-endringer), med vekt < 1 der en kommune ble delt."
        ),
        "repository": REPOSITORY,
        "repository_url": REPOSITORY_URL,
        "commit": commit,
        "path": SOURCE_PATH,
        "r_object": TABLE_OBJECT,
        "r_function": "csdata::nor_locations_redistricting(border = 2024)",
        "upstream_source": (
            "csdata: data-raw/02_nor_loc_redistricting_and_hierarchy.R from "
            "data-raw/files/locations/norway_locations.xlsx; @source 'Statistics Norway (SSB) "
            "municipal reform documentation'"
        ),
        "licence": "MIT (niphr/csdata, LICENSE; copyright Folkehelseinstituttet)",
        "inputs": [{"path": source.path, "sha256": source.sha256}],
        "filter": "granularity_geo == 'municip' & 2017 <= calyear <= 2024; codes without 'municip_nor'",
        "conversion": {"script": "scripts/convert_csdata_redistricting.py", "command": command},
        "output": {"file": csv_name, "sha256": hashlib.sha256(csv_bytes).hexdigest()},
        "splits": [
            f"{code} ({years.min()}–{years.max()}) -> {to} {weight:g}"
            for (code, to, weight), years in splits.groupby(["from_code", "to_code", "weight"])[
                "year"
            ]
        ],
        "known_issues": [
            "Split weights are csdata's approximations, not population shares: every 2017–2023 "
            "Ålesund-area code (1504, 1523, 1529, 1534, 1546, 1507) gets 0.5 to 1508 and 0.5 to 1580, "
            "although only 1534 Haram became 1580. Use the weights only to find splits.",
            "calyear 2023 also lists the 2024 codes as identity rows (csdata's convention).",
        ],
        "columns": {
            "from_code": "kommunenummer slik det var i 'year' (4 sifre, tekst)",
            "year": "kalenderår koden gjaldt",
            "to_code": "kommunenummer på 2024-grenser",
            "to_name": "navn på to_code (nor_locations_names_b2024)",
            "weight": "andel av from_code som går til to_code (1 = hele; < 1 = delt)",
        },
    }


def write_fixture(git_dir: Path, out: Path, rev: str = "HEAD") -> tuple[Path, Path]:
    """Convert and write the CSV and its provenance sidecar into ``out``; return both paths."""
    commit = resolve_commit(git_dir, rev)
    source = read_source(git_dir, commit, SOURCE_PATH)
    frame = convert(read_objects(source))
    data = to_csv_bytes(frame)
    command = command_line("convert_csdata_redistricting.py", commit, out, REPOSITORY)
    meta = provenance(frame, commit, source, f"{STEM}.csv", data, command)
    return write_files(out, STEM, data, meta)


def main(argv: list[str] | None = None) -> int:
    return run(
        argv,
        "Gjør kommuneendringstabellen i niphr/csdata om til CSV med proveniens.",
        REPOSITORY,
        write_fixture,
    )


if __name__ == "__main__":
    sys.exit(main())
