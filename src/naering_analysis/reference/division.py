"""Today's municipal division: every current municipality with its name and county.

Package data ``data/current_municipalities.csv`` (SSB KLASS 131, the version in force from
1 January 2024). It answers "which municipalities exist now, and in which county", which the
national comparison, the peer groups and the demo's national panel need. The history of older
codes stays in ``municipalities.csv`` (:mod:`.regions`); loading checks the two agree.

>>> division = current_division()
>>> len(division), division.name("3105"), division.county("3105")
(357, 'Sarpsborg', '31')
>>> division.members("31")[:3]
('3101', '3103', '3105')
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from naering_analysis.errors import MappingError, UnknownCodeError
from naering_analysis.reference.datafiles import read_data_text
from naering_analysis.reference.regions import CodeHistory, harmonise_code, load_code_history

DIVISION_FILE = "current_municipalities.csv"
_COLUMNS = ["code", "name", "county_code"]


@dataclass(frozen=True)
class Division:
    """Current municipalities (code → name) and their counties (code → county code)."""

    names: Mapping[str, str]
    counties: Mapping[str, str]
    source: str

    def __len__(self) -> int:
        return len(self.names)

    @property
    def codes(self) -> tuple[str, ...]:
        """All current municipality codes, sorted."""
        return tuple(sorted(self.names))

    def _require(self, code: str) -> str:
        if code not in self.names:
            raise UnknownCodeError(
                f"{code!r} er ikke en av dagens kommuner i {self.source}. Bruk dagens firesifrede "
                'kommunenummer (f.eks. "3105" for Sarpsborg).'
            )
        return code

    def name(self, code: str) -> str:
        """Return the Norwegian name of a current municipality."""
        return self.names[self._require(code)]

    def county(self, code: str) -> str:
        """Return the two-digit county code of a current municipality."""
        return self.counties[self._require(code)]

    def members(self, county: str) -> tuple[str, ...]:
        """Return the current municipalities of a county, sorted; an unknown county raises."""
        codes = tuple(sorted(c for c, k in self.counties.items() if k == county))
        if not codes:
            raise UnknownCodeError(f"Fylket {county!r} har ingen kommuner i {self.source}.")
        return codes


def _parse(text: str, source: str, history: CodeHistory) -> Division:
    rows = [line for line in text.splitlines() if not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(rows)))
    if reader.fieldnames != _COLUMNS:
        raise MappingError(f"{source}: kolonnene må være {_COLUMNS}, fant {reader.fieldnames}.")
    current_counties = {c for c, r in history.counties.items() if r.valid_to is None}
    names: dict[str, str] = {}
    counties: dict[str, str] = {}
    for number, row in enumerate(reader, start=2):
        code, name, county = row["code"].strip(), row["name"].strip(), row["county_code"].strip()
        where = f"{source}, rad {number} (kode {code!r})"
        if not (code.isdigit() and len(code) == 4):
            raise MappingError(f"{where}: et kommunenummer har fire sifre.")
        if code in names:
            raise MappingError(f"{where}: koden står to ganger.")
        if not name:
            raise MappingError(f"{where}: navn mangler.")
        if county not in current_counties or not code.startswith(county):
            raise MappingError(
                f"{where}: fylket {county!r} er ikke et av dagens fylker i counties.csv, eller "
                "passer ikke med de to første sifrene i kommunenummeret."
            )
        names[code], counties[code] = name, county
    for code, record in history.municipalities.items():
        if record.valid_to is None and names.get(code) != record.name:
            raise MappingError(
                f"{source} og {history.municipality_source} er uenige om dagens kommune {code} "
                f"({names.get(code)!r} mot {record.name!r}); rett den ene fila."
            )
    return Division(names, counties, source)


def load_division(path: Path | None = None, history: CodeHistory | None = None) -> Division:
    """Load and validate a division file (default: the package's ``current_municipalities.csv``)."""
    text, source = read_data_text(path, DIVISION_FILE)
    return _parse(text, source, history or load_code_history())


@lru_cache(maxsize=1)
def current_division() -> Division:
    """Return the package's current division (loaded and validated once per process)."""
    return load_division()


@dataclass(frozen=True)
class ResolvedMunicipality:
    """What a user typed for a municipality, resolved to today's code (see :func:`resolve`)."""

    code: str
    name: str
    note: str | None = None


def _folded(text: str) -> str:
    """Return ``text`` without case, accents or punctuation: «Våler (Østfold)» → «valer ostfold».

    ``ø``, ``æ`` and ``å`` fold to ``o``, ``ae`` and ``a`` (NFKD leaves ø and æ alone).
    """
    lowered = text.casefold().replace("ø", "o").replace("æ", "ae")
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c)
    )
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def resolve(text: str, division: Division | None = None) -> ResolvedMunicipality:
    """Return the municipality a user means: today's code, an old code or a name.

    Case, accents and punctuation in a name do not matter; ``K-3105`` is accepted too. An old
    code (``0105``, ``3003``) resolves through the code history, with a note saying so.

    >>> resolve("3105").name, resolve("sarpsborg").code, resolve("Valer (Østfold)").code
    ('Sarpsborg', '3105', '3114')
    >>> resolve("0105").note
    '0105 er et gammelt kommunenummer for Sarpsborg; bruker dagens nummer 3105.'
    >>> resolve("Sarpsbor")
    Traceback (most recent call last):
    ...
    naering_analysis.errors.UnknownCodeError: Fant ingen kommune som heter «Sarpsbor». Mente du Sarpsborg (3105)?

    Raises
    ------
    UnknownCodeError
        Naming what was typed, with the nearest names («Sarpsbor» → «Sarpsborg (3105)») or, for a
        name two municipalities share, both with their codes.
    """
    division = division or current_division()
    typed = text.strip()
    digits = re.sub(r"^[Kk][-.]", "", typed)
    if digits.isdigit():
        return _by_code(typed, digits, division)
    wanted = _folded(typed)
    exact = [c for c, n in division.names.items() if _folded(n) == wanted]
    if not exact:  # «Våler» for «Våler (Østfold)» and «Våler (Innlandet)»
        exact = [c for c, n in division.names.items() if _folded(n.split(" (")[0]) == wanted]
    if len(exact) == 1:
        return ResolvedMunicipality(exact[0], division.names[exact[0]])
    if len(exact) > 1:
        listed = " eller ".join(f"{division.names[c]} ({c})" for c in sorted(exact))
        raise UnknownCodeError(f"«{typed}» passer på flere kommuner: skriv {listed}.")
    by_fold = {_folded(n): c for c, n in division.names.items()}
    near = difflib.get_close_matches(wanted, list(by_fold), n=3, cutoff=0.75)
    if near:
        listed = " eller ".join(f"{division.names[by_fold[n]]} ({by_fold[n]})" for n in near)
        raise UnknownCodeError(f"Fant ingen kommune som heter «{typed}». Mente du {listed}?")
    raise UnknownCodeError(
        f"«{typed}» er ikke et kommunenavn eller et kommunenummer. Skriv dagens firesifrede "
        "nummer (3105) eller navnet (Sarpsborg)."
    )


def _by_code(typed: str, digits: str, division: Division) -> ResolvedMunicipality:
    if len(digits) != 4:
        raise UnknownCodeError(
            f"«{typed}» er ikke et kommunenummer: det har fire sifre, f.eks. 3105 for Sarpsborg."
        )
    if digits in division.names:
        return ResolvedMunicipality(digits, division.names[digits])
    try:
        current = harmonise_code(digits)
    except UnknownCodeError as exc:
        raise UnknownCodeError(
            f"Kommunenummeret {digits} finnes ikke i dagens inndeling eller i kodehistorikken "
            "(municipalities.csv). Skriv dagens nummer eller navnet på kommunen."
        ) from exc
    if current not in division.names:
        raise UnknownCodeError(f"Kommunenummeret {digits} er ikke en av dagens kommuner.")
    name = division.names[current]
    return ResolvedMunicipality(
        current,
        name,
        f"{digits} er et gammelt kommunenummer for {name}; bruker dagens nummer {current}.",
    )
