"""Scenario parameters: frozen, validated models stored as YAML.

A :class:`Scenario` names a base projection method and changes it with :class:`Override` (a fixed
annual rate or a multiplier on the projected growth, for a focus industry or one SN2007 group)
and :class:`JobEvent` (a permanent step in jobs from a given year, e.g. a new plant). Invalid
input raises :class:`~naering_analysis.errors.ScenarioError` naming the file and the field, in
Norwegian. The built-in scenarios ship as YAML in ``naering_analysis/data/scenarios``.

Examples
--------
>>> s = Scenario(name="Test", overrides=[{"bransje": "Bygg og anlegg", "annual_rate": 0.02}])
>>> s.overrides[0].kind, s.method_for("structural")
('annual_rate', 'structural')
>>> Override(industry_code="41-43", annual_rate=2)
Traceback (most recent call last):
...
naering_analysis.scenarios.models.FieldProblems: Ugyldig scenario (Override): feltet 'annual_rate': må være en brøk mellom -0.2 og 0.2 (−20 % til +20 % i året), fikk 2.0; skriv 0.02 for 2 %. Rett feltet og prøv igjen.
"""

from __future__ import annotations

import os
import unicodedata
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from naering_analysis.atomic import atomic_write_bytes
from naering_analysis.errors import ScenarioError
from naering_analysis.forecast.methods import METHODS

STANDARD_METHOD = "standard"
"""``base_method`` meaning "the method chosen on the data being analysed"
(:func:`naering_analysis.forecast.choose_method`); the engine resolves it."""
MAX_ANNUAL_RATE = 0.20
"""Largest plausible annual rate (as a fraction) either way: ±20 % a year to 2030."""
MAX_FILE_BYTES = 64 * 1024
"""A scenario file is a few lines; anything larger is refused before it is parsed."""
EXCERPT_CHARS = 60
"""At most this much of a bad value is quoted in a message."""
SUFFIXES = (".yaml", ".yml")
"""File name endings read as scenario files."""

BUILTIN_DIR = ("data", "scenarios")
HEADLINE_SCENARIO = "Framskriving (valgt metode)"
"""The built-in scenario the report leads with: the method chosen on the data, nothing changed.
Its file sorts first (``0_framskriving.yaml``), so it is the first of :func:`builtin_scenarios`."""

_MESSAGES: dict[str, str] = {
    "greater_than": "må være større enn {gt}",
    "greater_than_equal": "må være minst {ge}",
    "less_than_equal": "må være høyst {le}",
    "extra_forbidden": "er ikke et kjent felt (skrivefeil?)",
    "missing": "mangler og må fylles ut",
    "string_type": 'må være tekst (skriv næringskoder i anførselstegn, f.eks. "84")',
    "string_too_short": "kan ikke være tom",
    "int_type": "må være et heltall",
    "int_parsing": "må være et heltall",
    "int_from_float": "må være et heltall",
    "float_type": "må være et tall",
    "float_parsing": "må være et tall",
    "finite_number": "må være et endelig tall",
    "tuple_type": "må være en liste",
    "list_type": "må være en liste",
    "model_type": "må være en oppføring med felt",
    "dict_type": "må være en oppføring med felt",
}


def _field_path(loc: tuple[int | str, ...]) -> str:
    """Render a pydantic location as ``overrides[0].annual_rate``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _join(prefix: str, path: str) -> str:
    """Join two field paths (``overrides[0]`` + ``annual_rate``)."""
    if not prefix or not path:
        return prefix or path
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


class FieldProblems(ScenarioError):
    """A :class:`ScenarioError` that also lists ``(field path, Norwegian text)`` per problem."""

    def __init__(self, source: str, problems: list[tuple[str, str]]):
        shown = "; ".join(f"feltet '{path}': {text}" if path else text for path, text in problems)
        super().__init__(f"Ugyldig scenario ({source}): {shown}. Rett feltet og prøv igjen.")
        self.source = source
        self.problems = problems

    @property
    def fields(self) -> list[str]:
        """The paths of the fields at fault."""
        return [path for path, _ in self.problems]


def _problems(exc: ValidationError) -> list[tuple[str, str]]:
    """Translate each pydantic error into a field path and a Norwegian text."""
    out: list[tuple[str, str]] = []
    for err in exc.errors():
        path = _field_path_short(_field_path(tuple(err["loc"])))
        ctx = err.get("ctx") or {}
        inner = ctx.get("error")
        if isinstance(inner, FieldProblems):  # a nested model raised already: keep its fields
            out.extend((_join(path, p), text) for p, text in inner.problems)
            continue
        if err["type"] == "value_error":
            text = str(inner if inner is not None else err["msg"])
        else:
            text = _MESSAGES.get(err["type"], err["msg"]).format(**ctx)
            if err["type"] != "missing":
                text += f" (fikk {excerpt(err['input'])})"
        out.append((path, text))
    return out


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """Return ``repr(value)`` cut to ``limit`` characters, so a huge value never floods a message.

    >>> excerpt("x" * 1000, 10)
    "'xxxxxxx…"
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 2] + "…"


