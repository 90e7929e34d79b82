"""Running networks from Python: the same spikes as the model file, repeated runs that continue,
perturbations between runs with the effect a scientist expects, and runs that can be stopped."""
import math
import os
import signal
import threading
import time

import numpy as np
import pytest

import lamina as la
from conftest import SMALL_BRUNEL, brunel_in_python


def _rate(spikes, t0, t1):
    """Mean rate (Hz per neuron) of a Spikes object in [t0, t1) ms."""
    t = spikes.times
    return np.count_nonzero((t >= t0) & (t < t1)) / spikes.n_units / ((t1 - t0) / 1000.0)


def test_brunel_in_python_and_from_the_model_file_spike_identically(examples):
    net, rec = brunel_in_python(seed=1)
    assert net.run("200 ms") is True
    from_file = la.load(examples / "brunel.toml", set=SMALL_BRUNEL)
    from_file.run("200 ms")
    for pop in ("E", "I"):
        t, ids = rec.spikes(pop)
        t2, ids2 = from_file.spikes(pop)
        assert len(t) > 1000  # a network that fires, not an empty comparison
        np.testing.assert_array_equal(t, t2)
        np.testing.assert_array_equal(ids, ids2)
    (times, v), (times2, v2) = net.recorders[1].trace("V_m"), from_file.recorders[1].trace("V_m")
    assert v.shape == (200, 5) and times[0] == pytest.approx(1.0)
    np.testing.assert_array_equal(times, times2)
    np.testing.assert_array_equal(v, v2)
    # Another seed is another network.
    other, rec_other = brunel_in_python(seed=2)
    other.run("200 ms")
    assert not np.array_equal(rec_other.spikes("E").times, rec.spikes("E").times)


def test_population_order_does_not_matter(examples):
    # A model file orders its populations by name; the Python API does too, so writing I before E
    # gives the network of the file all the same.
    la_ = la
    net = la_.Network(dt="0.1 ms", seed=1, threads=1)
    neuron = dict(E_L="0 mV", V_th="20 mV", V_reset="10 mV", tau_m="20 ms", t_ref="2 ms",
                  V_m=la_.uniform("0 mV", "20 mV"))
    I = net.population("I", 200, "lif_psc_delta", **neuron)
    E = net.population("E", 800, "lif_psc_delta", **neuron)
    net.connect(E, [E, I], rule=la_.FixedIndegree(80), weight="0.1 mV", delay="1.5 ms")
    net.connect(I, [E, I], rule=la_.FixedIndegree(20), weight="-0.5 mV", delay="1.5 ms")
    net.poisson_input([E, I], rate="20 kHz", weight="0.1 mV")
    rec = net.record_spikes([E, I])
    net.run("50 ms")
    from_file = la.load(examples / "brunel.toml", set=SMALL_BRUNEL)
    from_file.run("50 ms")
    for pop in ("E", "I"):
        np.testing.assert_array_equal(rec.spikes(pop).times, from_file.spikes(pop).times)
        np.testing.assert_array_equal(rec.spikes(pop).ids, from_file.spikes(pop).ids)


def test_spikes_are_numpy_arrays_with_their_window():
    net, rec = brunel_in_python()
    net.run("50 ms")
    s = rec.spikes("E")
    t, ids = s
    assert isinstance(t, np.ndarray) and t.dtype == np.float64 and ids.dtype == np.uint64
    assert (s.n_units, s.t_start, s.t_stop) == (800, 0.0, 50.0)
    assert np.all(np.diff(t) >= 0) and ids.max() < 800
    assert t.base is not None  # a view of the engine's vector, not a copy


def test_threads_and_runs_in_pieces_give_the_same_spikes():
    a, ra = brunel_in_python(threads=1)
    a.run("120 ms")
    b, rb = brunel_in_python(threads=2)
    for _ in range(3):
        b.run("40 ms")
    assert b.time == pytest.approx(120.0)
    np.testing.assert_array_equal(ra.spikes("E").times, rb.spikes("E").times)
    np.testing.assert_array_equal(ra.spikes("I").ids, rb.spikes("I").ids)


