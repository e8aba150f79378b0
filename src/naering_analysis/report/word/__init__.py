"""The council's Word attachment ``kunnskapsgrunnlag.docx``, built from a finished report folder.

:mod:`.build` lays the document out from what the folder holds (figures, tables, summary, key
figures); :mod:`.sections` says which figures and tables each section holds; :mod:`.markdown`
writes the summary and the method appendix; :mod:`.template` opens the package's or the
user's Word template (``naering report --docx-mal FIL``) and checks it; :mod:`.package` holds
the zip and XML details python-docx has no API for. Part of the ``report`` layer.
"""

from naering_analysis.report.word.build import DOCX, build_docx, write_docx
from naering_analysis.report.word.template import DocxTemplateError, check_template

__all__ = ["DOCX", "DocxTemplateError", "build_docx", "check_template", "write_docx"]
