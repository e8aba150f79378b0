"""The ``naering`` command. Messages are in Norwegian; every failure exits non-zero with one line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from naering_analysis import __version__
from naering_analysis.errors import NaeringError

Handler = Callable[[argparse.Namespace], int]


def _say(message: str) -> None:
    print(message, flush=True)


def _cmd_fetch(args: argparse.Namespace) -> int:
    from naering_analysis.datasets.fetch import fetch_tables

    _say(f"Henter SSB-tabeller for kommune {args.kommune} fra data.ssb.no …")
    fetched = fetch_tables(args.tables, kommune=args.kommune, progress=_say)
    for item in fetched:
        what = "lagret" if item.result.status == "saved" else "uendret, ikke lagret på nytt"
        _say(f"  {item.table}: {what} → {item.result.path} ({item.requests} forespørsler)")
    _say("Kjør `naering build` for å oppdatere de prosesserte tabellene.")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from naering_analysis.datasets.build import build

    result = build(force=args.force, progress=_say)
    if result.manifest.get("synthetic"):
        _say("Merk: bygget fra SYNTETISKE DEMODATA – ikke offisielle tall.")
    return 0


def _cmd_snapshots(args: argparse.Namespace) -> int:
    from naering_analysis.snapshots import list_snapshots

    infos = list_snapshots(args.table)
    if not infos:
        _say("Ingen øyeblikksbilder funnet. Kjør `naering fetch` (krever internett).")
        return 0
    _say(f"{'Tabell':<7} {'Mappe':<13} {'Hentet (UTC)':<21} {'SSB oppdatert':<21} Type")
    for info in infos:
        kind = "SYNTETISK (demo)" if info.synthetic else "ekte SSB-data"
        fetched = info.fetched_at.strftime("%Y-%m-%d %H:%M:%S")
        updated = (info.ssb_updated or "–")[:19]
        _say(f"{info.table:<7} {info.date_label:<13} {fetched:<21} {updated:<21} {kind}")
    return 0


def _cmd_backtest(args: argparse.Namespace) -> int:
    from naering_analysis.datasets import frames
    from naering_analysis.forecast.backtest import backtest_report

    frame = frames.employment(args.snapshot)
    if frame.attrs.get("synthetic"):
        _say("Merk: backtesten kjøres på SYNTETISKE DEMODATA – ikke offisielle tall.")
    _say(backtest_report(frame))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from naering_analysis.report.run import make_report

    make_report(
        outdir=Path(args.out) if args.out else None,
        kommune=args.kommune,
        snapshot=args.snapshot,
        progress=_say,
        jobs=args.jobs,
    )
    return 0


def _cmd_rollover(args: argparse.Namespace) -> int:
    from naering_analysis.report.rollover import rollover

    rollover(kommune=args.kommune, offline=args.offline, progress=_say)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with all subcommands."""
    parser = argparse.ArgumentParser(
        prog="naering",
        description="Analyseverktøy for arbeidsplassvekst (SSB-data, scenarier og figurer).",
    )
    parser.add_argument("--version", action="version", version=f"naering {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", required=True)

    fetch = sub.add_parser("fetch", help="hent ferske tabeller fra SSB (krever internett)")
    fetch.add_argument("tables", nargs="*", metavar="TABELL", help="tabell-id-er (standard: alle)")
    fetch.add_argument("--kommune", default="3105", help="kommunenummer (standard 3105 Sarpsborg)")
    fetch.set_defaults(handler=_cmd_fetch)

    build = sub.add_parser("build", help="bygg data/processed fra øyeblikksbildene")
    build.add_argument(
        "--force", action="store_true", help="bygg på nytt selv om ingenting er endret"
    )
    build.set_defaults(handler=_cmd_build)

    snaps = sub.add_parser("snapshots", help="list øyeblikksbilder med proveniens")
    snaps.add_argument("table", nargs="?", default=None, metavar="TABELL")
    snaps.set_defaults(handler=_cmd_snapshots)

    bt = sub.add_parser("backtest", help="sammenlign prognosemetodene på historiske data")
    bt.add_argument("--snapshot", default=None, help="øyeblikksbilde (mappenavn); standard: siste")
    bt.set_defaults(handler=_cmd_backtest)

    report = sub.add_parser("report", help="kjør alle notatbøker og lag rapporten")
    report.add_argument("--kommune", default="3105")
    report.add_argument(
        "--snapshot", default=None, help="øyeblikksbilde (mappenavn); standard: siste"
    )
    report.add_argument("--out", default=None, help="rapportmappe (standard reports/<dato>)")
    report.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        help="antall notatbøker som kjøres samtidig (standard: prosessorkjerner + 1; "
        "1 kjører dem etter hverandre)",
    )
    report.set_defaults(handler=_cmd_report)

    roll = sub.add_parser("rollover", help="årlig rullering: hent, bygg, rapport og endringer")
    roll.add_argument("--kommune", default="3105")
    roll.add_argument("--offline", action="store_true", help="ikke prøv å hente nye data")
    roll.set_defaults(handler=_cmd_rollover)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the exit code."""
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except NaeringError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"feil: {first}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"feil: {exc.strerror or exc} ({exc.filename or 'ukjent fil'})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("avbrutt", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
