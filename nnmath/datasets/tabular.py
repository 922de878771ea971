"""Tabular data: missing values, label encoding and one-hot encoding.

Discussed in the book chapter *A neural network on a tabular data set*.
Everything here is NumPy: a column of strings is an ``object`` (or unicode)
array, and a pandas column or data frame works as input because
``np.asarray`` turns it into one. Each tool learns its state in ``fit`` (on
the training split only) and applies it, unchanged, in ``transform``.
"""

from __future__ import annotations

import numbers
from typing import Any, Sequence

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["missing_mask", "Imputer", "LabelEncoder", "OneHotEncoder"]


def missing_mask(values: ArrayLike) -> np.ndarray:
    """Where the values are missing: None, NaN, NaT or pandas.NA.

    Parameters
    ----------
    values : array_like, shape (N,) or (N, D)
        Numbers, strings or other objects.

    Returns
    -------
    ndarray of bool, the shape of ``values``
    """
    arr = np.asarray(values)
    if arr.ndim not in (1, 2):
        raise ValueError("values must be a 1-D column (N,) or a 2-D table "
                         f"(N, D), got shape {arr.shape}")
    if arr.dtype.kind in "fc":
        return np.isnan(arr)
    if arr.dtype.kind in "mM":  # times and dates mark a gap as NaT
        return np.isnat(arr)
    if arr.dtype.kind != "O":
        # Integers, booleans and strings have no "missing" value.
        return np.zeros(arr.shape, dtype=bool)
    # An object array (strings with None or NaN, as pandas gives) is
    # checked value by value. pandas.NA is recognised by its type's name,
    # so that nnmath need not import pandas.
    mask = np.zeros(arr.shape, dtype=bool)
    for index, value in np.ndenumerate(arr):
        if value is None or type(value).__name__ == "NAType":
            mask[index] = True
        elif isinstance(value, (float, np.floating)):
            mask[index] = np.isnan(value)
    return mask


def _as_table(values: ArrayLike, name: str) -> np.ndarray:
    """A 2-D (N, D) array; a 1-D array is one column, shape (N, 1)."""
    arr = np.asarray(values)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a column (N,) or a table (N, D), "
                         f"got shape {arr.shape}")
    return arr


