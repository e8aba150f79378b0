r"""Norwegian (bokmål) number formatting for figures, tables and text.

Conventions, applied the same way everywhere a reader sees a number:

* Thousands are grouped with a **no-break space** (U+00A0), the separator CLDR/babel gives for
  ``nb_NO``. It looks like a normal space in print, never breaks a number over two lines, and
  renders in DejaVu Sans (the figure font). The same no-break space sits between a number and
  ``%`` or ``pp``, as Norwegian typography wants (``1,5 %``).
* The decimal mark is a comma; negative numbers carry a real minus sign, U+2212 (``−1,2``).
* Rounding is *half away from zero* on the decimal value as written (``0,25 → 0,3``;
  ``0,0149999 → 1,5 %`` with one decimal), which is what readers expect from school rounding.
  A value that rounds to zero is shown without a sign (``0,0``, never ``−0,0``).
* Missing values (``None``, ``NaN``, ``pd.NA``) are shown as an en dash ``–``.
* Years are shown without a thousands separator (``2030``).

Babel supplies the locale's symbols and grouping; the rounding is done here with
:mod:`decimal` because babel rounds half to even.

Examples
--------
>>> fmt_int(29399)
'29\xa0399'
>>> fmt_pct(0.015, decimals=1)
'1,5\xa0%'
>>> fmt_signed(-0.012, kind="pct", decimals=1)
'−1,2\xa0%'
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from numbers import Integral, Real
from typing import Literal

from babel.numbers import format_decimal
from matplotlib.ticker import FuncFormatter

LOCALE = "nb_NO"
NBSP = "\u00a0"
MINUS = "\u2212"
MISSING = "–"
PP_SHORT = "pp"
PP_LONG = "prosentpoeng"

Kind = Literal["int", "num", "pct", "pp"]


def is_missing(value: object) -> bool:
    """Return True for ``None``, float NaN and ``pd.NA``/``NaT``-like values."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and pd.NA are not equal to themselves
    except TypeError:  # pd.NA raises on bool(); it is missing
        return True


