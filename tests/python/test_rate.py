"""lamina.rate: building, running, recording and Lyapunov spectra from Python, against analytic
values; the model-file loader; errors; and the docs/rate.md example."""
import math
import pathlib
import re
import subprocess

import numpy as np
import pytest

import lamina
import lamina.rate as lr
from conftest import BUILD, ROOT


def test_linear_unit_relaxes_to_its_input_exactly():
    # tau dx/dt = -x + b u: x(t) = b u (1 - e^{-t/tau}) with the exact integrator (to rounding).
    net = lr.RateNetwork(dt="0.5 ms", integrator="exact")
    net.population("u", 3, tau="10 ms", phi="linear")
    net.input("u", "constant", amplitude=2.0, weight=[1.0, 0.5, -1.0])
    net.record("u", "x", interval="5 ms")
    net.run("50 ms")
    rec = net.recordings()["x_u"]
    assert rec.values.shape == (1, 10, 3)
    expect = 2.0 * np.outer(1 - np.exp(-rec.times / 10.0), [1.0, 0.5, -1.0])
    np.testing.assert_allclose(rec.values[0], expect, rtol=0, atol=1e-12)


def test_trials_share_deterministic_input_and_differ_by_noise():
    net = lr.RateNetwork(dt="0.1 ms", trials=4, seed=3)
    net.population("u", 50, tau="10 ms", phi="linear", noise_std=0.2)
    net.run("20 ms")
    states = np.array([net.state(r) for r in range(4)])
    assert not np.allclose(states[0], states[1])
    # Same seed, same trial: the same numbers (keyed by seed, trial, unit, step).
    again = lr.RateNetwork(dt="0.1 ms", trials=2, seed=3)
    again.population("u", 50, tau="10 ms", phi="linear", noise_std=0.2)
    again.run("20 ms")
    np.testing.assert_array_equal(again.state(1), states[1])


