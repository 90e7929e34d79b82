"""lamina.training: gradients against finite differences from Python, the timing tasks, training
from a task file (the same outputs as `lamina train`), resume, and the trained network loaded by
lamina.rate and run by `lamina run`."""
import json
import subprocess

import numpy as np
import pytest

import lamina.rate as lr
import lamina.training as lt
from conftest import BUILD

TINY = {"network.units": 40, "task.trials": 24, "task.test_trials": 8, "training.epochs": 2, "training.batch_size": 12,
        "evaluate.trials": 2, "training.checkpoint_every": 1, "training.threads": 1}


def test_gradient_matches_central_differences():
    task = lt.cue_set_go([200, 300], trials=3, duration_ms=600, reference_min_ms=200, reference_max_ms=300)
    net = lt.make_network(20, inputs=2, rank=1, noise_std=0.05, factor_std=2.0, readout_std=20.0, seed=2)
    loss, grad = lt.loss_gradient(net, task, [0, 1, 2], seed=4, noise_key=9)
    assert loss == pytest.approx(lt.loss(net, task, [0, 1, 2], seed=4, noise_key=9), abs=1e-15)
    h = 1e-5  # central differences: truncation and rounding errors both ~1e-11 (docs/training.md)
    for name in ("m", "n", "B", "W"):
        values = list(getattr(net, name))
        analytic = np.asarray(getattr(grad, name))
        for i in (0, len(values) // 2, len(values) - 1):
            up, down = list(values), list(values)
            up[i] += h
            down[i] -= h
            setattr(net, name, up)
            f_up = lt.loss(net, task, [0, 1, 2], seed=4, noise_key=9)
            setattr(net, name, down)
            f_down = lt.loss(net, task, [0, 1, 2], seed=4, noise_key=9)
            setattr(net, name, values)
            fd = (f_up - f_down) / (2 * h)
            assert fd == pytest.approx(analytic[i], rel=1e-6, abs=1e-9 * np.abs(analytic).max()), (name, i)


def test_cue_set_go_arrays_and_produced_interval_of_the_target():
    task = lt.cue_set_go([800, 1550], trials=20, no_set_fraction=0.0, seed=3)
    u, y, mask = lt.arrays(task)
    assert u.shape == (20, 350, 2) and y.shape == (20, 350, 1)
    assert set(np.round(u[:, 0, 0], 12)) <= {0.0, 0.25}     # the context cue: 0 at 800 ms, 0.25 at 1550 ms
    assert np.all(mask == 1.0) and y.min() == -0.5 and y.max() == pytest.approx(0.5)
    produced = lt.produced_intervals(y, task, cue_input=1, dt_ms=10.0)
    np.testing.assert_allclose(produced, task.interval_ms, atol=2 * 10 / 0.85)
    again = lt.task_from_arrays(u, y, mask)
    assert again.u == task.u and again.target == task.target


def test_task_from_arrays_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match="same trials and steps"):
        lt.task_from_arrays(np.zeros((2, 5, 1)), np.zeros((2, 4, 1)))


def test_train_from_a_task_file_writes_a_runnable_network(tmp_path, examples):
    out = tmp_path / "run"
    summary = lt.train(examples / "training" / "csg_low_rank.toml", out, set=TINY, progress=False)
    assert summary["epochs"] == 2 and np.isfinite(summary["test_loss"])
    for name in ("network.toml", "checkpoint.h5", "loss.csv", "evaluation.csv", "summary.json"):
        assert (out / name).exists(), name
    assert len((out / "loss.csv").read_text().splitlines()) == 3
    assert list(summary["evaluation"]["interval_ms"]) == [550, 800, 1050, 1300, 1550, 1800, 2050, 2300]
    # The written model file is the trained network: lamina.rate runs it.
    net = lr.load(str(out / "network.toml"))
    net.run("100 ms")
    assert net.recordings()["output"].values.shape[2] == 1
    # Resume: two more epochs continue the run and the loss curve.
    more = dict(TINY, **{"training.epochs": 4})
    resumed = lt.train(examples / "training" / "csg_low_rank.toml", out, resume=True, set=more, progress=False)
    assert resumed["epochs"] == 4
    assert [int(r.split(",")[0]) for r in (out / "loss.csv").read_text().splitlines()[1:]] == [1, 2, 3, 4]
    # Resuming a finished run trains nothing and reports the run's last loss, not a blank one.
    again = lt.train(examples / "training" / "csg_low_rank.toml", out, resume=True, set=more, progress=False)
    assert again["epochs"] == 4 and again["final_training_loss"] == pytest.approx(resumed["final_training_loss"], rel=1e-9)


