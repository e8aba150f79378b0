"""Real SSB 03321 flows for tests: Søndre Østfold from statisticsnorway/pendling.

``tests/fixtures/real/03321_sondre_ostfold_2017_2022.csv`` is made by
``scripts/convert_pendling.py --table 03321``; its ``…provenance.json`` records repository, commit,
input checksums and the CSV's SHA-256, verified on every load.
"""

from __future__ import annotations

import pandas as pd

from tests.real_data import REAL, load_municipality_changes, read_provenance, verify_checksum

CSV_03321 = REAL / "03321_sondre_ostfold_2017_2022.csv"
PROVENANCE_03321 = REAL / "03321_sondre_ostfold_2017_2022.provenance.json"


def load_real_03321() -> pd.DataFrame:
    """Load the fixture (codes of each year) after checking its checksum, as SSB-like cells.

    Columns ``Bokommuen``, ``Bokommuen_label``, ``ArbstedKomm``, ``ArbstedKomm_label``, ``Tid``,
    ``value`` (what ``datasets.commuting_flows.tidy_flows`` reads).
    """
    verify_checksum(CSV_03321, PROVENANCE_03321)
    raw = pd.read_csv(CSV_03321, dtype=str)
    return pd.DataFrame(
        {
            "Bokommuen": raw["home_code"],
            "Bokommuen_label": raw["home_name"],
            "ArbstedKomm": raw["work_code"],
            "ArbstedKomm_label": raw["work_name"],
            "Tid": raw["year"],
            "value": raw["persons"].astype(float),
        }
    )


def provenance_03321() -> dict:
    """The fixture's provenance sidecar."""
    return read_provenance(PROVENANCE_03321)


def harmonised_real_03321() -> pd.DataFrame:
    """The fixture's cells with both ends at 2024 borders (niphr/csdata's change table).

    A code split between several 2024 municipalities (Snillfjord, Tysfjord, Ålesund/Haram; none
    in Østfold) goes whole to its largest part: such flows only ever reach "rest of the country",
    so no region figure depends on the choice. Labels are the 2024 names.
    """
    cells = load_real_03321()
    changes = load_municipality_changes()
    main = (
        changes.sort_values("weight", ascending=False)
        .drop_duplicates(["from_code", "year"])
        .assign(year=lambda f: f["year"].astype(str))
        .set_index(["from_code", "year"])
    )
    for dim in ("Bokommuen", "ArbstedKomm"):
        keys = pd.MultiIndex.from_arrays([cells[dim], cells["Tid"]])
        found = main.reindex(keys)
        if found["to_code"].isna().any():
            missing = sorted(set(cells.loc[found["to_code"].isna().to_numpy(), dim]))
            raise KeyError(f"the change table has no 2024 code for {missing}")
        cells[dim] = found["to_code"].to_numpy()
        cells[f"{dim}_label"] = found["to_name"].to_numpy()
    return cells
