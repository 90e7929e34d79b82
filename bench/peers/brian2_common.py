"""Shared driver of the Brian2 peer benchmarks (bench/peers/brian2_*.py).

Each peer script defines its network in a function build(b2, duration) returning
(objects, {population: (first, stop)}, spike_monitor) and calls main(build, default_ms).
Output: one JSON object on stdout
  {"simulator": "brian2", "version", "mode": "standalone" | "runtime", "threads",
   "compile_s": C++ code generation + compilation (standalone; null in runtime mode),
   "reps": [{"build_s", "sim_s", "peak_rss_mb", "spikes": {pop: n}, "rates_hz": {pop: Hz}}]}
sim_s is Brian2's own timing of its run loop (last_run_time in standalone mode, the wall time of
run() after a one-step warm-up run in runtime mode), the counterpart of lamina's
simulation_time_s. build_s (standalone) is the rest of the binary's wall time: synapse creation,
initialisation and writing results.
"""
import argparse
import json
import os
import resource
import sys
import tempfile
import time


def parse(default_ms):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--time-ms", type=float, default=default_ms, help="biological time to simulate")
    ap.add_argument("--standalone", action="store_true", help="C++ standalone mode (default: runtime mode)")
    ap.add_argument("--threads", type=int, default=1, help="OpenMP threads in standalone mode (>= 1)")
    ap.add_argument("--reps", type=int, default=1, help="runs of the compiled binary (standalone)")
    ap.add_argument("--workdir", default=None, help="standalone project folder (default: a temporary one)")
    return ap.parse_args()


def counts(mon, pops, b2):
    per_neuron = b2.asarray(mon.count)
    spikes = {name: int(per_neuron[a:b].sum()) for name, (a, b) in pops.items()}
    return spikes


def standalone_device(b2, workdir, threads):
    """C++ standalone mode in workdir; call before the network is built."""
    b2.set_device("cpp_standalone", directory=workdir, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = threads
    # /usr/bin/time reports the binary's peak RSS (the Python process is not counted).
    b2.prefs.devices.cpp_standalone.run_cmd_unix = ["/usr/bin/time", "-f", "%M", "-o", "results/rss_kb.txt", "./main"]


def time_standalone(b2, workdir, objects, duration, reps, out, make_rep):
    """Compiles the standalone project once (out["compile_s"]) and runs the binary reps times,
    appending make_rep(build_s, sim_s, rss_mb) per run to out["reps"]."""
    b2.Network(*objects).run(duration)
    t0 = time.perf_counter()
    b2.device.build(directory=workdir, compile=True, run=False, with_output=False)
    out["compile_s"] = time.perf_counter() - t0
    for _ in range(reps):
        t0 = time.perf_counter()
        b2.device.run(workdir, False, [])
        wall = time.perf_counter() - t0
        sim = b2.device._last_run_time
        with open(os.path.join(workdir, "results", "rss_kb.txt")) as f:
            rss_mb = float(f.read().split()[-1]) / 1024.0
        out["reps"].append(make_rep(wall - sim, sim, rss_mb))


def main(build, default_ms):
    args = parse(default_ms)
    import brian2 as b2
    b2.prefs.logging.console_log_level = "WARNING"
    b2.BrianLogger.suppress_name("brian2.codegen.generators.base")
    duration = args.time_ms * b2.ms
    out = {"simulator": "brian2", "version": b2.__version__,
           "mode": "standalone" if args.standalone else "runtime",
           "threads": args.threads if args.standalone else 1, "compile_s": None, "reps": []}
    if args.standalone:
        workdir = args.workdir or tempfile.mkdtemp(prefix="lamina_bench_brian2_")
        standalone_device(b2, workdir, args.threads)
        b2.defaultclock.dt = 0.1 * b2.ms
        objects, pops, mon = build(b2, duration)
        time_standalone(b2, workdir, objects, duration, args.reps, out,
                        lambda build_s, sim_s, rss_mb: rep(b2, mon, pops, duration, build_s, sim_s, rss_mb))
    else:
        b2.defaultclock.dt = 0.1 * b2.ms
        t0 = time.perf_counter()
        objects, pops, mon = build(b2, duration)
        net = b2.Network(*objects)
        net.run(b2.defaultclock.dt)  # code generation and Cython compilation, not timed as simulation
        build_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        net.run(duration)
        sim = time.perf_counter() - t0
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        out["reps"].append(rep(b2, mon, pops, duration + b2.defaultclock.dt, build_s, sim, rss_mb))
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


def rep(b2, mon, pops, duration, build_s, sim_s, rss_mb):
    spikes = counts(mon, pops, b2)
    seconds = float(duration / b2.second)
    rates = {name: spikes[name] / ((b - a) * seconds) for name, (a, b) in pops.items()}
    return {"build_s": build_s, "sim_s": sim_s, "peak_rss_mb": rss_mb, "spikes": spikes, "rates_hz": rates}
