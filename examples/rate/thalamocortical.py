"""Thalamocortical control (Logiaco, Abbott & Escola 2021): a linear cortical network J whose
dynamics are switched by low-rank thalamic loops. Each loop moves one complex pair of J's
eigenvalues to 1 +- i omega_k (a marginal oscillator at omega_k / tau rad/ms) and leaves the rest of
the spectrum in place; switching loops on one after another produces a sequence of motifs.
Writes docs/figures/rate_thalamocortical.svg (spectra, and the cortical activity with its motif
coordinates).

    /usr/bin/python3 examples/rate/thalamocortical.py [--n 200] [--out FILE]

Needs the lamina package on the path (PYTHONPATH=build/python) and matplotlib."""
import argparse
import pathlib

import numpy as np

from lamina import rate_theory as rt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parents[2] / "docs" / "figures" /
                                          "rate_thalamocortical.svg"))
    a = ap.parse_args()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(1)
    n, tau, g = a.n, 10.0, 0.8
    J = rng.normal(0.0, g / np.sqrt(n), (n, n))
    lam = np.array(rt.eigenvalues(J))
    pairs = sorted([z for z in lam if z.imag > 0], key=lambda z: -z.imag)[:3]
    omegas = [0.25, 0.5, 0.9]
    loops = [rt.place_eigenvalues(J, [z], [1 + 1j * w]) for z, w in zip(pairs, omegas)]
    w, V = np.linalg.eig(J)
    L = np.linalg.inv(V)
    idx = [int(np.argmin(abs(w - z))) for z in pairs]
    x0 = sum(V[:, k].real for k in idx)
    seg = 150.0
    xs = rt.run_loop_sequence(J, [(l["u"], l["v"]) for l in loops], active=[0, 1, 2, -1],
                              durations_ms=[seg] * 4, x0=x0, tau_ms=tau, dt_ms=0.5)
    t = 0.5 * np.arange(1, len(xs) + 1)

    fig, ax = plt.subplots(1, 3, figsize=(12, 3.6))
    ax[0].plot(lam.real, lam.imag, ".", color="0.6", ms=3, label="J")
    for l, c in zip(loops, ["C0", "C1", "C2"]):
        mv = np.array(l["moved_to"])
        ax[0].plot(mv.real, mv.imag, "o", mfc="none", color=c)
        ax[0].plot([mv.real[0], mv.real[0]], [mv.imag[0], -mv.imag[0]], "o", mfc="none", color=c)
    ax[0].axvline(1.0, color="k", lw=0.5)
    ax[0].set(xlabel="Re lambda", ylabel="Im lambda", title="loops place eigenvalues (o)")
    ax[1].plot(t, xs[:, :5], lw=0.8)
    ax[1].set(xlabel="time (ms)", ylabel="x (5 units)", title="cortical activity")
    for k, c in zip(range(3), ["C0", "C1", "C2"]):
        ax[2].plot(t, np.abs(xs @ L[idx[k]]), color=c, label=f"motif {k}: omega={omegas[k]}")
    for s in range(1, 4):
        for axx in ax[1:]:
            axx.axvline(s * seg, color="k", lw=0.5, ls=":")
    ax[2].set(yscale="log", xlabel="time (ms)", ylabel="|l_k . x|", title="motif amplitudes (loop k on in segment k)")
    ax[2].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(a.out)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