def _field_path_short(path: str) -> str:
    return path if len(path) <= EXCERPT_CHARS else path[: EXCERPT_CHARS - 1] + "…"


def scenario_error(exc: ValidationError, source: str) -> FieldProblems:
    """Translate a pydantic error into a Norwegian :class:`ScenarioError` naming each field."""
    return FieldProblems(source, _problems(exc))


class _Model(BaseModel):
    """Frozen, strict base: unknown fields and NaN/inf are errors, raised as ScenarioError."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise scenario_error(exc, type(self).__name__) from None


class _Targeted(_Model):
    """Something aimed at exactly one focus industry (``bransje``) or SN2007 group."""

    bransje: str | None = Field(default=None, min_length=1)
    industry_code: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one_target(self) -> _Targeted:
        if (self.bransje is None) == (self.industry_code is None):
            raise ValueError(
                "angi nøyaktig ett av feltene 'bransje' og 'industry_code' (fikk "
                f"bransje={self.bransje!r}, industry_code={self.industry_code!r})"
            )
        return self

    @property
    def target(self) -> tuple[str, str]:
        """Return ``("bransje", name)`` or ``("industry_code", code)``."""
        if self.bransje is not None:
            return "bransje", self.bransje
        return "industry_code", str(self.industry_code)


class Override(_Targeted):
    """Replace the base projection of a bransje or SN2007 group.

    Exactly one of ``annual_rate`` (fraction a year from the latest data year, −0.2 to 0.2) or
    ``trend_multiplier`` (≥ 0; multiplies the base method's projected log growth: 0 freezes the
    level, 2 doubles the growth).
    """

    annual_rate: float | None = None
    trend_multiplier: float | None = Field(default=None, ge=0.0)

    @field_validator("annual_rate")
    @classmethod
    def _plausible_rate(cls, value: float | None) -> float | None:
        if value is not None and not -MAX_ANNUAL_RATE <= value <= MAX_ANNUAL_RATE:
            raise ValueError(
                f"må være en brøk mellom {-MAX_ANNUAL_RATE} og {MAX_ANNUAL_RATE} (−20 % til +20 % "
                f"i året), fikk {excerpt(value)}; skriv 0.02 for 2 %"
            )
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> Override:
        if (self.annual_rate is None) == (self.trend_multiplier is None):
            raise ValueError(
                "angi nøyaktig ett av feltene 'annual_rate' og 'trend_multiplier' (fikk "
                f"annual_rate={self.annual_rate!r}, trend_multiplier={self.trend_multiplier!r})"
            )
        return self

    @property
    def kind(self) -> str:
        """``"annual_rate"`` or ``"trend_multiplier"``."""
        return "annual_rate" if self.annual_rate is not None else "trend_multiplier"


class JobEvent(_Targeted):
    """A permanent step of ``jobs`` (may be negative) in a bransje or group from ``year`` on."""

    year: int = Field(ge=2000, le=2100)
    jobs: int
    description: str = ""

    @field_validator("jobs")
    @classmethod
    def _nonzero(cls, value: int) -> int:
        if value == 0:
            raise ValueError("må være ulik 0 (positivt for nye, negativt for tapte arbeidsplasser)")
        return value


class Scenario(_Model):
    """A named what-if: a base method plus overrides and job events."""

    name: str = Field(min_length=1)
    description: str = ""
    base_method: str = STANDARD_METHOD
    overrides: tuple[Override, ...] = ()
    events: tuple[JobEvent, ...] = ()

    @field_validator("base_method")
    @classmethod
    def _known_method(cls, value: str) -> str:
        if value != STANDARD_METHOD and value not in METHODS:
            raise ValueError(
                f"base_method '{value}' er ukjent; bruk '{STANDARD_METHOD}' eller en av {list(METHODS)}"
            )
        return value

    def method_for(self, chosen: str) -> str:
        """Return the projection method, ``"standard"`` resolved to ``chosen`` (chosen on the data)."""
        return chosen if self.base_method == STANDARD_METHOD else self.base_method


def parse_scenario(data: object, source: str) -> Scenario:
    """Validate a parsed YAML document as a :class:`Scenario`; errors name ``source``."""
    if not isinstance(data, dict):
        raise ScenarioError(
            f"Ugyldig scenario ({source}): filen må være en oppføring med feltene name, "
            f"base_method, overrides og events, ikke {type(data).__name__}."
        )
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise scenario_error(exc, source) from None


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario YAML file; any problem raises :class:`ScenarioError` naming the file.

    A file over :data:`MAX_FILE_BYTES`, one that is not UTF-8, and YAML anchors or aliases
    (which can make a tiny file expand without bound) are refused before anything is built.
    """
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError(
                f"Scenariofilen {file} er {size} byte; en scenariofil er noen få linjer (høyst "
                f"{MAX_FILE_BYTES // 1024} KB). Er det riktig fil?"
            )
        text = file.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ScenarioError(f"Kan ikke lese scenariofilen {file}: {exc.strerror}.") from exc
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            f"Scenariofilen {file} er ikke UTF-8 (byte {exc.start}). Lagre den som UTF-8 i "
            "editoren (æ, ø og å blir da riktige)."
        ) from None
    try:
        _refuse_aliases(text, file)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (linje {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "ugyldig YAML"
        raise ScenarioError(
            f"Scenariofilen {file} er ikke gyldig YAML{where}: {excerpt(problem, 120)}."
        ) from None
    return parse_scenario(data, str(file))


def _refuse_aliases(text: str, file: Path) -> None:
    """Raise when the YAML uses anchors or aliases (``&a``/``*a``), which scenarios never need."""
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            line = f", linje {mark.line + 1}" if mark is not None else ""
            raise ScenarioError(
                f"Scenariofilen {file} bruker YAML-ankre eller -aliaser (&/*{line}). "
                "Skriv verdiene ut i stedet; aliaser er ikke tillatt i scenariofiler."
            )


def scenario_files(folder: Path) -> list[Path]:
    """Return the user's scenario files in ``folder`` (``*.yaml`` and ``*.yml``), sorted."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())


def user_scenarios(folder: Path) -> tuple[dict[str, Scenario], list[str]]:
    """Return the built-in scenarios with the user's from ``folder``, and notes for the report.

    Every file is read and checked first; all problems are raised together in one
    :class:`ScenarioError` (one line per file). Two user files with the same ``name`` are an
    error. A user file named like a built-in scenario replaces it, and a note says so.
    """
    found = dict(builtin_scenarios())
    builtin = set(found)
    problems: list[str] = []
    owner: dict[str, Path] = {}
    notes: list[str] = []
    for file in scenario_files(folder):
        try:
            scenario = load_scenario(file)
        except ScenarioError as exc:
            problems.append(str(exc))
            continue
        if scenario.name in owner:
            problems.append(
                f"Scenariofilene {owner[scenario.name]} og {file} har samme navn "
                f"«{scenario.name}»; gi dem ulike navn (feltet name)."
            )
            continue
        owner[scenario.name] = file
        if scenario.name in builtin:
            notes.append(
                f"Scenariofila {file} erstatter det innebygde scenariet «{scenario.name}»."
            )
        found[scenario.name] = scenario
    if problems:
        count = len(problems)
        raise ScenarioError(
            f"{count} scenariofil{'er' if count > 1 else ''} i {folder} må rettes før rapporten "
            "lages:\n" + "\n".join(problems)
        )
    return found, notes


class _Dumper(yaml.SafeDumper):
    """YAML dumper that double-quotes strings YAML would otherwise normalise on reading."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # control and line-separator characters (NEL, CR, U+2028, ...) are escaped inside quotes
    risky = any(unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp"} for c in value)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if risky else None)


_Dumper.add_representer(str, _represent_str)


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> Path:
    """Write ``scenario`` as YAML atomically (temporary file, then rename); return the path."""
    file = Path(path)
    data = scenario.model_dump(mode="json", exclude_none=True)
    text = "# Scenario for naering_analysis (se docs/metode.md)\n" + yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False
    )
    atomic_write_bytes(file, text.encode("utf-8"))
    return file


@cache
def _builtin_tuple() -> tuple[Scenario, ...]:
    folder = files("naering_analysis").joinpath(*BUILTIN_DIR)
    paths = sorted((p for p in folder.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)
    return tuple(
        parse_scenario(yaml.safe_load(p.read_text(encoding="utf-8")), p.name) for p in paths
    )


def builtin_scenarios() -> dict[str, Scenario]:
    """Return the built-in scenarios keyed by name, in display order (file name order).

    The first is :data:`HEADLINE_SCENARIO`, the projection with the method chosen on the data.
    """
    out: dict[str, Scenario] = {}
    for scenario in _builtin_tuple():
        if scenario.name in out:
            raise ScenarioError(
                f"To innebygde scenarier heter '{scenario.name}'; navn må være unike."
            )
        out[scenario.name] = scenario
    return out
