"""A fake PxWebApi 2 that behaves like SSB's, built from the committed demo snapshot.

Used by the tests of ``naering fetch``, ``naering sjekk`` and the rollover (pytest-httpserver).
What it does, as SSB does today (see the table YAML ``confirmed`` notes for the sources):

- ``GET tables/{id}/metadata``: JSON-stat 2.0 with ``value: []`` and, per dimension,
  ``extension.elimination`` and ``extension.codelists`` (``id``, ``label``, ``type``, ``links``);
  an unknown table is a 404 problem document.
- ``GET codelists/{id}``: the codelist with ``values`` (``code``, ``label``, ``valueMap``).
- ``GET`` and ``POST tables/{id}/data``: the demo's recorded answer for the query part, picked by
  ``codelist[Region]`` and ``valueCodes[Region]`` (POST: the ``selection`` list, key
  ``codelist``); a flow table (03321) by the codes at both ends (:func:`flow_key`).
  ``outputValues`` is ignored. Problems are 400 documents whose diagnosis is in
  ``title`` ("Non-existent variable", "Missing selection for mandantory variable", ...); a
  repeated value code gives 500 with an empty body; a GET URL over 2,100 characters gives 404;
  an unknown table's ``/data`` gives 400 "Non-existent table" with ``status: 404`` in the body.
  "Illegal selection expression" answers a bare comma inside an expression in GET, an
  expression with a space (``top(2, 1)``), and ``from()``/``to()`` of a code that does not exist.
- ``GET tables?query=...&lang=no``: SSB's table search, a listing ``{"language", "tables",
  "page"}`` whose hits (``id``, ``label``, ``updated``, ``firstPeriod``, ``lastPeriod``,
  ``variableNames``, ``discontinued``) hold every query word in the title or a variable name.
  It lists the catalogue's tables and :data:`SN2025_LISTING`, a synthetic SN2025 successor.
- Every answer carries ``x-ratelimit-limit`` and ``x-ratelimit-remaining``; past the limit in a
  60 s window (on the test's fake clock) it answers 429 without ``Retry-After``.

Tests change what it says with :meth:`FakeSSB.add_code`, :meth:`FakeSSB.rename_codelist` and
friends (:meth:`FakeSSB.offer_codelist` offers another codelist, e.g. one set to display single
values, :meth:`FakeSSB.withdraw_codelist` stops offering one, :meth:`FakeSSB.reorder` makes a table answer in another dimension order, as a table whose
own order differs from the catalogue's does, :meth:`FakeSSB.set_updated` dates a table's
metadata, as a table SSB stopped updating has), or queue raw faults with :meth:`FakeSSB.fail` (per query part) and
:attr:`FakeSSB.next_faults` (any data request).
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from werkzeug import Request, Response

from naering_analysis.ssb.catalogue import load_table, table_ids
from naering_analysis.ssb.combine import dumps_dataset

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "data" / "raw" / "ssb"
DEMO_LABEL = "2026-11-26"
SSB_BASE = "https://data.ssb.no/api/pxwebapi/v2/"
API = "/api/pxwebapi/v2/"
JSON = "application/json; charset=UTF-8"
PROBLEM = "application/problem+json"
MAX_URL = 2_100
TABLES = tuple(table_ids())  # every catalogue table, from its committed demo snapshot
ELIMINATED = {"Kjonn": ["1", "2"], "Alder": [f"{age:03d}" for age in range(105)] + ["105+"]}
Fault = tuple[int, bytes, dict[str, str]]
SN2025_LISTING = {
    "type": "Table",
    "id": "99925",
    "label": "99925: Sysselsatte etter arbeidssted og næring (SN2025) (syntetisk testtabell)",
    "description": "",
    "updated": "2026-03-01T08:00:00Z",
    "firstPeriod": "2025",
    "lastPeriod": "2025",
    "category": "public",
    "variableNames": ["region", "næring (SN2025)", "statistikkvariabel", "år"],
    "discontinued": None,
}


def demo_folder(table: str) -> Path:
    """Return the committed demo snapshot folder of ``table``."""
    return DEMO / table / DEMO_LABEL


def table_code(region_code: str) -> str:
    """Return the table's own code for a codelist code: ``K-3105``/``K.3105`` → ``3105``."""
    return re.sub(r"^[KF][-.]", "", region_code)


def flow_key(home: str, at_home: list[str], work: str, at_work: list[str]) -> str:
    """Return the key of a flow table's part: the codes asked for at both ends."""
    return f"{home}={','.join(at_home)};{work}={','.join(at_work)}"