def test_low_rank_connectivity_is_applied_in_factored_form():
    rng = np.random.default_rng(1)
    m, n = rng.normal(size=(200, 2)), rng.normal(size=(200, 2))
    net = lr.RateNetwork()
    net.population("E", 200)
    net.connect("E", "E", "low_rank", m=m, n=n)
    sim = net.build()
    phi = rng.normal(size=(200, 3))
    np.testing.assert_allclose(sim.apply_connectivity(phi), m @ (n.T @ phi) / 200, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(sim.connectivity_matrix(), m @ n.T / 200, rtol=1e-12, atol=1e-14)


def test_sparse_matrix_from_scipy_and_readout():
    sp = pytest.importorskip("scipy.sparse")
    W = sp.random(30, 30, density=0.1, random_state=2, format="csr")
    net = lr.RateNetwork(dt="1 ms")
    net.population("E", 30, x0=0.5, phi="relu")
    net.connect("E", "E", "matrix", weights=W)
    net.record("E", "readout", readout=np.ones((2, 30)), interval="1 ms", name="sum")
    net.run("1 ms")
    np.testing.assert_allclose(net.connectivity_matrix(), W.toarray(), atol=1e-15)
    # One Euler step from x0 = 0.5: x = 0.5 + 0.1 (-0.5 + W relu(0.5)); readout = sum relu(x).
    x = 0.5 + 0.1 * (-0.5 + W.toarray() @ np.full(30, 0.5))
    assert net.recordings()["sum"].values[0, 0, 1] == pytest.approx(np.maximum(x, 0).sum(), rel=1e-12)


def test_lyapunov_below_transition_and_kaplan_yorke():
    # g = 0.5: the largest exponent is max ln|1 - h + h mu| / dt over J's eigenvalues (Euler map).
    net = lr.RateNetwork(dt="1 ms")
    net.population("net", 100, tau="10 ms", x0=lr.normal(0, 1))
    net.connect("net", "net", "random", g=0.5)
    mu = np.linalg.eigvals(net.connectivity_matrix())
    exact = np.max(np.log(np.abs(1 - 0.1 + 0.1 * mu)))
    res = net.lyapunov(3, time="2 s", transient="500 ms")
    assert res.exponents[0] == pytest.approx(exact, rel=0.01)
    assert res.kaplan_yorke == 0.0
    assert lr.kaplan_yorke_dimension([0.1, -0.2, -0.5]) == pytest.approx(1.5)


def test_chaotic_network_has_positive_exponent(examples):
    net = lr.load(examples / "rate" / "chaos.toml", set={"rate_populations.net.size": 300,
                                                         "rate_connections.0.g": 3.0})
    res = net.lyapunov(2, time="1 s", transient="200 ms", renormalize="5 ms")
    # N = 300, g = 3: about 0.2 / tau (mean-field 0.236 for N -> infinity).
    assert 0.1 < res.exponents[0] * 10.0 < 0.3


def test_errors_name_the_call():
    net = lr.RateNetwork()
    with pytest.raises(lamina.InputError, match=r"test_rate.py:\d+: tau"):
        net.population("E", 10, tau="5 mV")
    with pytest.raises(lamina.UnknownNameError, match="softplus"):
        net.population("E", 10, phi="softplus")
    net.population("E", 10)
    net.connect("E", "I", "random")
    with pytest.raises(lamina.UnknownNameError, match='no rate population named "I"'):
        net.build()
    with pytest.raises(lamina.InputError, match=r"bad.toml:3: rate_populations.E.tau: must be a positive time"):
        lamina._core.rate.parse_model('[rate_populations.E]\nsize = 3\ntau = "-1 ms"\n', "bad.toml")


def test_cli_run_and_lyapunov(tmp_path, examples):
    cli = BUILD / "lamina"
    sets = ["--set", "rate_populations.net.size=200", "--set", "simulation.duration=100 ms"]
    subprocess.run([str(cli), "run", str(examples / "rate" / "chaos.toml"), "--out", str(tmp_path), *sets],
                   check=True, capture_output=True)
    import h5py
    with h5py.File(tmp_path / "activity.h5") as f:
        assert f["rate/activity/data"].shape == (1, 100, 10)
        assert f["rate/activity/time"][-1] == pytest.approx(100.0)
    out = subprocess.run([str(cli), "lyapunov", str(examples / "rate" / "chaos.toml"), *sets, "--k", "0",
                          "--time", "300 ms", "--transient", "50 ms"], check=True, capture_output=True, text=True).stdout
    assert "Kaplan-Yorke dimension" in out
    check = subprocess.run([str(cli), "check", str(examples / "rate" / "chaos.toml")], check=True, capture_output=True,
                           text=True).stdout
    assert "ok: rate model, 1 populations, 1000 units" in check
    total, logdet = map(float, re.search(r"sum of exponents (\S+) 1/ms; mean ln\|det\| of the step maps (\S+)", out).groups())
    assert total == pytest.approx(logdet, rel=1e-9)
    bad = subprocess.run([str(cli), "lyapunov", str(examples / "rate" / "chaos.toml"), "--set",
                          "rate_populations.net.tau=-3 ms"], capture_output=True, text=True)
    assert bad.returncode == 2 and "tau" in bad.stderr


def test_docs_rate_example_runs(capsys):
    text = (ROOT / "docs" / "rate.md").read_text()
    for k, block in enumerate(re.findall(r"```python\n(.*?)```", text, flags=re.S)):
        exec(compile(block, f"docs/rate.md block {k + 1}", "exec"), {"__name__": "docs_rate"})
    assert "(2, 100, 5)" in capsys.readouterr().out


def test_model_file_reads_arrays_from_npy_csv_and_h5(tmp_path):
    import h5py
    rng = np.random.default_rng(5)
    J, Jf = rng.normal(size=(6, 6)), np.asfortranarray(rng.normal(size=(6, 6)))
    np.save(tmp_path / "J.npy", J)
    np.save(tmp_path / "Jf.npy", Jf.astype(np.float32))
    trip = np.array([[0, 1, 0.5], [2, 3, -1.0], [2, 3, 0.25]])  # duplicates are summed
    np.savetxt(tmp_path / "trip.csv", trip, delimiter=",")
    with h5py.File(tmp_path / "w.h5", "w") as f:
        f["/readout/W"] = np.ones((2, 6))
    np.savetxt(tmp_path / "u.csv", np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]))
    (tmp_path / "m.toml").write_text('''
[simulation]
dt = "1 ms"
[rate_populations.E]
size = 6
phi = "linear"
[[rate_connections]]
source = "E"
target = "E"
rule = "matrix"
weights_file = "J.npy"
[[rate_connections]]
source = "E"
target = "E"
rule = "matrix"
weights_file = "Jf.npy"
scale = 2.0
[[rate_connections]]
source = "E"
target = "E"
rule = "matrix"
format = "triplets"
weights_file = "trip.csv"
[[rate_inputs]]
name = "u"
target = "E"
type = "series"
values_file = "u.csv"
column = 1
dt = "1 ms"
weight = [1, 0, 0, 0, 0, 0]
[[rate_recorders]]
name = "y"
population = "E"
variable = "readout"
outputs = 2
weights_file = "w.h5"
weights_dataset = "/readout/W"
''')
    net = lr.load(tmp_path / "m.toml")
    expect = J + 2.0 * Jf.astype(np.float32).astype(float)
    expect[0, 1] += 0.5
    expect[2, 3] += -0.75
    np.testing.assert_allclose(net.connectivity_matrix(), expect, rtol=1e-15, atol=1e-15)
    assert list(net.spec.inputs[0].series) == [1.0, 3.0, 5.0]
    net.run("3 ms")
    assert net.recordings()["y"].values.shape == (1, 3, 2)
    # Shape mismatch names the file and the key.
    np.save(tmp_path / "bad.npy", np.zeros((5, 6)))
    with pytest.raises(lamina.InputError, match=r"--set rate_connections\[0\]\.weights: expected a 6 x 6 array, got 5 x 6 in .*bad\.npy"):
        lr.load(tmp_path / "m.toml", set={"rate_connections.0.weights_file": "bad.npy"})


