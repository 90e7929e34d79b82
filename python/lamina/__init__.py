"""lamina: build, run and analyse networks of spiking neurons at C++ speed.

>>> import lamina as la
>>> net = la.Network(dt="0.1 ms", seed=1)
>>> E = net.population("E", 800, "lif_psc_delta", V_th="20 mV", V_reset="10 mV", t_ref="2 ms",
...                    V_m=la.uniform("0 mV", "20 mV"))
>>> net.connect(E, E, rule=la.FixedIndegree(80), weight="0.1 mV", delay="1.5 ms")
>>> net.poisson_input(E, rate="20 kHz", weight="0.1 mV")
>>> rec = net.record_spikes(E)
>>> net.run("1 s")
>>> t, ids = rec.spikes("E")
>>> la.analysis.cv_isi(t, ids)

Quantities are strings with units ("20 ms") or numbers in the canonical units ms, mV, pA, nS, pF,
Hz. Bad input raises InputError (a ValueError) or UnknownNameError (also a KeyError) with the
message the command line prints. See docs/python.md.
"""
from . import _core
from ._core import Error, FileError, InputError, UnknownNameError
from ._quantities import Distribution, exponential, lognormal, normal, uniform
from .handles import NeuronSet, Population, SpikeRecorder, Spikes, StateRecorder, WeightRecorder
from .network import Network, load
from .rules import AllToAll, FixedIndegree, FixedOutdegree, FixedTotalNumber, OneToOne, PairwiseBernoulli, Rule
from . import analysis
from . import rate_theory

__version__ = _core.__version__

__all__ = [
    "Network", "Population", "NeuronSet", "SpikeRecorder", "StateRecorder", "WeightRecorder", "Spikes",
    "load",
    "FixedIndegree", "FixedOutdegree", "PairwiseBernoulli", "FixedTotalNumber", "OneToOne", "AllToAll", "Rule",
    "Distribution", "uniform", "normal", "lognormal", "exponential",
    "InputError", "UnknownNameError", "FileError", "Error",
    "models", "synapse_models", "read_recording", "write_mea_file", "quantity", "analysis", "plot", "rate_theory",
]


def models():
    """The neuron models lamina knows, with their parameters (name, dimension, default, doc)."""
    return _core.neuron_models()


def synapse_models():
    """The plastic synapse models (besides "static"), with their parameters; parameters with
    in_weight_unit take the target model's weight unit. Used as connect(..., synapse={...})."""
    return _core.synapse_models()


def quantity(text: str):
    """Parses "<number> <unit>" into (value in the canonical unit, unit symbol), e.g. ("20 s") -> (20000.0, "ms")."""
    value, dim = _core.parse_quantity(text)
    return value, _core.canonical_unit(dim)


def read_recording(path: str, format: str = "auto", populations=()):
    """Reads a spike recording (SONATA, NWB, MEA, MaxWell, 3Brain or CSV; detected from the content).
    Returns a _core.Recording whose .trains the lamina.analysis functions take."""
    return _core.read_recording(str(path), format, list(populations))


def write_mea_file(path: str, recording) -> None:
    """Writes a Recording (e.g. from lamina.analysis.virtual_mea) in the MEA HDF5 layout of Eglen et
    al. 2014, which read_recording and `lamina analyze` read like the real recordings."""
    _core.write_mea_file(str(path), recording)


def __getattr__(name):
    # lamina.plot needs matplotlib; import it only when asked for.
    if name == "plot":
        import importlib
        return importlib.import_module(".plot", __name__)
    raise AttributeError(f"module 'lamina' has no attribute {name!r}")
