"""Compare a catalogue table with what SSB's ``/metadata`` and ``/codelists`` say today.

:func:`check_table` fetches ``tables/{id}/metadata`` and the codelists the table's queries use,
and lists every :class:`Difference` from its YAML file: dimension ids, codelist ids, value and
content codes, the code prefix of the municipalities' codelist, and the time codes. A difference
is *blocking* when fetching with the catalogue as it stands would give wrong or incomplete data
(a code SSB added to an industry or sector dimension would vanish from every total; a renamed
codelist or a removed code makes SSB refuse the query). ``naering sjekk`` prints the result and
``naering fetch`` stops before writing anything when a table has a blocking difference.

Beside the differences, :class:`TableCheck` reports what it found, as information: the table's own
dimension order (the metadata ``id``, which SSB's answers follow; answers are read by name, so
another order than the catalogue's blocks nothing), each dimension's codelists and whether it can
be eliminated, and the last period.

It also says, as a «Merk:» line that blocks nothing, when a table seems to have stopped being
updated (SSB's ``updated`` more than :data:`STALE_MONTHS` months before today, or its last period
before the year before last), and for an SN2007 table names possible SN2025 successors from one
search of SSB's table list (:func:`successors`). SSB is moving tables from SN2007 to SN2025 one
statistic at a time; a stopped SN2007 table has most likely been replaced.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from naering_analysis.errors import NaeringError, SSBQueryError
from naering_analysis.ssb import codelists
from naering_analysis.ssb.catalogue import (
    REGION_DIMENSION,
    TIME_DIMENSION,
    DimensionSpec,
    RegionLevel,
    TableQuery,
    TableSpec,
)
from naering_analysis.ssb.cells import DimensionInfo, metadata_dimensions
from naering_analysis.ssb.client import SSBClient
from naering_analysis.ssb.stopped import search_words, stopped_reasons, successors
from naering_analysis.ssb.vintage import newer_than, vintages

YAML_DIR = "src/naering_analysis/data/tables"
_YEAR = re.compile(r"^\d{4}$")
_QUARTER = re.compile(r"^\d{4}K[1-4]$")
_MONTH = re.compile(r"^\d{4}M(0[1-9]|1[0-2])$")


def _today() -> date:
    """Today's date (UTC); tests replace it."""
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class Fix:
    """A correction SSB's metadata settles: new field values for one dimension or region level.

    ``section`` is ``dimensions`` or ``region_levels``, ``item`` the dimension id or the level;
    ``fields`` the new values and ``old`` the catalogue's, for the Norwegian «gammel → ny» line.
    ``naering sjekk --rett`` writes it to the user's override (:mod:`.override`).
    """

    section: str
    item: str
    fields: Mapping[str, Any]
    old: Mapping[str, Any]
    why: str

    def line(self) -> str:
        """Return «NACE2007 → codelist: agg_A → agg_B (why)»."""
        changes = "; ".join(
            f"{name}: {_show(self.old.get(name))} → {_show(value)}"
            for name, value in self.fields.items()
        )
        return f"{self.item} → {changes} ({self.why})"


