"""Tabular data: missing values, label encoding and one-hot encoding of categorical columns.

Discussed in the book chapter *A neural network on a tabular data set*. Everything here is NumPy:
a column of strings is an ``object`` (or unicode) array, and a pandas column or data frame works
as input because ``np.asarray`` turns it into one. Each tool learns its state in ``fit`` (on the
training split only) and applies it, unchanged, in ``transform``.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Sequence

import numpy as np
from numpy.typing import ArrayLike

from .._validation import as_float_array, as_labels, check_ndim
from .preprocessing import one_hot

__all__ = ["missing_mask", "Imputer", "LabelEncoder", "OneHotEncoder"]


def _is_missing_value(value: Any) -> bool:
    """True for None, a floating-point NaN, or pandas' ``NA`` scalar."""
    if value is None:
        return True
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return math.isnan(value)
    # pandas.NA is recognised by its type's name, so that nnmath need not import pandas.
    return type(value).__name__ == "NAType"


def missing_mask(values: ArrayLike) -> np.ndarray:
    """Where the values are missing: None, NaN or pandas.NA.

    Parameters
    ----------
    values : array_like, shape (N,) or (N, D); numbers, strings or objects

    Returns
    -------
    ndarray of bool, same shape as ``values``
    """
    arr = np.asarray(values)
    if arr.ndim not in (1, 2):
        raise ValueError(f"values must be a 1-D column (N,) or a 2-D table (N, D), got shape {arr.shape}")
    kind = arr.dtype.kind
    if kind in "fc":
        return np.isnan(arr)
    if kind in "mM":  # timedeltas and datetimes mark a missing value as NaT
        return np.isnat(arr)
    if kind in "biuUS" or arr.size == 0:  # integers, booleans and fixed-width strings have no "missing"
        return np.zeros(arr.shape, dtype=bool)
    # An object array (e.g. strings with None or NaN, as pandas gives) is checked value by value.
    return np.vectorize(_is_missing_value, otypes=[bool])(arr)


