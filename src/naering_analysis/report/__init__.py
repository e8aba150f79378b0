"""The report: council figures and tables, notebooks run headless, key figures and the rollover.

:mod:`.inputs` gathers what every council figure and table is built from (frames, parameters,
scenario runs); :mod:`.council` builds the council set; :mod:`.keyfigures` writes
``nokkeltall.json`` and ``sammendrag.md``; :mod:`.nb` keeps the notebooks thin; :mod:`.run` is
``naering report``, which runs the notebooks side by side through :mod:`.execute` and ends with
the front page ``index.html`` (:mod:`.index`, from what :mod:`.contents` reads back from the
folder) and the council's Word attachment ``kunnskapsgrunnlag.docx`` (:mod:`.word`);
:mod:`.rollover` is the yearly ``naering rollover`` (``rollover`` here is the module;
``rollover.rollover`` runs it).

May import every layer below it: ``figures``, ``scenarios``, ``analysis``, ``forecast``,
``datasets``, ``reference`` and the ground floor. Only ``cli`` imports this layer;
``explorer`` is its independent sibling.
"""

from naering_analysis.report.rollover import RolloverResult
from naering_analysis.report.run import ReportError, ReportResult, make_report

__all__ = ["ReportError", "ReportResult", "RolloverResult", "make_report"]
