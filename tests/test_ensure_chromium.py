"""scripts/ensure_chromium.sh, as `make test` runs it, on a machine without Chromium or apt-get."""

from __future__ import annotations

import os
import subprocess

from tests.helpers import REPO

SCRIPT = REPO / "scripts" / "ensure_chromium.sh"


def run_script(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the set-up script on a 'machine' without Chromium and without apt-get."""
    base = {k: v for k, v in os.environ.items() if k != "CI"}
    base |= {"NAERING_CHROMIUM": "/nonexistent/chromium", "NAERING_NO_APT": "1"}
    return subprocess.run(
        [str(SCRIPT), *args], env=base | env, capture_output=True, text=True, check=False
    )


def test_setup_script_skips_with_one_line_when_it_cannot_install():
    done = run_script("--if-possible")
    assert done.returncode == 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "Nettlesertestene hoppes over: fant ikke apt-get"
    )
    assert "NAERING_CHROMIUM" in lines[0]


def test_setup_script_fails_under_ci_and_without_if_possible():
    assert run_script("--if-possible", CI="true").returncode == 1
    strict = run_script()
    assert strict.returncode == 1 and "Kan ikke installere Chromium" in strict.stderr


def test_setup_script_does_nothing_when_the_browser_is_there(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    done = run_script(NAERING_CHROMIUM=str(fake), NAERING_CHROMEDRIVER=str(fake), CI="true")
    assert done.returncode == 0 and done.stderr == ""


def test_a_failing_apt_get_is_a_skip_with_its_reason(tmp_path):
    fake = tmp_path / "apt-get"
    fake.write_text("#!/bin/sh\necho 'E: Unable to locate package chromium' >&2\nexit 100\n")
    fake.chmod(0o755)
    path = f"{tmp_path}:{os.environ['PATH']}"
    done = run_script("--if-possible", NAERING_NO_APT="0", PATH=path)
    assert done.returncode == 0
    last = done.stderr.strip().splitlines()[-1]
    if os.geteuid() == 0:
        assert "Unable to locate package chromium" in done.stderr  # apt's own words are shown
        assert last.startswith("Nettlesertestene hoppes over: apt-get kunne ikke installere")
    else:
        assert last.startswith("Nettlesertestene hoppes over: installering krever root")
    assert run_script("--if-possible", NAERING_NO_APT="0", PATH=path, CI="true").returncode == 1
