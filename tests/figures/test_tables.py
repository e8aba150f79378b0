"""Table export: formatted xlsx (title, source, demo mark, headers, number formats) and CSV."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from naering_analysis.errors import SchemaError
from naering_analysis.figures.style import PARTLY_SYNTHETIC_MARK, SYNTHETIC_MARK
from naering_analysis.figures.tables import (
    FMT_DEC1,
    FMT_INT,
    FMT_PCT1,
    FMT_YEAR,
    atomic_write_bytes,
    csv_bytes,
    export_table,
)

PROV = {"table": "13470", "fetched_at": "2026-11-26T08:15:00Z", "synthetic": False}


def table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Bransje": ["Grønn industri", "Helsebasert næring"],
            "År": [2023, 2023],
            "Arbeidsplasser": pd.array([29399, None], dtype="Int64"),
            "Vekst per år": [0.015, -0.0123],
            "Lokaliseringskvotient": [1.234, 0.5],
        }
    )


def test_xlsx_has_title_source_headers_and_number_formats(tmp_path: Path) -> None:
    paths = export_table(
        table(), tmp_path, "arbeidsplasser", "Arbeidsplasser per bransje", [PROV], False,
        number_formats={"Vekst per år": FMT_PCT1},
    )  # fmt: skip
    assert {k: p.name for k, p in paths.items()} == {
        "xlsx": "arbeidsplasser.xlsx",
        "csv": "arbeidsplasser.csv",
    }
    ws = load_workbook(paths["xlsx"]).active
    assert ws is not None
    assert ws["A1"].value == "Arbeidsplasser per bransje" and ws["A1"].font.bold
    assert ws["A2"].value == "Kilde: SSB, tabell 13470 (hentet 2026-11-26)"
    assert ws["A3"].value is None  # no demo mark for real data
    header = [c.value for c in ws[4]]
    assert header == list(table().columns)
    assert all(c.font.bold for c in ws[4])
    first, second = ws[5], ws[6]
    assert [c.value for c in first] == ["Grønn industri", 2023, 29399, 0.015, 1.234]
    assert second[2].value is None  # a missing value is an empty cell, not 0 or "nan"
    formats = [c.number_format for c in first]
    assert formats == ["General", FMT_YEAR, FMT_INT, FMT_PCT1, FMT_DEC1]
    assert (FMT_INT, FMT_PCT1) == ("#,##0", "0.0%")  # invariant codes; Excel localises them
    assert ws.column_dimensions["A"].width >= len("Helsebasert næring")
    assert ws.freeze_panes == "A5"


def test_synthetic_mark_row_and_csv_column(tmp_path: Path) -> None:
    frame = table()
    frame.attrs["synthetic"] = True
    paths = export_table(frame, tmp_path, "demo", "Demo", [PROV], synthetic=False)
    ws = load_workbook(paths["xlsx"]).active
    assert ws is not None
    assert ws["A3"].value == SYNTHETIC_MARK
    assert [c.value for c in ws[5]] == list(frame.columns)
    back = pd.read_csv(paths["csv"], sep=";", decimal=",", encoding="utf-8-sig")
    assert set(back["Merknad"]) == {SYNTHETIC_MARK}


def test_synthetic_provenance_marks_the_table(tmp_path: Path) -> None:
    paths = export_table(table(), tmp_path, "demo", "Demo", [dict(PROV, synthetic=True)], False)
    ws = load_workbook(paths["xlsx"]).active
    assert ws is not None
    assert ws["A2"].value.startswith("Kilde: Illustrasjonsdata")
    assert ws["A3"].value == SYNTHETIC_MARK


def test_a_table_of_real_and_synthetic_tables_is_marked_partly_illustration(
    tmp_path: Path,
) -> None:
    """Real 11618 beside demo 13470: «Delvis illustrasjonsdata», in the xlsx and the CSV."""
    real = {"table": "11618", "fetched_at": "2023-09-29T00:00:00Z", "synthetic": False}
    real["origin"] = {"repository": "statisticsnorway/pendling", "commit": "b3d3448"}
    paths = export_table(
        table(), tmp_path, "blandet", "Blandet", [real, dict(PROV, synthetic=True)], False
    )
    ws = load_workbook(paths["xlsx"]).active
    assert ws is not None
    assert ws["A3"].value == PARTLY_SYNTHETIC_MARK
    back = pd.read_csv(paths["csv"], sep=";", decimal=",", encoding="utf-8-sig")
    assert set(back["Merknad"]) == {PARTLY_SYNTHETIC_MARK}
    only_real = export_table(table(), tmp_path, "ekte", "Ekte", [real], False)
    ws = load_workbook(only_real["xlsx"]).active
    assert ws is not None and ws["A3"].value is None  # no mark on real figures alone


def test_csv_is_for_norwegian_excel(tmp_path: Path) -> None:
    paths = export_table(table(), tmp_path, "t", "T", "Kilde: SSB, tabell 13470", False)
    raw = paths["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "Bransje;År;Arbeidsplasser;Vekst per år;Lokaliseringskvotient"
    assert lines[1] == "Grønn industri;2023;29399;0,015;1,234"
    assert lines[2] == "Helsebasert næring;2023;;-0,0123;0,5"
    back = pd.read_csv(paths["csv"], sep=";", decimal=",", encoding="utf-8-sig")
    assert back["Vekst per år"].tolist() == [0.015, -0.0123]


def test_csv_hides_binary_noise() -> None:
    text = csv_bytes(pd.DataFrame({"x": [0.1 + 0.2]}), synthetic=False).decode("utf-8-sig")
    assert text.splitlines() == ["x", "0,3"]


def test_bad_arguments_are_named(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"\['Finnes ikke'\]"):
        export_table(table(), tmp_path, "t", "T", [PROV], False, {"Finnes ikke": FMT_INT})
    with pytest.raises(ValueError, match="safe file name"):
        export_table(table(), tmp_path, "a/b", "T", [PROV], False)
    with pytest.raises(SchemaError, match="needs a source"):
        export_table(table(), tmp_path, "t", "T", [], False)
    assert not any(tmp_path.iterdir())


def test_atomic_write_replaces_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "fil.txt"
    atomic_write_bytes(target, b"en")
    atomic_write_bytes(target, b"to")
    assert target.read_bytes() == b"to"
    assert [p.name for p in target.parent.iterdir()] == ["fil.txt"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_atomic_write_leaves_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "fil.txt"
    target.write_bytes(b"gammel")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_bytes(target, b"ny")
    assert target.read_bytes() == b"gammel"
    assert [p.name for p in tmp_path.iterdir()] == ["fil.txt"]
