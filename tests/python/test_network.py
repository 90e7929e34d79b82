"""Network building: the Python API produces the same description a model file does, in
canonical units, and refuses what a model file refuses."""
import numpy as np
import pytest

import lamina as la
from lamina import _core
from conftest import SMALL_BRUNEL, brunel_in_python


def test_python_brunel_resolves_to_the_model_file(examples):
    net, _ = brunel_in_python()
    from_file = la.load(examples / "brunel.toml", set=SMALL_BRUNEL)
    assert net.to_json() == from_file.to_json()
    assert from_file.spec.populations[0].size == 800
    assert [type(r).__name__ for r in from_file.recorders] == ["SpikeRecorder", "StateRecorder"]


def test_units_are_lowered_to_canonical_values():
    net = la.Network(dt="100 us", seed=3)
    E = net.population("E", 5, "lif_cond_exp", g_L="0.02 uS", C_m="0.25 nF", tau_syn_ex=0.5,
                       V_m=la.normal("-65 mV", "2 mV", min="-70 mV", max="-60 mV"))
    net.connect(E, E, rule=la.PairwiseBernoulli(0.5, autapses=False), weight=la.uniform("1 nS", "2 nS"),
                delay=la.exponential("2 ms", min="0.5 ms"), synapse="excitatory")
    s = net.spec
    assert s.simulation.dt == pytest.approx(0.1) and s.simulation.seed == 3
    p = s.populations[0]
    assert p.params == pytest.approx({"g_L": 20.0, "C_m": 250.0, "tau_syn_ex": 0.5})
    vm = p.initial["V_m"]
    assert (vm.kind, vm.a, vm.b, vm.min, vm.max) == (_core.DistributionKind.normal, -65.0, 2.0, -70.0, -60.0)
    c = s.connections[0]
    assert c.rule == _core.ConnectionRule.pairwise_bernoulli and c.probability == 0.5
    assert not c.allow_autapses and c.allow_multapses
    assert (c.weight.kind, c.weight.a, c.weight.b) == (_core.DistributionKind.uniform, 1.0, 2.0)
    assert c.delay.kind == _core.DistributionKind.exponential and c.delay.min == 0.5
    assert c.receptor == "excitatory"


@pytest.mark.parametrize("rule, field, value, synapses", [
    (la.FixedIndegree(3), "indegree", 3, 30), (la.FixedOutdegree(4), "outdegree", 4, 40),
    (la.FixedTotalNumber(7), "total", 7, 7), (la.PairwiseBernoulli(0.25), "probability", 0.25, None),
    (la.OneToOne(), None, None, 10), (la.AllToAll(multapses=False), None, None, 100)])
def test_every_rule(rule, field, value, synapses):
    net = la.Network()
    net.population("A", 10, "lif_psc_delta")
    net.population("B", 10, "lif_psc_delta")
    net.connect("A", "B", rule=rule, weight=0.1, delay=1.0)
    c = net.spec.connections[0]
    assert c.rule == rule.rule
    if field:
        assert getattr(c, field) == value
    net.run("5 ms")  # every rule builds
    n = net.simulation.synapse_count
    if synapses is None:  # Binomial(100, 0.25): mean 25, sd 4.3
        assert 5 <= n <= 45
    else:
        assert n == synapses


def test_connect_expands_lists_of_sources_and_targets():
    net = la.Network()
    E = net.population("E", 4, "lif_psc_delta")
    I = net.population("I", 4, "lif_psc_delta")
    net.connect([E, I], [E, I], rule=la.AllToAll(), weight="0.1 mV", delay="1 ms")
    pairs = [(c.source, c.target) for c in net.spec.connections]
    assert pairs == [("E", "E"), ("E", "I"), ("I", "E"), ("I", "I")]


