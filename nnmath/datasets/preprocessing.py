"""Preparing data for a network: splitting, scaling and encoding."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .._validation import (as_float_array, as_labels, check_finite, check_ndim, check_same_rows,
                           make_rng, positive_int)

__all__ = ["train_test_split", "Standardizer", "one_hot"]


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
