"""Norwegian number formatting: hand-written examples and properties."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.numfmt import (
    MINUS,
    MISSING,
    NBSP,
    fmt_int,
    fmt_num,
    fmt_pct,
    fmt_pct_points,
    fmt_signed,
    fmt_year,
    int_formatter,
    num_formatter,
    pct_formatter,
    pp_formatter,
    year_formatter,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (29399, f"29{NBSP}399"),
        (-29399, f"{MINUS}29{NBSP}399"),
        (0, "0"),
        (999, "999"),
        (1000, f"1{NBSP}000"),
        (2818174, f"2{NBSP}818{NBSP}174"),
        (12345678901, f"12{NBSP}345{NBSP}678{NBSP}901"),
        (29399.5, f"29{NBSP}400"),  # half away from zero
        (-0.4, "0"),  # rounds to zero: no minus sign
        (np.int64(1234), f"1{NBSP}234"),
        (np.float64(1234.4), f"1{NBSP}234"),
    ],
)
def test_fmt_int(value: object, expected: str) -> None:
    assert fmt_int(value) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA])
def test_missing_values_are_an_en_dash(missing: object) -> None:
    assert MISSING == "–"
    for func in (fmt_int, fmt_num, fmt_pct, fmt_pct_points, fmt_signed, fmt_year):
        assert func(missing) == "–"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1.234, 1, "1,2"),
        (1.25, 1, "1,3"),  # half up, not banker's rounding
        (0.15, 1, "0,2"),  # binary 0.1499999… is read as the decimal 0.15
        (-1.25, 1, f"{MINUS}1,3"),
        (-0.04, 1, "0,0"),
        (1234.5, 2, f"1{NBSP}234,50"),
        (7, 0, "7"),
        (Decimal("2.675"), 2, "2,68"),
    ],
)
def test_fmt_num(value: object, decimals: int, expected: str) -> None:
    assert fmt_num(value, decimals=decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.015, 1, f"1,5{NBSP}%"),
        (0.0149999, 1, f"1,5{NBSP}%"),
        (0.0144999, 1, f"1,4{NBSP}%"),
        (0.01, 0, f"1{NBSP}%"),
        (-0.012, 1, f"{MINUS}1,2{NBSP}%"),
        (0, 1, f"0,0{NBSP}%"),
        (12.5, 0, f"1{NBSP}250{NBSP}%"),
        (0.1234, 2, f"12,34{NBSP}%"),
    ],
)
def test_fmt_pct_takes_a_fraction(value: float, decimals: int, expected: str) -> None:
    assert fmt_pct(value, decimals=decimals) == expected


def test_fmt_pct_points() -> None:
    assert fmt_pct_points(0.5) == f"0,5{NBSP}pp"
    assert fmt_pct_points(-0.25) == f"{MINUS}0,3{NBSP}pp"
    assert fmt_pct_points(0.5, long=True) == f"0,5{NBSP}prosentpoeng"
    assert fmt_pct_points(1.234, decimals=2) == f"1,23{NBSP}pp"


@pytest.mark.parametrize(
    ("value", "kind", "decimals", "expected"),
    [
        (250, "int", 1, "+250"),
        (-250, "int", 1, f"{MINUS}250"),
        (0, "int", 1, "0"),
        (1234, "int", 1, f"+1{NBSP}234"),
        (-0.012, "pct", 1, f"{MINUS}1,2{NBSP}%"),
        (0.015, "pct", 1, f"+1,5{NBSP}%"),
        (0.0004, "pct", 1, f"0,0{NBSP}%"),  # rounds to zero: no sign
        (0.3, "pp", 1, f"+0,3{NBSP}pp"),
        (1.05, "num", 1, "+1,1"),
    ],
)
def test_fmt_signed(value: float, kind: Any, decimals: int, expected: str) -> None:
    assert fmt_signed(value, kind, decimals) == expected


def test_fmt_signed_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        fmt_signed(1, "prosent")  # type: ignore[arg-type]


def test_fmt_year() -> None:
    assert fmt_year(2030) == "2030"
    assert fmt_year(2030.0) == "2030"
    assert fmt_year(np.int64(2015)) == "2015"
    with pytest.raises(ValueError, match="not a whole year"):
        fmt_year(2030.5)


def test_bad_input_is_rejected_with_a_clear_message() -> None:
    with pytest.raises(TypeError, match="expected a number"):
        fmt_int("29399")
    with pytest.raises(TypeError, match="expected a number"):
        fmt_int(True)
    with pytest.raises(ValueError, match="infinite"):
        fmt_pct(math.inf)
    with pytest.raises(ValueError, match="decimals"):
        fmt_num(1.0, decimals=-1)


def test_tick_formatters() -> None:
    assert int_formatter()(29399.0, 0) == f"29{NBSP}399"
    assert int_formatter()(-1000.0, 0) == f"{MINUS}1{NBSP}000"
    assert pct_formatter(1)(0.015, 0) == f"1,5{NBSP}%"
    assert pct_formatter(0, from_fraction=False)(1.5, 0) == f"2{NBSP}%"
    assert pp_formatter(1)(-0.5, 0) == f"{MINUS}0,5{NBSP}pp"
    assert num_formatter(0)(102.4, 0) == "102"
    assert year_formatter()(2030.0, 0) == "2030"
    assert year_formatter()(2030.5, 0) == ""


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_fmt_int_round_trips(value: int) -> None:
    text = fmt_int(value)
    assert int(text.replace(NBSP, "").replace(MINUS, "-")) == value
    assert " " not in text  # only no-break spaces, so a number never breaks over two lines
    groups = text.lstrip(MINUS).split(NBSP)
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3


@settings(max_examples=150, deadline=None)
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(0, 3))
def test_fmt_num_is_within_half_a_unit(value: float, decimals: int) -> None:
    text = fmt_num(value, decimals)
    parsed = float(text.replace(NBSP, "").replace(MINUS, "-").replace(",", "."))
    assert abs(parsed - value) <= 0.5 * 10**-decimals + 1e-9
    assert not text.startswith(MINUS) or parsed < 0
