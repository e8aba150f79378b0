"""kunnskapsgrunnlag.docx read as XML: alt texts, captions, tables, sections, template, determinism."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from docx import Document

from naering_analysis.errors import MappingError
from naering_analysis.report.nb import DEMO_TEXT
from naering_analysis.report.run import make_report
from naering_analysis.report.word import DOCX, DocxTemplateError, build_docx, write_docx
from naering_analysis.report.word.sections import OTHER, fill, load_sections
from naering_analysis.report.word.template import default_template, open_template
from tests.helpers import REPO
from tests.report.docx_folder import FIGURES, LONG_ROWS, docx_folder, make_report_folder

__all__ = ["docx_folder"]  # the session fixture, imported so pytest finds it here

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def body(folder: Path) -> ElementTree.Element:
    with zipfile.ZipFile(folder / DOCX) as package:
        return ElementTree.fromstring(package.read("word/document.xml"))


def paragraph_texts(root: ElementTree.Element, style: str | None = None) -> list[str]:
    found = []
    for p in root.iter(f"{W}p"):
        style_el = p.find(f"{W}pPr/{W}pStyle")
        if style is None or (style_el is not None and style_el.get(f"{W}val") == style):
            found.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return found


def test_every_figure_has_its_alt_text_as_the_image_description(docx_folder: Path) -> None:
    descriptions = [d.get("descr") for d in body(docx_folder).iter(f"{WP}docPr")]
    # Written by hand in the fixture; the exporter puts the demo mark first for synthetic data.
    expected = [f"{DEMO_TEXT}. {alt}" for _title, alt in FIGURES.values()]
    assert sorted(descriptions) == sorted(expected)
    assert len(descriptions) == len(list((docx_folder / "figurer").glob("*.png"))) == 4


def test_figures_and_tables_are_numbered_in_caption_style(docx_folder: Path) -> None:
    root = body(docx_folder)
    captions = paragraph_texts(root, "Caption")
    figures = [c for c in captions if c.startswith("Figur")]
    tables = [c for c in captions if c.startswith("Tabell")]
    assert [c.split(":")[0] for c in figures] == ["Figur 1", "Figur 2", "Figur 3", "Figur 4"]
    assert [c.split(":")[0] for c in tables] == ["Tabell 1", "Tabell 2", "Tabell 3"]
    assert "Figur 1: Arbeidsplasser i Prøvdal" in figures
    fields = [f.get(f"{W}instr") for f in root.iter(f"{W}fldSimple")]
    assert fields.count(" SEQ Figur \\* ARABIC ") == 4
    assert fields.count(" SEQ Tabell \\* ARABIC ") == 3


def test_sections_follow_the_declared_analyses_and_keep_unlisted_ones(docx_folder: Path) -> None:
    headings = paragraph_texts(body(docx_folder), "Heading1")
    sections = [
        "Arbeidsplasser og satsingsbransjer",
        "Privat og offentlig sektor",
        "Sammenligning med andre kommuner",
        OTHER,
    ]
    assert [h for h in headings if h in sections] == sections
    assert headings[0].startswith("Sammendrag")
    assert headings[-1] == "Vedlegg: Metode"


def test_tables_are_word_tables_with_header_repeated_and_numbers_right(docx_folder: Path) -> None:
    document = Document(str(docx_folder / DOCX))
    by_first = {t.rows[1].cells[0].text: t for t in document.tables}
    small = by_first["Bygg og anlegg"]
    assert [c.text for c in small.rows[0].cells] == [
        "Bransje",
        "Arbeidsplasser 2025",
        "Årlig vekst 2017–2022",
    ]
    # Norwegian format from the xlsx number formats, by hand: 29399 → "29 399", 0.015 → "1,5 %".
    assert [c.text for c in small.rows[1].cells] == ["Bygg og anlegg", "29\xa0399", "1,5\xa0%"]
    assert [c.text for c in small.rows[2].cells][2] == "−0,3\xa0%"
    alignments = [c.paragraphs[0].alignment for c in small.rows[1].cells]
    assert [a is not None and int(a) for a in alignments] == [False, 2, 2]  # 2: right
    long = by_first["Kommune 00"]
    assert len(long.rows) == LONG_ROWS + 1
    for table in document.tables:
        header_flags = table.rows[0]._tr.findall(f"{W}trPr/{W}tblHeader")
        assert header_flags, "the header row must repeat on every page"
        assert not table.rows[1]._tr.findall(f"{W}trPr/{W}tblHeader")


def test_source_lines_stand_under_figures_and_tables(docx_folder: Path) -> None:
    texts = paragraph_texts(body(docx_folder))
    source = (
        "Kilde: Illustrasjonsdata laget etter mønster av SSB, tabell 13470 (generert 2026-11-26)"
    )
    for number in range(1, 5):
        at = next(i for i, t in enumerate(texts) if t.startswith(f"Figur {number}:"))
        assert texts[at + 1] == source
    assert texts.count(source) == 4 + 3


def test_title_page_has_date_source_and_demo_mark(docx_folder: Path) -> None:
    texts = paragraph_texts(body(docx_folder))
    first_page = texts[: next(i for i, t in enumerate(texts) if t.startswith("Sammendrag"))]
    page = "\n".join(first_page)
    assert "Kunnskapsgrunnlag: arbeidsplassvekst i Prøvdal" in page
    assert "Rapport 26.\xa0november 2026" in page
    assert f"Status: {DEMO_TEXT}." in page
    assert "målet om 1,5\xa0% årlig arbeidsplassvekst fra 2022 til 2030" in page
    # the summary's own demo note is left out: the title page says it once
    assert sum(DEMO_TEXT in t for t in texts) == 1


def test_real_data_has_no_demo_mark(tmp_path: Path) -> None:
    folder = make_report_folder(tmp_path, synthetic=False)
    write_docx(folder)
    texts = paragraph_texts(body(folder))
    assert not any(DEMO_TEXT in t for t in texts)
    assert any(
        t.startswith("Status: tall fra Statistisk sentralbyrå (SSB), hentet 2026-11-26")
        for t in texts
    )


def test_same_folder_gives_the_same_bytes_and_dated_properties(docx_folder: Path) -> None:
    assert build_docx(docx_folder) == (docx_folder / DOCX).read_bytes()
    properties = Document(str(docx_folder / DOCX)).core_properties
    assert properties.created is not None and properties.created.date().isoformat() == "2026-11-26"
    assert properties.modified == properties.created
    assert properties.title == "Kunnskapsgrunnlag: arbeidsplassvekst i Prøvdal"


def test_method_appendix_is_quoted_from_the_method_note() -> None:
    note = " ".join((REPO / "docs" / "metode.md").read_text("utf-8").split())
    appendix = (REPO / "src/naering_analysis/data/docx/metode_vedlegg.md").read_text("utf-8")
    paragraphs = [p for p in appendix.split("\n\n") if p.strip() and not p.startswith("#")]
    quoted = paragraphs[1:]  # the first says where it comes from
    assert len(quoted) >= 4
    for paragraph in quoted:
        assert " ".join(paragraph.split()) in note, paragraph[:80]


def test_unlisted_figures_and_tables_land_in_the_last_section() -> None:
    filled = fill(
        load_sections(),
        [("01_a", "f1"), ("42_new", "f42"), ("02b_x", "f2b")],
        [("12_sammenligning_2020_2025", "t12"), ("nytt", "tn"), ("privat_bransje", "tp")],
    )
    assert [(f.title, f.figures, f.tables) for f in filled] == [
        ("Arbeidsplasser og satsingsbransjer", ["f1"], []),
        ("Privat og offentlig sektor", ["f2b"], ["tp"]),
        ("Sammenligning med andre kommuner", [], ["t12"]),
        (OTHER, ["f42"], ["tn"]),
    ]


def test_a_figure_in_two_sections_is_refused() -> None:
    text = "sections:\n- {title: A, figures: ['01'], tables: []}\n- {title: B, figures: ['01'], tables: []}\n"
    with pytest.raises(MappingError, match="«01» står under både «A» og «B»"):
        load_sections(text)


# --- the user's template ------------------------------------------------------------------------


def test_missing_template_is_a_clear_norwegian_error(tmp_path: Path) -> None:
    with pytest.raises(DocxTemplateError, match=r"Fant ikke Word-malen .*mangler\.docx"):
        open_template(tmp_path / "mangler.docx")


def test_a_file_that_is_not_a_docx_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "mal.docx"
    fake.write_text("ikke et Word-dokument", "utf-8")
    with pytest.raises(DocxTemplateError, match=r"er ikke et Word-dokument \(\.docx\)"):
        open_template(fake)
    dotx = tmp_path / "mal.dotx"
    dotx.write_bytes(default_template().read_bytes())
    with pytest.raises(DocxTemplateError, match=r"Lagre som → Word-dokument \(\.docx\)"):
        open_template(dotx)


def test_a_template_without_caption_style_is_refused(tmp_path: Path) -> None:
    document = Document(str(default_template()))
    for style in list(document.styles.element):
        name = style.find(f"{W}name")
        if name is not None and name.get(f"{W}val") in {"caption", "heading 2"}:
            document.styles.element.remove(style)
    bare = tmp_path / "husmal.docx"
    document.save(str(bare))
    with pytest.raises(DocxTemplateError, match=r"mangler stilene Heading 2, Caption"):
        open_template(bare)


def test_a_house_template_gives_its_styles_and_loses_its_sample_text(
    docx_folder: Path, tmp_path: Path
) -> None:
    document = Document(str(default_template()))
    document.styles["Heading 1"].font.name = "Georgia"
    document.add_paragraph("Eksempeltekst fra malen")
    house = tmp_path / "husmal.docx"
    document.save(str(house))
    out = tmp_path / "rapport"
    out.mkdir()
    for item in docx_folder.iterdir():
        if item.is_dir():
            (out / item.name).symlink_to(item)
        elif item.name != DOCX:
            (out / item.name).write_bytes(item.read_bytes())
    built = Document(str(write_docx(out, house)))
    assert built.styles["Heading 1"].font.name == "Georgia"
    assert not any("Eksempeltekst" in p.text for p in built.paragraphs)


def test_report_checks_the_template_before_running_anything(tmp_path: Path) -> None:
    with pytest.raises(DocxTemplateError, match="Fant ikke Word-malen"):
        make_report(root=tmp_path, docx_template=tmp_path / "kommunemal.docx")
    assert not (tmp_path / "reports").exists()


def test_the_package_template_has_every_style_used() -> None:
    names = {s.name for s in open_template().styles}
    assert {"Normal", "Title", "Heading 1", "Heading 2", "Caption", "List Bullet"} <= names
    assert re.search(r"mal\.docx$", str(default_template()))
