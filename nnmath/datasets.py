"""Data: synthetic generators, splitting, scaling and encoding.

Generators return ``X`` of shape (N, D) and targets of shape (N, 1) (regression) or integer labels
of shape (N,) (classification). All randomness flows through ``rng``.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from numpy.typing import ArrayLike

from ._validation import (as_float_array, as_labels, check_finite, check_ndim, check_same_rows,
                          make_rng, positive_int)

__all__ = [
    "sample_function", "make_sine", "make_xor", "make_moons", "make_spiral",
    "train_test_split", "Standardizer", "one_hot",
]


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


def train_test_split(X: ArrayLike, y: ArrayLike, *, test_size: float = 0.25, stratify: bool = False, rng=None
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Random split into training and test rows.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray, shape (N, ...)
    test_size : float in (0, 1)
        Fraction of rows held out.
    stratify : bool
        Keep each class's proportion in both parts (``y`` must be integer labels, shape (N,)).
    rng : None, int or numpy.random.Generator

    Returns
    -------
    X_train, X_test, y_train, y_test
    """
    X, y = np.asarray(X), np.asarray(y)
    check_same_rows(X, y, "X", "y")
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"test_size is a fraction and must lie in (0, 1), got {test_size}")
    gen = make_rng(rng)
    n = X.shape[0]
    if stratify:
        labels = as_labels(y, "y")
        test = []
        for c in np.unique(labels):
            idx = gen.permutation(np.flatnonzero(labels == c))
            test.append(idx[: int(round(test_size * idx.size))])
        test_idx = np.sort(np.concatenate(test))
    else:
        test_idx = np.sort(gen.permutation(n)[: int(round(test_size * n))])
    if test_idx.size == 0 or test_idx.size == n:
        raise ValueError(f"test_size={test_size} of {n} rows leaves an empty part")
    train_mask = np.ones(n, dtype=bool)
    train_mask[test_idx] = False
    return X[train_mask], X[test_idx], y[train_mask], y[test_idx]


class Standardizer:
    """Scale each column to mean 0 and standard deviation 1, with statistics from ``fit`` only.

    Fit it on the training split alone: fitting on all the data leaks the test set's statistics
    into training. A constant column is left unscaled (its scale is 1).

    Attributes
    ----------
    mean_ : ndarray, shape (D,)
    scale_ : ndarray, shape (D,)
    """

    def __init__(self) -> None:
        self.mean_: np.ndarray | None = None
        self.scale_: np.ndarray | None = None

    def _checked(self, X, fitted: bool) -> np.ndarray:
        X = as_float_array(X, "X")
        check_ndim(X, 2, "X", "one row per sample")
        check_finite(X, "X")
        if fitted:
            if self.mean_ is None:
                raise RuntimeError("Standardizer used before fit: call fit(X_train) first")
            if X.shape[1] != self.mean_.shape[0]:
                raise ValueError(f"Standardizer was fit on {self.mean_.shape[0]} columns, got X of shape {X.shape}")
        return X

    def fit(self, X) -> "Standardizer":
        """Learn the column means and standard deviations of X, shape (N, D)."""
        X = self._checked(X, fitted=False)
        self.mean_ = X.mean(axis=0)
        std = X.std(axis=0)
        self.scale_ = np.where(std > 0, std, 1.0)
        return self

    def transform(self, X) -> np.ndarray:
        """(X - mean_) / scale_, shape (N, D)."""
        X = self._checked(X, fitted=True)
        return (X - self.mean_) / self.scale_

    def fit_transform(self, X) -> np.ndarray:
        return self.fit(X).transform(X)

    def inverse_transform(self, Z) -> np.ndarray:
        """Z * scale_ + mean_, shape (N, D)."""
        Z = self._checked(Z, fitted=True)
        return Z * self.scale_ + self.mean_


def one_hot(labels, n_classes: int | None = None, *, dtype=np.float64) -> np.ndarray:
    """One-hot rows: ``out[n, labels[n]] = 1``.

    Parameters
    ----------
    labels : array_like of int, shape (N,), values in [0, n_classes)
    n_classes : int or None
        Defaults to ``labels.max() + 1``.

    Returns
    -------
    ndarray, shape (N, n_classes)
    """
    if n_classes is not None:
        n_classes = positive_int(n_classes, "n_classes")
    labels = as_labels(labels, "labels", n_classes)
    k = n_classes if n_classes is not None else (int(labels.max()) + 1 if labels.size else 0)
    out = np.zeros((labels.size, k), dtype=dtype)
    out[np.arange(labels.size), labels] = 1
    return out