def test_cli_rate_summary_and_ctrl_c(tmp_path, examples):
    """summary.json of a rate run holds the resolved model; Ctrl-C stops the run cleanly with what
    was simulated written ("completed": false, exit status 130), as for spiking runs."""
    import json
    import signal
    import time
    cli = BUILD / "lamina"
    out = tmp_path / "full"
    subprocess.run([str(cli), "run", str(examples / "rate" / "chaos.toml"), "--out", str(out),
                    "--set", "rate_populations.net.size=100", "--set", "simulation.duration=20 ms"],
                   check=True, capture_output=True)
    s = json.loads((out / "summary.json").read_text())
    assert s["completed"] is True and s["simulated_time_ms"] == pytest.approx(20.0)
    m = s["model"]
    assert m["simulation"]["duration_ms"] == pytest.approx(20.0) and m["simulation"]["integrator"] in ("euler", "rk4")
    assert m["rate_populations"]["net"]["size"] == 100 and m["rate_populations"]["net"]["phi"] == "tanh"
    c = m["rate_connections"][0]
    assert c["rule"] == "random" and c["source"] == c["target"] == "net" and c["scale"] == 1.0
    assert c["g"] == 1.5 and c["mean"] == 0.0 and c["autapses"] is True  # chaos.toml's g, defaults filled in
    assert m["rate_populations"]["net"]["x0"] == {"distribution": "normal", "mean": 0.0, "std": 1.0}
    assert m["rate_recorders"][0]["interval_ms"] == pytest.approx(1.0)

    out = tmp_path / "stopped"
    p = subprocess.Popen([str(cli), "run", str(examples / "rate" / "chaos.toml"), "--out", str(out),
                          "--set", "rate_populations.net.size=100", "--set", "simulation.duration=100000 s"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    while not out.exists() and p.poll() is None:  # the directory appears just before the first step
        time.sleep(0.05)
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 130, err
    s = json.loads((out / "summary.json").read_text())
    assert s["completed"] is False and 0.0 < s["simulated_time_ms"] < 1e8
    import h5py
    with h5py.File(out / "activity.h5") as f:
        assert f["rate/activity/time"][-1] <= s["simulated_time_ms"] + 1e-9
    assert b"interrupted at" in err
