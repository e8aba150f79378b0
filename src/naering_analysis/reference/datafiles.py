"""Read a reference file: the package's own copy in ``naering_analysis/data``, or a given path."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def read_data_text(path: Path | str | None, default_name: str) -> tuple[str, str]:
    """Return ``(text, source)`` of ``path``, or of the package data file ``default_name``.

    ``source`` names the file in error messages, so a user knows which file to edit.
    """
    if path is not None:
        return Path(path).read_text(encoding="utf-8"), str(path)
    resource = files("naering_analysis") / "data" / default_name
    return resource.read_text(encoding="utf-8"), str(resource)
