"""The Word attachment of the full offline report (the session's rollover): every figure, every table."""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree

from naering_analysis.report.contents import collect_tables
from naering_analysis.report.word import DOCX

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def test_report_folder_has_the_attachment_with_every_figure_and_table(rolled):
    _project, _previous, result, messages = rolled
    folder = result.report.path
    assert result.report.docx == folder / DOCX
    with zipfile.ZipFile(folder / DOCX) as package:
        root = ElementTree.fromstring(package.read("word/document.xml"))
        media = [n for n in package.namelist() if n.startswith("word/media/")]
    pngs = sorted((folder / "figurer").glob("*.png"))
    descriptions = sorted(d.get("descr", "") for d in root.iter(f"{WP}docPr"))
    alt_texts = sorted(p.with_name(f"{p.stem}.alt.txt").read_text("utf-8").strip() for p in pngs)
    assert descriptions == alt_texts
    assert len(media) == len(pngs) > 0
    captions = [
        "".join(t.text or "" for t in p.iter(f"{W}t"))
        for p in root.iter(f"{W}p")
        if (s := p.find(f"{W}pPr/{W}pStyle")) is not None and s.get(f"{W}val") == "Caption"
    ]
    tables = collect_tables(folder)
    titles = sorted(c.split(": ", 1)[1] for c in captions if c.startswith("Tabell "))
    assert titles == sorted(t.title for t in tables) and tables
    assert len(list(root.iter(f"{W}tbl"))) >= len(tables)
    assert any(re.fullmatch(r" *\d+,\d s  Skrev kunnskapsgrunnlag\.docx .*", m) for m in messages)
    assert "docx" in result.report.seconds
