"""Time ``make report`` warm against the previous code, in the same run: CPU, wall, step by step.

Runs ``naering report --out <tmp>`` as a whole process for this checkout and for a baseline
revision (default :data:`BASE`, the code before issue 21's CPU work), in turn (A B A B …) after
one warm-up run of each, so both see the same machine. The baseline runs from a temporary git
worktree with this ``.venv`` (``PYTHONPATH`` and ``NAERING_ROOT`` point the process and its kernels
at it); the data cache of each is built before the first run, so every counted run is *warm*.

Per variant it prints the median and range of the CPU seconds of the whole process tree (user +
system, from ``getrusage`` of the finished children: ``naering``, its kernels and workers), the
wall seconds, and the seconds per step the report's own progress lines give; then the ratio
A/B run by run. Last, it checks that every run of this checkout wrote the same deterministic files,
byte for byte (figures: PNG, SVG, PDF, CSV, alt text; table CSVs; the xlsx contents apart from their
creation time; ``nokkeltall.json`` apart from ``generated_at``), and lists the files in which the
baseline differs (expected where the code changed an output on purpose). Exit status 1 when the
runs of this checkout differ from each other.

    .venv/bin/python benchmarks/report_timing.py                 # 3 runs of each
    .venv/bin/python benchmarks/report_timing.py --runs 5 --base main --jobs 2

The machine is shared: quote medians and the ratio, not one run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEP = re.compile(r"^\s*(\d+,\d) s  (?:\[\d+/\d+\] )?(.+)$")
TOTAL = re.compile(r"^Ferdig på (\d+,\d) s\.")
#: The code before issue 21's CPU work (parquet frames, light provenance, one kernel per process).
BASE = "79de903"


@dataclass
class Variant:
    """One side of the comparison: a checkout, and what its runs measured."""

    name: str
    root: Path
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    steps: dict[str, list[float]] = field(default_factory=dict)
    prints: list[dict[str, str]] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        """Return the environment that runs this checkout's code and data."""
        env = dict(os.environ, NAERING_ROOT=str(self.root), MPLBACKEND="Agg")
        env["PYTHONPATH"] = str(self.root / "src")
        return env


def naering(*args: str) -> list[str]:
    """Return the command line of ``naering`` in this interpreter's environment."""
    return [sys.executable, "-m", "naering_analysis.cli", *args]


def children_cpu() -> float:
    """Return the CPU seconds (user + system) of every finished child process so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(
    variant: Variant, out: Path, jobs: int | None
) -> tuple[float, float, dict[str, float]]:
    """Run one report into ``out``; return its CPU and wall seconds and the seconds per step."""
    args = ["report", "--out", str(out)] + ([] if jobs is None else ["--jobs", str(jobs)])
    cpu, started = children_cpu(), time.perf_counter()
    done = subprocess.run(
        naering(*args), cwd=variant.root, env=variant.env(), capture_output=True, text=True
    )
    wall, cpu = time.perf_counter() - started, children_cpu() - cpu
    if done.returncode != 0:
        sys.exit(f"naering report ({variant.name}) feilet:\n{done.stdout}\n{done.stderr}")
    steps: dict[str, float] = {}
    for line in done.stdout.splitlines():
        if match := STEP.match(line):
            name = re.sub(r"( \(.*\)|: .*)$", "", match.group(2))
            steps[name] = float(match.group(1).replace(",", "."))
        elif match := TOTAL.match(line):
            steps["Totalt (egen måling)"] = float(match.group(1).replace(",", "."))
    return cpu, wall, steps


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


def baseline(revision: str, folder: Path) -> Path:
    """Check ``revision`` out into ``folder`` (a detached git worktree) and return it."""
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(folder), revision],
        check=True,
    )
    return folder


def compare(a: Variant, b: Variant, runs: int, jobs: int | None, tmp: Path) -> None:
    """Run ``a`` and ``b`` in turn, one warm-up each and ``runs`` counted runs each."""
    for variant in (a, b):
        subprocess.run(naering("build"), cwd=variant.root, env=variant.env(), check=True,
                       capture_output=True)  # fmt: skip
    for round_ in range(runs + 1):  # round 0 is the warm-up of each variant
        for side, variant in enumerate((a, b)):
            out = tmp / f"{round_}-{'ab'[side]}"
            cpu, wall, seen = run_once(variant, out, jobs)
            variant.prints.append(fingerprint(out))
            state = "oppvarming" if round_ == 0 else f"runde {round_}"
            line = f"{state:>11}  {variant.name:<16} CPU {cpu:6.1f} s  vegg {wall:6.1f} s"
            print(line.replace(".", ","), flush=True)
            if round_ == 0:
                continue
            variant.cpu.append(cpu)
            variant.wall.append(wall)
            for step, seconds in seen.items():
                variant.steps.setdefault(step, []).append(seconds)


def main() -> int:
    """Run this checkout against the baseline in turn, print the breakdown, check the outputs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="tellede kjøringer per variant")
    parser.add_argument("--base", default=BASE, help=f"git-revisjon å sammenligne med ({BASE})")
    parser.add_argument("--jobs", type=int, default=None, help="prosesser per rapport")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rapport-tid-") as tmp_name:
        tmp = Path(tmp_name)
        old = baseline(args.base, tmp / "grunnlinje")
        try:
            a, b = Variant("denne koden", ROOT), Variant(f"forrige ({args.base})", old)
            compare(a, b, args.runs, args.jobs, tmp)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)],
                           check=False)  # fmt: skip
    print(f"\nmake report, varm, {args.runs} kjøringer hver: median (min–maks), sekunder")
    print(f"{'':<48} {a.name:>20} {b.name:>20}")
    print(f"{'CPU-tid for hele prosesstreet':<48} {spread(a.cpu):>20} {spread(b.cpu):>20}")
    print(f"{'Veggtid for hele prosessen':<48} {spread(a.wall):>20} {spread(b.wall):>20}")
    for step in dict.fromkeys([*a.steps, *b.steps]):
        row = [spread(v.steps.get(step, [])) for v in (a, b)]
        print(f"{step:<48} {row[0]:>20} {row[1]:>20}")
    cpu = [x / y for x, y in zip(a.cpu, b.cpu, strict=True)]
    wall = [x / y for x, y in zip(a.wall, b.wall, strict=True)]
    print(
        f"Forhold denne / forrige, kjøring for kjøring: CPU {spread(cpu, 2)}, vegg {spread(wall, 2)}"
    )
    changed = sorted(k for k in b.prints[-1] if b.prints[-1][k] != a.prints[-1].get(k))
    added = sorted(set(a.prints[-1]) - set(b.prints[-1]))
    print(f"Mot forrige kode: {len(changed)} filer ulike, {len(added)} nye"
          + (f" (ulike: {', '.join(changed)})" if changed else ""))  # fmt: skip
    different = sorted({k for p in a.prints for k in p if p.get(k) != a.prints[0].get(k)})
    if different:
        print(f"\nULIKE FILER mellom kjøringene av denne koden ({len(different)}): "
              f"{', '.join(different)}")  # fmt: skip
        return 1
    print(f"Alle {len(a.prints)} kjøringer av denne koden skrev de samme {len(a.prints[0])} "
          "deterministiske filene.")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