def _to_decimal(value: object, *, where: str) -> Decimal:
    """Convert a real number to :class:`~decimal.Decimal` via its shortest repr (no binary noise)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, Real):
        msg = f"{where}: expected a number, got {value!r} ({type(value).__name__}); pass an int or float."
        raise TypeError(msg)
    as_float = float(value)
    if math.isinf(as_float):
        msg = (
            f"{where}: cannot format infinite value {value!r}; check the division that produced it."
        )
        raise ValueError(msg)
    if isinstance(value, Integral):
        return Decimal(int(value))
    return Decimal(repr(as_float))


def _format_decimal(number: Decimal, decimals: int) -> str:
    """Round half away from zero and format with Norwegian grouping, comma and U+2212 minus."""
    if decimals < 0:
        msg = f"decimals must be 0 or more, got {decimals}."
        raise ValueError(msg)
    quantum = Decimal(1).scaleb(-decimals)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(abs(rounded), format=pattern, locale=LOCALE, decimal_quantization=True)
    text = text.replace(" ", NBSP).replace("\u202f", NBSP)
    return MINUS + text if rounded < 0 else text


def fmt_num(value: object, decimals: int = 1) -> str:
    r"""Format a number with ``decimals`` decimals: ``fmt_num(1.234) -> '1,2'``.

    >>> fmt_num(-1234.56, decimals=1)
    '−1\xa0234,6'
    """
    if is_missing(value):
        return MISSING
    return _format_decimal(_to_decimal(value, where="fmt_num"), decimals)


def fmt_int(value: object) -> str:
    r"""Format a count rounded to a whole number: ``fmt_int(29399) -> '29 399'`` (no-break space).

    >>> fmt_int(2818174)
    '2\xa0818\xa0174'
    """
    if is_missing(value):
        return MISSING
    return _format_decimal(_to_decimal(value, where="fmt_int"), 0)


def whole(value: object) -> int:
    """Return ``value`` rounded to a whole number as :func:`fmt_int` shows it (half away from 0).

    >>> whole(30000.5), whole(-2.5), whole(7)
    (30001, -3, 7)
    """
    return int(_to_decimal(value, where="whole").quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fmt_pct(value: object, decimals: int = 1) -> str:
    r"""Format a *fraction* as per cent: ``fmt_pct(0.015) -> '1,5 %'``.

    >>> fmt_pct(0.0149999, decimals=1)
    '1,5\xa0%'
    """
    if is_missing(value):
        return MISSING
    number = _to_decimal(value, where="fmt_pct").scaleb(2)
    return f"{_format_decimal(number, decimals)}{NBSP}%"


def fmt_pct_points(value: object, decimals: int = 1, *, long: bool = False) -> str:
    """Format a value already in *percentage points*: ``fmt_pct_points(0.5) -> '0,5 pp'``.

    With ``long=True`` the unit is written out: ``'0,5 prosentpoeng'``.
    """
    if is_missing(value):
        return MISSING
    number = _to_decimal(value, where="fmt_pct_points")
    unit = PP_LONG if long else PP_SHORT
    return f"{_format_decimal(number, decimals)}{NBSP}{unit}"


def fmt_signed(value: object, kind: Kind = "int", decimals: int = 1) -> str:
    r"""Format a change with an explicit sign: ``'+250'``, ``'−1,2 %'``, ``'+0,3 pp'``.

    ``kind`` selects the unit: ``"int"`` (whole number), ``"num"`` (``decimals`` decimals),
    ``"pct"`` (input a fraction) or ``"pp"`` (input in percentage points). A change that rounds
    to zero has no sign.

    >>> fmt_signed(250)
    '+250'
    >>> fmt_signed(-0.012, kind="pct")
    '−1,2\xa0%'
    """
    formatters: dict[str, Callable[[object], str]] = {
        "int": fmt_int,
        "num": lambda v: fmt_num(v, decimals),
        "pct": lambda v: fmt_pct(v, decimals),
        "pp": lambda v: fmt_pct_points(v, decimals),
    }
    if kind not in formatters:
        msg = f"fmt_signed: unknown kind {kind!r}; use one of {sorted(formatters)}."
        raise ValueError(msg)
    text = formatters[kind](value)
    if text == MISSING or text.startswith(MINUS):
        return text
    rounds_to_zero = not any(ch in "123456789" for ch in text)
    return text if rounds_to_zero else "+" + text


def fmt_year(value: object) -> str:
    """Format a year without a thousands separator: ``fmt_year(2030) -> '2030'``."""
    if is_missing(value):
        return MISSING
    number = _to_decimal(value, where="fmt_year")
    if number != number.to_integral_value():
        msg = f"fmt_year: {value!r} is not a whole year; pass an integer year such as 2030."
        raise ValueError(msg)
    return str(int(number))


def int_formatter() -> FuncFormatter:
    """Return a Matplotlib tick formatter for counts (``29 399``)."""
    return FuncFormatter(lambda x, _pos: fmt_int(x))


def num_formatter(decimals: int = 0) -> FuncFormatter:
    """Return a Matplotlib tick formatter for plain numbers, e.g. an index (``102,5``)."""
    return FuncFormatter(lambda x, _pos: fmt_num(x, decimals))


def pct_formatter(decimals: int = 0, *, from_fraction: bool = True) -> FuncFormatter:
    """Return a Matplotlib tick formatter for per cent (``1,5 %``).

    By default the axis values are fractions (0.015); with ``from_fraction=False`` they are
    already in per cent (1.5).
    """
    scale = 1.0 if from_fraction else 0.01
    return FuncFormatter(lambda x, _pos: fmt_pct(x * scale, decimals))


def pp_formatter(decimals: int = 1) -> FuncFormatter:
    """Return a Matplotlib tick formatter for percentage points (``0,5 pp``)."""
    return FuncFormatter(lambda x, _pos: fmt_pct_points(x, decimals))


def year_formatter() -> FuncFormatter:
    """Return a Matplotlib tick formatter for years; ticks between whole years stay blank."""

    def _year(x: float, _pos: object) -> str:
        return fmt_year(x) if float(x).is_integer() else ""

    return FuncFormatter(_year)
