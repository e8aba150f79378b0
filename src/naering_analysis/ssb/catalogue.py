"""The catalogue of SSB tables this bundle reads, and their default PxWebApi 2 queries.

Each table is declared in ``naering_analysis/data/tables/<id>.yaml``: its title, unit, the
dimensions in SSB's order with their default ``valueCodes``, codelists and category labels, and
one query part per region level. A part can use only one codelist on ``Region``, so a default
query is three requests: the municipalities through a summed codelist (``agg_KommSummer`` with
codes like ``K-3105``; 07984 uses ``agg_KommSummerS`` with ``K.3105``), the county through
``agg_KommFylker`` (``F-31``) and the country through ``vs_Landet`` (``0``). Each table's YAML
names its codelists and code prefix, and notes which facts are confirmed and which assumed.

A flow table (03321: ``Bokommuen`` × ``ArbstedKomm``, no ``Region``) names its two region
dimensions in ``flow_dimensions``; its default query is two parts, ``home_region`` (the region's
homes × every workplace) and ``work_region`` (every home × the region's workplaces), both through
``region_levels.municipality``.

>>> query = load_table("13470").query(kommune="3105")
>>> [part.level for part in query.parts]
['municipality', 'county', 'country']
>>> query.parts[0].query.selection("Region").value_codes[:6]
('K-3105', 'K-3107', 'K-3101', 'K-3110', 'K-3120', 'K-3103')
>>> len(query.parts[0].query.selection("Region").value_codes)  # all of Østfold (13470)
12
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from naering_analysis.errors import NaeringError, UnknownCodeError
from naering_analysis.reference.division import current_division
from naering_analysis.reference.regions import (
    harmonise_code,
    region_groups,
    region_level,
)
from naering_analysis.ssb.override import (
    OverrideError,
    apply_changes,
    override_path,
    parse_override,
    shown,
)
from naering_analysis.ssb.query import Query, Selection, encode_params
from naering_analysis.yamltext import load_yaml

SSB_API_BASE = "https://data.ssb.no/api/pxwebapi/v2/"
REGION_DIMENSION = "Region"
TIME_DIMENSION = "Tid"
RegionLevel = Literal["municipality", "county", "country"]
LEVELS: tuple[RegionLevel, ...] = ("municipality", "county", "country")
FlowLevel = Literal["home_region", "work_region"]
PartLevel = RegionLevel | FlowLevel
FLOW_LEVELS: tuple[FlowLevel, ...] = ("home_region", "work_region")
_OPEN_TIME = re.compile(r"^(\*|from\(\d{4}\)|top\(\d+\))$")


class CatalogueError(NaeringError, ValueError):
    """A table file in the catalogue is missing, malformed or inconsistent."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DimensionSpec(_Frozen):
    """One dimension of a table as the default query selects it, in SSB's dimension order."""

    id: str
    label: str = Field(description="SSB's Norwegian dimension label, e.g. 'næring (SN2007)'.")
    role: Literal["geo", "time", "metric"] | None = None
    values: tuple[str, ...] = ()
    codelist: str | None = None
    elimination: bool = False
    complete: bool = Field(
        default=False,
        description=(
            "True when `values` must cover every category SSB has (industries, sectors): a code "
            "SSB adds would otherwise vanish from every total, so `naering sjekk` stops on it."
        ),
    )
    totals: tuple[str, ...] = Field(
        default=(),
        description=(
            "Total codes SSB may list (e.g. '00-99') that are deliberately not fetched, since "
            "totals are sums; `naering sjekk` does not take them for new categories."
        ),
    )
    klass: int | None = Field(default=None, description="SSB KLASS classification id.")
    categories: dict[str, str] = Field(default_factory=dict, description="code -> label")

    @model_validator(mode="after")
    def _consistent(self) -> DimensionSpec:
        if set(self.totals) & set(self.values):
            raise ValueError(f"{self.id}: totals og values kan ikke ha koder felles")
        if self.role == "geo":
            if self.values:
                raise ValueError(f"{self.id}: verdiene kommer fra region_levels, ikke values")
            return self
        if not self.values:
            raise ValueError(f"{self.id}: values mangler")
        if self.role == "time":
            if len(self.values) != 1 or not _OPEN_TIME.match(self.values[0]):
                raise ValueError(
                    f"{self.id}: bruk ['*'], ['from(ÅÅÅÅ)'] eller ['top(n)'], aldri faste årstall"
                )
        else:
            missing = [v for v in self.values if v not in self.categories]
            if missing:
                raise ValueError(f"{self.id}: etikett mangler i categories for {missing}")
        return self


