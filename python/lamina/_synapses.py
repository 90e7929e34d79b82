"""Synapse models of connections: connect(..., synapse={"model": "stdp", ...}) lowered into a
SynapseSpec in canonical units, as the `synapse = { model = ... }` table of a model file is
(a string `synapse` remains the older name of `receptor`)."""
from __future__ import annotations

from . import _core
from ._quantities import fail, quantity
from ._stimuli_recorders import _receptor


def lower_synapse(c: _core.ConnectionSpec, receptor, synapse, name, pairs: int, connections, model: str,
                  weight_dim: _core.Dimension, origin: str, ctx: str) -> None:
    """Sets the receptor, the synapse model (`synapse` as a dict; a string is the receptor's older
    name) and the name of connection c; `pairs` is the number of population pairs connect() makes."""
    if isinstance(synapse, dict):
        c.synapse = synapse_spec(synapse, weight_dim, origin, f"{ctx}.synapse")
        c.receptor = _receptor(receptor, None, model, ctx)
    else:
        c.receptor = _receptor(receptor, synapse, model, ctx)
    if name is not None:
        if pairs > 1:
            fail(f"{ctx}.name", "a name names one connection; connect the populations one pair at a time to name them")
        check_connection_name(name, connections, f"{ctx}.name")
        c.name = name


def synapse_spec(synapse: dict, weight_dim: _core.Dimension, origin: str, where: str) -> _core.SynapseSpec:
    """The SynapseSpec of `synapse` ({"model": ..., parameter: value, ...}); parameters in the
    target model's weight unit (w_max, ...) take `weight_dim`."""
    if "model" not in synapse:
        fail(where, 'a synapse model needs "model", e.g. {"model": "stdp"}')
    model = synapse["model"]
    info = _core.find_synapse_model(str(model))
    if info is None:
        known = ", ".join(["static"] + [m.name for m in _core.synapse_models()])
        fail(f"{where}.model", f'unknown synapse model "{model}" (known: {known})', _core.UnknownNameError)
    spec = _core.SynapseSpec()
    spec.model = info.name
    spec.origin = origin
    params = {}
    for key, value in synapse.items():
        if key == "model":
            continue
        par = next((x for x in info.parameters if x.name == key), None)
        if par is None:
            known = ", ".join(x.name for x in info.parameters) or "none"
            fail(f"{where}.{key}", f'synapse model {info.name} has no parameter "{key}" (its parameters: {known})',
                 _core.UnknownNameError)
        params[key] = quantity(value, weight_dim if par.in_weight_unit else par.dim, f"{where}.{key}")
    spec.params = params
    return spec


def check_connection_name(name, connections, where: str) -> None:
    """Connection names become HDF5 group names and must be distinct."""
    if not isinstance(name, str) or not name or not all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in name):
        fail(where, f"the connection name {name!r} may contain only letters, digits, _ and - (it names output groups)")
    for c in connections:
        if c.name == name:
            fail(where, f'the name "{name}" is already used by the connection at {c.origin}')
