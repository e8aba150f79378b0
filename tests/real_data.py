"""Real SSB figures for tests: table 11618 from statisticsnorway/pendling (see its provenance file).

The fixture ``tests/fixtures/real/11618_kommune_2017_2022.csv`` is made by
``scripts/convert_pendling.py``; ``…provenance.json`` beside it records repository, commit, input
checksums and the CSV's SHA-256, which :func:`load_real_11618` verifies on every load.

:func:`real_totals_frame` turns it into the project's tidy vocabulary (docs/CONTRACTS.md) with one
all-industries code and a Norway row, so it can serve as a small forecasting panel with a reference
region. Harmonisation uses the package's own code history (``reference.regions``); see that
function for which municipalities it can and cannot carry across the reforms.

:func:`real_national_totals` instead harmonises every municipality with a second real fixture,
``municipality_changes_2017_2024.csv`` (the redistricting table of niphr/csdata, made by
``scripts/convert_csdata_redistricting.py``), so the national panel does not depend on the package's
own code history.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd

from naering_analysis.reference.regions import (
    NORWAY_CODE,
    harmonise_series,
    load_code_history,
    region_name,
)
from tests.helpers import FIXTURES

REAL = FIXTURES / "real"
CSV_11618 = REAL / "11618_kommune_2017_2022.csv"
PROVENANCE_11618 = REAL / "11618_kommune_2017_2022.provenance.json"
CSV_CHANGES = REAL / "municipality_changes_2017_2024.csv"
PROVENANCE_CHANGES = REAL / "municipality_changes_2017_2024.provenance.json"
ALL_INDUSTRIES = "00-99"
YEARS = list(range(2017, 2023))


class TamperedFixtureError(RuntimeError):
    """The fixture's checksum does not match its provenance file."""


def read_provenance(path: Path = PROVENANCE_11618) -> dict[str, Any]:
    """Return the provenance sidecar as a dict."""
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


def verify_checksum(csv_path: Path = CSV_11618, provenance_path: Path = PROVENANCE_11618) -> None:
    """Raise :class:`TamperedFixtureError` unless the CSV's SHA-256 is the one recorded."""
    expected = read_provenance(provenance_path)["output"]["sha256"]
    actual = hashlib.sha256(csv_path.read_bytes()).hexdigest()
    if actual != expected:
        raise TamperedFixtureError(
            f"{csv_path.name} er endret: SHA-256 er {actual}, men {provenance_path.name} sier "
            f"{expected}. Lag filen på nytt med scripts/convert_pendling.py i stedet for å redigere den."
        )


def load_real_11618(
    csv_path: Path = CSV_11618, provenance_path: Path = PROVENANCE_11618
) -> pd.DataFrame:
    """Load the 11618 fixture (codes as in each year's data) after checking its checksum.

    Values are ``Int64``; the one missing row (1567 Rindal 2019, zeros in the source because the
    municipality moved to 5061 that year) is ``<NA>`` and listed in the provenance ``known_issues``.
    """
    verify_checksum(csv_path, provenance_path)
    frame = pd.read_csv(
        csv_path,
        dtype={
            "region_code": str,
            "region_name": str,
            "year": "int64",
            "population_15_74": "Int64",
            "employed_residents": "Int64",
            "jobs": "Int64",
        },
        keep_default_na=False,
        na_values={c: [""] for c in ("population_15_74", "employed_residents", "jobs")},
    )
    frame.attrs["synthetic"] = False
    frame.attrs["provenance"] = [read_provenance(provenance_path)]
    return frame


def harmonisable_mask(frame: pd.DataFrame) -> pd.Series:
    """Rows whose code the package's code history lists and maps to exactly one current code.

    The history (``data/municipalities.csv``) covers Østfold through the 2020 and 2024 reforms,
    Aurskog-Høland and the 2024 Ålesund split. Codes it does not list pass through
    ``harmonise_code`` unchanged when their county is current (so a retired code like 1534 Haram
    would look current) or raise when it is not (e.g. 2019 codes in Akershus, 02xx); 1507 Ålesund
    (2020–2023) raises because it was split in 2024. Only listed, mappable codes are kept.
    """
    history = load_code_history().municipalities
    mappable = {code for code, record in history.items() if record.current_code is not None}
    return frame["region_code"].isin(mappable)


