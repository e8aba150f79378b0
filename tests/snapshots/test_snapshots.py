import errno
import hashlib
import json
import os
import stat
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

import naering_analysis
from naering_analysis.errors import SnapshotError
from naering_analysis.snapshots import (
    damaged_snapshots,
    latest,
    list_snapshots,
    read_snapshot,
    save_metadata,
    save_snapshot,
)
from naering_analysis.snapshots import write as snapshot_write

WHEN = datetime(2025, 3, 14, 9, 30, 5, tzinfo=UTC)
URL = "https://data.ssb.no/api/pxwebapi/v2/tables/13470/data?lang=no"


def doc(value: int, updated: str = "2025-02-20T07:00:00Z") -> bytes:
    body = {
        "version": "2.0",
        "class": "dataset",
        "label": "13470: Sysselsatte – æøå",
        "updated": updated,
        "id": ["Tid"],
        "size": [1],
        "dimension": {"Tid": {"category": {"index": {"2023": 0}}}},
        "value": [value],
    }
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def save(root: Path, data: bytes, when: datetime = WHEN, **kwargs):
    return save_snapshot(
        "13470", [data], urls=[URL], query={"q": 1}, fetched_at=when, root=root, **kwargs
    )


def visible(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_save_single_response_is_byte_for_byte_with_full_provenance(tmp_path):
    data = doc(29399)
    result = save(tmp_path, data, note="test")
    assert result.status == "saved"
    assert result.path == tmp_path / "13470" / "2025-03-14"
    assert (result.path / "data.json").read_bytes() == data
    assert not (result.path / "responses").exists()
    prov = json.loads((result.path / "provenance.json").read_text(encoding="utf-8"))
    assert list(prov) == [
        "table", "title", "urls", "query", "fetched_at", "ssb_updated", "sha256", "bytes",
        "responses", "licence", "licence_url", "source", "package_version", "synthetic",
        "generator", "note",
    ]  # fmt: skip
    assert prov["sha256"] == hashlib.sha256(data).hexdigest()
    assert prov["bytes"] == len(data)
    assert prov["fetched_at"] == "2025-03-14T09:30:05Z"
    assert prov["ssb_updated"] == "2025-02-20T07:00:00Z"  # taken from the document
    assert prov["title"] == "13470: Sysselsatte – æøå"
    assert prov["responses"] == []
    assert prov["licence"] == "CC BY 4.0"
    assert prov["licence_url"] == "https://creativecommons.org/licenses/by/4.0/deed.no"
    assert prov["source"] == "Statistisk sentralbyrå (SSB)"
    assert prov["package_version"] == naering_analysis.__version__
    assert prov["synthetic"] is False and prov["generator"] is None
    assert prov == result.provenance
    # UTF-8, not \u escapes
    assert "Statistisk sentralbyrå" in (result.path / "provenance.json").read_text(encoding="utf-8")


def test_saved_files_are_read_only_and_no_temp_folder_remains(tmp_path):
    result = save(tmp_path, doc(1))
    for name in ("data.json", "provenance.json"):
        mode = stat.S_IMODE((result.path / name).stat().st_mode)
        assert mode == 0o444
    assert visible(tmp_path) == [
        "13470", "13470/2025-03-14", "13470/2025-03-14/data.json", "13470/2025-03-14/provenance.json",
    ]  # fmt: skip


def test_explicit_title_and_updated_win_over_document(tmp_path):
    result = save(tmp_path, doc(1), title="Min tittel", ssb_updated="2024-01-01T00:00:00Z")
    assert result.provenance["title"] == "Min tittel"
    assert result.provenance["ssb_updated"] == "2024-01-01T00:00:00Z"


def test_folder_date_is_utc_date(tmp_path):
    oslo_morning = datetime(2025, 3, 15, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    result = save(tmp_path, doc(1), when=oslo_morning)
    assert result.path.name == "2025-03-14"
    assert result.provenance["fetched_at"] == "2025-03-14T23:30:00Z"


def test_identical_same_day_is_skipped_and_different_gets_suffix(tmp_path):
    first = save(tmp_path, doc(1))
    before = visible(tmp_path)
    again = save(tmp_path, doc(1), when=WHEN + timedelta(hours=1))
    assert again.status == "skipped-identical"
    assert again.path == first.path
    assert again.provenance["fetched_at"] == "2025-03-14T09:30:05Z"  # the stored one
    assert visible(tmp_path) == before
    second = save(tmp_path, doc(2), when=WHEN + timedelta(hours=2))
    third = save(tmp_path, doc(3), when=WHEN + timedelta(hours=3))
    assert (second.status, second.path.name) == ("saved", "2025-03-14-2")
    assert third.path.name == "2025-03-14-3"
    assert (first.path / "data.json").read_bytes() == doc(1)  # never overwritten
    # Data flipping back to an earlier state is a new snapshot (compared with the newest of the day)
    back = save(tmp_path, doc(1), when=WHEN + timedelta(hours=4))
    assert (back.status, back.path.name) == ("saved", "2025-03-14-4")
    assert latest("13470", root=tmp_path).data == doc(1)


def test_new_day_gets_new_folder_even_if_identical(tmp_path):
    save(tmp_path, doc(1))
    result = save(tmp_path, doc(1), when=WHEN + timedelta(days=1))
    assert (result.status, result.path.name) == ("saved", "2025-03-15")


def test_several_responses_keep_raw_bytes_and_combined(tmp_path):
    parts = [doc(10), doc(20, updated="2025-02-21T07:00:00Z")]
    combined = doc(30)
    urls = [URL + "&part=1", URL + "&part=2"]
    result = save_snapshot(
        "13470", parts, urls=urls, query=[{"a": 1}, {"b": 2}], fetched_at=WHEN,
        combined=combined, root=tmp_path,
    )  # fmt: skip
    assert (result.path / "data.json").read_bytes() == combined
    assert (result.path / "responses" / "001.json").read_bytes() == parts[0]
    assert (result.path / "responses" / "002.json").read_bytes() == parts[1]
    entries = result.provenance["responses"]
    assert entries == [
        {"file": "responses/001.json", "sha256": hashlib.sha256(parts[0]).hexdigest(), "bytes": len(parts[0]), "url": urls[0]},
        {"file": "responses/002.json", "sha256": hashlib.sha256(parts[1]).hexdigest(), "bytes": len(parts[1]), "url": urls[1]},
    ]  # fmt: skip
    snap = read_snapshot(result.path)
    assert snap.data == combined
    assert snap.response_bytes() == parts


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"responses": [doc(1), doc(2)], "urls": [URL, URL]}, "combined"),
        ({"responses": [doc(1)], "urls": [URL, URL]}, "urls har 2"),
        (
            {"responses": [doc(1), doc(2)], "urls": [URL, URL], "combined": doc(3), "query": [{}]},
            "query har 1",
        ),
        ({"responses": [], "urls": []}, "minst ett svar"),
        ({"responses": [doc(1)], "urls": [URL], "combined": doc(2)}, "byte for byte"),
        ({"responses": [b"not json"], "urls": [URL]}, "gyldig UTF-8 JSON"),
        ({"responses": [b"[1, 2]"], "urls": [URL]}, "JSON-objekt"),
        ({"responses": [doc(1)], "urls": [URL], "synthetic": True}, "generator"),
        ({"responses": [doc(1)], "urls": [URL], "generator": "x.py"}, "synthetic=True"),
        ({"responses": [doc(1)], "urls": [URL], "fetched_at": datetime(2025, 1, 1)}, "tidssone"),
        ({"responses": [doc(1)], "urls": [URL], "query": {"x": object()}}, "JSON"),
    ],
)
def test_inconsistent_arguments_raise_and_write_nothing(tmp_path, kwargs, message):
    args = {"query": {}, "fetched_at": WHEN, "root": tmp_path, **kwargs}
    with pytest.raises(ValueError, match=message):
        save_snapshot("13470", **args)
    assert visible(tmp_path) == []


