#!/usr/bin/python3
"""Writes the Potjans & Diesmann (2014) cortical microcircuit as a lamina model file.

    /usr/bin/python3 examples/microcircuit/generate.py --scale 0.1 --time-ms 1000 --out mc.toml

Potjans TC, Diesmann M (2014) The cell-type specific cortical microcircuit: relating structure
and activity in a full-scale spiking network model. Cereb Cortex 24:785-806. Parameters as in the
paper's Tables 4-5 and in NEST's PyNEST example (pynest/examples/Potjans_2014, network_params.py and
helpers.py); README.md lists each with its source. Everything is computed here; the engine sees
plain populations, connections and stimuli.

Scaling (van Albada, Helias & Diesmann 2015, PLoS Comput Biol 11:e1004490; NEST's
`adjust_weights_and_input_to_synapse_scaling`): --scale S multiplies the neuron numbers by S and,
unless --k-scale says otherwise, the in-degrees by S too. Weights then grow by 1/sqrt(K_scale) so
that the input variance is kept, and a DC current replaces the mean input that the fewer synapses
no longer bring, computed from the full-scale rates:
    I_DC = tau_syn (1 - sqrt(K_scale)) sum_j J_j K_j nu_j      (pA = ms * pA * Hz * 1e-3)
over recurrent sources j (full-scale in-degree K_j, weight J_j, rate nu_j) and the background.
"""
import argparse
import math
import os
import sys
import tempfile