def real_totals_frame(harmonised: bool = True) -> pd.DataFrame:
    """Jobs by workplace (11618, all industries) as a tidy frame with a Norway row per year.

    Columns ``region_code, region_name, industry_code, year, jobs``; ``industry_code`` is
    ``"00-99"`` (all industries) and Norway (``"0"``, "Hele landet") is the sum of every
    municipality in the fixture, whatever its code (2019 lacks Rindal's roughly 840 jobs, which
    the source file does not have; see ``known_issues`` in the provenance).

    With ``harmonised=True`` (default) municipality codes are mapped to 2024 codes with
    ``reference.regions.harmonise_series`` (checked against each year) and merged municipalities
    are summed (0104 Moss + 0136 Rygge -> 3103). Only municipalities the package's code history can
    carry over 2017–2022 are kept (see :func:`harmonisable_mask`); the codes left out are listed in
    ``attrs["not_harmonised"]`` and still count in the Norway row. With ``harmonised=False`` every
    municipality is kept with the code and name of that year.
    """
    raw = load_real_11618()
    norway = raw.groupby("year", as_index=False)["jobs"].sum()
    norway["region_code"] = NORWAY_CODE
    norway["region_name"] = region_name(NORWAY_CODE)
    if harmonised:
        keep = harmonisable_mask(raw)
        municipalities = raw[keep].copy()
        municipalities["region_code"] = harmonise_series(municipalities, year_column="year")
        municipalities = municipalities.groupby(["region_code", "year"], as_index=False)[
            "jobs"
        ].sum()
        municipalities["region_name"] = municipalities["region_code"].map(region_name)
        years = municipalities.groupby("region_code")["year"].nunique()
        if (years != len(YEARS)).any():
            raise AssertionError(f"ufullstendige serier etter harmonisering: {years[years != 6]}")
        not_harmonised = sorted(set(raw.loc[~keep, "region_code"]))
    else:
        municipalities = raw[["region_code", "region_name", "year", "jobs"]]
        not_harmonised = []
    frame = pd.concat([municipalities, norway], ignore_index=True)
    frame["industry_code"] = ALL_INDUSTRIES
    frame["jobs"] = frame["jobs"].astype("Int64")
    frame = frame[["region_code", "region_name", "industry_code", "year", "jobs"]]
    frame = frame.sort_values(["region_code", "year"], ignore_index=True)
    provenance = raw.attrs["provenance"][0]
    frame.attrs["synthetic"] = False
    frame.attrs["provenance"] = [provenance]
    frame.attrs["source"] = (
        f"Kilde: Statistisk sentralbyrå (SSB), tabell 11618 (via {provenance['repository']}, "
        f"commit {provenance['commit'][:7]})"
    )
    frame.attrs["not_harmonised"] = not_harmonised
    return frame


def load_municipality_changes(
    csv_path: Path = CSV_CHANGES, provenance_path: Path = PROVENANCE_CHANGES
) -> pd.DataFrame:
    """Load the code-change table (niphr/csdata, 2024 borders) after checking its checksum.

    One row per ``(from_code, year, to_code)``: the code as it was in ``year`` and the code at the
    2024 borders it belongs to; ``weight`` < 1 marks a municipality split between several 2024
    codes (csdata's rough shares, used here only to find splits).
    """
    verify_checksum(csv_path, provenance_path)
    frame = pd.read_csv(
        csv_path,
        dtype={"from_code": str, "year": "int64", "to_code": str, "to_name": str, "weight": float},
        keep_default_na=False,
    )
    frame.attrs["synthetic"] = False
    frame.attrs["provenance"] = [read_provenance(provenance_path)]
    return frame