def test_bad_table_name_is_rejected(tmp_path):
    with pytest.raises(SnapshotError, match="Ugyldig tabellnavn"):
        save_snapshot("../x", [doc(1)], urls=[URL], query={}, fetched_at=WHEN, root=tmp_path)


def _fail_on_nth_write(monkeypatch, n: int) -> list[Path]:
    calls: list[Path] = []
    real = snapshot_write._write_file

    def flaky(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == n:
            with path.open("xb") as handle:  # half a file, then the disk is full
                handle.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, data)

    monkeypatch.setattr(snapshot_write, "_write_file", flaky)
    return calls


def test_disk_full_midway_leaves_nothing_and_existing_snapshot_untouched(tmp_path, monkeypatch):
    existing = save(tmp_path, doc(1))
    before = {p: p.read_bytes() for p in existing.path.iterdir()}
    listing = visible(tmp_path)
    calls = _fail_on_nth_write(monkeypatch, 3)  # 001.json written, 002.json fails
    with pytest.raises(SnapshotError) as info:
        save_snapshot(
            "13470", [doc(10), doc(20)], urls=[URL, URL], query=[{}, {}], combined=doc(30),
            fetched_at=WHEN + timedelta(hours=1), root=tmp_path,
        )  # fmt: skip
    assert len(calls) == 3
    text = str(info.value)
    assert "13470" in text and str(tmp_path / "13470") in text
    assert "Ingenting ble lagret" in text and "diskplass" in text
    assert "No space left on device" in text
    assert isinstance(info.value.__cause__, OSError)
    assert visible(tmp_path) == listing  # no temp folder, no half snapshot
    assert {p: p.read_bytes() for p in existing.path.iterdir()} == before
    assert read_snapshot(existing.path).data == doc(1)


