#!/usr/bin/python3
"""Potjans & Diesmann (2014) microcircuit in Brian2, the peer of examples/microcircuit/generate.py.

    brian2_microcircuit.py --scale 0.1 --time-ms 1000 [--standalone --threads N --reps R]

The parameters come from examples/microcircuit/generate.py itself (sizes, synapse numbers,
weights with 1/sqrt(K) scaling, DC compensation, background rates), so both simulators run the
same definition: iaf_psc_exp neurons (exact integration; V clamped while refractory, the
synaptic current keeps decaying), fixed total number of random (source, target) pairs with
multapses and autapses, normal weights redrawn at 0 (10% SD), normal delays redrawn below dt and
above mean + 10 SD (rounded to dt by Brian2), background as K_ext independent 8 Hz Poisson
sources per neuron (PoissonInput), V_m(0) ~ N(-58, 10) mV. The run lasts warm-up + time, as the
lamina file; rates are over the whole run, as lamina's summary.json.

Prints one JSON object:
  {"simulator": "brian2", "version", "model": "microcircuit", "scale", "mode", "threads",
   "neurons", "synapses", "compile_s",
   "reps": [{"build_s", "sim_s", "peak_rss_mb", "spikes": {pop: n}, "rates_hz": {pop: Hz}}]}
sim_s is Brian2's own timing of the run loop; build_s the rest (network creation; in standalone
mode the binary's wall time minus sim_s).
"""
import argparse
import json
import os
import resource
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "examples", "microcircuit"))
import generate as mc  # noqa: E402  (the lamina model's own parameter code)
from brian2_common import rep, standalone_device, time_standalone  # noqa: E402


def draw_redrawn(rng, mean, sd, lo, hi, n):
    """Normal values redrawn until inside [lo, hi] (NEST's nest.math.redraw; lamina's min/max)."""
    v = rng.normal(mean, sd, n)
    bad = (v < lo) | (v > hi)
    while bad.any():
        v[bad] = rng.normal(mean, sd, int(bad.sum()))
        bad = (v < lo) | (v > hi)
    return v


def connectivity(scale, k_scale, dt_ms, seed):
    """Sources, targets (global indices), weights (pA) and delays (ms) of all synapses."""
    rng = np.random.default_rng(seed)
    sizes = [max(1, round(n * scale)) for n in mc.N_FULL]
    first = np.concatenate(([0], np.cumsum(sizes)))
    syn_full = mc.full_synapse_numbers()
    w_full, _ = mc.mean_weights_pA()
    src, tgt, w, d = [], [], [], []
    for i in range(8):
        for j in range(8):
            n = round(syn_full[i][j] * scale * k_scale)
            if n == 0:
                continue
            src.append(first[j] + rng.integers(0, sizes[j], n))
            tgt.append(first[i] + rng.integers(0, sizes[i], n))
            mean = w_full[i][j] / np.sqrt(k_scale)
            lo, hi = (0.0, np.inf) if mean > 0 else (-np.inf, 0.0)
            w.append(draw_redrawn(rng, mean, abs(mean) * mc.WEIGHT_REL_SD, lo, hi, n))
            dm = mc.DELAY_MS["E" if j % 2 == 0 else "I"]
            d.append(draw_redrawn(rng, dm, dm * mc.DELAY_REL_SD, dt_ms, dm * (1 + 10 * mc.DELAY_REL_SD), n))
    return sizes, first, np.concatenate(src), np.concatenate(tgt), np.concatenate(w), np.concatenate(d)