class RegionLevelSpec(_Frozen):
    """How one region level is asked for: its codelist and fixed codes (or a code prefix)."""

    codelist: str | None = None
    prefix: Literal["", "K-", "K.", "F-", "F."] = ""
    values: tuple[str, ...] = ()
    labels: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _labelled(self) -> RegionLevelSpec:
        missing = [v for v in self.values if v not in self.labels]
        if missing:
            raise ValueError(f"etikett mangler for regionkodene {missing}")
        return self


class FlowDimensions(_Frozen):
    """The two region dimensions of a flow table (03321): where people live and where they work.

    Both take their municipality codes from ``region_levels.municipality`` (codelist and
    prefix). The default query is two parts (:meth:`TableSpec.query`): ``home_region`` (home =
    the region's municipalities, work = every municipality) and ``work_region`` (home = every
    municipality, work = the region's), so it holds every flow that starts or ends in the region.
    """

    home: str = Field(description="The dimension of the municipality of residence (Bokommuen).")
    work: str = Field(description="The dimension of the municipality of work (ArbstedKomm).")

    @model_validator(mode="after")
    def _distinct(self) -> FlowDimensions:
        if self.home == self.work:
            raise ValueError("flow_dimensions: home og work må være to ulike dimensjoner")
        return self


class TitleSearch(_Frozen):
    """How to find the newest table of a statistic SSB publishes as a new table each vintage.

    SSB's population projection is a new table every second year (12882, 13600, 14288, 14746):
    ``naering sjekk`` sends ``query`` to SSB's table search (``GET tables?query=…``) and takes the
    hits whose title (``label``) matches ``pattern``; the one with the latest ``firstPeriod``
    (then the highest id) is the newest vintage (:mod:`naering_analysis.ssb.vintage`).
    """

    query: str = Field(
        description="Words for SSB's table search, e.g. 'title:Framskrevet folkemengde'."
    )
    pattern: str = Field(description="A regular expression the hit's title must match.")
    why: str = ""

    @model_validator(mode="after")
    def _compiles(self) -> TitleSearch:
        try:
            re.compile(self.pattern)
        except re.error as exc:
            raise ValueError(
                f"find_by_title.pattern er ikke et gyldig regulært uttrykk: {exc}"
            ) from exc
        return self


