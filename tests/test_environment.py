"""environment.yml (conda) and pyproject.toml/requirements.lock (uv) must describe the same environment."""

import importlib.util
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _sync_module():
    spec = importlib.util.spec_from_file_location(
        "sync_env", ROOT / "scripts" / "sync_environment.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _conda_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text("utf-8"))
    assert env["channels"] == ["conda-forge"]
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and dep not in {"pip"} and not dep.startswith("python="):
            name, _, version = dep.partition("==")
            pins[name] = version
    return pins


def test_environment_yml_names_the_same_packages_as_pyproject():
    sync = _sync_module()
    assert set(_conda_pins()) == set(sync.direct_dependencies())


def test_environment_yml_pins_the_locked_versions():
    sync = _sync_module()
    locked = sync.locked_versions()
    for name, version in _conda_pins().items():
        assert locked[name] == version, f"{name}: environment.yml {version} != lock {locked[name]}"


def test_environment_yml_uses_python_311():
    env = yaml.safe_load((ROOT / "environment.yml").read_text("utf-8"))
    assert "python=3.11" in env["dependencies"]


def test_lock_is_fully_pinned_with_hashes():
    text = (ROOT / "requirements.lock").read_text("utf-8")
    requirements = [ln for ln in text.splitlines() if re.match(r"^[A-Za-z0-9]", ln)]
    assert requirements, "requirements.lock is empty"
    assert all("==" in ln for ln in requirements)
    assert "--hash=sha256:" in text
