"""Learning-rate schedules: plain functions of the step,
``Schedule = Callable[[int], float]``.

Step t counts optimiser updates from 0; with full-batch training one step
is one epoch. Discussed in the book chapter *Optimisers and learning-rate
schedules*.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

from ._validation import (check_nonnegative, check_positive,
                          check_positive_int)

__all__ = ["Schedule", "constant", "step_decay", "piecewise_constant",
           "exponential_decay", "cosine_decay"]

#: A schedule is a function from the step t = 0, 1, ... to the learning
#: rate eta_t; every optimiser accepts one as ``lr``.
Schedule = Callable[[int], float]


def constant(lr: float) -> Schedule:
    """eta_t = lr."""
    lr = check_positive(lr, "lr")
    return lambda t: lr


def step_decay(lr: float, step_size: int, gamma: float = 0.1) -> Schedule:
    """eta_t = lr gamma^floor(t / step_size): multiply the rate by
    ``gamma`` every ``step_size`` steps."""
    lr = check_positive(lr, "lr")
    step_size = check_positive_int(step_size, "step_size")
    gamma = check_positive(gamma, "gamma")
    return lambda t: lr * gamma ** (t // step_size)


def piecewise_constant(boundaries: Sequence[int],
                       values: Sequence[float]) -> Schedule:
    """eta_t = values[i] for boundaries[i-1] <= t < boundaries[i], with
    len(values) = len(boundaries) + 1.

    Example: ``piecewise_constant([3000, 6000], [0.02, 0.01, 0.002])``.
    """
    if not isinstance(boundaries, Sequence) or not isinstance(values,
                                                              Sequence):
        raise TypeError("boundaries and values must be sequences (lists), "
                        f"got {type(boundaries).__name__} and "
                        f"{type(values).__name__}")
    boundaries = [check_positive_int(b, f"boundaries[{i}]")
                  for i, b in enumerate(boundaries)]
    values = [check_positive(v, f"values[{i}]")
              for i, v in enumerate(values)]
    if len(values) != len(boundaries) + 1:
        raise ValueError(f"piecewise_constant needs len(values) = "
                         f"len(boundaries) + 1, got {len(values)} values and "
                         f"{len(boundaries)} boundaries")
    if any(b1 >= b2 for b1, b2 in zip(boundaries, boundaries[1:])):
        raise ValueError(f"boundaries must be strictly increasing, got "
                         f"{boundaries}")

    def schedule(t: int) -> float:
        for b, v in zip(boundaries, values):
            if t < b:
                return v
        return values[-1]

    return schedule


def exponential_decay(lr: float, decay_rate: float,
                      decay_steps: int = 1) -> Schedule:
    """eta_t = lr decay_rate^(t / decay_steps): a smooth geometric decay."""
    lr = check_positive(lr, "lr")
    decay_rate = check_positive(decay_rate, "decay_rate")
    decay_steps = check_positive_int(decay_steps, "decay_steps")
    return lambda t: lr * decay_rate ** (t / decay_steps)


def cosine_decay(lr: float, total_steps: int,
                 lr_min: float = 0.0) -> Schedule:
    """eta_t = lr_min + (lr - lr_min) (1 + cos(pi t / T)) / 2 for t <= T,
    then lr_min: a smooth fall from ``lr`` at t = 0 to ``lr_min`` at
    t = T = ``total_steps``."""
    lr = check_positive(lr, "lr")
    total_steps = check_positive_int(total_steps, "total_steps")
    lr_min = check_nonnegative(lr_min, "lr_min")
    if lr_min > lr:
        raise ValueError(f"lr_min must lie in [0, lr] = [0, {lr}], got "
                         f"{lr_min}")

    def schedule(t: int) -> float:
        frac = min(t, total_steps) / total_steps
        return lr_min + 0.5 * (lr - lr_min) * (1.0 + math.cos(math.pi * frac))

    return schedule
