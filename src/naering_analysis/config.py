"""All project paths, rooted in one place.

The project root is found from the environment variable ``NAERING_ROOT`` when set (tests and
``naering --root`` use it), otherwise by walking up from the working directory to the folder that
holds ``pyproject.toml`` and ``data/``; an installed package without a checkout falls back to the
working directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT_ENV = "NAERING_ROOT"


def find_root(start: Path | None = None) -> Path:
    """Return the project root: ``$NAERING_ROOT`` or the nearest parent holding ``pyproject.toml``."""
    env = os.environ.get(ROOT_ENV)
    if env:
        return Path(env).expanduser().resolve()
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "pyproject.toml").is_file() and (candidate / "data").is_dir():
            return candidate
    package_checkout = Path(__file__).resolve().parents[2]
    if (package_checkout / "pyproject.toml").is_file():
        return package_checkout
    return here


@dataclass(frozen=True)
class Paths:
    """The folders the bundle reads and writes, all below one root."""

    root: Path

    @property
    def raw(self) -> Path:
        """Immutable SSB snapshots: ``data/raw/ssb/<table>/<date>/``."""
        return self.root / "data" / "raw" / "ssb"

    @property
    def processed(self) -> Path:
        """Rebuildable parquet cache."""
        return self.root / "data" / "processed"

    @property
    def reports(self) -> Path:
        """Dated report folders."""
        return self.root / "reports"

    @property
    def notebooks(self) -> Path:
        """The numbered analysis notebooks."""
        return self.root / "notebooks"

    @property
    def scenarios(self) -> Path:
        """User-defined scenario YAML files (the built-in ones ship in the package)."""
        return self.root / "scenarios"

    @property
    def catalogue_overrides(self) -> Path:
        """User-level corrections of the table catalogue: ``katalog/<table>.yaml``.

        ``naering sjekk --rett`` writes them; the catalogue applies them over the package's own
        table files (never edited). A folder of its own at the root, beside ``scenarios/``: it is
        configuration a user may read and edit, not data (``data/raw`` is immutable snapshots,
        ``data/processed`` a rebuildable cache).
        """
        return self.root / "katalog"


def paths(root: Path | None = None) -> Paths:
    """Return the project paths for ``root`` (default: :func:`find_root`)."""
    return Paths(root=(root or find_root()).resolve())
