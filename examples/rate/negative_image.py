"""Electric-fish negative image (Kennedy et al. 2014): granule cells give a temporal basis after
each motor command (chains of leaky units: delayed gamma-shaped bumps); an output cell with the
anti-Hebbian rule learns a negative image of the self-generated input that converges to the
least-squares cancellation. Writes docs/figures/rate_negative_image.svg.

    /usr/bin/python3 examples/rate/negative_image.py [--cycles 2000] [--out FILE]

Needs the lamina package on the path (PYTHONPATH=build/python) and matplotlib."""
import argparse
import pathlib

import numpy as np

from lamina import rate_theory as rt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cycles", type=int, default=2000)
    ap.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parents[2] / "docs" / "figures" /
                                          "rate_negative_image.svg"))
    a = ap.parse_args()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    r = rt.learn_negative_image(cycles=a.cycles)
    G, s, W = r["basis"], r["self_input"], r["weights"]
    ls = rt.least_squares_cancellation(G, s)
    t = r["dt_ms"] * np.arange(len(s))
    fig, ax = plt.subplots(1, 3, figsize=(12, 3.6))
    ax[0].plot(t, G, lw=0.7)
    ax[0].set(xlabel="time after command (ms)", ylabel="granule rate", title="temporal basis")
    ax[1].plot(t, s, "k", label="self-generated input s")
    for c, col in zip([10, 100, a.cycles], ["C2", "C1", "C0"]):
        ax[1].plot(t, G @ W[c], color=col, lw=0.9, label=f"image after {c} cycles")
    ax[1].plot(t, ls["image"], "k:", label="least squares")
    ax[1].set(xlabel="time after command (ms)", title="negative image")
    ax[1].legend(fontsize=7)
    res = np.mean(ls["residual"] ** 2)
    ax[2].plot(np.arange(len(r["error"])), r["error"], label="output error (v - baseline)^2")
    ax[2].axhline(res, color="k", ls=":", label="least-squares residual")
    ax[2].set(xscale="symlog", yscale="log", xlabel="command cycles", title="learning")
    ax[2].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(a.out)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