class TableSpec(_Frozen):
    """A declared SSB table (see the module docstring); build queries with :meth:`query`."""

    id: str = Field(pattern=r"^\d{5}$")
    title: str
    contents: str = Field(description="SSB's px 'contents', e.g. '13470: Sysselsatte per ...,'")
    description: str
    unit: str
    reference_time: str
    first_period: str
    subject_code: str
    subject_area: str
    industry_standard: Literal["SN2007", "SN2025"] | None = Field(
        default=None,
        description=(
            "The industry standard of the table's industry dimension (Klass 6: SN2007 or "
            "SN2025), or None for a table without industries. `naering sjekk` looks for an "
            "SN2025 successor when an SN2007 table stops being updated."
        ),
    )
    break_after: str | None = None
    find_by_title: TitleSearch | None = Field(
        default=None,
        description=(
            "For a table SSB replaces with a new one each vintage (the population projection): "
            "how `naering sjekk` finds the newest in SSB's table list."
        ),
    )
    eliminated: tuple[str, ...] = ()
    extra_municipalities: tuple[str, ...] = ()
    county_municipalities: bool = Field(
        default=False,
        description="Also ask for every current municipality in the kommune's county.",
    )
    national_panel: bool = Field(
        default=False,
        description="With `naering fetch --alle-kommuner`, ask for every current municipality.",
    )
    signed_contents: tuple[str, ...] = Field(
        default=(),
        description=(
            "Content codes whose cells may be negative (a change such as population growth); "
            "every other cell of an answer must be a whole, non-negative count."
        ),
    )
    flow_dimensions: FlowDimensions | None = Field(
        default=None,
        description=(
            "For a table of flows between municipalities (03321): its two region dimensions, "
            "in place of Region."
        ),
    )
    dimensions: tuple[DimensionSpec, ...]
    category_groups: dict[str, dict[str, tuple[str, ...]]] = Field(default_factory=dict)
    region_levels: dict[RegionLevel, RegionLevelSpec]
    ssb_notes: tuple[str, ...] = ()
    category_notes: dict[str, dict[str, tuple[str, ...]]] = Field(default_factory=dict)
    notes: tuple[str, ...] = ()
    confirmed: tuple[str, ...] = Field(
        default=(),
        description="Facts about the table checked against public evidence, with source.",
    )
    assumed: tuple[str, ...] = Field(
        default=(), description="Facts not yet confirmed; `naering sjekk` checks them at SSB."
    )

    @model_validator(mode="after")
    def _structure(self) -> TableSpec:
        ids = [dim.id for dim in self.dimensions]
        if len(set(ids)) != len(ids):
            raise ValueError(f"dimensjonene {ids} har duplikater")
        for dim_id in (*self.geo_dimensions, TIME_DIMENSION):
            role = "time" if dim_id == TIME_DIMENSION else "geo"
            if dim_id not in ids or self.dimension(dim_id).role != role:
                raise ValueError(f"dimensjonen {dim_id} med rolle {role} mangler")
        extra_geo = [d.id for d in self.dimensions if d.role == "geo"]
        if sorted(extra_geo) != sorted(self.geo_dimensions):
            raise ValueError(
                f"dimensjonene med rolle geo må være {list(self.geo_dimensions)}, ikke {extra_geo}"
            )
        if self.flow_dimensions is not None and list(self.region_levels) != ["municipality"]:
            raise ValueError("en strømtabell (flow_dimensions) har bare region_levels.municipality")
        if sum(dim.role == "metric" for dim in self.dimensions) != 1:
            raise ValueError("nøyaktig én dimensjon må ha rolle metric (ContentsCode)")
        if list(self.region_levels) != [lvl for lvl in LEVELS if lvl in self.region_levels]:
            raise ValueError(f"region_levels må stå i rekkefølgen {LEVELS}")
        if "municipality" not in self.region_levels:
            raise ValueError("region_levels mangler municipality")
        for dim_id, groups in self.category_groups.items():
            known = self.dimension(dim_id).values
            listed = [code for codes in groups.values() for code in codes]
            if sorted(listed) != sorted(known):
                raise ValueError(f"category_groups[{dim_id}] må dekke {known} nøyaktig én gang")
        for code in self.extra_municipalities:
            municipality_code(code, where=f"extra_municipalities i tabell {self.id}")
        for standard in ("SN2007", "SN2025"):
            if f"NACE{standard[2:]}" in ids and self.industry_standard != standard:
                raise ValueError(
                    f"dimensjonen NACE{standard[2:]} hører til {standard}; sett "
                    f"industry_standard: {standard}"
                )
        return self

    @property
    def geo_dimensions(self) -> tuple[str, ...]:
        """The region dimensions: ``("Region",)``, or a flow table's home and work dimensions.

        >>> load_table("03321").geo_dimensions, load_table("13470").geo_dimensions
        (('Bokommuen', 'ArbstedKomm'), ('Region',))
        """
        flows = self.flow_dimensions
        return (REGION_DIMENSION,) if flows is None else (flows.home, flows.work)

    def dimension(self, dim_id: str) -> DimensionSpec:
        """Return the dimension ``dim_id`` (KeyError naming the known ones otherwise)."""
        for dim in self.dimensions:
            if dim.id == dim_id:
                return dim
        raise KeyError(f"Tabell {self.id} har ingen dimensjon {dim_id!r}; kjente: {self.ids}")

    @property
    def ids(self) -> list[str]:
        """The dimension ids in the catalogue's order.

        SSB answers in the table's own order (its metadata ``id``), which may differ: answers are
        checked as a set and read by name, so this order is only the YAML file's.
        """
        return [dim.id for dim in self.dimensions]

    @property
    def metric(self) -> DimensionSpec:
        """The ``ContentsCode`` dimension."""
        return next(dim for dim in self.dimensions if dim.role == "metric")

    @property
    def response_label(self) -> str:
        """The ``label`` SSB gives a response to the default query.

        PxWebApi 2 leaves the metric dimension (``statistikkvariabel``) out of it, e.g.
        ``"07459: Befolkning, etter region og år"``.

        >>> load_table("13470").response_label
        '13470: Sysselsatte per 4. kvartal, etter region, næring (SN2007) og år'
        """
        labels = [dim.label for dim in self.dimensions if dim.role != "metric"]
        joined = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} og {labels[-1]}"
        return f"{self.contents} etter {joined}"

    def query(
        self,
        kommune: str = "3105",
        neighbours: Sequence[str] | None = None,
        *,
        all_municipalities: bool = False,
    ) -> TableQuery:
        """Return the default query for ``kommune`` and its neighbours, one part per region level.

        Parameters
        ----------
        kommune
            Four-digit municipality code (2024 numbering), e.g. ``"3105"``; ``"K-3105"`` is
            accepted too.
        neighbours
            Municipalities to compare with. Default: the other members of the kommune's
            region group (Søndre Østfold for 3105). A table with ``county_municipalities``
            (13470, 13472) also gets every other current municipality of the kommune's county
            (:func:`county_municipalities`), so the projections are judged on a dozen series per
            industry; they stay one request (about 14 000 cells for Østfold in 13472).
        all_municipalities
            For a table with ``national_panel`` (``naering fetch --alle-kommuner``): ask for
            every current municipality (today's division, 357 codes listed explicitly, so a
            code SSB lacks is an error rather than a silent gap). Ignored for other tables.

        Raises
        ------
        UnknownCodeError
            If a code is not four digits or not a current Norwegian municipality.
        """
        main = municipality_code(kommune, where="kommune")
        if neighbours is None:
            neighbours = default_neighbours(main)
        others = [municipality_code(code, where="neighbours") for code in neighbours]
        county = county_municipalities(main) if self.county_municipalities else []
        country = (
            list(current_division().codes) if all_municipalities and self.national_panel else []
        )
        wanted = list(dict.fromkeys([main, *others, *self.extra_municipalities, *county, *country]))
        if self.flow_dimensions is not None:
            everyone = list(current_division().codes)
            parts = tuple(self._flow_part(level, wanted, everyone) for level in FLOW_LEVELS)
        else:
            parts = tuple(self._part(level, wanted) for level in self.region_levels)
        return TableQuery(self.id, main, tuple(c for c in others if c != main), parts)

    def _flow_part(self, level: FlowLevel, region: list[str], everyone: list[str]) -> QueryPart:
        """One part of a flow table's query: the region at one end, every municipality at the other.

        ``home_region`` asks for the flows from the region's homes to every workplace,
        ``work_region`` for those from every home to the region's workplaces; the flows within
        the region are in both (the same cells twice, which the combination checks).
        """
        assert self.flow_dimensions is not None
        spec = self.region_levels["municipality"]
        at_home = region if level == "home_region" else everyone
        at_work = everyone if level == "home_region" else region
        codes = {
            self.flow_dimensions.home: tuple(f"{spec.prefix}{code}" for code in at_home),
            self.flow_dimensions.work: tuple(f"{spec.prefix}{code}" for code in at_work),
        }
        selections = []
        for dim in self.dimensions:
            if dim.id in codes:
                selection = Selection(codes[dim.id], spec.codelist)
            else:
                selection = Selection(dim.values, dim.codelist)
            selections.append((dim.id, selection))
        return QueryPart(self.id, level, Query(tuple(selections)))

    def _part(self, level: RegionLevel, municipalities: list[str]) -> QueryPart:
        spec = self.region_levels[level]
        if level == "municipality":
            regions = tuple(f"{spec.prefix}{code}" for code in municipalities)
        else:
            regions = spec.values
        selections = []
        for dim in self.dimensions:
            if dim.id == REGION_DIMENSION:
                selection = Selection(regions, spec.codelist)
            else:
                selection = Selection(dim.values, dim.codelist)
            selections.append((dim.id, selection))
        return QueryPart(self.id, level, Query(tuple(selections)))


