"""Which figures and tables each section of the attachment holds (``data/docx/deler.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Generic, TypeVar

import yaml

from naering_analysis.errors import MappingError

OTHER = "Andre figurer og tabeller"
_NUMBER = re.compile(r"^(\d+[a-z]?)_")
T = TypeVar("T")
F = TypeVar("F")


@dataclass(frozen=True)
class Section:
    """A section: its heading, the figure numbers and table names (or name starts) it holds."""

    title: str
    figures: tuple[str, ...]
    tables: tuple[str, ...]


@dataclass
class Filled(Generic[F, T]):
    """A section with the figures and tables of one report folder that belong to it."""

    title: str
    figures: list[F]
    tables: list[T]


def load_sections(text: str | None = None) -> list[Section]:
    """Return the sections declared in ``deler.yaml`` (or in ``text``), checked.

    Raises
    ------
    MappingError
        When a figure number or table name is declared in two sections.
    """
    if text is None:
        text = (resources.files("naering_analysis") / "data" / "docx" / "deler.yaml").read_text(
            "utf-8"
        )
    raw = yaml.safe_load(text)["sections"]
    sections = [
        Section(str(s["title"]), tuple(map(str, s["figures"])), tuple(map(str, s["tables"])))
        for s in raw
    ]
    for kind in ("figures", "tables"):
        seen: dict[str, str] = {}
        for section in sections:
            for key in getattr(section, kind):
                if key in seen:
                    raise MappingError(
                        f"deler.yaml: «{key}» står under både «{seen[key]}» og «{section.title}».\n"
                        "En figur eller tabell hører til én del; fjern den ene."
                    )
                seen[key] = section.title
    return sections


def figure_number(stem: str) -> str:
    """Return the number a figure's file name starts with.

    >>> figure_number("10_attraktivitet_2017_2022"), figure_number("02b_satsingsbransjer_privat")
    ('10', '02b')
    """
    match = _NUMBER.match(stem)
    return match.group(1) if match else stem


def _table_matches(stem: str, declared: str) -> bool:
    """Return whether table file ``stem`` is the declared name or starts with it and a period.

    >>> _table_matches("12_sammenligning_2017_2022", "12_sammenligning")
    True
    >>> _table_matches("privat_bransje", "privat_nodvendig_vekst")
    False
    """
    return stem == declared or bool(re.match(re.escape(declared) + r"_\d{4}", stem))


def fill(
    sections: list[Section],
    figures: list[tuple[str, F]],
    tables: list[tuple[str, T]],
) -> list[Filled[F, T]]:
    """Put each (stem, item) into its section; unlisted ones go to a last section :data:`OTHER`.

    Sections without any figure or table are left out; order within a section is the folder's.
    """
    filled: list[Filled[F, T]] = [Filled(s.title, [], []) for s in sections]
    other: Filled[F, T] = Filled(OTHER, [], [])
    for stem, figure in figures:
        number = figure_number(stem)
        home = next((i for i, s in enumerate(sections) if number in s.figures), None)
        (other if home is None else filled[home]).figures.append(figure)
    for stem, table in tables:
        home = next(
            (i for i, s in enumerate(sections) if any(_table_matches(stem, d) for d in s.tables)),
            None,
        )
        (other if home is None else filled[home]).tables.append(table)
    return [f for f in [*filled, other] if f.figures or f.tables]
