"""Activation functions and their derivatives, as plain NumPy functions.

Each activation ``f(x)`` has a partner ``f_grad(x)``: the elementwise
derivative df/dx, taking the same keyword arguments. Inputs of any shape are
accepted; integers are promoted to float64 and the floating dtype of the
input is kept. Derived in the book chapter *Activation functions*; every
derivative is checked against SymPy (``nnmath.symbolic``) and finite
differences in the tests.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._validation import check_array, check_bool, check_integer, check_real

__all__ = [
    "sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad",
    "leaky_relu", "leaky_relu_grad", "elu", "elu_grad", "swish", "swish_grad",
    "softplus", "softplus_grad", "gelu", "gelu_grad", "logsumexp", "softmax",
    "log_softmax",
]


def sigmoid(x: ArrayLike) -> np.ndarray:
    """Logistic function, computed without overflow.

    sigma(x) = 1 / (1 + exp(-x)), evaluated through exp(-abs(x)) <= 1 so
    no exponential can overflow, even at x = -1000.

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    ndarray, same shape as ``x``, values in [0, 1]
    """
    x = check_array(x, "x")
    z = np.exp(-np.abs(x))
    # For x >= 0 use 1/(1+e^-x); for x < 0 the equal e^x/(1+e^x).
    return np.where(x >= 0, 1.0, z) / (1.0 + z)


def sigmoid_grad(x: ArrayLike) -> np.ndarray:
    """sigma'(x) = sigma(x) (1 - sigma(x)). Shape of ``x``."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x: ArrayLike) -> np.ndarray:
    """tanh(x) = (e^x - e^-x) / (e^x + e^-x). Shape of ``x``, in [-1, 1]."""
    return np.tanh(check_array(x, "x"))


def tanh_grad(x: ArrayLike) -> np.ndarray:
    """Derivative of tanh: tanh'(x) = 1 - tanh(x)^2. Shape of ``x``."""
    t = tanh(x)
    return 1.0 - t * t


def relu(x: ArrayLike) -> np.ndarray:
    """Rectified linear unit, relu(x) = max(x, 0). Shape of ``x``."""
    x = check_array(x, "x")
    return np.maximum(x, 0.0).astype(x.dtype, copy=False)


def relu_grad(x: ArrayLike) -> np.ndarray:
    """relu'(x): 1 where x > 0, else 0 (0 is chosen at the kink x = 0)."""
    x = check_array(x, "x")
    return (x > 0).astype(x.dtype)


def leaky_relu(x: ArrayLike, alpha: float = 0.01) -> np.ndarray:
    """Leaky ReLU: x where x > 0, else alpha * x. Shape of ``x``."""
    x = check_array(x, "x")
    alpha = check_real(alpha, "alpha")
    return np.where(x > 0, x, alpha * x).astype(x.dtype, copy=False)


def leaky_relu_grad(x: ArrayLike, alpha: float = 0.01) -> np.ndarray:
    """leaky_relu'(x): 1 where x > 0, else alpha (alpha at the kink)."""
    x = check_array(x, "x")
    alpha = check_real(alpha, "alpha")
    return np.where(x > 0, 1.0, alpha).astype(x.dtype)


def elu(x: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    """Exponential linear unit: x where x > 0, else alpha (e^x - 1)."""
    x = check_array(x, "x")
    alpha = check_real(alpha, "alpha")
    # expm1 of min(x, 0): accurate near 0, no overflow for large x.
    y = np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))
    return y.astype(x.dtype, copy=False)


def elu_grad(x: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    """Derivative of ELU: 1 where x > 0, else alpha e^x. Shape of ``x``."""
    x = check_array(x, "x")
    alpha = check_real(alpha, "alpha")
    d = np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))
    return d.astype(x.dtype, copy=False)


def swish(x: ArrayLike) -> np.ndarray:
    """Swish (SiLU): swish(x) = x sigma(x). Shape of ``x``."""
    x = check_array(x, "x")
    return x * sigmoid(x)


def swish_grad(x: ArrayLike) -> np.ndarray:
    """swish'(x) = sigma(x) + x sigma(x) (1 - sigma(x)). Shape of ``x``."""
    x = check_array(x, "x")
    s = sigmoid(x)
    return s + x * s * (1.0 - s)


