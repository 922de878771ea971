"""Optimisers: update a list of ``Parameter``s in place from their ``grad``.

``lr`` is a float or a schedule (a function of the step t = 0, 1, ...). Derived in the book
chapter *Optimisers and learning-rate schedules*.
"""

from __future__ import annotations

from typing import Callable, Iterable

import numpy as np

from ._validation import positive_float
from .layers import Parameter

__all__ = ["Optimizer", "SGD", "RMSprop", "Adam"]


class Optimizer:
    """Base class: holds the parameters, the learning rate (or schedule) and the step count ``t``.

    ``weight_decay`` = lambda > 0 adds the gradient of the L2 penalty (lambda / 2) ||theta||^2, that is
    lambda theta, to each parameter's gradient before the update. It applies to every parameter the
    optimiser holds, biases included.
    """

    def __init__(self, params: Iterable[Parameter], lr: float | Callable[[int], float],
                 weight_decay: float = 0.0) -> None:
        self.params = list(params)
        if not self.params:
            raise ValueError(f"{type(self).__name__} got an empty parameter list; pass model.parameters()")
        for i, p in enumerate(self.params):
            if not isinstance(p, Parameter):
                raise TypeError(f"{type(self).__name__} expects Parameter objects; item {i} is a {type(p).__name__}")
        if not callable(lr):
            lr = positive_float(lr, "lr (the learning rate)")
        if isinstance(weight_decay, bool) or not isinstance(weight_decay, (int, float)):
            raise TypeError(f"weight_decay must be a number, got {weight_decay!r}")
        if not 0.0 <= weight_decay < float("inf"):
            raise ValueError(f"weight_decay must be a finite number >= 0, got {weight_decay!r}")
        self.lr = lr
        self.weight_decay = float(weight_decay)
        self.t = 0

    def current_lr(self) -> float:
        """The learning rate the next ``step`` will use."""
        return self.lr(self.t) if callable(self.lr) else self.lr

    def zero_grad(self) -> None:
        """Set every gradient to zero (``backward`` overwrites them anyway; this is for hand-made grads)."""
        for p in self.params:
            p.grad.fill(0.0)

    def step(self) -> None:
        """Apply one update with the current learning rate, then advance ``t``."""
        if self.weight_decay:
            for p in self.params:
                p.grad += self.weight_decay * p.value  # grad of (lambda/2)||theta||^2
        self._update(self.current_lr())
        self.t += 1

    def _update(self, lr: float) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """Gradient descent, optionally with (Nesterov) momentum.

    Plain:     theta <- theta - eta g
    Momentum:  v <- mu v + g;  theta <- theta - eta v
    Nesterov:  v <- mu v + g;  theta <- theta - eta (g + mu v)
    """

    def __init__(self, params, lr=0.01, momentum: float = 0.0, nesterov: bool = False,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, lr, weight_decay)
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must lie in [0, 1), got {momentum}")
        if nesterov and momentum == 0.0:
            raise ValueError("nesterov=True needs a momentum > 0")
        self.momentum = float(momentum)
        self.nesterov = bool(nesterov)
        self.velocity = [np.zeros_like(p.value) for p in self.params] if momentum else []

    def _update(self, lr):
        if not self.momentum:
            for p in self.params:
                p.value -= lr * p.grad
            return
        mu = self.momentum
        for p, v in zip(self.params, self.velocity):
            v *= mu
            v += p.grad
            if self.nesterov:
                p.value -= lr * (p.grad + mu * v)
            else:
                p.value -= lr * v


class RMSprop(Optimizer):
    """s <- rho s + (1 - rho) g^2;  theta <- theta - eta g / (sqrt(s) + eps)."""

    def __init__(self, params, lr=1e-3, rho: float = 0.9, eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, lr, weight_decay)
        if not 0.0 <= rho < 1.0:
            raise ValueError(f"rho must lie in [0, 1), got {rho}")
        self.rho = float(rho)
        self.eps = positive_float(eps, "eps")
        self.sq = [np.zeros_like(p.value) for p in self.params]

    def _update(self, lr):
        rho, eps = self.rho, self.eps
        for p, s in zip(self.params, self.sq):
            s *= rho
            s += (1.0 - rho) * p.grad * p.grad
            p.value -= lr * p.grad / (np.sqrt(s) + eps)


class Adam(Optimizer):
    """Adam with bias correction (Kingma and Ba, 2015); step k = t + 1 counts from 1.

    m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2
    m_hat = m / (1 - b1^k);  v_hat = v / (1 - b2^k);  theta <- theta - eta m_hat / (sqrt(v_hat) + eps)
    """

    def __init__(self, params, lr=1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, lr, weight_decay)
        for name, beta in (("beta1", beta1), ("beta2", beta2)):
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"{name} must lie in [0, 1), got {beta}")
        self.beta1, self.beta2 = float(beta1), float(beta2)
        self.eps = positive_float(eps, "eps")
        self.m = [np.zeros_like(p.value) for p in self.params]
        self.v = [np.zeros_like(p.value) for p in self.params]

    def _update(self, lr):
        b1, b2, k = self.beta1, self.beta2, self.t + 1
        c1 = 1.0 - b1**k  # bias corrections: m and v start at 0 and are biased toward it early on
        c2 = 1.0 - b2**k
        for p, m, v in zip(self.params, self.m, self.v):
            g = p.grad
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * g * g
            p.value -= (lr / c1) * m / (np.sqrt(v / c2) + self.eps)
