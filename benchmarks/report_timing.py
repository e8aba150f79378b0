"""Time ``make report`` warm, step by step: side by side (the default) against one at a time.

Runs ``naering report --out <tmp>`` as a whole process, the two variants in turn (A B A B …)
after one warm-up run of each, so both see the same machine. The data cache is built before the
first run, so every counted run is *warm* (``.venv`` and ``data/processed`` present). Prints, per
step, the median and the range of the seconds the report's own progress lines give, the wall time
of the whole process measured here, and the ratio of the two variants run by run. Last, it checks
that every run wrote the same deterministic files, byte for byte: figures (PNG, SVG, PDF, CSV,
alt text), table CSVs, the xlsx contents apart from their creation time, and ``nokkeltall.json``
apart from ``generated_at``. Exit status 1 when they differ.

    .venv/bin/python benchmarks/report_timing.py            # 3 runs of each variant
    .venv/bin/python benchmarks/report_timing.py --runs 5 --jobs 3

The machine is shared: quote medians and the ratio, not one run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEP = re.compile(r"^\s*(\d+,\d) s  (?:\[\d+/\d+\] )?(.+)$")
TOTAL = re.compile(r"^Ferdig på (\d+,\d) s\.")
SERIAL = "én om gangen"


def naering(*args: str) -> list[str]:
    """Return the command line of ``naering`` in this interpreter's environment."""
    return [sys.executable, "-m", "naering_analysis.cli", *args]


def run_once(out: Path, jobs: int | None) -> tuple[float, dict[str, float]]:
    """Run one report into ``out``; return the wall seconds and the seconds per step it printed."""
    args = ["report", "--out", str(out)] + ([] if jobs is None else ["--jobs", str(jobs)])
    started = time.perf_counter()
    done = subprocess.run(naering(*args), cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"naering report feilet:\n{done.stdout}\n{done.stderr}")
    steps: dict[str, float] = {}
    for line in done.stdout.splitlines():
        if match := STEP.match(line):
            name = re.sub(r" \(.*\)$", "", match.group(2))
            steps[name] = float(match.group(1).replace(",", "."))
        elif match := TOTAL.match(line):
            steps["Totalt (egen måling)"] = float(match.group(1).replace(",", "."))
    return wall, steps


def fingerprint(folder: Path) -> dict[str, str]:
    """Return sha256 of every deterministic output in a report folder, keyed by relative path."""
    found: dict[str, str] = {}
    for path in sorted([*folder.glob("figurer/*"), *folder.glob("tabeller/*")]):
        if path.suffix == ".xlsx":  # a zip whose docProps/core.xml holds the time it was made
            digest = hashlib.sha256()
            with zipfile.ZipFile(path) as book:
                for member in sorted(book.namelist()):
                    if member != "docProps/core.xml":
                        digest.update(member.encode() + book.read(member))
            found[str(path.relative_to(folder))] = digest.hexdigest()
        else:
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    figures = json.loads((folder / "nokkeltall.json").read_text("utf-8"))
    figures["meta"].pop("generated_at")
    text = json.dumps(figures, sort_keys=True).encode()
    found["nokkeltall.json (uten generated_at)"] = hashlib.sha256(text).hexdigest()
    return found


def spread(values: list[float], decimals: int = 1) -> str:
    """Return ``median (min–max)`` in Norwegian number format."""
    if not values:
        return "–"

    def nb(value: float) -> str:
        return f"{value:.{decimals}f}".replace(".", ",")

    return f"{nb(statistics.median(values))} ({nb(min(values))}–{nb(max(values))})"


def main() -> int:
    """Run the variants in turn, print the breakdown and check the outputs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="tellede kjøringer per variant")
    parser.add_argument("--jobs", type=int, default=None, help="prosesser i parallell variant")
    args = parser.parse_args()
    subprocess.run(naering("build"), cwd=ROOT, check=True, capture_output=True)
    variants = {"parallelt": args.jobs, SERIAL: 1}
    walls: dict[str, list[float]] = {name: [] for name in variants}
    steps: dict[str, dict[str, list[float]]] = {name: {} for name in variants}
    prints: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="rapport-tid-") as tmp:
        for round_ in range(args.runs + 1):  # round 0 is the warm-up of each variant
            for name, jobs in variants.items():
                out = Path(tmp) / f"{round_}-{'p' if jobs != 1 else 's'}"
                wall, seen = run_once(out, jobs)
                prints.append(fingerprint(out))
                state = "oppvarming" if round_ == 0 else f"runde {round_}"
                print(f"{state:>11}  {name:<13} {wall:6.1f} s".replace(".", ","), flush=True)
                if round_ == 0:
                    continue
                walls[name].append(wall)
                for step, seconds in seen.items():
                    steps[name].setdefault(step, []).append(seconds)
    print(f"\nmake report, varm, {args.runs} kjøringer per variant: median (min–maks), sekunder")
    names = list(dict.fromkeys(s for per in steps.values() for s in per))
    print(f"{'Steg':<48} {'parallelt':>20} {SERIAL:>20}")
    for step in names:
        row = [spread(steps[v].get(step, [])) for v in variants]
        print(f"{step:<48} {row[0]:>20} {row[1]:>20}")
    row = [spread(walls[v]) for v in variants]
    print(f"{'Veggtid for hele prosessen':<48} {row[0]:>20} {row[1]:>20}")
    ratios = [a / b for a, b in zip(walls["parallelt"], walls[SERIAL], strict=True)]
    print(f"Forhold parallelt / én om gangen, kjøring for kjøring: {spread(ratios, 2)}")
    different = sorted({k for p in prints for k in p if p.get(k) != prints[0].get(k)})
    if different:
        print(f"\nULIKE FILER mellom kjøringene ({len(different)}): {', '.join(different)}")
        return 1
    print(f"\nAlle {len(prints)} kjøringer skrev de samme {len(prints[0])} deterministiske filene.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