def softplus(x: ArrayLike) -> np.ndarray:
    """Softplus, a smooth ReLU: softplus(x) = log(1 + e^x). Shape of ``x``.

    Computed as log(e^0 + e^x) by ``np.logaddexp``, which never overflows
    (softplus(1000) = 1000) and keeps the tiny values for x << 0.
    """
    x = check_array(x, "x")
    return np.logaddexp(0.0, x).astype(x.dtype, copy=False)


def softplus_grad(x: ArrayLike) -> np.ndarray:
    """softplus'(x) = sigma(x), the logistic function. Shape of ``x``."""
    return sigmoid(x)


def gelu(x: ArrayLike) -> np.ndarray:
    """GELU in its tanh form (Hendrycks and Gimpel, 2016). Shape of ``x``.

    gelu(x) = x sigma(u) with u = 2 sqrt(2/pi) (x + 0.044715 x^3), which
    equals (x/2)(1 + tanh(u/2)): the form BERT and GPT-2 use (PyTorch's
    ``approximate="tanh"``). It differs from the exact x Phi(x), Phi the
    standard normal CDF, by less than 5e-4 everywhere; NumPy has no erf.
    """
    x = check_array(x, "x")
    # |x| > 1e4 gives sigma(u) = 0 or 1 exactly; clipping there only stops
    # x^3 from overflowing.
    xc = np.clip(x, -1e4, 1e4)
    u = 2.0 * math.sqrt(2.0 / math.pi) * xc * (1.0 + 0.044715 * xc * xc)
    return x * sigmoid(u)


def gelu_grad(x: ArrayLike) -> np.ndarray:
    """Derivative of the tanh-form GELU. Shape of ``x``.

    gelu'(x) = s + x s (1 - s) du/dx, with s = sigma(u) and
    du/dx = 2 sqrt(2/pi) (1 + 3 * 0.044715 x^2).
    """
    x = check_array(x, "x")
    xc = np.clip(x, -1e4, 1e4)  # as in gelu: no overflow, same values
    k = 2.0 * math.sqrt(2.0 / math.pi)
    s = sigmoid(k * xc * (1.0 + 0.044715 * xc * xc))
    du = k * (1.0 + 3.0 * 0.044715 * xc * xc)
    return s + x * s * (1.0 - s) * du


def logsumexp(x: ArrayLike, axis: int = -1,
              keepdims: bool = False) -> np.ndarray:
    """log(sum(exp(x))) along ``axis``, without overflow.

    logsumexp(x) = m + log(sum(exp(x - m))) with m = max(x), so every
    exponent is <= 0.

    Parameters
    ----------
    x : array_like, shape (..., K, ...)
    axis : int
        The axis to reduce.
    keepdims : bool
        Keep the reduced axis with length 1 (to broadcast against ``x``).

    Returns
    -------
    ndarray, the shape of ``x`` without ``axis`` (length 1 if ``keepdims``)
    """
    x = check_array(x, "x")
    axis = check_integer(axis, "axis")
    keepdims = check_bool(keepdims, "keepdims")
    m = np.max(x, axis=axis, keepdims=True)
    # A row of all -inf would give (-inf) - (-inf) = nan; shift it by 0.
    m = np.where(np.isfinite(m), m, 0.0)
    # log(0) = -inf is the right answer for such a row: no warning.
    with np.errstate(divide="ignore"):
        out = m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))
    return out if keepdims else np.squeeze(out, axis=axis)


def softmax(x: ArrayLike, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis``, p_k = exp(x_k) / sum_j exp(x_j), computed
    through logsumexp (no overflow).

    Parameters
    ----------
    x : array_like, shape (N, K) for a batch of logits (any shape works)

    Returns
    -------
    ndarray, shape of ``x``; entries in [0, 1] summing to 1 along ``axis``
    """
    x = check_array(x, "x")
    axis = check_integer(axis, "axis")
    return np.exp(x - logsumexp(x, axis=axis, keepdims=True))


def log_softmax(x: ArrayLike, axis: int = -1) -> np.ndarray:
    """log p_k = x_k - logsumexp(x): exact even where p_k underflows to 0."""
    x = check_array(x, "x")
    axis = check_integer(axis, "axis")
    return x - logsumexp(x, axis=axis, keepdims=True)
