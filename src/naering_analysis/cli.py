"""The ``naering`` command. Messages are in Norwegian; every failure exits non-zero with one line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from naering_analysis import __version__
from naering_analysis.config import paths
from naering_analysis.errors import NaeringError

Handler = Callable[[argparse.Namespace], int]


def _cmd_report(args: argparse.Namespace) -> int:
    raw = paths().raw
    tables = sorted(p.name for p in raw.iterdir()) if raw.is_dir() else []
    print(f"naering {__version__}: fant {len(tables)} SSB-tabeller i {raw}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with all subcommands."""
    parser = argparse.ArgumentParser(
        prog="naering",
        description="Analyseverktøy for arbeidsplassvekst (SSB-data, scenarier og figurer).",
    )
    parser.add_argument("--version", action="version", version=f"naering {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", required=True)
    report = sub.add_parser("report", help="lag rapporten fra siste øyeblikksbilde")
    report.set_defaults(handler=_cmd_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the exit code."""
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except NaeringError as exc:
        print(f"feil: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("avbrutt", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
