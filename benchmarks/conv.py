"""Forward + backward of a 3x3 Conv2D on MNIST-shaped batches: nnmath
against its own matrix products alone (the im2col floor) and PyTorch.

The workload: one ``Conv2D(c_in -> c_out, 3x3, padding=1)`` on a batch of
N = 128 images of 28x28 (layout (N, C, H, W)), forward then backward, for
two layers of a small CNN: 1 -> 16 channels, as a first layer (whose dx
nothing uses: ``need_dx=False``) and also with dx, and 16 -> 32 with dx
(a second layer, kept at 28x28 to be the heavier case). The values are
random: the cost does not depend on them. Contenders:

- ``nnmath``: ``layer.forward(x)`` then ``layer.backward(dy)``;
- ``floor``: only the three matrix products of im2col, on columns built
  once beforehand: y_n = W_mat X_n, dW = sum_n dy_n X_n^T and (when dx
  is wanted) dX_n = W_mat^T dy_n, the same NumPy calls nnmath makes.
  What is left between nnmath and the floor is building the columns
  (im2col), adding them back (col2im), the padding and the bias;
- ``torch``: ``torch.nn.functional.conv2d`` forward and ``.backward(dy)``
  on the CPU, one thread, if ``torch`` is installed.

Every round times each contender once, in a rotating order (each the
fastest of ``--inner`` calls after a warm-up: at a few milliseconds a
call, the minimum is the time least disturbed by other processes), so
drift in the machine's speed hits them alike; the script prints each
contender's median over the rounds and the median of the per-round
ratios to nnmath. Before timing, nnmath's y, dx, dW and db are checked
against PyTorch's.

``--choices`` also times the design choices the layers' comments cite:
the im2col layout (per image (c_in*kh*kw, Ho*Wo) columns, against the
(N*Ho*Wo, c_in*kh*kw) rows of one big product), col2im (the layer's
dX_n = W_mat^T dy_n then a loop over the kh*kw kernel offsets, against
``np.add.at`` on precomputed flat indices, and against a product per
kernel offset that never holds the whole dX_n), and MaxPool2D's forward
(a loop over the window offsets, against ``np.argmax`` over a copy of the
windows), on the ReLU of the layer's input (ties at 0 included).

Target: nnmath at most 2x its floor.

Measured (2-core sandbox, float32, medians of 9 rounds, several runs):
16 -> 32 meets it, 1.75-1.85x. For 1 -> 16 the products have only 9
terms per output, so everything else costs about as much as they do.
Folding the bias into the products (a row of ones under X_n, giving db
too) took 1 -> 16 from 2.3-3.1x to 1.6-2.05x (median of 7 runs 1.9x)
without dx and from 2.7-3.7x to 1.9-2.55x (median 2.25x) with dx. The
bias add y += b (0.23 ms) and np.sum for db (0.25 ms) had each cost more
than the product y itself. What remains, per call for 1 -> 16 (fastest of
20): products y 0.18 ms, [dW db] 0.23 ms, dX 0.18 ms (the floor's
0.5-0.7 ms); im2col 0.18 ms, np.pad 0.04 ms, and for dx col2im 0.50 ms
(zeros, then 9 strided adds of 28-element rows), which np.add.at and a
product per kernel offset did not beat (``--choices``). So the 2x target
is about met without dx, the case of a first layer, and not with dx:
col2im alone costs more than its product and we found no plain NumPy
way to cut it.

On a quiet machine (load 0.6, one run each, 2026-12-02), NumPy's best
kernel (OPENBLAS_CORETYPE unset): 1 -> 16 without dx 1.81x, with dx 2.03x,
16 -> 32 1.75x its floor; PyTorch 2.13.0 CPU takes 0.91x, 0.47x and 2.83x
nnmath's time. With the sandbox's OPENBLAS_CORETYPE=Haswell: 1.55x, 1.64x
and 1.52x (a slower floor); PyTorch 1.06x, 0.76x and 3.00x.

Run:  OPENBLAS_NUM_THREADS=1 python benchmarks/conv.py [--rounds 9]
      [--inner 5] [--dtype float32] [--choices] [--skip-torch]

Single thread throughout: the script sets OPENBLAS_NUM_THREADS and
OMP_NUM_THREADS to 1 (if unset) before NumPy loads, and calls
``torch.set_num_threads(1)``. On machines that set OPENBLAS_CORETYPE
(this project's sandbox does), unset it and OPENBLAS_L2_SIZE for the run,
or NumPy uses a slower kernel than PyTorch does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Callable

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from numpy.lib.stride_tricks import sliding_window_view  # noqa: E402

from nnmath.layers import Conv2D, MaxPool2D  # noqa: E402

N, H, W, K, PAD = 128, 28, 28, 3, 1
LAYERS = ((1, 16), (16, 32))
# (c_in, c_out, need_dx) of each case timed
CASES = ((1, 16, False), (1, 16, True), (16, 32, True))


def best_time(fn: Callable[[], object], inner: int) -> float:
    """Seconds of the fastest of ``inner`` calls of ``fn``."""
    times = []
    for _ in range(inner):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def race(steps: dict[str, Callable[[], object]], rounds: int,
         inner: int) -> dict[str, list[float]]:
    """Each round times every step once (fastest of ``inner`` calls), in an
    order that rotates from round to round; returns the times per step."""
    names = list(steps)
    for fn in steps.values():
        fn()  # warm-up
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            times[name].append(best_time(steps[name], inner))
    return times


def report(times: dict[str, list[float]], base: str) -> None:
    """Each step's median time and the median per-round ratio base/step."""
    for name, ts in times.items():
        ratios = [a / b for a, b in zip(times[base], ts)]
        print(f"  {name:18s} {1e3 * statistics.median(ts):8.2f} ms   "
              f"{base} / this: {statistics.median(ratios):.2f}x")