POPULATIONS = ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"]
N_FULL = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948]  # paper Table 5
# Connection probabilities, row = target, column = source (paper Table 5).
CONN_PROBS = [
    [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
    [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
    [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0],
    [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
    [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
    [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0],
    [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
    [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
]
K_EXT = [1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100]  # background in-degrees (Table 5)
BG_RATE_HZ = 8.0
# Full-scale mean rates (Hz) from NEST's reference simulation (network_params.py,
# 'full_mean_rates'); only used for the DC that compensates in-degree scaling.
FULL_MEAN_RATES = [0.971, 2.868, 4.746, 5.396, 8.142, 9.078, 0.991, 7.523]
# Initial membrane potentials: 'original' N(-58, 10) mV for all; 'optimized' per population
# (NEST network_params.py, V0_type), which shortens the initial transient.
V0_OPTIMIZED = ([-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43],
                [5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48])

NEURON = dict(C_m=250.0, tau_m=10.0, tau_syn=0.5, t_ref=2.0, E_L=-65.0, V_th=-50.0, V_reset=-65.0)
PSP_EXC_MV = 0.15     # mean excitatory PSP amplitude
WEIGHT_REL_SD = 0.1
G = -4.0              # inhibitory / excitatory weight
DELAY_MS = {"E": 1.5, "I": 0.75}
DELAY_REL_SD = 0.5
BACKGROUND_DELAY_MS = 1.5
WARMUP_MS = 100.0


def psc_over_psp(C_m, tau_m, tau_syn):
    """pA of PSC amplitude per mV of PSP peak for a LIF with exponential PSCs (tau_syn != tau_m).

    The PSP of a PSC of amplitude 1 pA is V(t) = tau_m tau_syn / (C_m (tau_m - tau_syn))
    (e^(-t/tau_m) - e^(-t/tau_syn)); its peak is at t* = ln(tau_m/tau_syn) tau_m tau_syn /
    (tau_m - tau_syn). For C_m 250 pF, tau_m 10 ms, tau_syn 0.5 ms: 0.15 mV <-> 87.81 pA.
    """
    t_peak = math.log(tau_m / tau_syn) * tau_m * tau_syn / (tau_m - tau_syn)
    peak = tau_m * tau_syn / (C_m * (tau_m - tau_syn)) * (math.exp(-t_peak / tau_m) - math.exp(-t_peak / tau_syn))
    return 1.0 / peak


def full_synapse_numbers():
    """Total synapses per (target, source) pair of the full model, paper eq. (1):
    K = log(1 - p) / log(1 - 1 / (N_pre N_post)), random pairs drawn with replacement."""
    out = []
    for i, row in enumerate(CONN_PROBS):
        out.append([0.0 if p == 0.0 else
                    math.log(1.0 - p) / math.log(1.0 - 1.0 / (N_FULL[i] * N_FULL[j]))
                    for j, p in enumerate(row)])
    return out


def mean_weights_pA():
    """Mean PSC amplitude per (target, source), before in-degree scaling; L4E -> L2/3E doubled."""
    j_exc = PSP_EXC_MV * psc_over_psp(NEURON["C_m"], NEURON["tau_m"], NEURON["tau_syn"])
    w = [[j_exc if POPULATIONS[j].endswith("E") else G * j_exc for j in range(8)] for _ in range(8)]
    w[0][2] = 2.0 * j_exc
    return w, j_exc


def build_model(scale, k_scale, time_ms, rule, v0, seed, threads, dt):
    syn_full = full_synapse_numbers()
    w_full, j_exc = mean_weights_pA()
    sqrt_k = math.sqrt(k_scale)
    sizes = [max(1, round(n * scale)) for n in N_FULL]
    lines = []
    emit = lines.append
    emit("# Potjans & Diesmann (2014) cortical microcircuit, written by examples/microcircuit/generate.py")
    emit(f"# --scale {scale} --k-scale {k_scale} --time-ms {time_ms} --rule {rule} --v0 {v0}: "
         f"{sum(sizes)} neurons. See examples/microcircuit/README.md.")
    emit("[meta]")
    emit('description = "Potjans & Diesmann 2014 cortical microcircuit (Cereb Cortex 24:785)"')
    emit(f"scale = {scale}")
    emit(f"k_scale = {k_scale}")
    emit(f'warmup = "{WARMUP_MS} ms"  # statistics start here; the run lasts warmup + time')
    emit(f'connection_rule = "{rule}"')
    emit("")
    emit("[simulation]")
    emit(f'dt = "{dt} ms"')
    emit(f'duration = "{WARMUP_MS + time_ms} ms"')
    emit(f"seed = {seed}")
    emit(f"threads = {threads}")

    for i, name in enumerate(POPULATIONS):
        # DC that replaces the mean input lost by scaling the in-degrees (module docstring).
        mean_in = sum(w_full[i][j] * syn_full[i][j] / N_FULL[i] * FULL_MEAN_RATES[j] for j in range(8))
        mean_in += j_exc * K_EXT[i] * BG_RATE_HZ
        dc = 1e-3 * NEURON["tau_syn"] * (1.0 - sqrt_k) * mean_in
        if v0 == "optimized":
            v_mean, v_sd = V0_OPTIMIZED[0][i], V0_OPTIMIZED[1][i]
        else:
            v_mean, v_sd = -58.0, 10.0
        emit("")
        emit(f"[populations.{name}]")
        emit('model = "lif_psc_exp"')
        emit(f"size = {sizes[i]}")
        emit(f'C_m = "{NEURON["C_m"]} pF"')
        emit(f'tau_m = "{NEURON["tau_m"]} ms"')
        emit(f'tau_syn_ex = "{NEURON["tau_syn"]} ms"')
        emit(f'tau_syn_in = "{NEURON["tau_syn"]} ms"')
        emit(f't_ref = "{NEURON["t_ref"]} ms"')
        emit(f'E_L = "{NEURON["E_L"]} mV"')
        emit(f'V_th = "{NEURON["V_th"]} mV"')
        emit(f'V_reset = "{NEURON["V_reset"]} mV"')
        emit(f'I_e = "{dc:.6f} pA"  # DC compensating the in-degree scaling')
        emit(f'V_m = {{ distribution = "normal", mean = "{v_mean} mV", std = "{v_sd} mV" }}')

    for i, target in enumerate(POPULATIONS):
        for j, source in enumerate(POPULATIONS):
            if syn_full[i][j] == 0.0:
                continue
            kind = "E" if source.endswith("E") else "I"
            w = w_full[i][j] / sqrt_k
            sd = abs(w) * WEIGHT_REL_SD
            d = DELAY_MS[kind]
            emit("")
            emit("[[connections]]")
            emit(f'source = "{source}"')
            emit(f'target = "{target}"')
            emit(f'rule = "{rule}"')
            if rule == "fixed_total_number":
                emit(f"N = {round(syn_full[i][j] * scale * k_scale)}")
            else:
                emit(f"indegree = {round(syn_full[i][j] / N_FULL[i] * k_scale)}")
            # Weights keep their sign (NEST redraws at 0); 10% SD never reaches 0 in practice.
            bound = 'min = "0 pA"' if w > 0 else 'max = "0 pA"'
            emit(f'weight = {{ distribution = "normal", mean = "{w:.6f} pA", std = "{sd:.6f} pA", {bound} }}')
            # Normal delays redrawn below dt (NEST redraws below dt/2, which then rounds to dt);
            # lamina needs an upper bound: mean + 10 SD is never reached (p < 1e-23).
            emit(f'delay = {{ distribution = "normal", mean = "{d} ms", std = "{d * DELAY_REL_SD} ms", '
                 f'min = "{dt} ms", max = "{d * (1.0 + 10.0 * DELAY_REL_SD)} ms" }}')

    for i, name in enumerate(POPULATIONS):
        # Background: K_ext independent 8 Hz Poisson sources = one Poisson train of K_ext * 8 Hz.
        k_ext = round(K_EXT[i] * k_scale)
        emit("")
        emit("[[stimuli]]")
        emit('type = "poisson"')
        emit(f'target = "{name}"')
        emit(f'rate = "{k_ext * BG_RATE_HZ} Hz"  # K_ext = {k_ext} sources at {BG_RATE_HZ} Hz')
        emit(f'weight = "{j_exc / sqrt_k:.6f} pA"')

    emit("")
    emit("[[recorders]]")
    emit('type = "spikes"')
    emit("populations = [" + ", ".join(f'"{p}"' for p in POPULATIONS) + "]")
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of neurons (and in-degrees), (0, 1]")
    ap.add_argument("--k-scale", type=float, default=None, help="fraction of in-degrees (default: --scale)")
    ap.add_argument("--time-ms", type=float, default=1000.0, help="simulated time after the 100 ms warm-up")
    ap.add_argument("--rule", choices=["fixed_total_number", "fixed_indegree"], default="fixed_total_number",
                    help="the paper's random pairs (default) or the same mean in-degree for every neuron")
    ap.add_argument("--v0", choices=["original", "optimized"], default="original",
                    help="initial V_m: N(-58, 10) mV, or NEST's per-population values")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--dt-ms", type=float, default=0.1)
    ap.add_argument("--out", default=None, help="output file (default: stdout)")
    a = ap.parse_args(argv)
    k_scale = a.scale if a.k_scale is None else a.k_scale
    if not (0.0 < a.scale <= 1.0) or not (0.0 < k_scale <= 1.0):
        ap.error("--scale and --k-scale must be in (0, 1]")
    if a.time_ms < 0.0 or a.dt_ms <= 0.0 or a.threads < 1 or a.seed < 0:
        ap.error("--time-ms must be >= 0, --dt-ms > 0, --threads >= 1, --seed >= 0")
    text = build_model(a.scale, k_scale, a.time_ms, a.rule, a.v0, a.seed, a.threads, a.dt_ms)
    if a.out is None:
        sys.stdout.write(text)
        return
    # Write to a temporary name, then rename: a reader never sees half a file.
    folder = os.path.dirname(os.path.abspath(a.out))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".microcircuit-", suffix=".toml")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
