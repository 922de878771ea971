"""Loss functions. Each returns ``(loss, grad)``: the mean loss over the batch and its gradient
with respect to the prediction (or logits), of the prediction's shape.

Derived in the book chapters *Approximating sin(x)* (MSE) and *Loss functions* (cross-entropy).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_float_array, as_labels, check_ndim, check_same_rows
from .activations import logsumexp, sigmoid

__all__ = ["mse", "binary_cross_entropy_with_logits", "softmax_cross_entropy"]


def _matching_target(pred: np.ndarray, target, fname: str) -> np.ndarray:
    """Target as a float array of the prediction's shape; a (N,) target for a (N, 1) prediction
    is reshaped explicitly, because broadcasting (N, 1) against (N,) would silently give (N, N)."""
    # In the prediction's dtype, so a float32 model's gradient stays float32 (no silent upcast).
    target = as_float_array(target, "target", dtype=pred.dtype)
    if target.shape != pred.shape:
        if pred.ndim == 2 and pred.shape[1] == 1 and target.shape == (pred.shape[0],):
            return target.reshape(-1, 1)
        raise ValueError(f"{fname}: target must have the prediction's shape {pred.shape}, got {target.shape}")
    return target


def mse(pred: ArrayLike, target: ArrayLike) -> tuple[float, np.ndarray]:
    """Mean squared error and its gradient.

    L = (1/M) sum_i (pred_i - target_i)^2 over all M = N * D entries;  dL/dpred = 2 (pred - target) / M.

    Parameters
    ----------
    pred : ndarray, shape (N, D)
    target : array_like, shape (N, D) (or (N,) when D = 1)

    Returns
    -------
    loss : float
    dpred : ndarray, shape (N, D)
    """
    pred = as_float_array(pred, "pred")
    target = _matching_target(pred, target, "mse")
    diff = pred - target
    n = diff.size
    return float(np.dot(diff.ravel(), diff.ravel()) / n), diff * (2.0 / n)


def binary_cross_entropy_with_logits(logits: ArrayLike, target: ArrayLike) -> tuple[float, np.ndarray]:
    """Binary cross-entropy of sigmoid(logits) against targets in [0, 1], computed from the logits.

    L = mean(log(1 + e^z) - y z), written with ``np.logaddexp(0, z)`` so that it is finite for any
    logit z;  dL/dz = (sigmoid(z) - y) / M over the M entries.

    Parameters
    ----------
    logits : ndarray, shape (N, 1) or (N,)
    target : array_like, same shape (or (N,) for (N, 1) logits), values in [0, 1]

    Returns
    -------
    loss : float
    dlogits : ndarray, shape of ``logits``
    """
    z = as_float_array(logits, "logits")
    y = _matching_target(z, target, "binary_cross_entropy_with_logits")
    if y.size and (y.min() < 0 or y.max() > 1):
        raise ValueError(f"binary_cross_entropy_with_logits: target must lie in [0, 1], got values in "
                         f"[{y.min()}, {y.max()}]")
    n = z.size
    loss = float(np.sum(np.logaddexp(0.0, z) - y * z) / n)
    return loss, (sigmoid(z) - y) / n


def softmax_cross_entropy(logits: ArrayLike, labels: ArrayLike) -> tuple[float, np.ndarray]:
    """Cross-entropy of softmax(logits) against integer class labels.

    L = (1/N) sum_n [logsumexp(z_n) - z_{n, y_n}];  dL/dz = (softmax(z) - onehot(y)) / N.

    Parameters
    ----------
    logits : ndarray, shape (N, K)
    labels : array_like of int, shape (N,), values in [0, K)

    Returns
    -------
    loss : float
    dlogits : ndarray, shape (N, K)
    """
    z = as_float_array(logits, "logits")
    check_ndim(z, 2, "logits", "one row of K class scores per sample")
    labels = as_labels(labels, "labels", n_classes=z.shape[1])
    check_same_rows(z, labels, "logits", "labels")
    n = z.shape[0]
    rows = np.arange(n)
    lse = logsumexp(z, axis=1, keepdims=True)  # shared by the loss and softmax(z) = exp(z - lse)
    loss = float(np.sum(lse[:, 0] - z[rows, labels]) / n)
    grad = np.exp(z - lse)
    grad[rows, labels] -= 1.0
    grad /= n
    return loss, grad