def build(b2, scale, k_scale, seed):
    ms, mV, pA, pF, Hz = b2.ms, b2.mV, b2.pA, b2.pF, b2.Hz
    p = mc.NEURON
    sizes, first, src, tgt, w, d = connectivity(scale, k_scale, 0.1, seed)
    n_total = int(first[-1])
    ns = dict(tau_m=p["tau_m"] * ms, tau_syn=p["tau_syn"] * ms, C_m=p["C_m"] * pF, E_L=p["E_L"] * mV,
              V_th=p["V_th"] * mV, V_reset=p["V_reset"] * mV)
    eqs = """dV/dt = -(V - E_L) / tau_m + (I_syn + I_e) / C_m : volt (unless refractory)
             dI_syn/dt = -I_syn / tau_syn : amp
             I_e : amp (constant)"""
    P = b2.NeuronGroup(n_total, eqs, threshold="V >= V_th", reset="V = V_reset", refractory=p["t_ref"] * ms,
                       method="exact", namespace=ns)
    rng = np.random.default_rng(seed + 1)
    P.V = rng.normal(-58.0, 10.0, n_total) * mV
    # Per-population DC and background exactly as generate.py writes them.
    syn_full = mc.full_synapse_numbers()
    w_full, j_exc = mc.mean_weights_pA()
    I_e = np.zeros(n_total)
    inputs = []
    for i in range(8):
        mean_in = sum(w_full[i][j] * syn_full[i][j] / mc.N_FULL[i] * mc.FULL_MEAN_RATES[j] for j in range(8))
        mean_in += j_exc * mc.K_EXT[i] * mc.BG_RATE_HZ
        I_e[first[i]:first[i + 1]] = 1e-3 * p["tau_syn"] * (1 - np.sqrt(k_scale)) * mean_in
        sub = P[int(first[i]):int(first[i + 1])]
        inputs.append(b2.PoissonInput(sub, "I_syn", N=round(mc.K_EXT[i] * k_scale), rate=mc.BG_RATE_HZ * Hz,
                                      weight=j_exc / np.sqrt(k_scale) * pA))
    P.I_e = I_e * pA
    S = b2.Synapses(P, P, "w : amp (constant)", on_pre="I_syn_post += w")
    S.connect(i=src.astype(np.int32), j=tgt.astype(np.int32))
    S.w = w * pA
    S.delay = d * ms
    mon = b2.SpikeMonitor(P)
    pops = {name: (int(first[k]), int(first[k + 1])) for k, name in enumerate(mc.POPULATIONS)}
    return [P, S, mon] + inputs, pops, mon, n_total, len(src)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=0.1, help="fraction of neurons and in-degrees, (0, 1]")
    ap.add_argument("--time-ms", type=float, default=1000.0, help="simulated time after the 100 ms warm-up")
    ap.add_argument("--standalone", action="store_true", help="C++ standalone mode (default: runtime mode)")
    ap.add_argument("--threads", type=int, default=1, help="OpenMP threads in standalone mode")
    ap.add_argument("--reps", type=int, default=1, help="runs of the compiled binary (standalone)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", default=None, help="standalone project folder (default: a temporary one)")
    a = ap.parse_args()
    if not (0.0 < a.scale <= 1.0) or a.time_ms < 0 or a.threads < 1 or a.reps < 1:
        ap.error("need 0 < --scale <= 1, --time-ms >= 0, --threads >= 1, --reps >= 1")
    import brian2 as b2
    b2.prefs.logging.console_log_level = "WARNING"
    b2.defaultclock.dt = 0.1 * b2.ms
    duration = (mc.WARMUP_MS + a.time_ms) * b2.ms
    out = {"simulator": "brian2", "version": b2.__version__, "model": "microcircuit", "scale": a.scale,
           "mode": "standalone" if a.standalone else "runtime", "threads": a.threads if a.standalone else 1,
           "compile_s": None, "reps": []}
    if a.standalone:
        workdir = a.workdir or tempfile.mkdtemp(prefix="lamina_bench_brian2_mc_")
        standalone_device(b2, workdir, a.threads)
        objects, pops, mon, out["neurons"], out["synapses"] = build(b2, a.scale, a.scale, a.seed)
        time_standalone(b2, workdir, objects, duration, a.reps, out,
                        lambda build_s, sim_s, rss_mb: rep(b2, mon, pops, duration, build_s, sim_s, rss_mb))
    else:
        t0 = time.perf_counter()
        objects, pops, mon, out["neurons"], out["synapses"] = build(b2, a.scale, a.scale, a.seed)
        net = b2.Network(*objects)
        net.run(b2.defaultclock.dt)  # code generation and compilation, not timed as simulation
        build_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        net.run(duration - b2.defaultclock.dt)
        sim = time.perf_counter() - t0
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        out["reps"].append(rep(b2, mon, pops, duration, build_s, sim, rss_mb))
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
