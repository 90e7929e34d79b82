"""examples/microcircuit/generate.py writes the Potjans & Diesmann (2014) model: the paper's numbers
come out of its formulas, the scaling keeps the mean input, and the committed 10% file is what the
script writes today."""
import importlib.util
import math
import subprocess
import sys
import tomllib

import pytest

import lamina as la


@pytest.fixture
def mc(examples):
    spec = importlib.util.spec_from_file_location("mc_generate", examples / "microcircuit" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_paper_numbers(mc):
    # 77,169 neurons (paper Table 5), about 3e8 synapses from eq. (1) (NEST's example: 298,880,969).
    assert sum(mc.N_FULL) == 77169
    total = sum(map(sum, mc.full_synapse_numbers()))
    assert total == pytest.approx(2.98881e8, rel=1e-5)
    # A PSC of 87.81 pA gives a PSP peak of 0.15 mV (C_m 250 pF, tau_m 10 ms, tau_syn 0.5 ms),
    # the value of NEST's helpers.postsynaptic_potential_to_current.
    assert 0.15 * mc.psc_over_psp(250.0, 10.0, 0.5) == pytest.approx(87.81, abs=0.01)
    # Eq. (1) for a single pair reduces to p N_pre N_post when p is small.
    k = math.log(1 - 1e-4) / math.log(1 - 1 / (1000.0 * 1000.0))
    assert k == pytest.approx(1e-4 * 1e6, rel=1e-3)


def mean_input_pA(model, rates):
    """Mean synaptic + DC input of each population, tau_syn sum_j J_j K_j nu_j + I_e (pA), with the
    populations firing at `rates` (Hz) and the background as written in the file."""
    def pA(text):
        return float(text.split()[0])
    size = {n: p["size"] for n, p in model["populations"].items()}
    total = {n: pA(p["I_e"]) for n, p in model["populations"].items()}
    tau_syn = 0.5e-3  # s
    for c in model["connections"]:
        in_degree = c["N"] / size[c["target"]]
        total[c["target"]] += tau_syn * pA(c["weight"]["mean"]) * in_degree * rates[c["source"]]
    for s in model["stimuli"]:
        total[s["target"]] += tau_syn * pA(s["weight"]) * pA(s["rate"])
    return total


def test_full_scale_has_no_dc_and_scaling_keeps_the_mean_input(mc):
    full = tomllib.loads(mc.build_model(1.0, 1.0, 1000.0, "fixed_total_number", "original", 1, 1, 0.1))
    assert all(p["I_e"] == "0.000000 pA" for p in full["populations"].values())
    # At 10% the weights grow by 1/sqrt(0.1) and the DC makes up the rest: with every population at
    # its full-scale rate the mean input equals the full model's (van Albada et al. 2015). Equal up
    # to the rounding of synapse numbers and background in-degrees to integers (< 0.5%).
    scaled = tomllib.loads(mc.build_model(0.1, 0.1, 1000.0, "fixed_total_number", "original", 1, 1, 0.1))
    rates = dict(zip(mc.POPULATIONS, mc.FULL_MEAN_RATES))
    want, got = mean_input_pA(full, rates), mean_input_pA(scaled, rates)
    for name in mc.POPULATIONS:
        assert got[name] == pytest.approx(want[name], rel=5e-3), name
    # Background weight at K = 0.1: 87.81 pA / sqrt(0.1).
    assert float(scaled["stimuli"][0]["weight"].split()[0]) == pytest.approx(87.808 / math.sqrt(0.1), rel=1e-4)


def test_committed_ten_percent_file_is_current(examples):
    out = subprocess.run([sys.executable, str(examples / "microcircuit" / "generate.py"), "--scale", "0.1"],
                         check=True, capture_output=True, text=True).stdout
    assert out == (examples / "microcircuit" / "microcircuit_0.1.toml").read_text()


def test_ten_percent_file_loads_with_the_paper_sizes(examples):
    net = la.load(examples / "microcircuit" / "microcircuit_0.1.toml")
    # 10% of each population of Table 5, rounded.
    sizes = {name: p.size for name, p in net.populations.items()}
    assert sizes == {"L23E": 2068, "L23I": 583, "L4E": 2192, "L4I": 548, "L5E": 485, "L5I": 106,
                     "L6E": 1440, "L6I": 295}
