"""The perceptron rule, its mistake bound, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath.datasets import make_xor
from nnmath.perceptron import Perceptron, as_signs, margin, novikoff_bound


def separable(n=60, gap=0.3, seed=0):
    """Points on both sides of the line x1 + x2 = 0.5, at least `gap` away from it."""
    rng = np.random.default_rng(seed)
    w_true, b_true = np.array([1.0, 1.0]), -0.5
    X = rng.uniform(-2, 2, (4 * n, 2))
    score = X @ w_true + b_true
    keep = np.abs(score) / np.linalg.norm(np.append(w_true, b_true)) > gap
    X = X[keep][:n]
    return X, np.where(X @ w_true + b_true > 0, 1, -1), w_true, b_true


@pytest.mark.parametrize("seed", range(5))
def test_converges_on_separable_data_within_the_novikoff_bound(seed):
    X, y, w_true, b_true = separable(seed=seed)
    p = Perceptron(2)
    history = p.fit(X, y, epochs=1000, rng=seed)
    assert history.converged and history.mistakes[-1] == 0
    assert np.all(p.predict(X) == y)
    assert history.total_mistakes <= novikoff_bound(X, y, w_true, b_true)


def test_update_rule_by_hand():
    X = np.array([[1.0, 2.0], [-1.0, 0.5]])
    y = np.array([1, -1])
    p = Perceptron(2, lr=0.5)
    history = p.fit(X, y, epochs=1, shuffle=False, record=True)
    # First point: 0 <= 0 is a mistake: w = 0.5 * (1, 2), b = 0.5. Second: w.x + b = -0.5 + 0.5 + 0.5 > 0
    # with y = -1, a mistake: w -= 0.5 * (-1, 0.5) -> (1.0, 0.75), b = 0.0.
    np.testing.assert_allclose(p.w, [1.0, 0.75])
    assert p.b == 0.0
    assert history.mistakes == [2] and len(history.weights) == 3
    np.testing.assert_allclose(history.weights[1], [0.5, 1.0, 0.5])


def test_never_converges_on_xor():
    X, y = make_xor()
    history = Perceptron(2).fit(X, y, epochs=50, rng=0)
    assert not history.converged
    assert min(history.mistakes) >= 1 and len(history.mistakes) == 50


def test_margin_and_bound_values():
    X = np.array([[1.0, 0.0], [-1.0, 0.0]])
    y = np.array([1, 0])  # {0, 1} labels are accepted
    assert margin(X, y, [1.0, 0.0], 0.0) == pytest.approx(1.0)
    # R = ||(1, 0, 1)|| = sqrt(2), gamma = 1  ->  bound 2.
    assert novikoff_bound(X, y, [1.0, 0.0]) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="does not separate"):
        novikoff_bound(X, y, [-1.0, 0.0])
    with pytest.raises(ValueError, match="zero vector"):
        margin(X, y, [0.0, 0.0], 0.0)


@pytest.mark.parametrize("labels, message", [
    ([0, 2], r"labels must be in \{-1, \+1\} or \{0, 1\}"),
    ([-1, 0], r"labels must be in"),
])
def test_bad_labels(labels, message):
    with pytest.raises(ValueError, match=message):
        as_signs(labels)


def test_bad_input_shapes():
    p = Perceptron(3)
    with pytest.raises(ValueError, match=r"Perceptron\(3\) expected input of shape \(N, 3\), got \(2, 2\)"):
        p.predict(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="same number of rows"):
        p.fit(np.zeros((3, 3)), [1, -1])
    with pytest.raises(ValueError, match="must be finite"):
        p.fit(np.array([[np.nan, 0, 0]]), [1])
    with pytest.raises(ValueError, match="positive"):
        Perceptron(0)
    with pytest.raises(ValueError, match=r"w must have shape \(2,\)"):
        margin(np.zeros((2, 2)), [1, -1], [1.0, 2.0, 3.0])


def test_same_rng_same_run():
    X, y, *_ = separable(seed=3)
    a, b = Perceptron(2), Perceptron(2)
    ha, hb = a.fit(X, y, rng=7, record=True), b.fit(X, y, rng=7, record=True)
    assert ha.mistakes == hb.mistakes and np.array_equal(a.w, b.w)
