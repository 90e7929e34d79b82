"""Reverse-engineering a trained rate RNN (docs/training.md, "Analysing a trained network").

The network is the trainer's (lamina.training), in continuous time with t in units of tau:

    dx/dt = F(x, u) = -x + J phi(x) + B u,      J = m n^T (rank R, no 1/N: the trainer's m, n)

(the trainer's step x + alpha F is the Euler step of this flow, so both share fixed points;
a multiplier of the step is 1 + alpha lambda).

**Latent coordinates.** A state is written x = m kappa + B v + x_perp with kappa [R], v [inputs]
the least-squares coordinates in the basis [m, B] (kappa_r = m_r . x / |m_r|^2 when the columns are
orthogonal, Beiran et al. 2023). On x_perp = 0 the flow closes (Mastrogiuseppe & Ostojic 2018;
Dubreuil et al. 2022):

    dkappa/dt = -kappa + n^T phi(m kappa + B v),      dv/dt = -v + u,

exactly, and so does the trainer's discrete step (kappa <- kappa + alpha (-kappa + n^T phi)).
At constant u the input coordinates settle at v = u, so the fixed points are those of
G(kappa) = -kappa + n^T phi(m kappa + B u). The full Jacobian -1 + m n^T diag(phi') has the R
eigenvalues of the latent Jacobian -1 + n^T diag(phi') m and -1 (N - R times): the latent
eigenvalues decide the stability.

**Full rank**: slow points minimise q(x) = |F(x)|^2 / 2 (Sussillo & Barak 2013), with
grad q = (dF/dx)^T F, from states on trajectories; a minimum with q below `fixed_q` is polished by
Newton steps into a fixed point.

numpy/scipy (and the core's participation ratio of a spectrum); figures (matplotlib) only in
examples/training/analyse.py.
"""
from __future__ import annotations

import itertools
import json
import os
from dataclasses import dataclass, field
from typing import List, Optional

import numpy as np
from scipy import optimize

from . import _core

PHIS = ("linear", "tanh", "relu", "sigmoid")


def _phi_name(phi) -> str:
    name = getattr(phi, "name", phi)
    if name not in PHIS:
        raise ValueError(f"phi {phi!r}: expected one of {', '.join(PHIS)}")
    return name


def phi(name, x):
    name = _phi_name(name)
    if name == "tanh":
        return np.tanh(x)
    if name == "relu":
        return np.maximum(x, 0.0)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-x))
    return np.asarray(x, dtype=float)


def phi_prime(name, x):
    name = _phi_name(name)
    if name == "tanh":
        return 1.0 - np.tanh(x) ** 2
    if name == "relu":
        return (np.asarray(x) > 0).astype(float)
    if name == "sigmoid":
        s = 1.0 / (1.0 + np.exp(-x))
        return s * (1.0 - s)
    return np.ones_like(np.asarray(x, dtype=float))


@dataclass
class Parameters:
    """The trainer's network as arrays: m, n [N x R] (None for full rank), J [N x N] (None for low
    rank), B [N x inputs], W [outputs x N], x0 [N]; alpha = dt / tau."""
    phi: str
    alpha: float
    B: np.ndarray
    W: np.ndarray
    x0: np.ndarray
    m: Optional[np.ndarray] = None
    n: Optional[np.ndarray] = None
    J: Optional[np.ndarray] = None

    @property
    def units(self) -> int:
        return self.B.shape[0]

    @property
    def rank(self) -> int:
        return 0 if self.m is None else self.m.shape[1]

    def recurrent(self, r):
        """J r for r [N] or [N x k]."""
        return self.J @ r if self.m is None else self.m @ (self.n.T @ r)


def parameters(net) -> Parameters:
    """Arrays of a lamina.training.Network (flat storage: m, n, B column-major, W, J row-major)."""
    N, C, O, R = int(net.units), int(net.inputs), int(net.outputs), int(net.rank)
    p = Parameters(phi=_phi_name(net.phi), alpha=float(net.alpha),
                   B=np.asarray(net.B, dtype=float).reshape(C, N).T,
                   W=np.asarray(net.W, dtype=float).reshape(O, N), x0=np.asarray(net.x0, dtype=float))
    if R > 0:
        p.m = np.asarray(net.m, dtype=float).reshape(R, N).T
        p.n = np.asarray(net.n, dtype=float).reshape(R, N).T
    else:
        p.J = np.asarray(net.J, dtype=float).reshape(N, N)
    return p


def load_trained(directory):
    """(Parameters, summary dict) of a directory written by `lamina train` (its checkpoint.h5)."""
    from . import training as lt
    ckpt = os.path.join(directory, "checkpoint.h5")
    if not os.path.exists(ckpt):
        raise FileNotFoundError(f"{ckpt}: expected the checkpoint `lamina train --out {directory}` writes")
    net, _ = lt.read_checkpoint(ckpt)
    summary = {}
    path = os.path.join(directory, "summary.json")
    if os.path.exists(path):
        with open(path) as f:
            summary = json.load(f)
    return parameters(net), summary


