#!/usr/bin/python3
"""Runs the culture model at each age of development.toml and each intervention, analyses the virtual
MEA files and the real hiPSC recordings of the same ages with the same `lamina analyze` settings, and
prints a side-by-side table (markdown).

    /usr/bin/python3 examples/culture/compare.py                 # all ages and interventions, 40 s, seed 1
    /usr/bin/python3 examples/culture/compare.py --seeds 1 2 3 4 5 --only d59 d73   # seed robustness
    /usr/bin/python3 examples/culture/compare.py --duration 30s --jobs 2 --only d21 d73 bicuculline

Statistics (lamina analyze defaults, docs/analysis.md): network bursts per minute, their mean
duration (ms), fraction of all spikes inside network bursts, CV of the inter-burst intervals, and the
mean firing rate of the active electrodes (>= 0.1 Hz, the MEA convention), with the number of active
electrodes. With several seeds the ages are run for each (interventions for the first only): the
first table shows the first seed, a second table every seed of every age and, per age, the median and
range over the seeds that gave a value (burst duration and IBI CV need bursts), and how many seeds
are within a factor of 2 (and 3) of the recorded burst rate."""
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


def stats(mea_file, out, exe, window=None):
    lamina(["analyze", str(mea_file), "--out", str(out), "--gof-reps", "0"] + (["--window", window] if window else []), exe)
    j = json.load(open(out / "analysis.json"))
    n = j["bursts"]["network"]
    return {"active": j["active_units"], "rate": j["firing"]["mean_active_rate_hz"],
            "nb_rate": n["rate_per_min"], "nb_dur": n["mean_duration_ms"],
            "nb_frac": n["fraction_spikes_in_bursts"], "ibi_cv": n["ibi_cv"]}


def electrode_rates(mea_file, start_s=0.0, stop_s=None):
    """Rates (Hz) of the active electrodes (>= 0.1 Hz) of an MEA file (hiPSC layout: /spikes in s,
    grouped by electrode, /sCount per electrode) over [start_s, stop_s)."""
    import h5py
    import numpy as np
    with h5py.File(mea_file, "r") as f:
        spikes, counts = np.asarray(f["spikes"], float), np.asarray(f["sCount"], int)
        if stop_s is None:  # simulated files: /recordingtime = [start, end]; recorded: /summary/duration
            stop_s = float(np.asarray(f["recordingtime"] if "recordingtime" in f else f["summary/duration"]).ravel()[-1])
    rates = np.array([np.count_nonzero((t >= start_s) & (t < stop_s)) / (stop_s - start_s)
                      for t in np.split(spikes, np.cumsum(counts)[:-1])])
    return rates[rates >= 0.1]


def quartiles(rates):
    import numpy as np
    if len(rates) == 0:
        return "-"
    return " / ".join(f"{q:.2g}" for q in np.percentile(rates, [0, 25, 50, 75, 100]))


def seconds(text):
    """'40 s', '40s' or '500 ms' in seconds."""
    t = text.replace(" ", "")
    return float(t[:-2]) / 1000 if t.endswith("ms") else float(t.rstrip("s"))


def simulate(name, seed, sets, args):
    out = args.out / (name if seed == args.seeds[0] else f"{name}_seed{seed}")
    # The network starts with fully recovered synapses, which ignites one burst in the first few
    # hundred ms at every age: not spontaneous activity, so the analysis starts after --settle.
    window = f"{args.settle.replace(' ', '')}:{args.duration.replace(' ', '')}"
    if args.reuse and (out / "mea.h5").exists():
        return stats(out / "mea.h5", out / "analysis", args.lamina, window)
    cmd = ["run", str(HERE / "culture.toml"), "--out", str(out), "--threads", str(args.threads),
           "--set", f"simulation.duration={args.duration}", "--set", f"simulation.seed={seed}"]
    for s in sets + args.set:
        cmd += ["--set", s]
    lamina(cmd, args.lamina)
    return stats(out / "mea.h5", out / "analysis", args.lamina, window)


def fmt(v, digits=3):
    return "-" if v is None else (f"{v:.{digits}g}" if isinstance(v, float) else str(v))


