"""Lag (eller kontroller) det syntetiske demo-datasettet under data/raw/ssb/<tabell>/2026-11-26/.

Bruk:
    python scripts/make_demo_snapshot.py            # skriv manglende demo-snapshot
    python scripts/make_demo_snapshot.py --check    # regenerer i minnet og sammenlign byte for byte
    python scripts/make_demo_snapshot.py --replace  # erstatt et syntetisk demo-snapshot som avviker

Tallene er SYNTETISKE DEMODATA (illustrasjonsdata, ikke offisielle tall fra SSB). Logikken ligger i
naering_analysis.demo; dette skriptet er bare inngangen.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from naering_analysis.demo.snapshot import check_demo, write_demo
from naering_analysis.errors import NaeringError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="sammenlign med de lagrede filene")
    parser.add_argument("--replace", action="store_true", help="erstatt avvikende demo-snapshot")
    parser.add_argument("--root", type=Path, default=None, help="rot for snapshot (data/raw/ssb)")
    args = parser.parse_args(argv)
    if args.check:
        failed = [check for check in check_demo(args.root) if check.problems]
        for check in failed:
            print(f"AVVIK {check.table} ({check.path}):", file=sys.stderr)
            for problem in check.problems:
                print(f"  - {problem}", file=sys.stderr)
        if failed:
            print("Kjør `python scripts/make_demo_snapshot.py --replace` etter en bevisst endring.")
            return 1
        print("Demo-snapshotene er identiske med generatoren.")
        return 0
    try:
        results = write_demo(args.root, replace=args.replace)
    except NaeringError as exc:
        print(f"feil: {exc}", file=sys.stderr)
        return 1
    for result in results:
        word = "skrevet" if result.status == "saved" else "uendret"
        print(f"{word}: {result.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
