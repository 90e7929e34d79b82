"""The type stubs (python/lamina/_core/*.pyi) describe the built module: the same public names in
the module, its submodules and classes; for every function and method the same parameter names in
the same order, with defaults where the module has them; attributes writable where the module's
are. (pybind11 writes each signature as the first line of the docstring; that is what is compared.)"""
import ast
import pathlib
import re
import types

import pytest

import lamina
from lamina import _core

STUBS = pathlib.Path(lamina.__file__).parent / "_core"


def _split(args: str):
    out, depth, cur = [], 0, ""
    for ch in args:
        depth += ch in "[(<{"
        depth -= ch in "])>}"
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return out + ([cur.strip()] if cur.strip() else [])


SIGNATURE_WITH_RETURN = re.compile(r"^(\w+)\((.*)\) -> (.+)$")

# Where the stubs say more than pybind11's signature can: (function, parameter or "return") -> stub type.
REFINED = {
    ("parse_quantity", "return"): "Tuple[float, Dimension]",
    ("run", "progress"): "Optional[Callable[[float, float, float], object]]",
    ("write_spike_report", "spikes"): "List[PopulationSpikes]",
    ("write_traces", "traces"): "List[StateTrace]",
    ("write_weights", "weights"): "List[WeightTrace]",
    ("__iter__", "return"): "Iterator[NDArray[numpy.float64]]",
}


def normalize_runtime_type(t: str) -> str:
    t = re.sub(r"numpy\.ndarray\[lamina::[\w:]+\]", "numpy.ndarray", t)
    t = re.sub(r"numpy\.ndarray\[(numpy\.\w+)\]", r"NDArray[\1]", t)
    return re.sub(r"lamina\._core\.(analysis\.|figures\.|rate\.|rate_theory\.|training\.)?(Series\.)?", "", t)


def normalize_stub_type(t: str) -> str:
    return re.sub(r"\b(_core|Series)\.", "", t)


def runtime_params(fn, method: bool, with_types: bool = False):
    """[(name, has_default)] from a pybind11 docstring, without self; with_types: [(name, type)]
    and the return type last."""
    first = (fn.__doc__ or "").strip().splitlines()[0]
    m = SIGNATURE_WITH_RETURN.match(first)
    assert m, f"no signature in the docstring of {fn!r}: {first!r}"
    args = _split(m.group(2))
    if with_types:
        params = [(a.split(":")[0].strip(), normalize_runtime_type(a.split(":", 1)[1].split(" = ")[0].strip()))
                  for a in args]
        params = params[1:] if method else params
        return params + [("return", normalize_runtime_type(m.group(3).strip()))]
    params = [(a.split(":")[0].strip(), " = " in a) for a in args]
    return params[1:] if method else params


def stub_params(node: ast.FunctionDef, method: bool, with_types: bool = False):
    a = node.args
    positional = a.posonlyargs + a.args
    if with_types:
        params = [(p.arg, normalize_stub_type(ast.unparse(p.annotation)) if p.annotation else None)
                  for p in positional + a.kwonlyargs]
        params = params[1:] if method else params
        return params + [("return", normalize_stub_type(ast.unparse(node.returns)) if node.returns else None)]
    defaults = [False] * (len(positional) - len(a.defaults)) + [True] * len(a.defaults)
    params = [(p.arg, d) for p, d in zip(positional, defaults)]
    params += [(p.arg, d is not None) for p, d in zip(a.kwonlyargs, a.kw_defaults)]
    return params[1:] if method else params


def is_static(node):
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)


def is_property(node):
    return any(isinstance(d, ast.Name) and d.id == "property" for d in node.decorator_list)


def stub_members(body):
    """name -> ('function', node) | ('property', node) | ('attribute', node) | ('class', node)."""
    out = {}
    for node in body:
        if isinstance(node, ast.FunctionDef):
            out[node.name] = ("property" if is_property(node) else "function", node)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out[node.target.id] = ("attribute", node)
        elif isinstance(node, ast.ClassDef):
            out[node.name] = ("class", node)
    return out


def runtime_module_names(mod):
    return {k for k, v in vars(mod).items()
            if not k.startswith("_") and not isinstance(v, types.ModuleType)} | {"__version__"} & set(vars(mod))


COMPARED_DUNDERS = {"__init__", "__len__", "__iter__", "__int__", "__index__"}


