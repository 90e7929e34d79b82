"""Packaging: pyproject.toml and setup.py agree with the CMake build they drive, the installed layout is
what `import lamina` needs, and `pip install .` and `pip wheel .` work offline (no index, no build
isolation), reusing the test session's build directory so that they take seconds."""
import json
import math
import os
import re
import runpy
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile

import pytest

import lamina
from conftest import BUILD, ROOT

tomllib = pytest.importorskip("tomllib") if sys.version_info >= (3, 11) else pytest.importorskip("tomli")


@pytest.fixture(scope="module")
def setup_py():
    """setup.py's constants (setup() itself runs only as __main__, as pip runs it)."""
    pytest.importorskip("setuptools", minversion="61")
    return runpy.run_path(str(ROOT / "setup.py"), run_name="lamina_setup")


def test_pyproject_matches_the_cmake_project(setup_py):
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    cmake_version = re.search(r"project\(lamina VERSION ([0-9.]+)", (ROOT / "CMakeLists.txt").read_text()).group(1)
    assert meta["project"]["version"] == cmake_version == lamina.__version__
    assert meta["build-system"]["build-backend"] == "setuptools.build_meta"
    assert {re.split(r"[<>=!~ ]", r)[0] for r in meta["build-system"]["requires"]} == {"setuptools", "wheel"}
    top_cmake = (ROOT / "CMakeLists.txt").read_text()
    python_cmake = (ROOT / "python" / "CMakeLists.txt").read_text()
    assert re.search(rf"pybind11_add_module\({setup_py['CMAKE_TARGET']}\b", python_cmake)
    assert f"COMPONENT {setup_py['CMAKE_COMPONENT']}" in python_cmake
    for define in setup_py["CMAKE_DEFINES"]:   # every -D setup.py passes is an option or cache variable
        name = define.split(":")[0]
        assert re.search(rf"(option|set)\({name}\b", top_cmake + python_cmake), name


def test_the_package_carries_its_stubs_and_marker():
    pkg = ROOT / "python" / "lamina"
    assert (pkg / "py.typed").exists()
    assert {p.name for p in (pkg / "_core").glob("*.pyi")} == {"__init__.pyi", "analysis.pyi", "figures.pyi", "rate.pyi",
                                                                 "rate_theory.pyi", "report.pyi", "training.pyi"}


def _pip(tmp_path, *args):
    """Runs `python -m pip <args> .` in the checkout, offline, with setup.py building from the session's
    CMake build directory and setuptools' build directory under tmp_path; checks that nothing new
    appears in the checkout."""
    pytest.importorskip("setuptools", minversion="61")
    pytest.importorskip("wheel")
    pytest.importorskip("pip")
    if shutil.which("cmake") is None:
        pytest.skip("cmake not installed")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("PIP_")}
    env.update(LAMINA_CMAKE_BUILD_DIR=str(BUILD), LAMINA_SETUP_BUILD_BASE=str(tmp_path / "setuptools-build"),
               PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", PIP_ROOT_USER_ACTION="ignore")
    before = set(os.listdir(ROOT))
    done = subprocess.run([sys.executable, "-m", "pip", *args, "--no-build-isolation", "--no-deps", "."],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-5000:]
    assert set(os.listdir(ROOT)) - before == set(), "pip left files in the checkout"
    return done


def test_pip_install_gives_a_working_lamina(tmp_path):
    target = tmp_path / "site"
    _pip(tmp_path, "install", "--target", str(target))
    assert (target / "lamina" / ("_core" + sysconfig.get_config_var("EXT_SUFFIX"))).is_file()
    # One LIF neuron under a DC current, from the installed package only: from V_reset = E_L it
    # reaches V_th after tau_m ln((V_inf - V_reset) / (V_inf - V_th)), V_inf = E_L + I_e tau_m / C_m,
    # then stays t_ref refractory. On a 0.1 ms grid the spike times are within one step of that.
    script = textwrap.dedent("""
        import json, pathlib, sys
        import lamina as la
        assert pathlib.Path(la.__file__).resolve().parent == pathlib.Path(sys.argv[1]).resolve() / "lamina", la.__file__
        net = la.Network(dt="0.1 ms", seed=1)
        n = net.population("N", 1, "lif_psc_delta", E_L="-70 mV", V_reset="-70 mV", V_th="-55 mV",
                           C_m="250 pF", tau_m="10 ms", t_ref="2 ms", I_e="500 pA", V_m="-70 mV")
        rec = net.record_spikes(n)
        net.run("1000 ms")
        t, ids = rec.spikes("N")
        print(json.dumps({"t": t.tolist(), "ids": ids.tolist(), "file": la.__file__}))
    """)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(target)
    done = subprocess.run([sys.executable, "-c", script, str(target)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    t = out["t"]
    dt, tau_m, t_ref = 0.1, 10.0, 2.0
    v_inf = -70.0 + 500.0 * tau_m / 250.0                        # -50 mV
    t_rise = tau_m * math.log((v_inf - -70.0) / (v_inf - -55.0))  # 13.86 ms
    assert set(out["ids"]) == {0}
    assert abs(t[0] - t_rise) <= dt, t[:3]
    isis = [b - a for a, b in zip(t, t[1:])]
    assert all(abs(isi - (t_ref + t_rise)) <= dt + 1e-9 for isi in isis), (t_ref + t_rise, sorted(set(isis)))
    assert len(t) == 1 + int((1000.0 - t[0]) // isis[0])          # 63 spikes in 1 s, about 63 Hz


def test_pip_wheel_holds_the_module_and_the_package(tmp_path):
    _pip(tmp_path, "wheel", "-w", str(tmp_path / "wheels"))
    (wheel,) = (tmp_path / "wheels").glob("lamina-*.whl")
    assert not wheel.name.endswith("-none-any.whl"), wheel.name   # platform-specific: it has a compiled module
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "lamina/__init__.py" in names
    assert [n for n in names if re.fullmatch(r"lamina/_core[^/]*\.so", n)] == \
        ["lamina/_core" + sysconfig.get_config_var("EXT_SUFFIX")]
    assert {"lamina/py.typed", "lamina/_core/__init__.pyi", "lamina/network.py"} <= names
    assert not any(n.startswith(("python/", "src/", "tests/")) for n in names)
