"""A notebook failure quotes the statement that failed, not the cell's first line."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from naering_analysis.report.execute import ReportError, _execute


def test_failure_quotes_the_failing_statement(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("kommune = '3105'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import math\nx = 1\ny = math.sqrt(-x)\nz = 2"),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    book = tmp_path / "01_feiler.ipynb"
    nbformat.write(nb, book)
    with pytest.raises(ReportError) as caught:
        _execute(book, tmp_path / "ut.ipynb", {"kommune": "3105"}, cwd=tmp_path)
    first = str(caught.value).splitlines()[0]
    assert "(linje 3: y = math.sqrt(-x))" in first and "import math" not in first
    assert "ValueError: math domain error" in first