def runtime_class_names(cls):
    names = set()
    for k, v in vars(cls).items():
        if k.startswith("_") and k not in COMPARED_DUNDERS:
            continue
        if k == "__init__" and "No constructor defined" in _init_error(cls):
            continue
        names.add(k)
    if hasattr(cls, "__members__"):  # pybind11 enum: members are class attributes
        names |= set(cls.__members__) | {"name", "value"}
    return names


def _init_error(cls):
    try:
        cls.__new__(cls).__init__()
    except TypeError as e:
        return str(e)
    except Exception:  # noqa: BLE001 - any other failure means a constructor exists
        return ""
    return ""


def check_function(fn, node, where, method):
    if is_static(node):
        method = False
    assert stub_params(node, method) == runtime_params(fn, method), where
    name = where.split(".")[-1]
    for (p, stub_t), (_, run_t) in zip(stub_params(node, method, True), runtime_params(fn, method, True)):
        expected = REFINED.get((name, p), run_t)
        assert stub_t == expected, f"{where}: {p} is {run_t} in the module ({expected} expected), {stub_t} in the stub"


def check_class(cls, node: ast.ClassDef, where: str):
    stub = stub_members(node.body)
    runtime = runtime_class_names(cls)
    assert set(stub) == runtime, f"{where}: stub-only {set(stub) - runtime}, module-only {runtime - set(stub)}"
    enum_members = set(getattr(cls, "__members__", {}))
    for name, (kind, n) in stub.items():
        if name in enum_members:
            assert kind == "attribute", f"{where}.{name}"
            continue
        value = vars(cls).get(name)
        if kind == "class":
            check_class(value, n, f"{where}.{name}")
        elif kind == "function":
            if name in ("__int__", "__index__") or (enum_members and name == "__init__"):
                continue
            fn = value.__func__ if isinstance(value, staticmethod) else value
            check_function(fn, n, f"{where}.{name}", method=True)
        else:
            if name in ("name", "value") and enum_members:
                continue
            assert isinstance(value, property), f"{where}.{name} is not a property in the module"
            writable = value.fset is not None
            assert writable == (kind == "attribute"), \
                f"{where}.{name}: the module's is {'writable' if writable else 'read-only'}"
            run_t = normalize_runtime_type(value.fget.__doc__.strip().splitlines()[0].split(" -> ")[1])
            stub_t = normalize_stub_type(ast.unparse(n.annotation if kind == "attribute" else n.returns))
            assert stub_t == run_t, f"{where}.{name}: {run_t} in the module, {stub_t} in the stub"


@pytest.mark.parametrize("module, stub_file", [(_core, "__init__.pyi"), (_core.analysis, "analysis.pyi"),
                                               (_core.figures, "figures.pyi"), (_core.report, "report.pyi"),
                                               (_core.rate, "rate.pyi"),
                                               (_core.rate_theory, "rate_theory.pyi"),
                                               (_core.training, "training.pyi")])
def test_stubs_match_the_module(module, stub_file):
    tree = ast.parse((STUBS / stub_file).read_text())
    stub = stub_members(tree.body)
    runtime = runtime_module_names(module)
    assert set(stub) == runtime, f"stub-only {set(stub) - runtime}, module-only {runtime - set(stub)}"
    for name, (kind, node) in stub.items():
        value = getattr(module, name)
        if kind == "class":
            if issubclass(value, BaseException):
                bases = [b.id for b in node.bases]
                assert bases == [b.__name__ for b in value.__bases__], name
            else:
                check_class(value, node, name)
        elif kind == "function":
            check_function(value, node, name, method=False)


def test_stubs_declare_the_submodules():
    tree = ast.parse((STUBS / "__init__.pyi").read_text())
    imported = {a.asname for n in tree.body if isinstance(n, ast.ImportFrom) and n.module is None for a in n.names}
    assert imported == {"analysis", "figures", "rate", "report", "rate_theory", "training"}


@pytest.mark.parametrize("wrong", [
    "def format_quantity(val: float, dim: Dimension) -> str: ...",       # renamed parameter
    "def format_quantity(value: int, dim: Dimension) -> str: ...",       # wrong type
    "def format_quantity(value: float, dim: Dimension = ...) -> str: ...",  # a default the module lacks
    "def format_quantity(value: float, dim: Dimension) -> float: ...",   # wrong return type
])
def test_the_checker_notices_a_wrong_stub(wrong):
    node = ast.parse(wrong).body[0]
    with pytest.raises(AssertionError):
        check_function(_core.format_quantity, node, "format_quantity", method=False)