def make_case(c_in: int, c_out: int, dtype):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, c_in, H, W)).astype(dtype)
    dy = rng.standard_normal((N, c_out, H, W)).astype(dtype)
    layer = Conv2D(c_in, c_out, K, padding=PAD, rng=1, dtype=dtype)
    return layer, x, dy


def setup_nnmath(layer, x, dy, need_dx) -> Callable[[], object]:
    def step():
        layer.forward(x)
        return layer.backward(dy, need_dx=need_dx)
    return step


def setup_floor(layer, x, dy, need_dx) -> Callable[[], object]:
    layer.forward(x)
    # X_n, built once, outside the clock, without the layer's row of ones
    cols = layer._cols[:, :-1].copy()
    W_mat = layer.W.value.reshape(layer.c_out, -1)
    dy3 = dy.reshape(N, layer.c_out, -1)

    def step():
        y = W_mat @ cols
        dW = np.matmul(dy3, cols.transpose(0, 2, 1)).sum(axis=0)
        if need_dx:
            return y, dW, W_mat.T @ dy3
        return y, dW
    return step


def setup_torch(layer, x, dy, need_dx) -> Callable[[], object]:
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(1)
    xt = torch.from_numpy(x.copy()).requires_grad_(need_dx)
    wt = torch.from_numpy(layer.W.value.copy()).requires_grad_(True)
    bt = torch.from_numpy(layer.b.value.copy()).requires_grad_(True)
    dyt = torch.from_numpy(dy.copy())

    def step():
        xt.grad = wt.grad = bt.grad = None
        y = F.conv2d(xt, wt, bt, stride=1, padding=PAD)
        y.backward(dyt)
        return wt.grad
    return step


def check_against_torch(layer, x, dy) -> None:
    import torch
    import torch.nn.functional as F
    xt = torch.from_numpy(x.astype(np.float64)).requires_grad_(True)
    wt = torch.from_numpy(layer.W.value.astype(np.float64))
    wt.requires_grad_(True)
    bt = torch.from_numpy(layer.b.value.astype(np.float64))
    bt.requires_grad_(True)
    y_t = F.conv2d(xt, wt, bt, padding=PAD)
    y_t.backward(torch.from_numpy(dy.astype(np.float64)))
    y = layer.forward(x)
    dx = layer.backward(dy)
    tol = 1e-3 if x.dtype == np.float32 else 1e-10
    for name, ours, theirs in (("y", y, y_t), ("dx", dx, xt.grad),
                               ("dW", layer.W.grad, wt.grad),
                               ("db", layer.b.grad, bt.grad)):
        theirs = theirs.detach().numpy()
        err = np.max(np.abs(ours - theirs)) / np.max(np.abs(theirs))
        if not err < tol:
            raise SystemExit(f"{name} differs from PyTorch's: relative "
                             f"error {err:.2e}")