def codelist_link(codelist: str) -> dict[str, Any]:
    """Return a codelist entry of a metadata dimension's ``extension.codelists``."""
    href = f"{SSB_BASE}codelists/{codelist}?lang=no"
    kind = "Aggregation" if codelist.startswith("agg_") else "Valueset"
    return {
        "id": codelist,
        "label": codelist,
        "type": kind,
        "links": [{"rel": "metadata", "hreflang": "no", "href": href}],
    }


def _category(codes: list[str], labels: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "index": {code: i for i, code in enumerate(codes)},
        "label": {code: (labels or {}).get(code, code) for code in codes},
    }


def _split_get(raw: str) -> list[str]:
    """Split a GET ``valueCodes`` value as SSB does: on every comma outside ``[...]``."""
    parts = re.findall(r"\[[^\]]*\]|[^,\[]+", raw)
    return [part[1:-1] if part.startswith("[") else part for part in parts]


def reordered(doc: dict[str, Any], order: list[str]) -> dict[str, Any]:
    """Return a JSON-stat dataset with its dimensions in ``order``, every value moved along."""
    ids, sizes = list(doc["id"]), list(doc["size"])
    count = math.prod(sizes)
    values = doc["value"]
    flat = [values.get(str(i)) for i in range(count)] if isinstance(values, dict) else values
    status = doc.get("status")
    if isinstance(status, list):
        status = {str(i): s for i, s in enumerate(status) if s is not None}
    axes = [ids.index(d) for d in order]
    positions = np.arange(count).reshape(sizes).transpose(axes).ravel()
    out = dict(doc)  # assigning existing keys keeps the document's key order
    out["id"], out["size"] = list(order), [sizes[a] for a in axes]
    out["dimension"] = {d: doc["dimension"][d] for d in order}
    out["value"] = [flat[p] for p in positions]
    moved = {
        str(new): status[str(old)]
        for new, old in enumerate(positions)
        if str(old) in (status or {})
    }
    if moved:
        out["status"] = moved
    else:
        out.pop("status", None)
    return out


def nace_members(group: str) -> list[str]:
    """Return the two-digit SN2007 codes of a group code: ``01-03`` → ``01, 02, 03``."""
    if re.fullmatch(r"\d\d-\d\d", group):
        first, last = int(group[:2]), int(group[3:])
        return [f"{code:02d}" for code in range(first, last + 1)]
    return [group]


def single_valued(doc: dict[str, Any], dim: str, members: dict[str, list[str]]) -> dict[str, Any]:
    """Return a JSON-stat dataset with ``dim``'s groups replaced by their member codes.

    What PxWebApi 2 answers through a codelist set to display single values (the PX grouping's
    ``GroupPres``): the members, not the group sums. Each group's count is split over its members
    in whole numbers (the remainder on the first ones), so the members still sum to the group.
    """
    order = list(doc["id"])
    moved = reordered(doc, [*(d for d in order if d != dim), dim])
    groups = list(moved["dimension"][dim]["category"]["index"])
    block = len(groups)
    count = math.prod(moved["size"])
    values = moved["value"]
    flat = [values.get(str(i)) for i in range(count)] if isinstance(values, dict) else values
    codes = [code for group in groups for code in members.get(group, [group])]
    out_values: list[Any] = []
    for start in range(0, count, block):
        for group, value in zip(groups, flat[start : start + block], strict=True):
            parts = members.get(group, [group])
            for i in range(len(parts)):
                share = None if value is None else value // len(parts) + (i < value % len(parts))
                out_values.append(share)
    out = dict(moved)
    out["size"] = [*moved["size"][:-1], len(codes)]
    out["dimension"] = dict(moved["dimension"])
    obj = copy.deepcopy(moved["dimension"][dim])
    obj["category"] = _category(codes)
    out["dimension"][dim] = obj
    out["value"] = out_values
    out.pop("status", None)
    return reordered(out, order)


def problem(status: int, title: str, body_status: int | None = None) -> Response:
    """Return a PxWebApi 2 problem document (diagnosis in ``title``, as SSB sends it)."""
    body = {"type": "Parameter error", "title": title, "status": body_status or status}
    return Response(json.dumps(body), status, content_type=PROBLEM)


