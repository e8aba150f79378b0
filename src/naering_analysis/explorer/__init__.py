"""The interactive scenario explorer, in JupyterLab and as a Voilà browser app.

:mod:`.inputs` parses and checks the slider values, :mod:`.view` holds the widgets,
:mod:`.chart` the live chart, :mod:`.files` saving and exporting, :mod:`.controller` wires them
to a prepared :class:`~naering_analysis.scenarios.ScenarioEngine`, and :mod:`.app` serves the
notebook ``scenarioutforsker`` with Voilà (``make explore``).

May import: ``scenarios``, ``figures``, ``forecast``, ``analysis``, ``datasets``, ``reference``
and the ground floor. Independent of its sibling ``report``.
"""

from naering_analysis.explorer.controller import ScenarioExplorer, explorer

__all__ = ["ScenarioExplorer", "explorer"]
