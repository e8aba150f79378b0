"""Serve the scenario explorer as a browser app with Voilà (``make explore``).

``python -m naering_analysis.explorer.app [--port N]`` runs Voilà in this process on
``http://127.0.0.1:<port>`` with the notebook ``notebooks/scenarioutforsker.ipynb``. The port comes
from ``--port``, else the environment variable ``NAERING_PORT``, else 8866. Voilà strips the code
cells, so a reader sees only the text and the widgets, and it shows no tracebacks.

Kernels are cleaned up twice over. When a page closes, Voilà's page sends a shutdown request for
its kernel (``navigator.sendBeacon`` to ``/voila/api/shutdown/<id>`` with the ``_xsrf`` cookie);
Voilà 0.5 never sets that cookie itself, so the request is refused with 403 and the kernel lives
on (voila-dashboards/voila#1458). :func:`set_xsrf_cookie`, run as Voilà's pre-launch hook on each
page request, sets it, and the shutdown then works with XSRF protection intact. A kernel left
without a connection (a browser that crashed or lost the network) is culled after
:data:`CULL_IDLE_SECONDS` idle seconds.

Examples
--------
>>> resolve_port("8870")
8870
>>> "--Voila.ip=127.0.0.1" in voila_argv(8866, Path("x.ipynb"))
True
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from traitlets.config import Config

from naering_analysis.config import paths

PORT_ENV = "NAERING_PORT"
DEFAULT_PORT = 8866
HOST = "127.0.0.1"
NOTEBOOK = "scenarioutforsker.ipynb"
CULL_IDLE_SECONDS = 600
CULL_INTERVAL_SECONDS = 60


class AppError(SystemExit):
    """A launch problem; exits with a Norwegian one-line message."""


def resolve_port(port: int | str | None = None) -> int:
    """Return ``port``, else ``$NAERING_PORT``, else :data:`DEFAULT_PORT`; checked to be 1–65535."""
    raw = port if port is not None else os.environ.get(PORT_ENV) or DEFAULT_PORT
    source = (
        "--port" if port is not None else (PORT_ENV if os.environ.get(PORT_ENV) else "standard")
    )
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise AppError(f"Ugyldig port {raw!r} ({source}); bruk et heltall, f.eks. 8866.") from None
    if not 1 <= value <= 65535:
        raise AppError(f"Ugyldig port {value} ({source}); porten må være mellom 1 og 65535.")
    return value


def port_is_free(port: int, host: str = HOST) -> bool:
    """Return True if nothing listens on ``host:port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def default_notebook() -> Path:
    """Return ``notebooks/scenarioutforsker.ipynb`` in the project root."""
    return paths().notebooks / NOTEBOOK


def voila_argv(port: int, notebook: Path) -> list[str]:
    """Return Voilà's arguments: ``notebook`` on ``127.0.0.1:port``, code hidden, idle kernels culled."""
    return [
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--Voila.port_retries=0",
        "--no-browser",
        "--strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
        "--MappingKernelManager.cull_connected=False",
    ]


def voila_command(
    port: int, *, notebook: Path | None = None, python: str | None = None
) -> list[str]:
    """Return the command line that starts the app (for a subprocess, e.g. in tests)."""
    nb = notebook if notebook is not None else default_notebook()
    return [
        python or sys.executable,
        "-m",
        "naering_analysis.explorer.app",
        f"--port={port}",
        f"--notebook={nb}",
    ]


def set_xsrf_cookie(req: Any, notebook: Any = None, cwd: str | None = None) -> None:
    """Voilà pre-launch hook: make the page response set the ``_xsrf`` cookie.

    Reading :attr:`tornado.web.RequestHandler.xsrf_token` sets the cookie; the page's shutdown
    beacon sends it back, so closing the page shuts its kernel down.
    """
    _ = req.xsrf_token


def voila_config() -> Config:
    """Return the Voilà configuration that cannot be given on the command line (the hook)."""
    config = Config()
    config.VoilaConfiguration.prelaunch_hook = set_xsrf_cookie
    return config


def serve(port: int, notebook: Path) -> None:
    """Run Voilà in this process until Ctrl+C or SIGTERM (it then shuts its kernels down)."""
    from voila.app import Voila

    os.environ.setdefault("MPLBACKEND", "Agg")
    Voila.launch_instance(argv=voila_argv(port, notebook), config=voila_config())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m naering_analysis.explorer.app",
        description="Start scenarioutforskeren som nettleserapp (Voilà) på 127.0.0.1.",
    )
    parser.add_argument(
        "--port", help=f"port (standard: ${PORT_ENV} eller {DEFAULT_PORT})", default=None
    )
    parser.add_argument("--notebook", type=Path, default=None, help="notatboken som vises")
    parser.add_argument(
        "--dry-run", action="store_true", help="skriv ut Voilà-argumentene uten å starte"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments and serve the explorer in the foreground (Ctrl+C stops it)."""
    args = _parser().parse_args(argv)
    port = resolve_port(args.port)
    notebook = args.notebook if args.notebook is not None else default_notebook()
    if not notebook.is_file():
        raise AppError(f"Fant ikke notatboken {notebook}; kjør fra prosjektmappen.")
    if args.dry_run:
        print("voila " + " ".join(voila_argv(port, notebook)))
        return 0
    if not port_is_free(port):
        raise AppError(
            f"Porten {port} er i bruk. Velg en annen, f.eks. `{PORT_ENV}={port + 1} make explore`."
        )
    from naering_analysis.datasets.build import build

    # The explorer reads its frames from data/processed: built here, where the steps show,
    # rather than behind the browser's spinner on the first start in a fresh clone.
    build(progress=lambda message: print(f"  {message}"))
    print(f"Scenarioutforskeren: åpne http://{HOST}:{port} i nettleseren. Ctrl+C stopper.")
    serve(port, notebook)
    return 0


if __name__ == "__main__":
    sys.exit(main())
