"""Recursive forecasts and the naive baselines (nnmath.forecasting)."""

import numpy as np
import pytest

from nnmath import datasets as D
from nnmath import forecasting as F


def test_recursive_forecast_of_ar1_is_phi_to_the_h():
    # For y_{t+1} = phi y_t the h-step forecast from y_t is phi^h y_t.
    phi = 0.8
    history = np.array([[5.0, 2.0], [1.0, -3.0]])
    out = F.recursive_forecast(lambda w: phi * w[:, -1], history, 6)
    h = np.arange(1, 7)
    assert out.shape == (2, 6)
    np.testing.assert_allclose(out, history[:, -1:] * phi**h)


def test_recursive_forecast_feeds_predictions_back_in_order():
    # predict_fn = sum of the window: the forecasts must follow the
    # Fibonacci recursion.
    out = F.recursive_forecast(lambda w: w.sum(axis=1, keepdims=True),
                               [1.0, 1.0], 5)
    assert out.shape == (5,)
    np.testing.assert_array_equal(out, [2, 3, 5, 8, 13])


def test_recursive_forecast_with_one_step_matches_the_model():
    history = np.random.default_rng(0).normal(size=(4, 3))
    w = np.array([0.2, -0.5, 1.1])
    out = F.recursive_forecast(lambda x: x @ w, history, 1)
    np.testing.assert_allclose(out[:, 0], history @ w)


def test_recursive_forecast_sees_only_the_last_window():
    seen = []

    def model(windows):
        seen.append(windows.copy())
        return windows[:, -1] + 1.0

    F.recursive_forecast(model, [0.0, 1.0, 2.0], 3)
    np.testing.assert_array_equal(
        np.concatenate(seen), [[0, 1, 2], [1, 2, 3], [2, 3, 4]])


@pytest.mark.parametrize("fn, history, steps, exc, words", [
    (lambda w: w[:, -1], np.ones((2, 3)), 0, ValueError,
     "steps must be a positive integer"),
    (lambda w: w[:, -1], np.ones((2, 3)), "2", TypeError, "steps"),
    (lambda w: w[:, -1], np.ones((2, 3)), None, TypeError, "steps"),
    (lambda w: w, np.ones((2, 3)), 2, ValueError,
     r"to shape \(2,\) or \(2, 1\), got shape \(2, 3\)"),
    (lambda w: w[:, -1], np.ones((2, 3, 1)), 1, ValueError,
     r"history must be a 1-D or 2-D array"),
    (lambda w: w[:, -1], np.ones((2, 0)), 1, ValueError,
     "at least one value"),
    (lambda w: w[:, -1], [1.0, np.inf], 1, ValueError,
     "history must be finite"),
    (lambda w: w[:, -1], ["a", "b"], 1, TypeError,
     "history must hold real numbers"),
])
def test_recursive_forecast_bad_input(fn, history, steps, exc, words):
    with pytest.raises(exc, match=words):
        F.recursive_forecast(fn, history, steps)


def test_persistence_repeats_the_last_value():
    out = F.persistence_forecast([1.0, 2.0, 7.0], 3)
    np.testing.assert_array_equal(out, [7, 7, 7])
    out = F.persistence_forecast(np.array([[1.0, 2.0], [3.0, 4.0]]))
    np.testing.assert_array_equal(out, [[2.0], [4.0]])


def test_seasonal_naive_repeats_the_last_season():
    history = np.arange(10.0)  # the last season of length 4 is 6, 7, 8, 9
    out = F.seasonal_naive_forecast(history, 6, season=4)
    np.testing.assert_array_equal(out, [6, 7, 8, 9, 6, 7])
    # One step ahead: y_hat_{t+1} = y_{t+1-s}, column -s of the window.
    X, _ = D.sliding_window(np.random.default_rng(1).normal(size=30), 12)
    out = F.seasonal_naive_forecast(X, season=12)
    np.testing.assert_array_equal(out[:, 0], X[:, -12])


def test_seasonal_naive_is_exact_on_a_periodic_series():
    series = np.sin(2 * np.pi * np.arange(48) / 12)
    out = F.seasonal_naive_forecast(series[:24], 24, season=12)
    np.testing.assert_allclose(out, series[24:], atol=1e-12)


def test_baselines_accept_numpy_integers():
    out = F.seasonal_naive_forecast(np.arange(10.0), np.int64(2),
                                    season=np.int32(4))
    np.testing.assert_array_equal(out, [6, 7])
    out = F.persistence_forecast(np.arange(3.0), np.int64(2))
    np.testing.assert_array_equal(out, [2, 2])


def test_baselines_bad_input():
    with pytest.raises(ValueError, match=r"at least one season \(12 values"
                       r"\), got windows of length 5"):
        F.seasonal_naive_forecast(np.ones(5), season=12)
    with pytest.raises(ValueError, match="season must be a positive"):
        F.seasonal_naive_forecast(np.ones(5), season=0)
    with pytest.raises(TypeError, match="season"):
        F.seasonal_naive_forecast(np.ones(5), season=None)
    with pytest.raises(TypeError, match="steps must be a positive integer"):
        F.persistence_forecast(np.ones(5), 1.0)
    with pytest.raises(ValueError, match="at least one value"):
        F.persistence_forecast(np.ones((3, 0)))
    with pytest.raises(ValueError, match="history must be finite"):
        F.persistence_forecast([1.0, np.nan])


def test_public_names():
    assert sorted(F.__all__) == ["persistence_forecast", "recursive_forecast",
                                 "seasonal_naive_forecast"]