def _show(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(str, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return "–" if value is None else str(value)


@dataclass(frozen=True)
class Difference:
    """One way the catalogue and SSB disagree: what, the YAML key to edit, and its weight.

    ``fix`` is set when SSB's metadata settles it (``naering sjekk --rett`` writes it).
    """

    what: str
    key: str
    blocking: bool = True
    fix: Fix | None = None

    def line(self) -> str:
        """Return the Norwegian line for this difference (with the key to edit)."""
        if not self.blocking:
            return f"Merk: {self.what}"
        if self.fix is not None:
            return (
                f"{self.what} Kan rettes automatisk: {self.fix.line()}; kjør `naering sjekk "
                f"--rett` (eller rett `{self.key}`)."
            )
        return f"{self.what} Rett `{self.key}`."


@dataclass(frozen=True)
class TableCheck:
    """The outcome of :func:`check_table` for one table, with the metadata SSB sent."""

    table: str
    differences: tuple[Difference, ...]
    latest_period: str | None
    metadata: dict[str, Any] = field(repr=False)
    codelists: dict[str, dict[str, Any]] = field(repr=False)
    found: tuple[str, ...] = ()
    """What SSB's metadata shows (order, codelists, elimination), one Norwegian line each."""

    @property
    def order(self) -> list[str]:
        """The table's own dimension order at SSB (the metadata ``id``), which answers follow."""
        return [str(dim) for dim in self.metadata.get("id") or []]

    @property
    def yaml_file(self) -> str:
        """The catalogue file to edit, relative to the project root."""
        return f"{YAML_DIR}/{self.table}.yaml"

    @property
    def blocking(self) -> tuple[Difference, ...]:
        """The differences that would make a fetch wrong."""
        return tuple(d for d in self.differences if d.blocking)

    @property
    def fixes(self) -> tuple[Fix, ...]:
        """The corrections SSB's metadata settles (``naering sjekk --rett`` writes them)."""
        return tuple(d.fix for d in self.blocking if d.fix is not None)

    @property
    def unsettled(self) -> tuple[Difference, ...]:
        """The blocking differences the code cannot settle: a person edits the YAML key."""
        return tuple(d for d in self.blocking if d.fix is None)

    def lines(self, *, found: bool = True) -> list[str]:
        """Return the Norwegian report: a headline, then the differences and what SSB shows.

        One indented line per difference, then (with ``found``) what SSB's metadata shows.
        """
        period = f" (siste periode hos SSB: {self.latest_period})" if self.latest_period else ""
        if not self.blocking:
            head = f"{self.table}: OK{period}"
        else:
            count = len(self.blocking)
            head = (
                f"{self.table}: AVVIK – {count} forskjell{'er' if count > 1 else ''} mellom SSB "
                f"og {self.yaml_file}{period}:"
            )
        shown = self.found if found else ()
        return [head, *(f"    {d.line()}" for d in self.differences), *(f"    {x}" for x in shown)]


def check_table(
    spec: TableSpec,
    client: SSBClient,
    *,
    kommune: str = "3105",
    neighbours: list[str] | None = None,
    lang: str = "no",
    today: date | None = None,
) -> TableCheck:
    """Fetch ``spec``'s metadata and codelists from SSB and compare them with the catalogue.

    A table SSB does not know (404) is reported as a blocking difference. ``today`` (default:
    today) decides whether the table seems to have stopped being updated. Raises
    :class:`~naering_analysis.errors.SSBUnavailable` when SSB cannot be reached.
    """
    try:
        metadata = client.metadata(spec.id, lang)
    except SSBQueryError as exc:
        if exc.status != 404:
            raise
        gone = Difference(
            f"SSB kjenner ikke tabell {spec.id} (HTTP 404 på /tables/{spec.id}/metadata); den kan "
            "være avsluttet og erstattet. Finn den nye tabellen på ssb.no/statbank og lag en ny "
            "tabellfil.",
            _yaml(spec, "id"),
        )
        return TableCheck(spec.id, (gone,), None, {}, {})
    dims = metadata_dimensions(metadata, spec.id)
    found: dict[str, dict[str, Any]] = {}
    diffs: list[Difference] = []
    diffs += _dimension_ids(spec, dims)
    for dim in spec.dimensions:
        if dim.id in dims and dim.id not in (*spec.geo_dimensions, TIME_DIMENSION):
            labels = _labels(metadata, dim.id)
            diffs += _values(spec, dim, dims[dim.id], labels, client, found, lang, kommune)
    wanted = spec.query(kommune=kommune, neighbours=neighbours)
    for geo in spec.geo_dimensions:
        if geo not in dims:
            continue
        codes = _asked_municipalities(spec, wanted, geo)
        diffs += _regions(spec, dims[geo], codes, client, found, lang, kommune, geo)
    latest = None
    if TIME_DIMENSION in dims:
        time_diffs, latest = _periods(spec, dims[TIME_DIMENSION])
        diffs += time_diffs
    diffs += _stopped(spec, metadata, latest, today or _today(), client, lang)
    newer, newest = _vintage(spec, client, lang)
    diffs += newer
    shown = (*_found(spec, dims, latest), *newest)
    return TableCheck(spec.id, tuple(diffs), latest, metadata, found, shown)


def _found(
    spec: TableSpec, dims: Mapping[str, DimensionInfo], latest: str | None
) -> tuple[str, ...]:
    """Describe what SSB's metadata shows: the table's order, then each dimension (information)."""
    order = list(dims)
    same = [dim for dim in order if dim in spec.ids] == [dim for dim in spec.ids if dim in dims]
    note = (
        ""
        if same
        else f" (katalogen: {', '.join(spec.ids)}; svarene leses etter navn, så det er greit)"
    )
    lines = [f"Dimensjonsrekkefølge hos SSB: {', '.join(order)}{note}."]
    for dim_id, info in dims.items():
        count = len(info.codes)
        parts = ["kan utelates" if info.elimination else "må velges"]
        parts.append(f"{count} {'kode' if count == 1 else 'koder'}")
        if dim_id not in spec.ids:
            parts.append("summeres bort (katalogen velger ingen verdier)")
        if info.codelists:
            parts.append(f"kodelister {', '.join(info.codelists)}")
        if info.is_time and latest:
            parts.append(f"siste periode {latest}")
        lines.append(f"{dim_id} ({info.label}): {'; '.join(parts)}.")
    return tuple(lines)


def _yaml(spec: TableSpec, key: str) -> str:
    return f"{key} i {YAML_DIR}/{spec.id}.yaml"


def _dimension_ids(spec: TableSpec, dims: Mapping[str, DimensionInfo]) -> list[Difference]:
    out = []
    known = [*spec.ids, *spec.eliminated]
    for dim_id in known:
        if dim_id not in dims:
            out.append(
                Difference(
                    f"Dimensjonen {dim_id} finnes ikke lenger i tabell {spec.id}; SSB har "
                    f"{', '.join(dims)}. Har SSB byttet klassifikasjon (f.eks. NACE2007 → "
                    "NACE2025), må katalogen og analysen følge etter.",
                    _yaml(spec, "dimensions"),
                )
            )
    for dim_id, info in dims.items():
        if dim_id in known:
            continue
        if not info.elimination:
            out.append(
                Difference(
                    f"SSB har en ny dimensjon {dim_id} ({info.label}) som ikke kan utelates, og "
                    "som katalogen ikke velger verdier for.",
                    _yaml(spec, "dimensions"),
                )
            )
        else:
            out.append(
                Difference(
                    f"SSB har dimensjonen {dim_id} ({info.label}), som summeres bort fordi "
                    "katalogen ikke nevner den; legg den under eliminated for å si at det er "
                    "meningen.",
                    _yaml(spec, "eliminated"),
                    blocking=False,
                )
            )
    return out


def _labels(metadata: Mapping[str, Any], dim_id: str) -> dict[str, str]:
    """Return ``code → label`` of one dimension in SSB's metadata (empty when it has none)."""
    dim = (metadata.get("dimension") or {}).get(dim_id) or {}
    labels = (dim.get("category") or {}).get("label") or {}
    return {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}


def _norm(label: str) -> str:
    return " ".join(label.casefold().split())


_TOTAL_LABEL = re.compile(r"^(i alt|totalt?|alle (næringer|sektorer|kategorier))\b|\bi alt$")


def _values(
    spec: TableSpec,
    dim: DimensionSpec,
    info: DimensionInfo,
    labels: Mapping[str, str],
    client: SSBClient,
    found: dict[str, dict[str, Any]],
    lang: str,
    kommune: str,
) -> list[Difference]:
    """Compare one dimension's value codes (through its codelist, when it has one).

    Where SSB's metadata settles a difference, the :class:`Difference` carries a :class:`Fix`:
    a wrong codelist id when exactly one offered codelist gives the catalogue's groups; a
    codelist that answers with single values when exactly one other gives the groups; a content
    code renamed under the same label; a new code whose label says it is a total.
    """
    key = f"dimensions → {dim.id}"
    if dim.codelist is not None:
        if dim.codelist not in info.codelists:
            offered = ", ".join(info.codelists) or "ingen kodelister"
            others = codelists.other_codelists(spec, dim, info, client, found, lang, kommune)
            fix = None
            if len(others) == 1:
                fix = _codelist_fix(
                    dim,
                    others[0],
                    f"den eneste kodelisten SSB tilbyr med katalogens {len(dim.values)} koder, "
                    "og den gir gruppene",
                )
            return [
                Difference(
                    f"Kodelisten {dim.codelist} for {dim.id} finnes ikke lenger i tabell "
                    f"{spec.id}; SSB tilbyr {offered}.",
                    _yaml(spec, f"{key} → codelist"),
                    fix=fix,
                )
            ]
        codes, why = codelists.codelist_codes(dim.codelist, client, found, lang, spec.id)
        if codes is None:
            return [
                Difference(
                    f"Kodelisten {dim.codelist} for {dim.id} kunne ikke leses ({why}).",
                    _yaml(spec, f"{key} → codelist"),
                )
            ]
        where = f"kodelisten {dim.codelist}"
        labels = codelists.codelist_labels(found[dim.codelist])
    else:
        codes, where = list(info.codes), f"tabell {spec.id}"
    out = []
    gone = [code for code in dim.values if code not in codes]
    if gone:
        out.append(_gone(spec, dim, gone, codes, labels, where, key))
    new = [code for code in codes if code not in dim.values and code not in dim.totals]
    if dim.role == "metric" and gone and out[-1].fix is not None:
        new = [code for code in new if code not in out[-1].fix.fields["values"]]
    if new and dim.complete:
        out.append(_new_codes(spec, dim, new, labels, where, key))
    elif new and dim.role == "metric":
        out.append(
            Difference(
                f"{dim.id}: SSB har også statistikkvariablene {', '.join(new)}, som ikke hentes.",
                _yaml(spec, f"{key} → values"),
                blocking=False,
            )
        )
    if dim.codelist is not None and not gone:
        out += _display(spec, dim, info, client, found, lang, kommune, key)
    return out


def _gone(
    spec: TableSpec,
    dim: DimensionSpec,
    gone: list[str],
    codes: list[str],
    labels: Mapping[str, str],
    where: str,
    key: str,
) -> Difference:
    """Report codes the catalogue asks for that are gone; settle a renamed content code.

    Only for content codes (``ContentsCode``): each gone code's label must be SSB's label of
    exactly one code the catalogue does not know. An industry or sector code is never renamed
    automatically (the focus mapping depends on it).
    """
    what = f"{dim.id}: koden/kodene {', '.join(gone)} finnes ikke lenger i {where}."
    fix = None
    if dim.role == "metric":
        renamed = {}
        for code in gone:
            label = _norm(dim.categories.get(code, ""))
            same = [
                c
                for c in codes
                if c not in dim.values and label and _norm(labels.get(c, "")) == label
            ]
            if len(same) == 1:
                renamed[code] = same[0]
        if len(renamed) == len(gone) and len(set(renamed.values())) == len(renamed):
            values = [renamed.get(code, code) for code in dim.values]
            categories = {renamed.get(c, c): label for c, label in dim.categories.items()}
            fix = Fix(
                "dimensions",
                dim.id,
                {"values": values, "categories": categories},
                {"values": list(dim.values), "categories": dict(dim.categories)},
                "SSB har samme statistikkvariabel under ny kode, med samme tekst",
            )
    return Difference(what, _yaml(spec, f"{key} → values"), fix=fix)


def _new_codes(
    spec: TableSpec,
    dim: DimensionSpec,
    new: list[str],
    labels: Mapping[str, str],
    where: str,
    key: str,
) -> Difference:
    """SSB has codes the catalogue lacks; settled only when every one is labelled a total."""
    totals = [code for code in new if _TOTAL_LABEL.search(_norm(labels.get(code, "")))]
    if totals == new:
        shown = ", ".join(f"{c} «{labels[c]}»" for c in new)
        return Difference(
            f"{dim.id}: SSB har ny(e) totalkode(r) {shown} i {where}; en total hentes ikke "
            "(totaler er summer), så den legges under totals.",
            _yaml(spec, f"{key} → totals"),
            fix=Fix(
                "dimensions",
                dim.id,
                {"totals": [*dim.totals, *new]},
                {"totals": list(dim.totals)},
                "teksten sier at koden er en total; den hentes ikke",
            ),
        )
    groups = " og category_groups" if dim.id in spec.category_groups else ""
    return Difference(
        f"{dim.id}: SSB har ny(e) kode(r) {', '.join(new)} i {where} som katalogen ikke "
        f"kjenner; uten dem forsvinner disse arbeidsplassene fra alle summer. Legg dem "
        f"til (med etikett i categories{groups}), og i fokusnæringskartet "
        "(src/naering_analysis/data/focus_industries.yaml) når det er en næring.",
        _yaml(spec, f"{key} → values"),
    )


def _codelist_fix(dim: DimensionSpec, codelist: str, why: str) -> Fix:
    """Return the correction that switches ``dim`` to ``codelist`` (``naering sjekk --rett``)."""
    return Fix("dimensions", dim.id, {"codelist": codelist}, {"codelist": dim.codelist}, why)


def _display(
    spec: TableSpec,
    dim: DimensionSpec,
    info: DimensionInfo,
    client: SSBClient,
    found: dict[str, dict[str, Any]],
    lang: str,
    kommune: str,
    key: str,
) -> list[Difference]:
    """Check that the codelist answers with the catalogue's groups, not their members."""
    assert dim.codelist is not None
    groups, answered = codelists.shows_groups(
        spec, dim, dim.codelist, found[dim.codelist], client, lang, kommune
    )
    if groups is not False:
        return []
    sample = ", ".join(answered[:6]) + (" …" if len(answered) > 6 else "")
    what = (
        f"Kodelisten {dim.codelist} for {dim.id} er satt til å vise enkeltverdier: SSB svarer "
        f"med {sample} i stedet for katalogens grupper ({', '.join(dim.values[:4])} …), og svaret "
        "ville bli avvist."
    )
    others = codelists.other_codelists(spec, dim, info, client, found, lang, kommune)
    if len(others) == 1:
        fix = _codelist_fix(
            dim, others[0], "den eneste andre kodelisten SSB tilbyr som svarer med gruppene"
        )
        return [Difference(what, _yaml(spec, f"{key} → codelist"), fix=fix)]
    choice = (
        f"Flere kodelister gir gruppene ({', '.join(others)}): velg én"
        if others
        else f"Ingen annen kodeliste SSB tilbyr for {dim.id} ({', '.join(info.codelists)}) gir "
        "gruppene: finn tabellens kodelister på ssb.no/statbank og velg en som viser "
        "gruppesummer"
    )
    return [Difference(f"{what} {choice}.", _yaml(spec, f"{key} → codelist"))]


def _asked_municipalities(spec: TableSpec, query: TableQuery, geo: str) -> tuple[str, ...]:
    """Return the municipality codes the default query asks for in the region dimension ``geo``.

    ``Region``: the municipality part's. A flow table's home and work dimensions: both parts'
    (the region's municipalities at one end, every municipality at the other), each code once.
    """
    parts = query.parts if spec.flow_dimensions is not None else (query.part("municipality"),)
    codes: list[str] = []
    for part in parts:
        selection = part.query.selection(geo)
        codes += selection.value_codes if selection is not None else ()
    return tuple(dict.fromkeys(codes))


def _regions(
    spec: TableSpec,
    info: DimensionInfo,
    municipalities: tuple[str, ...],
    client: SSBClient,
    found: dict[str, dict[str, Any]],
    lang: str,
    kommune: str = "3105",
    dim_id: str = REGION_DIMENSION,
) -> list[Difference]:
    """Check each region level's codelist, its fixed codes and the municipalities' prefix.

    ``dim_id`` is the region dimension checked: ``Region``, or one end of a flow table (whose
    two ends share ``region_levels.municipality``). A level whose codelist is set to display single values (it would answer with the members,
    not the summed group) is a difference too, settled when one other offered list fits and
    answers with the group.
    """
    out = []
    for level, level_spec in spec.region_levels.items():
        key = f"region_levels → {level}"
        if level_spec.codelist is None:
            continue
        wanted = municipalities if level == "municipality" else level_spec.values
        if level_spec.codelist not in info.codelists:
            out.append(
                _region_codelist_gone(spec, info, level, wanted, client, found, lang, dim_id)
            )
            continue
        codes, why = codelists.codelist_codes(level_spec.codelist, client, found, lang, spec.id)
        if codes is None:
            out.append(
                Difference(
                    f"Kodelisten {level_spec.codelist} for {dim_id} kunne ikke leses ({why}).",
                    _yaml(spec, f"{key} → codelist"),
                )
            )
            continue
        missing = [code for code in wanted if code not in codes]
        if not missing:
            single = _region_single_values(
                spec, info, level, wanted, client, found, lang, kommune, dim_id
            )
            out += [single] if single is not None else []
            continue
        if level == "municipality":
            other = _other_prefix(missing[0], codes)
            if other is not None:  # "" (plain 3105) is a prefix too
                out.append(
                    Difference(
                        f"Kodelisten {level_spec.codelist} skriver kommunekodene som "
                        f"{other}{missing[0][2:]}, ikke {missing[0]} (prefiks {other!r}).",
                        _yaml(spec, f"{key} → prefix"),
                    )
                )
                continue
        out.append(
            Difference(
                f"{dim_id}: koden/kodene {', '.join(missing[:5])}"
                f"{' …' if len(missing) > 5 else ''} finnes ikke i kodelisten "
                f"{level_spec.codelist}.",
                _yaml(spec, f"{key} → {'prefix' if level == 'municipality' else 'values'}"),
            )
        )
    return out


def _region_single_values(
    spec: TableSpec,
    info: DimensionInfo,
    level: RegionLevel,
    wanted: tuple[str, ...],
    client: SSBClient,
    found: dict[str, dict[str, Any]],
    lang: str,
    kommune: str,
    dim_id: str = REGION_DIMENSION,
) -> Difference | None:
    """Return a difference when a level's codelist answers with members instead of its groups.

    Only a list whose ``valueMap`` gives a wanted code several members can differ; then one
    small answer shows it (:func:`codelists.probe_region`).
    """
    codelist = spec.region_levels[level].codelist
    assert codelist is not None
    mapped = codelists.members(found[codelist])
    code = next((c for c in wanted if len(mapped.get(c, (c,))) > 1), None)
    if code is None:
        return None
    answered = codelists.probe_region(spec, level, codelist, code, client, lang, kommune, dim_id)
    if answered is None or set(answered) <= set(wanted):
        return None
    sample = ", ".join(answered[:6]) + (" …" if len(answered) > 6 else "")
    what = (
        f"Kodelisten {codelist} for {dim_id} ({level}) er satt til å vise enkeltverdier: SSB svarer "
        f"med {sample} i stedet for {code}, og svaret ville bli avvist."
    )

    def answers_the_group(other: str) -> bool:
        reply = codelists.probe_region(spec, level, other, code, client, lang, kommune, dim_id)
        return reply is not None and set(reply) <= set(wanted)

    others = _fitting_lists(spec, info, wanted, client, found, lang, codelist, answers_the_group)
    return _region_choice(
        spec, level, codelist, others, what,
        f"den eneste andre kodelisten SSB tilbyr som svarer med {code}",
        f"Flere kodelister svarer med gruppen ({', '.join(others)}): velg én",
        f"Ingen annen kodeliste SSB tilbyr for {dim_id} ({', '.join(info.codelists)}) svarer med "
        "gruppen: finn tabellens kodelister på ssb.no/statbank og velg en som viser summer",
    )  # fmt: skip


def _fitting_lists(
    spec: TableSpec,
    info: DimensionInfo,
    wanted: tuple[str, ...],
    client: SSBClient,
    found: dict[str, dict[str, Any]],
    lang: str,
    skip: str | None,
    also: Callable[[str], bool] = lambda _codelist: True,
) -> list[str]:
    """Return the offered region codelists (but ``skip``) that hold every wanted code and pass ``also``."""
    fitting = []
    for other in info.codelists:
        if other == skip:
            continue
        codes, _why = codelists.codelist_codes(other, client, found, lang, spec.id)
        if codes is not None and wanted and set(wanted) <= set(codes) and also(other):
            fitting.append(other)
    return fitting


def _region_choice(
    spec: TableSpec,
    level: RegionLevel,
    old: str | None,
    fitting: list[str],
    what: str,
    why: str,
    several: str,
    none: str,
) -> Difference:
    """Return the difference, with the correction when exactly one list fits."""
    where = _yaml(spec, f"region_levels → {level} → codelist")
    if len(fitting) == 1:
        fix = Fix("region_levels", level, {"codelist": fitting[0]}, {"codelist": old}, why)
        return Difference(what, where, fix=fix)
    return Difference(f"{what} {several if fitting else none}.", where)


def _region_codelist_gone(
    spec: TableSpec,
    info: DimensionInfo,
    level: RegionLevel,
    wanted: tuple[str, ...],
    client: SSBClient,
    found: dict[str, dict[str, Any]],
    lang: str,
    dim_id: str = REGION_DIMENSION,
) -> Difference:
    """Return the difference for a region codelist SSB no longer offers, settled if one fits.

    A list fits when it holds every code the level asks for (``F-31``, or every ``K-`` code of
    the municipalities). Exactly one fitting list is a correction ``--rett`` can write; none or
    several are named for the user to choose.
    """
    old = spec.region_levels[level].codelist
    what = (
        f"Kodelisten {old} for {dim_id} ({level}) finnes ikke lenger i tabell {spec.id}; SSB "
        f"tilbyr {', '.join(info.codelists) or 'ingen'}."
    )
    fitting = _fitting_lists(spec, info, wanted, client, found, lang, None)
    return _region_choice(
        spec, level, old, fitting, what,
        f"den eneste kodelisten SSB tilbyr som har {', '.join(wanted[:3])}",
        f"Flere kodelister har kodene ({', '.join(fitting)}): velg én",
        f"Ingen av dem har kodene {', '.join(wanted[:3])}",
    )  # fmt: skip


def _other_prefix(code: str, codes: list[str]) -> str | None:
    """Return the prefix (``K.``, ``K-`` or none) under which ``code``'s number is in ``codes``.

    None when the number is in ``codes`` under no other prefix.
    """
    number = re.sub(r"^[KF][-.]", "", code)
    for prefix in ("K-", "K.", "F-", "F.", ""):
        if f"{prefix}{number}" in codes and f"{prefix}{number}" != code:
            return prefix
    return None


def _periods(spec: TableSpec, info: DimensionInfo) -> tuple[list[Difference], str | None]:
    """Check that every period is a year and the time selection finds one; return the latest."""
    key = "dimensions → Tid"
    out = []
    # A table whose time dimension is declared as quarters (01223) has periods like 2023K4,
    # one declared as months (08551) periods like 2024M01.
    label = spec.dimension(TIME_DIMENSION).label
    period = {"kvartal": _QUARTER, "måned": _MONTH}.get(label, _YEAR)
    odd = [code for code in info.codes if not period.match(code)]
    if odd:
        kind = {"kvartal": "kvartaler (ÅÅÅÅK1–K4)", "måned": "måneder (ÅÅÅÅM01–M12)"}.get(
            label, "årstall"
        )
        out.append(
            Difference(
                f"Tid har perioder som ikke er {kind} ({', '.join(odd[:5])}); analysen leser "
                "bare slike perioder.",
                _yaml(spec, key),
            )
        )
    years = sorted(code for code in info.codes if period.match(code))
    selection = spec.dimension(TIME_DIMENSION).values[0]
    start = re.fullmatch(r"from\((\d{4})\)", selection)
    if start and start.group(1) not in years:
        out.append(
            Difference(
                f"Tid: from({start.group(1)}) finner ikke året {start.group(1)} hos SSB "
                f"(SSB har {years[0] if years else '–'}–{years[-1] if years else '–'}).",
                _yaml(spec, f"{key} → values"),
            )
        )
    if years and years[0] > spec.first_period:
        out.append(
            Difference(
                f"Tabellen starter nå i {years[0]}, ikke i {spec.first_period}.",
                _yaml(spec, "first_period"),
                blocking=False,
            )
        )
    return out, (years[-1] if years else None)


def _stopped(
    spec: TableSpec,
    metadata: Mapping[str, Any],
    latest: str | None,
    today: date,
    client: SSBClient,
    lang: str,
) -> list[Difference]:
    """Say (blocking nothing) when the table seems stopped, and name SN2025 successors."""
    reasons = stopped_reasons(metadata, latest, today)
    if not reasons:
        return []
    key = _yaml(spec, "id")
    out = [
        Difference(
            f"Tabell {spec.id} ser ut til å ha sluttet å bli oppdatert ({'; '.join(reasons)}).",
            key,
            blocking=False,
        )
    ]
    if spec.industry_standard != "SN2007":
        return out
    words = search_words(spec.title)
    try:
        hits = client.search_tables(words, lang, table=spec.id)
    except NaeringError as exc:
        first = str(exc).splitlines()[0].rstrip(".") if str(exc) else type(exc).__name__
        out.append(
            Difference(
                f"Søket etter en SN2025-etterfølger i SSBs tabelliste («{words}») feilte "
                f"({first}); se etter den på ssb.no/statbank.",
                key,
                blocking=False,
            )
        )
        return out
    found = successors(hits, spec.id)
    if not found:
        out.append(
            Difference(
                f"Fant ingen SN2025-tabell i SSBs tabelliste for «{words}»; se etter en "
                "etterfølger på ssb.no/statbank.",
                key,
                blocking=False,
            )
        )
    for hit_id, title in found[:3]:
        out.append(
            Difference(
                f"Mulig etterfølger: tabell {hit_id} «{title}» (SN2025). Den trenger en egen "
                "tabellfil og SN2025-kodene (se docs/sn2025.md).",
                key,
                blocking=False,
            )
        )
    return out


def _vintage(
    spec: TableSpec, client: SSBClient, lang: str
) -> tuple[list[Difference], tuple[str, ...]]:
    """Find the newest vintage of a table with ``find_by_title`` (:mod:`.vintage`).

    Returns a «Merk:» difference when SSB's table list has a newer vintage than the catalogue's
    id (or when the search fails), and one line for what the search found. A newer vintage is a
    new table with its own number: ``--rett`` cannot switch to it, since an override changes
    only dimensions and region levels of the same table, so the message names the file to make.
    """
    search = spec.find_by_title
    if search is None:
        return [], ()
    key = _yaml(spec, "id")
    try:
        hits = client.search_tables(search.query, lang, table=spec.id)
    except NaeringError as exc:
        first = str(exc).splitlines()[0].rstrip(".") if str(exc) else type(exc).__name__
        what = (
            f"Søket etter nyeste årgang i SSBs tabelliste («{search.query}») feilte ({first}); se "
            "etter den på ssb.no/statbank."
        )
        return [Difference(what, key, blocking=False)], ()
    found = vintages(hits, search.pattern)
    if not found:
        return [], (
            f"Tabellsøket «{search.query}» fant ingen tabell med tittel som /{search.pattern}/.",
        )
    top = found[0]
    line = (
        f"Nyeste årgang i SSBs tabelliste («{search.query}»): tabell {top.id} «{top.title}» "
        f"({top.span}){', som katalogen' if top.id == spec.id else ''}."
    )
    newer = newer_than(found, spec.id, spec.first_period)
    if newer is None:
        return [], (line,)
    what = (
        f"SSB har en nyere årgang enn tabell {spec.id} ({spec.first_period}): tabell {newer.id} "
        f"«{newer.title}» ({newer.span}). Lag {YAML_DIR}/{newer.id}.yaml (kopier {spec.id}.yaml og "
        "rett id, title, contents og first_period), kjør `naering sjekk` på den og bytt tabellen "
        "der den brukes; `naering sjekk --rett` kan ikke bytte tabellnummer."
    )
    return [Difference(what, key, blocking=False)], (line,)