def test_stimuli_and_selections():
    net = la.Network()
    E = net.population("E", 10, "lif_psc_exp")
    net.poisson_input(E[:3], rate="5 Hz", weight="10 pA", start="100 ms", stop="1 s")
    net.dc_input(E, amplitude="0.2 nA")
    net.step_current(E[[1, 4]], times=["10 ms", "20 ms"], amplitudes=["100 pA", "0 pA"])
    net.spike_input(E[-1], times=[5.0, 6.0], weight="20 pA", delay="1 ms")
    s = net.spec.stimuli
    assert [x.kind for x in s] == [_core.StimulusKind.poisson, _core.StimulusKind.dc,
                                   _core.StimulusKind.step_current, _core.StimulusKind.spike_times]
    assert s[0].neurons == [0, 1, 2] and s[0].start == 100.0 and s[0].stop == 1000.0
    assert s[1].amplitude == 200.0 and s[1].neurons == []
    assert s[2].times == [10.0, 20.0] and s[2].amplitudes == [100.0, 0.0] and s[2].neurons == [1, 4]
    assert s[3].neurons == [9] and s[3].delay == 1.0
    with pytest.raises(IndexError):
        E[10]


def test_shared_ou_noise_is_one_current_for_every_target():
    # shared=True: one Ornstein-Uhlenbeck current common to the target population's neurons, so
    # identical passive neurons (same start) have identical membrane potentials to the bit;
    # independent noise does not.
    net = la.Network(seed=4)
    E = net.population("E", 20, "lif_psc_exp", V_th="0 mV", V_m="-70 mV")
    net.ou_noise_input(E, std="100 pA", tau="50 ms", shared=True)
    assert net.spec.stimuli[0].shared and net.to_json()["stimuli"][0]["shared"] is True
    rec = net.record_state(E[:20], "V_m", interval="1 ms")
    net.run("200 ms")
    _, values = rec.trace()
    assert values.std() > 0.5 and (values == values[:, :1]).all()
    with pytest.raises(la.InputError, match="shared: expected true, false or a process name"):
        net.ou_noise_input(E, std="1 pA", tau="5 ms", shared=1)


def test_a_named_ou_process_is_shared_by_two_populations():
    # shared="slow": one unit process for E (std 40 pA) and I (std 20 pA, another call), so
    # identical passive neurons' depolarisations from rest (linear in the current) scale by the
    # std ratio: I's are half of E's, to the rounding of the absolute potentials (~1e-14 mV per
    # step, 1e-9 mV is far above it and far below the ~1 mV signal). A process of another name
    # is not that one.
    net = la.Network(seed=4)
    kw = dict(model="lif_psc_exp", V_th="0 mV", V_m="-70 mV", E_L="-70 mV")
    E = net.population("E", 3, **kw)
    I = net.population("I", 2, **kw)
    K = net.population("K", 2, **kw)
    net.ou_noise_input(E, std="40 pA", tau="0.2 s", shared="slow")
    net.ou_noise_input(I, std="20 pA", tau="200 ms", shared="slow")
    net.ou_noise_input(K, std="40 pA", tau="200 ms", shared="other")
    stims = net.to_json()["stimuli"]
    assert [s["shared"] for s in stims] == ["slow", "slow", "other"]
    assert net.spec.stimuli[1].shared and net.spec.stimuli[1].shared_process == "slow"
    rec = [net.record_state(P[:2], "V_m", interval="1 ms") for P in (E, I, K)]
    net.run("1 s")
    (_, vE), (_, vI), (_, vK) = (r.trace() for r in rec)
    dE, dI, dK = vE + 70.0, vI + 70.0, vK + 70.0
    assert dE.std() > 0.5
    assert np.abs(dI - dE[:, :2] / 2).max() < 1e-9
    assert not np.allclose(dK, dE[:, :2])
    with pytest.raises(la.InputError, match='shared = "slow": tau 100 ms differs from tau 200 ms'):
        net.ou_noise_input(K, std="1 pA", tau="100 ms", shared="slow")
    with pytest.raises(la.InputError, match="expected true, false or a process name, got an empty string"):
        net.ou_noise_input(K, std="1 pA", tau="100 ms", shared="")


