"""Notebooks are committed without outputs, paired with py:percent, and take the report parameters."""

from pathlib import Path

import jupytext
import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
PARAMETERS = ("kommune", "base_year", "target_rate", "target_year", "snapshot")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: strip outputs before committing"
            assert cell.execution_count is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_paired_script_matches(path):
    script = path.with_suffix(".py")
    assert script.is_file(), f"{path.name} has no paired py:percent script"
    from_script = jupytext.read(script)
    from_notebook = nbformat.read(path, as_version=4)
    assert [c.source for c in from_script.cells] == [c.source for c in from_notebook.cells], (
        f"{path.name} and {script.name} differ: run `jupytext --sync {script}`"
    )


@pytest.mark.parametrize(
    "path", [p for p in NOTEBOOKS if p.name[:2].isdigit()], ids=lambda p: p.name
)
def test_numbered_notebooks_take_the_report_parameters(path):
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{path.name}: exactly one cell tagged 'parameters'"
    for name in PARAMETERS:
        assert f"{name} =" in cells[0].source, f"{path.name}: parameter {name} missing"
