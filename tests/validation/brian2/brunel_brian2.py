#!/usr/bin/python3
"""Brunel (2000) model A simulated with Brian2: the reference peer of lamina's Brunel validation.

Same network as lamina's examples/brunel.toml (J Comput Neurosci 8:183, model A):
  NE = 10000, NI = 2500, fixed in-degree CE = 1000 from E and CI = 250 from I onto every neuron
  (sources drawn uniformly with replacement, autapses and multapses allowed, as lamina's defaults),
  delta synapses (voltage jumps J = 0.1 mV and -g J), delay D = 1.5 ms, tau_m = 20 ms,
  theta = 20 mV, V_r = 10 mV, t_ref = 2 ms (V clamped, inputs lost), V_m(0) ~ U(0, 20) mV,
  independent Poisson drive per neuron: CE * eta * nu_thr spikes/s of weight J, nu_thr = theta/(J CE tau_m).

lamina's discrete-time semantics (NEST's iaf_psc_delta) are reproduced exactly, so the two
simulators differ only in their random numbers:
  - schedule groups -> synapses -> thresholds: V is propagated over the step, then the inputs
    arriving at the step's end are added, then the threshold is checked (lamina's step()).
  - with that order Brian2 pushes a spike into the queue one step after its threshold crossing,
    so the synaptic delay is D - dt to land on lamina's arrival step.
  - Brian2's refractory condition counts the spike's own step, so refractory = t_ref + dt clamps
    the same 20 updates as lamina's 20-step counter.
  - inputs during the refractory period are discarded (int(not_refractory)), as in lamina.
  - PoissonInput draws Binomial(CE, eta nu_thr dt) per neuron and step; lamina draws
    Poisson(CE eta nu_thr dt). Mean equal, variance smaller by the factor 1 - p = 0.998: negligible.
Every run first checks the delay and refractory alignment on two neurons and reports it under
"timing" (`--check-timing` does only that).

Prints one JSON object on stdout: per seed the mean E and I rates over the measurement window
(transient, transient + measure], and for E the mean CV of ISI, Golomb's chi and the Fano factor
of 1 ms population counts and the population spectrum's peak, all defined as in
tests/validation/brunel_helpers.cpp; plus build/run (and, standalone, compile) wall times.
Progress goes to stderr.
Brian2 is a test peer only, never a runtime dependency of lamina.

Usage: /usr/bin/python3 brunel_brian2.py --seeds 1,2,3 [--g 5 --eta 2 --transient-ms 200
       --measure-ms 400 --target cython|numpy|cpp_standalone]
"""
import argparse
import gc
import json
import os
import shutil
import sys
import tempfile
import time
import warnings


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", default="1", help="comma-separated seeds, one independent network each")
    p.add_argument("--g", type=float, default=5.0, help="relative inhibitory strength")
    p.add_argument("--eta", type=float, default=2.0, help="nu_ext / nu_thr")
    p.add_argument("--transient-ms", type=float, default=200.0)
    p.add_argument("--measure-ms", type=float, default=400.0)
    p.add_argument("--target", choices=["numpy", "cython", "cpp_standalone"], default="cython")
    p.add_argument("--threads", type=int, default=0, help="OpenMP threads (cpp_standalone only)")
    p.add_argument("--check-timing", action="store_true",
                   help="only verify the delay/refractory alignment with lamina on two neurons")
    return p.parse_args(argv)


# Model A constants (canonical units: ms, mV); see the module docstring.
NE, NI, CE, CI = 10000, 2500, 1000, 250
J, D, TAU, THETA, V_R, T_REF, DT = 0.1, 1.5, 20.0, 20.0, 10.0, 2.0, 0.1
SCHEDULE = ["start", "groups", "synapses", "thresholds", "resets", "end"]


def import_brian():
    warnings.filterwarnings("ignore")
    import brian2  # noqa: F401  (the caller turns an ImportError into a test skip)
    import logging
    brian2.BrianLogger.log_level_error()
    logging.getLogger("py.warnings").setLevel(logging.ERROR)
    return brian2


