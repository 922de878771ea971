"""Weight initialisers: ``init(shape, *, rng=None, dtype=np.float64)``.

A Dense weight matrix has shape (n_in, n_out): fan-in n_in, fan-out n_out.
Glorot (Xavier) keeps the variance of activations and gradients roughly
constant through tanh-like layers, Var(W) = 2 / (n_in + n_out); He keeps it
through ReLU layers, Var(W) = 2 / n_in. Derived in the book chapter
*Initialisation*.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import DTypeLike

from ._validation import (check_float_dtype, check_nonnegative, check_rng,
                          check_shape, check_weight_shape)

__all__ = [
    "zeros", "normal", "uniform", "glorot_uniform", "glorot_normal",
    "he_uniform", "he_normal",
]


def zeros(shape, *, rng=None, dtype: DTypeLike = np.float64) -> np.ndarray:
    """All zeros. ``rng`` is accepted (and unused) for a uniform signature."""
    check_rng(rng)
    return np.zeros(check_shape(shape), dtype=check_float_dtype(dtype))


def normal(shape, *, std: float = 0.01, rng=None,
           dtype: DTypeLike = np.float64) -> np.ndarray:
    """Independent N(0, std^2) entries, of any ``shape``."""
    shape = check_shape(shape)
    std = check_nonnegative(std, "std")
    dtype = check_float_dtype(dtype)
    return (check_rng(rng).standard_normal(shape) * std).astype(dtype)


def uniform(shape, *, limit: float = 0.05, rng=None,
            dtype: DTypeLike = np.float64) -> np.ndarray:
    """Independent U(-limit, limit) entries, of any ``shape``."""
    shape = check_shape(shape)
    limit = check_nonnegative(limit, "limit")
    dtype = check_float_dtype(dtype)
    return check_rng(rng).uniform(-limit, limit, shape).astype(dtype)


def glorot_uniform(shape, *, rng=None,
                   dtype: DTypeLike = np.float64) -> np.ndarray:
    """U(-a, a) with a = sqrt(6 / (n_in + n_out)): Var = 2 / (n_in + n_out).

    ``shape`` is (n_in, n_out).
    """
    n_in, n_out = check_weight_shape(shape)
    dtype = check_float_dtype(dtype)
    a = np.sqrt(6.0 / (n_in + n_out))  # U(-a, a) has variance a^2 / 3
    return check_rng(rng).uniform(-a, a, (n_in, n_out)).astype(dtype)


def glorot_normal(shape, *, rng=None,
                  dtype: DTypeLike = np.float64) -> np.ndarray:
    """N(0, 2 / (n_in + n_out)); ``shape`` is (n_in, n_out)."""
    n_in, n_out = check_weight_shape(shape)
    dtype = check_float_dtype(dtype)
    std = np.sqrt(2.0 / (n_in + n_out))
    w = check_rng(rng).standard_normal((n_in, n_out)) * std
    return w.astype(dtype)


def he_uniform(shape, *, rng=None,
               dtype: DTypeLike = np.float64) -> np.ndarray:
    """U(-a, a) with a = sqrt(6 / n_in): Var = 2 / n_in.

    ``shape`` is (n_in, n_out).
    """
    n_in, n_out = check_weight_shape(shape)
    dtype = check_float_dtype(dtype)
    a = np.sqrt(6.0 / n_in)
    return check_rng(rng).uniform(-a, a, (n_in, n_out)).astype(dtype)


def he_normal(shape, *, rng=None,
              dtype: DTypeLike = np.float64) -> np.ndarray:
    """N(0, 2 / n_in); ``shape`` is (n_in, n_out)."""
    n_in, n_out = check_weight_shape(shape)
    dtype = check_float_dtype(dtype)
    std = np.sqrt(2.0 / n_in)
    w = check_rng(rng).standard_normal((n_in, n_out)) * std
    return w.astype(dtype)
