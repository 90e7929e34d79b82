#!/usr/bin/python3
"""Times lamina's spike statistics against numpy/scipy implementations of the same statistics.

Generates one large synthetic recording (units with lognormal rates, Poisson background plus
bursts), writes it for the C++ driver `lamina_analysis_bench` (bench/analysis_bench.cpp), runs the
driver, runs the same statistics with the same parameters in numpy/scipy on the same arrays, and
prints per statistic: both times (best of --repeats), the ratio numpy / lamina, and both results
(they should agree; the branching and timescale fits may differ where the fit is ill-posed).

Both sides run on one thread (OPENBLAS/OMP threads set to 1 before numpy loads; pass --threads N
to let BLAS use N), so the ratio compares implementations, not core counts.

    cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DLAMINA_BUILD_BENCH=ON
    ninja -C build-bench lamina_analysis_bench
    /usr/bin/python3 bench/analysis_vs_numpy.py --build build-bench --spikes 1e7
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--build", default="build-bench", help="build folder holding bench/lamina_analysis_bench")
parser.add_argument("--spikes", type=float, default=1e7, help="total spikes (default 1e7)")
parser.add_argument("--units", type=int, default=1000)
parser.add_argument("--pairs", type=int, default=1000, help="pairs sampled for STTC")
parser.add_argument("--repeats", type=int, default=3, help="best of this many runs per statistic")
parser.add_argument("--threads", type=int, default=1, help="BLAS threads for numpy")
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--only", default="", help="comma-separated statistics to run (default all)")
args = parser.parse_args()
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import numpy as np  # noqa: E402  (after the thread settings)
from scipy import ndimage, optimize, special  # noqa: E402


# ---------------------------------------------------------------- synthetic recording
def make_recording(n_spikes, n_units, seed):
    """Units with lognormal rates (median 5 Hz); 70% of each unit's spikes Poisson, 30% in bursts of
    10 spikes with exponential ISIs of mean 5 ms. Returns times (ms, sorted within unit), offsets, T."""
    rng = np.random.default_rng(seed)
    rates = rng.lognormal(np.log(5.0), 0.5, n_units)
    t_ms = n_spikes / rates.sum() * 1000.0
    n_bg = rng.poisson(0.7 * rates * t_ms / 1000.0)
    n_bu = rng.poisson(0.3 * rates * t_ms / 1000.0 / 10.0)
    ids_bg = np.repeat(np.arange(n_units), n_bg)
    t_bg = rng.uniform(0.0, t_ms, ids_bg.size)
    ids_bu = np.repeat(np.repeat(np.arange(n_units), n_bu), 10)
    isi = rng.exponential(5.0, (n_bu.sum(), 10))
    isi[:, 0] = 0.0
    t_bu = (rng.uniform(0.0, t_ms - 500.0, n_bu.sum())[:, None] + np.cumsum(isi, axis=1)).ravel()
    ids = np.concatenate([ids_bg, ids_bu])
    times = np.concatenate([t_bg, t_bu])
    order = np.lexsort((times, ids))
    times, ids = times[order], ids[order]
    offsets = np.zeros(n_units + 1, dtype=np.uint64)
    offsets[1:] = np.cumsum(np.bincount(ids, minlength=n_units))
    return times, offsets, t_ms


def write_input(path, times, offsets, t0, t1, pi, pj):
    with open(path, "wb") as f:
        np.array([offsets.size - 1, times.size, pi.size], dtype="<u8").tofile(f)
        np.array([t0, t1], dtype="<f8").tofile(f)
        offsets.astype("<u8").tofile(f)
        times.astype("<f8").tofile(f)
        pi.astype("<u4").tofile(f)
        pj.astype("<u4").tofile(f)


# ---------------------------------------------------------------- numpy/scipy statistics
class Rec:
    def __init__(self, times, offsets, t0, t1):
        self.times, self.offsets, self.t0, self.t1 = times, offsets.astype(np.int64), t0, t1
        self.n = offsets.size - 1
        self.counts = np.diff(self.offsets)
        self.unit = np.repeat(np.arange(self.n), self.counts)


def binned(r, bin_ms):
    """Bin index of every spike on the grid t0 + k bin (incomplete last bin dropped)."""
    nb = int(np.floor((r.t1 - r.t0) / bin_ms))
    b = np.floor((r.times - r.t0) / bin_ms).astype(np.int64)
    keep = (b >= 0) & (b < nb)
    return b, keep, nb


def count_matrix(r, bin_ms):
    b, keep, nb = binned(r, bin_ms)
    m = np.bincount(r.unit[keep] * nb + b[keep], minlength=r.n * nb).reshape(r.n, nb)
    return m.astype(np.float64)


def np_firing_rate(r):
    return np.mean(r.counts / ((r.t1 - r.t0) / 1000.0))


def isi_pairs(r):
    isi = np.diff(r.times)
    same = r.unit[1:] == r.unit[:-1]
    return isi, same


def np_cv_isi(r):
    isi, same = isi_pairs(r)
    u = r.unit[1:][same]
    x = isi[same]
    n = np.bincount(u, minlength=r.n).astype(float)
    s = np.bincount(u, x, minlength=r.n)
    ok = n >= 2
    mean = s[ok] / n[ok]
    dev = x - (s / np.maximum(n, 1))[u]
    s2 = np.bincount(u, dev * dev, minlength=r.n)[ok]
    return np.mean(np.sqrt(s2 / n[ok]) / mean)


def consecutive_isis(r):
    isi = np.diff(r.times)
    same3 = (r.unit[2:] == r.unit[:-2])
    a, b = isi[:-1][same3], isi[1:][same3]
    u = r.unit[2:][same3]
    ok = (a + b) > 0
    return a[ok], b[ok], u[ok]


def np_cv2(r):
    a, b, u = consecutive_isis(r)
    n = np.bincount(u, minlength=r.n)
    s = np.bincount(u, 2.0 * np.abs(b - a) / (a + b), minlength=r.n)
    return np.mean(s[n > 0] / n[n > 0])


def np_lv(r):
    a, b, u = consecutive_isis(r)
    n = np.bincount(u, minlength=r.n)
    s = np.bincount(u, ((a - b) / (a + b)) ** 2, minlength=r.n)
    return np.mean(3.0 * s[n > 0] / n[n > 0])


def np_fano(r):
    m = count_matrix(r, 100.0)
    mean = m.mean(axis=1)
    var = m.var(axis=1, ddof=1)
    ok = mean > 0
    return np.mean(var[ok] / mean[ok])


def np_population_rate(r):
    b, keep, nb = binned(r, 10.0)
    rate = np.bincount(b[keep], minlength=nb) * (1000.0 / (10.0 * r.n))
    return np.mean(rate * rate)


def np_smoothed_rate(r):
    b, keep, nb = binned(r, 1.0)
    c = np.bincount(b[keep], minlength=nb).astype(float)
    # Same kernel (radius 40 bins = 4 sigma) and the same renormalisation at the edges.
    num = ndimage.gaussian_filter1d(c, 10.0, mode="constant", truncate=4.0)
    den = ndimage.gaussian_filter1d(np.ones(nb), 10.0, mode="constant", truncate=4.0)
    rate = num / den * (1000.0 / (1.0 * r.n))
    return np.mean(rate * rate)


def np_correlation(r):
    with np.errstate(invalid="ignore", divide="ignore"):
        c = np.corrcoef(count_matrix(r, 100.0))
    iu = np.triu_indices(r.n, 1)
    return np.nanmean(c[iu])


def np_sttc(r, pi, pj, dt=5.0):
    t0, t1 = r.t0, r.t1
    tiled = {}

    def train(u):
        return r.times[r.offsets[u]:r.offsets[u + 1]]

    def tile(u):
        if u not in tiled:
            a = train(u)
            s = np.maximum(a - dt, t0)
            e = np.minimum(a + dt, t1)
            covered = np.sum(np.minimum(e[:-1], s[1:]) - s[:-1]) + (e[-1] - s[-1])
            tiled[u] = covered / (t1 - t0)
        return tiled[u]

    def prop(a, b):
        i = np.searchsorted(b, a - dt, side="left")
        near = (i < b.size) & (b[np.minimum(i, b.size - 1)] <= a + dt)
        return near.mean()

    def term(p, t):
        d = 1.0 - p * t
        return 1.0 if d == 0.0 else (p - t) / d

    vals = []
    for i, j in zip(pi, pj):
        a, b = train(i), train(j)
        if a.size == 0 or b.size == 0:
            continue
        vals.append(0.5 * (term(prop(a, b), tile(j)) + term(prop(b, a), tile(i))))
    return np.mean(vals)


def np_chi(r):
    b, keep, nb = binned(r, 5.0)
    key = r.unit[keep] * nb + b[keep]
    k, c = np.unique(key, return_counts=True)  # sparse counts: the dense matrix would not fit
    u = k // nb
    s = np.bincount(u, c, minlength=r.n)
    s2 = np.bincount(u, c.astype(float) ** 2, minlength=r.n)
    var = s2 / nb - (s / nb) ** 2
    ok = var > 0
    pop = np.bincount(b[keep], minlength=nb).astype(float)
    pvar = pop.var()
    n = ok.sum()
    return np.sqrt(pvar / n**2 / (var[ok].sum() / n))


def np_max_interval(r, beg=170.0, end=300.0, min_ibi=200.0, min_dur=10.0, min_spikes=3):
    """Builds the burst list (unit, first spike, spikes, start, end) like lamina; returns its length."""
    units, firsts, counts, starts, ends = [], [], [], [], []
    for u in range(r.n):
        s = r.times[r.offsets[u]:r.offsets[u + 1]]
        if s.size < 2:
            continue
        isi = np.diff(s)
        # Phase 1: within each run of ISIs <= end, a burst starts at the first ISI <= beg and
        # lasts to the end of the run.
        le = isi <= end
        edges = np.diff(np.concatenate([[0], le.astype(np.int8), [0]]))
        rs, re = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)  # ISI index ranges [rs, re)
        begins = np.flatnonzero(isi <= beg)
        k = np.searchsorted(begins, rs)
        valid = (k < begins.size)
        first_isi = np.where(valid, begins[np.minimum(k, begins.size - 1)], 0)
        valid &= first_isi < re
        bf, bl = first_isi[valid], re[valid]  # spikes bf .. bl
        if bf.size == 0:
            continue
        # Phase 2: merge bursts whose gap (end to next start) is below min_ibi.
        gap = s[bf[1:]] - s[bl[:-1]]
        group = np.concatenate([[0], np.cumsum(gap >= min_ibi)])
        gf = bf[np.concatenate([[True], group[1:] != group[:-1]])]
        gl = bl[np.concatenate([group[1:] != group[:-1], [True]])]
        # Phase 3: drop short or sparse bursts.
        keep = (gl - gf + 1 >= min_spikes) & (s[gl] - s[gf] >= min_dur)
        gf, gl = gf[keep], gl[keep]
        units.append(np.full(gf.size, u, dtype=np.uint32))
        firsts.append(gf.astype(np.uint32))
        counts.append((gl - gf + 1).astype(np.uint32))
        starts.append(s[gf])
        ends.append(s[gl])
    bursts = [np.concatenate(a) for a in (units, firsts, counts, starts, ends)]
    return float(bursts[0].size)


def np_avalanches(r):
    iei = (r.times.max() - r.times.min()) / (r.times.size - 1)
    b, keep, nb = binned(r, iei)
    c = np.bincount(b[keep], minlength=nb)
    on = np.concatenate([[0], (c > 0).astype(np.int8), [0]])
    d = np.diff(on)
    starts, ends = np.flatnonzero(d == 1), np.flatnonzero(d == -1)  # bins [start, end)
    ok = (starts > 0) & (ends < nb)
    starts, ends = starts[ok], ends[ok]
    csum = np.concatenate([[0], np.cumsum(c)])
    sizes = csum[ends] - csum[starts]
    return sizes


def np_powerlaw_fit(x, min_tail=10):
    """Discrete power-law MLE with x_min by minimal KS distance (Clauset et al. 2009)."""
    x = np.sort(np.asarray(x, dtype=float))
    n = x.size
    u, first = np.unique(x, return_index=True)
    logs = np.log(x)
    suffix = np.concatenate([np.cumsum(logs[::-1])[::-1], [0.0]])
    best = (np.inf, None, None)
    for k in range(u.size - 1):
        nt = n - first[k]
        if nt < min_tail:
            break
        xmin = u[k]
        ml = suffix[first[k]] / nt
        res = optimize.minimize_scalar(lambda a: np.log(special.zeta(a, xmin)) + a * ml,
                                       bounds=(1.0 + 1e-9, 60.0), method="bounded", options={"xatol": 1e-9})
        a = res.x
        tail_u = u[k:]
        below = (first[k:] - first[k]) / nt
        upto = np.concatenate([first[k + 1:], [n]]) - first[k]
        upto = upto / nt
        z = special.zeta(a, tail_u)
        zmin = special.zeta(a, xmin)
        f_lt = 1.0 - z / zmin
        f_le = 1.0 - (z - tail_u ** (-a)) / zmin
        d = max(np.max(np.abs(below - f_lt)), np.max(np.abs(upto - f_le)))
        if d < best[0]:
            best = (d, xmin, a)
    return best[2]


def np_branching(r, bin_ms=4.0, kmax=40):
    b, keep, nb = binned(r, bin_ms)
    a = np.bincount(b[keep], minlength=nb).astype(float)
    rk = np.empty(kmax)
    for k in range(1, kmax + 1):
        x, y = a[:-k], a[k:]
        dx = x - x.mean()
        rk[k - 1] = np.dot(dx, y - y.mean()) / np.dot(dx, dx)
    ks = np.arange(1, kmax + 1)
    (bb, m), _ = optimize.curve_fit(lambda k, b, m: b * m**k, ks, rk, p0=(1.0, max(min(rk[1] / rk[0], 0.99), 0.01)),
                                    bounds=([-np.inf, 0.0], [np.inf, 1.5]))
    return m


def np_timescale(r, bin_ms=5.0, max_lag_ms=500.0):
    b, keep, nb = binned(r, bin_ms)
    x = np.bincount(b[keep], minlength=nb).astype(float)
    d = x - x.mean()
    L = int(max_lag_ms / bin_ms)
    acf = np.array([np.dot(d[: d.size - k], d[k:]) for k in range(L + 1)]) / np.dot(d, d)
    lags = np.arange(1, L + 1) * bin_ms
    y = acf[1:]
    c0 = y[-max(1, y.size // 10):].mean()
    (A, tau, c), _ = optimize.curve_fit(lambda t, A, tau, c: A * np.exp(-t / tau) + c, lags, y,
                                        p0=(max(y[0] - c0, 1e-3) * 2.0, 20.0, c0), maxfev=10000)
    return tau


def np_participation_ratio(r):
    c = np.cov(count_matrix(r, 100.0))
    return np.trace(c) ** 2 / np.sum(c * c)


# ---------------------------------------------------------------- run
def best_of(f, repeats):
    best, value = np.inf, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        value = f()
        best = min(best, time.perf_counter() - t0)
    return best, value


def main():
    exe = os.path.join(args.build, "bench", "lamina_analysis_bench")
    if not os.path.exists(exe):
        sys.exit(f"{exe} not found: configure with -DLAMINA_BUILD_BENCH=ON and build lamina_analysis_bench")
    t_gen = time.perf_counter()
    times, offsets, t_ms = make_recording(int(args.spikes), args.units, args.seed)
    rng = np.random.default_rng(args.seed + 1)
    flat = rng.choice(args.units * (args.units - 1) // 2, size=args.pairs, replace=False)
    iu = np.triu_indices(args.units, 1)
    pi, pj = iu[0][flat].astype(np.uint32), iu[1][flat].astype(np.uint32)
    print(f"# {times.size:.3g} spikes, {args.units} units, {t_ms / 1000:.0f} s, generated in "
          f"{time.perf_counter() - t_gen:.1f} s; BLAS threads {args.threads}; best of {args.repeats}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "spikes.bin")
        write_input(path, times, offsets, 0.0, t_ms, pi, pj)
        out = subprocess.run([exe, path, str(args.repeats)], check=True, capture_output=True, text=True).stdout
    lamina = {d["stat"]: d for d in map(json.loads, out.splitlines())}

    r = Rec(times, offsets, 0.0, t_ms)
    sizes = np_avalanches(r)
    numpy_impl = {
        "firing_rate": lambda: np_firing_rate(r),  # both well under a millisecond
        "cv_isi": lambda: np_cv_isi(r),
        "cv2": lambda: np_cv2(r),
        "lv": lambda: np_lv(r),
        "fano_100ms": lambda: np_fano(r),
        "population_rate_10ms": lambda: np_population_rate(r),
        "smoothed_rate_10ms": lambda: np_smoothed_rate(r),
        "count_correlation_all_pairs_100ms": lambda: np_correlation(r),
        "sttc_pairs_5ms": lambda: np_sttc(r, pi, pj),
        "golomb_chi_5ms": lambda: np_chi(r),
        "max_interval_bursts": lambda: np_max_interval(r),
        "avalanches_mean_iei": lambda: float(np.mean(np_avalanches(r))),
        "powerlaw_fit_avalanche_sizes": lambda: np_powerlaw_fit(sizes),
        "branching_ratio_4ms": lambda: np_branching(r),
        "intrinsic_timescale_5ms": lambda: np_timescale(r),
        "participation_ratio_100ms": lambda: np_participation_ratio(r),
    }
    only = [s for s in args.only.split(",") if s]
    print(f"{'statistic':36s} {'lamina s':>10s} {'numpy s':>10s} {'ratio':>8s}   {'lamina value':>14s} {'numpy value':>14s}")
    for name, f in numpy_impl.items():
        if only and name not in only:
            continue
        secs, value = best_of(f, args.repeats)
        l = lamina[name]
        print(f"{name:36s} {l['seconds']:10.4f} {secs:10.4f} {secs / l['seconds']:8.1f}   {l['value']:14.6g} {value:14.6g}",
              flush=True)


if __name__ == "__main__":
    main()
