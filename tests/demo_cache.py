"""One cold ``naering build`` of the demo per test session, copied into the projects that need it.

A cold ``naering build`` of the demo parses about 26 MB of JSON-stat (10–12 s on two cores) and
the method choice backtests 357 municipalities (a few seconds more). Most tests that build only
need a built cache to start from (a report, a backtest, a second build that must be skipped), so
the session runs the command once and those tests copy ``data/processed`` into their own project
(:func:`copy_processed`, a few milliseconds). The cache holds no paths, so a copy is up to date in
any project holding the same snapshots.

Tests of the cold build itself read what it did: the command's output
(:attr:`BuiltDemo.output`, which carries every progress message of the build) and the
:class:`~naering_analysis.datasets.build.BuildResult` it got (:attr:`BuiltDemo.result`). Nobody
gets the session's folder as a project: the fixture checks at the end of the session that no
file in it changed (:func:`tree_digest`), so a test that wrote into it fails loudly instead of
leaking into the tests after it.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from naering_analysis import cli
from naering_analysis.config import paths
from naering_analysis.datasets import build as build_module
from naering_analysis.datasets.build import BuildResult
from tests.helpers import REPO


@dataclass(frozen=True)
class BuiltDemo:
    """The session's built demo: its root (read only), what the build returned and printed."""

    root: Path
    result: BuildResult
    messages: tuple[str, ...]
    """The progress messages of the build (the function), in order."""
    output: str
    """Everything the command printed (stdout): those messages, then the method choice's."""

    @property
    def processed(self) -> Path:
        """The built ``data/processed`` (parquet files, manifest and the method choice)."""
        return paths(self.root).processed


def copy_raw(where: Path) -> Path:
    """Copy the repository's snapshots into ``where/data/raw``, writable, and mark it a project."""
    shutil.copytree(REPO / "data" / "raw", where / "data" / "raw")
    for path in (where / "data" / "raw").rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    (where / "pyproject.toml").write_text("")
    return where


def make_built_demo(where: Path) -> BuiltDemo:
    """Copy the snapshots to ``where`` and run ``naering build`` there, recording what it did."""
    root = copy_raw(where)
    results: list[BuildResult] = []
    messages: list[str] = []
    real_build = build_module.build

    def recording_build(
        *, progress: Callable[[str], None] = lambda _msg: None, **kwargs: Any
    ) -> BuildResult:
        def both(message: str) -> None:
            if not results:  # the command's own build; the cache reads after it build nothing
                messages.append(message)
            progress(message)

        result = real_build(progress=both, **kwargs)
        results.append(result)
        return result

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, redirect_stdout(out), redirect_stderr(err):
        patch.setenv("NAERING_ROOT", str(root))
        patch.setattr(build_module, "build", recording_build)
        code = cli.main(["build"])
    assert code == 0, f"naering build failed on the demo: {err.getvalue()}"
    result, *reads = results
    assert result.rebuilt, "the session's demo cache must come from a cold build"
    assert not any(read.rebuilt for read in reads)
    return BuiltDemo(root, result, tuple(messages), out.getvalue())


def copy_processed(built: BuiltDemo, project: Path) -> Path:
    """Put a copy of the built cache into ``project/data/processed`` and return the project."""
    target = paths(project).processed
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(built.processed, target)
    return project


def tree_digest(folder: Path) -> dict[str, str]:
    """Return the sha256 of every file below ``folder``, keyed by its relative path."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
