"""The processed cache rebuilds only when its inputs change."""

import errno
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from naering_analysis.datasets import build as build_module
from naering_analysis.datasets.build import OUTPUTS, build
from naering_analysis.errors import SnapshotError

REPO = Path(__file__).resolve().parents[2]
REAL_TABLES = {"11618", "07459", "03321"}  # real public figures in the offline default


@pytest.fixture
def project(tmp_path):
    shutil.copytree(REPO / "data" / "raw", tmp_path / "data" / "raw")
    for path in (tmp_path / "data" / "raw").rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return tmp_path


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    """A project whose processed cache is built (once for this module: a cold build takes ~10 s)."""
    root = tmp_path_factory.mktemp("built")
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    build(root=root)
    return root


@pytest.fixture
def built(built_once, tmp_path):
    """A copy of :func:`built_once` for one test to change: its cache is up to date."""
    shutil.copytree(built_once / "data", tmp_path / "data")
    return tmp_path


def test_build_writes_every_output_with_manifest(project):
    messages = []
    result = build(root=project, progress=messages.append)
    assert result.rebuilt
    real = {name for name, (table, _f) in OUTPUTS.items() if table in REAL_TABLES}
    assert real == {"population", "labour", "commuting_flows"}
    for name in OUTPUTS:
        frame = pd.read_parquet(project / "data" / "processed" / f"{name}.parquet")
        assert frame.attrs["synthetic"] is (name not in real), name
    manifest = json.loads((project / "data" / "processed" / "manifest.json").read_text())
    assert manifest["synthetic"] is True  # the demo still serves every other table
    assert set(manifest["inputs"]) == {
        "13470",
        "13472",
        "07984",
        "07459",
        "11616",
        "11618",
        "14746",
        "01223",
        "08316",
        "08551",
        "03321",
    }
    assert any("syntetiske" in m for m in messages)


def test_second_build_is_skipped_and_force_rebuilds(built):
    assert not build(root=built).rebuilt
    assert build(root=built, force=True).rebuilt


def test_new_snapshot_triggers_a_rebuild(built):
    manifest = json.loads((built / "data" / "processed" / "manifest.json").read_text())
    manifest["inputs"]["13470"]["sha256"] = "0" * 64
    (built / "data" / "processed" / "manifest.json").write_text(json.dumps(manifest))
    assert build(root=built).rebuilt


def test_full_disk_leaves_previous_outputs_intact(built, monkeypatch):
    before = (built / "data" / "processed" / "employment.parquet").read_bytes()

    def full(frame, path, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    with pytest.raises(SnapshotError, match="diskplass"):
        build(root=built, force=True)
    assert (built / "data" / "processed" / "employment.parquet").read_bytes() == before
    leftovers = [p for p in (built / "data" / "processed").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_load_returns_a_frame(built):
    frame = build_module.load("population", root=built)
    assert {"region_code", "year", "population"} <= set(frame.columns)


def _count_full_checks(monkeypatch):
    """Count the calls that read and verify every snapshot (the expensive part of a check)."""
    calls = []
    real = build_module._inputs

    def counted(raw):
        calls.append(raw)
        return real(raw)

    monkeypatch.setattr(build_module, "_inputs", counted)
    return calls


def test_a_process_verifies_unchanged_snapshots_once(built, monkeypatch):
    monkeypatch.setattr(build_module, "SETTLED_SECONDS", 0.0)
    calls = _count_full_checks(monkeypatch)
    first = build(root=built)
    again = build(root=built)
    assert len(calls) == 1
    assert again == first and not again.rebuilt


def test_a_snapshot_edited_after_the_check_is_refused(built, monkeypatch):
    monkeypatch.setattr(build_module, "SETTLED_SECONDS", 0.0)
    assert not build(root=built).rebuilt  # checked in full and remembered
    data = sorted((built / "data" / "raw").rglob("data.json"))[0]
    raw = bytearray(data.read_bytes())
    raw[-2:-1] = b"}" if raw[-2:-1] != b"}" else b" "  # same size, other bytes
    data.write_bytes(bytes(raw))
    with pytest.raises(SnapshotError, match=r"stemmer ikke med provenance\.json"):
        build(root=built)


def test_files_changed_just_now_are_always_checked_in_full(built, monkeypatch):
    calls = _count_full_checks(monkeypatch)  # every file below data/ was copied just now
    build(root=built)
    build(root=built)
    assert len(calls) == 2


def test_a_removed_frame_is_noticed_after_a_remembered_check(built, monkeypatch):
    monkeypatch.setattr(build_module, "SETTLED_SECONDS", 0.0)
    build(root=built)  # checked in full and remembered

    def checks_again(raw):
        raise RuntimeError("checked in full")

    monkeypatch.setattr(build_module, "_inputs", checks_again)
    build(root=built)  # nothing changed: remembered
    (built / "data" / "processed" / "population.parquet").unlink()
    with pytest.raises(RuntimeError, match="checked in full"):
        build(root=built)


def test_load_reads_a_frame_once_and_hands_out_copies(built, monkeypatch):
    reads = []
    real = pd.read_parquet

    def counted(path, *args, **kwargs):
        reads.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pd, "read_parquet", counted)
    first = build_module.load("population", root=built)
    first.loc[:, "population"] = -1  # a caller's change stays its own
    first.attrs["provenance"][0]["table"] = "endret"
    second = build_module.load("population", root=built)
    assert len(reads) == 1
    assert (second["population"] >= 0).all()
    assert second.attrs["provenance"][0]["table"] == "07459"
    assert second.equals(real(built / "data" / "processed" / "population.parquet"))


def test_load_reads_a_rebuilt_frame_again(built, monkeypatch):
    before = build_module.load("population", root=built)
    path = built / "data" / "processed" / "population.parquet"
    changed = before.assign(population=before["population"] + 1)
    atomic = path.with_suffix(".tmp")
    changed.to_parquet(atomic, index=False)
    atomic.replace(path)  # as the build writes: a new file in its place
    assert (
        build_module.load("population", root=built)["population"] == changed["population"]
    ).all()
