#!/usr/bin/python3
"""Vogels & Abbott (2005) CUBA network as in Brian2's example CUBA.py; the lamina twin is
bench/models/cuba.toml. One change: a delay of one step (0.1 ms) on every synapse, as lamina
requires delays >= dt (Brian2's example delivers in the spike's own step).
Usage: brian2_cuba.py [--time-ms 10000] [--standalone --threads N --reps R]"""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from brian2_common import main


def build(b2, duration):
    ms, mV = b2.ms, b2.mV
    ns = dict(taum=20 * ms, taue=5 * ms, taui=10 * ms, Vt=-50 * mV, Vr=-60 * mV, El=-49 * mV)
    eqs = """
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    """
    P = b2.NeuronGroup(4000, eqs, threshold="v>Vt", reset="v = Vr", refractory=5 * ms, method="exact", namespace=ns)
    P.v = "Vr + rand() * (Vt - Vr)"
    P.ge = 0 * mV
    P.gi = 0 * mV
    we = (60 * 0.27 / 10) * mV  # 1.62 mV
    wi = (-20 * 4.5 / 10) * mV  # -9 mV
    Ce = b2.Synapses(P, P, on_pre="ge += we", delay=0.1 * ms, namespace={"we": we})
    Ci = b2.Synapses(P, P, on_pre="gi += wi", delay=0.1 * ms, namespace={"wi": wi})
    Ce.connect("i<3200", p=0.02)
    Ci.connect("i>=3200", p=0.02)
    mon = b2.SpikeMonitor(P)
    return [P, Ce, Ci, mon], {"E": (0, 3200), "I": (3200, 4000)}, mon


if __name__ == "__main__":
    main(build, 10000.0)
