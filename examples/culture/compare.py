#!/usr/bin/python3
"""Runs the culture model at each age of development.toml and each intervention, analyses the virtual
MEA files and the real hiPSC recordings of the same ages with the same `lamina analyze` settings, and
prints a side-by-side table (markdown).

    /usr/bin/python3 examples/culture/compare.py                 # all ages and interventions, 60 s, seed 1
    /usr/bin/python3 examples/culture/compare.py --seeds 1 2 3   # ages over three seeds: mean +- sd
    /usr/bin/python3 examples/culture/compare.py --duration 30s --jobs 2 --only d21 d73 bicuculline

Statistics (lamina analyze defaults, docs/analysis.md): network bursts per minute, their mean
duration (ms), fraction of all spikes inside network bursts, CV of the inter-burst intervals, and the
mean firing rate of the active electrodes (>= 0.1 Hz, the MEA convention), with the number of active
electrodes. With several seeds the ages are run for each (interventions for the first only) and
each cell is mean +- sd over the seeds that gave a value (burst duration and IBI CV need bursts)."""
import argparse
import concurrent.futures as cf
import json
import pathlib
import subprocess
import sys
import tomllib

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
REAL = ROOT.parent / "shared" / "data" / "mea" / "hipsc"


def lamina(args, exe):
    r = subprocess.run([str(exe), *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"lamina {' '.join(args)} failed:\n{r.stderr}")


def stats(mea_file, out, exe):
    lamina(["analyze", str(mea_file), "--out", str(out), "--gof-reps", "0"], exe)
    j = json.load(open(out / "analysis.json"))
    n = j["bursts"]["network"]
    return {"active": j["active_units"], "rate": j["firing"]["mean_active_rate_hz"],
            "nb_rate": n["rate_per_min"], "nb_dur": n["mean_duration_ms"],
            "nb_frac": n["fraction_spikes_in_bursts"], "ibi_cv": n["ibi_cv"]}


def simulate(name, seed, sets, args):
    out = args.out / (name if seed == args.seeds[0] else f"{name}_seed{seed}")
    if args.reuse and (out / "mea.h5").exists():
        return stats(out / "mea.h5", out / "analysis", args.lamina)
    cmd = ["run", str(HERE / "culture.toml"), "--out", str(out), "--threads", str(args.threads),
           "--set", f"simulation.duration={args.duration}", "--set", f"simulation.seed={seed}"]
    for s in sets:
        cmd += ["--set", s]
    lamina(cmd, args.lamina)
    return stats(out / "mea.h5", out / "analysis", args.lamina)


def fmt(v, digits=3):
    return "-" if v is None else (f"{v:.{digits}g}" if isinstance(v, float) else str(v))


def cell(values, digits=3):
    """One statistic over seeds: the value, or mean +- sd of those that exist."""
    v = [x for x in values if x is not None]
    if len(values) == 1 or not v:
        return fmt(values[0] if len(values) == 1 else None, digits)
    m = sum(v) / len(v)
    sd = (sum((x - m) ** 2 for x in v) / (len(v) - 1)) ** 0.5 if len(v) > 1 else 0.0
    return f"{fmt(float(m), digits)} +- {fmt(float(sd), 2)}" + (f" ({len(v)}/{len(values)})" if len(v) < len(values) else "")


def row(label, ss):
    if isinstance(ss, dict):
        ss = [ss]
    c = {k: [s[k] for s in ss] for k in ss[0]}
    return (f"| {label} | {cell(c['active'])} | {cell(c['rate'])} | {cell(c['nb_rate'])} | {cell(c['nb_dur'])} | "
            f"{cell(c['nb_frac'], 2)} | {cell(c['ibi_cv'], 2)} |")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lamina", type=pathlib.Path, default=ROOT / "build" / "lamina")
    p.add_argument("--out", type=pathlib.Path, default=pathlib.Path("runs/culture"))
    p.add_argument("--duration", default="60 s")
    p.add_argument("--seeds", type=int, nargs="+", default=[1], help="seeds of the ages (interventions: the first)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--jobs", type=int, default=2, help="simulations at once")
    p.add_argument("--only", nargs="*", help="ages and interventions to run (default: all)")
    p.add_argument("--reuse", action="store_true", help="analyse existing runs in --out instead of rerunning them")
    args = p.parse_args()
    dev = tomllib.loads((HERE / "development.toml").read_text())
    ages, ivs = dev["ages"], dev["interventions"]
    runs = {a: ages[a]["set"] for a in ages}
    runs.update({k: ages[v["age"]]["set"] + v["set"] for k, v in ivs.items()})
    if args.only:
        runs = {k: v for k, v in runs.items() if k in args.only}
    jobs = [(k, seed) for k in runs for seed in (args.seeds if k in ages else args.seeds[:1])]
    with cf.ThreadPoolExecutor(args.jobs) as pool:
        done = list(pool.map(lambda j: simulate(j[0], j[1], runs[j[0]], args), jobs))
    sim = {}
    for (k, _), s in zip(jobs, done):
        sim.setdefault(k, []).append(s)

    head = ("| {} | active electrodes | rate (Hz) | network bursts / min | burst duration (ms) | "
            "fraction in bursts | IBI CV |\n|---|---|---|---|---|---|---|")
    seeds = " ".join(map(str, args.seeds))
    print(f"Ages ({args.duration} simulated, seeds {seeds}; recorded: ~300 s, Cotterill et al. 2016):\n")
    print(head.format("age"))
    for a in (a for a in ages if a in sim):
        real = REAL / f"hiPSN_tc65_{a}_spikes6sd.h5"
        print(row(f"{a} simulated", sim[a]))
        if real.exists():
            print(row(f"{a} recorded", stats(real, args.out / f"recorded_{a}", args.lamina)))
    if any(k in sim for k in ivs):
        print(f"\nInterventions ({args.duration}, seed {args.seeds[0]}; same statistics; compare with the age they modify):\n")
        print(head.format("intervention"))
        for k, v in ivs.items():
            if k in sim:
                print(row(f"{k} ({v['age']}): {v['about']}", sim[k]))


if __name__ == "__main__":
    main()
