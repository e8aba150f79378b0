"""Check the package's SN2025 -> SN2007 crosswalk against SSB's own files.

The crosswalk ``src/naering_analysis/data/sn2025_sn2007.csv`` is built from SSB's published SN2025
structure; SSB's correspondence table (Klass 2919) exists only at five digits and no public copy
was found when it was made, so most rows are ``assumed``. This development tool checks it two ways:

1. ``--hierarki FILE``: a Klass export of SN2025 (``code;parentCode;level;name;...``, cp1252, as in
   statisticsnorway/stat-master-nace ``data/nace25_hierarki.csv``) — every two-digit code and name
   in the crosswalk must be SSB's. Offline.
2. ``--klass`` (needs internet) or ``--klass-fil FILE`` (a saved copy of
   https://data.ssb.no/api/klass/v1/correspondencetables/2919.json): cut SSB's five-digit
   ``correspondenceMaps`` to two digits and list the pairs the file lacks or has in excess.

Examples::

    git --git-dir /work/.mirror/statisticsnorway+stat-master-nace/repo show \\
        46dcf3e676b6f178349fb35c80dc81e7bca57468:data/nace25_hierarki.csv > /tmp/nace25.csv
    python scripts/sn2025_crosswalk.py --hierarki /tmp/nace25.csv
    python scripts/sn2025_crosswalk.py --klass

When Klass agrees, set the rows to ``confirmed`` and ``checked_against_klass: true`` in
``sn2025_sn2007.yaml`` by hand (the script never edits package data). Exit code 1 on a difference.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import urllib.request
from pathlib import Path

from naering_analysis.reference.sn2025 import Crosswalk, compare_with_klass, load_crosswalk

KLASS_2919 = "https://data.ssb.no/api/klass/v1/correspondencetables/2919.json"


def hierarchy_differences(crosswalk: Crosswalk, text: str) -> list[str]:
    """Return the differences between the crosswalk's SN2025 divisions and a Klass export."""
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    ssb = {row["code"]: row["name"].strip() for row in reader if row.get("level") == "2"}
    ours = {c: crosswalk.label(c) for c in crosswalk.sn2025_codes if c.isdigit()}
    lines = [f"SN2025 {c} mangler i koblingen ({ssb[c]})" for c in sorted(ssb.keys() - ours.keys())]
    lines += [f"SN2025 {c} finnes ikke hos SSB" for c in sorted(ours.keys() - ssb.keys())]
    lines += [
        f"SN2025 {c}: navnet er {ours[c]!r}, SSB har {ssb[c]!r}"
        for c in sorted(ours.keys() & ssb.keys())
        if ours[c] != ssb[c]
    ]
    return lines


def klass_differences(crosswalk: Crosswalk, document: dict) -> list[str]:
    """Return the two-digit pairs where the crosswalk and Klass 2919 disagree."""
    result = compare_with_klass(crosswalk, document.get("correspondenceMaps", []))
    lines = [
        f"Klass har SN2025 {a} -> SN2007 {b}, koblingen mangler den" for a, b in result["missing"]
    ]
    lines += [
        f"Koblingen har SN2025 {a} -> SN2007 {b}, Klass har den ikke" for a, b in result["extra"]
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hierarki", type=Path, help="Klass-uttrekk av SN2025 (CSV, cp1252, ;)")
    parser.add_argument("--klass", action="store_true", help="hent Klass 2919 fra SSB (nett)")
    parser.add_argument("--klass-fil", type=Path, help="lagret kopi av Klass 2919 (JSON)")
    args = parser.parse_args(argv)
    crosswalk = load_crosswalk()
    problems: list[str] = []
    if args.hierarki:
        problems += hierarchy_differences(crosswalk, args.hierarki.read_text(encoding="cp1252"))
    if args.klass or args.klass_fil:
        if args.klass_fil:
            document = json.loads(args.klass_fil.read_text("utf-8"))
        else:
            request = urllib.request.Request(KLASS_2919, headers={"Accept": "application/json"})
            with urllib.request.urlopen(request, timeout=30) as response:
                document = json.load(response)
        problems += klass_differences(crosswalk, document)
    if not (args.hierarki or args.klass or args.klass_fil):
        parser.error("oppgi --hierarki, --klass eller --klass-fil")
    for line in problems:
        print(line)
    print("Ingen forskjeller." if not problems else f"{len(problems)} forskjell(er).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
