"""Preparing data for a network: splitting, scaling and one-hot labels."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from .._validation import (check_array, check_bool, check_finite,
                           check_float_dtype, check_labels,
                           check_positive_int, check_real, check_rng,
                           check_same_rows)

__all__ = ["train_test_split", "Standardizer", "one_hot"]


def train_test_split(X: ArrayLike, y: ArrayLike, *, test_size: float = 0.25,
                     stratify: bool = False, rng=None
                     ) -> tuple[np.ndarray, np.ndarray,
                                np.ndarray, np.ndarray]:
    """Random split into training and test rows.

    Parameters
    ----------
    X : array_like, shape (N, ...)
    y : array_like, shape (N, ...)
    test_size : float in (0, 1)
        Fraction of rows held out.
    stratify : bool
        Keep each class's share in both parts (``y`` must then be integer
        labels, shape (N,)).
    rng : None, int or numpy.random.Generator

    Returns
    -------
    X_train, X_test, y_train, y_test
        Rows keep their original order within each part.
    """
    X, y = np.asarray(X), np.asarray(y)
    check_same_rows(X, y, "X", "y")
    test_size = check_real(test_size, "test_size")
    if not 0.0 < test_size < 1.0:
        raise ValueError("test_size is a fraction and must lie in (0, 1), "
                         f"got {test_size}")
    stratify = check_bool(stratify, "stratify")
    rng = check_rng(rng)
    n = X.shape[0]
    if stratify:
        # Split each class on its own, so both parts keep its share.
        labels = check_labels(y, "y")
        test = []
        for c in np.unique(labels):
            rows = rng.permutation(np.flatnonzero(labels == c))
            test.append(rows[:round(test_size * rows.size)])
        test_rows = np.sort(np.concatenate(test))
    else:
        test_rows = np.sort(rng.permutation(n)[:round(test_size * n)])
    if test_rows.size == 0 or test_rows.size == n:
        raise ValueError(f"test_size={test_size} of {n} rows leaves an "
                         "empty part")
    train = np.ones(n, dtype=bool)
    train[test_rows] = False
    return X[train], X[test_rows], y[train], y[test_rows]


class Standardizer:
    """Scale each column to mean 0 and standard deviation 1.

    z = (x - mean) / std, with the statistics learnt in ``fit``. Fit it on
    the training split alone: fitting on all the data leaks the test set's
    statistics into training. A constant column is centred, not scaled.

    Attributes
    ----------
    mean_ : ndarray, shape (D,)
    scale_ : ndarray, shape (D,)
    """

    def __init__(self) -> None:
        self.mean_: np.ndarray | None = None
        self.scale_: np.ndarray | None = None

    def fit(self, X: ArrayLike) -> Standardizer:
        """Learn the column means and standard deviations of X, (N, D)."""
        X = check_array(X, "X", ndim=2)
        check_finite(X, "X")
        self.mean_ = X.mean(axis=0)
        std = X.std(axis=0)
        # A constant column has std 0: keep it as it is (scale 1) rather
        # than divide by zero.
        self.scale_ = np.where(std > 0, std, 1.0)
        return self

    def transform(self, X: ArrayLike) -> np.ndarray:
        """``(X - mean_) / scale_``, shape (N, D)."""
        if self.mean_ is None or self.scale_ is None:
            raise RuntimeError("Standardizer used before fit: call "
                               "fit(X_train) first")
        X = check_array(X, "X", shape=(None, self.mean_.size))
        check_finite(X, "X")
        return (X - self.mean_) / self.scale_

    def fit_transform(self, X: ArrayLike) -> np.ndarray:
        """``fit(X)``, then ``transform(X)``."""
        return self.fit(X).transform(X)

    def inverse_transform(self, Z: ArrayLike) -> np.ndarray:
        """``Z * scale_ + mean_``, shape (N, D): back to the original units."""
        if self.mean_ is None or self.scale_ is None:
            raise RuntimeError("Standardizer used before fit: call "
                               "fit(X_train) first")
        Z = check_array(Z, "Z", shape=(None, self.mean_.size))
        check_finite(Z, "Z")
        return Z * self.scale_ + self.mean_


def one_hot(labels: ArrayLike, n_classes: int | None = None, *,
            dtype: DTypeLike = np.float64) -> np.ndarray:
    """One-hot rows: ``out[n, labels[n]] = 1``, zeros elsewhere.

    Parameters
    ----------
    labels : array_like of int, shape (N,), values in [0, n_classes)
    n_classes : int or None
        Defaults to ``labels.max() + 1``.
    dtype : floating-point dtype

    Returns
    -------
    ndarray, shape (N, n_classes)
    """
    if n_classes is not None:
        n_classes = check_positive_int(n_classes, "n_classes")
    labels = check_labels(labels, "labels", n_classes)
    dtype = check_float_dtype(dtype)
    if n_classes is None:
        n_classes = int(labels.max()) + 1 if labels.size else 0
    out = np.zeros((labels.size, n_classes), dtype=dtype)
    out[np.arange(labels.size), labels] = 1
    return out
