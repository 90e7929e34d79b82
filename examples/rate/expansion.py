"""Cerebellum-like expansion (Litwin-Kumar et al. 2017): dimension (participation ratio) of N
binary granule cells with in-degree K against the analytic formula, over K at the fly-like sizes
M = 50, N = 2000, f = 0.1, with equal weights (optimum K = 3) and with lognormal weights of CV 1
(optimum K = 5-6, K = 7 on its plateau, as the paper's fly optimum); and readout learning from the expansion against kernel theory
(Canatar et al. 2021, as used by Xie et al. 2023) on a smooth target y = sin(a . x).
Writes docs/figures/rate_expansion.svg.

    /usr/bin/python3 examples/rate/expansion.py [--patterns 2000] [--out FILE]

The same expansion as a model file: examples/rate/expansion.toml (lamina run).
Needs the lamina package on the path (PYTHONPATH=build/python) and matplotlib."""
import argparse
import pathlib

import numpy as np

from lamina import rate_theory as rt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--patterns", type=int, default=2000)
    ap.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parents[2] / "docs" / "figures" /
                                          "rate_expansion.svg"))
    a = ap.parse_args()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    M, N, f = 50, 2000, 0.1
    Ks = np.arange(1, 51)
    theory = [rt.expansion_dimension(M, N, int(K), f) for K in Ks]
    Ksim = [1, 2, 4, 7, 10, 15, 25, 50]
    sim = []
    for K in Ksim:
        _, m = rt.expansion(M, N, K, f, a.patterns, seed=K)
        sim.append(rt.participation_ratio_known_mean(m, np.full(N, f)))

    Q, Nr, K = 400, 1000, 4
    x, m = rt.expansion(M, Nr, K, f, Q, seed=3)
    u = np.random.default_rng(5).normal(size=M)
    y = np.sin(x @ u / np.linalg.norm(u))
    eig, coef = rt.kernel_spectrum(m, y)
    ridge = 1e-3
    Ps = np.array([10, 25, 50, 100, 200, 400])
    rng = np.random.default_rng(7)
    emp = [np.mean([rt.ridge_readout_error(m, y, rng.integers(0, Q, P).astype(np.uint64), ridge) for _ in range(40)])
           for P in Ps]
    Pt = np.geomspace(5, 600, 60)
    th = [rt.kernel_regression_error(eig, coef, P, ridge)["error"] for P in Pt]

    fig, ax = plt.subplots(1, 2, figsize=(9, 3.6))
    Kh = np.arange(1, 21)
    het = [rt.expansion_dimension_heterogeneous(M, N, int(K), f, 1.0, 100000) for K in Kh]
    Khs = [2, 4, 7, 12]
    sim_h = []
    for K in Khs:
        _, m = rt.expansion(M, N, K, f, a.patterns, seed=100 + K, weight_cv=1.0)
        sim_h.append(rt.participation_ratio_known_mean(m, np.full(N, f)))
    ax[0].plot(Ks, theory, "k-", label="theory, equal weights")
    ax[0].plot(Ksim, sim, "o", color="C0", label=f"simulation ({a.patterns} patterns)")
    ax[0].plot(Kh, het, "-", color="C2", label="theory, lognormal weights CV 1")
    ax[0].plot(Khs, sim_h, "s", color="C2", mfc="none", label="simulation, CV 1")
    kbest = Ks[int(np.argmax(theory))]
    khet = Kh[int(np.argmax(het))]
    ax[0].axvline(kbest, color="C1", ls=":", label=f"optimum K = {kbest} (equal), {khet} (CV 1)")
    ax[0].axvline(khet, color="C2", ls=":")
    ax[0].set(xscale="log", xlabel="in-degree K", ylabel="dimension (participation ratio)",
              title=f"M={M}, N={N}, f={f}")
    ax[0].legend(fontsize=8)
    ax[1].plot(Pt, th, "k-", label="kernel theory")
    ax[1].plot(Ps, emp, "o", color="C0", label="ridge readout (40 training sets)")
    ax[1].set(xscale="log", yscale="log", xlabel="training inputs P", ylabel="generalisation error",
              title=f"y = sin(a.x), N={Nr}, K={K}")
    ax[1].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(a.out)
    print(f"wrote {a.out}; optimum K = {kbest} (equal weights), {khet} (lognormal CV 1)")


if __name__ == "__main__":
    main()
