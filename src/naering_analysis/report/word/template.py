"""The Word template the attachment takes its styles from: the package's own, or the user's.

``naering report --docx-mal FIL`` swaps in a municipality's house template. It must be a Word
document (``.docx``) that defines the styles :data:`REQUIRED_STYLES`; its page set-up, headers,
footers and fonts then carry over, and its body text is left out.
"""

from __future__ import annotations

import zipfile
from importlib import resources
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.styles.style import ParagraphStyle

from naering_analysis.errors import NaeringError

#: The paragraph styles the attachment is written in.
REQUIRED_STYLES = ("Normal", "Heading 1", "Heading 2", "Caption")
#: Used when the template has them; otherwise the attachment falls back to a required style.
OPTIONAL_STYLES = {"Title": "Heading 1", "Subtitle": "Normal", "List Bullet": "Normal"}


class DocxTemplateError(NaeringError):
    """The Word template given with ``--docx-mal`` cannot be used."""


def default_template() -> Path:
    """Return the path of the package's template (``data/docx/mal.docx``)."""
    return Path(str(resources.files("naering_analysis") / "data" / "docx" / "mal.docx"))


def check_template(path: Path) -> None:
    """Raise :class:`DocxTemplateError` (in Norwegian) unless ``path`` is a usable template."""
    open_template(path)


def open_template(path: Path | None = None) -> DocumentObject:
    """Open the template (default: the package's) with an empty body, ready to be written to.

    Raises
    ------
    DocxTemplateError
        When the file is missing, is not a Word document (``.docx``), or lacks a style in
        :data:`REQUIRED_STYLES`; the message says which and what to do.
    """
    chosen = default_template() if path is None else Path(path)
    if not chosen.is_file():
        raise DocxTemplateError(
            f"Fant ikke Word-malen {chosen}.\nSjekk navnet og mappa i --docx-mal, eller utelat "
            "--docx-mal for å bruke pakkens egen mal."
        )
    if chosen.suffix.lower() in {".dotx", ".dotm", ".doc", ".docm"}:
        raise DocxTemplateError(
            f"Word-malen {chosen} er ikke et Word-dokument (.docx), men {chosen.suffix}.\n"
            "Åpne malen i Word, velg Fil → Lagre som → Word-dokument (.docx), og gi den nye "
            "fila til --docx-mal."
        )
    try:
        document = Document(str(chosen))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocxTemplateError(
            f"Word-malen {chosen} er ikke et Word-dokument (.docx) som kan leses ({exc}).\n"
            "Lagre malen i Word som Word-dokument (.docx) og prøv igjen."
        ) from exc
    missing = [name for name in REQUIRED_STYLES if not has_style(document, name)]
    if missing:
        raise DocxTemplateError(
            f"Word-malen {chosen} mangler {'stilen' if len(missing) == 1 else 'stilene'} "
            f"{', '.join(missing)}.\nRapporten skriver overskrifter, brødtekst og figur- og "
            "tabelltekster med dem. Bruk hver stil én gang i malen i Word (da lagres den i fila), "
            "lagre som .docx og prøv igjen."
        )
    body = document.element.body
    for child in list(body):  # the template's sample text; its last section set-up stays
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return document


def has_style(document: DocumentObject, name: str) -> bool:
    """Return whether ``document`` defines the paragraph style ``name`` (Word's English name)."""
    try:
        return document.styles[name].type == WD_STYLE_TYPE.PARAGRAPH
    except KeyError:
        return False


def style_name(document: DocumentObject, name: str) -> str:
    """Return ``name`` when ``document`` has it, else the required style that stands in for it."""
    return name if has_style(document, name) else OPTIONAL_STYLES.get(name, "Normal")


class StyleBook:
    """The document's paragraph styles by name, each looked up once.

    python-docx finds a style given by name by walking every style in the file, for each
    paragraph; given the style itself it does not. A name the template lacks gets the style
    that stands in for it (:func:`style_name`).
    """

    def __init__(self, document: DocumentObject) -> None:
        self._document = document
        self._found: dict[str, ParagraphStyle] = {}

    def __call__(self, name: str) -> ParagraphStyle:
        """Return the paragraph style ``name`` (or its stand-in)."""
        if name not in self._found:
            style = self._document.styles[style_name(self._document, name)]
            if not isinstance(style, ParagraphStyle):  # has_style checked the type
                raise DocxTemplateError(f"Stilen {name} i Word-malen er ikke en avsnittsstil.")
            self._found[name] = style
        return self._found[name]

    def has(self, name: str) -> bool:
        """Return whether the template itself defines ``name``."""
        return style_name(self._document, name) == name