class FakeSSB:
    """PxWebApi 2 for the catalogue's tables, answering as the demo snapshot recorded them."""

    def __init__(self, clock: Callable[[], float] = lambda: 0.0, limit: int = 40) -> None:
        self.metadata: dict[str, dict[str, Any]] = {}
        self.parts: dict[tuple[str, str, str], bytes] = {}  # (table, codelist, valueCodes)
        self.levels: dict[tuple[str, str], tuple[str, str]] = {}  # (table, level) → key
        self.codelists: dict[str, dict[str, dict[str, Any]]] = {}  # id → code → value
        self.faults: dict[tuple[str, str, str], list[Fault]] = {}  # (table, codelist, codes)
        self.next_faults: list[Fault] = []
        self.single_values: set[str] = set()  # codelists set to display single values
        self.limit, self.clock = limit, clock
        self._window: tuple[float, int] = (clock(), 0)
        self.posts: list[dict[str, Any]] = []
        self.searches: list[str] = []  # the query of every table search
        self.search_faults: list[Fault] = []  # answers to the next table searches
        self.codelist_faults: list[Fault] = []  # answers to the next codelist requests
        self.flow_tables: dict[str, tuple[str, str]] = {}  # table → (home, work) dimension
        for table in TABLES:
            self._add_table(table)
        self.listing: list[dict[str, Any]] = [
            *(self._listed(table) for table in TABLES),
            copy.deepcopy(SN2025_LISTING),
        ]

    def fresh_copy(self, clock: Callable[[], float]) -> FakeSSB:
        """Return an independent copy on ``clock``, as a new one built at that moment would be.

        Building a FakeSSB parses every recorded answer of the demo (about half a second, and
        over a hundred tests use one); the suite builds one per session that nobody changes and
        gives each test a copy of it (a few milliseconds). The recorded answers are bytes and so
        shared; every other field is copied, so what one test changes no other test sees.
        """
        new = copy.deepcopy(self)
        new.clock = clock
        new._window = (clock(), 0)
        return new

    # --- building ------------------------------------------------------------------------

    def _add_table(self, table: str) -> None:
        spec = load_table(table)
        if spec.flow_dimensions is not None:
            self._add_flow_table(table)
            return
        provenance = json.loads((demo_folder(table) / "provenance.json").read_text("utf-8"))
        docs = []
        region_lists = []
        for path, query in zip(
            sorted((demo_folder(table) / "responses").glob("*.json")),
            provenance["query"],
            strict=True,
        ):
            body = path.read_bytes()
            doc = json.loads(body)
            codelist = query["selection"]["Region"]["codelist"]
            region_lists.append(codelist)
            regions = list(doc["dimension"]["Region"]["category"]["index"])
            self.parts[(table, codelist, ",".join(regions))] = body
            self.levels[(table, query["level"])] = (codelist, ",".join(regions))
            labels = doc["dimension"]["Region"]["category"]["label"]
            values = self.codelists.setdefault(codelist, {})
            values |= {
                c: {"code": c, "label": labels[c], "valueMap": [table_code(c)]} for c in regions
            }
            docs.append(doc)
        self._add_default_parts(table)
        first = docs[0]
        dims: dict[str, Any] = {}
        region_codes = [
            table_code(c) for d in docs for c in d["dimension"]["Region"]["category"]["index"]
        ]
        dims["Region"] = {
            "label": "region",
            "category": _category(region_codes),
            "extension": {
                "elimination": True,
                "show": "value",
                "codelists": [codelist_link(c) for c in region_lists],
            },
        }
        for dim, codes in ELIMINATED.items():
            if dim in spec.eliminated:
                dims[dim] = {
                    "label": dim.lower(),
                    "category": _category(codes),
                    "extension": {"elimination": True},
                }
        for dim in first["id"][1:]:
            obj = copy.deepcopy(first["dimension"][dim])
            if dim == "Tid":  # the table reaches further back than the query's from(...)
                obj["category"] = _category(_periods_back(spec.first_period, obj))
            obj["extension"]["elimination"] = dim not in ("ContentsCode", "Tid")
            dim_list = spec.dimension(dim).codelist
            if dim_list:
                obj["extension"]["codelists"] = [codelist_link(dim_list)]
                codes = list(obj["category"]["index"])
                labels = obj["category"]["label"]
                self.codelists[dim_list] = {
                    c: {"code": c, "label": labels[c], "valueMap": [c]} for c in codes
                }
            dims[dim] = obj
        ids = list(dims)
        self.metadata[table] = {
            **{
                k: first[k]
                for k in ("version", "class", "label", "source", "updated", "note", "role")
            },
            "id": ids,
            "size": [len(dims[d]["category"]["index"]) for d in ids],
            "dimension": dims,
            "extension": first["extension"],
            "value": [],
        }

    def _add_flow_table(self, table: str) -> None:
        """Serve a flow table (03321): two region dimensions, one recorded answer per part.

        A part is keyed by its codelist and ``flow_key`` of the codes at both ends; the
        metadata lists every code either end was asked for, with the codelist on both.
        """
        spec = load_table(table)
        home, work = spec.geo_dimensions
        self.flow_tables[table] = (home, work)
        provenance = json.loads((demo_folder(table) / "provenance.json").read_text("utf-8"))
        docs = []
        for path, query in zip(
            sorted((demo_folder(table) / "responses").glob("*.json")),
            provenance["query"],
            strict=True,
        ):
            body = path.read_bytes()
            doc = json.loads(body)
            codelist = query["selection"][home]["codelist"]
            ends = {dim: list(doc["dimension"][dim]["category"]["index"]) for dim in (home, work)}
            key = flow_key(home, ends[home], work, ends[work])
            self.parts[(table, codelist, key)] = body
            self.levels[(table, query["level"])] = (codelist, key)
            values = self.codelists.setdefault(codelist, {})
            for dim in (home, work):
                labels = doc["dimension"][dim]["category"]["label"]
                values |= {
                    c: {"code": c, "label": labels[c], "valueMap": [table_code(c)]}
                    for c in ends[dim]
                }
            docs.append((doc, codelist))
        first = docs[0][0]
        dims: dict[str, Any] = {}
        for dim in first["id"]:
            obj = copy.deepcopy(first["dimension"][dim])
            if dim in (home, work):
                codes = [
                    table_code(c) for d, _ in docs for c in d["dimension"][dim]["category"]["index"]
                ]
                obj["category"] = _category(list(dict.fromkeys(codes)))
                obj["extension"] = {
                    "elimination": True,
                    "show": "value",
                    "codelists": [codelist_link(c) for c in dict.fromkeys(cl for _, cl in docs)],
                }
            elif dim == "Tid":
                obj["category"] = _category(_periods_back(spec.first_period, obj))
                obj["extension"]["elimination"] = False
            else:
                obj["extension"]["elimination"] = False
            dims[dim] = obj
        ids = list(dims)
        self.metadata[table] = {
            **{
                k: first[k]
                for k in ("version", "class", "label", "source", "updated", "note", "role")
            },
            "id": ids,
            "size": [len(dims[d]["category"]["index"]) for d in ids],
            "dimension": dims,
            "extension": first["extension"],
            "value": [],
        }

    def _listed(self, table: str) -> dict[str, Any]:
        """Return the table-search hit of a catalogue table, as ``GET tables?query=`` lists it."""
        meta = self.metadata[table]
        years = list(meta["dimension"]["Tid"]["category"]["index"])
        return {
            "type": "Table",
            "id": table,
            "label": meta["label"],
            "description": "",
            "updated": meta["updated"],
            "firstPeriod": years[0],
            "lastPeriod": years[-1],
            "category": "public",
            "variableNames": [meta["dimension"][d]["label"] for d in meta["id"]],
            "discontinued": None,
        }

    # --- what tests change -----------------------------------------------------------------

    def key(self, table: str, level: str) -> tuple[str, str]:
        """Return ``(codelist[Region], valueCodes[Region])`` of a table's query part."""
        return self.levels[(table, level)]

    def replace(self, table: str, level: str, old: bytes, new: bytes) -> None:
        """Make SSB answer one part with ``old`` (found exactly once) replaced by ``new``."""
        key = (table, *self.key(table, level))
        assert self.parts[key].count(old) == 1, f"{old!r} is not unique in {key}"
        self.parts[key] = self.parts[key].replace(old, new)

    def fail(self, table: str, level: str, *faults: Fault) -> None:
        """Make SSB answer one query part with ``faults`` (status, body, headers), in order."""
        self.faults[(table, *self.key(table, level))] = list(faults)

    def answer(self, table: str, level: str, body: bytes) -> None:
        """Make SSB answer one part with ``body`` (status 200)."""
        self.parts[(table, *self.key(table, level))] = body

    def add_code(self, table: str, dim: str, code: str, label: str) -> None:
        """Add a category to a dimension (and to its codelist when the catalogue uses one)."""
        meta = self.metadata[table]
        category = meta["dimension"][dim]["category"]
        category["index"][code] = len(category["index"])
        category["label"][code] = label
        meta["size"][meta["id"].index(dim)] += 1
        codelist = load_table(table).dimension(dim).codelist
        if codelist:
            self.codelists[codelist][code] = {"code": code, "label": label, "valueMap": [code]}

    def remove_code(self, table: str, dim: str, code: str) -> None:
        """Remove a category from a dimension's metadata."""
        meta = self.metadata[table]
        category = meta["dimension"][dim]["category"]
        del category["label"][code]
        codes = [c for c in category["index"] if c != code]
        category["index"] = {c: i for i, c in enumerate(codes)}
        meta["size"][meta["id"].index(dim)] -= 1

    def set_updated(self, table: str, updated: str) -> None:
        """Date a table's metadata ``updated`` (and its search hit), e.g. long ago."""
        self.metadata[table]["updated"] = updated
        for hit in self.listing:
            if hit["id"] == table:
                hit["updated"] = updated

    def rename_codelist(self, table: str, dim: str, old: str, new: str) -> None:
        """Rename a codelist in one table's metadata and answers (other tables keep the old one)."""
        lists = self.metadata[table]["dimension"][dim]["extension"]["codelists"]
        for i, entry in enumerate(lists):
            if entry["id"] == old:
                lists[i] = codelist_link(new)
        self.codelists[new] = copy.deepcopy(self.codelists[old])
        for key in [k for k in self.parts if k[0] == table and k[1] == old]:
            self.parts[(table, new, key[2])] = self.parts.pop(key)
        for key, (codelist, codes) in list(self.levels.items()):
            if key[0] == table and codelist == old:
                self.levels[key] = (new, codes)

    def rename_dimension(self, table: str, old: str, new: str) -> None:
        """Rename a dimension (e.g. NACE2007 → NACE2025) in one table's metadata."""
        meta = self.metadata[table]
        meta["id"] = [new if d == old else d for d in meta["id"]]
        meta["dimension"] = {(new if d == old else d): v for d, v in meta["dimension"].items()}

    def reorder(self, table: str, order: list[str]) -> None:
        """Make a table's metadata and every answer list the dimensions in ``order``.

        Without ``heading``/``stub`` PxWebApi 2 answers in the table's own order (its metadata
        ``id``). ``order`` names every dimension of the metadata; answers keep the ones they have.
        """
        meta = self.metadata[table]
        assert sorted(order) == sorted(meta["id"]), f"{order} is not a reordering of {meta['id']}"
        sizes = dict(zip(meta["id"], meta["size"], strict=True))
        meta["id"], meta["size"] = list(order), [sizes[d] for d in order]
        meta["dimension"] = {d: meta["dimension"][d] for d in order}
        for key, body in self.parts.items():
            if key[0] == table:
                doc = json.loads(body)
                self.parts[key] = dumps_dataset(
                    reordered(doc, [d for d in order if d in doc["id"]])
                )

    def offer_codelist(
        self,
        table: str,
        dim: str,
        codelist: str,
        *,
        like: str | None = None,
        members: Callable[[str], list[str]] | None = None,
        single: bool = False,
    ) -> None:
        """Offer another codelist for ``dim`` in one table's metadata.

        Its values are a copy of ``like`` (default: the catalogue's codelist of ``dim``), each
        ``valueMap`` listing ``members(code)`` when given. With ``single`` the codelist is set
        to display single values: answers through it give the members, not the groups.
        """
        source = self.codelists[like or load_table(table).dimension(dim).codelist or ""]
        self.codelists[codelist] = {
            code: {**value, "valueMap": members(code) if members else list(value["valueMap"])}
            for code, value in source.items()
        }
        dimension = self.metadata[table]["dimension"][dim]
        dimension["extension"].setdefault("codelists", []).append(codelist_link(codelist))
        if single:
            self.single_values.add(codelist)
        if dim == "Region" and like:  # answers through the new list: those of the one it copies
            for key in [k for k in self.parts if k[0] == table and k[1] == like]:
                self.parts.setdefault((table, codelist, key[2]), self.parts[key])

    def withdraw_codelist(self, table: str, dim: str, codelist: str) -> None:
        """Stop offering ``codelist`` for ``dim`` in one table (other tables keep it)."""
        ext = self.metadata[table]["dimension"][dim]["extension"]
        ext["codelists"] = [c for c in ext.get("codelists", []) if c["id"] != codelist]

    def rename_code(self, table: str, dim: str, old: str, new: str) -> None:
        """Rename a category in one table's metadata and in every answer, keeping its label."""
        category = self.metadata[table]["dimension"][dim]["category"]
        category["index"] = {(new if c == old else c): i for c, i in category["index"].items()}
        category["label"] = {(new if c == old else c): v for c, v in category["label"].items()}
        for key, body in self.parts.items():
            if key[0] == table:
                doc = json.loads(body)
                obj = doc["dimension"][dim]["category"]
                obj["index"] = {(new if c == old else c): i for c, i in obj["index"].items()}
                obj["label"] = {(new if c == old else c): v for c, v in obj["label"].items()}
                self.parts[key] = dumps_dataset(doc)

    def _displayed(self, selection: dict[str, tuple[list[str], str]], body: bytes) -> bytes:
        """Answer through a single-values codelist with the members (see :func:`single_valued`)."""
        for dim, (_codes, codelist) in selection.items():
            if codelist in self.single_values:
                members = {c: list(v["valueMap"]) for c, v in self.codelists[codelist].items()}
                body = dumps_dataset(single_valued(json.loads(body), dim, members))
        return body

    def recode(self, codelist: str, pattern: str, replacement: str) -> None:
        """Rewrite a codelist's codes (``K-3105`` → ``K.3105``) with a regular expression."""
        self.codelists[codelist] = {
            re.sub(pattern, replacement, c): {**v, "code": re.sub(pattern, replacement, c)}
            for c, v in self.codelists[codelist].items()
        }

    # --- answering -------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        """Answer one request the way PxWebApi 2 would, with rate-limit headers."""
        now = self.clock()
        start, count = self._window
        if now - start >= 60.0:
            start, count = now, 0
        count += 1
        self._window = (start, count)
        if count > self.limit:
            response = problem(429, "Too many requests")
        else:
            response = self._answer(request)
        response.headers["x-ratelimit-limit"] = str(self.limit)
        response.headers["x-ratelimit-remaining"] = str(max(0, self.limit - count))
        return response

    def _answer(self, request: Request) -> Response:
        path, args = request.path.removeprefix(API), request.args
        if len(request.url) > MAX_URL:
            return Response("", 404)
        if m := re.fullmatch(r"codelists/(\w+)", path):
            if self.codelist_faults:
                status, body, headers = self.codelist_faults.pop(0)
                kind = headers.get("Content-Type", PROBLEM)
                return Response(body, status, headers=headers, content_type=kind)
            if m[1] not in self.codelists or args.get("lang") != "no":
                return problem(404, "Non-existent codelist")
            doc = {
                "id": m[1],
                "label": m[1],
                "language": "no",
                "elimination": False,
                "type": "Aggregation" if m[1].startswith("agg_") else "Valueset",
                "values": list(self.codelists[m[1]].values()),
            }
            return Response(json.dumps(doc, ensure_ascii=False), 200, content_type=JSON)
        if path == "tables":
            return self._search(args)
        m = re.fullmatch(r"tables/(\w+)/(metadata|data)", path)
        if not m:
            return problem(404, "Not found")
        table, what = m[1], m[2]
        if table not in self.metadata:
            return (
                problem(404, "Not found")
                if what == "metadata"
                else problem(400, "Non-existent table", 404)
            )
        if args.get("lang") != "no" or args.get("outputFormat", "json-stat2") != "json-stat2":
            return problem(400, "Parameter error")
        if what == "metadata":
            if request.method != "GET":
                return Response("", 405)
            return Response(
                json.dumps(self.metadata[table], ensure_ascii=False), 200, content_type=JSON
            )
        if request.method not in ("GET", "POST"):
            return Response("", 405)
        return self._data(table, request)

    def _search(self, args: Any) -> Response:
        """Answer ``GET tables?query=``: the hits holding every query word (title or variables)."""
        query = args.get("query", "")
        self.searches.append(query)
        if self.search_faults:
            status, body, headers = self.search_faults.pop(0)
            return Response(body, status, headers=headers, content_type=PROBLEM)
        if args.get("lang") != "no":
            return problem(400, "Parameter error")
        # A Lucene field prefix (``title:Framskrevet``) searches the title; the fake searches both.
        words = [w.removeprefix("title:") for w in query.casefold().split()]
        hits = [
            hit
            for hit in self.listing
            if all(
                word in " ".join([hit["label"], *hit["variableNames"]]).casefold() for word in words
            )
        ]
        size = int(args.get("pageSize", "20"))
        doc = {
            "language": "no",
            "tables": hits[:size],
            "page": {
                "pageNumber": 1,
                "pageSize": size,
                "totalElements": len(hits),
                "totalPages": max(1, math.ceil(len(hits) / size)),
            },
            "links": [],
        }
        return Response(json.dumps(doc, ensure_ascii=False), 200, content_type=JSON)

    def _selection(self, request: Request) -> dict[str, tuple[list[str], str]] | Response:
        """Return ``{variable: (valueCodes, codelist)}`` from GET parameters or a POST body."""
        out: dict[str, tuple[list[str], str]] = {}
        if request.method == "POST":
            body = request.get_json(silent=True) or {}
            self.posts.append(body)
            for entry in body.get("selection") or []:
                # outputValues is ignored, as SSB does since February 2025
                out[entry["variableCode"]] = (
                    list(entry.get("valueCodes") or []),
                    entry.get("codelist") or "",
                )
            return out
        for key in request.args:
            if key.startswith("valueCodes["):
                dim = key[len("valueCodes[") : -1]
                codes = _split_get(request.args[key])
                if any(re.search(r"\([^)]*$|^[^(]*\)", code) for code in codes):
                    return problem(400, "Illegal selection expression")  # a bare comma inside
                out[dim] = (codes, request.args.get(f"codelist[{dim}]", ""))
        return out

    def _data(self, table: str, request: Request) -> Response:
        selection = self._selection(request)
        if isinstance(selection, Response):
            return selection
        meta = self.metadata[table]
        dims = meta["dimension"]
        if set(selection) - set(meta["id"]):
            return problem(400, "Non-existent variable")
        if any(d not in selection and not dims[d]["extension"]["elimination"] for d in meta["id"]):
            return problem(400, "Missing selection for mandantory variable")
        for dim, (codes, codelist) in selection.items():
            if len(codes) != len(set(codes)):
                return Response(b"", 500)  # SSB: a repeated code gives an empty 500
            offered = [c["id"] for c in dims[dim]["extension"].get("codelists", [])]
            if codelist and codelist not in offered:
                return problem(400, "Non-existent codelist")
            if self._illegal(table, dim, codes, codelist):
                return problem(400, "Illegal selection expression")
        if table in self.flow_tables:
            home, work = self.flow_tables[table]
            (at_home, home_list), (at_work, _) = (
                selection.get(home, ([], "")),
                selection.get(work, ([], "")),
            )
            region, region_list = [], home_list
            key = (home_list, flow_key(home, at_home, work, at_work))
        else:
            region, region_list = selection.get("Region", ([], ""))
            key = (region_list, ",".join(region))
        if self.next_faults:
            status, body, headers = self.next_faults.pop(0)
            return Response(body, status, headers=headers, content_type=PROBLEM)
        if self.faults.get((table, *key)):
            status, body, headers = self.faults[(table, *key)].pop(0)
            return Response(body, status, headers=headers, content_type=PROBLEM)
        if (table, *key) in self.parts:
            body = self.parts[(table, *key)]
        elif table in self.flow_tables:
            return problem(400, "Non-existent value")  # only the recorded parts are served
        else:
            sliced = self._subset(table, region_list, region)
            if sliced is None:
                return problem(400, "Non-existent value")
            body = sliced
        return Response(self._displayed(selection, body), 200, content_type=JSON)

    def _illegal(self, table: str, dim: str, codes: list[str], codelist: str) -> bool:
        """Return True for what SSB calls an illegal selection expression.

        An expression with a space in it (``top(2, 1)``), or ``from()``/``to()`` of a code the
        dimension (or its codelist) does not have.
        """
        known = (
            list(self.codelists.get(codelist, {}))
            if codelist
            else list(self.metadata[table]["dimension"][dim]["category"]["index"])
        )
        for code in codes:
            expression = re.fullmatch(r"(?i)(top|bottom|range|from|to)\s*\((.*)\)", code)
            if expression and re.search(r"\s", code):
                return True
            anchored = expression and expression[1].lower() in ("from", "to")
            if anchored and expression[2] not in known:
                return True
        return False

    def _add_default_parts(self, table: str) -> None:
        """Record the answers to the default query too (the demo holds the national one).

        The demo answers ``naering fetch --alle-kommuner``; a plain ``naering fetch`` asks for
        the kommune's comparison regions only. Its answers are cut from the recorded ones, and
        :meth:`key`, :meth:`replace` and :meth:`fail` refer to them, so a test that changes "the
        municipality part" changes what a plain fetch receives.
        """
        for part in load_table(table).query("3105").parts:
            selection = part.query.to_dict()["Region"]
            codelist, codes = selection["codelist"], list(selection["valueCodes"])
            key = (table, codelist, ",".join(codes))
            if key not in self.parts:
                sliced = self._subset(table, codelist, codes)
                if sliced is None:
                    continue
                self.parts[key] = sliced
            self.levels[(table, part.level)] = (codelist, ",".join(codes))

    def _subset(self, table: str, codelist: str, wanted: list[str]) -> bytes | None:
        """Answer a request for some of a recorded part's regions, as SSB would.

        The demo records ``naering fetch --alle-kommuner`` (every municipality); the default
        fetch asks for fewer, in its own order. None if a code is not in any recorded part.
        """
        for (rec_table, rec_list, rec_regions), body in self.parts.items():
            recorded = rec_regions.split(",")
            if rec_table != table or rec_list != codelist or not set(wanted) <= set(recorded):
                continue
            doc = json.loads(body)
            order = list(doc["id"])
            if order[0] != "Region":  # the table's own order: slice Region-first, then put back
                doc = reordered(doc, ["Region", *(d for d in order if d != "Region")])
            block = 1
            for size in doc["size"][1:]:
                block *= size
            status = doc.get("status") or {}
            values, symbols = [], {}
            for code in wanted:
                start = recorded.index(code) * block
                for offset in range(block):
                    if str(start + offset) in status:
                        symbols[str(len(values))] = status[str(start + offset)]
                    values.append(doc["value"][start + offset])
            region = doc["dimension"]["Region"]["category"]
            region["index"] = {code: i for i, code in enumerate(wanted)}
            region["label"] = {code: region["label"][code] for code in wanted}
            doc["size"][0], doc["value"] = len(wanted), values
            if symbols:
                doc["status"] = symbols
            else:
                doc.pop("status", None)
            return dumps_dataset(reordered(doc, order) if order[0] != "Region" else doc)
        return None


