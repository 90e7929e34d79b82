#!/usr/bin/python3
"""COBA network (Brette et al. 2007 benchmark 1 parameters as in Brian2's benchmark scripts):
the CUBA network with conductance synapses; the lamina twin is bench/models/coba.toml.
Conductances in units of g_L (we = 0.6, wi = 6.7), a drive I = 20 mV, delays of one step
(0.1 ms); exponential Euler, the scheme of lamina's lif_cond_exp_ee (Brian2's scripts use 'euler').
Usage: brian2_coba.py [--time-ms 10000] [--standalone --threads N --reps R]"""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from brian2_common import main


def build(b2, duration):
    ms, mV = b2.ms, b2.mV
    ns = dict(taum=20 * ms, taue=5 * ms, taui=10 * ms, Vt=-50 * mV, Vr=-60 * mV, El=-60 * mV,
              Erev_exc=0 * mV, Erev_inh=-80 * mV, I=20 * mV)
    eqs = """
    dv/dt  = (ge*(Erev_exc-v) + gi*(Erev_inh-v) - (v-El) + I)*(1./taum) : volt (unless refractory)
    dge/dt = -ge/taue : 1
    dgi/dt = -gi/taui : 1
    """
    P = b2.NeuronGroup(4000, eqs, threshold="v>Vt", reset="v = Vr", refractory=5 * ms, method="exponential_euler", namespace=ns)
    P.v = "Vr + rand() * (Vt - Vr)"
    P.ge = 0
    P.gi = 0
    Ce = b2.Synapses(P, P, on_pre="ge += 0.6", delay=0.1 * ms)
    Ci = b2.Synapses(P, P, on_pre="gi += 6.7", delay=0.1 * ms)
    Ce.connect("i<3200", p=0.02)
    Ci.connect("i>=3200", p=0.02)
    mon = b2.SpikeMonitor(P)
    return [P, Ce, Ci, mon], {"E": (0, 3200), "I": (3200, 4000)}, mon


if __name__ == "__main__":
    main(build, 10000.0)