@dataclass(frozen=True)
class QueryPart:
    """One request of a table's default query: one region level with its own codelist.

    A flow table's parts are ``home_region`` and ``work_region`` (:class:`FlowDimensions`).
    """

    table_id: str
    level: PartLevel
    query: Query

    def to_params(self) -> list[tuple[str, str]]:
        """Return the selection's GET parameters (``valueCodes[Region]``, ``codelist[...]``...).

        The client adds ``lang`` and ``outputFormat`` (:meth:`Query.get_params` does both).
        """
        return [(k, v) for k, v in self.query.get_params("no") if k not in ("lang", "outputFormat")]

    def url(self, base_url: str = SSB_API_BASE, lang: str = "no") -> str:
        """Return the GET URL of this part against PxWebApi 2 at ``base_url``."""
        return f"{base_url}tables/{self.table_id}/data?{encode_params(self.query.get_params(lang))}"

    def as_dict(self) -> dict[str, Any]:
        """Return the part as JSON-ready data for a snapshot's provenance ``query`` list."""
        return {"level": self.level, "selection": self.query.to_dict()}


@dataclass(frozen=True)
class TableQuery:
    """A table's default query for one analysed municipality: one :class:`QueryPart` per level."""

    table_id: str
    kommune: str
    neighbours: tuple[str, ...]
    parts: tuple[QueryPart, ...]

    def part(self, level: PartLevel) -> QueryPart:
        """Return the part for ``level``."""
        for part in self.parts:
            if part.level == level:
                return part
        raise KeyError(f"Spørringen mot tabell {self.table_id} har ingen del for {level!r}.")


