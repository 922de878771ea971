"""Sliding windows, the chronological split, recursive forecasts and the naive baselines."""

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
    return np.array(X, dtype=float).reshape(-1, window), np.array(y, dtype=float)


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
    np.testing.assert_array_equal(y, series[np.arange(m) + window + horizon - 1])


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


@pytest.mark.parametrize("args, exc, words", [
    (((1.0, 2.0, 3.0), 3, 1), ValueError, r"window \+ horizon = 3 \+ 1 = 4 exceeds .* T = 3"),
    (((1.0, 2.0, 3.0), 0, 1), ValueError, "window must be a positive integer, got 0"),
    (((1.0, 2.0, 3.0), 2, -1), ValueError, "horizon must be a positive integer, got -1"),
    (((1.0, 2.0, 3.0), 1.5, 1), TypeError, "window must be a positive integer"),
    ((np.ones((5, 2)), 2, 1), ValueError, r"1-D series of shape \(T,\), got shape \(5, 2\)"),
    ((np.ones(()), 1, 1), ValueError, r"1-D series of shape \(T,\), got shape \(\)"),
    (((1.0, np.nan, 3.0), 1, 1), ValueError, r"series must be finite, but series\[1\] is nan"),
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
def test_chronological_split_never_shows_a_test_target_in_training(T, window, horizon, n_test):
    assume(T - window - horizon + 1 - n_test >= 1)
    # A series whose values are their own time indices, so every entry says when it was observed.
    t = np.arange(T, dtype=float)
    X_tr, X_te, y_tr, y_te = D.chronological_split(t, window, horizon, test_size=n_test)
    assert X_te.shape == (n_test, window) and y_te.shape == (n_test,)
    assert X_tr.shape[0] == y_tr.shape[0] == T - window - horizon + 1 - n_test
    # The test targets are the last n_test values, in time order, whatever the window.
    np.testing.assert_array_equal(y_te, t[T - n_test:])
    # Everything training touches (inputs and targets) lies before every test target.
    assert max(X_tr.max(), y_tr.max()) < y_te.min()
    # Every training target comes before every test target, and each test input precedes
    # its own target (no future value is an input).
    assert y_tr.max() < y_te.min()
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
    assert D.chronological_split(t, 5, test_size=0.2)[3].tolist() == [8.0, 9.0]


@pytest.mark.parametrize("test_size, exc, words", [
    (0, ValueError, "gives 0 test targets"),
    (8, ValueError, "has 7 windows"),
    (1.0, ValueError, r"fraction in \(0, 1\) or an int, got 1.0"),
    (-0.5, ValueError, r"fraction in \(0, 1\)"),
    ("0.2", TypeError, "test_size must be a fraction"),
    (True, TypeError, "test_size must be a fraction"),
])
def test_chronological_split_bad_test_size(test_size, exc, words):
    with pytest.raises(exc, match=words):
        D.chronological_split(np.arange(10.0), 3, test_size=test_size)


def test_recursive_forecast_of_ar1_is_phi_to_the_h():
    # For y_{t+1} = phi y_t the h-step forecast from y_t is phi^h y_t, exactly.
    phi = 0.8
    history = np.array([[5.0, 2.0], [1.0, -3.0]])
    out = D.recursive_forecast(lambda w: phi * w[:, -1], history, 6)
    h = np.arange(1, 7)
    assert out.shape == (2, 6)
    np.testing.assert_allclose(out, history[:, -1:] * phi**h)


def test_recursive_forecast_feeds_predictions_back_in_order():
    # predict_fn = sum of the window: the forecasts must follow the Fibonacci recursion.
    out = D.recursive_forecast(lambda w: w.sum(axis=1, keepdims=True), [1.0, 1.0], 5)
    assert out.shape == (5,)
    np.testing.assert_array_equal(out, [2, 3, 5, 8, 13])


def test_recursive_forecast_with_window_one_step_matches_the_model():
    history = np.random.default_rng(0).normal(size=(4, 3))
    w = np.array([0.2, -0.5, 1.1])
    out = D.recursive_forecast(lambda x: x @ w, history, 1)
    np.testing.assert_allclose(out[:, 0], history @ w)


@pytest.mark.parametrize("fn, history, steps, exc, words", [
    (lambda w: w[:, -1], np.ones((2, 3)), 0, ValueError, "steps must be a positive integer"),
    (lambda w: w, np.ones((2, 3)), 2, ValueError, r"to shape \(2,\) or \(2, 1\), got shape \(2, 3\)"),
    (lambda w: w[:, -1], np.ones((2, 3, 1)), 1, ValueError, r"batch of shape \(M, W\)"),
    (lambda w: w[:, -1], np.ones((2, 0)), 1, ValueError, "W >= 1"),
    (lambda w: w[:, -1], [1.0, np.inf], 1, ValueError, "history must be finite"),
])
def test_recursive_forecast_bad_input(fn, history, steps, exc, words):
    with pytest.raises(exc, match=words):
        D.recursive_forecast(fn, history, steps)


def test_persistence_repeats_the_last_value():
    np.testing.assert_array_equal(D.persistence_forecast([1.0, 2.0, 7.0], 3), [7, 7, 7])
    out = D.persistence_forecast(np.array([[1.0, 2.0], [3.0, 4.0]]))
    np.testing.assert_array_equal(out, [[2.0], [4.0]])


def test_seasonal_naive_repeats_the_last_season():
    history = np.arange(10.0)  # the last season of length 4 is 6, 7, 8, 9
    out = D.seasonal_naive_forecast(history, 6, season=4)
    np.testing.assert_array_equal(out, [6, 7, 8, 9, 6, 7])
    # One step ahead: y_hat_{t+1} = y_{t+1-s}, i.e. column -s of the window.
    X, _ = D.sliding_window(np.random.default_rng(1).normal(size=30), 12)
    np.testing.assert_array_equal(D.seasonal_naive_forecast(X, season=12)[:, 0], X[:, -12])


def test_seasonal_naive_is_exact_on_a_periodic_series():
    t = np.arange(48)
    series = np.sin(2 * np.pi * t / 12)
    out = D.seasonal_naive_forecast(series[:24], 24, season=12)
    np.testing.assert_allclose(out, series[24:], atol=1e-12)


def test_baselines_bad_input():
    with pytest.raises(ValueError, match=r"at least one season \(12 values\), got windows of length 5"):
        D.seasonal_naive_forecast(np.ones(5), season=12)
    with pytest.raises(ValueError, match="season must be a positive integer"):
        D.seasonal_naive_forecast(np.ones(5), season=0)
    with pytest.raises(TypeError, match="steps must be a positive integer"):
        D.persistence_forecast(np.ones(5), 1.0)


def test_public_names_are_re_exported():
    for name in TS.__all__:
        assert getattr(D, name) is getattr(TS, name)
