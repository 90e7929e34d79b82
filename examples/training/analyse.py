#!/usr/bin/python3
"""Reverse-engineers a network trained by `lamina train` (docs/training.md, "Analysing a trained
network"): latent dynamics on the connectivity vectors m, fixed points of the latent flow (slow
points for full rank) at each context amplitude and their stability, the speed along the
trajectory after the cue, and the variance in span(m, B) against the top PCs.

    lamina train examples/training/csg_low_rank.toml --out runs/csg_rank2
    PYTHONPATH=build/python /usr/bin/python3 examples/training/analyse.py runs/csg_rank2

writes DIR/analysis.json and, with matplotlib, DIR/analysis.png. The trials are the task file's
[evaluate] intervals (the task file named in DIR/summary.json, or --task), noiseless, one per
interval.
"""
import argparse
import json
import os

import numpy as np

import lamina.training as lt
import lamina.training_analysis as ta
from lamina._core import training as _t   # the task file's evaluation trials and cue input

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("directory", help="a directory written by `lamina train --out`")
parser.add_argument("--task", help="the task file (default: the one in DIR/summary.json)")
parser.add_argument("--slow-point-starts", type=int, default=4, help="full rank: states per trial used as starts")
args = parser.parse_args()

p, summary = ta.load_trained(args.directory)
task_file = args.task or summary.get("task")
if not task_file or not os.path.exists(task_file):
    parser.error(f"task file {task_file!r} not found: pass --task (the file given to `lamina train`)")
spec = lt.load_training_spec(task_file, [])
if spec.kind == "files":
    parser.error(f"{task_file}: a 'files' task has no cue or context input to analyse")
task = _t.evaluation_task(spec)
cue = _t.cue_input(spec)
names = list(spec.input_names)
context = names.index("context") if "context" in names else None
u_all, _, _ = lt.arrays(task)
intervals = np.asarray(task.interval_ms)
first = [int(np.flatnonzero(intervals == T)[0]) for T in np.unique(intervals)]
u = u_all[first]
x = ta.simulate(p, u)
cue_step = np.array([int(np.flatnonzero(u[i, :, cue])[0]) if np.any(u[i, :, cue]) else 0 for i in range(len(first))])
report = {"directory": args.directory, "task": task_file, "units": p.units, "rank": p.rank,
          "intervals_ms": intervals[first].tolist(),
          "context": (u[:, -1, context] if context is not None else np.zeros(len(first))).tolist(),
          "convention": "kappa, v = least-squares coordinates of x in the basis [m, B]; t in units of tau"}
per_context = []
if p.rank > 0:
    report["variance_captured"] = ta.variance_captured(p, x)
    kappa, v = ta.project(p, x)
    for i, T in enumerate(report["intervals_ms"]):
        u_const = u[i, -1]                                 # after the cue: the context alone
        fps = ta.latent_fixed_points(p, u_const)
        after = slice(cue_step[i] + 1, None)          # dkappa/dt on the trajectory (v: its own input coordinates)
        speed = ta.latent_speed(p, kappa[i, after], v[i, after])
        per_context.append({"interval_ms": T, "context": float(u_const[context]) if context is not None else 0.0,
                            "mean_speed_after_cue": float(np.mean(speed)),
                            "fixed_points": [{"kappa": f.kappa.tolist(), "stable": f.stable,
                                              "eigenvalues": [[e.real, e.imag] for e in f.eigenvalues]}
                                             for f in fps]})
else:
    for i, T in enumerate(report["intervals_ms"]):
        u_const = u[i, -1]
        starts = x[i, np.linspace(cue_step[i] + 1, x.shape[1] - 1, args.slow_point_starts).astype(int)]
        slow = ta.slow_points(p, u_const, starts)
        speed = [np.linalg.norm(ta.flow(p, x[i, t], u[i, t])) for t in range(cue_step[i] + 1, x.shape[1] - 1)]
        per_context.append({"interval_ms": T, "context": float(u_const[context]) if context is not None else 0.0,
                            "mean_speed_after_cue": float(np.mean(speed)),
                            "slow_points": [{"q": s["q"], "fixed": s["fixed"],
                                             "max_real_eigenvalue": float(np.max(s["eigenvalues"].real))}
                                            for s in slow]})
report["per_context"] = per_context
path = os.path.join(args.directory, "analysis.json")
with open(path + ".part", "w") as f:
    json.dump(report, f, indent=2)
os.replace(path + ".part", path)
print(f"wrote {path}")
for c in per_context:
    points = c.get("fixed_points", c.get("slow_points"))
    stable = sum(pt.get("stable", pt.get("fixed", False)) for pt in points)
    print(f"interval {c['interval_ms']:6.0f} ms  context {c['context']:6.3f}  speed after cue "
          f"{c['mean_speed_after_cue']:.4f} /tau  {len(points)} points, {stable} stable/fixed")
if "variance_captured" in report:
    print("variance captured:", {k: round(val, 4) for k, val in report["variance_captured"].items()})

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    raise SystemExit(0)
fig, axes = plt.subplots(1, 2, figsize=(9, 4))
colours = plt.cm.viridis(np.linspace(0, 1, len(first)))
if p.rank >= 2:
    for i, c in enumerate(per_context):
        axes[0].plot(kappa[i, :, 0], kappa[i, :, 1], color=colours[i], lw=1, label=f"{c['interval_ms']:.0f} ms")
        for f in c["fixed_points"]:
            axes[0].plot(*f["kappa"][:2], "o", color=colours[i], mfc=colours[i] if f["stable"] else "white")
    axes[0].set(xlabel="kappa_1", ylabel="kappa_2", title="latent trajectories, fixed points (filled: stable)")
    axes[0].legend(fontsize=7)
axes[1].plot([c["context"] for c in per_context], [c["mean_speed_after_cue"] for c in per_context], "o-")
axes[1].set(xlabel="context input", ylabel="mean speed after the cue (1/tau)", title="speed after Set against the context")
fig.tight_layout()
fig.savefig(os.path.join(args.directory, "analysis.png"), dpi=120)
print(f"wrote {os.path.join(args.directory, 'analysis.png')}")