def table_ids() -> list[str]:
    """Return the ids of all tables in the catalogue, sorted."""
    files = _tables_dir().iterdir()
    return sorted(f.name.removesuffix(".yaml") for f in files if f.name.endswith(".yaml"))


def _tables_dir() -> Traversable:
    return resources.files("naering_analysis") / "data" / "tables"


def load_table(table_id: str) -> TableSpec:
    """Load and validate the catalogue entry for ``table_id`` (e.g. ``"13470"``).

    The package's table file comes first; a user's override ``katalog/<id>.yaml`` under the
    project root (written by ``naering sjekk --rett``, see :mod:`.override`) is applied on top of
    it, and the result is validated as one table. The package file is never changed.

    Raises
    ------
    UnknownCodeError
        If the catalogue has no such table.
    CatalogueError
        If the table's YAML file or the user's override is malformed or inconsistent.
    """
    path = override_path(table_id) if table_id in table_ids() else None
    text = path.read_text("utf-8") if path is not None and path.is_file() else None
    return _load_table(table_id, str(path) if text is not None else "", text)


def load_package_table(table_id: str) -> TableSpec:
    """Load ``table_id`` from the package's own table file, without the user's override."""
    return _load_table(table_id, "", None)


def package_text(table_id: str) -> str:
    """Return the text of the package's table file for ``table_id``."""
    return _tables_dir().joinpath(f"{table_id}.yaml").read_text("utf-8")


