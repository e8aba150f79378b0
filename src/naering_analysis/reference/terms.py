"""One meaning per word: the labels readers see, each bound to one Norwegian definition.

The registry is package data (``data/terms.yaml``): every label that figures, tables, notebooks,
``sammendrag.md`` and the explorer show, with its definition. A label may carry placeholders
(``{year}``, ``{period}``, ``{rate}``, ``{n}``), so ``"Arbeidsplasser {year}"`` covers
``"Arbeidsplasser 2030"``. Loading refuses a registry in which two terms could produce the same
label, and :func:`label_problems` lists every shown label that is unknown or bound to two
definitions (a term and a category name such as a scenario, or two terms).

Code asks for labels by key, so the word and its meaning live in one place:

>>> label("maalbane")
'Målbane'
>>> label("arlig_vekst", period="2017–2022")
'Årlig vekst 2017–2022'
>>> [t.key for t in terms_for("Arbeidsplasser 2030")]
['arbeidsplasser']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from naering_analysis.errors import MappingError
from naering_analysis.reference.datafiles import read_data_text
from naering_analysis.yamltext import load_yaml

TERMS_FILE = "terms.yaml"

#: What each placeholder stands for in a shown label (whitespace is normalised before matching).
PLACEHOLDERS: dict[str, str] = {
    "year": r"\d{4}",
    "period": r"\d{4}[–-]\d{4}",
    "rate": r"[−-]?\d+(?:,\d+)? ?%",
    "n": r"\d+",
}
#: Sample values used to check that no two terms can produce the same label.
_SAMPLES: dict[str, str] = {"year": "2024", "period": "2017–2022", "rate": "1,5 %", "n": "3"}
_FIELD = re.compile(r"\{(\w+)\}")
_NUMBER_PERCENT = re.compile(r"(\d) %")

#: Norwegian names of the tidy ``sector_code`` values (docs/CONTRACTS.md).
SECTOR_NAMES: dict[str, str] = {
    "all": "Alle sektorer",
    "private": "Privat sektor",
    "public": "Offentlig sektor",
}
_SECTOR_DEFINITIONS: dict[str, str] = {
    "all": "Alle arbeidsplasser, privat og offentlig sektor sammen (SSB-tabell 13472).",
    "private": "Private foretak og ideelle organisasjoner (SSB-tabell 13472, A+B+D+E.0-1+9).",
    "public": (
        "Statsforvaltningen, fylkeskommunene, kommunene og offentlig eide foretak "
        "(SSB-tabell 13472)."
    ),
}


def normalise(text: str) -> str:
    """Return ``text`` with every run of whitespace (line breaks, no-break spaces) as one space."""
    return " ".join(str(text).split())


class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    labels: tuple[str, ...] = Field(min_length=1)
    definition: str = Field(min_length=1)


class _TermsFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    terms: tuple[_Entry, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Term:
    """A word readers see: its key, its label templates (first is the usual one) and its meaning."""

    key: str
    labels: tuple[str, ...]
    definition: str

    def render(self, form: int = 0, **values: object) -> str:
        """Return label template ``form`` with its placeholders filled in."""
        template = self.labels[form]
        missing = sorted(set(_FIELD.findall(template)) - set(values))
        if missing:
            raise MappingError(
                f"Etiketten {template!r} ({self.key}) trenger verdier for {missing}."
            )
        # A no-break space between a number and its % sign, as numfmt writes "1,5 %".
        return _NUMBER_PERCENT.sub("\\1\u00a0%", normalise(template.format(**values)))

    def matches(self, text: str) -> bool:
        """Return True when ``text`` is one of this term's labels (placeholders filled in)."""
        shown = normalise(text)
        return any(_pattern(t).fullmatch(shown) for t in self.labels)


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = _FIELD.split(normalise(template))
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            if part not in PLACEHOLDERS:
                raise MappingError(
                    f"{TERMS_FILE}: ukjent plassholder {{{part}}} i {template!r}; bruk "
                    f"{', '.join('{' + p + '}' for p in PLACEHOLDERS)}."
                )
            out.append(PLACEHOLDERS[part])
        else:
            out.append(re.escape(part))
    return re.compile("".join(out))


def _check(terms: tuple[Term, ...], source: str) -> None:
    """Refuse a registry where a key repeats or two terms can produce the same label."""
    for term in terms:
        for template in term.labels:
            _pattern(template)  # an unknown placeholder stops here, naming it
    problems = []
    keys = [t.key for t in terms]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        problems.append(f"nøkler brukt flere ganger: {repeated}")
    for term in terms:
        for form, template in enumerate(term.labels):
            sample = term.render(form, **{k: _SAMPLES[k] for k in _FIELD.findall(template)})
            owners = [t.key for t in terms if t.matches(sample)]
            if owners != [term.key]:
                problems.append(f"etiketten {sample!r} betyr flere ting: {owners}")
    if problems:
        raise MappingError(f"{source}: " + "; ".join(problems) + ". Én etikett, én betydning.")