def test_cli_train_matches_the_python_run(tmp_path, examples):
    sets = [a for k, v in TINY.items() for a in ("--set", f"{k}={v}")]
    subprocess.run([str(BUILD / "lamina"), "train", str(examples / "training" / "csg_low_rank.toml"), "--out",
                    str(tmp_path / "cli"), *sets], check=True, capture_output=True)
    py = lt.train(examples / "training" / "csg_low_rank.toml", tmp_path / "py", set=TINY, progress=False)
    cli = json.loads((tmp_path / "cli" / "summary.json").read_text())
    # Same library, same seeds: the same training to the bit.
    assert cli["final_training_loss"] == py["final_training_loss"]
    assert cli["test_loss"] == py["test_loss"]
    # --resume of the finished run trains nothing and reports the run's last loss (as written to loss.csv).
    subprocess.run([str(BUILD / "lamina"), "train", str(examples / "training" / "csg_low_rank.toml"), "--out",
                    str(tmp_path / "cli"), "--resume", *sets], check=True, capture_output=True)
    again = json.loads((tmp_path / "cli" / "summary.json").read_text())
    assert again["final_training_loss"] == pytest.approx(cli["final_training_loss"], rel=1e-9)


def test_bad_task_file_key_names_it(tmp_path):
    f = tmp_path / "task.toml"
    f.write_text('[task]\nkind = "cue_set_go"\n[network]\nunits = 10\n[training]\nlearnig_rate = 1e-3\n')
    with pytest.raises(ValueError, match="learnig_rate"):
        lt.train(f, tmp_path / "out")


def test_user_task_from_npy_files(tmp_path):
    # A task from data: learn to output the running input sign (any data would do); the files'
    # shapes set the network's inputs and outputs, and a missing mask means "fit every step".
    rng = np.random.default_rng(0)
    u = rng.normal(size=(16, 30, 3))
    y = np.tanh(np.cumsum(u[:, :, :1], axis=1) / 5.0)
    np.save(tmp_path / "u.npy", u)
    np.save(tmp_path / "y.npy", y)
    f = tmp_path / "task.toml"
    f.write_text('[task]\nkind = "files"\ninputs_file = "u.npy"\ntargets_file = "y.npy"\n'
                 '[network]\nunits = 30\nrank = 2\n[training]\nepochs = 3\nbatch_size = 8\n')
    summary = lt.train(f, tmp_path / "out", progress=False)
    assert summary["epochs"] == 3 and "evaluation" not in summary
    net, state = lt.read_checkpoint(str(tmp_path / "out" / "checkpoint.h5"))
    assert (net.inputs, net.outputs, state.updates) == (3, 1, 6)
    np.save(tmp_path / "bad.npy", np.zeros((16, 29, 1)))
    f.write_text(f.read_text().replace('targets_file = "y.npy"', 'targets_file = "bad.npy"'))
    with pytest.raises(ValueError, match="steps"):
        lt.train(f, tmp_path / "out2", progress=False)


def test_factor_overlap_starts_j_with_the_overlap_as_eigenvalue():
    # n_r correlated with m_r by rho: the rank-one J = m n^T starts with eigenvalue n . m = rho
    # (factor_std 1), within 5 standard errors sqrt((1 + rho^2) / N).
    from lamina._core import training as core
    net = core.make_network(2000, rank=1, factor_overlap=0.8)
    assert float(np.dot(net.m, net.n)) == pytest.approx(0.8, abs=5 * np.sqrt(1.64 / 2000))
    with pytest.raises(ValueError, match="factor_overlap"):
        core.make_network(10, factor_overlap=2.0)