def check_timing(b2):
    """Two neurons: neuron 0 spikes at step 0 and projects to neuron 1 with delay D.

    lamina stamps that spike at step 1 and the jump arrives at step 1 + D/dt; Brian2's monitor
    index n holds the state lamina has at step n + 1. Returns the two step indices to compare."""
    from brian2 import NeuronGroup, Synapses, StateMonitor, Network, ms, mV, defaultclock
    defaultclock.dt = DT * ms
    G = NeuronGroup(2, "dv/dt = -v/tau : volt (unless refractory)", threshold="v >= theta",
                    reset="v = V_r", refractory=(T_REF + DT) * ms, method="exact",
                    namespace={"tau": TAU * ms, "theta": THETA * mV, "V_r": V_R * mV})
    G.v = [25.0 * mV, 0.0 * mV]
    S = Synapses(G, G, on_pre="v_post += 1*mV*int(not_refractory_post)", delay=(D - DT) * ms)
    S.connect(i=0, j=1)
    M = StateMonitor(G, "v", record=[0, 1], when="end")
    net = Network(G, S, M)
    net.schedule = SCHEDULE
    net.run(3 * ms)
    v0, v1 = M.v[0] / mV, M.v[1] / mV
    jump = int((v1 > 0.5).argmax()) + 1          # in lamina's step numbering
    first_free = int((v0 < V_R - 1e-12).argmax())  # first update after the clamp (Brian index)
    return {"jump_step": jump, "expected_jump_step": 1 + round(D / DT),
            "clamped_updates": first_free - 1, "expected_clamped_updates": round(T_REF / DT)}


def simulate(seed, args):
    import numpy as np
    from brian2 import (NeuronGroup, Synapses, PoissonInput, SpikeMonitor, Network, ms, mV, Hz,
                        defaultclock, seed as b2_seed)
    t0 = time.perf_counter()
    defaultclock.dt = DT * ms
    b2_seed(seed)
    rng = np.random.default_rng(seed)
    nu_thr = THETA / (J * CE * TAU) * 1000.0  # Hz
    ns = {"tau": TAU * ms, "theta": THETA * mV, "V_r": V_R * mV, "J": J * mV, "g": args.g}
    N = NE + NI
    G = NeuronGroup(N, "dv/dt = -v/tau : volt (unless refractory)", threshold="v >= theta",
                    reset="v = V_r", refractory=(T_REF + DT) * ms, method="exact", namespace=ns,
                    name="brunel_neurons")
    G.v = rng.uniform(0.0, THETA, N) * mV
    # Fixed in-degree: each target draws its sources uniformly, with replacement.
    targets_e = np.repeat(np.arange(N), CE)
    sources_e = rng.integers(0, NE, size=N * CE)
    targets_i = np.repeat(np.arange(N), CI)
    sources_i = rng.integers(0, NI, size=N * CI)
    se = Synapses(G[:NE], G, on_pre="v_post += J*int(not_refractory_post)", delay=(D - DT) * ms,
                  namespace=ns, name="brunel_exc")
    se.connect(i=sources_e, j=targets_e)
    si = Synapses(G[NE:], G, on_pre="v_post -= g*J*int(not_refractory_post)", delay=(D - DT) * ms,
                  namespace=ns, name="brunel_inh")
    si.connect(i=sources_i, j=targets_i)
    drive = PoissonInput(G, "v", N=CE, rate=args.eta * nu_thr * Hz, weight="J*int(not_refractory)")
    mon = SpikeMonitor(G, name="brunel_spikes")
    net = Network(G, se, si, drive, mon, name="brunel_network")
    net.schedule = SCHEDULE
    build_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    net.run((args.transient_ms + args.measure_ms) * ms, namespace=ns)
    run_s = time.perf_counter() - t1
    return mon, net, build_s, run_s


