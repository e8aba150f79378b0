"""The ``naering`` command. Messages are in Norwegian; every failure exits non-zero.

A failure prints ``feil:`` and a short first line, then the lines that say what to do (at most
:data:`MAX_ERROR_LINES`, each cut at :data:`MAX_LINE`); URLs and queries only with ``--verbose``.
Warnings from the library (a damaged snapshot set aside, a retry) go to stderr as ``advarsel:``.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from naering_analysis import __version__
from naering_analysis.errors import (
    NaeringError,
    SSBNotAnswering,
    SSBUnavailable,
    UnknownCodeError,
)
from naering_analysis.reference.division import resolve as resolve_municipality

Handler = Callable[[argparse.Namespace], int]
MAX_ERROR_LINES = 12
MAX_LINE = 400


def _say(message: str) -> None:
    print(message, flush=True)


def _cmd_fetch(args: argparse.Namespace) -> int:
    from naering_analysis.datasets import fetch as fetch_module
    from naering_analysis.datasets.fetch import fetch_tables, revision_warning, ssb_base_url

    url = ssb_base_url(args.ssb_url)
    warning = revision_warning(fetch_module.oslo_now())
    if warning and not args.likevel:
        raise NaeringError(
            f"{warning}\nHent etter kl. 08, eller kjør `naering fetch --likevel` for å hente nå "
            "likevel. Ingenting er hentet."
        )
    if warning:
        _say(f"Merk: {warning} Henter likevel (--likevel); sjekk tallene før de brukes.")
    scope = " og alle landets kommuner" if args.alle_kommuner else ""
    _say(f"Henter SSB-tabeller for kommune {args.kommune}{scope} fra {url} …")
    try:
        fetched = fetch_tables(
            args.tables,
            kommune=args.kommune,
            progress=_say,
            ssb_url=args.ssb_url,
            all_municipalities=args.alle_kommuner,
            only_passing=args.bare_godkjente,
        )
    except SSBUnavailable as exc:
        raise _offline(exc, "naering fetch") from exc
    for item in fetched:
        what = "lagret" if item.result.status == "saved" else "uendret, ikke lagret på nytt"
        _say(f"  {item.table}: {what} → {item.result.path} ({item.requests} forespørsler)")
    if fetched.left_out:
        _say(
            f"Ikke hentet (sjekken fant avvik): {', '.join(c.table for c in fetched.left_out)}. "
            "Kjør `naering sjekk --rett` eller rett tabellfilene, og hent dem så."
        )
    _say("Kjør `naering build` for å oppdatere de prosesserte tabellene.")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from naering_analysis.datasets.fetch import check_tables, ssb_base_url

    url = ssb_base_url(args.ssb_url)
    _say(f"Sjekker tabellkatalogen mot SSBs metadata ({url}) …")
    try:
        checks = check_tables(
            args.tables,
            kommune=args.kommune,
            progress=_say,
            ssb_url=args.ssb_url,
            fix=args.rett,
        )
    except SSBUnavailable as exc:
        raise _offline(exc, "naering sjekk") from exc
    blocking = [check.table for check in checks if check.blocking]
    if blocking:
        settle = any(check.fixes for check in checks)
        hint = " (noe kan rettes automatisk med `naering sjekk --rett`)" if settle else ""
        _say(
            f"Rett tabellfilene for {', '.join(blocking)} før `naering fetch`{hint}; se «Fetching "
            "real data» i README.md for hva hver forskjell betyr. `naering fetch "
            "--bare-godkjente` henter tabellene som stemmer."
        )
        return 1
    _say(
        "Alle tabellene stemmer med katalogen. Metadataene ligger i data/raw/ssb/<tabell>/metadata/."
    )
    return 0


def _offline(exc: SSBUnavailable, command: str) -> SSBUnavailable:
    """Say that ``command`` needs internet when SSB could not be reached at all."""
    text = str(exc)
    if isinstance(exc, SSBNotAnswering):  # the network works: SSB is slow or down
        return exc
    if text.startswith("Ingen nettilgang"):
        return SSBUnavailable(
            f"Ingen nettilgang: `{command}` trenger internett for å nå SSB, og SSB kunne ikke "
            f"nås.\n{text}",
            verbose=exc.verbose,
        )
    if "tilkobling" in text or "fant ikke serveren" in text or "ConnectTimeout" in text:
        return SSBUnavailable(
            f"`{command}` trenger internett for å nå SSB, og SSB kunne ikke nås.\n{text}",
            verbose=exc.verbose,
        )
    return exc


def _cmd_build(args: argparse.Namespace) -> int:
    from naering_analysis.datasets import frames
    from naering_analysis.datasets.build import build
    from naering_analysis.datasets.panels import choice_peers
    from naering_analysis.forecast.store import stored_choice
    from naering_analysis.numfmt import fmt_num, fmt_pct

    result = build(force=args.force, progress=_say)
    choice = stored_choice(
        frames.employment(),
        result.processed,
        force=args.force,
        peers=choice_peers(args.kommune),
        progress=_say,
    )
    _say(
        f"Framskrivingsmetode for kommunetotalen valgt på disse dataene: {choice.label} "
        f"(relativ MASE mot naiv {fmt_num(choice.relative_mase, 3)}, dekning av "
        f"80 %-intervallet {fmt_pct(choice.coverage80, 0)}); for næringene: "
        f"{choice.industry_label}. Se `naering backtest` for alle metodene."
    )
    inputs = result.manifest.get("inputs", {})
    real = sorted(t for t, i in inputs.items() if not i.get("synthetic"))
    demo = sorted(t for t, i in inputs.items() if i.get("synthetic"))
    if demo and real:
        _say(
            f"Merk: tabell {', '.join(real)} er ekte SSB-tall; tabell {', '.join(demo)} er "
            "SYNTETISKE DEMODATA – bare illustrasjon, ikke offisielle tall."
        )
    elif result.manifest.get("synthetic"):
        _say("Merk: bygget fra SYNTETISKE DEMODATA – ikke offisielle tall.")
    return 0


def _cmd_snapshots(args: argparse.Namespace) -> int:
    from naering_analysis.snapshots import scan_snapshots

    infos, damaged = scan_snapshots(args.table, verify=True)
    for item in damaged:
        _say(f"SKADET (brukes ikke): {item.advice()}")
    if not infos:
        _say("Ingen øyeblikksbilder funnet. Kjør `naering fetch` (krever internett).")
        return 0
    _say(f"{'Tabell':<7} {'Mappe':<13} {'Hentet (UTC)':<21} {'SSB oppdatert':<21} Type")
    for info in infos:
        kind = (
            "SYNTETISK (demo)"
            if info.synthetic
            else "ekte SSB-data, omregnet fra offentlig kopi"
            if info.converted
            else "ekte SSB-data"
        )
        fetched = info.fetched_at.strftime("%Y-%m-%d %H:%M:%S")
        updated = (info.ssb_updated or "–")[:19]
        _say(f"{info.table:<7} {info.date_label:<13} {fetched:<21} {updated:<21} {kind}")
    return 0


def _cmd_backtest(args: argparse.Namespace) -> int:
    from naering_analysis.datasets import frames
    from naering_analysis.datasets.panels import choice_peers
    from naering_analysis.forecast.backtest import backtest_report

    frame = frames.employment(args.snapshot)  # every municipality the snapshot has
    if frame.attrs.get("synthetic"):
        _say("Merk: backtesten kjøres på SYNTETISKE DEMODATA – ikke offisielle tall.")
    _say(backtest_report(frame, peers=choice_peers(args.kommune, args.snapshot)))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from naering_analysis.report.run import make_report

    make_report(
        outdir=Path(args.out) if args.out else None,
        kommune=args.kommune,
        snapshot=args.snapshot,
        progress=_say,
        jobs=args.jobs,
        docx_template=Path(args.docx_mal) if args.docx_mal else None,
    )
    return 0


def _cmd_rollover(args: argparse.Namespace) -> int:
    from naering_analysis.report.rollover import rollover

    rollover(
        kommune=args.kommune,
        offline=args.offline,
        progress=_say,
        ssb_url=args.ssb_url,
        likevel=args.likevel,
    )
    return 0


def kommune_argument(text: str) -> str:
    """Return today's code for what was typed after ``--kommune`` (code, old code or name).

    Called by argparse, so a wrong value stops the command before anything is written. An old
    code prints a line saying which code is used.
    """
    try:
        found = resolve_municipality(text)
    except UnknownCodeError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    if found.note:
        print(f"merk: {found.note}", file=sys.stderr)
    return found.code


KOMMUNE_HELP = (
    "kommunen: dagens nummer (3105), et gammelt nummer (0105) eller navnet (Sarpsborg); "
    "standard 3105 Sarpsborg"
)
KOMMUNE_OPTION: dict[str, Any] = {
    "default": "3105",
    "type": kommune_argument,
    "metavar": "KOMMUNE",
    "help": KOMMUNE_HELP,
}


class NorwegianParser(argparse.ArgumentParser):
    """argparse in Norwegian: ``bruk:``, ``valg:`` and a ``feil:`` line, like the rest of the CLI."""

    _WORDS = (
        ("usage: ", "bruk: "),
        ("positional arguments:", "argumenter:"),
        ("options:", "valg:"),
        ("show this help message and exit", "vis denne hjelpen og avslutt"),
        ("show program's version number and exit", "vis versjonen og avslutt"),
    )

    def format_usage(self) -> str:
        """Return the usage line in Norwegian."""
        return self._norwegian(super().format_usage())

    def format_help(self) -> str:
        """Return the help text in Norwegian."""
        return self._norwegian(super().format_help())

    def _norwegian(self, text: str) -> str:
        for english, norwegian in self._WORDS:
            text = text.replace(english, norwegian)
        return text

    def error(self, message: str) -> NoReturn:
        """Print the usage and a Norwegian error line, then exit with code 2."""
        message = re.sub(r"^argument ([^:]+): ", r"\1: ", message)
        for english, norwegian in (
            ("the following arguments are required", "mangler"),
            ("invalid choice", "ukjent valg"),
            ("unrecognized arguments", "ukjente valg"),
            ("expected one argument", "mangler en verdi"),
            ("invalid int value", "ikke et helt tall"),
        ):
            message = message.replace(english, norwegian)
        end = "" if message.rstrip().endswith((".", "?", "!")) else "."
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: feil: {message.rstrip()}{end}\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with all subcommands."""
    parser = NorwegianParser(
        prog="naering",
        description="Analyseverktøy for arbeidsplassvekst (SSB-data, scenarier og figurer).",
    )
    parser.add_argument("--version", action="version", version=f"naering {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", required=True)

    common = NorwegianParser(add_help=False)
    common.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="vis tekniske detaljer (URL-er, spørringer) ved feil",
    )
    ssb = NorwegianParser(add_help=False)
    ssb.add_argument(
        "--ssb-url",
        default=None,
        metavar="URL",
        help="en annen PxWebApi 2-rot (speil); standard: $NAERING_SSB_URL eller data.ssb.no",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="vis tekniske detaljer ved feil"
    )

    fetch = sub.add_parser(
        "fetch", parents=[common, ssb], help="sjekk og hent ferske tabeller fra SSB (internett)"
    )
    fetch.add_argument("tables", nargs="*", metavar="TABELL", help="tabell-id-er (standard: alle)")
    fetch.add_argument("--kommune", **KOMMUNE_OPTION)
    fetch.add_argument(
        "--alle-kommuner",
        action="store_true",
        help="hent 13470, 13472, 07459, 11616 og 11618 for alle landets kommuner (sammenligning)",
    )
    fetch.add_argument(
        "--likevel",
        action="store_true",
        help="hent også mellom kl. 05 og 08 norsk tid, når SSB reviderer tabellene",
    )
    fetch.add_argument(
        "--bare-godkjente",
        action="store_true",
        help="hent bare tabellene som sjekken godtar, og nevn dem som utelates",
    )
    fetch.set_defaults(handler=_cmd_fetch)

    check = sub.add_parser(
        "sjekk",
        parents=[common, ssb],
        help="sammenlign tabellkatalogen med SSBs metadata (krever internett)",
    )
    check.add_argument("tables", nargs="*", metavar="TABELL", help="tabell-id-er (standard: alle)")
    check.add_argument("--kommune", **KOMMUNE_OPTION)
    check.add_argument(
        "--rett",
        action="store_true",
        help=(
            "skriv det SSBs metadata avgjør (kodeliste-id, omdøpt statistikkvariabel, totalkode) "
            "til katalog/<tabell>.yaml; pakkens tabellfiler endres aldri"
        ),
    )
    check.set_defaults(handler=_cmd_check)

    build = sub.add_parser(
        "build",
        parents=[common],
        help="bygg data/processed fra øyeblikksbildene og velg framskrivingsmetode",
    )
    build.add_argument(
        "--force", action="store_true", help="bygg på nytt selv om ingenting er endret"
    )
    build.add_argument(
        "--kommune",
        **(KOMMUNE_OPTION | {"help": KOMMUNE_HELP + "; metoden velges på kommunens fylke"}),
    )
    build.set_defaults(handler=_cmd_build)

    snaps = sub.add_parser(
        "snapshots", parents=[common], help="list øyeblikksbilder med proveniens (og skadde)"
    )
    snaps.add_argument(
        "table",
        nargs="?",
        default=None,
        metavar="TABELL",
        help="bare denne tabellen (standard: alle)",
    )
    snaps.set_defaults(handler=_cmd_snapshots)

    bt = sub.add_parser(
        "backtest",
        parents=[common],
        help="sammenlign prognosemetodene på historiske data og vis metodevalget",
    )
    bt.add_argument("--snapshot", default=None, help="øyeblikksbilde (mappenavn); standard: siste")
    bt.add_argument(
        "--kommune", **(KOMMUNE_OPTION | {"help": KOMMUNE_HELP + "; backtest på fylket"})
    )
    bt.set_defaults(handler=_cmd_backtest)

    report = sub.add_parser(
        "report", parents=[common], help="kjør alle notatbøker og lag rapporten"
    )
    report.add_argument("--kommune", **KOMMUNE_OPTION)
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
    report.add_argument(
        "--docx-mal",
        default=None,
        metavar="FIL",
        help="Word-mal (.docx) med kommunens stiler for kunnskapsgrunnlag.docx (standard: "
        "pakkens mal); må ha stilene Normal, Heading 1, Heading 2 og Caption",
    )
    report.set_defaults(handler=_cmd_report)

    roll = sub.add_parser(
        "rollover", parents=[common, ssb], help="årlig rullering: hent, bygg, rapport og endringer"
    )
    roll.add_argument("--kommune", **KOMMUNE_OPTION)
    roll.add_argument("--offline", action="store_true", help="ikke prøv å hente nye data")
    roll.add_argument(
        "--likevel",
        action="store_true",
        help="hent også mens SSB reviderer tabellene (kl. 05–08 norsk tid)",
    )
    roll.set_defaults(handler=_cmd_rollover)
    return parser


