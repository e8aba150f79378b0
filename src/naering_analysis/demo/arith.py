"""Platform-stable arithmetic for the demo generator.

The committed demo files are checked byte for byte, so every number must come out the same on
every machine. Only IEEE-754 basic operations (+, -, *, /) and ``math.sqrt`` are correctly
rounded everywhere; ``exp``, ``log`` and ``pow`` with real exponents are not. Growth over several
years is therefore repeated multiplication; the seeded shocks (:mod:`naering_analysis.demo.noise`)
keep to the same operations.
"""

from __future__ import annotations

from collections.abc import Sequence


def growth(rate_pct: float) -> float:
    """Return the factor of a growth of ``rate_pct`` per cent: ``growth(2.5) == 1.025``."""
    return 1.0 + rate_pct / 100.0


def power(factor: float, years: int) -> float:
    """Return ``factor ** years`` by repeated multiplication (negative ``years`` divide).

    >>> power(1.5, 2), power(2.0, -1), power(3.0, 0)
    (2.25, 0.5, 1.0)
    """
    result = 1.0
    for _ in range(abs(years)):
        result *= factor
    return result if years >= 0 else 1.0 / result


def round_half_up(value: float) -> int:
    """Round a non-negative number to the nearest integer, halves up.

    >>> round_half_up(2.5), round_half_up(2.49)
    (3, 2)
    """
    if value < 0:
        raise ValueError(f"round_half_up expects a non-negative number, got {value}")
    return int(value + 0.5)


def allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split the integer ``total`` over ``weights`` so the parts sum exactly to ``total``.

    Largest-remainder rounding; ties go to the earlier position. Zero weights get zero.

    >>> allocate(10, [1, 1, 1])
    [4, 3, 3]
    >>> allocate(7, [0, 2, 5])
    [0, 2, 5]
    """
    if total < 0 or any(w < 0 for w in weights):
        raise ValueError("allocate needs a non-negative total and non-negative weights")
    weight_sum = sum(weights)
    if total and weight_sum <= 0:
        raise ValueError(f"cannot allocate {total} over weights that sum to {weight_sum}")
    if not total:
        return [0] * len(weights)
    exact = [total * w / weight_sum for w in weights]
    parts = [int(x) for x in exact]
    short = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:short]:
        parts[i] += 1
    return parts
