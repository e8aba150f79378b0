"""Start the report's notebook kernels many times side by side and count the failures.

Issue 22: about one report in twenty died at start-up when two kernels picked the same TCP port.
The report now starts its kernels on Unix sockets with random names and tries a kernel that
dies before its first cell again. This script is the stress test kept out of the default suite:
each round runs ``--notebooks`` tiny notebooks through the report's own runner
(``report.execute.run_notebooks``) with ``--jobs`` processes side by side, so every round starts
``--jobs`` kernels at the same moment, as ``naering report`` does.

    .venv/bin/python scripts/stress_kernel_starts.py              # 50 rounds × 3 kernels
    .venv/bin/python scripts/stress_kernel_starts.py --rounds 200 --jobs 4

Prints one line per failed round and a summary; exit status 1 when any round failed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from naering_analysis.report.execute import ReportError, run_notebooks


def _books(folder: Path, count: int) -> list[Path]:
    books = []
    for n in range(count):
        book = nbformat.v4.new_notebook()
        book.cells = [nbformat.v4.new_code_cell(f"import os\nprint({n}, os.getpid())")]
        path = folder / f"{n:02d}_prove.ipynb"
        nbformat.write(book, path)
        books.append(path)
    return books


def main() -> int:
    """Run the rounds and report how many started every kernel."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="antall runder (rapporter)")
    parser.add_argument("--jobs", type=int, default=3, help="kjerner som startes samtidig")
    parser.add_argument("--notebooks", type=int, default=6, help="notatbøker per runde")
    args = parser.parse_args()
    failures = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kjernestart-") as tmp:
        books = _books(Path(tmp), args.notebooks)
        for round_ in range(1, args.rounds + 1):
            out = Path(tmp) / f"runde-{round_}"
            out.mkdir()
            try:
                run_notebooks(books, out, {}, Path(tmp), args.jobs, lambda b, s: None, lambda: None)
            except ReportError as exc:
                failures += 1
                print(f"runde {round_}: {exc}", flush=True)
    seconds = time.perf_counter() - started
    print(
        f"{args.rounds - failures} av {args.rounds} runder startet alle kjernene "
        f"({args.jobs} side om side, {args.notebooks} notatbøker per runde, "
        f"{seconds:.0f} s)".replace(".", ",")
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