def test_failure_on_first_save_removes_the_table_folder_it_created(tmp_path, monkeypatch):
    root = tmp_path / "data" / "raw" / "ssb"
    _fail_on_nth_write(monkeypatch, 1)
    with pytest.raises(SnapshotError, match="Ingenting ble lagret"):
        save(root, doc(1))
    assert visible(tmp_path) == []


def test_keyboard_interrupt_cleans_up_and_propagates(tmp_path, monkeypatch):
    save(tmp_path, doc(1))
    listing = visible(tmp_path)

    def interrupted(path: Path, data: bytes) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(snapshot_write, "_write_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save(tmp_path, doc(2))
    assert visible(tmp_path) == listing


def _tamper(path: Path, data: bytes) -> None:
    path.chmod(0o644)
    path.write_bytes(data)


def test_read_detects_edited_data(tmp_path):
    result = save(tmp_path, doc(100))
    _tamper(result.path / "data.json", doc(101))  # same size, different hash
    with pytest.raises(SnapshotError) as info:
        read_snapshot(result.path)
    text = str(info.value)
    assert "data.json" in text and "endret etter nedlasting" in text
    assert "naering fetch 13470" in text and "aldri redigeres" in text


def test_read_detects_size_change_and_edited_response(tmp_path):
    result = save_snapshot(
        "13470", [doc(1), doc(2)], urls=[URL, URL], query=[{}, {}], combined=doc(3),
        fetched_at=WHEN, root=tmp_path,
    )  # fmt: skip
    _tamper(result.path / "responses" / "002.json", doc(2) + b" ")
    with pytest.raises(SnapshotError, match=r"002\.json.*forventet"):
        read_snapshot(result.path)


def test_read_detects_missing_response_and_extra_file(tmp_path):
    result = save_snapshot(
        "13470", [doc(1), doc(2)], urls=[URL, URL], query=[{}, {}], combined=doc(3),
        fetched_at=WHEN, root=tmp_path,
    )  # fmt: skip
    (result.path / "responses" / "003.json").write_bytes(b"{}")
    with pytest.raises(SnapshotError, match=r"responses/003\.json"):
        read_snapshot(result.path)
    (result.path / "responses" / "003.json").unlink()
    (result.path / "responses" / "001.json").unlink()
    with pytest.raises(SnapshotError, match=r"001\.json kan ikke leses"):
        read_snapshot(result.path)


def test_missing_or_broken_provenance(tmp_path):
    folder = tmp_path / "13470" / "2025-01-01"
    folder.mkdir(parents=True)
    (folder / "data.json").write_bytes(doc(1))
    with pytest.raises(SnapshotError, match=r"provenance\.json mangler"):
        read_snapshot(folder)
    (folder / "provenance.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SnapshotError, match="Kan ikke lese"):
        read_snapshot(folder)
    (folder / "provenance.json").write_text('{"table": "13470"}', encoding="utf-8")
    with pytest.raises(SnapshotError, match="mangler nøklene"):
        read_snapshot(folder)
    # listing never fails on a damaged folder: it is set aside and named
    assert list_snapshots("13470", root=tmp_path) == []
    [damaged] = damaged_snapshots("13470", root=tmp_path)
    assert damaged.path == folder and "mangler nøklene" in damaged.reason


def test_list_snapshots_sorted_and_latest_prefers_real(tmp_path):
    demo = save(
        tmp_path, doc(5), when=WHEN + timedelta(days=30), synthetic=True, generator="demo.py"
    )
    real_old = save(tmp_path, doc(1), when=WHEN)
    real_new = save(tmp_path, doc(2), when=WHEN + timedelta(days=2))
    other = save_snapshot(
        "07459", [doc(9)], urls=[URL], query={}, fetched_at=WHEN - timedelta(days=9), root=tmp_path
    )
    (tmp_path / "13470" / ".2025-03-20.tmp-abcd").mkdir()  # leftovers of a crash are ignored
    infos = list_snapshots(root=tmp_path)
    assert [(i.table, i.date_label) for i in infos] == [
        ("07459", "2025-03-05"), ("13470", "2025-03-14"), ("13470", "2025-03-16"), ("13470", "2025-04-13"),
    ]  # fmt: skip
    assert [i.synthetic for i in infos] == [False, False, False, True]
    assert infos[1].sha256 == real_old.provenance["sha256"]
    assert infos[1].ssb_updated == "2025-02-20T07:00:00Z"
    assert infos[1].fetched_at == WHEN
    assert [i.path for i in list_snapshots("13470", root=tmp_path)] == [
        real_old.path,
        real_new.path,
        demo.path,
    ]
    assert latest("13470", root=tmp_path).path == real_new.path
    assert latest("07459", root=tmp_path).path == other.path


def test_latest_ties_on_fetch_time_are_broken_by_suffix(tmp_path):
    save(tmp_path, doc(1))
    second = save(tmp_path, doc(2))  # same second: only the folder suffix orders them
    assert latest("13470", root=tmp_path).path == second.path


def test_latest_falls_back_to_synthetic_then_errors(tmp_path):
    with pytest.raises(SnapshotError, match="naering fetch 13470"):
        latest("13470", root=tmp_path)
    demo = save(tmp_path, doc(5), synthetic=True, generator="scripts/make_demo.py")
    snap = latest("13470", root=tmp_path)
    assert snap.path == demo.path and snap.synthetic
    assert snap.provenance["generator"] == "scripts/make_demo.py"
    with pytest.raises(SnapshotError, match="bare syntetiske"):
        latest("13470", root=tmp_path, allow_synthetic=False)


def test_latest_verifies_checksums(tmp_path):
    result = save(tmp_path, doc(1))
    _tamper(result.path / "data.json", doc(7))
    with pytest.raises(SnapshotError, match="endret etter nedlasting") as caught:
        latest("13470", root=tmp_path)
    assert str(result.path) in str(caught.value) and "naering fetch 13470" in str(caught.value)


def test_list_sets_aside_a_snapshot_moved_to_another_table(tmp_path):
    result = save(tmp_path, doc(1))
    (tmp_path / "07459").mkdir()
    result.path.rename(tmp_path / "07459" / "2025-03-14")
    assert list_snapshots(root=tmp_path) == []
    [damaged] = damaged_snapshots(root=tmp_path)
    assert "gjelder tabell 13470" in damaged.reason


def _truncate(path):
    path.chmod(0o644)
    path.write_bytes(path.read_bytes()[:40])


def _stray(folder):
    (folder / "responses").chmod(0o755)
    (folder / "responses" / "999.json").write_text("{}")


def _no_responses(folder):
    for file in (folder / "responses").iterdir():
        file.chmod(0o644)
    (folder / "responses").chmod(0o755)
    for file in (folder / "responses").iterdir():
        file.unlink()
    (folder / "responses").rmdir()


DAMAGE = {
    "truncated provenance": lambda folder: _truncate(folder / "provenance.json"),
    "stray file": _stray,
    "responses deleted": _no_responses,
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_snapshot_is_set_aside_and_a_same_day_refetch_works(tmp_path, caplog, damage):
    first = save_snapshot(
        "13470", [doc(1), doc(2)], urls=[URL, URL], query=[{}, {}], combined=doc(3),
        fetched_at=WHEN, root=tmp_path,
    )  # fmt: skip
    older = save(tmp_path, doc(1), when=WHEN - timedelta(days=400))
    DAMAGE[damage](first.path)
    before = sorted((p.relative_to(first.path), p.read_bytes()) for p in first.path.rglob("*.json"))
    # the newest is damaged: the older one is used, and the damage is reported once
    assert latest("13470", root=tmp_path).path == older.path
    latest("13470", root=tmp_path)
    assert sum(str(first.path) in r.getMessage() for r in caplog.records) == 1
    # the same data fetched again the same day is written beside it, not skipped
    again = save_snapshot(
        "13470", [doc(1), doc(2)], urls=[URL, URL], query=[{}, {}], combined=doc(3),
        fetched_at=WHEN, root=tmp_path,
    )  # fmt: skip
    assert again.status == "saved" and again.path.name == "2025-03-14-2"
    assert latest("13470", root=tmp_path).path == again.path
    after = sorted((p.relative_to(first.path), p.read_bytes()) for p in first.path.rglob("*.json"))
    assert after == before  # never deleted or repaired
    assert [d.path for d in damaged_snapshots(root=tmp_path)] == [first.path]


def test_stale_temporary_folders_are_cleaned_at_the_next_save(tmp_path):
    save(tmp_path, doc(1))
    stale = tmp_path / "13470" / ".2025-03-13.tmp-dead"
    fresh = tmp_path / "13470" / ".2025-03-14.tmp-busy"
    for folder in (stale, fresh):
        folder.mkdir()
        (folder / "data.json").write_bytes(b"{}")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    save(tmp_path, doc(2), when=WHEN + timedelta(days=1))
    assert not stale.exists() and fresh.exists()  # a running fetch's folder is left alone


def test_metadata_is_kept_beside_the_snapshots(tmp_path):
    first = save_metadata("13470", {"id": ["Tid"]}, fetched_at=WHEN, root=tmp_path)
    second = save_metadata("13470", {"id": ["Tid", "x"]}, fetched_at=WHEN, root=tmp_path)
    assert first == tmp_path / "13470" / "metadata" / "2025-03-14T093005Z.json"
    assert second.name == "2025-03-14T093005Z-2.json"
    assert json.loads(first.read_text("utf-8")) == {"id": ["Tid"]}
    save(tmp_path, doc(1))
    assert [i.date_label for i in list_snapshots("13470", root=tmp_path)] == ["2025-03-14"]


def test_default_root_comes_from_config(tmp_path, monkeypatch):
    monkeypatch.setenv("NAERING_ROOT", str(tmp_path))
    result = save_snapshot("13470", [doc(1)], urls=[URL], query={}, fetched_at=WHEN)
    assert result.path == tmp_path / "data" / "raw" / "ssb" / "13470" / "2025-03-14"
    assert latest("13470").path == result.path
    assert list_snapshots() == list_snapshots(root=tmp_path / "data" / "raw" / "ssb")
