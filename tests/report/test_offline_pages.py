"""Notebook pages need no internet: the nbconvert template leaves every script out."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from naering_analysis.report.execute import export_html


def test_a_page_has_no_script_and_nothing_from_the_network(tmp_path: Path) -> None:
    notebook = nbformat.v4.new_notebook()
    table = (
        "<table><thead><tr><th>År</th></tr></thead><tbody><tr><td>2022</td></tr></tbody></table>"
    )
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Arbeidsplasser\n\nTekst for bystyret."),
        nbformat.v4.new_code_cell(
            "utforsker",
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        "application/vnd.jupyter.widget-view+json": {
                            "model_id": "abc",
                            "version_major": 2,
                            "version_minor": 0,
                        },
                        "text/plain": "VBox()",
                    },
                )
            ],
        ),
        nbformat.v4.new_code_cell(
            "tabell",
            outputs=[
                nbformat.v4.new_output(
                    "execute_result", data={"text/html": table, "text/plain": "2022"}
                )
            ],
        ),
    ]
    state = {"state": {"abc": {"model_name": "VBoxModel", "state": {}}}}
    notebook.metadata["widgets"] = {
        "application/vnd.jupyter.widget-state+json": {
            **state,
            "version_major": 2,
            "version_minor": 0,
        }
    }
    executed = tmp_path / "01_data.ipynb"
    nbformat.write(notebook, executed)
    page = export_html(executed).read_text("utf-8")
    assert "<script" not in page  # nbconvert's "lab" loads require.js and MathJax from cdnjs
    remote = re.findall(r"""(?:src|href)\s*=\s*["']?(https?:[^"'\s>]+)""", page)
    assert remote == []
    assert '<html lang="nb">' in page  # screen readers read it as Norwegian
    assert "Tekst for bystyret." in page and "<td>2022</td>" in page
    assert "tabell" not in page  # the code stays hidden
    # A widget needs a live kernel: the page says where it works instead of an empty box.
    assert "Her står et interaktivt verktøy" in page and "widget-view+json" not in page
