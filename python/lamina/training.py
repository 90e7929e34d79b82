"""Training rate RNNs by backpropagation through time and Adam (docs/training.md).

From a task file, as ``lamina train`` does (same outputs in ``out``)::

    >>> import lamina.training as lt
    >>> summary = lt.train("examples/training/csg_low_rank.toml", "runs/csg", set={"training.epochs": 5})
    >>> summary["evaluation"]["produced_mean_ms"]

Piece by piece::

    >>> task = lt.cue_set_go([800, 1050, 1300, 1550], trials=200)
    >>> net = lt.make_network(500, inputs=2, rank=2, noise_std=0.0447)
    >>> opts = lt.TrainingOptions(); opts.learning_rate = 1e-3; opts.clip_norm = 1.0
    >>> state = lt.make_optimizer_state(net)
    >>> for epoch in range(10):
    ...     print(lt.train_epoch(net, state, task, opts)["loss"])
    >>> z = lt.outputs(net, task)                       # trials x steps x outputs
    >>> lt.produced_intervals(z, task, cue_input=1, dt_ms=10.0)
"""
from __future__ import annotations

import csv
import json
import os
import signal
import sys
import threading
import time

import numpy as np

from ._core import training as _t

Network = _t.Network
Task = _t.Task
TrainingOptions = _t.TrainingOptions
OptimizerState = _t.OptimizerState
Schedule = _t.Schedule
make_network = _t.make_network
cue_set_go = _t.cue_set_go
measure_wait_go = _t.measure_wait_go
loss_gradient = _t.loss_gradient
loss = _t.loss
outputs = _t.outputs
make_optimizer_state = _t.make_optimizer_state
train_epoch = _t.train_epoch
produced_intervals = _t.produced_intervals
evaluate_intervals = _t.evaluate_intervals
load_training_spec = _t.load_training_spec
read_checkpoint = _t.read_checkpoint
write_checkpoint = _t.write_checkpoint
write_trained_network = _t.write_trained_network


def task_from_arrays(inputs, targets, mask=None) -> Task:
    """A Task from arrays [trials x steps x inputs] and [trials x steps x outputs] (mask: ones)."""
    u = np.asarray(inputs, dtype=float)
    y = np.asarray(targets, dtype=float)
    if u.ndim != 3 or y.ndim != 3 or u.shape[:2] != y.shape[:2]:
        raise ValueError(f"inputs {u.shape} and targets {y.shape}: expected [trials x steps x channels] "
                         "arrays with the same trials and steps")
    m = np.ones_like(y) if mask is None else np.asarray(mask, dtype=float)
    if m.shape != y.shape:
        raise ValueError(f"mask {m.shape}: expected the targets' shape {y.shape}")
    t = Task()
    t.trials, t.steps, t.inputs = u.shape
    t.outputs = y.shape[2]
    t.u, t.target, t.mask = u.ravel().tolist(), y.ravel().tolist(), m.ravel().tolist()
    _t.validate_task(t)
    return t


def arrays(task: Task):
    """(inputs, targets, mask) of a Task as [trials x steps x channels] arrays."""
    shape_u = (task.trials, task.steps, task.inputs)
    shape_y = (task.trials, task.steps, task.outputs)
    return (np.asarray(task.u).reshape(shape_u), np.asarray(task.target).reshape(shape_y),
            np.asarray(task.mask).reshape(shape_y))


def _overrides(set):
    return [f"{k}={json.dumps(v) if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else v}"
            for k, v in (set or {}).items()]


def _last_loss(rows):
    """The last recorded epoch's loss: a resumed run with no epochs left reports the run's own."""
    return float(rows[-1][1]) if rows else None


def _sigint_to_flag():
    """From the main thread under Python's default Ctrl-C handling: a handler that only notes a
    Ctrl-C, so that train() stops at a point of its choosing (after the current batch, with the
    finished epochs recorded) and raises KeyboardInterrupt itself. Returns (flag, restore)."""
    flag = []
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        return flag, lambda: None
    previous = signal.signal(signal.SIGINT, lambda signum, frame: flag.append(signum))
    return flag, lambda: signal.signal(signal.SIGINT, previous)


