"""YAML from the package's own data files, parsed by libyaml where PyYAML has it.

Every process of a report reads the table catalogue, the terms registry, the focus mapping and the
region groups (120 kB of YAML): 0,16 s with PyYAML's pure-Python parser, 0,02 s with libyaml's,
to the same Python objects (a test parses every data file both ways). Users' own files
(scenarios, catalogue overrides) keep :func:`yaml.safe_load`, whose events their checks read.
"""

from __future__ import annotations

from typing import Any

import yaml

#: libyaml's safe loader when PyYAML was built with it, else the pure-Python one (same results).
SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Return the YAML document in ``text`` as :func:`yaml.safe_load` would, only faster.

    Raises :class:`yaml.YAMLError` as ``safe_load`` does, with the line and column.
    """
    return yaml.load(text, Loader=SAFE_LOADER)
