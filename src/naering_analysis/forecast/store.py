"""Keep the method choice with the processed data, and redo it only when the data or code change.

:func:`stored_choice` returns the :class:`~naering_analysis.forecast.choice.MethodChoice` for a
frame from ``data/processed/metodevalg.json`` when that file was written for the same frame
content (:func:`frame_fingerprint`), the same code (:func:`code_fingerprint`: the source of this
package layer and the package version) and the same reference region; otherwise it runs
:func:`~naering_analysis.forecast.choice.choose_method` and writes the file atomically.
``naering build`` and the report both go through it, so the choice is made once per snapshot.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from naering_analysis import __version__
from naering_analysis.atomic import atomic_write_bytes
from naering_analysis.config import paths
from naering_analysis.forecast.choice import MethodChoice, choose_method

CHOICE_FILE = "metodevalg.json"


def frame_fingerprint(frame: pd.DataFrame) -> str:
    """Return a content hash of a tidy frame (columns, dtypes and values)."""
    digest = hashlib.sha256(repr((list(frame.columns), list(map(str, frame.dtypes)))).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


_FINGERPRINTS: dict[int, tuple[weakref.ref[pd.DataFrame], bytes, str]] = {}


def _numbers_digest(frame: pd.DataFrame) -> bytes:
    """Return a fast digest of the shape and numeric columns (microseconds on 67 000 rows)."""
    digest = hashlib.sha256(repr((frame.shape, list(frame.columns))).encode())
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values.dtype):
            numbers = values.to_numpy(dtype="float64", na_value=np.nan)
            digest.update(np.ascontiguousarray(numbers).tobytes())
    return digest.digest()


def cached_fingerprint(frame: pd.DataFrame) -> str:
    """Return :func:`frame_fingerprint` of ``frame``, hashing each frame object only once.

    The full hash of a national frame (67 000 rows with text codes) takes about 20 ms; callers
    that run many scenarios on the same frame (the explorer, the report) pay it once. The cached
    value is reused only for the same object with the same shape, columns and numbers (a cheap
    digest checked at every call), so changing ``jobs`` or ``year`` in place is noticed; code
    columns changed in place are not, so build a new frame instead of editing codes in place.
    """
    key = id(frame)
    quick = _numbers_digest(frame)
    hit = _FINGERPRINTS.get(key)
    if hit is not None and hit[0]() is frame and hit[1] == quick:
        return hit[2]
    value = frame_fingerprint(frame)

    def forget(_ref: weakref.ref[pd.DataFrame], k: int = key) -> None:
        _FINGERPRINTS.pop(k, None)

    _FINGERPRINTS[key] = (
        weakref.ref(frame, forget),
        quick,
        value,
    )
    return value


@cache
def code_fingerprint() -> str:
    """Return a hash of the forecast layer's source files and the package version."""
    digest = hashlib.sha256(__version__.encode())
    folder = resources.files("naering_analysis") / "forecast"
    for name in sorted(f.name for f in folder.iterdir() if f.name.endswith(".py")):
        digest.update(name.encode())
        digest.update(folder.joinpath(name).read_bytes())
    return digest.hexdigest()


def _key(frame: pd.DataFrame, reference: str, peers: tuple[str, ...]) -> dict[str, str]:
    return {
        "data": cached_fingerprint(frame),
        "code": code_fingerprint(),
        "reference": reference,
        "peers": ",".join(peers),
    }


def _json_default(value: object) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} kan ikke skrives som JSON")


def read_choice(path: Path, key: dict[str, str]) -> MethodChoice | None:
    """Return the stored choice in ``path`` if it was made for ``key``, else None."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("key") != key:
            return None
        return MethodChoice.from_dict(data["choice"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # unreadable or from an older layout: choose again


def stored_choice(
    frame: pd.DataFrame,
    folder: Path | None = None,
    *,
    reference: str = "0",
    force: bool = False,
    peers: Sequence[str] = (),
    progress: Callable[[str], None] = lambda _msg: None,
) -> MethodChoice:
    """Return the method choice for ``frame``, from ``folder`` when it is up to date.

    ``frame`` should be the widest panel in the snapshot (every municipality when the national
    panel is fetched). ``folder`` defaults to ``data/processed``
    (:func:`naering_analysis.config.paths`); ``force`` chooses again even when the stored choice
    is up to date; ``peers`` are the municipalities whose evidence is shown beside all.
    """
    path = (folder or paths().processed) / CHOICE_FILE
    peer_list = tuple(sorted(map(str, peers)))
    key = _key(frame, str(reference), peer_list)
    found = None if force else read_choice(path, key)
    if found is not None:
        progress(f"Metodevalget er oppdatert ({found.label}).")
        return found
    municipalities = frame["region_code"].astype(str).str.len().eq(4)
    count = frame.loc[municipalities, "region_code"].nunique()
    progress(f"Velger framskrivingsmetode ved backtest på {count} kommuner (tar noen sekunder) …")
    choice = choose_method(frame, reference=str(reference), peers=peer_list or None)
    payload = {
        "key": key,
        "written_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "choice": choice.to_dict(),
    }
    text = json.dumps(payload, ensure_ascii=False, indent=2, default=_json_default) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, text.encode("utf-8"))
    progress(f"Skrev metodevalget til {path}: {choice.label}.")
    return choice
