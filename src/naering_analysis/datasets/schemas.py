"""Pandera schemas for the tidy frames: the contract of each frame, checked where it is built.

The column vocabulary is documented in ``docs/CONTRACTS.md``.
"""

from __future__ import annotations

import pandas as pd
import pandera.errors
import pandera.pandas as pa

from naering_analysis.errors import SchemaError

_REGION = pa.Column(str, pa.Check.str_matches(r"^(0|\d{2}|\d{4})$"), nullable=False)
_NAME = pa.Column(str, nullable=False)
_INDUSTRY = pa.Column(
    str, pa.Check.str_matches(r"^\d{2}(-\d{2})?(\+\d{2}(-\d{2})?)*$"), nullable=False
)
_YEAR = pa.Column(int, pa.Check.in_range(1900, 2100), nullable=False)
_COUNT = pa.Column("Int64", pa.Check.ge(0), nullable=True)
_STATUS = pa.Column(object, nullable=True)

EMPLOYMENT_COLUMNS = [
    "region_code",
    "region_name",
    "industry_code",
    "industry_name",
    "bransje",
    "year",
    "jobs",
    "status",
]
EMPLOYMENT = pa.DataFrameSchema(
    {
        "region_code": _REGION,
        "region_name": _NAME,
        "industry_code": _INDUSTRY,
        "industry_name": _NAME,
        "bransje": _NAME,
        "year": _YEAR,
        "jobs": _COUNT,
        "status": _STATUS,
    },
    strict=True,
    ordered=True,
    unique=["region_code", "industry_code", "year"],
    name="sysselsatte etter arbeidssted (13470)",
)

SECTOR_COLUMNS = [
    "region_code",
    "region_name",
    "sector_code",
    "industry_code",
    "industry_name",
    "bransje",
    "year",
    "jobs",
    "status",
]
SECTOR = pa.DataFrameSchema(
    {
        **EMPLOYMENT.columns,
        "sector_code": pa.Column(str, pa.Check.isin(["all", "private", "public"])),
    },
    strict=True,
    unique=["region_code", "sector_code", "industry_code", "year"],
    name="sysselsatte etter sektor (13472)",
)

LONG_COLUMNS = [*EMPLOYMENT_COLUMNS, "series", "break_before"]
LONG = pa.DataFrameSchema(
    {
        **EMPLOYMENT.columns,
        "series": pa.Column(str, pa.Check.isin(["2008–2014", "2015–"])),
        "break_before": pa.Column(bool),
    },
    strict=True,
    unique=["region_code", "industry_code", "year"],
    name="sysselsatte lang serie (07984)",
)

POPULATION_COLUMNS = ["region_code", "region_name", "year", "population", "status"]
POPULATION = pa.DataFrameSchema(
    {
        "region_code": _REGION,
        "region_name": _NAME,
        "year": _YEAR,
        "population": _COUNT,
        "status": _STATUS,
    },
    strict=True,
    unique=["region_code", "year"],
    name="folkemengde 1. januar (07459)",
)

COMMUTING_COLUMNS = ["region_code", "region_name", "year", "measure", "persons", "status"]
LABOUR_COLUMNS = COMMUTING_COLUMNS
LABOUR = pa.DataFrameSchema(
    {
        "region_code": _REGION,
        "region_name": _NAME,
        "year": _YEAR,
        "measure": pa.Column(
            str, pa.Check.isin(["population_15_74", "residents_employed", "jobs"])
        ),
        "persons": _COUNT,
        "status": _STATUS,
    },
    strict=True,
    unique=["region_code", "year", "measure"],
)
COMMUTING = pa.DataFrameSchema(
    {
        "region_code": _REGION,
        "region_name": _NAME,
        "year": _YEAR,
        "measure": pa.Column(
            str, pa.Check.isin(["residents_employed", "in_commuters", "out_commuters", "jobs"])
        ),
        "persons": _COUNT,
        "status": _STATUS,
    },
    strict=True,
    unique=["region_code", "year", "measure"],
    name="pendling (11616)",
)


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Validate ``frame`` lazily and raise one :class:`SchemaError` listing every failure."""
    try:
        return schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases.head(10).to_string(index=False)
        raise SchemaError(
            f"Tabellen bryter kontrakten «{schema.name}» ({len(exc.failure_cases)} feil). "
            f"De første:\n{cases}\nSjekk rådataene og tabellkatalogen."
        ) from exc
