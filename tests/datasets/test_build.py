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


def test_second_build_is_skipped_and_force_rebuilds(project):
    build(root=project)
    assert not build(root=project).rebuilt
    assert build(root=project, force=True).rebuilt


def test_new_snapshot_triggers_a_rebuild(project):
    build(root=project)
    manifest = json.loads((project / "data" / "processed" / "manifest.json").read_text())
    manifest["inputs"]["13470"]["sha256"] = "0" * 64
    (project / "data" / "processed" / "manifest.json").write_text(json.dumps(manifest))
    assert build(root=project).rebuilt


def test_full_disk_leaves_previous_outputs_intact(project, monkeypatch):
    build(root=project)
    before = (project / "data" / "processed" / "employment.parquet").read_bytes()

    def full(frame, path, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    with pytest.raises(SnapshotError, match="diskplass"):
        build(root=project, force=True)
    assert (project / "data" / "processed" / "employment.parquet").read_bytes() == before
    leftovers = [p for p in (project / "data" / "processed").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_load_returns_a_frame(project):
    frame = build_module.load("population", root=project)
    assert {"region_code", "year", "population"} <= set(frame.columns)