def test_ou_noise_input_lowers_units_and_drives_the_membrane():
    net = la.Network(seed=4)
    E = net.population("E", 200, "lif_psc_exp", V_th="0 mV")
    net.ou_noise_input(E, mean="0.1 nA", std="100 pA", tau="0.005 s")
    s = net.spec.stimuli[0]
    assert s.kind == _core.StimulusKind.ou_noise
    assert (s.mean, s.std, s.tau) == (100.0, 100.0, 5.0)
    with pytest.raises(la.InputError, match="is a voltage; expected a current"):
        net.ou_noise_input(E, std="1 mV", tau="5 ms")
    rec = net.record_state(E[:200], "V_m", interval="50 ms")
    net.run("500 ms")
    times, values = rec.trace()
    v = values[times >= 100.0]  # after 10 tau_m: stationary; 50 ms apart: independent
    # Passive membrane: <V> = E_L + R mean = -66 mV; Var(V) = std^2 R^2 tau / (tau + tau_m)
    # = 5.33 mV^2 (R = tau_m / C_m = 0.04 mV/pA). 1800 samples: se 0.055 mV and 3.3 %; bounds ~5 se.
    assert v.mean() == pytest.approx(-66.0, abs=0.3)
    assert v.var() == pytest.approx(16.0 / 3.0, rel=0.18)


def test_set_before_the_first_run_changes_the_description():
    net = la.Network()
    E = net.population("E", 10, "lif_psc_delta")
    E.set(tau_m="15 ms", V_m=la.uniform("-70 mV", "-60 mV"))
    p = net.spec.populations[0]
    assert p.params["tau_m"] == 15.0 and p.initial["V_m"].kind == _core.DistributionKind.uniform
    with pytest.raises(KeyError, match='has no parameter "tau"'):
        E.set(tau="1 ms")


def test_the_description_is_frozen_once_built():
    net = la.Network()
    E = net.population("E", 10, "lif_psc_delta")
    net.run("1 ms")
    with pytest.raises(la.InputError, match="the network is built"):
        net.population("I", 10, "lif_psc_delta")
    with pytest.raises(la.InputError, match="the network is built"):
        net.connect(E, E, rule=la.AllToAll(), weight="1 mV", delay="1 ms")
    with pytest.raises(la.InputError, match="the network is built"):
        net.record_spikes(E)


def test_other_mistakes():
    net = la.Network()
    E = net.population("E", 10, "lif_psc_delta")
    with pytest.raises(la.InputError, match="defined twice"):
        net.population("E", 10, "lif_psc_delta")
    with pytest.raises(la.InputError, match="needs at least one neuron"):
        net.population("Z", 0, "lif_psc_delta")
    with pytest.raises(la.InputError, match="rule must be a lamina connection rule"):
        net.connect(E, E, rule="all_to_all", weight="1 mV", delay="1 ms")
    with pytest.raises(la.InputError, match="a selection of neurons is not possible"):
        net.connect(E[:2], E, rule=la.AllToAll(), weight="1 mV", delay="1 ms")
    with pytest.raises(la.InputError, match="say which neurons"):
        net.record_state(E, "V_m")
    with pytest.raises(KeyError):
        net["nope"]
    with pytest.raises(TypeError, match="needs a duration"):
        net.run()


def test_catalog():
    names = [m.name for m in la.models()]
    assert "lif_psc_delta" in names and "aeif_cond_exp" in names
    info = _core.find_neuron_model("lif_psc_delta")
    assert info.weight_dim == _core.Dimension.voltage
    assert {p.name for p in info.parameters} >= {"tau_m", "V_th", "V_reset", "t_ref", "C_m", "E_L", "I_e"}
    assert _core.find_neuron_model("nope") is None


def test_hodgkin_huxley_with_sahp_through_the_engine():
    """The engine runs hh_cond_exp_traub as the validation test's driver does: 600 pA from 10 ms
    with an sAHP of 10 nS / 300 ms gives 10 spikes in the first second
    (NeuronHhCondExpTraub.SahpDecaysExponentiallyAndAdaptsTheRate), the first at the same step
    as without sAHP; g_sAHP is recordable and decays between spikes."""
    net = la.Network(seed=1)
    E = net.population("E", 4, "hh_cond_exp_traub", delta_g_sAHP="10 nS", tau_sAHP="0.3 s")
    P = net.population("P", 1, "hh_cond_exp_traub")
    net.dc_input([E, P], amplitude="600 pA", start="10 ms")
    net.record_spikes([E, P])
    rec = net.record_state(E[:1], "g_sAHP", interval="1 ms")
    net.run("1000 ms")
    t, ids = net.spikes("E")
    assert sorted(ids.tolist()) == sorted([0, 1, 2, 3] * 10)
    t_plain, _ = net.spikes("P")
    assert len(t_plain) == 93 and t_plain[0] == pytest.approx(t[0])
    _, g = rec.trace()
    assert g.max() > 10.0 and (g[1:, 0] < g[:-1, 0]).sum() > 0.9 * len(g)
    with pytest.raises(la.InputError, match="tau_sAHP must be positive"):
        bad = la.Network()
        bad.population("E", 1, "hh_cond_exp_traub", tau_sAHP="-1 ms")
        bad.run("1 ms")