def _refuse_missing(arr: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` if ``arr`` holds a missing value."""
    mask = missing_mask(arr)
    if mask.any():
        where = [int(i) for i in np.argwhere(mask)[0]]
        raise ValueError(
            f"{name} has {int(mask.sum())} missing value(s) (None or NaN), "
            f"the first at {name}{where}; impute them (Imputer) or drop "
            "those rows before encoding")


def _sorted_categories(column: np.ndarray, name: str) -> np.ndarray:
    """The distinct values of a column, sorted, so that the encoding does
    not depend on the order of the rows."""
    try:
        return np.unique(column)
    except TypeError as err:  # e.g. strings mixed with numbers
        kinds = sorted({type(v).__name__ for v in column.tolist()})
        raise TypeError(
            f"{name} mixes values that cannot be sorted into categories "
            f"({', '.join(kinds)}); convert them to one type first"
        ) from err


class LabelEncoder:
    """Map the K distinct values of a column to the codes 0, ..., K-1.

    Use it for a *target*: class ids for ``softmax_cross_entropy``. For a
    nominal *input* use ``OneHotEncoder``: integer codes would give the
    categories an order and a spacing.

    Attributes
    ----------
    classes_ : ndarray, shape (K,)
        The sorted distinct values seen by ``fit``; ``classes_[code]`` is
        the value of a code (so ``classes_[codes]`` decodes an array).
    """

    def __init__(self) -> None:
        self.classes_: np.ndarray | None = None

    def fit(self, y: ArrayLike) -> LabelEncoder:
        """Learn the sorted distinct values of ``y``, shape (N,).

        Missing values are refused.
        """
        y = np.asarray(y)
        if y.ndim != 1:
            raise ValueError("y must have shape (N,), one value per row, "
                             f"got {y.shape}")
        if y.size == 0:
            raise ValueError("LabelEncoder.fit got an empty column: there "
                             "are no classes to learn")
        _refuse_missing(y, "y")
        self.classes_ = _sorted_categories(y, "y")
        return self

    def transform(self, y: ArrayLike) -> np.ndarray:
        """Integer codes, int64 of shape (N,).

        A value not seen in ``fit`` raises ``ValueError``.
        """
        if self.classes_ is None:
            raise RuntimeError("LabelEncoder used before fit: call "
                               "fit(y_train) first")
        y = np.asarray(y)
        if y.ndim != 1:
            raise ValueError("y must have shape (N,), one value per row, "
                             f"got {y.shape}")
        _refuse_missing(y, "y")
        classes = self.classes_.tolist()
        code = {value: k for k, value in enumerate(classes)}
        unseen = sorted({str(v) for v in y.tolist() if v not in code})
        if unseen:
            raise ValueError(f"y has value(s) not seen in fit: {unseen}; "
                             f"known classes are {classes}")
        return np.array([code[v] for v in y.tolist()], dtype=np.int64)

    def fit_transform(self, y: ArrayLike) -> np.ndarray:
        """``fit(y)``, then ``transform(y)``."""
        return self.fit(y).transform(y)


class OneHotEncoder:
    """One-hot encode D categorical columns, each into K_j indicators.

    The categories of column j are learnt in ``fit`` (sorted); the output
    puts the blocks of 0.0 / 1.0 side by side, shape (N, K_1 + ... + K_D).
    Missing values, and in ``transform`` categories not seen in ``fit``,
    are refused: impute or drop them first.

    Attributes
    ----------
    categories_ : list of D ndarrays, the j-th of shape (K_j,)
    """

    def __init__(self) -> None:
        self.categories_: list[np.ndarray] | None = None

    def fit(self, X: ArrayLike) -> OneHotEncoder:
        """Learn each column's sorted categories from X, shape (N, D)
        (or (N,) for one column)."""
        X = _as_table(X, "X")
        if X.shape[0] == 0:
            raise ValueError("OneHotEncoder.fit got no rows: there are no "
                             "categories to learn")
        _refuse_missing(X, "X")
        self.categories_ = [_sorted_categories(X[:, j], f"X[:, {j}]")
                            for j in range(X.shape[1])]
        return self

    def transform(self, X: ArrayLike) -> np.ndarray:
        """Indicator columns, float64 of shape (N, K_1 + ... + K_D)."""
        if self.categories_ is None:
            raise RuntimeError("OneHotEncoder used before fit: call "
                               "fit(X_train) first")
        X = np.asarray(X)
        if X.ndim == 1:
            X = X.reshape(-1, 1)  # a single column
        D = len(self.categories_)
        if X.ndim != 2 or X.shape[1] != D:
            raise ValueError(f"OneHotEncoder was fit on {D} column(s): X "
                             f"must have shape (N, {D}), got {X.shape}")
        if missing_mask(X).any():
            raise ValueError("X has missing values (None or NaN): impute "
                             "them (Imputer) or drop those rows first")
        blocks = []
        for j, categories in enumerate(self.categories_):
            # Compare each value with each category: (N, 1) against (K_j,)
            # broadcasts to the (N, K_j) block, True where they are equal.
            # As objects, any two values compare with Python's ==.
            block = X[:, j:j + 1].astype(object) == categories
            unseen = np.flatnonzero(~block.any(axis=1))
            if unseen.size:
                n = unseen[0]
                raise ValueError(
                    f"X[{n}, {j}] = {X[n, j]!r} is a category not seen in "
                    f"fit; column {j} knows {categories.tolist()}")
            blocks.append(block.astype(np.float64))
        return np.concatenate(blocks, axis=1)

    def fit_transform(self, X: ArrayLike) -> np.ndarray:
        """``fit(X)``, then ``transform(X)``."""
        return self.fit(X).transform(X)

    def feature_names(self, input_names: Sequence[str] | None = None
                      ) -> list[str]:
        """Names of the output columns, ``"<input>=<category>"``.

        ``input_names`` name the D input columns (default x0, x1, ...).
        """
        if self.categories_ is None:
            raise RuntimeError("OneHotEncoder used before fit: call "
                               "fit(X_train) first")
        if input_names is None:
            input_names = [f"x{j}" for j in range(len(self.categories_))]
        if len(input_names) != len(self.categories_):
            raise ValueError(f"input_names has {len(input_names)} name(s) "
                             f"for {len(self.categories_)} column(s)")
        names = []
        for name, categories in zip(input_names, self.categories_):
            for value in categories.tolist():
                names.append(f"{name}={value}")
        return names


class Imputer:
    """Fill missing values (None, NaN) column by column.

    Each column's fill value is a statistic learnt in ``fit``. Fit it on
    the training split alone: a statistic computed over all rows lets the
    test rows shape the training inputs (leakage).

    Parameters
    ----------
    strategy : {"mean", "most_frequent"}
        "mean" needs numeric columns. "most_frequent" works for any
        values; a tie goes to the smallest value in sorted order, so the
        result does not depend on the order of the rows.

    Attributes
    ----------
    statistics_ : ndarray, shape (D,)
        The fill value of each column: float64 when they are all numbers,
        object otherwise.
    """

    def __init__(self, strategy: str = "mean") -> None:
        if strategy not in ("mean", "most_frequent"):
            raise ValueError("strategy must be 'mean' or 'most_frequent', "
                             f"got {strategy!r}")
        self.strategy = strategy
        self.statistics_: np.ndarray | None = None

    def _table(self, X: ArrayLike) -> np.ndarray:
        """X as an (N, D) table; for the mean, as float64 with NaN gaps."""
        X = _as_table(X, "X")
        if self.strategy == "mean" and X.dtype.kind not in "biuf":
            # Numbers stored as objects (e.g. next to None) are fine; a
            # mean of categories is meaningless.
            missing = missing_mask(X)
            for value in X[~missing].tolist():
                if not isinstance(value, numbers.Real):
                    raise TypeError(
                        f"strategy='mean' needs numeric columns, got "
                        f"{value!r} (use 'most_frequent' for categories)")
            X = np.where(missing, np.nan, X).astype(np.float64)
        return X

    def fit(self, X: ArrayLike) -> Imputer:
        """Learn one fill value per column of X, shape (N, D) or (N,)."""
        X = self._table(X)
        if X.shape[0] == 0:
            raise ValueError("Imputer.fit got no rows: there is nothing to "
                             "compute a fill value from")
        missing = missing_mask(X)
        stats = []
        for j in range(X.shape[1]):
            present = X[~missing[:, j], j]
            if present.size == 0:
                raise ValueError(f"X[:, {j}] is entirely missing: no "
                                 f"{self.strategy} to fill it with")
            try:
                stats.append(self._statistic(present))
            except TypeError as err:  # np.unique cannot sort mixed types
                kinds = sorted({type(v).__name__ for v in present.tolist()})
                raise TypeError(
                    f"X[:, {j}] mixes values that cannot be compared "
                    f"({', '.join(kinds)}); convert them to one type first"
                ) from err
        numeric = all(isinstance(v, numbers.Real) for v in stats)
        self.statistics_ = np.array(
            stats, dtype=np.float64 if numeric else object)
        return self

    def _statistic(self, present: np.ndarray) -> Any:
        """The fill value of one column from its present values, (M,)."""
        if self.strategy == "mean":
            return float(np.mean(present))
        # np.unique sorts the values and argmax takes the first maximum:
        # a tie goes to the smallest value, whatever the order of the rows.
        values, counts = np.unique(present, return_counts=True)
        return values.tolist()[np.argmax(counts)]

    def transform(self, X: ArrayLike) -> np.ndarray:
        """A copy of X with each missing entry replaced by its column's
        statistic.

        Shape (N, D), or (N,) for a 1-D input. float64 when the input and
        the fill values are numbers, otherwise an object array (so that a
        string is never truncated or cast).
        """
        if self.statistics_ is None:
            raise RuntimeError("Imputer used before fit: call "
                               "fit(X_train) first")
        one_column = np.ndim(X) == 1
        X = self._table(X)
        if X.shape[1] != self.statistics_.size:
            raise ValueError(f"Imputer was fit on {self.statistics_.size} "
                             f"column(s), got X of shape {X.shape}")
        numeric = (X.dtype.kind in "biuf"
                   and self.statistics_.dtype.kind == "f")
        out = X.astype(np.float64 if numeric else object, copy=True)
        rows, cols = np.nonzero(missing_mask(X))
        out[rows, cols] = self.statistics_[cols]
        return out[:, 0] if one_column else out

    def fit_transform(self, X: ArrayLike) -> np.ndarray:
        """``fit(X)``, then ``transform(X)``."""
        return self.fit(X).transform(X)
