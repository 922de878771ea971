"""The perceptron rule, its mistake bound, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath.datasets import make_xor
from nnmath.perceptron import Perceptron, as_signs, margin, novikoff_bound


def separable(n=60, gap=0.3, seed=0):
    """Points on both sides of the line x1 + x2 = 0.5, at least `gap`
    away from it."""
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
    # First point: 0 <= 0 is a mistake: w = 0.5 * (1, 2), b = 0.5.
    # Second: w.x + b = -0.5 + 0.5 + 0.5 > 0 with y = -1, a mistake:
    # w -= 0.5 * (-1, 0.5) -> (1.0, 0.75), b = 0.0.
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
    # In augmented coordinates: ||(2, 0, 1)|| = sqrt(5) and the scores are
    # 2 + 1 = 3 and -(-2 + 1) = 1, so gamma = 1 / sqrt(5).
    assert margin(X, y, [2.0, 0.0], 1.0) == pytest.approx(1 / np.sqrt(5))
    # R = ||(1, 0, 1)|| = sqrt(2), gamma = 1  ->  bound 2.
    assert novikoff_bound(X, y, [1.0, 0.0]) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="does not separate"):
        novikoff_bound(X, y, [-1.0, 0.0])
    with pytest.raises(ValueError, match="zero vector"):
        margin(X, y, [0.0, 0.0], 0.0)


def test_numpy_scalars_are_accepted():
    X = np.array([[1.0, 0.0], [-1.0, 0.0]])
    y = np.array([1, -1])
    assert margin(X, y, [1.0, 0.0], np.float32(0.0)) == pytest.approx(1.0)
    p = Perceptron(np.int64(2), lr=np.float32(0.5))
    history = p.fit(X, y, epochs=np.int64(5), rng=np.int64(0))
    assert history.converged and p.n_in == 2 and p.lr == 0.5


@pytest.mark.parametrize("labels, exc, message", [
    ([0, 2], ValueError, r"labels must be in \{-1, \+1\} or \{0, 1\}"),
    ([-1, 0], ValueError, r"labels must be in"),
    (["a", "b"], TypeError, "y must hold numeric labels"),
    ([[1, -1]], ValueError, r"y must have shape \(N,\)"),
])
def test_bad_labels(labels, exc, message):
    with pytest.raises(exc, match=message):
        as_signs(labels)


def test_labels_as_a_column_are_accepted():
    np.testing.assert_array_equal(as_signs([[1], [0]]), [1.0, -1.0])


def test_bad_input_shapes():
    p = Perceptron(3)
    with pytest.raises(ValueError,
                       match=r"X must have shape \(N, 3\), got \(2, 2\)"):
        p.predict(np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"X must have shape \(N, 3\)"):
        p.fit(np.zeros((2, 2)), [1, -1])
    with pytest.raises(ValueError, match="same number of rows"):
        p.fit(np.zeros((3, 3)), [1, -1])
    with pytest.raises(ValueError, match="must be finite"):
        p.fit(np.array([[np.nan, 0, 0]]), [1])
    with pytest.raises(ValueError, match=r"w must have shape \(2,\)"):
        margin(np.zeros((2, 2)), [1, -1], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        novikoff_bound(np.zeros(2), [1, -1], [1.0])


@pytest.mark.parametrize("make, exc, words", [
    (lambda: Perceptron(0), ValueError, "n_in must be a positive integer"),
    (lambda: Perceptron("2"), TypeError, "n_in"),
    (lambda: Perceptron(2, lr=0), ValueError, "lr must be > 0"),
    (lambda: Perceptron(2, lr=None), TypeError, "lr"),
    (lambda: Perceptron(2).fit(np.zeros((1, 2)), [1], epochs=0),
     ValueError, "epochs must be a positive integer"),
    (lambda: Perceptron(2).fit(np.zeros((1, 2)), [1], rng="seed"),
     TypeError, "rng must be None"),
    (lambda: margin(np.zeros((1, 1)), [1], [1.0], b="0"), TypeError, "b"),
])
def test_bad_arguments(make, exc, words):
    with pytest.raises(exc, match=words):
        make()


def test_same_rng_same_run():
    X, y, *_ = separable(seed=3)
    a, b = Perceptron(2), Perceptron(2)
    ha = a.fit(X, y, rng=7, record=True)
    hb = b.fit(X, y, rng=7, record=True)
    assert ha.mistakes == hb.mistakes and np.array_equal(a.w, b.w)


def test_novikoff_bound_checks_its_arguments_once(monkeypatch):
    # novikoff_bound leaves the argument checks to margin: X is checked
    # (and made finite-checked) exactly once per call.
    import nnmath.perceptron as P

    calls = []
    real = P.check_finite

    def counting(arr, name):
        calls.append(name)
        real(arr, name)

    monkeypatch.setattr(P, "check_finite", counting)
    X = np.array([[1.0, 0.0], [-1.0, 0.0]])
    novikoff_bound(X, [1, -1], [1.0, 0.0])
    assert calls.count("X") == 1
