"""The naering command: Norwegian messages, non-zero exit with a one-line cause on failure."""

import shutil
from pathlib import Path

import pytest

from naering_analysis import cli
from naering_analysis.errors import SSBUnavailable

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path, monkeypatch):
    shutil.copytree(REPO / "data" / "raw", tmp_path / "data" / "raw")
    for path in (tmp_path / "data" / "raw").rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    (tmp_path / "pyproject.toml").write_text("")
    monkeypatch.setenv("NAERING_ROOT", str(tmp_path))
    return tmp_path


def test_snapshots_lists_the_demo_as_synthetic(project, capsys):
    assert cli.main(["snapshots"]) == 0
    out = capsys.readouterr().out
    assert "SYNTETISK (demo)" in out
    for table in ("13470", "13472", "07984", "07459", "11616"):
        assert table in out


def test_build_then_up_to_date(project, capsys):
    assert cli.main(["build"]) == 0
    first = capsys.readouterr().out
    assert "Bygger employment.parquet" in first
    assert "SYNTETISKE DEMODATA" in first
    assert cli.main(["build"]) == 0
    assert "oppdatert" in capsys.readouterr().out


def test_build_chooses_the_method_and_keeps_it(project, capsys):
    assert cli.main(["build"]) == 0
    first = capsys.readouterr().out
    assert "Velger framskrivingsmetode ved backtest" in first
    assert "Framskrivingsmetode valgt på disse dataene: " in first and "relativ MASE" in first
    assert (project / "data" / "processed" / "metodevalg.json").is_file()
    assert cli.main(["build"]) == 0
    again = capsys.readouterr().out
    assert "Metodevalget er oppdatert" in again and "Velger" not in again
    assert first.splitlines()[-2] == again.splitlines()[-2]  # the same choice, read back


def test_backtest_shows_every_method_and_the_choice(project, capsys):
    assert cli.main(["backtest"]) == 0
    out = capsys.readouterr().out
    assert "SYNTETISKE DEMODATA" in out
    assert "| Rang | Metode" in out and "Relativ MASE" in out and "Dekning 80 %" in out
    assert "Valgt metode på disse dataene: " in out
    assert "Naiv (uendret nivå)" in out and "1,000" in out


def test_fetch_failure_exits_non_zero_with_one_line(project, capsys, monkeypatch):
    def unavailable(*args, **kwargs):
        raise SSBUnavailable("SSB svarte ikke etter 5 forsøk (tabell 13470).\nDetaljer her")

    monkeypatch.setattr("naering_analysis.datasets.fetch.fetch_tables", unavailable)
    assert cli.main(["fetch", "13470"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["feil: SSB svarte ikke etter 5 forsøk (tabell 13470)."]


def test_tampered_snapshot_fails_the_build(project, capsys):
    data = next((project / "data" / "raw" / "ssb" / "07459").iterdir()) / "data.json"
    data.write_bytes(data.read_bytes() + b" ")
    assert cli.main(["build"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("feil: ") and "data.json" in err
    assert len(err.strip().splitlines()) == 1


def test_version_flag(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("naering ")
