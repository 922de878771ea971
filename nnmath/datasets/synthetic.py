"""Synthetic data sets: a sampled function, sine, XOR, two moons, spirals.

Generators return ``X`` of shape (N, D) and targets of shape (N, 1)
(regression) or integer labels of shape (N,) (classification). All
randomness flows through ``rng``.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .._validation import (check_bool, check_callable, check_nonnegative,
                           check_positive_int, check_real, check_rng)

__all__ = ["sample_function", "make_sine", "make_xor", "make_moons",
           "make_spiral"]


def sample_function(f: Callable[[np.ndarray], np.ndarray], n: int = 100, *,
                    low: float, high: float, noise: float = 0.0,
                    random: bool = False,
                    rng=None) -> tuple[np.ndarray, np.ndarray]:
    """Samples of y = f(x) + noise at n points of [low, high].

    Parameters
    ----------
    f : callable
        A vectorised function: maps x of shape (n,) to f(x) of shape (n,).
    n : int
        Number of points.
    low, high : float
        The interval.
    noise : float
        Standard deviation of the Gaussian noise added to each y.
    random : bool
        Draw x uniformly at random (then sorted) instead of an evenly
        spaced grid with both endpoints.
    rng : None, int or numpy.random.Generator
        Draws the random x and the noise.

    Returns
    -------
    X : ndarray, shape (n, 1), sorted
    y : ndarray, shape (n, 1)
    """
    check_callable(f, "f")
    n = check_positive_int(n, "n")
    low, high = check_real(low, "low"), check_real(high, "high")
    if not low < high:
        raise ValueError(f"need low < high, got low={low}, high={high}")
    noise = check_nonnegative(noise, "noise")
    random = check_bool(random, "random")
    rng = check_rng(rng)
    if random:
        x = np.sort(rng.uniform(low, high, n))
    else:
        x = np.linspace(low, high, n)
    y = np.asarray(f(x), dtype=np.float64)
    if y.shape != x.shape:
        raise ValueError(f"f must map an array of shape {x.shape} to the "
                         f"same shape, got {y.shape}")
    if noise > 0:
        y = y + noise * rng.standard_normal(n)
    return x.reshape(-1, 1), y.reshape(-1, 1)


def make_sine(n: int = 100, *, low: float = -2 * np.pi,
              high: float = 2 * np.pi, noise: float = 0.0,
              random: bool = False,
              rng=None) -> tuple[np.ndarray, np.ndarray]:
    """Samples of y = sin(x) (+ noise) on [low, high], default [-2 pi, 2 pi].

    See ``sample_function`` for the arguments.

    Returns
    -------
    X : ndarray, shape (n, 1)
    y : ndarray, shape (n, 1)
    """
    return sample_function(np.sin, n, low=low, high=high, noise=noise,
                           random=random, rng=rng)


def make_xor(n_per_corner: int = 1, *, noise: float = 0.0,
             rng=None) -> tuple[np.ndarray, np.ndarray]:
    """The XOR problem: corners (0,0), (0,1), (1,0), (1,1), labels 0, 1, 1, 0.

    With ``n_per_corner > 1`` and ``noise > 0`` each corner becomes a
    Gaussian cloud of standard deviation ``noise``.

    Returns
    -------
    X : ndarray, shape (4 n_per_corner, 2)
    y : ndarray of int64, shape (4 n_per_corner,)
    """
    n_per_corner = check_positive_int(n_per_corner, "n_per_corner")
    noise = check_nonnegative(noise, "noise")
    rng = check_rng(rng)
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    X = np.repeat(corners, n_per_corner, axis=0)
    y = np.repeat(np.array([0, 1, 1, 0], dtype=np.int64), n_per_corner)
    if noise > 0:
        X = X + noise * rng.standard_normal(X.shape)
    return X, y


def make_moons(n: int = 200, *, noise: float = 0.1,
               rng=None) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles: a classic problem no line separates.

    Class 0 is the upper half of the unit circle, class 1 the lower half
    of the unit circle centred at (1, 0.5); ``noise`` is the standard
    deviation of the Gaussian noise added to both coordinates.

    Returns
    -------
    X : ndarray, shape (n, 2), rows in random order
    y : ndarray of int64, shape (n,)
    """
    n = check_positive_int(n, "n")
    noise = check_nonnegative(noise, "noise")
    rng = check_rng(rng)
    n0 = n // 2
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n - n0)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.concatenate([upper, lower])
    y = np.concatenate([np.zeros(n0, dtype=np.int64),
                        np.ones(n - n0, dtype=np.int64)])
    if noise > 0:
        X = X + noise * rng.standard_normal(X.shape)
    order = rng.permutation(n)
    return X[order], y[order]


def make_spiral(n_per_class: int = 100, n_classes: int = 3, *,
                noise: float = 0.2,
                rng=None) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class (as in Stanford's CS231n).

    Along arm k the radius grows from 0 to 1 while the angle sweeps
    [4k, 4k + 4] radians; ``noise`` is the standard deviation of the
    Gaussian noise added to each angle.

    Returns
    -------
    X : ndarray, shape (n_per_class * n_classes, 2)
    y : ndarray of int64, shape (n_per_class * n_classes,)
    """
    n_per_class = check_positive_int(n_per_class, "n_per_class")
    n_classes = check_positive_int(n_classes, "n_classes")
    noise = check_nonnegative(noise, "noise")
    rng = check_rng(rng)
    k = np.repeat(np.arange(n_classes), n_per_class)
    radius = np.tile(np.linspace(0.0, 1.0, n_per_class), n_classes)
    sweep = np.tile(np.linspace(0.0, 4.0, n_per_class), n_classes)
    theta = sweep + 4.0 * k + noise * rng.standard_normal(k.size)
    X = np.column_stack([radius * np.sin(theta), radius * np.cos(theta)])
    return X, k.astype(np.int64)