def simulate(p: Parameters, u, x0=None):
    """States x_0 .. x_T [trials x (T + 1) x N] of the noiseless trainer step for inputs u
    [trials x T x inputs] (z_t = W phi(x_{t+1}))."""
    u = np.asarray(u, dtype=float)
    trials, T, _ = u.shape
    x = np.empty((trials, T + 1, p.units))
    x[:, 0] = p.x0 if x0 is None else x0
    for t in range(T):
        xt = x[:, t]
        x[:, t + 1] = xt + p.alpha * (-xt + p.recurrent(phi(p.phi, xt).T).T + u[:, t] @ p.B.T)
    return x


def latent_basis(p: Parameters, inputs: bool = True):
    """The basis [m, B] (or m alone) whose least-squares coordinates are (kappa, v)."""
    if p.m is None:
        raise ValueError("latent coordinates need a low-rank network (rank > 0)")
    return np.hstack([p.m, p.B]) if inputs else p.m


def project(p: Parameters, x, inputs: bool = True):
    """Coordinates (kappa [..., R], v [..., inputs]) of states x [..., N] in the basis [m, B]:
    least squares, i.e. kappa_r = m_r . x / |m_r|^2 for orthogonal columns."""
    basis = latent_basis(p, inputs)
    flat = np.asarray(x, dtype=float).reshape(-1, p.units)
    coef = np.linalg.lstsq(basis, flat.T, rcond=None)[0].T.reshape(*np.shape(x)[:-1], basis.shape[1])
    return coef[..., :p.rank], coef[..., p.rank:]


def latent_simulate(p: Parameters, u, kappa0, v0):
    """(kappa [trials x (T+1) x R], v) of the closed latent step from x0 = m kappa0 + B v0."""
    u = np.asarray(u, dtype=float)
    trials, T, C = u.shape
    k = np.empty((trials, T + 1, p.rank))
    v = np.empty((trials, T + 1, C))
    k[:, 0], v[:, 0] = kappa0, v0
    for t in range(T):
        drive = phi(p.phi, k[:, t] @ p.m.T + v[:, t] @ p.B.T) @ p.n
        k[:, t + 1] = k[:, t] + p.alpha * (-k[:, t] + drive)
        v[:, t + 1] = v[:, t] + p.alpha * (-v[:, t] + u[:, t])
    return k, v


def variance_captured(p: Parameters, x):
    """Fractions of the variance of states x [samples x N] (centred over samples) in span(m),
    span(m, B), and in the top-k principal components for k = R and R + inputs."""
    X = np.asarray(x, dtype=float).reshape(-1, p.units)
    X = X - X.mean(axis=0)
    total = np.sum(X ** 2)
    sv2 = np.linalg.svd(X, compute_uv=False) ** 2

    def in_span(basis):
        q, _ = np.linalg.qr(basis)
        return float(np.sum((X @ q) ** 2) / total)

    R, RB = p.rank, p.rank + p.B.shape[1]
    return {"span_m": in_span(p.m), "span_m_B": in_span(latent_basis(p)),
            f"top_{R}_pcs": float(sv2[:R].sum() / total), f"top_{RB}_pcs": float(sv2[:RB].sum() / total)}


def participation_ratio(x, centred: bool = True) -> float:
    """(sum lambda)^2 / sum lambda^2 of the eigenvalues lambda of the second-moment matrix of
    states x [..., N], pooled over all leading axes: the linear dimension of the activity (Gao et
    al. 2017). centred=False keeps the mean, as the paper's Fig. 2C (Beiran et al. 2023,
    Fig2BC_top.py) does: a constant offset then counts as one dimension."""
    X = np.asarray(x, dtype=float)
    X = X.reshape(-1, X.shape[-1])
    raw = np.sum(X * X)
    if centred:
        X = X - X.mean(axis=0)
    # The second-moment matrix's nonzero spectrum is that of the smaller Gram matrix.
    gram = X @ X.T if X.shape[0] <= X.shape[1] else X.T @ X
    if not np.trace(gram) > 1e-24 * raw:  # centring constant states leaves rounding, ~1e-32 of the raw power
        raise ValueError("participation ratio of states that are all zero (after centring) is undefined")
    return float(_core.analysis.participation_ratio_of_spectrum(np.linalg.eigvalsh(gram)))


def latent_flow(p: Parameters, kappa, u):
    """G(kappa) = dkappa/dt at constant input u (v = u), for kappa [..., R]."""
    k = np.asarray(kappa, dtype=float)
    return -k + phi(p.phi, k @ p.m.T + p.B @ np.asarray(u, dtype=float)) @ p.n


def latent_jacobian(p: Parameters, kappa, u):
    """dG/dkappa = -1 + n^T diag(phi'(x)) m at x = m kappa + B u."""
    x = p.m @ np.asarray(kappa, dtype=float) + p.B @ np.asarray(u, dtype=float)
    return -np.eye(p.rank) + p.n.T @ (phi_prime(p.phi, x)[:, None] * p.m)