def window_stats(times_ms, ids, t0, t1):
    """The statistics of lamina's brunel_helpers.cpp, computed the same way, for the E population.

    `times_ms` are lamina-aligned (Brian2's stamp + dt); spikes in (t0, t1] count."""
    import numpy as np
    keep = (times_ms > t0) & (times_ms <= t1)
    t, i = times_ms[keep], ids[keep]
    T = (t1 - t0) / 1000.0
    out = {"rate_E_hz": float(np.count_nonzero(i < NE)) / NE / T,
           "rate_I_hz": float(np.count_nonzero(i >= NE)) / NI / T}
    e = i < NE
    t, i = t[e], i[e]
    # Mean CV of ISI over E neurons with at least 3 spikes in the window.
    order = np.lexsort((t, i))
    ts, us = t[order], i[order]
    bounds = np.searchsorted(us, np.arange(NE + 1))
    cvs = []
    for u in range(NE):
        x = ts[bounds[u]:bounds[u + 1]]
        if len(x) >= 3:
            d = np.diff(x)
            cvs.append(d.std() / d.mean())
    out["cv_isi_E"] = float(np.mean(cvs)) if cvs else float("nan")

    def bins(bin_ms):
        n = int(round((t1 - t0) / bin_ms))
        b = np.clip(np.ceil((t - t0) / bin_ms - 1e-9).astype(np.int64) - 1, 0, n - 1)
        return n, b

    # Golomb's chi and the population Fano factor on 1 ms spike counts.
    n, b = bins(1.0)
    counts = np.bincount(b, minlength=n).astype(float)
    per_unit = np.bincount(i.astype(np.int64) * n + b, minlength=NE * n).reshape(NE, n).astype(float)
    out["chi_1ms"] = float(np.sqrt((counts / NE).var() / per_unit.var(axis=1).mean()))
    out["fano_1ms"] = float(counts.var() / counts.mean())
    # Spectral peak of the 0.5 ms population count, Hann window, shot-noise units, +-2 bins.
    n, b = bins(0.5)
    counts = np.bincount(b, minlength=n).astype(float)
    w = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / (n - 1))
    raw = np.abs(np.fft.rfft((counts - counts.mean()) * w)) ** 2 / ((w * w).sum() * counts.mean())
    raw = raw[1:]
    smooth = np.array([raw[max(0, k - 2):k + 3].mean() for k in range(len(raw))])
    f = np.arange(1, len(raw) + 1) * 1000.0 / (n * 0.5)
    sel = (f >= 5) & (f <= 500)
    k = int(np.argmax(smooth[sel]))
    out["peak_hz"] = float(f[sel][k])
    out["peak_power"] = float(smooth[sel][k])
    return out


def main(argv):
    args = parse_args(argv)
    try:
        b2 = import_brian()
    except ImportError as e:
        print(json.dumps({"error": "brian2 not importable: " + str(e)}))
        return 3
    from brian2 import prefs, set_device, device, start_scope, ms
    import numpy as np

    workdir = tempfile.mkdtemp(prefix="lamina_brian2_")
    out = {"brian2_version": b2.__version__, "target": args.target, "g": args.g, "eta": args.eta,
           "transient_ms": args.transient_ms, "measure_ms": args.measure_ms, "dt_ms": DT, "runs": []}
    try:
        # The alignment check is cheap (two neurons, numpy target): always report it, so that a
        # comparison never silently runs with misaligned conventions.
        prefs.codegen.target = "numpy"
        out["timing"] = check_timing(b2)
        start_scope()
        timing_ok = (out["timing"]["jump_step"] == out["timing"]["expected_jump_step"]
                     and out["timing"]["clamped_updates"] == out["timing"]["expected_clamped_updates"])
        if args.check_timing:
            print(json.dumps(out["timing"]))
            return 0 if timing_ok else 1
        if args.target == "cpp_standalone":
            prefs.devices.cpp_standalone.openmp_threads = args.threads
        else:
            prefs.codegen.target = args.target
            # Keep Cython's compiled modules out of the user's home when asked to.
            if args.target == "cython" and os.environ.get("LAMINA_BRIAN2_CACHE"):
                prefs.codegen.runtime.cython.cache_dir = os.environ["LAMINA_BRIAN2_CACHE"]
        for s in [int(x) for x in args.seeds.split(",") if x]:
            start_scope()
            if args.target == "cpp_standalone":
                device.reinit()
                device.activate()
                set_device("cpp_standalone", directory=os.path.join(workdir, f"seed{s}"), build_on_run=False)
            mon, net, build_s, run_s = simulate(s, args)
            compile_s = None
            if args.target == "cpp_standalone":
                t0 = time.perf_counter()
                device.build(run=False, compile=True, directory=os.path.join(workdir, f"seed{s}"))
                compile_s = time.perf_counter() - t0
                t0 = time.perf_counter()
                device.run(directory=os.path.join(workdir, f"seed{s}"), with_output=False, run_args=[])
                run_s = time.perf_counter() - t0
            times, ids = np.array(mon.t / ms), np.array(mon.i)
            # Free the names (fixed names keep the generated code, hence Cython's cache, identical
            # from one seed to the next).
            del mon, net
            gc.collect()
            # Brian2 stamps a spike at the start of the step lamina stamps at its end.
            run = {"seed": s}
            run.update(window_stats(times + DT, ids, args.transient_ms,
                                    args.transient_ms + args.measure_ms))
            run.update({"build_s": round(build_s, 2), "run_s": round(run_s, 2)})
            if compile_s is not None:
                run["compile_s"] = round(compile_s, 2)
            out["runs"].append(run)
            print(f"seed {s}: " + ", ".join(f"{k} {v:.4g}" for k, v in run.items() if k != "seed"),
                  file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