def _refuse_missing(arr: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` if ``arr`` holds a missing value, saying where and what to do."""
    mask = missing_mask(arr)
    if mask.any():
        where = [int(i) for i in np.argwhere(mask)[0]]
        raise ValueError(f"{name} has {int(mask.sum())} missing value(s) (None or NaN), the first at "
                         f"{name}{where}; impute them (Imputer) or drop those rows before encoding")


def _as_column(values: ArrayLike, name: str) -> np.ndarray:
    arr = np.asarray(values)
    check_ndim(arr, 1, name, "one category per row")
    return arr


def _as_table(values: ArrayLike, name: str) -> np.ndarray:
    """A 2-D (N, D) array; a 1-D array is taken as a single column, shape (N, 1)."""
    arr = np.asarray(values)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a column (N,) or a table (N, D), got shape {arr.shape}")
    return arr


def _sorted_categories(column: np.ndarray, name: str) -> np.ndarray:
    """The distinct values of a column, sorted (so the encoding does not depend on row order)."""
    try:
        return np.unique(column)
    except TypeError as err:  # e.g. strings mixed with numbers cannot be sorted
        kinds = sorted({type(v).__name__ for v in column.tolist()})
        raise TypeError(f"{name} mixes values that cannot be sorted into categories ({', '.join(kinds)}); "
                        f"convert them to one type first") from err


def _codes(column: np.ndarray, categories: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Position of each value in ``categories`` (int64, shape (N,)) and a mask of unknown values."""
    index = {value: code for code, value in enumerate(categories.tolist())}
    codes = np.array([index.get(value, -1) for value in column.tolist()], dtype=np.int64)
    return codes, codes < 0


def _unknown_message(column: np.ndarray, unknown: np.ndarray, categories: np.ndarray, name: str) -> str:
    seen = sorted({str(v) for v in column[unknown].tolist()})
    shown = ", ".join(repr(v) for v in seen[:5]) + (", ..." if len(seen) > 5 else "")
    return (f"{name} has {int(unknown.sum())} value(s) not seen in fit: {shown}; "
            f"known categories are {[str(c) for c in categories.tolist()]}")


class LabelEncoder:
    """Map the K distinct values of a column to the integer codes 0, ..., K-1 (sorted order).

    Use it for a *target*: class ids for ``softmax_cross_entropy``. For a nominal *input* use
    ``OneHotEncoder``, because integer codes would give the categories an order and a spacing.

    Attributes
    ----------
    classes_ : ndarray, shape (K,)
        The sorted distinct values seen by ``fit``; ``classes_[code]`` is the value of a code.
    """

    def __init__(self) -> None:
        self.classes_: np.ndarray | None = None

    def _fitted_classes(self) -> np.ndarray:
        if self.classes_ is None:
            raise RuntimeError("LabelEncoder used before fit: call fit(y_train) first")
        return self.classes_

    def fit(self, y: ArrayLike) -> "LabelEncoder":
        """Learn the sorted distinct values of ``y``, shape (N,); missing values are refused."""
        y = _as_column(y, "y")
        if y.size == 0:
            raise ValueError("LabelEncoder.fit got an empty column: there are no classes to learn")
        _refuse_missing(y, "y")
        self.classes_ = _sorted_categories(y, "y")
        return self

    def transform(self, y: ArrayLike) -> np.ndarray:
        """Integer codes, int64 of shape (N,); a value not seen in ``fit`` raises ``ValueError``."""
        classes = self._fitted_classes()
        y = _as_column(y, "y")
        _refuse_missing(y, "y")
        codes, unknown = _codes(y, classes)
        if unknown.any():
            raise ValueError(_unknown_message(y, unknown, classes, "y"))
        return codes

    def fit_transform(self, y: ArrayLike) -> np.ndarray:
        return self.fit(y).transform(y)

    def inverse_transform(self, codes: ArrayLike) -> np.ndarray:
        """The original values ``classes_[codes]``, shape (N,); codes must lie in [0, K)."""
        classes = self._fitted_classes()
        codes = as_labels(codes, "codes", classes.size)
        return classes[codes]


class OneHotEncoder:
    """One-hot encode D categorical columns: each becomes K_j indicator columns (0.0 or 1.0).

    The categories of column j are learnt in ``fit`` (sorted); the output puts the blocks side by
    side, shape (N, K_1 + ... + K_D). Missing values are refused: impute or drop them first.

    Parameters
    ----------
    handle_unknown : {"error", "ignore"}
        What ``transform`` does with a value not seen in ``fit``: raise ``ValueError`` (the
        default: a new category usually means the data changed), or encode it as all zeros in
        that column's block (no category switched on).

    Attributes
    ----------
    categories_ : list of D ndarrays, the j-th of shape (K_j,)
    """

    def __init__(self, handle_unknown: str = "error") -> None:
        if handle_unknown not in ("error", "ignore"):
            raise ValueError(f"handle_unknown must be 'error' or 'ignore', got {handle_unknown!r}")
        self.handle_unknown = handle_unknown
        self.categories_: list[np.ndarray] | None = None

    def _fitted_categories(self) -> list[np.ndarray]:
        if self.categories_ is None:
            raise RuntimeError("OneHotEncoder used before fit: call fit(X_train) first")
        return self.categories_

    def fit(self, X: ArrayLike) -> "OneHotEncoder":
        """Learn each column's sorted categories from X, shape (N, D) (or (N,) for one column)."""
        X = _as_table(X, "X")
        if X.shape[0] == 0:
            raise ValueError("OneHotEncoder.fit got no rows: there are no categories to learn")
        _refuse_missing(X, "X")
        self.categories_ = [_sorted_categories(X[:, j], f"X[:, {j}]") for j in range(X.shape[1])]
        return self

    def transform(self, X: ArrayLike) -> np.ndarray:
        """Indicator columns, float64 of shape (N, sum_j K_j)."""
        categories = self._fitted_categories()
        X = _as_table(X, "X")
        if X.shape[1] != len(categories):
            raise ValueError(f"OneHotEncoder was fit on {len(categories)} column(s), got X of shape {X.shape}")
        _refuse_missing(X, "X")
        blocks = []
        for j, cats in enumerate(categories):
            codes, unknown = _codes(X[:, j], cats)
            if unknown.any() and self.handle_unknown == "error":
                raise ValueError(_unknown_message(X[:, j], unknown, cats, f"X[:, {j}]"))
            # An unknown value gets code 0 and its row is then zeroed: no category is switched on.
            block = one_hot(np.where(unknown, 0, codes), cats.size)
            block[unknown] = 0.0
            blocks.append(block)
        return np.concatenate(blocks, axis=1)

    def fit_transform(self, X: ArrayLike) -> np.ndarray:
        return self.fit(X).transform(X)

    def inverse_transform(self, Z: ArrayLike) -> np.ndarray:
        """The categories back from indicator rows, object array of shape (N, D).

        A block with no 1 (an unknown value under ``handle_unknown="ignore"``) gives None.
        """
        categories = self._fitted_categories()
        Z = as_float_array(Z, "Z")
        width = sum(c.size for c in categories)
        if Z.ndim != 2 or Z.shape[1] != width:
            raise ValueError(f"Z must have shape (N, {width}) for these categories, got {Z.shape}")
        out = np.empty((Z.shape[0], len(categories)), dtype=object)
        start = 0
        for j, cats in enumerate(categories):
            block = Z[:, start:start + cats.size]
            if not np.all((block == 0) | (block == 1)) or np.any(block.sum(axis=1) > 1):
                raise ValueError(f"Z[:, {start}:{start + cats.size}] is not one-hot: each row needs "
                                 f"at most one 1 and zeros elsewhere")
            values = cats.astype(object)[block.argmax(axis=1)]
            values[block.sum(axis=1) == 0] = None
            out[:, j] = values
            start += cats.size
        return out

    def feature_names(self, input_names: Sequence[str] | None = None) -> list[str]:
        """Names of the output columns, ``"<input>=<category>"``; inputs default to x0, x1, ..."""
        categories = self._fitted_categories()
        if input_names is None:
            input_names = [f"x{j}" for j in range(len(categories))]
        if len(input_names) != len(categories):
            raise ValueError(f"input_names has {len(input_names)} name(s) for {len(categories)} column(s)")
        return [f"{name}={value}" for name, cats in zip(input_names, categories) for value in cats.tolist()]


class Imputer:
    """Fill missing values (None, NaN) column by column with a statistic learnt in ``fit``.

    Fit it on the training split alone: a statistic computed over all rows lets the test rows
    shape the training inputs (leakage).

    Parameters
    ----------
    strategy : {"mean", "median", "most_frequent", "constant"}
        "mean" and "median" need numeric columns. "most_frequent" works for any values; a tie goes
        to the smallest value in sorted order, so the result does not depend on row order.
        "constant" fills with ``fill_value``, e.g. a category of its own such as "unknown".
    fill_value : object
        Only for ``strategy="constant"``.

    Attributes
    ----------
    statistics_ : ndarray, shape (D,)
        The fill value of each column: float64 when they are all numbers, object otherwise.
    """

    _STRATEGIES = ("mean", "median", "most_frequent", "constant")

    def __init__(self, strategy: str = "mean", fill_value: Any = None) -> None:
        if strategy not in self._STRATEGIES:
            raise ValueError(f"strategy must be one of {', '.join(self._STRATEGIES)}; got {strategy!r}")
        if strategy == "constant" and _is_missing_value(fill_value):
            raise ValueError("strategy='constant' needs a fill_value that is not itself missing")
        self.strategy = strategy
        self.fill_value = fill_value
        self.statistics_: np.ndarray | None = None

    def _table(self, X: ArrayLike) -> np.ndarray:
        X = _as_table(X, "X")
        if self.strategy in ("mean", "median") and X.dtype.kind not in "biuf":
            # A mean of categories is meaningless; numbers stored as objects (e.g. with None) are fine.
            present = X[~missing_mask(X)].tolist()
            bad = [v for v in present if not isinstance(v, numbers.Real)]
            if bad:
                raise TypeError(f"strategy={self.strategy!r} needs numeric columns, got {bad[0]!r} "
                                f"(use 'most_frequent' or 'constant' for categories)")
            X = np.where(missing_mask(X), np.nan, X).astype(np.float64)
        return X

    def fit(self, X: ArrayLike) -> "Imputer":
        """Learn one fill value per column of X, shape (N, D) (or (N,) for one column)."""
        X = self._table(X)
        if X.shape[0] == 0:
            raise ValueError("Imputer.fit got no rows: there is nothing to compute a fill value from")
        missing = missing_mask(X)
        if self.strategy == "constant":
            stats = [self.fill_value] * X.shape[1]
        else:
            empty = np.flatnonzero(missing.all(axis=0))
            if empty.size:
                raise ValueError(f"column(s) {empty.tolist()} of X are entirely missing: no "
                                 f"{self.strategy} to fill them with")
            stats = [self._statistic(X[~missing[:, j], j], j) for j in range(X.shape[1])]
        numeric = all(isinstance(v, numbers.Real) for v in stats)
        self.statistics_ = np.array(stats, dtype=np.float64 if numeric else object)
        return self

    def _statistic(self, present: np.ndarray, j: int) -> Any:
        """The fill value of column j from its present (non-missing) values."""
        if self.strategy == "mean":
            return float(np.mean(present))
        if self.strategy == "median":
            return float(np.median(present))
        values = _sorted_categories(present, f"X[:, {j}]")
        counts = np.bincount(_codes(present, values)[0], minlength=values.size)
        return values.tolist()[int(np.argmax(counts))]  # argmax takes the first, smallest, of a tie

    def transform(self, X: ArrayLike) -> np.ndarray:
        """A copy of X with each missing entry replaced by its column's statistic.

        Shape (N, D), or (N,) for a 1-D input. float64 when the input and the fill values are
        numbers, otherwise an object array (so a string is never truncated or cast).
        """
        if self.statistics_ is None:
            raise RuntimeError("Imputer used before fit: call fit(X_train) first")
        one_column = np.ndim(X) == 1
        X = self._table(X)
        if X.shape[1] != self.statistics_.size:
            raise ValueError(f"Imputer was fit on {self.statistics_.size} column(s), got X of shape {X.shape}")
        missing = missing_mask(X)
        numeric = X.dtype.kind in "biuf" and self.statistics_.dtype.kind == "f"
        out = X.astype(np.float64 if numeric else object, copy=True)
        rows, cols = np.nonzero(missing)
        out[rows, cols] = self.statistics_[cols]
        return out[:, 0] if one_column else out

    def fit_transform(self, X: ArrayLike) -> np.ndarray:
        return self.fit(X).transform(X)