@dataclass
class FixedPoint:
    kappa: np.ndarray
    eigenvalues: np.ndarray    # of the latent Jacobian, units 1/tau
    residual: float            # |G(kappa)|
    stable: bool = field(init=False)

    def __post_init__(self):
        self.stable = bool(np.all(self.eigenvalues.real < 0))


def _newton(G, DG, z, tol=1e-13, steps=50):
    for _ in range(steps):
        g = G(z)
        if np.linalg.norm(g) < tol:
            break
        try:
            z = z - np.linalg.solve(DG(z), g)
        except np.linalg.LinAlgError:
            break
    return z


def latent_fixed_points(p: Parameters, u, extent: float = 5.0, points: int = 9, tol: float = 1e-10,
                        starts=None) -> List[FixedPoint]:
    """All fixed points of the latent flow at constant input u found from a grid of `points`^R
    starts in [-extent, extent]^R (or `starts` [k x R]), by scipy's hybrid root finder polished with
    Newton steps; kept when |G| < tol, merged when closer than 1e-6; sorted by kappa."""
    u = np.asarray(u, dtype=float)
    G = lambda k: latent_flow(p, k, u)  # noqa: E731
    DG = lambda k: latent_jacobian(p, k, u)  # noqa: E731
    if starts is None:
        axis = np.linspace(-extent, extent, points)
        starts = np.array(list(itertools.product(axis, repeat=p.rank)))
    found: List[np.ndarray] = []
    for s in np.atleast_2d(starts):
        k = _newton(G, DG, optimize.root(G, s, jac=DG, method="hybr").x)
        if np.linalg.norm(G(k)) < tol and all(np.linalg.norm(k - f) > 1e-6 for f in found):
            found.append(k)
    found.sort(key=lambda k: tuple(np.round(k, 6)))
    return [FixedPoint(k, np.linalg.eigvals(DG(k)), float(np.linalg.norm(G(k)))) for k in found]


def flow(p: Parameters, x, u):
    """F(x) = -x + J phi(x) + B u for x [N]."""
    return -x + p.recurrent(phi(p.phi, x)) + p.B @ np.asarray(u, dtype=float)


def flow_jacobian(p: Parameters, x):
    d = phi_prime(p.phi, x)
    J = p.J if p.m is None else p.m @ p.n.T
    return -np.eye(p.units) + J * d[None, :]


def slow_points(p: Parameters, u, starts, fixed_q: float = 1e-10, gtol: float = 1e-12, maxiter: int = 2000):
    """Minima of q(x) = |F(x)|^2 / 2 from each start [k x N] by L-BFGS (Sussillo & Barak 2013).
    Returns dicts x, q, speed |F| (1/tau), fixed (q < fixed_q after Newton polishing) and the
    eigenvalues of dF/dx there."""
    u = np.asarray(u, dtype=float)

    def q_and_grad(x):  # (dF/dx)^T F = -F + phi'(x) o J^T F, without forming dF/dx
        F = flow(p, x, u)
        JtF = p.J.T @ F if p.m is None else p.n @ (p.m.T @ F)
        return 0.5 * F @ F, -F + phi_prime(p.phi, x) * JtF

    out = []
    for s in np.atleast_2d(starts):
        x = optimize.minimize(q_and_grad, s, jac=True, method="L-BFGS-B",
                              options={"gtol": gtol, "ftol": 1e-300, "maxiter": maxiter}).x
        q = q_and_grad(x)[0]
        if q < fixed_q:
            polished = _newton(lambda y: flow(p, y, u), lambda y: flow_jacobian(p, y), x)
            if q_and_grad(polished)[0] <= q:
                x, q = polished, q_and_grad(polished)[0]
        out.append({"x": x, "q": float(q), "speed": float(np.sqrt(2 * q)), "fixed": bool(q < fixed_q),
                    "eigenvalues": np.linalg.eigvals(flow_jacobian(p, x))})
    return out


def saddle_node_input(g: float) -> float:
    """Input h at which kappa = g tanh(kappa + h) loses two of its three roots (g > 1):
    h_c = sqrt(g (g - 1)) - artanh(sqrt(1 - 1/g)) (tangency g sech^2 = 1)."""
    return float(np.sqrt(g * (g - 1)) - np.arctanh(np.sqrt(1 - 1 / g)))


def context_sweep(p: Parameters, u_base, index: int, amplitudes, **fixed_point_options):
    """Fixed points of the latent flow for u = u_base with input `index` set to each amplitude
    (the contextual cue): a list of (amplitude, [FixedPoint])."""
    out = []
    for a in amplitudes:
        u = np.array(u_base, dtype=float)
        u[index] = a
        out.append((float(a), latent_fixed_points(p, u, **fixed_point_options)))
    return out


def latent_speed(p: Parameters, kappa, u):
    """|dkappa/dt| (1/tau) at kappa [..., R] and input coordinates u [inputs] or [..., inputs] (on a
    trajectory pass its projected v, the low-pass filtered input; at a constant input v = u)."""
    k = np.asarray(kappa, dtype=float)
    u = np.asarray(u, dtype=float)
    drive = phi(p.phi, k @ p.m.T + u @ p.B.T) @ p.n
    return np.linalg.norm(-k + drive, axis=-1)