def sn2025_dataset(
    jobs: dict[str, int], region: str = "3105", year: str = "2025"
) -> dict[str, Any]:
    """A small SN2025 table as SSB writes one: ``NACE2025`` two-digit codes, ``_T`` and ``zz5``.

    ``jobs`` maps each SN2025 code (``_T`` the total, ``zz5`` unknown) to the number of jobs in
    ``region`` in ``year``; the dimensions follow SSB's SN2025 tables (janbrus/pxwebapi-skills,
    ``references/codelists-and-filters.md``): Region, NACE2025, ContentsCode, Tid.
    """
    codes = list(jobs)
    dims = {
        "Region": {"label": "region", "category": _category([region], {region: region})},
        "NACE2025": {
            "label": "næring (SN2025)",
            "category": _category(codes, {c: c for c in codes}),
            "extension": {"elimination": True},
        },
        "ContentsCode": {
            "label": "statistikkvariabel",
            "category": _category(["SysselsatteArb"], {"SysselsatteArb": "Sysselsatte"}),
            "extension": {"elimination": False},
        },
        "Tid": {"label": "år", "category": _category([year]), "extension": {"elimination": False}},
    }
    dims["Region"]["extension"] = {"elimination": True}
    ids = list(dims)
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "99925: Sysselsatte etter arbeidssted og næring (SN2025) (syntetisk testtabell)",
        "source": "Statistisk sentralbyrå",
        "updated": f"{int(year) + 1}-03-01T08:00:00Z",
        "id": ids,
        "size": [len(dims[d]["category"]["index"]) for d in ids],
        "dimension": dims,
        "role": {"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
        "extension": {"px": {"tableid": "99925"}},
        "value": [jobs[c] for c in codes],
    }