def real_national_totals(borders: int = 2024) -> pd.DataFrame:
    """Jobs by workplace (11618) for every municipality at 2024 borders, 2017–2022, plus Norway.

    Same columns as :func:`real_totals_frame`. Each year's codes are mapped with
    :func:`load_municipality_changes`; municipalities merged in 2018–2024 are summed (0104 Moss +
    0136 Rygge -> 3103, 1103 Stavanger + 1141 Finnøy + 1142 Rennesøy -> 1103). A 2024 municipality
    is dropped, with every code that feeds it, when

    * any code feeding it in 2017–2022 was split between several 2024 municipalities (weight < 1:
      Ålesund/Haram 2024 -> 1508, 1580; Snillfjord 2020 -> 5055, 5056, 5059; Tysfjord 2020 ->
      1806, 1875), because its series would rest on guessed shares; or
    * one of its years has no figure (5061 Rindal: 1567 in 2019 is empty in the source).

    ``attrs["dropped"]`` lists each dropped 2024 code with its name, reason and original codes;
    ``attrs["dropped_jobs"]`` gives their jobs per year. The Norway row (``"0"``) is the sum of
    every municipality in the fixture before dropping, so per year
    ``Norway == sum(municipalities) + dropped_jobs``. Only ``borders=2024`` is available (csdata
    has no other border year).
    """
    if borders != 2024:
        raise ValueError(f"bare 2024-grenser finnes i endringstabellen, ikke {borders}")
    raw = load_real_11618()
    changes = load_municipality_changes()
    norway = raw.groupby("year", as_index=False)["jobs"].sum()
    norway["region_code"] = NORWAY_CODE
    norway["region_name"] = region_name(NORWAY_CODE)

    mapped = raw[["region_code", "year", "jobs"]].merge(
        changes, left_on=["region_code", "year"], right_on=["from_code", "year"], how="left"
    )
    unmatched = mapped[mapped["to_code"].isna()]
    if unmatched["jobs"].notna().any():
        raise AssertionError(f"koder uten 2024-kode: {unmatched[['region_code', 'year']]}")
    # 1567 Rindal 2019 is empty in 11618 and csdata has Rindal as 5061 that year.
    rindal = {"5061": sorted(set(unmatched["region_code"]))} if len(unmatched) else {}
    mapped = mapped[mapped["to_code"].notna()]

    reasons: dict[str, str] = {}
    for code in mapped.loc[mapped["weight"] < 1, "to_code"]:
        reasons[code] = "delt kommune i kilden (vekt < 1): serien ville bygge på anslåtte andeler"
    for code in mapped.loc[mapped["jobs"].isna(), "to_code"].tolist() + list(rindal):
        reasons.setdefault(code, "mangler tall ett år (kildefilen er tom, se known_issues)")

    keep = ~mapped["to_code"].isin(reasons)
    kept = mapped[keep]
    municipalities = kept.groupby(["to_code", "year"])["jobs"].sum().reset_index()
    municipalities = municipalities.rename(columns={"to_code": "region_code"})
    names = changes.drop_duplicates("to_code").set_index("to_code")["to_name"]
    municipalities["region_name"] = municipalities["region_code"].map(names)
    years = municipalities.groupby("region_code")["year"].nunique()
    if (years != len(YEARS)).any():
        raise AssertionError(f"ufullstendige serier etter harmonisering: {years[years != 6]}")

    # Jobs of every raw row that did not go into a kept municipality (a split code counts fully).
    kept_rows = set(zip(kept["region_code"], kept["year"], strict=True))
    in_kept = [(c, y) in kept_rows for c, y in zip(raw["region_code"], raw["year"], strict=True)]
    dropped_jobs = raw.loc[[not k for k in in_kept]].groupby("year")["jobs"].sum()
    dropped = [
        {
            "region_code": code,
            "region_name": str(names[code]),
            "reason": reason,
            "original_codes": sorted(
                set(mapped.loc[mapped["to_code"] == code, "region_code"])
                | set(rindal.get(code, []))
            ),
        }
        for code, reason in sorted(reasons.items())
    ]

    frame = pd.concat([municipalities, norway], ignore_index=True)
    frame["industry_code"] = ALL_INDUSTRIES
    frame["jobs"] = frame["jobs"].astype("Int64")
    frame = frame[["region_code", "region_name", "industry_code", "year", "jobs"]]
    frame = frame.sort_values(["region_code", "year"], ignore_index=True)
    jobs_source, changes_source = raw.attrs["provenance"][0], changes.attrs["provenance"][0]
    frame.attrs["synthetic"] = False
    frame.attrs["provenance"] = [jobs_source, changes_source]
    frame.attrs["source"] = (
        f"Kilde: Statistisk sentralbyrå (SSB), tabell 11618 (via {jobs_source['repository']}, "
        f"commit {jobs_source['commit'][:7]}); kommuneendringer fra {changes_source['repository']} "
        f"(commit {changes_source['commit'][:7]})"
    )
    frame.attrs["borders"] = borders
    frame.attrs["dropped"] = dropped
    frame.attrs["dropped_jobs"] = dict(
        zip(dropped_jobs.index.astype(int).tolist(), dropped_jobs.astype(int).tolist(), strict=True)
    )
    return frame
