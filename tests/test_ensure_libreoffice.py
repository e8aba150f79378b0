"""scripts/ensure_libreoffice.sh, as `make test` runs it, on a machine without LibreOffice or apt-get."""

from __future__ import annotations

import os
import subprocess

from tests.helpers import REPO

SCRIPT = REPO / "scripts" / "ensure_libreoffice.sh"


def run_script(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the set-up script on a 'machine' without LibreOffice and without apt-get."""
    base = {k: v for k, v in os.environ.items() if k != "CI"}
    base |= {"NAERING_SOFFICE": "/nonexistent/soffice", "NAERING_NO_APT": "1"}
    return subprocess.run(
        [str(SCRIPT), *args], env=base | env, capture_output=True, text=True, check=False
    )


def test_setup_script_skips_with_one_line_when_it_cannot_install():
    done = run_script("--if-possible")
    assert done.returncode == 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "Word-testen (LibreOffice) hoppes over: fant ikke apt-get"
    )
    assert "NAERING_SOFFICE" in lines[0]


def test_setup_script_fails_under_ci_and_without_if_possible():
    assert run_script("--if-possible", CI="true").returncode == 1
    strict = run_script()
    assert strict.returncode == 1 and "Kan ikke installere LibreOffice" in strict.stderr


def test_setup_script_does_nothing_when_the_tools_are_there(tmp_path):
    for tool in ("soffice", "pdftoppm", "pdftotext", "pdfimages"):
        fake = tmp_path / tool
        fake.write_text("#!/bin/sh\n")
        fake.chmod(0o755)
    path = f"{tmp_path}:{os.environ['PATH']}"
    done = run_script(NAERING_SOFFICE=str(tmp_path / "soffice"), PATH=path, CI="true")
    assert done.returncode == 0 and done.stderr == ""
