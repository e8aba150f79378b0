"""Markdown (``sammendrag.md``, the method appendix) written into a Word document.

Covers what those files use: headings, paragraphs, bullet lists, block quotes, pipe tables, and
bold, italic and code inline. Headings keep their level (``#`` is ``Heading 1``); deeper levels
become ``Heading 2``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx.document import Document as DocumentObject
from docx.text.paragraph import Paragraph

from naering_analysis.report.word.template import StyleBook

Token = dict[str, Any]
#: Writes a table: (document, header, rows of (text, is_number)) → None.
TableWriter = Callable[[DocumentObject, list[str], list[list[tuple[str, bool]]]], None]


def _plain(children: list[Token]) -> str:
    """Return the text of inline tokens without formatting."""
    parts = []
    for child in children:
        if child["type"] in {"softbreak", "linebreak"}:
            parts.append(" ")
        elif "children" in child:
            parts.append(_plain(child["children"]))
        else:
            parts.append(str(child.get("raw", "")))
    return "".join(parts)


def _inline(
    paragraph: Paragraph, children: list[Token], *, bold: bool = False, italic: bool = False
) -> None:
    """Append inline tokens to ``paragraph`` as runs, bold and italic as marked."""
    for child in children:
        kind = child["type"]
        if kind == "strong":
            _inline(paragraph, child["children"], bold=True, italic=italic)
        elif kind == "emphasis":
            _inline(paragraph, child["children"], bold=bold, italic=True)
        elif kind == "link":
            _inline(paragraph, child["children"], bold=bold, italic=italic)
        else:
            text = " " if kind in {"softbreak", "linebreak"} else str(child.get("raw", ""))
            run = paragraph.add_run(text)
            run.bold = bold or None
            run.italic = italic or None
            if kind == "codespan":
                run.font.name = "Courier New"


def add_markdown(
    document: DocumentObject,
    styles: StyleBook,
    text: str,
    write_table: TableWriter,
    *,
    skip_quote: Callable[[str], bool] = lambda _text: False,
) -> None:
    """Write the Markdown ``text`` into ``document`` at its end.

    ``write_table`` draws pipe tables (so they look like the council tables); a block quote whose
    text ``skip_quote`` accepts is left out (the summary's demo note, shown on the title page).
    """
    import mistune

    parse = mistune.create_markdown(renderer="ast", plugins=["table"])
    tokens: list[Token] = parse(text)  # type: ignore[assignment]
    _blocks(document, styles, tokens, write_table, skip_quote)


def _blocks(
    document: DocumentObject,
    styles: StyleBook,
    tokens: list[Token],
    write_table: TableWriter,
    skip_quote: Callable[[str], bool],
    *,
    style: str = "Normal",
) -> None:
    for token in tokens:
        kind = token["type"]
        if kind == "heading":
            level = 1 if token["attrs"]["level"] <= 1 else 2
            paragraph = document.add_paragraph(style=styles(f"Heading {level}"))
            _inline(paragraph, token["children"])
        elif kind in {"paragraph", "block_text"}:
            _inline(document.add_paragraph(style=styles(style)), token["children"])
        elif kind == "list":
            for item in token["children"]:
                for block in item["children"]:
                    paragraph = document.add_paragraph(style=styles("List Bullet"))
                    if not styles.has("List Bullet"):
                        paragraph.add_run("• ")
                    _inline(paragraph, block.get("children", []))
        elif kind == "block_quote":
            if not skip_quote(_plain(_flatten(token["children"]))):
                _blocks(document, styles, token["children"], write_table, skip_quote)
        elif kind == "table":
            head, body = token["children"]
            header = [_plain(cell["children"]) for cell in head["children"]]
            rows = [
                [
                    (_plain(cell["children"]), cell["attrs"].get("align") == "right")
                    for cell in row["children"]
                ]
                for row in body["children"]
            ]
            write_table(document, header, rows)
        elif kind == "block_code":
            document.add_paragraph(str(token.get("raw", "")).rstrip(), style=styles(style))


def _flatten(tokens: list[Token]) -> list[Token]:
    """Return the inline tokens of every block in ``tokens``."""
    found: list[Token] = []
    for token in tokens:
        if token["type"] in {"paragraph", "block_text", "heading"}:
            found.extend(token["children"])
        elif "children" in token:
            found.extend(_flatten(token["children"]))
    return found
