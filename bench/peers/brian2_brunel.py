#!/usr/bin/python3
"""Brunel (2000) model A, asynchronous irregular state (g = 5, eta = 2); the lamina twin is
bench/models/brunel.toml. NE = 10000, NI = 2500, CE = 1000, CI = 250 (fixed in-degree),
J = 0.1 mV, D = 1.5 ms, theta = 20 mV, V_r = 10 mV, tau_m = 20 ms, t_ref = 2 ms; external input
CE independent Poisson sources at nu_ext = eta theta / (J CE tau_m) = 20 Hz (Brian2's
PoissonInput, a binomial count per step). Inputs arriving while refractory are lost, as in
lamina's lif_psc_delta (and NEST's iaf_psc_delta).
Usage: brian2_brunel.py [--time-ms 1000] [--standalone --threads N --reps R]"""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from brian2_common import main


def build(b2, duration):
    ms, mV, Hz = b2.ms, b2.mV, b2.Hz
    NE, NI, CE, CI = 10000, 2500, 1000, 250
    J, g, eta, D = 0.1 * mV, 5.0, 2.0, 1.5 * ms
    theta, Vr, tau, tref = 20 * mV, 10 * mV, 20 * ms, 2 * ms
    nu_ext = eta * theta / (J * CE * tau)
    ns = dict(tau=tau, theta=theta, Vr=Vr, J=J)
    P = b2.NeuronGroup(NE + NI, "dv/dt = -v/tau : volt (unless refractory)", threshold="v>=theta",
                       reset="v = Vr", refractory=tref, method="exact", namespace=ns)
    P.v = "rand() * theta"
    Ce = b2.Synapses(P, P, on_pre="v_post += J*int(not_refractory_post)", delay=D, namespace={"J": J})
    Ci = b2.Synapses(P, P, on_pre="v_post += -g*J*int(not_refractory_post)", delay=D, namespace={"J": J, "g": g})
    # Fixed in-degree: CE excitatory and CI inhibitory sources per target, drawn with replacement
    # (lamina's default multapses = true).
    Ce.connect(i=b2.np.random.randint(0, NE, (NE + NI) * CE), j=b2.np.repeat(b2.np.arange(NE + NI), CE))
    Ci.connect(i=b2.np.random.randint(NE, NE + NI, (NE + NI) * CI), j=b2.np.repeat(b2.np.arange(NE + NI), CI))
    poisson = b2.PoissonInput(P, "v", N=CE, rate=nu_ext, weight="J*int(not_refractory)")
    mon = b2.SpikeMonitor(P)
    return [P, Ce, Ci, poisson, mon], {"E": (0, NE), "I": (NE, NE + NI)}, mon


if __name__ == "__main__":
    main(build, 1000.0)
