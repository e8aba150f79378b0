"""What a notebook section needs from a table for the municipality, and what it leaves out.

The report promises any municipality, but on real data a table may lack it (fetched for another
region, or not fetched at all), hold only part of its commuting flows, or have its cells
suppressed by SSB (``:``). A section checks what it needs with the ``*_gap`` functions (each
returns a :class:`Gap`, or None when nothing is missing); :class:`Omissions` then shows a short
Norwegian note in the notebook instead of the section and records it in the report folder, in
``utelatt/<notebook>.json`` (one small file per notebook, written atomically, because the
notebooks run side by side). :func:`read_omissions` reads them back for ``index.html`` and the
summary. Nothing is written when nothing is left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from naering_analysis.atomic import atomic_write_bytes
from naering_analysis.reference.regions import region_name

#: The folder in the report that holds one JSON per notebook with what it left out.
OMISSION_DIR = "utelatt"
SUPPRESSED = ":"


@dataclass(frozen=True)
class Gap:
    """What one table lacks for the municipality.

    ``kind`` is ``table`` (no snapshot of the table), ``region`` (no figures for the
    municipality), ``suppressed`` (cells suppressed by SSB; ``detail`` names them) or ``flows``
    (only the flows between the municipality and ``detail``). ``snapshot`` is the date of the
    snapshot read (empty without one).
    """

    table: str
    kommune: str
    kind: str
    snapshot: str = ""
    detail: str = ""

    def reason(self) -> str:
        """Return why the section is left out, in Norwegian (a clause, no full stop).

        >>> Gap("07984", "4003", "region", "2026-11-26").reason()
        'tabell 07984 har ikke tall for Skien i øyeblikksbildet 2026-11-26'
        """
        name = region_name(self.kommune, default=self.kommune)
        where = f" i øyeblikksbildet {self.snapshot}" if self.snapshot else ""
        if self.kind == "table":
            return f"tabell {self.table} finnes ikke blant øyeblikksbildene"
        if self.kind == "suppressed":
            return f"SSB har skjult tall for {name} i tabell {self.table}{where} ({self.detail})"
        if self.kind == "flows":
            return (
                f"tabell {self.table} har bare strømmene mellom {name} og {self.detail}{where}, "
                f"ikke alle strømmene til og fra {name}"
            )
        years = f" for {self.detail}" if self.detail else ""
        return f"tabell {self.table} har ikke tall for {name}{years}{where}"

    def advice(self) -> str:
        """Return what the user can do about it, in Norwegian (a full sentence).

        >>> Gap("07984", "4003", "region", "2026-11-26").advice()
        'Med ekte data for kommunen: `naering fetch --kommune 4003`.'
        """
        if self.kind == "suppressed":
            return (
                "Skjulte celler (:) er konfidensielle hos SSB og kan ikke hentes; delen kommer med "
                "når SSB publiserer tallene."
            )
        if self.kind == "table":
            return f"Hent tabellen med `naering fetch {self.table}` (krever internett)."
        return f"Med ekte data for kommunen: `naering fetch --kommune {self.kommune}`."


@dataclass(frozen=True)
class Omission:
    """A section a notebook left out (or showed only in part), and why."""

    notebook: str
    section: str
    reason: str
    advice: str
    table: str
    partial: bool = False

    def text(self) -> str:
        """Return the note shown in the notebook, in Norwegian.

        >>> Omission("01_data", "Bruddet", "tabell 07984 har ikke tall for Skien", "Hent.",
        ...          "07984").text()
        'Denne delen er utelatt: tabell 07984 har ikke tall for Skien. Hent.'
        """
        lead = "Denne delen vises bare delvis" if self.partial else "Denne delen er utelatt"
        return f"{lead}: {self.reason}. {self.advice}"


def text_html(text: str) -> str:
    """Return Norwegian text as HTML, with `code` in backticks as ``<code>``.

    >>> text_html("Kjør `naering fetch --kommune 4003` & vent.")
    'Kjør <code>naering fetch --kommune 4003</code> &amp; vent.'
    """
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))


def snapshot_date(frame: pd.DataFrame, table: str) -> str:
    """Return the date (``YYYY-MM-DD``) of the snapshot of ``table`` behind ``frame``."""
    for entry in frame.attrs.get("provenance", []):
        if str(entry.get("table")) == table:
            return str(entry.get("fetched_at", ""))[:10]
    return ""


def region_gap(
    frame: pd.DataFrame | None,
    table: str,
    kommune: str,
    *,
    column: str = "region_code",
    years: Iterable[int] = (),
) -> Gap | None:
    """Return a gap when ``frame`` (None: no snapshot) has no rows for ``kommune`` (in ``years``).

    >>> f = pd.DataFrame({"region_code": ["3105"], "year": [2023]})
    >>> region_gap(f, "07984", "3105") is None, region_gap(f, "07984", "4003").kind
    (True, 'region')
    >>> region_gap(f, "07984", "3105", years=[2023, 2031]).reason()
    'tabell 07984 har ikke tall for Sarpsborg for 2031'
    """
    if frame is None:
        return Gap(table, kommune, "table")
    date = snapshot_date(frame, table)
    own = frame.loc[frame[column] == kommune]
    if own.empty:
        return Gap(table, kommune, "region", date)
    missing = sorted(set(years) - set(own["year"]))
    if missing:
        return Gap(table, kommune, "region", date, ", ".join(map(str, missing)))
    return None


def suppressed_gap(
    frame: pd.DataFrame,
    table: str,
    kommune: str,
    *,
    years: Iterable[int] | None = None,
) -> Gap | None:
    """Return a gap when ``kommune`` has suppressed (``:``) cells in ``frame`` (in ``years``).

    ``detail`` names the industries (or sectors) and years, e.g.
    ``Bergverksdrift og utvinning 2016, 2019``.
    """
    if "status" not in frame.columns:
        return None
    hidden = frame.loc[(frame["region_code"] == kommune) & (frame["status"] == SUPPRESSED)]
    if years is not None:
        hidden = hidden.loc[hidden["year"].isin(list(years))]
    if hidden.empty:
        return None
    name_col = next((c for c in ("industry_name", "sector_code") if c in hidden.columns), None)
    parts = []
    for name, rows in hidden.groupby(name_col if name_col else "region_code", sort=True):
        years_text = ", ".join(str(y) for y in sorted(set(rows["year"])))
        parts.append(f"{name} {years_text}" if name_col else years_text)
    return Gap(table, kommune, "suppressed", snapshot_date(frame, table), "; ".join(parts))


def measure_gap(
    measures: pd.DataFrame, kommune: str, column: str, jobs: pd.DataFrame, years: Iterable[int]
) -> Gap | None:
    """Return a gap when ``kommune``'s computed ``column`` is missing from ``measures``.

    The cause is named from the jobs (13470) in ``years``: its suppressed cells there, else
    the municipality missing from the table.
    """
    own = measures.loc[measures["region_code"] == kommune, column]
    if len(own) and bool(own.notna().all()):
        return None
    years = list(years)
    return suppressed_gap(jobs, "13470", kommune, years=years) or Gap(
        "13470", kommune, "region", snapshot_date(jobs, "13470")
    )


def flows_gap(flows: pd.DataFrame, kommune: str) -> Gap | None:
    """Return a gap when the commuting matrix lacks part of ``kommune``'s own flows.

    The kommune's flows are whole when, in the latest year, it has a flow (zero counts) to every
    workplace and from every home in the matrix; a matrix fetched for another region holds only
    the flows between the kommune and that region's members (``detail`` names them).
    """
    latest = flows.loc[flows["year"] == flows["year"].max()]
    date = snapshot_date(flows, "03321")
    homes = set(latest.loc[latest["work_code"] == kommune, "home_code"])
    works = set(latest.loc[latest["home_code"] == kommune, "work_code"])
    if not homes and not works:
        return Gap("03321", kommune, "region", date)
    if homes == set(latest["home_code"]) and works == set(latest["work_code"]):
        return None
    partners = sorted((homes | works) - {kommune})
    names = [region_name(c, default=c) for c in partners]
    detail = ", ".join(names[:-1]) + f" og {names[-1]}" if len(names) > 1 else "".join(names)
    return Gap("03321", kommune, "flows", date, detail)


def omission_file(output_dir: Path, notebook: str) -> Path:
    """Return the JSON that records what ``notebook`` left out in the report folder."""
    return output_dir / OMISSION_DIR / f"{notebook}.json"


class Omissions:
    """The sections one notebook leaves out: shown as a note, recorded in the report folder.

    Created once at the top of a notebook; a stale record from an earlier run into the same
    folder is removed then, so the file always says what the last run left out.
    """

    def __init__(self, notebook: str, output_dir: Path) -> None:
        self.notebook = notebook
        self.path = omission_file(output_dir, notebook)
        self.found: list[Omission] = []
        self.path.unlink(missing_ok=True)

    def check(self, section: str, *gaps: Gap | None, partial: bool = False) -> bool:
        """Return True when nothing is missing; else show and record the omission, return False.

        With ``partial`` the section goes on with what there is (the return value is still
        False, so the caller knows to leave out the missing part).
        """
        real = [gap for gap in gaps if gap is not None]
        if not real:
            return True
        omission = Omission(
            notebook=self.notebook,
            section=section,
            reason="; ".join(dict.fromkeys(gap.reason() for gap in real)),
            advice=" ".join(dict.fromkeys(gap.advice() for gap in real)),
            table=", ".join(dict.fromkeys(gap.table for gap in real)),
            partial=partial,
        )
        self.found.append(omission)
        self._show(omission)
        records = [asdict(o) for o in self.found]
        text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
        atomic_write_bytes(self.path, text.encode("utf-8"))
        return False

    @staticmethod
    def _show(omission: Omission) -> None:
        from IPython.display import HTML, display

        display(
            HTML(
                '<div style="border:1px solid #999;background:#F5F5F5;padding:6px 12px;'
                f'margin:6px 0">{text_html(omission.text())}</div>'
            )
        )


def read_omissions(folder: Path) -> list[Omission]:
    """Return every omission recorded in the report ``folder``, in notebook order."""
    found: list[Omission] = []
    for path in sorted((folder / OMISSION_DIR).glob("*.json")):
        records: Sequence[dict[str, Any]] = json.loads(path.read_text("utf-8"))
        found += [Omission(**record) for record in records]
    return found
