#!/usr/bin/env python3
"""Rates and inhibitory weights over time for inhibitory_balance.toml (Vogels et al. 2011).

Usage: /usr/bin/python3 examples/plasticity/plot_balance.py RUN_DIR [--window 5]
Prints per 5 s window the firing rate of both groups and their mean inhibitory weight, and writes
RUN_DIR/balance.png (needs matplotlib).
"""
import argparse
import pathlib

import h5py
import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run", type=pathlib.Path)
    ap.add_argument("--window", type=float, default=5.0, help="rate window in s")
    args = ap.parse_args()

    groups = {"weak": "inh_to_weak", "strong": "inh_to_strong"}
    with h5py.File(args.run / "spikes.h5") as f:
        spikes = {g: f[f"spikes/{g}/timestamps"][()] / 1e3 for g in groups}
    with h5py.File(args.run / "weights.h5") as f:
        weights = {g: (f[f"weights/{c}/time"][()] / 1e3, -f[f"weights/{c}/mean"][()]) for g, c in groups.items()}
    n_cells = 8
    t_end = weights["weak"][0][-1]
    edges = np.arange(0.0, t_end + 1e-9, args.window)

    print(f"{'window (s)':>12} | {'weak: rate (Hz)':>15} {'w_inh (nS)':>10} | {'strong: rate (Hz)':>17} {'w_inh (nS)':>10}")
    for a, b in zip(edges[:-1], edges[1:]):
        row = [f"{a:5.0f}-{b:<5.0f}"]
        for g in groups:
            rate = np.count_nonzero((spikes[g] >= a) & (spikes[g] < b)) / n_cells / (b - a)
            t, w = weights[g]
            row.append(f"{rate:15.2f} {w[np.searchsorted(t, b) - 1]:10.3f}")
        print(f"{row[0]:>12} | {row[1]} | {row[2]:>28}")

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    fig, (ax_r, ax_w) = plt.subplots(2, 1, sharex=True, figsize=(6, 5))
    for g, colour in zip(groups, ("tab:red", "tab:blue")):
        counts, _ = np.histogram(spikes[g], edges)
        ax_r.step(edges[1:], counts / n_cells / args.window, color=colour, label=f"starts {g}")
        ax_w.plot(*weights[g], color=colour)
    ax_r.axhline(5.0, color="k", ls=":", label="rho_0")
    ax_r.set_ylabel("rate (Hz)")
    ax_r.legend()
    ax_w.set_ylabel("mean inhibitory weight (nS)")
    ax_w.set_yscale("log")
    ax_w.set_xlabel("time (s)")
    fig.tight_layout()
    fig.savefig(args.run / "balance.png", dpi=120)
    print(f"wrote {args.run / 'balance.png'}")


if __name__ == "__main__":
    main()
