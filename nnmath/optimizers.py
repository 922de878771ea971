"""Optimisers: update a list of ``Parameter`` objects in place from their
``grad``.

``lr`` is a float or a schedule (a function of the step t = 0, 1, ...).
``weight_decay`` = lambda > 0 adds lambda theta, the gradient of the L2
penalty (lambda / 2) ||theta||^2, to the gradient of every parameter the
optimiser holds (biases included), without changing ``p.grad``. Each
optimiser writes its whole update in its own ``step``. Derived in the book
chapter *Optimisers and learning-rate schedules*.
"""

from __future__ import annotations

from typing import Callable, Iterable

import numpy as np

from ._validation import (check_bool, check_nonnegative, check_positive,
                          check_probability)
from .layers import Parameter

__all__ = ["Optimizer", "SGD", "RMSprop", "Adam"]


class Optimizer:
    """What every optimiser holds: the parameters, the learning rate (or
    schedule), the weight decay and the step count ``t``."""

    def __init__(self, params: Iterable[Parameter],
                 lr: float | Callable[[int], float],
                 weight_decay: float = 0.0) -> None:
        if isinstance(params, (Parameter, str)) or not isinstance(
                params, Iterable):
            raise TypeError(f"params must be a list of Parameter objects "
                            f"(model.parameters()), got "
                            f"{type(params).__name__}")
        self.params = list(params)
        if not self.params:
            raise ValueError(f"{type(self).__name__} got an empty parameter "
                             "list; pass model.parameters()")
        for i, p in enumerate(self.params):
            if not isinstance(p, Parameter):
                raise TypeError(f"{type(self).__name__} expects Parameter "
                                f"objects; item {i} is a {type(p).__name__}")
        if len({id(p) for p in self.params}) < len(self.params):
            raise ValueError(f"{type(self).__name__} got a parameter twice: "
                             "it would be updated twice per step")
        self.lr = lr if callable(lr) else check_positive(lr, "lr")
        self.weight_decay = check_nonnegative(weight_decay, "weight_decay")
        self.t = 0

    def current_lr(self) -> float:
        """The learning rate the next ``step`` will use."""
        return self.lr(self.t) if callable(self.lr) else self.lr

    def step(self) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """Gradient descent, optionally with (Nesterov) momentum.

    Plain:     theta <- theta - eta g
    Momentum:  v <- mu v + g;  theta <- theta - eta v
    Nesterov:  v <- mu v + g;  theta <- theta - eta (g + mu v)
    """

    def __init__(self, params: Iterable[Parameter],
                 lr: float | Callable[[int], float] = 0.01,
                 momentum: float = 0.0, nesterov: bool = False,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, lr, weight_decay)
        self.momentum = check_probability(momentum, "momentum")
        self.nesterov = check_bool(nesterov, "nesterov")
        if self.nesterov and self.momentum == 0.0:
            raise ValueError("nesterov=True needs a momentum > 0")
        self.velocity = [np.zeros_like(p.value) for p in self.params]

    def step(self) -> None:
        """One update of every parameter, then t <- t + 1."""
        lr, mu, wd = self.current_lr(), self.momentum, self.weight_decay
        for p, v in zip(self.params, self.velocity):
            g = p.grad + wd * p.value if wd else p.grad
            if mu == 0.0:
                p.value -= lr * g
                continue
            v *= mu
            v += g
            if self.nesterov:
                p.value -= lr * (g + mu * v)
            else:
                p.value -= lr * v
        self.t += 1


class RMSprop(Optimizer):
    """s <- rho s + (1 - rho) g^2;  theta <- theta - eta g / (sqrt(s) + eps).
    """

    def __init__(self, params: Iterable[Parameter],
                 lr: float | Callable[[int], float] = 1e-3,
                 rho: float = 0.9, eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, lr, weight_decay)
        self.rho = check_probability(rho, "rho")
        self.eps = check_positive(eps, "eps")
        self.sq = [np.zeros_like(p.value) for p in self.params]

    def step(self) -> None:
        """One update of every parameter, then t <- t + 1."""
        lr, rho, wd = self.current_lr(), self.rho, self.weight_decay
        for p, s in zip(self.params, self.sq):
            g = p.grad + wd * p.value if wd else p.grad
            s *= rho
            s += (1.0 - rho) * g * g
            p.value -= lr * g / (np.sqrt(s) + self.eps)
        self.t += 1


class Adam(Optimizer):
    """Adam with bias correction (Kingma and Ba, 2015); step k = t + 1.

    m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2;
    m_hat = m / (1 - b1^k);  v_hat = v / (1 - b2^k);
    theta <- theta - eta m_hat / (sqrt(v_hat) + eps)
    """

    def __init__(self, params: Iterable[Parameter],
                 lr: float | Callable[[int], float] = 1e-3,
                 beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(params, lr, weight_decay)
        self.beta1 = check_probability(beta1, "beta1")
        self.beta2 = check_probability(beta2, "beta2")
        self.eps = check_positive(eps, "eps")
        self.m = [np.zeros_like(p.value) for p in self.params]
        self.v = [np.zeros_like(p.value) for p in self.params]

    def step(self) -> None:
        """One update of every parameter, then t <- t + 1."""
        lr, b1, b2 = self.current_lr(), self.beta1, self.beta2
        k = self.t + 1
        # Bias corrections: m and v start at 0, so early on they are
        # biased toward it by the factors 1 - b^k.
        c1 = 1.0 - b1**k
        c2 = 1.0 - b2**k
        wd = self.weight_decay
        for p, m, v in zip(self.params, self.m, self.v):
            g = p.grad + wd * p.value if wd else p.grad
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * g * g
            p.value -= (lr / c1) * m / (np.sqrt(v / c2) + self.eps)
        self.t += 1
