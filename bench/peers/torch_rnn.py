#!/usr/bin/python3
"""Trains the same low-rank (or full-rank) rate RNN on the same Cue-Set-Go trials in lamina and in
PyTorch (the model of Beiran et al. 2023's code: h += noise + alpha (-h + r n m^T + u W_in), r =
tanh h, z = r W_out; masked MSE; Adam; clipping), for the same epochs and batches, and prints the
time per epoch of both, their ratio, and both loss curves (equal within the noise of the
different random streams and float precision).

Both start from identical parameters and train on identical trials in batches of the same size;
the batch order and the training noise differ (each library draws its own), so the curves agree
statistically, not to the bit. Threads: both use --threads (torch.set_num_threads; lamina training.threads).

PyTorch is a peer for benchmarks only (Debian python3-torch, installed by
scripts/install_deps.sh --bench), never a lamina dependency.

    PYTHONPATH=build/python /usr/bin/python3 bench/peers/torch_rnn.py --units 1500 --rank 2 --epochs 3
"""
import argparse
import time

import numpy as np

import lamina.training as lt

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--units", type=int, default=1500)
parser.add_argument("--rank", type=int, default=2, help="0: full rank")
parser.add_argument("--trials", type=int, default=256)
parser.add_argument("--batch", type=int, default=32)
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--lr", type=float, default=1e-3)
parser.add_argument("--float64", action="store_true", help="torch in double precision (lamina always is)")
args = parser.parse_args()

import torch  # noqa: E402  (after argparse: --help works without torch)

torch.set_num_threads(args.threads)
dtype = torch.float64 if args.float64 else torch.float32
alpha, noise = 0.1, np.sqrt(2 * 0.1) * 0.1

task = lt.cue_set_go([800, 1050, 1300, 1550], trials=args.trials, seed=1)
U, Y, M = lt.arrays(task)
net = lt.make_network(args.units, inputs=2, outputs=1, rank=args.rank, alpha=alpha, noise_std=noise, seed=1)
N, R = args.units, args.rank

# ---- lamina
opts = lt.TrainingOptions()
opts.learning_rate, opts.clip_norm, opts.batch_size, opts.threads = args.lr, 1.0, args.batch, args.threads
state = lt.make_optimizer_state(net)
start = lt.Network()
for k in ("units", "inputs", "outputs", "rank", "alpha", "noise_std", "phi", "m", "n", "J", "B", "W", "x0"):
    setattr(start, k, getattr(net, k))
# Wall and CPU seconds (process_time, all threads of this process): on a shared, loaded machine
# the CPU time is the fairer measure of the work each library does.
lamina_times, lamina_cpu, lamina_loss = [], [], []
for e in range(args.epochs):
    t0, c0 = time.perf_counter(), time.process_time()
    rep = lt.train_epoch(net, state, task, opts)
    lamina_times.append(time.perf_counter() - t0)
    lamina_cpu.append(time.process_time() - c0)
    lamina_loss.append(rep["loss"])

# ---- torch, from the same initial parameters
def tensor(values, shape):
    return torch.tensor(np.asarray(values).reshape(shape), dtype=dtype)

params = {}
if R > 0:
    params["m"] = torch.nn.Parameter(tensor(start.m, (R, N)).T.contiguous())
    params["n"] = torch.nn.Parameter(tensor(start.n, (R, N)).T.contiguous())
else:
    params["J"] = torch.nn.Parameter(tensor(start.J, (N, N)))
params["B"] = torch.nn.Parameter(tensor(start.B, (2, N)))          # inputs x N (u @ B)
params["W"] = torch.nn.Parameter(tensor(start.W, (1, N)).T.contiguous())  # N x outputs
x0 = tensor(start.x0, (N,))
optim = torch.optim.Adam(params.values(), lr=args.lr)
Ut, Yt, Mt = (torch.tensor(a, dtype=dtype) for a in (U, Y, M))


def forward(u):
    b, T, _ = u.shape
    h = x0.expand(b, N)
    r = torch.tanh(h)
    xi = torch.randn(b, T, N, dtype=dtype)
    out = []
    for t in range(T):
        rec = (r @ params["n"]) @ params["m"].T if R > 0 else r @ params["J"].T
        h = h + noise * xi[:, t] + alpha * (-h + rec + u[:, t] @ params["B"])
        r = torch.tanh(h)
        out.append(r @ params["W"])
    return torch.stack(out, 1)


torch_times, torch_cpu, torch_loss = [], [], []
for e in range(args.epochs):
    t0, c0 = time.perf_counter(), time.process_time()
    losses = []
    order = np.random.default_rng(100 + e).permutation(args.trials)
    for s in range(0, args.trials, args.batch):
        idx = torch.as_tensor(order[s:s + args.batch])
        z = forward(Ut[idx])
        loss = ((z - Yt[idx]) ** 2 * Mt[idx]).sum() / Mt[idx].sum()
        optim.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params.values(), 1.0)
        optim.step()
        losses.append(loss.item())
    torch_times.append(time.perf_counter() - t0)
    torch_cpu.append(time.process_time() - c0)
    torch_loss.append(float(np.mean(losses)))

lt_s, to_s = np.median(lamina_times), np.median(torch_times)
lt_c, to_c = np.median(lamina_cpu), np.median(torch_cpu)
print(f"N = {N}, rank = {R or 'full'}, {args.trials} trials x {task.steps} steps, batch {args.batch}, "
      f"{args.threads} thread(s), torch {str(dtype).split('.')[-1]}")
print(f"lamina  {lt_s:8.3f} s/epoch ({lt_c:.3f} s CPU)   losses {' '.join(f'{x:.4f}' for x in lamina_loss)}")
print(f"torch   {to_s:8.3f} s/epoch ({to_c:.3f} s CPU)   losses {' '.join(f'{x:.4f}' for x in torch_loss)}")
print(f"ratio torch / lamina = {to_s / lt_s:.2f} (wall), {to_c / lt_c:.2f} (CPU)")
