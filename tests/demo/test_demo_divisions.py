"""Tests for the demo's two-digit SN2007 detail in 13470 and 13472 (SYNTETISKE DEMODATA).

The divisions must give back the 17-group job model exactly: what the demo showed before it
went to two digits. The tests read the committed ``data.json`` (what the bundle ships; the byte
check in ``test_demo_snapshot.py`` ties it to the generator) and compare it with the model
(:mod:`naering_analysis.demo.jobs`, :mod:`naering_analysis.demo.national`).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.datasets import frames
from naering_analysis.demo import calibration as cal
from naering_analysis.demo import divisions
from naering_analysis.demo.jobs import jobs, sectors, split_sectors
from naering_analysis.demo.national import national_jobs
from naering_analysis.demo.snapshot import demo_folder
from naering_analysis.reference.industries import GROUP_DIVISIONS, SN2007_CODES

RAW = Path(__file__).resolve().parents[2] / "data" / "raw" / "ssb"
TOTAL = "00-99"
ALLE, PRIVATE = "ALLE", "A+B+D+E.0-1+9"
SECTORS = (ALLE, PRIVATE, *cal.PUBLIC_SECTORS)
CALIBRATED = {*cal.MUNICIPALITIES, cal.COUNTY, cal.COUNTRY}


# --- The model and the committed cubes -------------------------------------------------------


def model_key(code: str) -> str:
    """``K-3105`` → ``3105``, ``F-31`` → ``31``, ``0`` → ``0`` (the job model's region keys)."""
    return re.sub(r"^[KF]-", "", code)


def model_groups(region: str) -> dict[int, dict[str, int]]:
    return jobs(region) if region in CALIBRATED else national_jobs()[region]


def model_sectors(region: str) -> dict[int, dict[str, dict[str, int]]]:
    return sectors(region) if region in CALIBRATED else split_sectors(national_jobs()[region])


def hidden(table: str, region: str, group: str, year: int) -> bool:
    """Return whether ``table`` hides a whole group (every division of it)."""
    return year in cal.CONFIDENTIAL.get((table, region, group, None), ())


def hidden_divisions(table: str, region: str, year: int) -> set[str]:
    """Return the divisions ``table`` hides on their own (Aremark's small cells)."""
    return {
        key[2]
        for key, years in cal.CONFIDENTIAL.items()
        if key[:2] == (table, region) and key[2] not in SN2007_CODES and year in years
    }


def group_hidden(table: str, region: str, group: str, year: int) -> bool:
    """Return whether a group's sum is unknown: hidden whole, or one of its divisions hidden."""
    alone = hidden_divisions(table, region, year) & set(GROUP_DIVISIONS[group])
    return hidden(table, region, group, year) or bool(alone)


def model_divisions(region: str, year: int) -> dict[str, dict[str, int]]:
    """Return the model's jobs by 13472 sector and division (``ALLE`` is 13470)."""
    return divisions.split_sectors(model_sectors(region)[year], region, year)


def fill_hidden_divisions(table: str, array: np.ndarray, codes: dict[str, list[str]]) -> int:
    """Put the model's values into the divisions hidden on their own; return how many.

    Each of them must be hidden (NaN) in every sector where it is hidden (``ALLE`` and private
    in 13472) and shown in the others; afterwards only whole hidden groups are NaN.
    """
    filled = 0
    for i, code in enumerate(codes["Region"]):
        region = model_key(code)
        for k, year in enumerate(int(y) for y in codes["Tid"]):
            for division in hidden_divisions(table, region, year):
                j = codes["NACE2007"].index(division)
                cells = model_divisions(region, year)
                if "Sektor" not in codes:
                    assert np.isnan(array[i, j, k])
                    array[i, j, k] = cells[ALLE][division]
                    filled += 1
                    continue
                for s, sector in enumerate(codes["Sektor"]):
                    secret = sector in (ALLE, PRIVATE)
                    assert np.isnan(array[i, s, j, k]) == secret, (code, sector, division, year)
                    if secret:
                        array[i, s, j, k] = cells[sector][division]
                        filled += 1
    return filled


@cache
def cube(table: str) -> tuple[np.ndarray, dict[str, list[str]]]:
    """Return the committed data.json as an array (Region, [Sektor,] NACE2007, Tid), NaN hidden."""
    doc = json.loads((demo_folder(table, RAW) / "data.json").read_bytes())
    codes = {d: sorted(c := doc["dimension"][d]["category"]["index"], key=c.get) for d in doc["id"]}
    values = np.array([np.nan if v is None else v for v in doc["value"]], dtype=float)
    array = values.reshape(doc["size"])
    order = [d for d in ("Region", "Sektor", "NACE2007", "Tid") if d in doc["id"]]
    array = array.transpose([doc["id"].index(d) for d in [*order, "ContentsCode"]])[..., 0]
    return array, {d: codes[d] for d in order}


def expected_13470() -> tuple[np.ndarray, np.ndarray]:
    """Return the model's 17-group values (Region, group, Tid) and where 13470 hides them."""
    _, codes = cube("13470")
    years = [int(y) for y in codes["Tid"]]
    shape = (len(codes["Region"]), len(SN2007_CODES), len(years))
    values, mask = np.zeros(shape), np.zeros(shape, dtype=bool)
    for i, code in enumerate(codes["Region"]):
        region = model_key(code)
        model = model_groups(region)
        for j, group in enumerate(SN2007_CODES):
            for k, year in enumerate(years):
                values[i, j, k] = model[year][group]
                mask[i, j, k] = hidden("13470", region, group, year)
    return values, mask


def group_sums(array: np.ndarray, codes: list[str], axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Sum the divisions of each group along ``axis``: (sums with NaN where hidden, all hidden)."""
    sums, all_hidden = [], []
    for group in SN2007_CODES:
        part = np.take(array, [codes.index(d) for d in GROUP_DIVISIONS[group]], axis=axis)
        missing = np.isnan(part)
        assert (missing.all(axis=axis) == missing.any(axis=axis)).all(), group  # all or none
        sums.append(part.sum(axis=axis))
        all_hidden.append(missing.all(axis=axis))
    return np.stack(sums, axis=axis), np.stack(all_hidden, axis=axis)


# --- (a) the divisions sum to the 17-group model ---------------------------------------------


def test_13470_divisions_sum_exactly_to_the_17_group_model():
    array, codes = cube("13470")
    assert codes["NACE2007"][0] == TOTAL and len(codes["NACE2007"]) == 90
    assert len(codes["Region"]) == 357 + 2
    array = array.copy()
    assert fill_hidden_divisions("13470", array, codes) == 9  # Aremark's 62 (5 years), 09 (4)
    sums, is_hidden = group_sums(array, codes["NACE2007"], axis=1)
    values, mask = expected_13470()
    assert mask.sum() == 3  # Hvaler's 05-09 in 2016, 2019 and 2020
    np.testing.assert_array_equal(is_hidden, mask)  # a hidden group hides every division
    np.testing.assert_array_equal(sums[~mask], values[~mask])
    total = array[:, codes["NACE2007"].index(TOTAL), :]
    np.testing.assert_array_equal(total, values.sum(axis=1))  # 00-99: the true total, hidden too


def test_13472_divisions_sum_exactly_to_the_17_group_model_in_every_sector():
    array, codes = cube("13472")
    array = array.copy()
    years = [int(y) for y in codes["Tid"]]
    assert codes["Sektor"] == list(SECTORS)
    assert fill_hidden_divisions("13472", array, codes) == 2 * 9  # all sectors and private
    sums, is_hidden = group_sums(array, codes["NACE2007"], axis=2)  # (Region, Sektor, group, Tid)
    values = np.zeros(sums.shape)
    mask = np.zeros(sums.shape, dtype=bool)
    for i, code in enumerate(codes["Region"]):
        region = model_key(code)
        model = model_sectors(region)
        for j, group in enumerate(SN2007_CODES):
            for k, year in enumerate(years):
                secret = hidden("13472", region, group, year)
                for s, sector in enumerate(SECTORS):
                    values[i, s, j, k] = model[year][group][sector]
                    mask[i, s, j, k] = secret and sector in (ALLE, PRIVATE)
    assert mask.sum() == 2 * 3
    np.testing.assert_array_equal(is_hidden, mask)
    np.testing.assert_array_equal(sums[~mask], values[~mask])
    total = array[:, :, codes["NACE2007"].index(TOTAL), :]
    np.testing.assert_array_equal(total, values.sum(axis=2))


def test_the_model_has_all_sectors_equal_to_the_sum_of_the_sectors():
    # The precondition of ALLE = sum of the sectors' divisions: true of the 17-group model.
    _, codes = cube("13472")
    for code in codes["Region"]:
        for year, groups in model_sectors(model_key(code)).items():
            for group, cells in groups.items():
                assert cells[ALLE] == sum(cells[s] for s in SECTORS[1:]), (code, year, group)


def test_all_sectors_is_the_sum_of_the_sectors_and_equals_13470_division_by_division():
    array, codes = cube("13472")
    alle = array[:, 0]
    shown = ~np.isnan(array[:, 1])  # the private sector is hidden exactly where ALLE is
    np.testing.assert_array_equal(np.isnan(alle), ~shown)
    np.testing.assert_array_equal(alle[shown], array[:, 1:].sum(axis=1)[shown])
    by_13470, codes_13470 = cube("13470")
    assert codes_13470 == {k: v for k, v in codes.items() if k != "Sektor"}
    np.testing.assert_array_equal(by_13470, alle)


# --- (b) the frames layer reads the same 17 groups as before ---------------------------------


def model_frame(rows: list[tuple[str, str, int, float]], keys: list[str]) -> pd.Series:
    frame = pd.DataFrame(rows, columns=[*keys, "jobs"])
    return frame.set_index(keys)["jobs"].sort_index()


def test_frames_13470_at_two_digits_give_the_17_group_model():
    groups = frames.sn2007_groups(frames.employment(demo_folder("13470", RAW)))
    assert set(groups["industry_code"]) == set(SN2007_CODES)
    keys = ["region_code", "industry_code", "year"]
    got = groups.set_index(keys)["jobs"].astype("float").sort_index()
    rows = [
        (region, group, year, np.nan if group_hidden("13470", region, group, year) else count)
        for region in got.index.get_level_values(0).unique()
        for year, by_group in model_groups(region).items()
        for group, count in by_group.items()
    ]
    expected = model_frame(rows, keys)
    assert got.isna().sum() == 3 + 9  # Hvaler's 05-09; Aremark's 58-63 (62) and 05-09 (09)
    pd.testing.assert_series_equal(got, expected, check_names=False)


def test_frames_13472_at_two_digits_give_the_17_group_model():
    groups = frames.sn2007_groups(frames.employment_by_sector(demo_folder("13472", RAW)))
    keys = ["region_code", "sector_code", "industry_code", "year"]
    got = groups.set_index(keys)["jobs"].astype("float").sort_index()
    rows = []
    for region in got.index.get_level_values(0).unique():
        for year, by_group in model_sectors(region).items():
            for group, cells in by_group.items():
                secret = group_hidden("13472", region, group, year)
                public = sum(cells[s] for s in cal.PUBLIC_SECTORS)
                rows.append((region, "all", group, year, np.nan if secret else cells[ALLE]))
                rows.append((region, "private", group, year, np.nan if secret else cells[PRIVATE]))
                rows.append((region, "public", group, year, public))
    expected = model_frame(rows, keys)
    assert got.isna().sum() == 2 * (3 + 9)
    pd.testing.assert_series_equal(got, expected, check_names=False)


# --- (c) suppressed jobs ---------------------------------------------------------------------


def test_suppressed_jobs_are_the_hidden_model_values():
    out = frames.suppressed_jobs(demo_folder("13470", RAW)).set_index(["region_code", "year"])
    expected = pd.Series(
        {
            (region, year): sum(
                count for group, count in by_group.items() if hidden("13470", region, group, year)
            )
            + sum(
                model_divisions(region, year)[ALLE][division]
                for division in hidden_divisions("13470", region, year)
            )
            for region in out.index.get_level_values(0).unique()
            for year, by_group in model_groups(region).items()
        }
    ).sort_index()
    suppressed = out["suppressed_jobs"].astype(int).sort_index()
    pd.testing.assert_series_equal(suppressed, expected, check_names=False)
    assert ((suppressed > 0) == (out["suppressed_cells"].sort_index() > 0)).all()
    assert (suppressed > 0).sum() == 3 + 7  # Hvaler 3 years, Aremark 2019-2025
    # By hand: Hvaler 2016 hides 05-09 (divisions 05, 06, 07, 08, 09), 4 jobs in the model.
    hvaler = out.loc[("3110", 2016)]
    assert jobs("3110")[2016]["05-09"] == 4
    assert (hvaler["suppressed_jobs"], hvaler["suppressed_cells"]) == (4, 5)
    assert hvaler["total_jobs"] == sum(jobs("3110")[2016].values())
    assert hvaler["shown_jobs"] == hvaler["total_jobs"] - 4
    assert out.loc[("3110", 2017), "suppressed_jobs"] == 0
    # Aremark 2022 hides divisions 62 (1 job) and 09 (2 jobs) on their own: 2 cells, 3 jobs.
    aremark = out.loc[("3124", 2022)]
    cells = model_divisions("3124", 2022)[ALLE]
    assert (cells["62"], cells["09"]) == (1, 2)
    assert (aremark["suppressed_jobs"], aremark["suppressed_cells"]) == (3, 2)


# --- (d) the split itself --------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    count=st.integers(min_value=0, max_value=10**9),
    weights=st.lists(st.floats(min_value=0.0, max_value=1e6), min_size=1, max_size=24).filter(
        lambda w: sum(w) > 0
    ),
)
def test_split_gives_non_negative_integers_summing_to_the_count(count, weights):
    named = {f"{i:02d}": w for i, w in enumerate(weights)}
    parts = divisions.split(count, named)
    assert list(parts) == list(named)
    assert all(isinstance(p, int) and p >= 0 for p in parts.values())
    assert sum(parts.values()) == count
    assert all(parts[k] == 0 for k, w in named.items() if w == 0)


@settings(max_examples=100, deadline=None)
@given(
    count=st.integers(min_value=0, max_value=10**7),
    region=st.sampled_from(["0", "31", "3105", "3110", "0301", "5501", "1508"]),
    group=st.sampled_from(SN2007_CODES),
    year=st.sampled_from(cal.JOB_YEARS),
)
def test_split_group_covers_the_divisions_and_sums_to_the_count(count, region, group, year):
    parts = divisions.split_group(count, region, group, year)
    assert tuple(parts) == GROUP_DIVISIONS[group]
    assert all(p >= 0 for p in parts.values()) and sum(parts.values()) == count


def test_split_sectors_refuses_all_sectors_that_is_not_the_sum():
    cells = {"84": dict.fromkeys(SECTORS, 1)}
    with pytest.raises(ValueError, match="ALLE is not the sum"):
        divisions.split_sectors(cells, "3105", 2020)


# --- Plausible structure ---------------------------------------------------------------------


def test_norway_has_a_plausible_structure_within_groups():
    array, codes = cube("13470")
    norway = array[codes["Region"].index("0"), :, codes["Tid"].index("2023")]
    jobs_of = dict(zip(codes["NACE2007"], norway, strict=True))

    def share(division: str, group: str) -> float:
        return jobs_of[division] / sum(jobs_of[d] for d in GROUP_DIVISIONS[group])

    assert jobs_of["47"] > jobs_of["46"] > jobs_of["45"]
    assert 0.17 < share("68", "68-75") < 0.23
    assert max(GROUP_DIVISIONS["68-75"], key=jobs_of.get) == "71"
    assert sorted(GROUP_DIVISIONS["77-82"], key=jobs_of.get)[-2:] == ["81", "78"]
    assert share("79", "77-82") < 0.05
    assert set(sorted(GROUP_DIVISIONS["90-99"], key=jobs_of.get)[-3:]) == {"93", "94", "96"}
    for division, expected in (("86", 0.45), ("87", 0.25), ("88", 0.30)):
        assert share(division, "86-88") == pytest.approx(expected, abs=0.02)
    assert max(GROUP_DIVISIONS["10-33"], key=jobs_of.get) == "10"
    sarpsborg = array[codes["Region"].index("K-3105"), :, codes["Tid"].index("2023")]
    local = dict(zip(codes["NACE2007"], sarpsborg, strict=True))
    assert local["20"] / local["00-99"] > 5 * jobs_of["20"] / jobs_of["00-99"]  # Borregaard


def test_shares_drift_slowly_and_differ_between_municipalities():
    now, then = divisions.shares("3107", "58-63", 2023), divisions.shares("3107", "58-63", 2015)
    assert now["62"] / sum(now.values()) > then["62"] / sum(then.values())
    assert divisions.shares("3107", "45-47", 2020) != divisions.shares("3101", "45-47", 2020)
    assert divisions.shares("3107", "45-47", 2020) == divisions.shares("3107", "45-47", 2020)
