"""The synthetic demo snapshot: SSB-shaped responses for every catalogue table, offline.

SYNTETISKE DEMODATA – illustrasjonsdata, ikke offisielle tall fra SSB. The build machines cannot
reach SSB, so the bundle ships these files under ``data/raw/ssb/<table>/2026-11-26/``, calibrated
to published key figures (:mod:`naering_analysis.demo.calibration`), with seeded, realistic
year-to-year shocks on the municipal industry series (``noise``) and the two-digit SN2007 detail of
13470/13472 split exactly from the 17 groups (``divisions``). ``generate`` makes the bytes,
``snapshot`` writes or checks them, and ``scripts/make_demo_snapshot.py`` is the command.

May import: ``ssb``, ``snapshots``, ``reference`` and the ground floor. Nothing in the package
imports it except its command and the tests: the analysis never knows the data is generated
other than by the ``synthetic`` flag in the provenance.
"""

from naering_analysis.demo.generate import DemoTable, generate_all, generate_table

__all__ = ["DemoTable", "generate_all", "generate_table"]
