"""Forecasting a series from its own past: sliding windows, a split by time,
recursive forecasts and the naive baselines every forecaster must beat.

Discussed in the book chapter *Time-series forecasting with a sliding window*.
(Lines are kept short here because the chapter shows these functions.)
"""

from __future__ import annotations

import numbers
from typing import Callable

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike

from .._validation import as_float_array, check_finite, positive_int

__all__ = ["sliding_window", "chronological_split", "recursive_forecast",
           "persistence_forecast", "seasonal_naive_forecast"]


def _series(series, name: str = "series") -> np.ndarray:
    """A finite 1-D float series; anything else gets a message saying why."""
    s = as_float_array(series, name)
    if s.ndim != 1:
        raise ValueError(
            f"{name} must be a 1-D series of shape (T,), got shape "
            f"{s.shape}; for several variables, window each column "
            "separately")
    check_finite(s, name)
    return s


def _check_fits(T: int, window: int, horizon: int) -> None:
    if window + horizon > T:
        raise ValueError(
            f"window + horizon = {window} + {horizon} = {window + horizon} "
            f"exceeds the series length T = {T}: not even one "
            "(window, target) pair fits")


def sliding_window(series: ArrayLike, window: int, horizon: int = 1
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Cut a series into overlapping (input window, target) pairs.

    ``X[i] = series[i : i + window]`` and
    ``y[i] = series[i + window + horizon - 1]``: the value ``horizon``
    steps after the window's last entry.

    Parameters
    ----------
    series : array_like, shape (T,)
        One variable, in time order.
    window : int
        Length W of each input window.
    horizon : int
        How far ahead the target lies; 1 is the next value.

    Returns
    -------
    X : ndarray, shape (M, W), with M = T - W - horizon + 1
        A fresh array (not a view): writing to it cannot change ``series``.
    y : ndarray, shape (M,)
    """
    s = _series(series)
    window = positive_int(window, "window")
    horizon = positive_int(horizon, "horizon")
    _check_fits(s.size, window, horizon)
    m = s.size - window - horizon + 1
    # sliding_window_view gives all T - W + 1 windows as a read-only view;
    # keep the M that have a target, and copy so the caller owns them.
    X = sliding_window_view(s, window)[:m].copy()
    y = s[window + horizon - 1:].copy()
    return X, y


def chronological_split(series: ArrayLike, window: int, horizon: int = 1,
                        *, test_size: float | int = 0.2
                        ) -> tuple[np.ndarray, np.ndarray,
                                   np.ndarray, np.ndarray]:
    """Sliding windows split by the time of their target, never shuffled.

    Window ``i`` has its target at time ``t_i = i + window + horizon - 1``.
    With ``n_test`` test targets the split time is ``s = T - n_test``:
    windows with ``t_i < s`` train, the others test. So every value a
    training window touches (inputs and target) comes strictly before every
    test target, and no test target is ever seen in training. Test *inputs*
    may reach back into the training period: at forecast time the past is
    known. The test targets are exactly ``series[T - n_test:]`` whatever
    the window, so models with different windows meet the same test values.

    Parameters
    ----------
    series : array_like, shape (T,)
    window, horizon : int
        As in :func:`sliding_window`.
    test_size : float in (0, 1) or int >= 1
        The fraction, or the number, of the series' time steps whose values
        are test targets.

    Returns
    -------
    X_train : ndarray, shape (M_train, W)
    X_test : ndarray, shape (n_test, W)
    y_train : ndarray, shape (M_train,)
    y_test : ndarray, shape (n_test,)
        In time order, in the order of outputs of ``train_test_split``.
    """
    s = _series(series)
    X, y = sliding_window(s, window, horizon)
    T = s.size
    if (isinstance(test_size, bool)
            or not isinstance(test_size, numbers.Real)):
        raise TypeError("test_size must be a fraction in (0, 1) or a "
                        f"number of steps, got {test_size!r}")
    if isinstance(test_size, numbers.Integral):
        n_test = int(test_size)
    elif 0.0 < test_size < 1.0:
        n_test = int(round(test_size * T))
    else:
        raise ValueError("test_size must be a fraction in (0, 1) or an "
                         f"int, got {test_size}")
    m_train = X.shape[0] - n_test
    if n_test < 1 or m_train < 1:
        raise ValueError(
            f"test_size={test_size} gives {n_test} test targets, but the "
            f"series of length {T} has {X.shape[0]} windows "
            f"(window={window}, horizon={horizon}): both parts need at "
            "least one")
    return X[:m_train], X[m_train:], y[:m_train], y[m_train:]


def _histories(history, name: str = "history") -> tuple[np.ndarray, bool]:
    """History as (M, W) rows, and whether a single (W,) window came."""
    h = as_float_array(history, name)
    if h.ndim not in (1, 2) or h.shape[-1] == 0:
        raise ValueError(
            f"{name} must be one window of shape (W,) or a batch of shape "
            f"(M, W) with W >= 1, got shape {h.shape}")
    check_finite(h, name)
    return np.atleast_2d(h), h.ndim == 1


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
    windows, single = _histories(history)
    steps = positive_int(steps, "steps")
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
    return out[0] if single else out


def persistence_forecast(history: ArrayLike, steps: int = 1) -> np.ndarray:
    """The naive forecast: the last value, repeated. y_hat_{t+h} = y_t.

    Parameters
    ----------
    history : array_like, shape (W,) or (M, W)
    steps : int

    Returns
    -------
    ndarray, shape (H,) or (M, H)
    """
    windows, single = _histories(history)
    steps = positive_int(steps, "steps")
    out = np.repeat(windows[:, -1:], steps, axis=1)
    return out[0] if single else out


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
    season : int
        The period s in steps (12 for a yearly cycle in monthly data).

    Returns
    -------
    ndarray, shape (H,) or (M, H)
    """
    windows, single = _histories(history)
    steps = positive_int(steps, "steps")
    season = positive_int(season, "season")
    if windows.shape[1] < season:
        raise ValueError(
            f"history must hold at least one season ({season} values), "
            f"got windows of length {windows.shape[1]}")
    last_season = windows[:, -season:]
    # Tile the last season forward: step h (1-based) takes its entry
    # (h - 1) mod s.
    out = last_season[:, np.arange(steps) % season]
    return out[0] if single else out
