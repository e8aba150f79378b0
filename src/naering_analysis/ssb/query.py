"""PxWebApi 2 data queries: one :class:`Selection` per dimension, sent by GET or POST.

A :class:`Query` maps dimension codes to a :class:`Selection` (``valueCodes``, optional
``codelist`` and ``outputValues``) and renders itself as GET parameters
(``valueCodes[Region]=K-3105&codelist[Region]=agg_KommSummer&...``) or as the PxWebApi 2 POST
body (``{"selection": [{"variableCode", "codeList", "outputValues", "valueCodes"}]}``).
Counting the cells and splitting a query live in :mod:`naering_analysis.ssb.cells`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from naering_analysis.errors import SSBQueryError

OUTPUT_VALUES = ("aggregated", "single")


@dataclass(frozen=True)
class Selection:
    """What to fetch for one dimension: ``valueCodes`` and, optionally, a codelist.

    ``output_values`` is ``"aggregated"`` (one value per codelist group, SSB's default) or
    ``"single"`` (the table's own codes inside the selected groups).
    """

    value_codes: tuple[str, ...]
    codelist: str | None = None
    output_values: str | None = None

    def __post_init__(self) -> None:
        bad = [c for c in self.value_codes if not isinstance(c, str) or not c.strip() or "," in c]
        if not self.value_codes or bad:
            raise SSBQueryError(
                f"valueCodes må være en ikke-tom liste med koder uten komma, fikk "
                f"{list(self.value_codes)!r}. Eksempel: ['K-3105', 'K-3107'] eller ['*']."
            )
        if self.output_values not in (None, *OUTPUT_VALUES):
            raise SSBQueryError(
                f"outputValues må være 'aggregated' eller 'single', fikk {self.output_values!r}."
            )
        if self.output_values is not None and self.codelist is None:
            raise SSBQueryError(
                f"outputValues={self.output_values!r} gir bare mening sammen med en codelist; "
                "angi codelist (f.eks. 'agg_KommSummer') eller fjern outputValues."
            )


@dataclass(frozen=True)
class Query:
    """A PxWebApi 2 data query: ``(dimension, Selection)`` pairs in the order given.

    Dimensions left out are eliminated (SSB sums over them), which only eliminable ones allow.

    Examples
    --------
    >>> q = Query.from_dict({"Region": {"valueCodes": ["K-3105"], "codelist": "agg_KommSummer",
    ...                                 "outputValues": "aggregated"}, "Tid": "top(2)"})
    >>> q.get_params("no")[2:]
    [('valueCodes[Region]', 'K-3105'), ('codelist[Region]', 'agg_KommSummer'), \
('outputValues[Region]', 'aggregated'), ('valueCodes[Tid]', 'top(2)')]
    """

    selections: tuple[tuple[str, Selection], ...]

    def __post_init__(self) -> None:
        names = [name for name, _ in self.selections]
        if len(set(names)) != len(names):
            raise SSBQueryError(f"Spørringen nevner samme dimensjon flere ganger: {names}.")

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any]) -> Query:
        """Build a query from ``{dim: codes}`` in the order given.

        ``codes`` is a list, a comma-separated string, or
        ``{"valueCodes": [...], "codelist": ..., "outputValues": ...}``.
        """
        pairs = []
        for dim, raw in spec.items():
            if isinstance(raw, Mapping):
                unknown = set(raw) - {"valueCodes", "codelist", "codeList", "outputValues"}
                if unknown:
                    raise SSBQueryError(
                        f"Ukjente nøkler {sorted(unknown)} for dimensjonen {dim!r}; bruk "
                        "valueCodes, codelist og outputValues."
                    )
                codes = raw.get("valueCodes", ())
                codelist = raw.get("codelist", raw.get("codeList"))
                selection = Selection(_codes(codes), codelist, raw.get("outputValues"))
            else:
                selection = Selection(_codes(raw))
            pairs.append((str(dim), selection))
        return cls(tuple(pairs))

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """Return the query as plain JSON-ready data (for provenance files)."""
        out: dict[str, dict[str, Any]] = {}
        for dim, sel in self.selections:
            entry: dict[str, Any] = {"valueCodes": list(sel.value_codes)}
            if sel.codelist is not None:
                entry["codelist"] = sel.codelist
            if sel.output_values is not None:
                entry["outputValues"] = sel.output_values
            out[dim] = entry
        return out

    def selection(self, dim: str) -> Selection | None:
        """Return the selection for ``dim``, or None when the dimension is eliminated."""
        return dict(self.selections).get(dim)

    def with_value_codes(self, dim: str, codes: Sequence[str]) -> Query:
        """Return a copy where ``dim`` selects exactly ``codes`` (codelist settings kept)."""
        return Query(
            tuple(
                (
                    name,
                    Selection(tuple(codes), sel.codelist, sel.output_values)
                    if name == dim
                    else sel,
                )
                for name, sel in self.selections
            )
        )

    def get_params(self, lang: str) -> list[tuple[str, str]]:
        """Return the GET query parameters, in a stable order."""
        params = [("lang", lang), ("outputFormat", "json-stat2")]
        for dim, sel in self.selections:
            params.append((f"valueCodes[{dim}]", ",".join(sel.value_codes)))
            if sel.codelist is not None:
                params.append((f"codelist[{dim}]", sel.codelist))
            if sel.output_values is not None:
                params.append((f"outputValues[{dim}]", sel.output_values))
        return params

    def post_body(self) -> dict[str, Any]:
        """Return the POST body (PxWebApi 2 ``VariablesSelection``)."""
        selection = []
        for dim, sel in self.selections:
            entry: dict[str, Any] = {"variableCode": dim}
            if sel.codelist is not None:
                entry["codeList"] = sel.codelist
            if sel.output_values is not None:
                entry["outputValues"] = sel.output_values
            entry["valueCodes"] = list(sel.value_codes)
            selection.append(entry)
        return {"selection": selection}


def _codes(raw: Any) -> tuple[str, ...]:
    """Return value codes from a list or a comma-separated string."""
    if isinstance(raw, str):
        return tuple(part.strip() for part in raw.split(","))
    if isinstance(raw, Iterable):
        return tuple(raw)
    raise SSBQueryError(f"valueCodes må være en liste eller tekst, fikk {raw!r}.")


def encode_params(params: Sequence[tuple[str, str]]) -> str:
    """Percent-encode GET parameters, keeping ``[]``, ``,``, ``*`` and ``()`` readable.

    >>> encode_params([("valueCodes[Sektor]", "A+B+D+E.0-1+9,6100")])
    'valueCodes[Sektor]=A%2BB%2BD%2BE.0-1%2B9,6100'
    """
    return "&".join(f"{quote(k, safe='[]')}={quote(v, safe=',*()')}" for k, v in params)
