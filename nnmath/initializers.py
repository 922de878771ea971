"""Weight initialisers: ``init(shape, *, rng=None, dtype=np.float64) -> ndarray``.

For a weight matrix of shape (n_in, n_out), fan_in = n_in and fan_out = n_out. Glorot (Xavier)
keeps the variance of activations and gradients roughly constant through tanh-like layers,
Var(W) = 2 / (fan_in + fan_out); He keeps it through ReLU layers, Var(W) = 2 / fan_in. Derived in
the book chapter *Initialisation*.
"""

from __future__ import annotations

import numpy as np

from ._validation import make_rng

__all__ = [
    "zeros", "normal", "uniform", "glorot_uniform", "glorot_normal", "xavier_uniform",
    "xavier_normal", "he_uniform", "he_normal",
]


def _shape(shape) -> tuple[int, ...]:
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    if not shape or any(not isinstance(s, (int, np.integer)) or s <= 0 for s in shape):
        raise ValueError(f"shape must be a non-empty tuple of positive integers, got {shape}")
    return tuple(int(s) for s in shape)


def _fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight of shape (n_in, n_out); a vector counts as n by n."""
    return (shape[0], shape[1]) if len(shape) >= 2 else (shape[0], shape[0])


def zeros(shape, *, rng=None, dtype=np.float64) -> np.ndarray:
    """All zeros (the usual choice for biases). ``rng`` is accepted for a uniform signature."""
    return np.zeros(_shape(shape), dtype=dtype)


def normal(shape, *, std: float = 0.01, rng=None, dtype=np.float64) -> np.ndarray:
    """Independent N(0, std^2) entries."""
    return (make_rng(rng).standard_normal(_shape(shape)) * std).astype(dtype)


def uniform(shape, *, limit: float = 0.05, rng=None, dtype=np.float64) -> np.ndarray:
    """Independent U(-limit, limit) entries."""
    return make_rng(rng).uniform(-limit, limit, _shape(shape)).astype(dtype)


def glorot_uniform(shape, *, rng=None, dtype=np.float64) -> np.ndarray:
    """U(-a, a) with a = sqrt(6 / (fan_in + fan_out)), so Var = 2 / (fan_in + fan_out)."""
    shape = _shape(shape)
    fan_in, fan_out = _fans(shape)
    return uniform(shape, limit=np.sqrt(6.0 / (fan_in + fan_out)), rng=rng, dtype=dtype)


def glorot_normal(shape, *, rng=None, dtype=np.float64) -> np.ndarray:
    """N(0, 2 / (fan_in + fan_out))."""
    shape = _shape(shape)
    fan_in, fan_out = _fans(shape)
    return normal(shape, std=np.sqrt(2.0 / (fan_in + fan_out)), rng=rng, dtype=dtype)


def he_uniform(shape, *, rng=None, dtype=np.float64) -> np.ndarray:
    """U(-a, a) with a = sqrt(6 / fan_in), so Var = 2 / fan_in."""
    shape = _shape(shape)
    return uniform(shape, limit=np.sqrt(6.0 / _fans(shape)[0]), rng=rng, dtype=dtype)


def he_normal(shape, *, rng=None, dtype=np.float64) -> np.ndarray:
    """N(0, 2 / fan_in)."""
    shape = _shape(shape)
    return normal(shape, std=np.sqrt(2.0 / _fans(shape)[0]), rng=rng, dtype=dtype)


xavier_uniform = glorot_uniform
xavier_normal = glorot_normal
