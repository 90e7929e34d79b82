"""Puts the lamina package built by CMake on sys.path: $LAMINA_BUILD_DIR/python (default build/python),
where the build places _core*.so next to copies of python/lamina/*.py."""
import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("LAMINA_BUILD_DIR", ROOT / "build"))
PACKAGE_PARENT = BUILD / "python"

if not list((PACKAGE_PARENT / "lamina").glob("_core*.so")):
    raise pytest.UsageError(
        f"lamina's Python module is not built in {PACKAGE_PARENT}/lamina (configure with pybind11-dev and "
        "python3-dev installed and LAMINA_BUILD_PYTHON=ON, then build; or set LAMINA_BUILD_DIR)")
sys.path.insert(0, str(PACKAGE_PARENT))

import lamina  # noqa: E402

# The module must come from the build tree, not from some installed copy.
assert pathlib.Path(lamina.__file__).resolve().parent == (PACKAGE_PARENT / "lamina").resolve(), lamina.__file__


@pytest.fixture
def examples():
    return ROOT / "examples"


@pytest.fixture
def root():
    return ROOT


# A Brunel network scaled down 12.5-fold in size and in-degree (NE = 800, NI = 200, CE = 80, CI = 20),
# fast enough for a unit test; the same overrides turn examples/brunel.toml into it.
SMALL_BRUNEL = {"populations.E.size": 800, "populations.I.size": 200, "connections.0.indegree": 80,
                "connections.1.indegree": 80, "connections.2.indegree": 20, "connections.3.indegree": 20,
                "simulation.threads": 1}


def brunel_in_python(seed=1, threads=1, NE=800, NI=200, CE=80, CI=20, J="0.1 mV", g=5.0, ext_rate="20 kHz"):
    """examples/brunel.toml written with the Python API (J a weight in mV, g the relative
    strength of inhibition, ext_rate the Poisson input per neuron)."""
    la = lamina
    net = la.Network(dt="0.1 ms", seed=seed, threads=threads)
    neuron = dict(E_L="0 mV", V_th="20 mV", V_reset="10 mV", tau_m="20 ms", t_ref="2 ms",
                  V_m=la.uniform("0 mV", "20 mV"))
    E = net.population("E", NE, "lif_psc_delta", **neuron)
    I = net.population("I", NI, "lif_psc_delta", **neuron)
    J_mV, _ = la.quantity(J) if isinstance(J, str) else (J, "mV")
    net.connect(E, [E, I], rule=la.FixedIndegree(CE), weight=J, delay="1.5 ms")
    net.connect(I, [E, I], rule=la.FixedIndegree(CI), weight=-g * J_mV, delay="1.5 ms")
    net.poisson_input([E, I], rate=ext_rate, weight=J)
    rec = net.record_spikes([E, I])
    net.record_state(E, ["V_m"], neurons=[0, 1, 2, 3, 4], interval="1 ms")
    return net, rec
