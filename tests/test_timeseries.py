"""Sliding windows and the chronological split."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from nnmath import datasets as D
from nnmath.datasets import timeseries as TS


def loop_windows(series, window, horizon):
    """The definition, written as a plain loop."""
    X, y = [], []
    for i in range(len(series) - window - horizon + 1):
        X.append(series[i:i + window])
        y.append(series[i + window + horizon - 1])
    X = np.array(X, dtype=float).reshape(-1, window)
    return X, np.array(y, dtype=float)


def test_small_example_by_hand():
    X, y = D.sliding_window(np.arange(6), window=3)
    np.testing.assert_array_equal(X, [[0, 1, 2], [1, 2, 3], [2, 3, 4]])
    np.testing.assert_array_equal(y, [3, 4, 5])
    assert X.dtype == y.dtype == np.float64


def test_horizon_two_skips_one_value():
    X, y = D.sliding_window(np.arange(6), window=3, horizon=2)
    np.testing.assert_array_equal(X, [[0, 1, 2], [1, 2, 3]])
    np.testing.assert_array_equal(y, [4, 5])


@given(
    T=st.integers(2, 40),
    window=st.integers(1, 20),
    horizon=st.integers(1, 20),
    seed=st.integers(0, 2**16),
)
def test_windows_match_the_loop(T, window, horizon, seed):
    assume(window + horizon <= T)
    series = np.random.default_rng(seed).normal(size=T)
    X, y = D.sliding_window(series, window, horizon)
    X_loop, y_loop = loop_windows(series, window, horizon)
    m = T - window - horizon + 1
    assert X.shape == (m, window) and y.shape == (m,)
    np.testing.assert_array_equal(X, X_loop)
    np.testing.assert_array_equal(y, y_loop)
    i, j = np.indices(X.shape)
    np.testing.assert_array_equal(X, series[i + j])
    np.testing.assert_array_equal(
        y, series[np.arange(m) + window + horizon - 1])


def test_windows_are_a_copy_not_a_view():
    series = np.arange(5.0)
    X, y = D.sliding_window(series, 2)
    X[0, 0] = 99.0
    y[0] = 99.0
    np.testing.assert_array_equal(series, np.arange(5.0))
    assert X.flags.writeable


def test_exactly_one_pair_fits():
    X, y = D.sliding_window([1.0, 2.0, 3.0], window=2, horizon=1)
    assert X.shape == (1, 2) and y.tolist() == [3.0]


def test_numpy_integers_are_accepted():
    X, y = D.sliding_window(np.arange(6.0), np.int64(3), np.int32(2))
    np.testing.assert_array_equal(y, [4, 5])


@pytest.mark.parametrize("args, exc, words", [
    (((1.0, 2.0, 3.0), 3, 1), ValueError,
     r"window \+ horizon = 3 \+ 1 = 4 exceeds .* T = 3"),
    (((1.0, 2.0, 3.0), 0, 1), ValueError, "window must be a positive"),
    (((1.0, 2.0, 3.0), 2, -1), ValueError, "horizon must be a positive"),
    (((1.0, 2.0, 3.0), 1.5, 1), TypeError, "window must be a positive"),
    (((1.0, 2.0, 3.0), "2", 1), TypeError, "window"),
    (((1.0, 2.0, 3.0), None, 1), TypeError, "window"),
    (((1.0, 2.0, 3.0), True, 1), TypeError, "window"),
    ((np.ones((5, 2)), 2, 1), ValueError, r"series must be a 1-D.*\(5, 2\)"),
    ((np.ones(()), 1, 1), ValueError, r"series must be a 1-D.*\(\)"),
    (((1.0, np.nan, 3.0), 1, 1), ValueError,
     r"series must be finite, but series\[1\] is nan"),
    ((["a", "b", "c"], 1, 1), TypeError, "series must hold real numbers"),
])
def test_sliding_window_bad_input(args, exc, words):
    with pytest.raises(exc, match=words):
        D.sliding_window(*args)


@given(
    T=st.integers(4, 60),
    window=st.integers(1, 10),
    horizon=st.integers(1, 5),
    n_test=st.integers(1, 30),
)
def test_chronological_split_never_shows_a_test_target_in_training(
        T, window, horizon, n_test):
    assume(T - window - horizon + 1 - n_test >= 1)
    # A series whose values are their own time indices, so every entry
    # says when it was observed.
    t = np.arange(T, dtype=float)
    X_tr, X_te, y_tr, y_te = D.chronological_split(
        t, window, horizon, test_size=n_test)
    assert X_te.shape == (n_test, window) and y_te.shape == (n_test,)
    m_train = T - window - horizon + 1 - n_test
    assert X_tr.shape[0] == y_tr.shape[0] == m_train
    # The test targets are the last n_test values, in time order, whatever
    # the window.
    np.testing.assert_array_equal(y_te, t[T - n_test:])
    # Everything training touches (inputs and targets) lies before every
    # test target.
    assert max(X_tr.max(), y_tr.max()) < y_te.min()
    # Each test input precedes its own target (no future value is an
    # input).
    assert np.all(X_te.max(axis=1) < y_te)
    # Nothing is shuffled.
    assert np.all(np.diff(y_tr) > 0) and np.all(np.diff(y_te) > 0)


def test_chronological_split_fraction_and_example():
    t = np.arange(10.0)
    X_tr, X_te, y_tr, y_te = D.chronological_split(t, 3, test_size=0.2)
    np.testing.assert_array_equal(y_te, [8, 9])
    np.testing.assert_array_equal(X_te, [[5, 6, 7], [6, 7, 8]])
    np.testing.assert_array_equal(y_tr, [3, 4, 5, 6, 7])
    # The same test targets with another window length.
    y_te5 = D.chronological_split(t, 5, test_size=0.2)[3]
    assert y_te5.tolist() == [8.0, 9.0]


@pytest.mark.parametrize("test_size", [np.float32(0.2), np.float64(0.2),
                                       np.int64(2), 2])
def test_chronological_split_numpy_scalars(test_size):
    y_te = D.chronological_split(np.arange(10.0), 3,
                                 test_size=test_size)[3]
    assert y_te.tolist() == [8.0, 9.0]


@pytest.mark.parametrize("test_size, exc, words", [
    (0, ValueError, "test_size must be a positive integer, got 0"),
    (8, ValueError, "has 7 windows"),
    (0.01, ValueError, "gives 0 test targets"),
    (1.0, ValueError, r"fraction in \(0, 1\) or an int >= 1, got 1.0"),
    (-0.5, ValueError, r"fraction in \(0, 1\)"),
    ("0.2", TypeError, "test_size"),
    (None, TypeError, "test_size"),
    (True, TypeError, "test_size"),
    (np.bool_(True), TypeError, "test_size"),
])
def test_chronological_split_bad_test_size(test_size, exc, words):
    with pytest.raises(exc, match=words):
        D.chronological_split(np.arange(10.0), 3, test_size=test_size)


def test_chronological_split_checks_the_series_like_sliding_window():
    with pytest.raises(ValueError, match="series must be finite"):
        D.chronological_split([1.0, np.inf, 2.0, 3.0], 1, test_size=1)
    with pytest.raises(ValueError, match="window must be a positive"):
        D.chronological_split(np.arange(10.0), 0)


def test_forecasts_are_not_part_of_datasets():
    # Forecasting baselines are models: they live in nnmath.forecasting.
    assert TS.__all__ == ["sliding_window", "chronological_split"]
    for name in ("recursive_forecast", "persistence_forecast",
                 "seasonal_naive_forecast"):
        assert not hasattr(D, name) and not hasattr(TS, name)
    for name in TS.__all__:
        assert getattr(D, name) is getattr(TS, name)
