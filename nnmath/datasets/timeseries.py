"""Time series as supervised data: sliding windows and a split by time.

Discussed in the book chapter *Time-series forecasting with a sliding
window*; the forecasts themselves (recursive, persistence, seasonal naive)
are models and live in ``nnmath.forecasting``.
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike

from .._validation import (check_array, check_finite, check_positive_int,
                           check_real)

__all__ = ["sliding_window", "chronological_split"]


def sliding_window(series: ArrayLike, window: int, horizon: int = 1
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Cut a series into overlapping (input window, target) pairs.

    ``X[i] = series[i : i + window]`` and
    ``y[i] = series[i + window + horizon - 1]``: the value ``horizon``
    steps after the window's last entry.

    Parameters
    ----------
    series : array_like, shape (T,)
        One variable, in time order (for several, window each column).
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
    series = check_array(series, "series", ndim=1)
    check_finite(series, "series")
    window = check_positive_int(window, "window")
    horizon = check_positive_int(horizon, "horizon")
    T = series.size
    if window + horizon > T:
        raise ValueError(
            f"window + horizon = {window} + {horizon} = {window + horizon} "
            f"exceeds the series length T = {T}: not even one "
            "(window, target) pair fits")
    m = T - window - horizon + 1
    # sliding_window_view gives all T - W + 1 windows as a read-only view;
    # keep the M that have a target, and copy so the caller owns them.
    X = sliding_window_view(series, window)[:m].copy()
    y = series[window + horizon - 1:].copy()
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
    X, y = sliding_window(series, window, horizon)  # checks these three
    T = np.size(series)  # the length: sliding_window checked it is 1-D
    if isinstance(test_size, numbers.Integral):  # a number of steps
        n_test = check_positive_int(test_size, "test_size")
    else:
        fraction = check_real(test_size, "test_size")
        if not 0.0 < fraction < 1.0:
            raise ValueError("test_size must be a fraction in (0, 1) or an "
                             f"int >= 1, got {fraction}")
        n_test = round(fraction * T)
    m_train = X.shape[0] - n_test
    if n_test < 1 or m_train < 1:
        raise ValueError(
            f"test_size={test_size} gives {n_test} test targets, but the "
            f"series of length {T} has {X.shape[0]} windows "
            f"(window={window}, horizon={horizon}): both parts need at "
            "least one")
    return X[:m_train], X[m_train:], y[:m_train], y[m_train:]
