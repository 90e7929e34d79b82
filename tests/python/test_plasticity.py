"""Plastic synapses from Python: connect(..., synapse={...}) gives the same description as a
model file, record_weights returns the weights the rule computes, bad input is refused."""
import math

import numpy as np
import pytest

import lamina as la
from lamina import _core


def pair_network(model: str, t_pre: float, t_post: float, **params):
    """Two parrot neurons firing once each (at t_pre and t_post, ms) joined by a plastic synapse of
    delay 1 ms; inhibitory (weight -0.4) so that it cannot make the postsynaptic parrot fire."""
    net = la.Network(dt="0.1 ms", seed=1)
    pre = net.population("pre", 1, "parrot_neuron")
    post = net.population("post", 1, "parrot_neuron")
    net.connect(pre, post, rule=la.OneToOne(), weight=-0.4, delay="1 ms", name="plastic",
                synapse={"model": model, **params})
    net.spike_input(pre, times=[f"{t_pre - 0.1} ms"], weight=1, delay="0.1 ms")
    net.spike_input(post, times=[f"{t_post - 0.1} ms"], weight=1, delay="0.1 ms")
    return net, net.record_weights("plastic", interval="10 ms")


def test_stdp_pair_potentiates_by_the_analytic_amount():
    # Post at 60 ms reaches the synapse at 61 ms, 11 ms after the pre spike:
    # w / w_max += lambda (1 - w / w_max) exp(-11 / tau_plus) (multiplicative potentiation).
    net, rec = pair_network("stdp", 50.0, 60.0, tau_plus="20 ms", **{"lambda": 0.1}, w_max=1)
    net.run("100 ms")
    w = rec.weights()
    assert w.connection == "plastic" and w.source == "pre" and w.target == "post"
    assert w.times[0] == 0.0 and w.times[-1] == pytest.approx(100.0)
    assert list(w.sources) == [0] and list(w.targets) == [0]
    want = 0.4 + 0.1 * (1 - 0.4) * math.exp(-11.0 / 20.0)
    # Rounding of a few exp/pow evaluations only; the sign of the inhibitory synapse is kept.
    assert w.values[-1, 0] == pytest.approx(-want, rel=1e-12)
    assert w.values[0, 0] == -0.4
    assert w.mean[-1] == pytest.approx(-want, rel=1e-12)


def test_python_synapse_model_resolves_to_the_model_file_syntax():
    net, _ = pair_network("tsodyks_markram", 50.0, 60.0, U=0.2, tau_rec="0.5 s")
    c = net.spec.connections[0]
    assert c.name == "plastic" and c.label == "plastic"
    assert c.synapse.model == "tsodyks_markram" and c.synapse.params == {"U": 0.2, "tau_rec": 500.0}
    text = """
[populations.pre]
model = "parrot_neuron"
size = 1
[populations.post]
model = "parrot_neuron"
size = 1
[[connections]]
source = "pre"
target = "post"
rule = "one_to_one"
weight = -0.4
delay = "1 ms"
synapse = { model = "tsodyks_markram", U = 0.2, tau_rec = "0.5 s" }
"""
    spec = _core.parse_model(text, "m.toml")
    assert spec.connections[0].synapse.params == c.synapse.params
    assert spec.connections[0].label == "pre->post"


def test_synapse_models_are_listed_with_units():
    models = {m.name: m for m in la.synapse_models()}
    assert {"tsodyks_markram", "stdp", "stdp_nn"} <= set(models)
    assert models["tsodyks_markram"].short_term and not models["stdp"].short_term
    params = {p.name: p for p in models["stdp"].parameters}
    assert params["tau_plus"].dim == _core.Dimension.time and params["tau_plus"].default == 20.0
    assert params["w_max"].in_weight_unit and not params["lambda"].in_weight_unit


@pytest.mark.parametrize("synapse, error, phrase", [
    ({"model": "stdpp"}, la.UnknownNameError, 'unknown synapse model "stdpp"'),
    ({"model": "stdp", "tau": "20 ms"}, la.UnknownNameError, 'synapse model stdp has no parameter "tau"'),
    ({"model": "stdp", "w_max": "1 pA"}, la.InputError, "synapse.w_max"),
    ({"U": 0.5}, la.InputError, 'needs "model"'),
])
def test_bad_synapse_models_are_refused(synapse, error, phrase):
    net = la.Network()
    E = net.population("E", 2, "lif_psc_delta")
    with pytest.raises(error, match=phrase.replace("(", r"\(").replace(")", r"\)")):
        net.connect(E, E, rule=la.AllToAll(), weight="0.1 mV", delay="1 ms", synapse=synapse)


def test_weights_recorder_needs_a_known_connection():
    net = la.Network()
    E = net.population("E", 2, "lif_psc_delta")
    net.connect(E, E, rule=la.AllToAll(), weight="0.1 mV", delay="1 ms", synapse={"model": "stdp"})
    with pytest.raises(la.UnknownNameError, match='no connection "E->I"'):
        net.record_weights("E->I")
    rec = net.record_weights("E->E", targets=[1], interval="5 ms")
    net.run("20 ms")
    w = rec.weights()
    assert list(w.targets) == [1, 1] and list(w.sources) == [0, 1]
    assert w.values.shape == (5, 2)
    assert np.all(w.values == 0.1)  # silent neurons: no pre or post events, weights unchanged
