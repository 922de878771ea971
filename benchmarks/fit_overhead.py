"""How much does nnmath's abstraction cost on a tiny network?

The seed's sin(x) design: a 1-30-1 tanh network, 100 points, 8,000 full-batch gradient-descent
steps with a step schedule. We time ``Sequential`` + ``fit`` against a hand-written NumPy loop doing
the same maths, interleaving the two so that drift in the machine's speed hits both equally, and
print the median of each and the median of the paired ratios (target: at most 1.3).

Run:  python benchmarks/fit_overhead.py [--repeats 9] [--epochs 8000]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import nnmath as nm
from nnmath import datasets, losses, schedules
from nnmath.layers import Dense, Sequential, Tanh


def schedule():
    return schedules.piecewise_constant([3000, 6000], [0.02, 0.01, 0.002])


def make_model(seed: int) -> Sequential:
    return Sequential(Dense(1, 30, rng=seed), Tanh(), Dense(30, 1, rng=seed + 1))


def run_nnmath(X, y, epochs: int, seed: int) -> float:
    model = make_model(seed)
    history = nm.fit(model, losses.mse, nm.SGD(model.parameters(), lr=schedule()), X, y, epochs=epochs)
    return history.loss[-1]


def run_by_hand(X, y, epochs: int, seed: int) -> float:
    """The same network, initialisation, loss and updates, written as one flat loop."""
    start = make_model(seed)
    W1, b1 = start[0].W.value.copy(), start[0].b.value.copy()
    W2, b2 = start[2].W.value.copy(), start[2].b.value.copy()
    lr_at = schedule()
    n = y.size
    for t in range(epochs):
        h = np.tanh(X @ W1 + b1)
        err = h @ W2 + b2 - y
        loss = float(np.dot(err.ravel(), err.ravel()) / n)
        dout = err * (2.0 / n)
        dW2 = h.T @ dout
        db2 = dout.sum(axis=0)
        dz = (dout @ W2.T) * (1.0 - h * h)
        dW1 = X.T @ dz
        db1 = dz.sum(axis=0)
        lr = lr_at(t)
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2
    return loss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--epochs", type=int, default=8000)
    args = parser.parse_args()
    X, y = datasets.make_sine(100)

    # Same maths, same numbers: the last losses must agree before the timings mean anything.
    a, b = run_nnmath(X, y, 50, seed=0), run_by_hand(X, y, 50, seed=0)
    if not np.isclose(a, b, rtol=1e-12, atol=0.0):
        raise SystemExit(f"the two loops disagree: nnmath {a!r} vs by hand {b!r}")

    times = {"nnmath": [], "by hand": []}
    for r in range(args.repeats):
        for name, fn in (("nnmath", run_nnmath), ("by hand", run_by_hand)):
            t0 = time.perf_counter()
            fn(X, y, args.epochs, seed=r)
            times[name].append(time.perf_counter() - t0)
    for name, ts in times.items():
        m = float(np.median(ts))
        print(f"{name:>8}: median {m * 1e3:8.1f} ms for {args.epochs} steps ({m / args.epochs * 1e6:.1f} us/step)")
    # Each pair ran back to back, so its ratio is the least affected by drift in the machine's speed.
    ratios = np.array(times["nnmath"]) / np.array(times["by hand"])
    print(f"ratio nnmath / by hand: median {np.median(ratios):.2f} over {args.repeats} interleaved pairs "
          f"(range {ratios.min():.2f} to {ratios.max():.2f}; target <= 1.3)")


if __name__ == "__main__":
    main()
