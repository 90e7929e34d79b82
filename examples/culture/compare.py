#!/usr/bin/python3
"""Runs the culture model at each age of development.toml and each intervention, analyses the virtual
MEA files and the real hiPSC recordings of the same ages with the same `lamina analyze` settings, and
prints a side-by-side table (markdown).

    /usr/bin/python3 examples/culture/compare.py                 # all ages and interventions, 120 s each
    /usr/bin/python3 examples/culture/compare.py --duration 60s --jobs 2 --only d21 d73 bicuculline

Statistics (lamina analyze defaults, docs/analysis.md): network bursts per minute, their mean
duration (ms), fraction of all spikes inside network bursts, CV of the inter-burst intervals, and the
mean firing rate of the active electrodes (>= 0.1 Hz, the MEA convention), with the number of active
electrodes."""
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


def simulate(name, sets, args):
    out = args.out / name
    if args.reuse and (out / "mea.h5").exists():
        return stats(out / "mea.h5", out / "analysis", args.lamina)
    cmd = ["run", str(HERE / "culture.toml"), "--out", str(out), "--threads", str(args.threads),
           "--set", f"simulation.duration={args.duration}", "--set", f"simulation.seed={args.seed}"]
    for s in sets:
        cmd += ["--set", s]
    lamina(cmd, args.lamina)
    return stats(out / "mea.h5", out / "analysis", args.lamina)


def fmt(v, digits=3):
    return "-" if v is None else (f"{v:.{digits}g}" if isinstance(v, float) else str(v))


def row(label, s):
    return (f"| {label} | {s['active']} | {fmt(s['rate'])} | {fmt(s['nb_rate'])} | {fmt(s['nb_dur'])} | "
            f"{fmt(s['nb_frac'], 2)} | {fmt(s['ibi_cv'], 2)} |")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lamina", type=pathlib.Path, default=ROOT / "build" / "lamina")
    p.add_argument("--out", type=pathlib.Path, default=pathlib.Path("runs/culture"))
    p.add_argument("--duration", default="120 s")
    p.add_argument("--seed", type=int, default=1)
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
    with cf.ThreadPoolExecutor(args.jobs) as pool:
        sim = dict(zip(runs, pool.map(lambda k: simulate(k, runs[k], args), runs)))

    head = ("| {} | active electrodes | rate (Hz) | network bursts / min | burst duration (ms) | "
            "fraction in bursts | IBI CV |\n|---|---|---|---|---|---|---|")
    print(f"Ages ({args.duration} simulated, seed {args.seed}; recorded: ~300 s, Cotterill et al. 2016):\n")
    print(head.format("age"))
    for a in (a for a in ages if a in sim):
        real = REAL / f"hiPSN_tc65_{a}_spikes6sd.h5"
        print(row(f"{a} simulated", sim[a]))
        if real.exists():
            print(row(f"{a} recorded", stats(real, args.out / f"recorded_{a}", args.lamina)))
    if any(k in sim for k in ivs):
        print("\nInterventions (same statistics; compare with the age they modify):\n")
        print(head.format("intervention"))
        for k, v in ivs.items():
            if k in sim:
                print(row(f"{k} ({v['age']}): {v['about']}", sim[k]))


if __name__ == "__main__":
    main()
