#!/usr/bin/python3
"""The COBAHH neuron of Brian2's example (examples/COBAHH.py; Brette et al. 2007, J Comput
Neurosci 23:349, benchmark 3) simulated by Brian2: the reference of lamina's hh_cond_exp_traub
test `NeuronHhCondExpTraub.MatchesBrian2CobahhNeuron`.

The equations are the example's, verbatim, with two additions needed to drive single cells: a
constant current I and a per-neuron leak reversal El. Three cells, 100 ms, no synapses:
  0: the example's cell as published, no input (it fires tonically: it has no resting state);
  1: El = -70 mV (a resting cell), I = 300 pA;
  2: El = -70 mV, ge(0) = 60 nS, gi(0) = 20 nS: one synaptic volley at t = 0.
Each starts at V = El with m, h, n at their steady state there (computed from the example's rate
functions). Brian2 integrates with classical RK4 at dt = 1 us, so its result is converged to
~1e-9 mV; V is written every 0.1 ms (lamina's dt) as CSV: t_ms, V0, V1, V2 (mV).

Brian2 is a test peer only, never a runtime dependency of lamina. Regenerate with
  /usr/bin/python3 tests/validation/brian2/cobahh_neuron.py > tests/validation/brian2/cobahh_neuron.csv
(about a minute with the numpy target).
"""
import sys

import numpy as np
from brian2 import (NeuronGroup, StateMonitor, Network, defaultclock, prefs, ms, mV, nS, pA, umetre, cm,
                    ufarad, siemens, msiemens, exp)


def main():
    prefs.codegen.target = "numpy"
    defaultclock.dt = 0.001 * ms
    # Parameters of the example (examples/COBAHH.py).
    area = 20000 * umetre ** 2
    Cm = (1 * ufarad * cm ** -2) * area
    gl = (5e-5 * siemens * cm ** -2) * area
    EK = -90 * mV
    ENa = 50 * mV
    g_na = (100 * msiemens * cm ** -2) * area
    g_kd = (30 * msiemens * cm ** -2) * area
    VT = -63 * mV
    taue = 5 * ms
    taui = 10 * ms
    Ee = 0 * mV
    Ei = -80 * mV
    eqs = """
    dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-
             g_na*(m*m*m)*h*(v-ENa)-
             g_kd*(n*n*n*n)*(v-EK) + I)/Cm : volt
    dm/dt = alpha_m*(1-m)-beta_m*m : 1
    dn/dt = alpha_n*(1-n)-beta_n*n : 1
    dh/dt = alpha_h*(1-h)-beta_h*h : 1
    dge/dt = -ge*(1./taue) : siemens
    dgi/dt = -gi*(1./taui) : siemens
    alpha_m = 0.32*(mV**-1)*(13*mV-v+VT)/
             (exp((13*mV-v+VT)/(4*mV))-1.)/ms : Hz
    beta_m = 0.28*(mV**-1)*(v-VT-40*mV)/
            (exp((v-VT-40*mV)/(5*mV))-1)/ms : Hz
    alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
    beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
    alpha_n = 0.032*(mV**-1)*(15*mV-v+VT)/
             (exp((15*mV-v+VT)/(5*mV))-1.)/ms : Hz
    beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz
    I : amp (constant)
    El : volt (constant)
    """
    P = NeuronGroup(3, model=eqs, method="rk4")
    P.El = [-60, -70, -70] * mV
    P.I = [0, 300, 0] * pA
    P.ge = [0, 0, 60] * nS
    P.gi = [0, 0, 20] * nS
    # Steady state of the gates at V = El, from the example's rate functions.
    El_mV = np.array([-60.0, -70.0, -70.0])
    u = El_mV - VT / mV
    am = 0.32 * (13 - u) / (np.exp((13 - u) / 4) - 1)
    bm = 0.28 * (u - 40) / (np.exp((u - 40) / 5) - 1)
    ah = 0.128 * np.exp((17 - u) / 18)
    bh = 4 / (1 + np.exp((40 - u) / 5))
    an = 0.032 * (15 - u) / (np.exp((15 - u) / 5) - 1)
    bn = 0.5 * np.exp((10 - u) / 40)
    P.v = El_mV * mV
    P.m = am / (am + bm)
    P.h = ah / (ah + bh)
    P.n = an / (an + bn)
    M = StateMonitor(P, "v", record=True, dt=0.1 * ms)
    net = Network(P, M)
    net.run(100 * ms + 0.05 * ms)  # the sample at 100 ms included
    t = M.t / ms
    v = M.v / mV
    out = sys.stdout
    out.write("# Brian2 %s, COBAHH neuron (examples/COBAHH.py), RK4 at dt = 1 us; see cobahh_neuron.py\n"
              % __import__("brian2").__version__)
    out.write("t_ms,V0,V1,V2\n")
    for k in range(len(t)):
        out.write("%.1f,%.6f,%.6f,%.6f\n" % (t[k], v[0][k], v[1][k], v[2][k]))


if __name__ == "__main__":
    main()
