"""Rosenblatt's perceptron and the Novikoff mistake bound.

The perceptron predicts y_hat = sign(w . x + b) with labels in {-1, +1} and learns online: it
visits the examples one at a time and changes (w, b) only when it makes a mistake,
w <- w + lr y x, b <- b + lr y. On linearly separable data it stops making mistakes after at most
(R / gamma)^2 of them (Novikoff, 1962). Derived in the book chapter *The perceptron learning rule*.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from ._validation import (as_float_array, check_finite, check_ndim, check_same_rows, make_rng,
                          positive_float, positive_int)

__all__ = ["Perceptron", "PerceptronHistory", "as_signs", "margin", "novikoff_bound"]


def as_signs(y: ArrayLike) -> np.ndarray:
    """Labels as -1.0 / +1.0, shape (N,). Accepts {-1, +1} or {0, 1} (0 becomes -1)."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    check_ndim(y, 1, "y", "one label per sample")
    values = set(np.unique(y).tolist())
    if not values <= {-1, 1} and not values <= {0, 1}:
        raise ValueError(f"perceptron labels must be in {{-1, +1}} or {{0, 1}}, got values {sorted(values)}")
    return np.where(y > 0, 1.0, -1.0)


def _augment(X: np.ndarray) -> np.ndarray:
    """Append a constant 1 to every row, so that the bias becomes one more weight."""
    return np.hstack([X, np.ones((X.shape[0], 1), dtype=X.dtype)])


def _checked(X, y) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X, "X")
    check_ndim(X, 2, "X", "one row per sample")
    check_finite(X, "X")
    y = as_signs(y)
    check_same_rows(X, y, "X", "y")
    return X, y


def margin(X: ArrayLike, y: ArrayLike, w: ArrayLike, b: float = 0.0) -> float:
    """Geometric margin of the hyperplane w . x + b = 0 on (X, y), in augmented coordinates.

    gamma = min_n y_n (w . x_n + b) / ||(w, b)||; positive exactly when (w, b) separates the data.

    Parameters
    ----------
    X : array_like, shape (N, D)
    y : array_like, shape (N,), labels in {-1, +1} or {0, 1}
    w : array_like, shape (D,)
    b : float
    """
    X, y = _checked(X, y)
    return _margin(_augment(X), y, w, b)


def _margin(Xa: np.ndarray, y: np.ndarray, w, b: float) -> float:
    """margin() on already checked, augmented inputs Xa of shape (N, D + 1)."""
    w = as_float_array(w, "w").reshape(-1)
    if w.shape != (Xa.shape[1] - 1,):
        raise ValueError(f"w must have shape ({Xa.shape[1] - 1},) to match X, got {w.shape}")
    v = np.append(w, b)
    norm = float(np.linalg.norm(v))
    if norm == 0:
        raise ValueError("margin of the zero vector is undefined: (w, b) must not be all zeros")
    return float(np.min(y * (Xa @ v)) / norm)


def novikoff_bound(X: ArrayLike, y: ArrayLike, w: ArrayLike, b: float = 0.0) -> float:
    """Novikoff's bound (R / gamma)^2 on the perceptron's number of mistakes.

    R = max_n ||(x_n, 1)|| and gamma = margin(X, y, w, b) for any separating (w, b); the better the
    separator (the larger its margin), the tighter the bound. The bound holds for lr > 0 and zero
    initial weights.

    Raises
    ------
    ValueError
        If (w, b) does not separate the data (gamma <= 0): there is then no bound.
    """
    X, y = _checked(X, y)
    Xa = _augment(X)
    gamma = _margin(Xa, y, w, b)
    if gamma <= 0:
        raise ValueError(f"(w, b) does not separate the data (margin {gamma:.3g} <= 0): no mistake bound")
    R = float(np.max(np.linalg.norm(Xa, axis=1)))
    return (R / gamma) ** 2


@dataclass
class PerceptronHistory:
    """What happened during ``Perceptron.fit``.

    Attributes
    ----------
    mistakes : list of int
        Mistakes (updates) in each epoch.
    weights : list of ndarray, shape (D + 1,)
        (w, b) after every update, starting with the initial one (only with ``record=True``).
    converged : bool
        True if the last epoch made no mistake (the data are then separated).
    """

    mistakes: list[int] = field(default_factory=list)
    weights: list[np.ndarray] = field(default_factory=list)
    converged: bool = False

    @property
    def total_mistakes(self) -> int:
        return int(sum(self.mistakes))


class Perceptron:
    """Rosenblatt's perceptron for labels in {-1, +1} (or {0, 1}).

    Parameters
    ----------
    n_features : int
        D, the width of the inputs (N, D).
    lr : float
        Step size of each update (on separable data from zero weights it only rescales (w, b)).

    Attributes
    ----------
    w : ndarray, shape (D,)
    b : float
    """

    def __init__(self, n_features: int, *, lr: float = 1.0) -> None:
        self.n_features = positive_int(n_features, "n_features")
        self.lr = positive_float(lr, "lr")
        self.w = np.zeros(self.n_features)
        self.b = 0.0

    def __repr__(self) -> str:
        return f"Perceptron({self.n_features})"

    def _check_X(self, X) -> np.ndarray:
        X = as_float_array(X, "X")
        if X.ndim != 2 or X.shape[1] != self.n_features:
            raise ValueError(f"{self!r} expected input of shape (N, {self.n_features}), got {X.shape}")
        check_finite(X, "X")
        return X

    def decision_function(self, X: ArrayLike) -> np.ndarray:
        """w . x + b for each row, shape (N,)."""
        return self._check_X(X) @ self.w + self.b

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Predicted labels in {-1, +1}, shape (N,); a point exactly on the boundary counts as -1."""
        return np.where(self.decision_function(X) > 0, 1.0, -1.0)

    def fit(self, X: ArrayLike, y: ArrayLike, *, epochs: int = 100, shuffle: bool = True, rng=None,
            record: bool = False) -> PerceptronHistory:
        """Run the perceptron rule until an epoch makes no mistake, or for ``epochs`` epochs.

        A mistake is y (w . x + b) <= 0 (a point on the boundary counts), and it triggers
        w <- w + lr y x, b <- b + lr y. Training continues from the current (w, b).

        Parameters
        ----------
        X : array_like, shape (N, D)
        y : array_like, shape (N,), labels in {-1, +1} or {0, 1}
        epochs : int
            The most passes over the data.
        shuffle : bool
            Visit the examples in a fresh random order each epoch, drawn from ``rng``.
        rng : None, int or numpy.random.Generator
        record : bool
            Keep (w, b) after every update in ``history.weights``.
        """
        X, y = self._check_X(X), as_signs(y)
        check_same_rows(X, y, "X", "y")
        epochs = positive_int(epochs, "epochs")
        gen = make_rng(rng) if shuffle else None
        history = PerceptronHistory()
        if record:
            history.weights.append(np.append(self.w, self.b))
        for _ in range(epochs):
            order = gen.permutation(len(y)) if gen is not None else range(len(y))
            mistakes = 0
            # One example at a time: the rule is online, so this loop is the algorithm itself.
            for i in order:
                if y[i] * (X[i] @ self.w + self.b) <= 0:
                    self.w += self.lr * y[i] * X[i]
                    self.b += self.lr * y[i]
                    mistakes += 1
                    if record:
                        history.weights.append(np.append(self.w, self.b))
            history.mistakes.append(mistakes)
            if mistakes == 0:
                history.converged = True
                break
        return history
