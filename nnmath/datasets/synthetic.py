"""Synthetic data sets: a sampled function, sine, XOR, two moons, spirals.

Generators return ``X`` of shape (N, D) and targets of shape (N, 1) (regression) or integer labels
of shape (N,) (classification). All randomness flows through ``rng``.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .._validation import make_rng, positive_int

__all__ = ["sample_function", "make_sine", "make_xor", "make_moons", "make_spiral"]


def sample_function(f: Callable[[np.ndarray], np.ndarray], n: int = 100, *, low: float, high: float,
                    noise: float = 0.0, random: bool = False, rng=None) -> tuple[np.ndarray, np.ndarray]:
    """Samples of y = f(x) (+ Gaussian noise) on [low, high].

    Parameters
    ----------
    f : vectorised function of x
    n : int
        Number of points.
    low, high : float
        The interval.
    noise : float
        Standard deviation of the added noise.
    random : bool
        Draw x uniformly at random instead of an evenly spaced grid (endpoints included).
    rng : None, int or numpy.random.Generator

    Returns
    -------
    X : ndarray, shape (n, 1), sorted
    y : ndarray, shape (n, 1)
    """
    n = positive_int(n, "n")
    if not low < high:
        raise ValueError(f"need low < high, got low={low}, high={high}")
    if noise < 0:
        raise ValueError(f"noise is a standard deviation and must be >= 0, got {noise}")
    gen = make_rng(rng)
    x = np.sort(gen.uniform(low, high, n)) if random else np.linspace(low, high, n)
    y = np.asarray(f(x), dtype=np.float64)
    if y.shape != x.shape:
        raise ValueError(f"f must map an array of shape {x.shape} to the same shape, got {y.shape}")
    if noise:
        y = y + noise * gen.standard_normal(n)
    return x.reshape(-1, 1), y.reshape(-1, 1)


def make_sine(n: int = 100, *, low: float = -2 * np.pi, high: float = 2 * np.pi, noise: float = 0.0,
              random: bool = False, rng=None) -> tuple[np.ndarray, np.ndarray]:
    """Samples of y = sin(x) on [low, high] (default [-2 pi, 2 pi]); see ``sample_function``.

    Returns
    -------
    X : ndarray, shape (n, 1)
    y : ndarray, shape (n, 1)
    """
    return sample_function(np.sin, n, low=low, high=high, noise=noise, random=random, rng=rng)


def make_xor(n_per_corner: int = 1, *, noise: float = 0.0, rng=None) -> tuple[np.ndarray, np.ndarray]:
    """The XOR problem: corners (0,0), (0,1), (1,0), (1,1) with labels 0, 1, 1, 0.

    With ``n_per_corner > 1`` and ``noise > 0`` each corner becomes a Gaussian cloud.

    Returns
    -------
    X : ndarray, shape (4 n_per_corner, 2)
    y : ndarray of int64, shape (4 n_per_corner,)
    """
    n_per_corner = positive_int(n_per_corner, "n_per_corner")
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    X = np.repeat(corners, n_per_corner, axis=0)
    y = np.repeat(np.array([0, 1, 1, 0], dtype=np.int64), n_per_corner)
    if noise:
        X = X + noise * make_rng(rng).standard_normal(X.shape)
    return X, y


def make_moons(n: int = 200, *, noise: float = 0.1, rng=None) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles, a classic non-linearly-separable 2-D problem.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray of int64, shape (n,); class 0 is the upper moon
    """
    n = positive_int(n, "n")
    gen = make_rng(rng)
    n0 = n // 2
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n - n0)
    X = np.concatenate([np.c_[np.cos(t0), np.sin(t0)], np.c_[1 - np.cos(t1), 0.5 - np.sin(t1)]])
    y = np.r_[np.zeros(n0, dtype=np.int64), np.ones(n - n0, dtype=np.int64)]
    if noise:
        X = X + noise * gen.standard_normal(X.shape)
    order = gen.permutation(n)
    return X[order], y[order]


def make_spiral(n_per_class: int = 100, n_classes: int = 3, *, noise: float = 0.2, rng=None
                ) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class (as in Stanford's CS231n notes).

    Returns
    -------
    X : ndarray, shape (n_per_class * n_classes, 2)
    y : ndarray of int64, shape (n_per_class * n_classes,)
    """
    n_per_class = positive_int(n_per_class, "n_per_class")
    n_classes = positive_int(n_classes, "n_classes")
    gen = make_rng(rng)
    radius = np.tile(np.linspace(0.0, 1.0, n_per_class), n_classes)
    k = np.repeat(np.arange(n_classes), n_per_class)
    # Arm k sweeps the angles [4k, 4k + 4] radians while the radius grows from 0 to 1.
    theta = np.tile(np.linspace(0.0, 4.0, n_per_class), n_classes) + 4.0 * k + noise * gen.standard_normal(k.size)
    X = np.c_[radius * np.sin(theta), radius * np.cos(theta)]
    return X, k.astype(np.int64)