def train(task_file, out, resume=False, set=None, threads=None, progress=None):
    """Trains the network a task file describes and writes, like ``lamina train``, out/network.toml
    (+ .npy), checkpoint.h5 (every checkpoint_every epochs, at the end, and on KeyboardInterrupt),
    loss.csv (whole epochs), evaluation.csv (timing tasks) and summary.json. Returns the summary as
    a dict with the evaluation as arrays. ``set``: {"training.epochs": 5, ...} overrides.

    Ctrl-C (KeyboardInterrupt) stops after the current batch: the checkpoint then holds the
    position inside the epoch and ``resume=True`` continues the run to the bit, as if it had never
    stopped. A run stopped inside epoch E needs training.epochs >= E to resume."""
    spec = _t.load_training_spec(str(task_file), _overrides(set))
    if threads:
        spec.training.threads = int(threads)
    opts = spec.training
    os.makedirs(out, exist_ok=True)
    ckpt, loss_csv = os.path.join(out, "checkpoint.h5"), os.path.join(out, "loss.csv")
    task = _t.training_task(spec, False)
    rows = []
    if resume:
        net, state = _t.read_checkpoint(ckpt)
        if state.batches_done and state.epochs_done >= opts.epochs:
            raise ValueError(f"{ckpt}: the run stopped inside epoch {state.epochs_done + 1} (after batch "
                             f"{state.batches_done}), so training.epochs = {opts.epochs} is too few: it must be "
                             f"at least {state.epochs_done + 1}")
        if os.path.exists(loss_csv):
            with open(loss_csv) as f:
                rows = list(csv.reader(f))[1:1 + state.epochs_done]
    else:
        net = _t.spec_network(spec)
        state = _t.make_optimizer_state(net)
    show = sys.stderr.isatty() if progress is None else progress

    def write_loss():
        tmp = loss_csv + ".part"
        with open(tmp, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["epoch", "loss", "learning_rate", "gradient_norm", "seconds"])
            w.writerows(rows)
        os.replace(tmp, loss_csv)

    def stop(partial):
        _t.write_checkpoint(ckpt, net, state)
        write_loss()
        where = (f"in epoch {partial['epoch']} after batch {partial['batches_done']} of {partial['batches']}"
                 if partial else f"after epoch {state.epochs_done}")
        print(f"\ninterrupted {where}; {ckpt} holds the run (resume=True continues)", file=sys.stderr)

    seconds, report, partial = [], None, None
    interrupted, restore = _sigint_to_flag()
    try:
        while state.epochs_done < opts.epochs and not interrupted:
            t0 = time.perf_counter()
            r = _t.train_epoch(net, state, task, opts)
            if not r["complete"]:
                partial = r
                break
            report = r
            seconds.append(time.perf_counter() - t0)  # a resumed epoch: the part after the resume
            rows.append([report["epoch"], f"{report['loss']:.10g}", f"{report['learning_rate']:.10g}",
                         f"{report['gradient_norm']:.10g}", f"{seconds[-1]:.10g}"])
            if not np.isfinite(report["loss"]):
                raise ValueError(f"{task_file}: the loss diverged at epoch {report['epoch']} "
                                 "(lower training.learning_rate or set training.clip_norm)")
            if show:
                print(f"\repoch {report['epoch']}/{opts.epochs}  loss {report['loss']:.5g}  "
                      f"{np.mean(seconds):.2f} s/epoch   ", end="", file=sys.stderr, flush=True)
            if spec.checkpoint_every and state.epochs_done % spec.checkpoint_every == 0:
                _t.write_checkpoint(ckpt, net, state)
                write_loss()
    except KeyboardInterrupt:
        # A SIGINT handler of the caller's raised it (the epoch stopped after its batch first).
        stop({"epoch": state.epochs_done + 1, "batches_done": state.batches_done,
              "batches": state.batches_done + -(-(task.trials - state.trials_done) // opts.batch_size)}
             if state.batches_done else None)
        raise
    finally:
        restore()
    if interrupted:
        stop(partial)
        raise KeyboardInterrupt
    if show:
        print(file=sys.stderr)
    _t.write_checkpoint(ckpt, net, state)
    write_loss()
    _t.write_trained_network(os.path.join(out, "network.toml"), net, spec.dt_ms, spec.input_names)
    summary = {"task": str(task_file), "kind": spec.kind, "units": net.units, "rank": net.rank,
               "epochs": state.epochs_done, "final_training_loss": report["loss"] if report else _last_loss(rows),
               "seconds_per_epoch": float(np.mean(seconds)) if seconds else 0.0}
    try:
        test = _t.training_task(spec, True)
        summary["test_loss"] = _t.loss(net, test, list(range(test.trials)), opts.seed + 1, 0, opts.threads)
    except ValueError:
        pass  # a "files" task without test files
    if spec.kind != "files":
        ev = _t.evaluate_intervals(net, _t.evaluation_task(spec), _t.cue_input(spec), spec.dt_ms, opts.seed + 2,
                                   opts.threads)
        with open(os.path.join(out, "evaluation.csv"), "w", newline="") as f:
            w = csv.writer(f)
            keys = ["interval_ms", "context", "produced_mean_ms", "produced_std_ms", "trials", "crossed"]
            w.writerow(keys)
            w.writerows(zip(*(ev[k] for k in keys)))
        summary["evaluation"] = {k: [None if not np.isfinite(v) else float(v) for v in ev[k]] for k in ev}
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    if "evaluation" in summary:
        summary["evaluation"] = {k: np.asarray(v, dtype=float) for k, v in summary["evaluation"].items()}
    return summary
