"""Finite-difference gradient checking. Explained in the book chapter
*Derivatives, the chain rule and gradient checking*.

Central differences, df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / 2h, have
error O(h^2) from truncation plus O(eps_machine / h) from rounding; in
float64, h = 1e-6 balances the two well.
"""

from __future__ import annotations

import copy
from typing import Callable

import numpy as np

from ._validation import check_array, check_bool, check_positive, check_rng
from .layers import Layer

__all__ = ["numerical_gradient", "rel_error", "check_layer", "check_loss"]


def numerical_gradient(f: Callable[[], float], x: np.ndarray,
                       h: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of the scalar ``f()`` with respect to
    the array ``x``.

    ``x`` is perturbed IN PLACE, one entry at a time, and restored; ``f``
    must read it.

    Parameters
    ----------
    f : callable taking no arguments and returning a float
    x : ndarray of float64, any shape
    h : float
        Step size.

    Returns
    -------
    ndarray, shape of ``x``
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError("numerical_gradient needs a float64 ndarray to "
                        f"perturb in place, got {type(x).__name__} "
                        f"{getattr(x, 'dtype', '')}")
    h = check_positive(h, "h")
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):  # every index tuple, in C order
        old = x[i]
        x[i] = old + h
        f_plus = f()
        x[i] = old - h
        f_minus = f()
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2.0 * h)
    return grad


def rel_error(a, b, floor: float = 1e-12) -> float:
    """Relative error in the max norm,
    max|a - b| / max(max|a| + max|b|, floor).

    Scaling by the whole array rather than entry by entry keeps tiny
    entries (where both gradients are pure rounding noise) from
    dominating; the floor avoids 0/0 when both are zero.
    """
    a, b = check_array(a, "a"), check_array(b, "b")
    floor = check_positive(floor, "floor")
    if a.shape != b.shape:
        raise ValueError(f"rel_error needs arrays of the same shape, got "
                         f"{a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    scale = max(float(np.max(np.abs(a)) + np.max(np.abs(b))), floor)
    return float(np.max(np.abs(a - b)) / scale)


def check_layer(layer: Layer, x, *, training: bool = True, rng=None,
                h: float = 1e-6) -> dict[str, float]:
    """Compare a layer's ``backward`` with central differences, for its
    input and every parameter.

    The scalar checked is L = sum(forward(x) * u) for a fixed random u,
    whose gradient with respect to the output is u, so ``backward(u)``
    must return dL/dx and fill dL/dp. A stochastic layer (Dropout) is run
    from a copy of its initial state at every evaluation, so each forward
    pass draws the same mask.

    Parameters
    ----------
    layer : Layer (float64 parameters)
    x : ndarray, shape (N, D), float64
    training : bool
        Passed to ``forward``.
    rng : None, int or numpy.random.Generator
        Draws u.

    Returns
    -------
    dict mapping "x", and "<index>:<name>" of each parameter, to its
    relative error
    """
    if not isinstance(layer, Layer):
        raise TypeError(f"check_layer needs a Layer, got "
                        f"{type(layer).__name__}")
    x = np.array(check_array(x, "x"), dtype=np.float64)
    training = check_bool(training, "training")
    pristine = copy.deepcopy(layer)
    params = layer.parameters()

    def fresh() -> Layer:
        clone = copy.deepcopy(pristine)
        for p_clone, p in zip(clone.parameters(), params):
            p_clone.value[...] = p.value
        return clone

    probe = fresh()
    out = probe.forward(x, training=training)
    u = check_rng(rng).standard_normal(out.shape)
    dx = probe.backward(u)
    analytic = {"x": dx}
    for i, p in enumerate(probe.parameters()):
        analytic[f"{i}:{p.name}"] = p.grad.copy()

    def L() -> float:
        return float(np.sum(fresh().forward(x, training=training) * u))

    errors = {"x": rel_error(dx, numerical_gradient(L, x, h))}
    for i, p in enumerate(params):
        key = f"{i}:{p.name}"
        numeric = numerical_gradient(L, p.value, h)
        errors[key] = rel_error(analytic[key], numeric)
    return errors


def check_loss(loss_fn: Callable, pred, target, *,
               h: float = 1e-6) -> float:
    """Relative error between ``loss_fn``'s gradient and central
    differences.

    Parameters
    ----------
    loss_fn : callable ``(pred, target) -> (loss, dpred)``
    pred : ndarray, float64
    target : whatever ``loss_fn`` takes

    Returns
    -------
    float
    """
    pred = np.array(check_array(pred, "pred"), dtype=np.float64)
    _, analytic = loss_fn(pred, target)
    numeric = numerical_gradient(lambda: loss_fn(pred, target)[0], pred,
                                 h)
    return rel_error(analytic, numeric)