def test_readout_scale_of_the_full_rank_code():
    # readout_scale "1/sqrt(N)": W ~ N(0, readout_std^2 / N), the full-rank readout of Beiran et
    # al. 2023's code; the default W ~ N(0, (readout_std / N)^2). Sample variance of 4000 entries
    # within 5 standard errors (sqrt(2 / 4000) relative).
    from lamina._core import training as core
    tol = 5 * np.sqrt(2 / 4000)
    wide = core.make_network(4000, rank=0, g=1.0, readout_std=1.0, readout_scale="1/sqrt(N)")
    assert float(np.mean(np.square(wide.W))) * 4000 == pytest.approx(1.0, abs=tol)
    narrow = core.make_network(4000, rank=0, g=1.0, readout_std=1.0)
    assert float(np.mean(np.square(narrow.W))) * 4000 ** 2 == pytest.approx(1.0, abs=tol)
    with pytest.raises(ValueError, match="readout_scale"):
        core.make_network(10, readout_scale="sqrt")


def test_structured_start_puts_the_set_input_in_span_m_and_n2_on_the_context():
    # The start of Beiran et al. 2023's code: n_2 . b_context / N = 0.5 (both unit variance; 5
    # standard errors of N = 3000, sqrt(1.25 / N)), and the Set input a mix of m_1, m_2 (residual
    # of its least-squares fit on m at rounding level).
    from lamina._core import training as core
    N = 3000
    net = core.make_network(N, inputs=2, rank=2, factor_overlap=0.8, context_overlap=0.5, context_input=0,
                            inputs_in_m_span=[1])
    m, n, b = (np.asarray(a).reshape(-1, N) for a in (net.m, net.n, net.B))
    assert float(np.dot(n[1], b[0])) * np.sqrt(N) / N == pytest.approx(0.5, abs=5 * np.sqrt(1.25 / N))
    coef, *_ = np.linalg.lstsq(m.T, b[1], rcond=None)
    assert np.linalg.norm(b[1] - m.T @ coef) < 1e-10 * np.linalg.norm(b[1])
    with pytest.raises(ValueError, match="context_overlap"):
        core.make_network(10, inputs=2, factor_overlap=0.8, context_overlap=0.7)


# Ctrl-C: a full-rank task whose epoch is 30 batches of a few tens of ms each, so that a SIGINT
# sent shortly after epoch 1's checkpoint lands inside epoch 2.
INTERRUPTIBLE = {"network.units": 160, "network.full_rank": True, "task.trials": 120, "task.test_trials": 4,
                 "training.batch_size": 4, "training.epochs": 2, "training.checkpoint_every": 1,
                 "training.threads": 1, "evaluate.trials": 1}


def _interrupt_in_epoch_2(cmd, out):
    """Runs cmd, sends SIGINT once epoch 1's checkpoint exists (training is then inside epoch 2),
    and returns (exit status, stderr). The child gets the default SIGINT disposition even where
    this test runs with SIGINT ignored (a background job)."""
    import signal
    import time
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    while not (out / "checkpoint.h5").exists() and p.poll() is None:
        time.sleep(0.02)
    time.sleep(0.2)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=300)
    return p.returncode, err.decode()


def _expect_stopped_inside_epoch_2(out, err):
    """The message, loss.csv (whole epochs only) and the checkpoint agree on where the run stopped."""
    import re
    found = re.search(r"interrupted in epoch 2 after batch (\d+) of 30; (\S+) holds the run", err)
    assert found, err
    batch = int(found.group(1))
    assert 1 <= batch < 30 and found.group(2) == str(out / "checkpoint.h5")
    assert [r.split(",")[0] for r in (out / "loss.csv").read_text().splitlines()] == ["epoch", "1"]
    assert not (out / "network.toml").exists()  # no trained network of a half epoch
    _, state = lt.read_checkpoint(str(out / "checkpoint.h5"))
    assert (state.epochs_done, state.batches_done, state.trials_done, state.updates) == (1, batch, 4 * batch,
                                                                                           30 + batch)


@pytest.fixture(scope="module")
def straight_run(tmp_path_factory):
    """INTERRUPTIBLE trained by `lamina train` without a stop."""
    from conftest import ROOT
    out = tmp_path_factory.mktemp("straight")
    subprocess.run([str(BUILD / "lamina"), "train", str(ROOT / "examples" / "training" / "csg_low_rank.toml"), "--out",
                    str(out), *_cli_sets(INTERRUPTIBLE)], check=True, capture_output=True)
    return out


