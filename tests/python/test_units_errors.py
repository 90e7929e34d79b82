"""Units and errors: quantities parse as in model files, and bad input raises ValueError/KeyError
with the command line's message (after the location, which names the script line instead of the
file line), never aborting the interpreter."""
import re

import pytest

import lamina as la
from lamina import _core

D = _core.Dimension


def test_quantities_parse_into_canonical_units():
    assert _core.parse_quantity("20 s") == (20000.0, D.time)
    assert _core.parse_quantity("-70mV") == (-70.0, D.voltage)
    assert _core.parse_quantity("1.5 nA") == (1500.0, D.current)
    assert _core.parse_quantity("20 kHz") == (20000.0, D.frequency)
    assert _core.parse_quantity("3") == (3.0, D.dimensionless)
    assert la.quantity("250 pF") == (250.0, "pF")
    assert _core.format_quantity(20.0, D.time) == "20 ms"
    assert _core.canonical_unit(D.conductance) == "nS"
    assert _core.dimension_name(D.voltage) == "voltage"


def test_exception_hierarchy():
    assert issubclass(la.InputError, ValueError)
    assert issubclass(la.UnknownNameError, la.InputError)
    assert issubclass(la.UnknownNameError, KeyError)
    assert issubclass(la.FileError, la.InputError)
    assert issubclass(la.Error, RuntimeError)


def test_wrong_unit_is_a_value_error_with_the_parser_message():
    with pytest.raises(ValueError) as e:
        _core.parse_quantity_as("20 mV", D.time, "here")
    assert str(e.value) == 'here: "20 mV" is a voltage; expected a time such as "1 ms"'
    with pytest.raises(ValueError, match='unknown unit "parsec"'):
        _core.parse_quantity("3 parsec")


def test_unknown_name_reads_as_a_sentence():
    # KeyError would show repr(message) in quotes; lamina's messages are shown as written.
    with pytest.raises(KeyError) as e:
        la.Network().population("E", 10, "no_such_model")
    assert not str(e.value).startswith("'")
    assert 'unknown neuron model "no_such_model"' in str(e.value)


def test_missing_file_is_a_file_error():
    with pytest.raises(la.FileError, match="cannot open the model file"):
        la.load("/nonexistent/model.toml")


def _location_free(message: str) -> str:
    """The message without its leading 'file:line: ' (a model file's, or a script's)."""
    return re.sub(r"^[^:]+:\d+: ", "", message)


MODEL_HEAD = """
[simulation]
dt = "0.1 ms"
[populations.E]
model = "lif_psc_delta"
size = 10
"""


def _model_error(toml_tail: str):
    with pytest.raises(la.InputError) as e:
        _core.parse_model(MODEL_HEAD + toml_tail, "m.toml")
    return e.value


def _python_error(build):
    net = la.Network(dt="0.1 ms")
    with pytest.raises(la.InputError) as e:
        build(net)
    return e.value


