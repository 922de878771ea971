"""Learning-rate schedules: plain functions of the step, ``Schedule = Callable[[int], float]``.

Step t counts optimizer updates from 0. With full-batch training one step is one epoch.
Discussed in the book chapter *Optimisers and learning-rate schedules*.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

from ._validation import positive_float, positive_int

__all__ = ["Schedule", "constant", "step_decay", "piecewise_constant", "exponential_decay", "cosine_decay"]

Schedule = Callable[[int], float]


def constant(lr: float) -> Schedule:
    """eta_t = lr."""
    lr = positive_float(lr, "lr")
    return lambda t: lr


def step_decay(lr: float, step_size: int, gamma: float = 0.1) -> Schedule:
    """eta_t = lr * gamma ** floor(t / step_size): multiply by ``gamma`` every ``step_size`` steps."""
    lr = positive_float(lr, "lr")
    step_size = positive_int(step_size, "step_size")
    gamma = positive_float(gamma, "gamma")
    return lambda t: lr * gamma ** (t // step_size)


def piecewise_constant(boundaries: Sequence[int], values: Sequence[float]) -> Schedule:
    """eta_t = values[i] for boundaries[i-1] <= t < boundaries[i] (len(values) = len(boundaries) + 1).

    Example: ``piecewise_constant([3000, 6000], [0.02, 0.01, 0.002])``.
    """
    boundaries = [int(b) for b in boundaries]
    values = [positive_float(v, "values[i]") for v in values]
    if len(values) != len(boundaries) + 1:
        raise ValueError(f"piecewise_constant needs len(values) = len(boundaries) + 1, "
                         f"got {len(values)} values and {len(boundaries)} boundaries")
    if any(b1 >= b2 for b1, b2 in zip(boundaries, boundaries[1:])) or (boundaries and boundaries[0] <= 0):
        raise ValueError(f"boundaries must be positive and strictly increasing, got {boundaries}")

    def schedule(t: int) -> float:
        for b, v in zip(boundaries, values):
            if t < b:
                return v
        return values[-1]

    return schedule


def exponential_decay(lr: float, decay_rate: float, decay_steps: int = 1) -> Schedule:
    """eta_t = lr * decay_rate ** (t / decay_steps): a smooth geometric decay."""
    lr = positive_float(lr, "lr")
    decay_rate = positive_float(decay_rate, "decay_rate")
    decay_steps = positive_int(decay_steps, "decay_steps")
    return lambda t: lr * decay_rate ** (t / decay_steps)


def cosine_decay(lr: float, total_steps: int, lr_min: float = 0.0) -> Schedule:
    """eta_t = lr_min + (lr - lr_min) (1 + cos(pi t / T)) / 2 for t <= T, then lr_min.

    Falls smoothly from ``lr`` at t = 0 to ``lr_min`` at t = T = ``total_steps``.
    """
    lr = positive_float(lr, "lr")
    total_steps = positive_int(total_steps, "total_steps")
    if not 0.0 <= lr_min <= lr:
        raise ValueError(f"lr_min must lie in [0, lr] = [0, {lr}], got {lr_min}")

    def schedule(t: int) -> float:
        frac = min(t, total_steps) / total_steps
        return lr_min + 0.5 * (lr - lr_min) * (1.0 + math.cos(math.pi * frac))

    return schedule