def test_load_with_overrides_of_every_type(examples, tmp_path):
    net = la.load(examples / "brunel.toml", set={
        "populations.E.size": 100, "populations.I.size": 25, "connections.0.indegree": 10,
        "connections.1.indegree": 10, "connections.2.indegree": 5, "connections.3.indegree": 5,
        "simulation.seed": 7, "simulation.duration": "50 ms", "populations.E.tau_m": "15 ms",
        "populations.I.V_m": la.normal("10 mV", "2 mV"), "recorders.1.neurons": [0, 1]})
    s = net.spec
    assert s.simulation.seed == 7 and s.simulation.duration == 50.0
    assert s.populations[0].params["tau_m"] == 15.0
    assert s.populations[1].initial["V_m"].kind == _core.DistributionKind.normal
    assert s.recorders[1].neurons == [0, 1]
    assert net.run() is True  # the file's duration
    assert net.time == pytest.approx(50.0)
    est = _core.validate(s)
    assert est.neurons == 125 and est.synapses == pytest.approx(100 * 15 + 25 * 15)


def test_receptors_by_name_reach_their_conductance():
    culture = _core.find_neuron_model("aeif_cond_ampa_nmda")
    assert [r.name for r in culture.receptors] == ["AMPA", "GABA_A", "NMDA"]
    assert [r.inhibitory for r in culture.receptors] == [False, True, False]
    net = la.Network()
    src = net.population("src", 1, "lif_psc_delta")
    C = net.population("C", 2, "aeif_cond_ampa_nmda")
    net.spike_input(src, times=["5 ms"], weight="100 mV", delay="0.1 ms")
    net.connect(src, C, rule=la.AllToAll(), weight="2 nS", delay="1 ms", receptor="NMDA")
    net.spike_input(C[[1]], times=["10 ms"], weight="3 nS", delay="0.1 ms", synapse="inhibitory")
    assert net.spec.connections[0].receptor == "NMDA" and net.spec.stimuli[1].receptor == "inhibitory"
    rec = net.record_state(C, ["g_AMPA", "g_GABA_A", "g_NMDA"], neurons=[0, 1])
    net.run("60 ms")
    # The NMDA weight is the peak conductance of one spike (sampled at dt: within 1e-5).
    assert rec.trace("g_NMDA")[1].max(axis=0) == pytest.approx([2.0, 2.0], rel=1e-5)
    assert rec.trace("g_AMPA")[1].max() == 0.0
    assert rec.trace("g_GABA_A")[1].max(axis=0) == pytest.approx([0.0, 3.0])


def test_unknown_receptor_names_the_model_and_its_receptors():
    net = la.Network()
    E = net.population("E", 2, "lif_psc_delta")
    with pytest.raises(la.InputError, match=r'unknown receptor for model lif_psc_delta: expected "excitatory" or '
                                            r'"inhibitory", got "NMDA"'):
        net.connect(E, E, rule=la.AllToAll(), weight="1 mV", delay="1 ms", receptor="NMDA")
    C = net.population("C", 2, "aeif_cond_ampa_nmda")
    with pytest.raises(la.InputError, match=r'"AMPA", "GABA_A" or "NMDA" \("excitatory" = AMPA'):
        net.poisson_input(C, rate="10 Hz", weight="1 nS", receptor="kainate")
    with pytest.raises(la.InputError, match="give the receptor once"):
        net.connect(E, C, rule=la.AllToAll(), weight="1 nS", delay="1 ms", receptor="NMDA", synapse="excitatory")


