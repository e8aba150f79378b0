"""Exception types. Every message says what is wrong, where, and what to do next."""

from __future__ import annotations


class NaeringError(Exception):
    """Base class for all errors raised by naering_analysis.

    The message starts with a short line saying what went wrong, then the lines that help (what
    to do, which file). ``verbose`` holds technical detail (URLs, queries) that the CLI shows only
    with ``--verbose``.
    """

    def __init__(self, *args: object, verbose: str = "") -> None:
        super().__init__(*args)
        self.verbose = verbose


class SSBFormatError(NaeringError, ValueError):
    """A JSON-stat document is malformed or not the shape SSB sends."""


class SSBQueryError(NaeringError):
    """SSB rejected a query (HTTP 400, 403 or 404)."""

    def __init__(
        self,
        message: str,
        *,
        table: str = "",
        query: object = None,
        status: int | None = None,
        verbose: str = "",
    ):
        super().__init__(message, verbose=verbose)
        self.table = table
        self.query = query
        self.status = status


class SSBUnavailable(NaeringError):
    """SSB did not answer after all retries (429/503/connection errors)."""


class SSBIncompleteAnswer(SSBUnavailable):
    """SSB kept sending a web page or a cut-off body instead of JSON: a transient fault.

    Not an :class:`SSBFormatError`: nothing in the catalogue or the query is wrong, and only a
    later try helps (SSB's maintenance page, a proxy's error page, a dropped connection).
    """


class SSBNotAnswering(SSBUnavailable):
    """The connection to SSB stood, but no answer came in time (the network works)."""


class SnapshotError(NaeringError):
    """A raw snapshot is missing, tampered with, or could not be written."""


class UnknownCodeError(NaeringError, KeyError):
    """A region or industry code is not in the package's code lists."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class MappingError(NaeringError, ValueError):
    """A mapping file (focus industries, regions) is incomplete or maps a code twice."""


class SchemaError(NaeringError, ValueError):
    """A tidy frame does not have the columns or types its contract requires."""


class AnalysisError(NaeringError, ValueError):
    """An analysis cannot be computed from the data given (too short, across a break, ...)."""


class ScenarioError(NaeringError, ValueError):
    """A scenario file or parameter is invalid."""