def choices(dtype, rounds: int, inner: int) -> None:
    """Time the im2col layout and col2im of Conv2D, and MaxPool2D's
    forward (on the c_in channels), against the alternatives."""
    rng = np.random.default_rng(0)
    for c_in, c_out in LAYERS:
        x = rng.standard_normal((N, c_in, H, W)).astype(dtype)
        xp = np.pad(x, ((0, 0), (0, 0), (PAD, PAD), (PAD, PAD)))
        win = sliding_window_view(xp, (K, K), axis=(2, 3))

        def per_image():
            return win.transpose(0, 1, 4, 5, 2, 3).reshape(
                N, c_in * K * K, H * W)

        def big_rows():
            return win.transpose(0, 2, 3, 1, 4, 5).reshape(
                N * H * W, c_in * K * K)

        W4 = rng.standard_normal((c_out, c_in, K, K)).astype(dtype)
        W_mat = W4.reshape(c_out, -1)
        dy = rng.standard_normal((N, c_out, H * W)).astype(dtype)
        hp, wp = H + 2 * PAD, W + 2 * PAD

        def dcols_then_offsets():  # what Conv2D.backward does
            dcols = (W_mat.T @ dy).reshape(N, c_in, K, K, H, W)
            dxp = np.zeros((N, c_in, hp, wp), dtype)
            for i in range(K):
                for j in range(K):
                    dxp[:, :, i:i + H, j:j + W] += dcols[:, :, i, j]
            return dxp

        def per_offset():
            W_t = np.ascontiguousarray(W4.transpose(2, 3, 1, 0))
            dxp = np.zeros((N, c_in, hp, wp), dtype)
            for i in range(K):
                for j in range(K):
                    part = (W_t[i, j] @ dy).reshape(N, c_in, H, W)
                    dxp[:, :, i:i + H, j:j + W] += part
            return dxp

        # Flat index into dxp of every entry of dX, built once, outside
        # the clock (add.at's best case: a layer would cache it by shape).
        n_, c_, i_, j_, u_, v_ = np.indices((N, c_in, K, K, H, W),
                                            sparse=True)
        flat = ((n_ * c_in + c_) * hp + (u_ + i_)) * wp + (v_ + j_)
        flat = np.broadcast_to(flat, (N, c_in, K, K, H, W)).ravel()

        def dcols_then_add_at():
            dcols = W_mat.T @ dy
            dxp = np.zeros(N * c_in * hp * wp, dtype)
            np.add.at(dxp, flat, dcols.ravel())
            return dxp.reshape(N, c_in, hp, wp)

        relu = np.maximum(x, 0)

        def pool_offsets():  # what MaxPool2D.forward does
            return nn_pool.forward(relu)

        def pool_argmax():
            win = sliding_window_view(relu, (2, 2), axis=(2, 3))
            win = win[:, :, ::2, ::2].reshape(N, c_in, H // 2, W // 2, 4)
            arg = np.argmax(win, axis=-1)
            return np.take_along_axis(win, arg[..., None], axis=-1)[..., 0]

        nn_pool = MaxPool2D(2)
        assert np.array_equal(pool_offsets(), pool_argmax())
        ref = dcols_then_offsets()
        tol = 1e-3 * np.max(np.abs(ref))
        assert np.allclose(per_offset(), ref, atol=tol)
        assert np.allclose(dcols_then_add_at(), ref, atol=tol)
        print(f"\nchoices, {c_in} -> {c_out} channels (base = the one "
              "the layers use):")
        report(race({"im2col per image": per_image,
                     "im2col big rows": big_rows}, rounds, inner),
               "im2col per image")
        report(race({"dx: dX, offsets": dcols_then_offsets,
                     "dx: dX, add.at": dcols_then_add_at,
                     "dx per offset": per_offset}, rounds, inner),
               "dx: dX, offsets")
        report(race({"maxpool offsets": pool_offsets,
                     "maxpool argmax": pool_argmax}, rounds, inner),
               "maxpool offsets")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--inner", type=int, default=5)
    parser.add_argument("--dtype", default="float32",
                        choices=["float32", "float64"])
    parser.add_argument("--choices", action="store_true")
    parser.add_argument("--skip-torch", action="store_true")
    args = parser.parse_args()
    dtype = np.dtype(args.dtype)
    try:
        if args.skip_torch:
            raise ImportError
        import torch  # noqa: F401
        have_torch = True
    except ImportError:
        have_torch = False
    print(f"N={N}, {H}x{W}, 3x3 kernel, padding {PAD}, {dtype}, "
          f"{args.rounds} rounds x {args.inner} calls, one thread"
          + ("" if have_torch else "; torch not installed"))
    for c_in, c_out, need_dx in CASES:
        layer, x, dy = make_case(c_in, c_out, dtype)
        if have_torch:
            check_against_torch(layer, x, dy)
        steps = {"nnmath": setup_nnmath(layer, x, dy, need_dx),
                 "floor": setup_floor(layer, x, dy, need_dx)}
        if have_torch:
            steps["torch"] = setup_torch(layer, x, dy, need_dx)
        times = race(steps, args.rounds, args.inner)
        print(f"\nConv2D({c_in} -> {c_out}, 3x3, padding=1), "
              "forward + backward, "
              + ("with dx:" if need_dx else "need_dx=False:"))
        report(times, "nnmath")
    if args.choices:
        choices(dtype, args.rounds, args.inner)


if __name__ == "__main__":
    main()