def error_lines(exc: BaseException, *, verbose: bool = False) -> list[str]:
    r"""Return the lines printed for a failure: a short first line, then the useful details.

    >>> error_lines(NaeringError("Noe gikk galt.\nGjør dette.", verbose="GET https://x"))
    ['feil: Noe gikk galt.', '  Gjør dette.']
    """
    text = str(exc).strip() or type(exc).__name__
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    detail = str(getattr(exc, "verbose", "") or "")
    if verbose and detail:
        lines += ["Detaljer:", *detail.splitlines()]
    shown = [f"feil: {lines[0]}", *(f"  {line}" for line in lines[1:])]
    if not verbose and len(shown) > MAX_ERROR_LINES:
        hidden = len(shown) - MAX_ERROR_LINES + 1
        shown = [*shown[: MAX_ERROR_LINES - 1], f"  … ({hidden} linjer til; bruk --verbose)"]
    cut = (line if len(line) <= MAX_LINE else line[: MAX_LINE - 1] + "…" for line in shown)
    return list(cut) if not verbose else shown


class _WarningHandler(logging.Handler):
    """Print the library's warnings to stderr as ``advarsel:`` lines."""

    def emit(self, record: logging.LogRecord) -> None:
        lines = record.getMessage().strip().splitlines() or [""]
        print(f"advarsel: {lines[0]}", file=sys.stderr, flush=True)
        for line in lines[1:]:
            print(f"  {line}", file=sys.stderr, flush=True)


def _log_warnings() -> logging.Handler:
    """Attach the warning printer to the package logger (removed again when main returns)."""
    handler = _WarningHandler(logging.WARNING)
    logger = logging.getLogger("naering_analysis")
    logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > logging.WARNING:
        logger.setLevel(logging.WARNING)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the exit code."""
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    verbose = bool(getattr(args, "verbose", False))
    printer = _log_warnings()
    try:
        return handler(args)
    except NaeringError as exc:
        for line in error_lines(exc, verbose=verbose):
            print(line, file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"feil: {exc.strerror or exc} ({exc.filename or 'ukjent fil'})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("avbrutt", file=sys.stderr)
        return 130
    finally:
        logging.getLogger("naering_analysis").removeHandler(printer)


if __name__ == "__main__":
    sys.exit(main())
