"""Forecasting a series from its own past: the naive baselines every
forecaster must beat, and recursive multi-step forecasts from a one-step
model.

Discussed in the book chapter *Time-series forecasting with a sliding
window*. Each function takes ``history``, the last W observed values
before a forecast origin, shape (W,), or a batch of M such windows,
shape (M, W), as ``nnmath.datasets.sliding_window`` makes them, and
returns forecasts for the next H steps, shape (H,) or (M, H).
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from numpy.typing import ArrayLike

from ._validation import check_callable, check_positive_int, check_windows

__all__ = ["persistence_forecast", "seasonal_naive_forecast",
           "recursive_forecast"]


def persistence_forecast(history: ArrayLike, steps: int = 1) -> np.ndarray:
    """The naive forecast: the last value, repeated. y_hat_{t+h} = y_t.

    Parameters
    ----------
    history : array_like, shape (W,) or (M, W)
    steps : int
        The number H of steps to forecast.

    Returns
    -------
    ndarray, shape (H,) or (M, H)
    """
    windows = check_windows(history)  # (M, W); one window is M = 1
    steps = check_positive_int(steps, "steps")
    out = np.repeat(windows[:, -1:], steps, axis=1)
    return out[0] if np.ndim(history) == 1 else out


def seasonal_naive_forecast(history: ArrayLike, steps: int = 1, *,
                            season: int) -> np.ndarray:
    """The last full season, repeated: y_hat_{t+h} = y_{t+h-k s}.

    ``k = ceil(h / s)`` is the fewest whole seasons that reach back into
    the observed past; for ``h <= s`` the forecast is ``y_{t+h-s}``, the
    same phase one season ago.

    Parameters
    ----------
    history : array_like, shape (W,) or (M, W), with W >= season
    steps : int
        The number H of steps to forecast.
    season : int
        The period s in steps (12 for a yearly cycle in monthly data).

    Returns
    -------
    ndarray, shape (H,) or (M, H)
    """
    windows = check_windows(history)  # (M, W); one window is M = 1
    steps = check_positive_int(steps, "steps")
    season = check_positive_int(season, "season")
    if windows.shape[1] < season:
        raise ValueError(
            f"history must hold at least one season ({season} values), "
            f"got windows of length {windows.shape[1]}")
    last_season = windows[:, -season:]
    # Tile the last season forward: step h (1-based) takes its entry
    # (h - 1) mod s.
    out = last_season[:, np.arange(steps) % season]
    return out[0] if np.ndim(history) == 1 else out


def recursive_forecast(predict_fn: Callable[[np.ndarray], ArrayLike],
                       history: ArrayLike, steps: int) -> np.ndarray:
    """Forecast ``steps`` ahead with a one-step model fed its own output.

    Step ``h`` applies ``predict_fn`` to the last W values, of which the
    newest ``h - 1`` are the forecasts of the earlier steps; then the
    window slides on by one.

    Parameters
    ----------
    predict_fn : callable
        Maps windows of shape (M, W) to one-step forecasts, (M,) or (M, 1).
    history : array_like, shape (W,) or (M, W)
        The last W observed values before each of M forecast origins.
    steps : int
        The number H of steps to forecast.

    Returns
    -------
    ndarray, shape (H,) for one window or (M, H)
        Column ``h - 1`` holds the h-step forecasts.
    """
    check_callable(predict_fn, "predict_fn")
    windows = check_windows(history)  # (M, W); one window is M = 1
    steps = check_positive_int(steps, "steps")
    m = windows.shape[0]
    out = np.empty((m, steps))
    for h in range(steps):
        pred = np.asarray(predict_fn(windows), dtype=np.float64)
        if pred.shape not in ((m,), (m, 1)):
            raise ValueError(
                f"predict_fn must map windows of shape {windows.shape} to "
                f"shape ({m},) or ({m}, 1), got shape {pred.shape}")
        out[:, h] = pred.reshape(m)
        # Drop the oldest value, append the forecast: the model now sees
        # its own output as if it had been observed.
        windows = np.concatenate([windows[:, 1:], out[:, h:h + 1]], axis=1)
    return out[0] if np.ndim(history) == 1 else out
