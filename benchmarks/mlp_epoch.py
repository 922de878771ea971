"""One training epoch of an MNIST-sized MLP: nnmath against its floor, a
hand-written NumPy loop, scikit-learn and PyTorch.

The workload: a 784-256-128-10 ReLU MLP, softmax cross-entropy, SGD with
momentum 0.9, batches of 128, one shuffled pass over 60,000 MNIST-shaped
rows (random pixels in [0, 1] and random labels: the cost of an epoch does
not depend on the values). Contenders:

- ``nnmath``: ``Sequential`` + ``fit`` (the model's dtype);
- ``floor``: a loop doing only the matrix products the same epoch needs
  (3 forward; 3 weight gradients; 2 input gradients, since the first
  layer's input gradient is never used), with nothing else: no activation,
  loss, update, shuffling or checks. No NumPy MLP can beat it;
- ``hand``: the same maths as nnmath written as one flat loop, the way an
  expert would write it for speed: preallocated buffers, products and
  masks written in place (``out=``), the same shuffled gather, the same
  stable softmax cross-entropy and the same momentum update. It is the
  practical limit for pure NumPy; its first steps are checked against
  nnmath's before anything is timed;
- ``sklearn``: ``MLPClassifier`` (solver "sgd", same sizes, rate, momentum,
  batch, one epoch);
- ``torch``: the same network in PyTorch on the CPU, if ``torch`` is
  installed.

Every round times each contender once, in a rotating order and each in a
fresh process (the median of a few epochs after a warm-up), so drift in
the machine's speed hits all of them alike and no contender disturbs the
next; the script prints each median, its ratio to nnmath's median, and
the median of the per-round ratios.
Targets (float32): nnmath within 1.10x of the hand loop (median paired
ratio) and faster than scikit-learn and PyTorch.

``--breakdown`` also times nnmath's epoch piece by piece (batching, forward, loss, backward,
optimiser step), which shows where the time above the floor goes.

Run:  python benchmarks/mlp_epoch.py [--repeats 7] [--epochs 3]
      [--rows 60000] [--dtype float32] [--breakdown] [--skip sklearn torch]

On machines that set OPENBLAS_CORETYPE (this project's sandbox does, for
old OpenBLAS builds), unset it and OPENBLAS_L2_SIZE for the run, or NumPy
uses a slower kernel than PyTorch does.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import warnings
from typing import Callable

import numpy as np

import nnmath as nm
from nnmath.layers import Dense, ReLU, Sequential

SIZES = (784, 256, 128, 10)
BATCH, LR, MOMENTUM = 128, 0.01, 0.9


def make_data(rows: int, dtype, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.random((rows, SIZES[0]), dtype=np.float32).astype(dtype, copy=False)
    y = rng.integers(0, SIZES[-1], size=rows)
    return X, y


def make_model(dtype) -> tuple[Sequential, nm.SGD, np.random.Generator]:
    d_in, h1, h2, d_out = SIZES
    model = Sequential(Dense(d_in, h1, init=nm.initializers.he_uniform, rng=1, dtype=dtype), ReLU(),
                       Dense(h1, h2, init=nm.initializers.he_uniform, rng=2, dtype=dtype), ReLU(),
                       Dense(h2, d_out, rng=3, dtype=dtype))
    return model, nm.SGD(model.parameters(), lr=LR, momentum=MOMENTUM), np.random.default_rng(4)


def setup_nnmath(X, y, dtype) -> Callable[[], object]:
    model, opt, rng = make_model(dtype)
    return lambda: nm.fit(model, nm.losses.softmax_cross_entropy, opt, X, y, epochs=1, batch_size=BATCH,
                          rng=rng)


def breakdown(X, y, dtype, repeats: int) -> dict[str, float]:
    """Seconds per epoch spent in each piece of nnmath's training step (the fastest of ``repeats``)."""
    model, opt, rng = make_model(dtype)
    best: dict[str, float] = {}
    for _ in range(repeats):
        spent = dict.fromkeys(("batching", "forward", "loss", "backward", "optimiser"), 0.0)
        clock = time.perf_counter
        t0 = clock()
        for Xb, yb in nm.minibatches(X, y, BATCH, rng=rng):
            t1 = clock()
            out = model.forward(Xb, training=True)
            t2 = clock()
            _, dout = nm.losses.softmax_cross_entropy(out, yb)
            t3 = clock()
            model.backward(dout, need_dx=False)
            t4 = clock()
            opt.step()
            t5 = clock()
            for key, dt in zip(spent, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
                spent[key] += dt
            t0 = clock()
        if not best or sum(spent.values()) < sum(best.values()):
            best = spent
    return best


def setup_floor(X, y, dtype) -> Callable[[], object]:
    rng = np.random.default_rng(5)
    W1, W2, W3 = (rng.normal(0.0, np.sqrt(2.0 / m), size=(m, n)).astype(dtype)
                  for m, n in zip(SIZES[:-1], SIZES[1:]))

    def epoch():
        for start in range(0, X.shape[0], BATCH):
            x = X[start:start + BATCH]
            a1 = x @ W1
            a2 = a1 @ W2
            d3 = a2 @ W3  # stands in for dL/dlogits: same shape, same cost downstream
            dW3 = a2.T @ d3
            d2 = d3 @ W3.T
            dW2 = a1.T @ d2
            d1 = d2 @ W2.T
            dW1 = x.T @ d1
        return dW1, dW2, dW3

    return epoch


def setup_hand(X, y, dtype) -> Callable[[], object]:
    """nnmath's epoch written by hand for speed (see the module docstring).

    Returns an epoch function; ``epoch(steps)`` runs only the first
    ``steps`` batches and returns the weights, for the agreement check.
    """
    model, _, rng = make_model(dtype)  # the same initial weights as nnmath
    Ws = [layer.W.value.copy() for layer in model.layers[::2]]
    bs = [layer.b.value.copy() for layer in model.layers[::2]]
    vWs = [np.zeros_like(W) for W in Ws]
    vbs = [np.zeros_like(b) for b in bs]
    d_in, h1, h2, d_out = SIZES
    n = X.shape[0]
    # Buffers for a full batch; the last, smaller batch allocates.
    full = {k: np.empty((BATCH, w), dtype) for k, w in
            (("x", d_in), ("a1", h1), ("a2", h2), ("z3", d_out),
             ("d2", h2), ("d1", h1))}
    dWs = [np.empty_like(W) for W in Ws]
    tmp = [np.empty_like(W) for W in Ws]
    rows_full = np.arange(BATCH)
    lr, mu = dtype.type(LR), dtype.type(MOMENTUM)

    def epoch(steps: int | None = None):
        order = rng.permutation(n)
        W1, W2, W3 = Ws
        for k, start in enumerate(range(0, n, BATCH)):
            if steps is not None and k == steps:
                break
            idx = order[start:start + BATCH]
            m = idx.size
            if m == BATCH:
                buf = full
                x = np.take(X, idx, axis=0, out=buf["x"])
                rows = rows_full
            else:
                buf = {key: np.empty((m,) + a.shape[1:], dtype)
                       for key, a in full.items()}
                x = X[idx]
                rows = np.arange(m)
            yb = y[idx]
            a1 = np.matmul(x, W1, out=buf["a1"])
            a1 += bs[0]
            np.maximum(a1, 0, out=a1)
            a2 = np.matmul(a1, W2, out=buf["a2"])
            a2 += bs[1]
            np.maximum(a2, 0, out=a2)
            z = np.matmul(a2, W3, out=buf["z3"])
            z += bs[2]
            # Stable softmax cross-entropy; z becomes dL/dz in place.
            z -= z.max(axis=1, keepdims=True)
            lse = np.log(np.exp(z).sum(axis=1, keepdims=True))
            loss = float(np.sum(lse[:, 0] - z[rows, yb]) / m)
            z -= lse
            np.exp(z, out=z)
            z[rows, yb] -= 1
            z /= m
            np.matmul(a2.T, z, out=dWs[2])
            db3 = z.sum(axis=0)
            d2 = np.matmul(z, W3.T, out=buf["d2"])
            d2 *= a2 > 0
            np.matmul(a1.T, d2, out=dWs[1])
            db2 = d2.sum(axis=0)
            d1 = np.matmul(d2, W2.T, out=buf["d1"])
            d1 *= a1 > 0
            np.matmul(x.T, d1, out=dWs[0])
            db1 = d1.sum(axis=0)
            for W, dW, v, t in zip(Ws, dWs, vWs, tmp):
                v *= mu
                v += dW
                np.multiply(v, lr, out=t)
                W -= t
            for b, db, v in zip(bs, (db1, db2, db3), vbs):
                v *= mu
                v += db
                b -= lr * v
        return loss, Ws, bs

    return epoch


def check_agreement(X, y, dtype, steps: int = 5) -> None:
    """nnmath and the hand loop must compute the same thing before the
    timings mean anything: compare the weights after a few steps."""
    rows = steps * BATCH
    model, opt, rng = make_model(dtype)
    # The hand loop's first batches are these rows, in this order.
    order = rng.permutation(X.shape[0])[:rows]
    nm.fit(model, nm.losses.softmax_cross_entropy, opt, X[order], y[order],
           epochs=1, batch_size=BATCH, shuffle=False)
    _, Ws, bs = setup_hand(X, y, dtype)(steps)
    tol = 1e-4 if dtype == np.float32 else 1e-10
    for layer, W, b in zip(model.layers[::2], Ws, bs):
        scale = float(np.abs(W).max())
        err = float(np.abs(layer.W.value - W).max()) / scale
        if err > tol or not np.allclose(layer.b.value, b, atol=tol):
            raise SystemExit(f"nnmath and the hand loop disagree after "
                             f"{steps} steps (relative error {err:.2g})")


def setup_sklearn(X, y, dtype) -> Callable[[], object] | None:
    try:
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier
    except ImportError:
        return None

    def epoch():
        clf = MLPClassifier(hidden_layer_sizes=SIZES[1:-1], activation="relu", solver="sgd",
                            learning_rate_init=LR, momentum=MOMENTUM, nesterovs_momentum=False,
                            batch_size=BATCH, max_iter=1, alpha=0.0, shuffle=True, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # one epoch is the point
            return clf.fit(X, y)

    return epoch


def setup_torch(X, y, dtype) -> Callable[[], object] | None:
    try:
        import torch
    except ImportError:
        return None
    torch.manual_seed(0)
    layers: list = []
    for m, n in zip(SIZES[:-1], SIZES[1:]):
        layers += [torch.nn.Linear(m, n), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1]).to(torch.float32 if dtype == np.float32 else torch.float64)
    opt = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    gen = torch.Generator().manual_seed(0)

    def epoch():
        order = torch.randperm(Xt.shape[0], generator=gen)
        for start in range(0, Xt.shape[0], BATCH):
            idx = order[start:start + BATCH]
            opt.zero_grad(set_to_none=True)
            loss = torch.nn.functional.cross_entropy(model(Xt[idx]), yt[idx])
            loss.backward()
            opt.step()
        return loss

    return epoch


SETUPS = {"nnmath": setup_nnmath, "floor": setup_floor, "hand": setup_hand,
          "sklearn": setup_sklearn, "torch": setup_torch}


def worker(name: str, rows: int, dtype, epochs: int) -> None:
    """Time ``epochs`` epochs of one contender in this (fresh) process and
    print their median in seconds, or "skipped"."""
    X, y = make_data(rows, dtype)
    setup = SETUPS[name]
    run = setup(X, y, dtype)
    if run is None:
        print("skipped")
        return
    run()  # warm-up: imports, thread start, first allocations
    seconds = []
    for _ in range(epochs):
        run = setup(X, y, dtype)  # fresh weights, untimed
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    print(statistics.median(seconds))


def time_in_fresh_process(name: str, args) -> float | None:
    cmd = [sys.executable, __file__, "--worker", name, "--rows",
           str(args.rows), "--dtype", args.dtype, "--epochs",
           str(args.epochs)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    last = out.stdout.strip().splitlines()[-1]
    return None if last == "skipped" else float(last)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--epochs", type=int, default=3,
                        help="epochs timed per process (their median)")
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--dtype", choices=["float32", "float64"],
                        default="float32")
    parser.add_argument("--skip", nargs="*", default=[],
                        help="contenders to leave out")
    parser.add_argument("--breakdown", action="store_true",
                        help="time the pieces of nnmath's step")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    dtype = np.dtype(args.dtype)
    if args.worker:
        worker(args.worker, args.rows, dtype, args.epochs)
        return
    X, y = make_data(args.rows, dtype)
    check_agreement(X, y, dtype)
    # Every timing runs in a fresh process: in one shared process the
    # contenders disturb each other (scikit-learn's allocations slowed
    # nnmath's next epochs by about 10%, PyTorch's worker threads keep
    # spinning after their work), and NumPy code that allocates per step
    # suffers more than a loop with preallocated buffers.
    names = [name for name in SETUPS if name not in args.skip]
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(args.repeats):
        for name in names[r % len(names):] + names[:r % len(names)]:
            seconds = time_in_fresh_process(name, args)
            if seconds is not None:
                times[name].append(seconds)
    for name in names:
        if not times[name]:
            print(f"{name}: skipped (not installed)")
    names = [name for name in names if times[name]]
    base = times["nnmath"]
    print(f"\none epoch, {args.rows} rows, {'-'.join(map(str, SIZES))} ReLU "
          f"MLP, batch {BATCH}, SGD momentum {MOMENTUM}, {args.dtype}, "
          f"{args.repeats} interleaved rounds of fresh processes "
          f"(median of {args.epochs} epochs each)\n")
    print(f"{'contender':<10}{'median s':>10}{'ratio of medians':>19}"
          f"{'median paired ratio':>22}")
    for name in names:
        paired = statistics.median(t / b for t, b in zip(times[name], base))
        ratio = statistics.median(times[name]) / statistics.median(base)
        print(f"{name:<10}{statistics.median(times[name]):>10.3f}"
              f"{ratio:>19.2f}{paired:>22.2f}")
    print("\nratios are contender / nnmath: the hand loop's should be >= "
          "1/1.10 = 0.91, sklearn's and torch's > 1")
    if args.breakdown:
        floor = (statistics.median(times["floor"]) if "floor" in times
                 else float("nan"))
        parts = breakdown(X, y, dtype, args.repeats)
        print("\nnnmath's epoch piece by piece (fastest of the rounds), "
              "against the floor:")
        for key, seconds in parts.items():
            print(f"  {key:<10}{seconds:>8.3f} s  "
                  f"({seconds / floor:.2f} x the floor)")
        total = sum(parts.values())
        print(f"  {'total':<10}{total:>8.3f} s  "
              f"({total / floor:.2f} x the floor)")


if __name__ == "__main__":
    main()