def load_terms(path: Path | None = None) -> dict[str, Term]:
    """Load and check the registry (default: the package's ``terms.yaml``), keyed by term key."""
    text, source = read_data_text(path, TERMS_FILE)
    try:
        parsed = _TermsFile.model_validate(load_yaml(text))
    except (yaml.YAMLError, ValidationError) as exc:
        raise MappingError(f"{source} er ugyldig: {exc}") from exc
    terms = tuple(Term(e.key, e.labels, normalise(e.definition)) for e in parsed.terms)
    _check(terms, source)
    return {t.key: t for t in terms}


@cache
def registry() -> dict[str, Term]:
    """Return the package registry (loaded and checked once)."""
    return load_terms()


def term(key: str) -> Term:
    """Return the term with ``key``; an unknown key names the file to add it to."""
    try:
        return registry()[key]
    except KeyError:
        raise MappingError(
            f"Begrepet {key!r} finnes ikke i naering_analysis/data/{TERMS_FILE}; legg det til "
            "der med etikett og definisjon."
        ) from None


def label(key: str, form: int = 0, **values: object) -> str:
    """Return the label of term ``key`` (template ``form``) with its placeholders filled in."""
    return term(key).render(form, **values)


def terms_for(text: str) -> tuple[Term, ...]:
    """Return every registered term whose labels match ``text`` (one, when all is well)."""
    return tuple(t for t in registry().values() if t.matches(text))


@cache
def categories() -> dict[str, str]:
    """Return the category names readers see, each with its definition.

    Focus industries (bransjer), SN2007 groups, sectors, and the names of current regions and
    region groups. Scenario and method names live higher up; pass them to :func:`label_problems`.
    """
    from naering_analysis.reference.industries import (
        SN2007_CODES,
        industry_name,
        load_focus_mapping,
    )
    from naering_analysis.reference.regions import load_code_history, region_groups

    out: dict[str, set[str]] = {}

    def add(name: str, definition: str) -> None:
        out.setdefault(normalise(name), set()).add(definition)

    mapping = load_focus_mapping()
    for b in mapping.bransjer:
        add(b.name, f"Bransje i handlingsprogrammet: SN2007 {', '.join(mapping.codes_of(b.id))}.")
    for code in SN2007_CODES:
        add(industry_name(code), f"SN2007-gruppe {code}.")
    for part in mapping.parts:
        if part.split:
            add(part.name, f"SN2007 {part.code}, del av gruppen {part.group}.")
    for code, name in SECTOR_NAMES.items():
        add(name, _SECTOR_DEFINITIONS[code])
    # One meaning for every place name: two municipalities may share a name (Våler), and a
    # place is a place in every table and figure.
    place = "Region: en kommune, et fylke, en regiongruppe eller hele landet."
    history = load_code_history()
    for records in (history.municipalities, history.counties):
        for record in records.values():
            if record.valid_to is None:
                add(record.name, place)
    from naering_analysis.reference.division import current_division

    for name in current_division().names.values():  # every municipality a ranking can show
        add(name, place)
    add("Hele landet", place)
    for name in region_groups():
        add(name, place)
    from naering_analysis.reference.labour_market import labour_market_labels

    for name in labour_market_labels():  # the business region of a municipality elsewhere
        add(name, place)
    # Peer groups (peer_groups.yaml) head the rank columns; those named like a place are places.
    from naering_analysis.reference.peers import peer_groups

    for group in peer_groups().groups.values():
        if normalise(group.name) not in out:
            add(group.name, f"Sammenligningsgruppe: {group.description or group.name}")
    clashes = {name: defs for name, defs in out.items() if len(defs) > 1}
    if clashes:
        raise MappingError(f"Kategorinavn med flere betydninger: {clashes}.")
    return {name: next(iter(defs)) for name, defs in out.items()}


def definitions(text: str, extra: Mapping[str, str] | None = None) -> set[str]:
    """Return every definition the shown label ``text`` is bound to (terms and category names)."""
    shown = normalise(text)
    found = {t.definition for t in terms_for(shown)}
    for names in (categories(), {normalise(k): v for k, v in (extra or {}).items()}):
        if shown in names:
            found.add(names[shown])
    return found


def label_problems(labels: Iterable[str], extra: Mapping[str, str] | None = None) -> list[str]:
    """Return a Norwegian line for each shown label that is unknown or has two meanings.

    ``extra`` adds category names from higher layers (scenario names with their descriptions,
    method labels). An empty list means every label has exactly one definition.
    """
    problems = []
    for shown in sorted({normalise(x) for x in labels if normalise(x)}):
        found = definitions(shown, extra)
        if not found:
            problems.append(
                f"«{shown}» står ikke i ordlista (naering_analysis/data/{TERMS_FILE}); legg den "
                "til med definisjon, eller bruk en etikett som står der."
            )
        elif len(found) > 1:
            problems.append(f"«{shown}» har {len(found)} betydninger: " + " | ".join(sorted(found)))
    return problems
