"""The package's architecture as a test: imports point down the layers, and nothing imports in circles.

The contracts live in ``pyproject.toml`` (``[tool.importlinter]``) and are checked by
import-linter; ``docs/ARCHITECTURE.md`` explains them. The last two tests plant a deliberate
upward import and a deliberate cycle in a copy of the package, to show the check can fail and that
its message names both modules.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

PACKAGE = REPO / "src" / "naering_analysis"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
GROUND_FLOOR = {"__init__", "config", "errors", "atomic", "numfmt", "yamltext", "cli"}
LAYERS = {
    "ssb",
    "snapshots",
    "reference",
    "demo",
    "datasets",
    "analysis",
    "forecast",
    "scenarios",
    "figures",
    "report",
    "explorer",
}


def lint_imports(src: Path, config: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the package under ``src`` with the contracts in ``config``."""
    env = {**os.environ, "PYTHONPATH": str(src), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [str(LINT_IMPORTS), str(config), "--no-cache"],
        capture_output=True,
        text=True,
        env=env,
        cwd=config.parent,
        check=False,
    )


def planted_copy(tmp_path: Path, module: str, line: str) -> Path:
    """Copy the package and pyproject to ``tmp_path`` and append ``line`` to ``module``'s file."""
    src = tmp_path / "src"
    shutil.copytree(PACKAGE, src / "naering_analysis", ignore=shutil.ignore_patterns("data"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    target = src / "naering_analysis" / (module.replace(".", "/") + ".py")
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return src


def test_the_contracts_hold() -> None:
    result = lint_imports(REPO / "src", REPO / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_only_the_ground_floor_and_cli_sit_at_the_top_level() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert modules == GROUND_FLOOR
    assert packages == LAYERS


def test_every_layer_has_a_face_that_says_what_it_may_import() -> None:
    for layer in LAYERS:
        face = (PACKAGE / layer / "__init__.py").read_text(encoding="utf-8")
        assert face.startswith('"""'), f"{layer}/__init__.py has no docstring"
        assert "May import" in face, f"{layer}/__init__.py does not say what it may import"


def test_an_upward_import_is_caught_and_named(tmp_path: Path) -> None:
    src = planted_copy(tmp_path, "ssb.query", "from naering_analysis.report import run  # noqa")
    result = lint_imports(src, tmp_path / "pyproject.toml")
    assert result.returncode != 0
    assert "Imports point down the layers BROKEN" in result.stdout
    assert "naering_analysis.ssb.query -> naering_analysis.report.run" in result.stdout


def test_a_cycle_is_caught_and_named(tmp_path: Path) -> None:
    # files.py is imported by controller.py; importing back closes a circle.
    src = planted_copy(tmp_path, "explorer.files", "import naering_analysis.explorer.controller")
    result = lint_imports(src, tmp_path / "pyproject.toml")
    assert result.returncode != 0
    assert "No import cycles between sibling modules or packages BROKEN" in result.stdout
    assert "naering_analysis.explorer" in result.stdout
    assert ".files -> .controller" in result.stdout


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_each_layer_imports_on_its_own(layer: str) -> None:
    # A fresh interpreter per layer: a face that only works after another layer was imported
    # first would pass a shared-process test suite and fail a user.
    code = f"import naering_analysis.{layer}"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