def add_document_table(fake: FakeSSB, table: str, doc: dict[str, Any]) -> None:
    """Serve ``doc`` as table ``table``: its metadata, and the whole of it for a query of its region.

    For tables outside the catalogue (an SN2025 table before the catalogue knows it).
    """
    meta = copy.deepcopy(doc)
    meta["value"] = []
    fake.metadata[table] = meta
    regions = list(doc["dimension"]["Region"]["category"]["index"])
    fake.parts[(table, "", ",".join(regions))] = json.dumps(doc, ensure_ascii=False).encode()


def _periods_back(first: str, obj: dict) -> list[str]:
    """Every period from ``first`` to the snapshot's last: years, quarters (``1997K4``) or months
    (``2009M01``)."""
    codes = list(obj["category"]["index"])
    if all(code.isdigit() for code in codes):
        return [str(y) for y in range(int(first), max(map(int, codes)) + 1)]
    last = max(codes)
    if "M" in first:
        months = []
        year, month = int(first[:4]), int(first[-2:])
        while f"{year}M{month:02d}" <= last:
            months.append(f"{year}M{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months
    year, quarter = int(first[:4]), int(first[-1])
    out = []
    while f"{year}K{quarter}" <= last:
        out.append(f"{year}K{quarter}")
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return out


def with_category(doc: dict[str, Any], dim: str, code: str, label: str) -> dict[str, Any]:
    """Return a JSON-stat dataset with one more category ``code`` last in ``dim``.

    Its cells copy those of ``dim``'s first category, so the answer stays well-formed: what
    SSB would send with a new region, industry, content code or year nobody asked for.
    """
    order = list(doc["id"])
    moved = reordered(doc, [dim, *(d for d in order if d != dim)])
    index = moved["dimension"][dim]["category"]["index"]
    codes = sorted(index, key=index.get) if isinstance(index, dict) else list(index)
    assert code not in codes, f"{code} is already a category of {dim}"
    block = math.prod(moved["size"][1:])
    status = moved.get("status") or {}
    moved["value"] = [*moved["value"], *moved["value"][:block]]
    added = {str(len(codes) * block + i): status[str(i)] for i in range(block) if str(i) in status}
    if added:
        moved["status"] = {**status, **added}
    obj = copy.deepcopy(moved["dimension"][dim])
    obj["category"] = _category([*codes, code], {**obj["category"].get("label", {}), code: label})
    moved["dimension"] = {**moved["dimension"], dim: obj}
    moved["size"] = [len(codes) + 1, *moved["size"][1:]]
    return reordered(moved, order)