def cell(values, digits=3):
    """One statistic over seeds: the value, or the median (min-max) of those that exist."""
    v = sorted(x for x in values if x is not None)
    if len(values) == 1 or not v:
        return fmt(values[0] if len(values) == 1 else None, digits)
    n = len(v)
    med = v[n // 2] if n % 2 else 0.5 * (v[n // 2 - 1] + v[n // 2])
    return (f"{fmt(float(med), digits)} ({fmt(float(v[0]), digits)}-{fmt(float(v[-1]), digits)})"
            + (f" [{n}/{len(values)}]" if n < len(values) else ""))


def within(sim, real, factor):
    """Seeds whose burst rate is within `factor` of the recording's (none where it has none)."""
    if not real:
        return sum(s == 0 for s in sim)
    return sum(s is not None and real / factor <= s <= real * factor for s in sim)


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
    p.add_argument("--duration", default="40 s")
    p.add_argument("--settle", default="1 s", help="simulated time left out of the analysis (start-up burst)")
    p.add_argument("--seeds", type=int, nargs="+", default=[1], help="seeds of the ages (interventions: the first)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--jobs", type=int, default=2, help="simulations at once")
    p.add_argument("--only", nargs="*", help="ages and interventions to run (default: all)")
    p.add_argument("--reuse", action="store_true", help="analyse existing runs in --out instead of rerunning them")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="an override of culture.toml for every run, after those of the age (repeatable)")
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
    recorded = {}
    for a in (a for a in ages if a in sim):
        real = REAL / f"hiPSN_tc65_{a}_spikes6sd.h5"
        if real.exists():
            recorded[a] = stats(real, args.out / f"recorded_{a}", args.lamina)
    if any(a in sim for a in ages):
        print(f"Ages ({args.duration} simulated, seed {args.seeds[0]}; recorded: ~300 s, Cotterill et al. 2016):\n")
        print(head.format("age"))
    for a in (a for a in ages if a in sim):
        print(row(f"{a} simulated", sim[a][0]))
        if a in recorded:
            print(row(f"{a} recorded", recorded[a]))
    if len(args.seeds) > 1:
        seeds = " ".join(map(str, args.seeds))
        print(f"\nSeeds {seeds} ({args.duration} each): every seed, then median (min-max) over the seeds; "
              "'x2'/'x3': seeds whose burst rate is within a factor 2/3 of the recording's (none where it has none):\n")
        print(head.format("age, seed"))
        for a in (a for a in ages if a in sim):
            for seed, s in zip(args.seeds, sim[a]):
                print(row(f"{a} seed {seed}", s))
            rates = [s["nb_rate"] for s in sim[a]]
            tally = ""
            if a in recorded:
                r = recorded[a]["nb_rate"]
                tally = f", x2: {within(rates, r, 2)}/{len(rates)}, x3: {within(rates, r, 3)}/{len(rates)}"
            print(row(f"**{a} median (range){tally}**", sim[a]))
            if a in recorded:
                print(row(f"{a} recorded", recorded[a]))
    if any(a in sim for a in ages):
        print("\nElectrode rates (Hz) of the active electrodes, min / 25% / median / 75% / max, pooled over "
              "the seeds; recorded: the whole recording:\n")
        print("| age | simulated | recorded |\n|---|---|---|")
        for a in (a for a in ages if a in sim):
            import numpy as np
            pooled = np.concatenate([electrode_rates(args.out / (a if seed == args.seeds[0] else f"{a}_seed{seed}") / "mea.h5",
                                                     seconds(args.settle), seconds(args.duration)) for seed in args.seeds])
            real = REAL / f"hiPSN_tc65_{a}_spikes6sd.h5"
            print(f"| {a} | {quartiles(pooled)} | {quartiles(electrode_rates(real)) if real.exists() else '-'} |")
    if any(k in sim for k in ivs):
        print(f"\nInterventions ({args.duration}, seed {args.seeds[0]}; same statistics; compare with the age they modify):\n")
        print(head.format("intervention"))
        for k, v in ivs.items():
            if k in sim:
                print(row(f"{k} ({v['age']}): {v['about']}", sim[k]))


if __name__ == "__main__":
    main()