# (model-file lines after MODEL_HEAD, the same mistake through the Python API, expected exception)
SAME_MISTAKES = [
    ('tau_m = "20 mV"\n',
     lambda n: n.population("E", 10, "lif_psc_delta", tau_m="20 mV"), ValueError),
    ('tau_m = "20 parsec"\n',
     lambda n: n.population("E", 10, "lif_psc_delta", tau_m="20 parsec"), ValueError),
    ('tau_mm = "20 ms"\n',
     lambda n: n.population("E", 10, "lif_psc_delta", tau_mm="20 ms"), KeyError),
    ('V_th = { distribution = "uniform", low = "0 ms", high = "1 ms" }\n',
     lambda n: n.population("E", 10, "lif_psc_delta", V_th=la.uniform("0 ms", "1 ms")), ValueError),
    ('V_m = { distribution = "uniform", low = "5 mV", high = "1 mV" }\n',
     lambda n: n.population("E", 10, "lif_psc_delta", V_m=la.uniform("5 mV", "1 mV")), ValueError),
    ('V_m = { distribution = "normal", mean = "5 mV", std = "-1 mV" }\n',
     lambda n: n.population("E", 10, "lif_psc_delta", V_m=la.normal("5 mV", "-1 mV")), ValueError),
    ('V_m = { distribution = "uniform", low = "5 ms", high = "6 ms" }\n',
     lambda n: n.population("E", 10, "lif_psc_delta", V_m=la.uniform("5 ms", "6 ms")), ValueError),
    ('[[connections]]\nsource = "E"\ntarget = "X"\nrule = "all_to_all"\nweight = "0.1 mV"\ndelay = "1 ms"\n',
     lambda n: (n.population("E", 10, "lif_psc_delta"),
                n.connect("E", "X", rule=la.AllToAll(), weight="0.1 mV", delay="1 ms")), KeyError),
    ('[[connections]]\nsource = "E"\ntarget = "E"\nrule = "all_to_all"\nweight = "0.1 nS"\ndelay = "1 ms"\n',
     lambda n: (n.population("E", 10, "lif_psc_delta"),
                n.connect("E", "E", rule=la.AllToAll(), weight="0.1 nS", delay="1 ms")), ValueError),
    ('[[connections]]\nsource = "E"\ntarget = "E"\nrule = "pairwise_bernoulli"\nprobability = 1.5\n'
     'weight = "0.1 mV"\ndelay = "1 ms"\n',
     lambda n: (n.population("E", 10, "lif_psc_delta"),
                n.connect("E", "E", rule=la.PairwiseBernoulli(1.5), weight="0.1 mV", delay="1 ms")), ValueError),
    ('[[connections]]\nsource = "E"\ntarget = "E"\nrule = "fixed_indegree"\nindegree = -3\n'
     'weight = "0.1 mV"\ndelay = "1 ms"\n',
     lambda n: (n.population("E", 10, "lif_psc_delta"),
                n.connect("E", "E", rule=la.FixedIndegree(-3), weight="0.1 mV", delay="1 ms")), ValueError),
    ('[[connections]]\nsource = "E"\ntarget = "E"\nrule = "all_to_all"\nweight = "0.1 mV"\ndelay = "1 ms"\n'
     'synapse = "modulatory"\n',
     lambda n: (n.population("E", 10, "lif_psc_delta"),
                n.connect("E", "E", rule=la.AllToAll(), weight="0.1 mV", delay="1 ms", synapse="modulatory")),
     ValueError),
    ('[[stimuli]]\ntype = "poisson"\ntarget = "E"\nrate = "20 mV"\nweight = "0.1 mV"\n',
     lambda n: (n.population("E", 10, "lif_psc_delta"),
                n.poisson_input("E", rate="20 mV", weight="0.1 mV")), ValueError),
    ('[[stimuli]]\ntype = "dc"\ntarget = "E"\namplitude = "1 nS"\n',
     lambda n: (n.population("E", 10, "lif_psc_delta"), n.dc_input("E", amplitude="1 nS")), ValueError),
]


@pytest.mark.parametrize("toml_tail, build, expected", SAME_MISTAKES)
def test_python_and_model_file_give_the_same_message(toml_tail, build, expected):
    from_file = _model_error(toml_tail if "[[" in toml_tail else toml_tail)
    from_python = _python_error(build)
    assert isinstance(from_file, expected) and isinstance(from_python, expected)
    assert _location_free(str(from_python)) == _location_free(str(from_file))
    # The Python message names the line of this test file that made the call.
    assert str(from_python).startswith("test_units_errors.py:") or "test_units_errors.py:" in str(from_python)


def test_numbers_without_units_are_canonical_in_python_but_not_in_model_files():
    net = la.Network(dt=0.1)
    net.population("E", 10, "lif_psc_delta", tau_m=20, V_th=-50)
    p = net.spec.populations[0]
    assert p.params == {"tau_m": 20.0, "V_th": -50.0}
    err = _model_error("tau_m = 20\n")
    assert "has no unit" in str(err)


@pytest.mark.parametrize("bad", [True, None, [1, 2], {"a": 1}, float("nan")])
def test_non_quantities_are_refused(bad):
    with pytest.raises(la.InputError, match=r"populations\.E\.tau_m"):
        la.Network().population("E", 10, "lif_psc_delta", tau_m=bad)


def test_engine_errors_name_the_script_line():
    net = la.Network()
    net.population("E", 10, "lif_psc_delta")
    net.connect("E", "E", rule=la.FixedIndegree(50, multapses=False), weight="0.1 mV", delay="1 ms")
    with pytest.raises(la.InputError, match=r"test_units_errors\.py:\d+: connection E -> E"):
        net.run("1 ms")


def test_errors_do_not_kill_the_interpreter_and_leave_it_usable():
    for _ in range(3):
        with pytest.raises(ValueError):
            la.Network(dt="-1 ms")
    with pytest.raises(la.InputError, match="delay"):
        net = la.Network()
        net.population("E", 10, "lif_psc_delta")
        net.connect("E", "E", rule=la.AllToAll(), weight="0.1 mV", delay="0.01 ms")
        net.run("1 ms")
    assert la.Network().dt == 0.1