def test_dc_switched_on_between_runs_gives_the_lif_f_i_curve():
    # Unconnected LIF neurons at rest (E_L = V_reset = -70 mV, V_th = -55 mV, tau_m = 10 ms,
    # C_m = 250 pF, so R = tau_m / C_m = 0.04 mV/pA, i.e. 40 MOhm). From rest, a current I crosses threshold after
    # T = tau_m ln(RI / (RI - (V_th - E_L))) and fires at 1 / (t_ref + T) (e.g. Gerstner et al.
    # 2014, Neuronal Dynamics, eq. 1.13). Spikes are detected on the 0.1 ms grid, so each interval
    # is T rounded up to a step, plus t_ref: the rate lies within one step of the formula.
    net = la.Network(dt="0.1 ms")
    E = net.population("E", 20, "lif_psc_delta", t_ref="2 ms")
    rec = net.record_spikes(E)
    net.run("200 ms")
    assert len(rec.spikes("E").times) == 0  # silent at rest
    R, theta, tau, t_ref, dt = 0.04, 15.0, 10.0, 2.0, 0.1
    for I, until in ((500.0, 1200.0), (1000.0, 2200.0)):
        on = net.time
        net.dc_input(E, amplitude=f"{I} pA", start=on, stop=until)
        net.run(until - on)
        T = tau * math.log(R * I / (R * I - theta))
        t, ids = rec.spikes("E")
        window = (t >= on) & (t < until)
        first = t[window & (ids == 0)][0] - on
        if I == 500.0:  # from rest
            assert T <= first <= T + 2 * dt
        isi = np.diff(t[window & (ids == 3)])
        assert np.all(isi >= t_ref + T - 1e-9) and np.all(isi <= t_ref + T + dt + 1e-9)
        rate = 1000.0 / isi.mean()
        assert 1000.0 / (t_ref + T + dt) <= rate <= 1000.0 / (t_ref + T)
    # The current switched off at 2.2 s: silent again.
    net.run("100 ms")
    assert np.count_nonzero(rec.spikes("E").times > 2200.0 + t_ref + T + dt) == 0


def test_parameter_change_between_runs():
    net = la.Network()
    E = net.population("E", 10, "lif_psc_delta", t_ref="2 ms")
    rec = net.record_spikes(E)
    net.run("100 ms")
    E.set(I_e="500 pA")  # the same f-I point as above, now through the model's own bias current
    net.run("1000 ms")
    isi = np.diff(rec.spikes("E").times[rec.spikes("E").ids == 0])
    T = 10.0 * math.log(20.0 / 5.0)
    assert isi.mean() == pytest.approx(2.0 + T, abs=0.1)
    # Hyperpolarised to -100 mV, neuron 0 next fires after tau ln((RI + 30 mV) / (RI - 15 mV)),
    # counted from the end of its refractory period if it is refractory now.
    t_before = net.time
    last = rec.spikes("E").times[rec.spikes("E").ids == 0][-1]
    E.set_state("V_m", "-100 mV", neurons=[0])
    net.run("50 ms")
    t, ids = rec.spikes("E")
    first0 = t[(ids == 0) & (t > t_before)][0] - max(t_before, last + 2.0)
    assert first0 == pytest.approx(10.0 * math.log((20.0 + 30.0) / 5.0), abs=0.15)
    others = t[(ids == 1) & (t > t_before)][0] - t_before
    assert others < 2.0 + T  # the rest keep their rhythm


def test_dc_step_into_the_excitatory_population_raises_both_rates():
    # Brunel's model A scaled to K = 80 with J K fixed (J = 1.25 mV), so the mean input is that of
    # the full network; external drive eta = 2 (1.6 kHz of 1.25 mV inputs per neuron).
    net, rec = brunel_in_python(J="1.25 mV", ext_rate="1.6 kHz")
    net.run("600 ms")
    before = {p: _rate(rec.spikes(p), 200, 600) for p in ("E", "I")}
    net.dc_input("E", amplitude="50 pA", start=net.time)  # +4 mV of mean drive (R = 80 MOhm)
    net.run("600 ms")
    after = {p: _rate(rec.spikes(p), 800, 1200) for p in ("E", "I")}
    assert 5.0 < before["E"] < 200.0
    # E gains directly; I follows through the E -> I synapses (no current into I).
    assert after["E"] > 1.3 * before["E"]
    assert after["I"] > 1.1 * before["I"]


