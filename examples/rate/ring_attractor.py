"""Ring (bump) attractor (Ben-Yishai, Bar-Or & Sompolinsky 1995): the bump's profile and its width
against J2 (simulated beside the marginal-phase theory), and the diffusion of its position under
noise. Writes docs/figures/rate_ring.png.

    /usr/bin/python3 examples/rate/ring_attractor.py      (with the built package on PYTHONPATH)
"""
import pathlib

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import lamina.rate as lr
import lamina.rate_models as rm

N, J0, c, tau = 128, 3.0, 1.0, 10.0
OUT = pathlib.Path(__file__).resolve().parents[2] / "docs" / "figures" / "rate_ring.png"
th = rm.ring_angles(N)


def ring(J2, trials=1, sigma=0.0):
    net = lr.RateNetwork(dt="1 ms", seed=4, trials=trials)
    net.population("ring", N, tau="10 ms", phi="relu", bias=c, noise_std=sigma)
    rm.cosine_ring(net, "ring", N, J0, J2)
    return net


def main():
    fig, (a, b, d) = plt.subplots(1, 3, figsize=(11, 3.3))
    # Profile at J2 = 6.
    net = ring(6.0)
    net.set_state(0.5 + 0.5 * np.cos(2 * (th - 0.3)))
    net.run("1000 ms")
    bump = rm.ring_bump_solution(J0, 6.0, c)
    psi = rm.bump_position(np.maximum(net.state(), 0), N)
    fine = np.linspace(-np.pi / 2, np.pi / 2, 400)
    a.plot(np.degrees(fine), bump.amplitude * np.maximum(np.cos(2 * (fine - psi)) - np.cos(2 * bump.theta_c), 0), "k-",
           label="theory")
    a.plot(np.degrees(th), np.maximum(net.state(), 0), "o", ms=3, color="C0", label="simulation")
    a.set(xlabel=r"$\theta$ (deg)", ylabel="rate m", title="bump, $J_2$ = 6")
    a.legend(fontsize=7)
    # Width against J2.
    # Only where the bump is finite: for J0 = 3 the amplitude diverges from J2 ~ 8 on.
    J2s = np.linspace(2.05, 10, 200)
    sols = [rm.ring_bump_solution(J0, j, c) for j in J2s]
    b.plot(J2s, np.degrees([s.theta_c if s.exists else np.nan for s in sols]), "k-", label="theory")
    sim_j = np.array([2.5, 3, 4, 5, 6, 7])
    widths = []
    for j in sim_j:
        net = ring(j)
        net.set_state(0.5 + 0.5 * np.cos(2 * th))
        net.run("2000 ms")
        widths.append(0.5 * (net.state() > 0).sum() * np.pi / N)
    b.plot(sim_j, np.degrees(widths), "o", color="C0", ms=4, label="simulation")
    b.axvline(rm.ring_bump_onset(), color="0.6", ls="--", lw=0.8)
    b.set(xlabel="$J_2$", ylabel=r"half-width $\theta_c$ (deg)", title="onset at $J_2$ = 2")
    b.legend(fontsize=7)
    # Diffusion.
    K, sigma = 300, 0.3
    net = ring(6.0, K, sigma)
    x0 = c - J0 * bump.r0 + bump.amplitude * np.cos(2 * th)
    net.record("ring", "readout", readout=np.stack([np.cos(2 * th), np.sin(2 * th)]), interval="50 ms", name="pv")
    for r in range(K):
        net.set_state(x0, r)
    net.run("2200 ms")
    rec = net.recordings()["pv"]
    pos = 0.5 * np.arctan2(rec.values[:, :, 1], rec.values[:, :, 0])
    t = rec.times - rec.times[3]
    dpos = pos[:, 3:] - pos[:, 3:4]
    dpos -= np.pi * np.round(dpos / np.pi)
    d.plot(t[3:], (dpos ** 2).mean(axis=0), "o", ms=3, color="C0", label="simulation (300 trials)")
    rate = rm.ring_diffusion_rate(6.0, bump.amplitude, sigma, tau, N)
    d.plot(t[3:], rate * t[3:], "k-", label=r"$\sigma^2 J_2 t / (2 \tau N A^2)$")
    d.set(xlabel="lag (ms)", ylabel=r"Var $\Delta\psi$ (rad$^2$)", title=r"drift under noise, $\sigma$ = 0.3")
    d.legend(fontsize=7)
    fig.suptitle(f"Ring attractor, N = {N}, $J_0$ = {J0}, c = {c} (Ben-Yishai, Bar-Or & Sompolinsky 1995)", fontsize=9)
    fig.tight_layout()
    fig.savefig(OUT, dpi=90)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
