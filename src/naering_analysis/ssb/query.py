"""PxWebApi 2 data queries: one :class:`Selection` per dimension, sent by GET or POST.

A :class:`Query` maps dimension codes to a :class:`Selection` (``valueCodes`` and an optional
``codelist``) and renders itself as GET parameters
(``valueCodes[Region]=K-3105&codelist[Region]=agg_KommSummer&...``) or as the PxWebApi 2 POST
body (``{"selection": [{"variableCode", "codelist", "valueCodes"}]}``).

``outputValues`` is not sent: PxWebApi 2 dropped it in February 2025, and a codelist itself
decides whether it returns groups or single values. A value code repeated in one selection makes
SSB answer 500 with an empty body, so repeats are removed here. Expressions with a comma
(``range(2020,2022)``, ``top(3,1)``) are wrapped in brackets in GET (``[range(2020,2022)]``),
since a bare comma separates codes there. An expression with a space (``top(2, 1)``) is refused
before it is sent: SSB answers it with "Illegal selection expression".
Counting the cells and splitting a query live in :mod:`naering_analysis.ssb.cells`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from naering_analysis.errors import SSBQueryError

_EXPRESSION = re.compile(r"^(?i:top|bottom|range|from|to)\([^()\[\],\s]*(?:,[^()\[\],\s]*)?\)$")
"""A selection expression, possibly with one comma inside its parentheses (no spaces)."""
_ANY_EXPRESSION = re.compile(r"(?i)^(top|bottom|range|from|to)\s*\(.*\)$")


def _unbracket(code: str) -> str:
    """Return ``code`` without the GET brackets (``[range(a,b)]`` → ``range(a,b)``)."""
    text = code.strip()
    if text.startswith("[") and text.endswith("]"):
        return text[1:-1].strip()
    return text


@dataclass(frozen=True)
class Selection:
    """What to fetch for one dimension: ``valueCodes`` and, optionally, a codelist.

    Repeated codes are dropped (first occurrence kept), because SSB answers a repeat with
    HTTP 500 and an empty body. A comma is only allowed inside an expression such as
    ``range(2020,2022)``.

    >>> Selection(("K-3105", "K-3105", "K-3107"), "agg_KommSummer").value_codes
    ('K-3105', 'K-3107')
    """

    value_codes: tuple[str, ...]
    codelist: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.value_codes, tuple) or not all(
            isinstance(c, str) for c in self.value_codes
        ):
            raise SSBQueryError(
                f"valueCodes må være en liste med koder (tekst), fikk {self.value_codes!r}. "
                "Eksempel: ['K-3105', 'K-3107'] eller ['*']."
            )
        codes = tuple(dict.fromkeys(_unbracket(c) for c in self.value_codes))
        spaced = [c for c in codes if _ANY_EXPRESSION.match(c.strip()) and re.search(r"\s", c)]
        if spaced:
            tight = re.sub(r"\s+", "", spaced[0])
            raise SSBQueryError(
                f"Uttrykket {spaced[0]!r} har mellomrom, og SSB avviser det («Illegal selection "
                f"expression»). Skriv det uten mellomrom: {tight!r}."
            )
        bad = [c for c in codes if not c or ("," in c and not _EXPRESSION.match(c))]
        if not codes or bad:
            raise SSBQueryError(
                f"valueCodes må være en ikke-tom liste med koder uten komma, fikk "
                f"{list(self.value_codes)!r}. Komma er bare lov inne i et uttrykk som "
                "range(2020,2022). Eksempel: ['K-3105', 'K-3107'] eller ['*']."
            )
        if self.codelist is not None and (not isinstance(self.codelist, str) or not self.codelist):
            raise SSBQueryError(
                f"codelist må være en kodeliste-id (tekst), fikk {self.codelist!r}."
            )
        object.__setattr__(self, "value_codes", codes)


@dataclass(frozen=True)
class Query:
    """A PxWebApi 2 data query: ``(dimension, Selection)`` pairs in the order given.

    Dimensions left out are eliminated (SSB sums over them), which only eliminable ones allow.

    Examples
    --------
    >>> q = Query.from_dict({"Region": {"valueCodes": ["K-3105"], "codelist": "agg_KommSummer"},
    ...                      "Tid": "range(2020,2022)"})
    >>> q.get_params("no")[2:]
    [('valueCodes[Region]', 'K-3105'), ('codelist[Region]', 'agg_KommSummer'), \
('valueCodes[Tid]', '[range(2020,2022)]')]
    """

    selections: tuple[tuple[str, Selection], ...]

    def __post_init__(self) -> None:
        names = [name for name, _ in self.selections]
        if len(set(names)) != len(names):
            raise SSBQueryError(f"Spørringen nevner samme dimensjon flere ganger: {names}.")

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any]) -> Query:
        """Build a query from ``{dim: codes}`` in the order given.

        ``codes`` is a list, a comma-separated string, or ``{"valueCodes": [...], "codelist": ...}``.
        ``outputValues`` is refused: PxWebApi 2 no longer has it.
        """
        pairs = []
        for dim, raw in spec.items():
            if isinstance(raw, Mapping):
                if "outputValues" in raw:
                    raise SSBQueryError(
                        f"outputValues for dimensjonen {dim!r} finnes ikke lenger i PxWebApi 2 "
                        "(fjernet i februar 2025): kodelisten bestemmer selv om den gir grupper "
                        "eller enkeltverdier. Fjern outputValues."
                    )
                unknown = set(raw) - {"valueCodes", "codelist", "codeList"}
                if unknown:
                    raise SSBQueryError(
                        f"Ukjente nøkler {sorted(unknown)} for dimensjonen {dim!r}; bruk "
                        "valueCodes og codelist."
                    )
                codes = raw.get("valueCodes", ())
                codelist = raw.get("codelist", raw.get("codeList"))
                selection = Selection(_codes(codes), codelist)
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
            out[dim] = entry
        return out

    def selection(self, dim: str) -> Selection | None:
        """Return the selection for ``dim``, or None when the dimension is eliminated."""
        return dict(self.selections).get(dim)

    def with_value_codes(self, dim: str, codes: Sequence[str]) -> Query:
        """Return a copy where ``dim`` selects exactly ``codes`` (the codelist kept)."""
        return Query(
            tuple(
                (name, Selection(tuple(codes), sel.codelist) if name == dim else sel)
                for name, sel in self.selections
            )
        )

    def get_params(self, lang: str) -> list[tuple[str, str]]:
        """Return the GET query parameters, in a stable order."""
        params = [("lang", lang), ("outputFormat", "json-stat2")]
        for dim, sel in self.selections:
            codes = (f"[{c}]" if "," in c else c for c in sel.value_codes)
            params.append((f"valueCodes[{dim}]", ",".join(codes)))
            if sel.codelist is not None:
                params.append((f"codelist[{dim}]", sel.codelist))
        return params

    def post_body(self) -> dict[str, Any]:
        """Return the POST body (PxWebApi 2 ``VariablesSelection``; the key is ``codelist``)."""
        selection = []
        for dim, sel in self.selections:
            entry: dict[str, Any] = {"variableCode": dim}
            if sel.codelist is not None:
                entry["codelist"] = sel.codelist
            entry["valueCodes"] = list(sel.value_codes)
            selection.append(entry)
        return {"selection": selection}


def split_codes(text: str) -> tuple[str, ...]:
    """Split a comma-separated selection, keeping commas inside brackets or parentheses.

    >>> split_codes("2019,[range(2020,2022)],top(2,1)")
    ('2019', 'range(2020,2022)', 'top(2,1)')
    """
    parts, depth, current = [], 0, ""
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return tuple(_unbracket(part) for part in parts)


def _codes(raw: Any) -> tuple[str, ...]:
    """Return value codes from a list or a comma-separated string."""
    if isinstance(raw, str):
        return split_codes(raw)
    if isinstance(raw, Iterable):
        return tuple(raw)
    raise SSBQueryError(f"valueCodes må være en liste eller tekst, fikk {raw!r}.")


def encode_params(params: Sequence[tuple[str, str]]) -> str:
    """Percent-encode GET parameters, keeping ``[]``, ``,``, ``*`` and ``()`` readable.

    >>> encode_params([("valueCodes[Sektor]", "A+B+D+E.0-1+9,6100")])
    'valueCodes[Sektor]=A%2BB%2BD%2BE.0-1%2B9,6100'
    """
    return "&".join(f"{quote(k, safe='[]')}={quote(v, safe=',*()[]')}" for k, v in params)