def _cli_sets(values):
    return [a for k, v in values.items() for a in ("--set", f"{k}={str(v).lower()}")]


def _expect_same_run(a, b):
    """The same trained network to the bit, and the same loss curve (all but the seconds column)."""
    files = sorted(p.name for p in a.iterdir() if p.suffix == ".npy") + ["network.toml"]
    assert len(files) > 1
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    curve = [[r.rsplit(",", 1)[0] for r in (d / "loss.csv").read_text().splitlines()] for d in (a, b)]
    assert curve[0] == curve[1] and len(curve[0]) == 3


def test_cli_ctrl_c_stops_after_the_batch_and_resume_is_the_straight_run(tmp_path, examples, straight_run):
    task = str(examples / "training" / "csg_low_rank.toml")
    sets = _cli_sets(INTERRUPTIBLE)
    cli = str(BUILD / "lamina")
    out = tmp_path / "stopped"
    status, err = _interrupt_in_epoch_2([cli, "train", task, "--out", str(out), *sets], out)
    assert status == 130, err
    _expect_stopped_inside_epoch_2(out, err)
    # Ending the run before the epoch it stopped in would write a network of no epoch count.
    short = subprocess.run([cli, "train", task, "--out", str(out), "--resume", *sets, "--set", "training.epochs=1"],
                           capture_output=True, text=True)
    assert short.returncode != 0 and "inside epoch 2" in short.stderr and "at least 2" in short.stderr
    subprocess.run([cli, "train", task, "--out", str(out), "--resume", *sets], check=True, capture_output=True)
    _expect_same_run(straight_run, out)


def test_python_train_ctrl_c_stops_after_the_batch_and_resume_is_the_straight_run(tmp_path, examples, straight_run):
    # The CLI and lamina.training.train() train to the same bits (test_cli_train_matches_the_python_run),
    # so the straight run of the CLI is the reference.
    import sys
    task = examples / "training" / "csg_low_rank.toml"
    out = tmp_path / "stopped"
    script = ("import sys; sys.path.insert(0, sys.argv[1]); import lamina.training as lt; "
              "lt.train(sys.argv[2], sys.argv[3], set=eval(sys.argv[4]), progress=False)")
    status, err = _interrupt_in_epoch_2([sys.executable, "-c", script, str(BUILD / "python"), str(task), str(out),
                                         repr(INTERRUPTIBLE)], out)
    assert status != 0 and "KeyboardInterrupt" in err, err
    _expect_stopped_inside_epoch_2(out, err)
    with pytest.raises(ValueError, match="at least 2"):
        lt.train(task, out, resume=True, set=dict(INTERRUPTIBLE, **{"training.epochs": 1}), progress=False)
    lt.train(task, out, resume=True, set=INTERRUPTIBLE, progress=False)
    _expect_same_run(straight_run, out)


def test_cli_progress_line_shows_the_batch_on_a_terminal_only(tmp_path, examples):
    """On a terminal `lamina train` redraws one line with epoch, batch of batches, loss and ETA
    (at least at each epoch's last batch); into a pipe it writes no progress at all."""
    import os
    import re
    cli, task = str(BUILD / "lamina"), str(examples / "training" / "csg_low_rank.toml")
    sets = _cli_sets({**TINY, "training.batch_size": 5})  # 24 trials: batches of 5, 5, 5, 5, 4
    leader, follower = os.openpty()
    p = subprocess.Popen([cli, "train", task, "--out", str(tmp_path / "tty"), *sets], stdout=subprocess.PIPE,
                         stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal (EIO on Linux)
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert p.wait(timeout=300) == 0
    lines = [s for s in seen.decode().split("\r") if s.startswith("epoch")]
    drawn = [tuple(int(x) for x in re.match(r"epoch (\d+)/2  batch (\d+)/(\d+)  loss \S+  lr \S+  ETA \d+:\d\d:\d\d",
                                            s).groups()) for s in lines]
    assert (1, 5, 5) in drawn and (2, 5, 5) in drawn, lines
    assert all(b == 5 and 1 <= k <= 5 for _, k, b in drawn)
    piped = subprocess.run([cli, "train", task, "--out", str(tmp_path / "pipe"), *sets], capture_output=True, check=True)
    assert b"\r" not in piped.stderr and b"batch" not in piped.stderr
