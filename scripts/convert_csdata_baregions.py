"""Write the labour-market regions (BA-regioner) of every municipality as package data.

Why: the peer comparison ranks a municipality in its business region. For Sarpsborg that is Søndre
Østfold as the programme defines it (``data/region_groups.yaml``), but a municipality elsewhere needs
an official regional division, or it would be ranked "nr. 1 av 1". The bo- og
arbeidsmarkedsregioner (BA-regioner; Gundersen og Juvkam, NIBR-rapport 2013:1) group municipalities
by commuting to a centre, which is what a business region is meant to be.

Source: ``data-raw/files/locations/baregioner_2024.xlsx`` in the R package niphr/csdata
(Folkehelseinstituttet, MIT licence), sheet «Etter kommune»: one row per municipality with the
2024 code and its BA-region («3 Fredrikstad/Sarpsborg»). The sheet's header says «per 1. januar
2020», but the codes are the 2024 ones; this script checks that the 357 codes are exactly today's
division (``data/current_municipalities.csv``) and takes the names from there.

Development tool (pandas and openpyxl, both in the project's environment)::

    .venv/bin/python scripts/convert_csdata_baregions.py --git-dir /work/.mirror/niphr+csdata/repo

It writes ``src/naering_analysis/data/labour_market_regions.csv`` with the provenance (repository,
commit, path, SHA-256 of the input) in its comment header.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import subprocess
from pathlib import Path

import pandas as pd

from naering_analysis.atomic import atomic_write_bytes
from naering_analysis.reference.division import Division, current_division

REPOSITORY = "niphr/csdata"
SOURCE_PATH = "data-raw/files/locations/baregioner_2024.xlsx"
SHEET = "Etter kommune"
OUT = Path(__file__).resolve().parents[1] / "src/naering_analysis/data/labour_market_regions.csv"


def _git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(git_dir), *args], check=True, capture_output=True
    ).stdout


def convert(workbook: bytes) -> pd.DataFrame:
    """Return ``code, name, region_code, region_name`` for every current municipality."""
    sheet = pd.read_excel(io.BytesIO(workbook), sheet_name=SHEET, dtype=str)
    municipality, region = sheet.columns[0], sheet.columns[1]
    parts = sheet[municipality].str.extract(r"^(\d{4}) ")
    regions = sheet[region].str.extract(r"^(\d+) (.+)$")
    if parts[0].isna().any() or regions.isna().any().any():
        raise SystemExit(f"{SOURCE_PATH}: uventet format i arket {SHEET!r}")
    division = current_division()
    names = sheet[municipality].str.replace(r"^\d{4} ", "", regex=True).str.strip()
    codes = [_current(code, name, division) for code, name in zip(parts[0], names, strict=True)]
    if sorted(codes) != sorted(division.codes):
        missing = sorted(set(division.codes) - set(codes))
        extra = sorted(set(codes) - set(division.codes))
        raise SystemExit(f"{SOURCE_PATH}: kodene er ikke dagens inndeling ({missing=}, {extra=})")
    frame = pd.DataFrame(
        {
            "code": codes,
            "name": [division.name(code) for code in codes],
            "region_code": regions[0].astype(int).map("{:03d}".format),
            "region_name": regions[1].str.strip(),
        }
    )
    return frame.sort_values("code").reset_index(drop=True)


def _current(code: str, name: str, division: Division) -> str:
    """Return today's code: the sheet's own, or (three rows) the one today's division gives the name.

    The sheet lists Rindal as 1567 (5061 since 2019), Jevnaker as 3444 and Lunner as 3445 (3236 and
    3234 from 2024); each name is unique in today's division.
    """
    if code in division.names:
        return code
    matches = [c for c, n in division.names.items() if n == name]
    if len(matches) != 1:
        raise SystemExit(f"{SOURCE_PATH}: {code} {name} finnes ikke i dagens inndeling")
    REMAPPED.append(f"{code} {name} → {matches[0]}")
    return matches[0]


REMAPPED: list[str] = []


def render(frame: pd.DataFrame, commit: str, sha256: str) -> bytes:
    """Return the CSV with its provenance header."""
    header = [
        "# Bo- og arbeidsmarkedsregioner (BA-regioner) for dagens 357 kommuner (2024-inndelingen).",
        "# Inndelingen: Gundersen og Juvkam, «Inndelinger i senterstruktur, sentralitet og BA-regioner»,",
        "# NIBR-rapport 2013:1, tilpasset 2024-kommunene. Brukes som næringsregion i sammenligningen for",
        "# kommuner utenfor handlingsprogrammets egen region (region_groups.yaml).",
        f"# Kilde: {REPOSITORY} {SOURCE_PATH} (ark «{SHEET}») @ {commit},",
        f"# sha256 {sha256}; lisens MIT (Folkehelseinstituttet).",
        "# Laget med scripts/convert_csdata_baregions.py; navnene er fra current_municipalities.csv.",
        f"# Koder i arket som ikke er dagens, rettet etter navnet: {'; '.join(REMAPPED) or 'ingen'}.",
    ]
    body = io.StringIO()
    frame.to_csv(body, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return ("\n".join(header) + "\n" + body.getvalue()).encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--git-dir", type=Path, required=True, help="niphr/csdata som git-katalog")
    parser.add_argument("--rev", default="HEAD", help="versjon (standard HEAD)")
    parser.add_argument("--out", type=Path, default=OUT, help="CSV-fila som skrives")
    args = parser.parse_args(argv)
    commit = _git(args.git_dir, "rev-parse", args.rev).decode().strip()
    workbook = _git(args.git_dir, "show", f"{commit}:{SOURCE_PATH}")
    data = render(convert(workbook), commit, hashlib.sha256(workbook).hexdigest())
    atomic_write_bytes(args.out, data)
    print(f"Skrev {args.out} ({len(data)} byte)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
