"""Rosenblatt's perceptron and the Novikoff mistake bound.

The perceptron predicts y_hat = sign(w . x + b) with labels in {-1, +1}
and learns online: it visits the examples one at a time and changes (w, b)
only when it makes a mistake, w <- w + lr y x, b <- b + lr y. On linearly
separable data it stops making mistakes after at most (R / gamma)^2 of
them (Novikoff, 1962). Derived in the book chapter *The perceptron
learning rule*.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from ._validation import (check_array, check_bool, check_finite,
                          check_positive, check_positive_int, check_real,
                          check_rng, check_same_rows)

__all__ = ["Perceptron", "PerceptronHistory", "as_signs", "margin",
           "novikoff_bound"]


def as_signs(y: ArrayLike) -> np.ndarray:
    """Labels as -1.0 / +1.0, shape (N,).

    Accepts {-1, +1} or {0, 1} (0 becomes -1), of shape (N,) or (N, 1).
    """
    y = np.asarray(y)
    if y.dtype.kind not in "biuf":
        raise TypeError(f"y must hold numeric labels, got dtype {y.dtype}")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError("y must have shape (N,), one label per sample, "
                         f"got {y.shape}")
    values = set(np.unique(y).tolist())
    if not values <= {-1, 1} and not values <= {0, 1}:
        raise ValueError("perceptron labels must be in {-1, +1} or {0, 1}, "
                         f"got values {sorted(values)}")
    return np.where(y > 0, 1.0, -1.0)


def margin(X: ArrayLike, y: ArrayLike, w: ArrayLike,
           b: float = 0.0) -> float:
    """Geometric margin of the hyperplane w . x + b = 0 on (X, y).

    gamma = min_n y_n (w . x_n + b) / ||(w, b)||, in augmented coordinates
    (the bias is one more weight, on a constant input 1); it is positive
    exactly when (w, b) separates the data.

    Parameters
    ----------
    X : array_like, shape (N, D)
    y : array_like, shape (N,), labels in {-1, +1} or {0, 1}
    w : array_like, shape (D,)
    b : float
    """
    X = check_array(X, "X", ndim=2)
    check_finite(X, "X")
    y = as_signs(y)
    check_same_rows(X, y, "X", "y")
    w = check_array(w, "w", shape=(X.shape[1],))
    check_finite(w, "w")
    b = check_real(b, "b")
    v = np.append(w, b)  # (w, b)
    norm = float(np.linalg.norm(v))
    if norm == 0:
        raise ValueError("the margin of the zero vector is undefined: "
                         "(w, b) must not be all zeros")
    X_aug = np.column_stack([X, np.ones(len(X))])  # rows (x_n, 1)
    return float(np.min(y * (X_aug @ v)) / norm)


def novikoff_bound(X: ArrayLike, y: ArrayLike, w: ArrayLike,
                   b: float = 0.0) -> float:
    """Novikoff's bound (R / gamma)^2 on the perceptron's mistakes.

    R = max_n ||(x_n, 1)|| and gamma = margin(X, y, w, b) for any
    separating (w, b); the better the separator (the larger its margin),
    the tighter the bound. It holds for lr > 0 and zero initial weights.

    Raises
    ------
    ValueError
        If (w, b) does not separate the data (gamma <= 0): there is then
        no bound.
    """
    gamma = margin(X, y, w, b)  # checks the arguments
    if gamma <= 0:
        raise ValueError(f"(w, b) does not separate the data (margin "
                         f"{gamma:.3g} <= 0): no mistake bound")
    X = np.asarray(X, dtype=np.float64)
    X_aug = np.column_stack([X, np.ones(len(X))])  # rows (x_n, 1)
    R = float(np.max(np.linalg.norm(X_aug, axis=1)))
    return (R / gamma) ** 2


@dataclass
class PerceptronHistory:
    """What happened during ``Perceptron.fit``.

    Attributes
    ----------
    mistakes : list of int
        Mistakes (updates) in each epoch.
    weights : list of ndarray, shape (D + 1,)
        (w, b) after every update, starting with the initial one (only
        with ``record=True``).
    converged : bool
        True if the last epoch made no mistake (the data are separated).
    """

    mistakes: list[int] = field(default_factory=list)
    weights: list[np.ndarray] = field(default_factory=list)
    converged: bool = False

    @property
    def total_mistakes(self) -> int:
        """Mistakes over all epochs."""
        return sum(self.mistakes)


class Perceptron:
    """Rosenblatt's perceptron for labels in {-1, +1} (or {0, 1}).

    Parameters
    ----------
    n_in : int
        D, the width of the inputs (N, D).
    lr : float
        Step size of each update (on separable data from zero weights it
        only rescales (w, b)).

    Attributes
    ----------
    w : ndarray, shape (D,)
    b : float
    """

    def __init__(self, n_in: int, *, lr: float = 1.0) -> None:
        self.n_in = check_positive_int(n_in, "n_in")
        self.lr = check_positive(lr, "lr")
        self.w = np.zeros(self.n_in)
        self.b = 0.0

    def __repr__(self) -> str:
        return f"Perceptron({self.n_in})"

    def decision_function(self, X: ArrayLike) -> np.ndarray:
        """w . x + b for each row of X, (N, D); shape (N,)."""
        X = check_array(X, "X", shape=(None, self.n_in))
        check_finite(X, "X")
        return X @ self.w + self.b

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Predicted labels in {-1, +1}, shape (N,); a point exactly on the
        boundary counts as -1."""
        return np.where(self.decision_function(X) > 0, 1.0, -1.0)

    def fit(self, X: ArrayLike, y: ArrayLike, *, epochs: int = 100,
            shuffle: bool = True, rng=None,
            record: bool = False) -> PerceptronHistory:
        """Run the perceptron rule until an epoch makes no mistake, or for
        ``epochs`` epochs.

        A mistake is y (w . x + b) <= 0 (a point on the boundary counts),
        and it triggers w <- w + lr y x, b <- b + lr y. Training continues
        from the current (w, b).

        Parameters
        ----------
        X : array_like, shape (N, D)
        y : array_like, shape (N,), labels in {-1, +1} or {0, 1}
        epochs : int
            The most passes over the data.
        shuffle : bool
            Visit the examples in a fresh random order each epoch, drawn
            from ``rng``; otherwise in the order given.
        rng : None, int or numpy.random.Generator
        record : bool
            Keep (w, b) after every update in ``history.weights``.
        """
        X = check_array(X, "X", shape=(None, self.n_in))
        check_finite(X, "X")
        y = as_signs(y)
        check_same_rows(X, y, "X", "y")
        epochs = check_positive_int(epochs, "epochs")
        shuffle = check_bool(shuffle, "shuffle")
        record = check_bool(record, "record")
        rng = check_rng(rng)
        history = PerceptronHistory()
        if record:
            history.weights.append(np.append(self.w, self.b))
        for _ in range(epochs):
            if shuffle:
                order = rng.permutation(len(y))
            else:
                order = np.arange(len(y))
            mistakes = 0
            # One example at a time: the rule is online, so this loop is
            # the algorithm itself.
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
