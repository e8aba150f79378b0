"""Idiosyncratic shocks for the demo's municipal industry series, the same bytes on every machine.

Real municipal industry series (13470, 17 groups) are not smooth trends. Year to year they move
like a random walk with drift: a firm grows, shrinks, moves in or out, and the change mostly
stays. On top come transitory wobbles (timing of the 4th-quarter count) and the odd level shift
(a plant opens or closes, a unit is reclassified to another group). All of it is larger, in per
cent, for small series. This module draws those shocks as *multipliers* on a series' designed
level; :mod:`naering_analysis.demo.jobs` applies them to the industry weights and then rescales
to the calibrated regional total, so every published total still holds.

The generator is SplitMix64 on Python integers, uniforms are exact multiples of 2**-53, normals
are Irwin–Hall sums of twelve uniforms, and the multipliers are products: only integer arithmetic
and IEEE-754 ``+ - * /`` and ``sqrt``, so the result is identical on every platform.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15


class SplitMix64:
    """The SplitMix64 generator (Steele, Lea & Flood 2014) on Python integers.

    >>> SplitMix64(0).next_u64()
    16294208416658607535
    """

    def __init__(self, seed: int) -> None:
        self._state = seed & _MASK

    def next_u64(self) -> int:
        """Return the next 64-bit unsigned integer."""
        self._state = (self._state + _GOLDEN) & _MASK
        z = self._state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def uniform(self) -> float:
        """Return a uniform number in ``[0, 1)`` (an exact multiple of ``2**-53``)."""
        return (self.next_u64() >> 11) / 9007199254740992.0

    def normal(self) -> float:
        """Return an approximately standard normal number: twelve uniforms summed, minus 6.

        Mean 0, variance 1, bounded to ``[-6, 6]``; close enough to a normal for demo shocks.
        """
        total = 0.0
        for _ in range(12):
            total += self.uniform()
        return total - 6.0


def seed_for(*parts: str) -> int:
    """Return a 64-bit seed from text parts (SHA-256, so it never depends on ``PYTHONHASHSEED``)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass(frozen=True)
class ShockScale:
    """How large the shocks are, as fractions of the level (``sd = floor + size / sqrt(jobs)``).

    ``walk_*`` is the yearly random-walk step, ``blip_*`` the transitory wobble and ``shift_*``
    the largest level shift (its size is drawn between half of it and all of it, either sign);
    ``shift_chance`` is the probability that a series has one level shift in its history.
    ``damping`` scales every sd (an aggregate of many municipalities is smoother).
    """

    walk_floor: float
    walk_size: float
    blip_floor: float
    blip_size: float
    shift_floor: float
    shift_size: float
    shift_chance: float
    damping: float = 1.0

    def sd(self, floor: float, size: float, jobs: float) -> float:
        """Return ``damping * (floor + size / sqrt(max(jobs, 1)))``."""
        return self.damping * (floor + size / math.sqrt(max(jobs, 1.0)))


def multipliers(
    seed: int, years: tuple[int, ...], anchor: int, jobs: float, scale: ShockScale
) -> dict[int, float]:
    """Return a multiplier per year for one series of typical size ``jobs``.

    A random walk in relative terms, ``w[t] = w[t-1] * (1 + e[t])`` with ``e ~ N(0, walk sd)``
    plus at most one level shift, pinned to ``w[anchor] = 1``, times a transitory
    ``1 + N(0, blip sd)`` each year. Every factor is kept above 0.2, so no level turns negative.

    >>> scale = ShockScale(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    >>> multipliers(1, (2015, 2016), 2015, 100.0, scale)
    {2015: 1.0, 2016: 1.0}
    """
    if anchor not in years or list(years) != list(range(years[0], years[-1] + 1)):
        raise ValueError(f"multipliers needs consecutive years around {anchor}, got {years}")
    rng = SplitMix64(seed)
    walk_sd = scale.sd(scale.walk_floor, scale.walk_size, jobs)
    blip_sd = scale.sd(scale.blip_floor, scale.blip_size, jobs)
    steps = {year: 1.0 + walk_sd * rng.normal() for year in years[1:]}
    shift_draw, shift_year, shift_size = rng.uniform(), rng.uniform(), rng.uniform()
    if shift_draw < scale.shift_chance:
        year = years[1 + int(shift_year * (len(years) - 1))]
        largest = scale.sd(scale.shift_floor, scale.shift_size, jobs)
        sign = 1.0 if shift_draw < scale.shift_chance / 2.0 else -1.0
        signed = sign * (0.5 + shift_size / 2.0) * largest
        steps[year] *= 1.0 + signed
    steps = {year: max(step, 0.2) for year, step in steps.items()}
    walk = {anchor: 1.0}
    for year in (y for y in years if y > anchor):
        walk[year] = walk[year - 1] * steps[year]
    for year in (y for y in reversed(years) if y < anchor):
        walk[year] = walk[year + 1] / steps[year + 1]
    return {year: walk[year] * max(1.0 + blip_sd * rng.normal(), 0.2) for year in years}
