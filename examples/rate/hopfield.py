"""Hopfield capacity (Amit, Gutfreund & Sompolinsky 1987): final overlap with the cued pattern
against the load alpha = P/N, N = 1000 sign units, synchronous updates, beside the replica
theory (alpha_c = 0.138). Writes docs/figures/rate_hopfield.png.

    /usr/bin/python3 examples/rate/hopfield.py      (with the built package on PYTHONPATH)
"""
import pathlib

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import lamina.rate as lr
import lamina.rate_models as rm

N = 1000
OUT = pathlib.Path(__file__).resolve().parents[2] / "docs" / "figures" / "rate_hopfield.png"


def overlaps(P, seed=5, trials=40):
    xi = rm.random_patterns(P, N, seed)
    K = min(P, trials)
    net = lr.RateNetwork(dt="1 ms", seed=seed, trials=K)
    net.population("mem", N, tau="1 ms", phi="sign")
    rm.hebbian(net, "mem", xi)
    for r in range(K):
        net.set_state(xi[r], r)
    net.run("40 ms")  # 40 synchronous updates (x <- J sign(x))
    return np.array([xi[r] @ np.sign(net.state(r)) / N for r in range(K)])


def main():
    a_c, m_c = rm.hopfield_capacity()
    Ps = np.arange(21, 302, 10)  # odd P with even N: no zero local fields
    ms = [overlaps(P) for P in Ps]
    alpha = Ps / N
    theory_a = np.linspace(1e-3, 0.2, 400)
    fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.4))
    a.plot(theory_a, [rm.hopfield_retrieval_overlap(x) for x in theory_a], "k-", label="AGS theory (retrieval state)")
    a.plot(alpha, [m.mean() for m in ms], "o", color="C0", ms=4, label="simulation: mean final overlap")
    a.axvline(a_c, color="0.6", ls="--", lw=0.8)
    a.text(a_c, 0.55, r" $\alpha_c$ = %.3f" % a_c, fontsize=8)
    a.set(xlabel=r"load $\alpha = P/N$", ylabel="overlap m", ylim=(0, 1.05))
    a.legend(fontsize=7, loc="lower left")
    b.plot(alpha, [(m > 0.9).mean() for m in ms], "o-", color="C0", ms=4)
    b.axvline(a_c, color="0.6", ls="--", lw=0.8)
    b.set(xlabel=r"load $\alpha = P/N$", ylabel="fraction retrieved (m > 0.9)")
    fig.suptitle("Hopfield network, N = 1000, synchronous updates, 40 cued patterns per load", fontsize=9)
    fig.tight_layout()
    fig.savefig(OUT, dpi=90)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
