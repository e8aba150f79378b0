"""The council PDFs embed font subsets without layout tables, and look exactly the same."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from fontTools import subset
from matplotlib import font_manager
from matplotlib.backends import _backend_pdf_ps as pdf_ps
from matplotlib.figure import Figure

from naering_analysis.figures import pdf_fonts
from naering_analysis.figures.style import council_style

TEXT = "Arbeidsplasser i Sarpsborg – 29 399 (1,5 % årlig), Ærø, Østfold, «fi» og «ff»"


def _pdf() -> bytes:
    with council_style():
        fig = Figure(figsize=(6, 2))
        ax = fig.add_subplot()
        ax.plot([2015, 2020, 2025], [28_100, 29_399, 30_200])
        ax.set_title(TEXT, fontweight="bold")
        ax.set_xlabel("År (Å, ø, æ)")
        buffer = BytesIO()
        fig.savefig(buffer, format="pdf", metadata={"CreationDate": None})
    return buffer.getvalue()


def _tables_of_subset(glyphs: set[int]) -> set[str]:
    path = font_manager.findfont("DejaVu Sans")
    font_path = font_manager.FontPath(path, 0) if hasattr(font_manager, "FontPath") else path
    with pdf_ps.get_glyphs_subset(font_path, glyphs) as result:
        font = getattr(result, "font", result)
        return set(font.keys())


@pytest.fixture
def plain(monkeypatch):
    """matplotlib's own subsetting, restored after the test."""
    monkeypatch.setattr(pdf_ps, "subset", subset)


def test_the_subsets_leave_out_the_layout_tables_and_only_those(plain):
    glyphs = {36, 37, 38, 68, 69}  # a few Latin letters of DejaVu Sans
    before = _tables_of_subset(glyphs)
    assert {"GSUB", "GPOS"} <= before  # DejaVu Sans has them, so the test can fail
    assert pdf_ps.subset is subset
    assert pdf_fonts.use_layout_free_subsets()
    assert pdf_fonts.use_layout_free_subsets()  # a second call changes nothing
    after = _tables_of_subset(glyphs)
    assert after == before - set(pdf_fonts.LAYOUT_TABLES)
    assert (
        subset.Options().drop_tables == subset.Options._drop_tables_default
    )  # fontTools untouched


@pytest.mark.parametrize(
    "glyphs",
    [{36, 37, 38, 68, 69}, set(range(3, 200)), {0, 3, 1000, 2000, 3000, 4000}],
    ids=["latin", "first-200", "spread"],
)
def test_the_layout_tables_removed_at_load_give_the_same_subset_byte_for_byte(glyphs):
    path = font_manager.findfont("DejaVu Sans")
    options_class = pdf_fonts._options_class()
    made = []
    for load in (subset.load_font, pdf_fonts._layout_free_font(subset.load_font)):
        options = options_class(glyph_names=True, recommended_glyphs=True)
        font = load(path, options)
        subsetter = subset.Subsetter(options=options)
        subsetter.populate(gids=glyphs)
        subsetter.subset(font)
        buffer = BytesIO()
        font.save(buffer, reorderTables=False)
        made.append((buffer.getvalue(), subsetter.glyph_index_map))
    assert made[0] == made[1]
    assert "kern" in subset.load_font(path, subset.Options())  # so the kern rule is exercised


def test_a_pdf_without_layout_tables_looks_the_same_pixel_for_pixel(plain, tmp_path: Path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) mangler")
    old = _pdf()
    pdf_fonts.use_layout_free_subsets()
    new = _pdf()
    assert new != old and len(new) < len(old)  # the fonts did change
    pages = []
    for name, data in (("gammel", old), ("ny", new)):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", "200", "-png", "-singlefile", f"{name}.pdf", name],
            cwd=tmp_path,
            check=True,
        )
        pages.append((tmp_path / f"{name}.png").read_bytes())
    assert pages[0] == pages[1]
