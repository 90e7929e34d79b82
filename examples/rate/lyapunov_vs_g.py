"""Largest Lyapunov exponent of random tanh networks against the gain g (Sompolinsky, Crisanti &
Sommers 1988): g - 1 below the transition, positive above. Writes docs/figures/rate_lyapunov_vs_g.svg.

    /usr/bin/python3 examples/rate/lyapunov_vs_g.py [--n 1000] [--time "3 s"] [--out FILE]

Needs the lamina package on the path (PYTHONPATH=build/python) and matplotlib."""
import argparse
import pathlib

import numpy as np

import lamina.rate as lr

# Dynamic mean-field values of lambda_max tau for N -> infinity (as quoted in lamina's issue 8).
DMFT = {1.5: 0.047, 2.0: 0.113, 3.0: 0.236, 5.0: 0.434}


def largest_exponent(g: float, n: int, time: str, seed: int = 1) -> float:
    net = lr.RateNetwork(dt="1 ms", seed=seed, threads=2)
    net.population("net", n, tau="10 ms", phi="tanh", x0=lr.normal(0, 1))
    net.connect("net", "net", "random", g=g)
    return float(net.lyapunov(1, time=time, transient="300 ms", renormalize="10 ms").exponents[0] * 10.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--time", default="3 s")
    ap.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parents[2] / "docs" / "figures" /
                                          "rate_lyapunov_vs_g.svg"))
    a = ap.parse_args()
    gs = [0.25, 0.5, 0.75, 0.9, 1.1, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0]
    lam = [largest_exponent(g, a.n, a.time) for g in gs]
    for g, l in zip(gs, lam):
        print(f"g = {g:4.2f}: lambda_max tau = {l:+.4f}")

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(5, 3.4))
    ax.axhline(0, color="0.7", lw=0.8)
    gg = np.linspace(0, 1, 50)
    ax.plot(gg, gg - 1, "--", color="0.4", lw=1, label="g - 1 (stable origin)")
    ax.plot(list(DMFT), list(DMFT.values()), "s", mfc="none", color="C1", label="mean-field theory (N = inf)")
    ax.plot(gs, lam, "o-", color="C0", ms=4, label=f"lamina, N = {a.n}")
    ax.set_xlabel("gain g")
    ax.set_ylabel(r"$\lambda_{max}\,\tau$")
    ax.set_ylim(-0.8, 0.55)
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    fig.tight_layout()
    pathlib.Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(a.out)
    print("wrote", a.out)


if __name__ == "__main__":
    main()