def test_state_set_above_threshold_fires_everyone_at_the_next_step():
    net, rec = brunel_in_python()
    net.run("20 ms")
    net["E"].set_state("V_m", "25 mV")
    net.run("0.1 ms")
    t, ids = rec.spikes("E")
    fired = set(ids[np.isclose(t, 20.1)].tolist())
    # All but those still refractory (t_ref = 2 ms) from a spike just before 20 ms.
    refractory = set(ids[(t > 18.0 + 1e-9) & (t <= 20.0)].tolist())
    assert fired == set(range(800)) - refractory
    assert len(refractory) < 400


def test_progress_is_reported_between_epochs():
    net, _ = brunel_in_python()
    seen = []
    net.run("100 ms", progress=lambda t, t_end, wall: seen.append((t, t_end, wall)))
    assert seen and seen[-1][0] == pytest.approx(100.0) and all(x[1] == pytest.approx(100.0) for x in seen)
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:]))


def test_an_exception_in_the_progress_callback_stops_the_run():
    net, _ = brunel_in_python()

    def fail(t, t_end, wall):
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        net.run("10 s", progress=fail)
    assert 0 < net.time < 10000


def _long_running_network():
    net, rec = brunel_in_python(J="1.25 mV", ext_rate="1.6 kHz")
    net.build()
    return net, rec


def _run_in_thread(net, duration):
    """Starts net.run(duration) in a thread; returns (thread, result dict) once the run is under way
    (its first progress report), so that a stop request cannot come before the run starts."""
    started, result = threading.Event(), {}

    def target():
        result["done"] = net.run(duration, progress=lambda *a: started.set())

    th = threading.Thread(target=target)
    th.start()
    assert started.wait(60), "the run did not start"
    return th, result


def test_run_in_a_thread_stops_on_request():
    net, rec = _long_running_network()
    th, result = _run_in_thread(net, "1000 s")
    t0 = time.monotonic()
    net.stop()
    th.join(30)
    assert not th.is_alive() and result["done"] is False
    assert time.monotonic() - t0 < 5
    assert 0 < net.time < 1_000_000
    stopped_at = net.time
    assert net.run("10 ms") is True  # and it continues
    assert net.time == pytest.approx(stopped_at + 10)


def test_run_releases_the_gil():
    net, _ = _long_running_network()
    counter = {"n": 0, "stop": False}

    def spin():
        while not counter["stop"]:
            counter["n"] += 1

    th = threading.Thread(target=spin)
    th.start()
    try:
        time.sleep(0.05)
        n0 = counter["n"]
        net.run("300 ms")
        advanced = counter["n"] - n0
    finally:
        counter["stop"] = True
        th.join()
    assert advanced > 10000  # the spinning thread ran while the simulation did


@pytest.fixture
def python_handles_sigint():
    """Python's own Ctrl-C handler, as in an interactive session. A background job started by a
    non-interactive shell inherits SIGINT ignored, Python then installs no handler, and the run
    rightly carries on (it keeps SIG_IGN); the test is about the interactive case."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_stops_between_epochs_and_raises_keyboard_interrupt(python_handles_sigint):
    net, rec = _long_running_network()
    sent = []

    def interrupt_once_running(t_ms, t_end_ms, wall_s):
        if not sent:  # as a user pressing Ctrl-C while the run is going
            sent.append(t_ms)
            os.kill(os.getpid(), signal.SIGINT)

    t0 = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        net.run("1000 s", progress=interrupt_once_running)
    assert time.monotonic() - t0 < 10
    stopped_at = net.time
    assert sent and sent[0] <= stopped_at < 1_000_000
    assert stopped_at == pytest.approx(round(stopped_at / 1.5) * 1.5)  # an epoch (min delay) boundary
    # Python's handler is back, and the network carries on.
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert net.run("15 ms") is True
    t = rec.spikes("E").times
    assert t.max() <= stopped_at + 15 and np.count_nonzero(t > stopped_at) > 0


def test_two_runs_at_once_are_refused():
    net, _ = _long_running_network()
    th, _ = _run_in_thread(net, "1000 s")
    try:
        with pytest.raises(RuntimeError, match="already in progress"):
            net.run("1 ms")
    finally:
        net.stop()
        th.join(30)