def test_parameters_drawn_per_neuron(tmp_path):
    # A parameter given as a distribution is drawn once per neuron (heterogeneous population);
    # 4000 draws: the mean is within 5 standard errors (40/sqrt(4000) = 0.63 pA) of 300 pA.
    net = la.Network(seed=5)
    E = net.population("E", 4000, "lif_psc_delta", I_e=la.normal("0.3 nA", "40 pA"), tau_m="20 ms")
    E.set(V_th=la.uniform("-56 mV", "-54 mV"))
    p = net.spec.populations[0]
    assert p.params == pytest.approx({"tau_m": 20.0})
    d = p.param_distributions["I_e"]
    assert (d.kind, d.a, d.b) == (_core.DistributionKind.normal, 300.0, 40.0)
    I_e = E.parameter_values("I_e")
    assert len(I_e) == 4000 and abs(I_e.mean() - 300.0) < 5 * 40.0 / 4000 ** 0.5
    V_th = E.parameter_values("V_th")
    assert V_th.min() >= -56.0 and V_th.max() <= -54.0 and V_th.std() > 0.5  # uniform sd 0.577 mV
    assert (E.parameter_values("tau_m") == 20.0).all()
    # The file form draws the same values: same seed, same neuron ids, same streams.
    (tmp_path / "m.toml").write_text('[simulation]\nseed = 5\n[populations.E]\nmodel = "lif_psc_delta"\nsize = 4000\n'
                                     'tau_m = "20 ms"\nI_e = { distribution = "normal", mean = "300 pA", std = "40 pA" }\n')
    assert (la.load(str(tmp_path / "m.toml"))["E"].parameter_values("I_e") == I_e).all()
    with pytest.raises(_core.InputError, match="only before the first run"):
        E.set(I_e=la.normal("300 pA", "40 pA"))
    E.set(I_e="250 pA")  # between runs: shared again
    assert (E.parameter_values("I_e") == 250.0).all()


def test_parameters_sampled_at_quantiles(tmp_path):
    # sampling="quantiles": the 400 neurons get the normal's values at (i + 0.5) / 400 in a shuffled
    # order, so two seeds give the same values (to the bit) to different neurons; the sample mean is
    # the mean up to rounding (the quantiles are symmetric about it: 1e-10 pA for values of ~500 pA).
    values = []
    for seed in (1, 2):
        net = la.Network(seed=seed)
        E = net.population("E", 400, "lif_psc_delta", I_e=la.normal("0 pA", "160 pA", sampling="quantiles"))
        values.append(E.parameter_values("I_e"))
    assert (sorted(values[0]) == sorted(values[1])) and (values[0] != values[1]).sum() > 390
    assert abs(values[0].mean()) < 1e-10
    assert net.spec.populations[0].quantile_parameters == {"I_e"}
    # The file form gives the same values: same seed, same population, same stream.
    (tmp_path / "q.toml").write_text('[simulation]\nseed = 2\n[populations.E]\nmodel = "lif_psc_delta"\nsize = 400\n'
                                     'I_e = { distribution = "normal", mean = "0 pA", std = "160 pA", '
                                     'sampling = "quantiles" }\n')
    assert (la.load(str(tmp_path / "q.toml"))["E"].parameter_values("I_e") == values[1]).all()
    # ... and load(set=...) writes the sampling back as a model file would.
    from_set = la.load(str(tmp_path / "q.toml"), set={"populations.E.V_th": la.uniform("-56 mV", "-54 mV",
                                                                                       sampling="quantiles")})
    assert from_set.spec.populations[0].quantile_parameters == {"I_e", "V_th"}
    with pytest.raises(ValueError, match="sampling: expected"):
        la.normal("0 pA", "1 pA", sampling="stratified")
    with pytest.raises(_core.InputError, match=r"V_m.sampling: sampling = \"quantiles\" is only for"):
        la.Network().population("E", 10, "lif_psc_delta", V_m=la.uniform("-70 mV", "-60 mV", sampling="quantiles"))
    # A window holding almost none of the law (Phi(-10) = 7.6e-24 above 10 std) would give infinite
    # quantiles; the engine refuses it under 3% as the model loader does, naming the parameter.
    with pytest.raises(_core.InputError, match=r"populations\.E\.I_e: the window \[min, max\] holds less than 0\.01%"):
        net = la.Network()
        net.population("E", 10, "lif_psc_delta", I_e=la.normal("0 pA", "1 pA", min="10 pA", sampling="quantiles"))
        net.build()
