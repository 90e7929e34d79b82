"""Packaging: pyproject.toml agrees with the CMake build it drives, and the installed layout is
what `import lamina` needs."""
import re
import sys

import pytest

import lamina
from conftest import ROOT

tomllib = pytest.importorskip("tomllib") if sys.version_info >= (3, 11) else pytest.importorskip("tomli")


def test_pyproject_matches_the_cmake_project():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    cmake_version = re.search(r"project\(lamina VERSION ([0-9.]+)", (ROOT / "CMakeLists.txt").read_text()).group(1)
    assert meta["project"]["version"] == cmake_version == lamina.__version__
    sk = meta["tool"]["scikit-build"]
    python_cmake = (ROOT / "python" / "CMakeLists.txt").read_text()
    for target in sk["build"]["targets"]:
        assert re.search(rf"pybind11_add_module\({target}\b", python_cmake), target
    for component in sk["install"]["components"]:
        assert f"COMPONENT {component}" in python_cmake
    assert meta["build-system"]["build-backend"] == "scikit_build_core.build"


def test_the_package_carries_its_stubs_and_marker():
    pkg = ROOT / "python" / "lamina"
    assert (pkg / "py.typed").exists()
    assert {p.name for p in (pkg / "_core").glob("*.pyi")} == {"__init__.pyi", "analysis.pyi", "figures.pyi", "report.pyi"}
