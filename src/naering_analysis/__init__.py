"""naering_analysis: SSB job statistics, scenarios and council figures for Sarpsborg's business programme."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("naering-analysis")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
