"""The processed cache rebuilds only when its inputs change.

The cold build of the whole demo is the session's (``built_demo`` in tests/conftest.py, made
by ``naering build``); the other tests start from a copy of it (``built``) or build two tables
(``two_tables``), and so pay only for the rebuild they are about.
"""

import errno
import json

import pandas as pd
import pytest

from naering_analysis.datasets import build as build_module
from naering_analysis.datasets.build import OUTPUTS, build
from naering_analysis.errors import SnapshotError

REAL_TABLES = {"11618", "07459", "03321"}  # real public figures in the offline default


@pytest.fixture
def built(built_project):
    """A copy of the session's built demo for one test to change: its cache is up to date."""
    return built_project


@pytest.fixture
def two_tables(monkeypatch):
    """Let the build make two outputs (13470 and 07459) instead of all eleven.

    What decides whether to rebuild (the manifest against the snapshots, ``force``) is the same
    for two tables as for eleven; a rebuild of the whole demo costs 10 s, of these two about one.
    The whole demo's cold build is the session's (``test_build_writes_every_output_with_manifest``).
    """
    small = {name: OUTPUTS[name] for name in ("employment", "population")}
    monkeypatch.setattr(build_module, "OUTPUTS", small)
    return small


def test_build_writes_every_output_with_manifest(built_demo):
    project, result, messages = built_demo.root, built_demo.result, built_demo.messages
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


def test_a_cache_built_in_another_project_is_up_to_date(built):
    # The session's cache was built in another folder: the manifest names no paths.
    assert not build(root=built).rebuilt


def test_second_build_is_skipped_and_force_rebuilds(project, two_tables):
    assert build(root=project).rebuilt
    assert not build(root=project).rebuilt
    assert build(root=project, force=True).rebuilt


def test_new_snapshot_triggers_a_rebuild(project, two_tables):
    assert build(root=project).rebuilt
    manifest = json.loads((project / "data" / "processed" / "manifest.json").read_text())
    assert set(manifest["inputs"]) == {"13470", "07459"}
    manifest["inputs"]["13470"]["sha256"] = "0" * 64
    (project / "data" / "processed" / "manifest.json").write_text(json.dumps(manifest))
    assert build(root=project).rebuilt


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


def test_load_builds_the_cache_first_when_there_is_none(project, two_tables):
    assert not (project / "data" / "processed" / "manifest.json").exists()
    frame = build_module.load("population", root=project)
    assert {"region_code", "year", "population"} <= set(frame.columns) and len(frame) > 0
    manifest = json.loads((project / "data" / "processed" / "manifest.json").read_text())
    assert set(manifest["inputs"]) == {"13470", "07459"}
    assert frame.equals(pd.read_parquet(project / "data" / "processed" / "population.parquet"))


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
