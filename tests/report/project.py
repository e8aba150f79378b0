"""A temporary project to run the report in: the demo snapshot, the notebooks, a last year's report."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

from tests.demo_cache import BuiltDemo, copy_processed, copy_raw
from tests.helpers import REPO


def make_project(where: Path, built: BuiltDemo | None = None) -> Path:
    """Copy the raw snapshots and the numbered notebooks into ``where`` and mark it a project.

    With ``built`` (the session's ``built_demo``) the project gets a copy of its built cache
    too, so a report starts from data that is already built, as ``naering report`` does after
    ``naering build``.
    """
    copy_raw(where)
    (where / "notebooks").mkdir()
    for book in REPO.glob("notebooks/[0-9][0-9]_*.ipynb"):
        shutil.copy(book, where / "notebooks" / book.name)
    if built is not None:
        copy_processed(built, where)
    return where


def plant_previous_report(project: Path, figures: dict[str, Any]) -> Path:
    """A report from 'last year': one data year less and a revised 2020."""
    old = copy.deepcopy(figures)
    latest = str(old["data"]["latest_year"])
    del old["data"]["jobs_by_year"][latest]
    old["data"]["latest_year"] -= 1
    old["data"]["jobs_by_year"]["2020"] += 37
    old["goal"]["required_growth_rate"] -= 0.002
    old["meta"]["generated_at"] = "2025-11-20T08:00:00Z"
    for table in old["meta"]["snapshots"].values():
        table["sha256"] = "0" * 64
    folder = project / "reports" / "2025-11-20"
    folder.mkdir(parents=True)
    (folder / "nokkeltall.json").write_text(json.dumps(old, ensure_ascii=False))
    return folder
