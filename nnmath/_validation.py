"""Input checks shared by the library.

Every public function validates its arguments here, so a user sees one clear message naming what
was expected and what came, instead of a broadcasting error from deep inside NumPy.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


def as_float_array(x, name: str = "x", *, dtype=None) -> np.ndarray:
    """Return ``x`` as a floating-point ndarray; integers and booleans become float64.

    Raises ``TypeError`` for complex, string or object input.
    """
    # Check the kind BEFORE casting: np.asarray(["1.5"], dtype=float) would silently parse strings.
    arr = np.asarray(x)
    kind = arr.dtype.kind
    if kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got an array of dtype {arr.dtype}")
    if dtype is not None:
        return arr.astype(dtype, copy=False)
    return arr if kind == "f" else arr.astype(np.float64)


def check_ndim(arr: np.ndarray, ndim: int, name: str, hint: str = "") -> None:
    """Raise ``ValueError`` unless ``arr.ndim == ndim``."""
    if arr.ndim != ndim:
        shape = {1: "(N,)", 2: "(N, D)"}.get(ndim, f"{ndim}-D")
        extra = f" ({hint})" if hint else ""
        raise ValueError(f"{name} must be a {ndim}-D array of shape {shape}, got shape {arr.shape}{extra}")


def check_finite(arr: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` if ``arr`` holds NaN or infinity, saying where the first one is."""
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        where = tuple(int(i) for i in bad)
        raise ValueError(f"{name} must be finite, but {name}{list(where)} is {arr[tuple(bad)]}")


def check_same_rows(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same number of rows."""
    if a.shape[0] != b.shape[0]:
        raise ValueError(
            f"{name_a} and {name_b} must have the same number of rows (samples), "
            f"got {a.shape[0]} and {b.shape[0]}"
        )


def as_labels(labels, name: str = "labels", n_classes: int | None = None) -> np.ndarray:
    """Return integer class ids of shape (N,), checked to lie in ``[0, n_classes)``."""
    arr = np.asarray(labels)
    if arr.dtype.kind == "f":
        if np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)):
            arr = arr.astype(np.int64)
        else:
            raise TypeError(f"{name} must be integer class ids, got non-integer values of dtype {arr.dtype}")
    elif arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must be integer class ids, got dtype {arr.dtype}")
    check_ndim(arr, 1, name, "one integer class id per row")
    if arr.size and arr.min() < 0:
        raise ValueError(f"{name} must be >= 0, got {arr.min()}")
    if n_classes is not None and arr.size and arr.max() >= n_classes:
        raise ValueError(f"{name} must be < {n_classes} (the number of classes), got {arr.max()}")
    return arr


def positive_int(value, name: str) -> int:
    """Return ``value`` as an int, raising if it is not a positive integer."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer, got {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value}")
    return int(value)


def positive_float(value, name: str) -> float:
    """Return ``value`` as a float, raising if it is not a finite positive number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite positive number, got {value}")
    return float(value)


def make_rng(rng) -> np.random.Generator:
    """``np.random.default_rng`` with a clear message for anything it cannot take."""
    if rng is None or isinstance(rng, np.random.Generator):
        return np.random.default_rng(rng)
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise TypeError(f"rng must be None, an int seed or a numpy.random.Generator, got {type(rng).__name__}")
