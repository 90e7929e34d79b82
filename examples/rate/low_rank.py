"""Rank-one network with a random part (Mastrogiuseppe & Ostojic 2018, Fig. 2): kappa and the
temporal variance of x against g, simulated (N = 1000, both signs of kappa) beside the mean-field
theory. Writes docs/figures/rate_low_rank.png.

    /usr/bin/python3 examples/rate/low_rank.py      (with the built package on PYTHONPATH)
"""
import pathlib

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import lamina.rate as lr
import lamina.rate_models as rm

Mm, Mn, Sm, N = 1.1, 2.0, 1.0, 1000
OUT = pathlib.Path(__file__).resolve().parents[2] / "docs" / "figures" / "rate_low_rank.png"


def simulate(g, seed=3):
    rng = np.random.default_rng(seed)
    m, n = Mm + Sm * rng.standard_normal(N), Mn + rng.standard_normal(N)
    net = lr.RateNetwork(dt="1 ms", seed=seed, trials=2)
    net.population("net", N, tau="10 ms", phi="tanh")
    net.connect("net", "net", "random", g=g)
    net.connect("net", "net", "low_rank", m=m[:, None], n=n[:, None])
    net.record("net", "readout", readout=n[None, :] / N, name="kappa")
    net.record("net", "x", units=range(0, N, 10), name="x")
    net.set_state(m, 0)
    net.set_state(-m, 1)  # the mirror state
    net.run("1000 ms")
    skip = net.recordings()["kappa"].values.shape[1]
    net.run("2000 ms")
    rec = net.recordings()
    kappa = rec["kappa"].values[:, skip:, 0].mean(axis=1)
    var = rec["x"].values[0, skip:, :].var(axis=0).mean()
    return kappa, var


def main():
    g_c, g_b = rm.rank_one_transition_points(Mm, Mn, Sm)
    gs = np.linspace(0.6, 3.0, 97)
    static = [rm.rank_one_static(g, Mm, Mn, Sm, 1.0) for g in gs]
    chaos = [rm.rank_one_mean_field(g, Mm, Mn, Sm, 1.0) for g in gs]
    sim_g = np.arange(0.8, 2.81, 0.2)
    sims = [simulate(g) for g in sim_g]

    fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.6))
    ks = np.array([s.kappa for s in static])
    stable = np.array([s.bulk_radius_sq < 1 for s in static])
    for sign in (1, -1):
        a.plot(gs[stable], sign * ks[stable], "k-", lw=1.5, label="static (theory)" if sign > 0 else None)
        a.plot(gs[~stable & (ks > 1e-6)], sign * ks[~stable & (ks > 1e-6)], "k:", lw=1, label="static, unstable" if sign > 0 else None)
        kc = np.array([c.kappa if c.chaotic else np.nan for c in chaos])
        a.plot(gs, sign * kc, "C3-", lw=1.5, label="chaotic (DMFT)" if sign > 0 else None)
    a.plot(sim_g, [k[0] for k, _ in sims], "o", color="C0", ms=5, label="simulation, N = 1000")
    a.plot(sim_g, [k[1] for k, _ in sims], "o", color="C0", ms=5)
    for x, name in ((g_c, "$g_C$"), (g_b, "$g_B$")):
        a.axvline(x, color="0.6", lw=0.8, ls="--")
        a.text(x, 1.38, f"{name} = {x:.2f}", ha="center", fontsize=8)
    a.set(xlabel="g", ylabel=r"$\kappa = n\cdot\phi(x)/N$", ylim=(-1.5, 1.5))
    a.legend(fontsize=7, loc="lower left")
    dv = [c.delta0 - c.delta_inf if c.chaotic else 0.0 for c in chaos]
    b.plot(gs, dv, "C3-", label=r"$\Delta_0 - \Delta_\infty$ (DMFT)")
    b.plot(sim_g, [v for _, v in sims], "o", color="C0", ms=5, label="temporal variance of x (sim.)")
    b.axvline(g_c, color="0.6", lw=0.8, ls="--")
    b.set(xlabel="g", ylabel="temporal variance")
    b.legend(fontsize=7)
    fig.suptitle("Rank-one network, $M_m$ = 1.1, $M_n$ = 2, $\\Sigma_m$ = 1 (Mastrogiuseppe & Ostojic 2018)", fontsize=9)
    fig.tight_layout()
    fig.savefig(OUT, dpi=90)
    print("wrote", OUT, "g_C = %.4f, g_B = %.4f" % (g_c, g_b))


if __name__ == "__main__":
    main()