def override_in_use(table_id: str) -> Path | None:
    """Return the user's override file for ``table_id`` when there is one."""
    path = override_path(table_id)
    return path if path.is_file() else None


@cache
def _load_table(table_id: str, override_file: str, override_text: str | None) -> TableSpec:
    known = table_ids()
    if table_id not in known:
        raise UnknownCodeError(
            f"Tabell {table_id!r} finnes ikke i tabellkatalogen (src/naering_analysis/data/tables/"
            f"); kjente tabeller: {', '.join(known)}. Legg til en <id>.yaml der for nye tabeller."
        )
    where = f"data/tables/{table_id}.yaml"
    text = package_text(table_id)
    try:
        raw = load_yaml(text)
        if override_text is not None:
            shown_file = shown(Path(override_file))
            try:
                doc = parse_override(override_text, table_id, shown_file)
                raw = apply_changes(raw, doc.get("changes") or {}, shown_file)
            except OverrideError as exc:
                raise CatalogueError(str(exc)) from exc
            where = f"{where} med overstyringen {shown_file}"
        spec = TableSpec.model_validate(raw)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{where} er ikke gyldig YAML: {exc}. Rett fila.") from exc
    except ValidationError as exc:
        raise CatalogueError(f"{where} er ugyldig: {exc}. Rett feltene som er nevnt.") from exc
    if spec.id != table_id:
        raise CatalogueError(f"{where} sier id {spec.id!r}; fila må hete {spec.id}.yaml.")
    return spec


def all_tables() -> tuple[TableSpec, ...]:
    """Return every table in the catalogue, sorted by id."""
    return tuple(load_table(table_id) for table_id in table_ids())


def municipality_code(code: str, where: str = "kommune") -> str:
    """Return the current four-digit code of a Norwegian municipality code.

    Accepts ``"3105"``, ``"K-3105"``, ``"K.3105"`` and pre-reform codes (``"3003"``, ``"0105"``
    give ``"3105"``); a four-digit code in a current county passes through (see
    :func:`naering_analysis.reference.regions.harmonise_code`).

    >>> municipality_code("3003"), municipality_code("K-4601"), municipality_code("K.3105")
    ('3105', '4601', '3105')

    Raises
    ------
    UnknownCodeError
        If ``code`` is not four digits or not a known or plausible current municipality.
    """
    text = code.strip() if isinstance(code, str) else code
    digits = re.sub(r"^K[-.]", "", text) if isinstance(text, str) else ""
    if not (len(digits) == 4 and digits.isdigit()):
        raise UnknownCodeError(
            f"{where}={code!r} er ikke et kommunenummer: skriv fire sifre som tekst, f.eks. "
            '"3105" for Sarpsborg (2024-nummereringen).'
        )
    try:
        current = harmonise_code(digits)
    except UnknownCodeError as exc:
        raise UnknownCodeError(f"{where}={code!r} er ikke en kjent kommune. {exc}") from exc
    if region_level(current) != "municipality":
        raise UnknownCodeError(f"{where}={code!r} er ikke en kommune (gir regionkoden {current}).")
    return current


@cache
def county_municipalities(kommune: str) -> list[str]:
    """Return the current municipalities of ``kommune``'s county, in code order.

    They come from today's division (``data/current_municipalities.csv``).

    >>> county_municipalities("3105")[:4], len(county_municipalities("3105"))
    (['3101', '3103', '3105', '3107'], 12)
    >>> len(county_municipalities("4601"))
    43
    """
    division = current_division()
    return list(division.members(division.county(kommune)))


def default_neighbours(kommune: str) -> list[str]:
    """Return the other members of the first municipality group holding ``kommune``.

    The groups are ``data/region_groups.yaml`` (Søndre Østfold for 3105); none gives [].

    >>> default_neighbours("3105")
    ['3107', '3101', '3110', '3120']
    """
    for group in region_groups().values():
        codes = list(group.codes)
        if kommune in codes and len(codes) > 1 and region_level(codes[0]) == "municipality":
            return [code for code in codes if code != kommune]
    return []
