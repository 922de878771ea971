"""Argument checks shared by the library, one purpose each.

A public function checks its arguments once, at its top, with these
helpers, and then does only maths; internal calls do not check again. Each
helper raises a ``TypeError`` (wrong kind of value: a string, None, a bool
where a number belongs, a complex or object array) or a ``ValueError``
(right kind, wrong value or shape) whose message names the argument, what
was expected and what came. NumPy scalars are accepted wherever Python
numbers are; ``bool`` is not a number.
"""

from __future__ import annotations

import math
import numbers
from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

__all__ = [
    "check_real", "check_positive", "check_nonnegative", "check_probability",
    "check_positive_int", "check_float_dtype", "check_array",
    "check_finite", "check_labels", "check_same_rows", "check_rng",
    "check_input", "check_forward_done", "check_dy", "check_shape",
    "check_weight_shape", "check_target", "check_integer", "check_bool",
    "check_callable", "check_model_dtype", "check_windows",
    "check_recording",
]


def _is_real(value) -> bool:
    # numbers.Real covers int, float and NumPy's integer and float scalars.
    return isinstance(value, numbers.Real) and not isinstance(
        value, (bool, np.bool_))


def check_real(value, name: str) -> float:
    """``value`` as a float; it must be a finite real number."""
    if not _is_real(value):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return float(value)


def check_positive(value, name: str) -> float:
    """``value`` as a float; it must be a finite number > 0."""
    value = check_real(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    return value


def check_nonnegative(value, name: str) -> float:
    """``value`` as a float; it must be a finite number >= 0."""
    value = check_real(value, name)
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return value


def check_probability(value, name: str) -> float:
    """``value`` as a float; it must lie in [0, 1). (1 is excluded: a
    dropout rate of 1 keeps nothing, a momentum or decay rate of 1 never
    forgets.)"""
    value = check_real(value, name)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must lie in [0, 1), got {value}")
    return value


def check_integer(value, name: str) -> int:
    """``value`` as an int; it must be an integer (negative allowed, as
    for an array axis)."""
    if not isinstance(value, numbers.Integral) or isinstance(
            value, (bool, np.bool_)):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    return int(value)


def check_bool(value, name: str) -> bool:
    """``value`` as a bool; it must be True or False (not a string, which
    would be truthy whatever it says)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def check_callable(value, name: str) -> None:
    """Raise ``TypeError`` unless ``value`` can be called."""
    if not callable(value):
        raise TypeError(f"{name} must be a function, got {value!r}")


def check_model_dtype(params) -> np.dtype:
    """The one dtype of a model's parameters (float64 if it has none).

    Mixed dtypes raise ``TypeError``: NumPy would silently promote a
    float32 model's activations to float64 after a float64 layer.
    """
    dtypes = {p.value.dtype for p in params}
    if len(dtypes) > 1:
        names = ", ".join(sorted(str(d) for d in dtypes))
        raise TypeError(f"the model's parameters mix dtypes ({names}): "
                        "build every layer with the same dtype=")
    return dtypes.pop() if dtypes else np.dtype(np.float64)


def check_positive_int(value, name: str) -> int:
    """``value`` as an int; it must be an integer >= 1."""
    if not isinstance(value, numbers.Integral) or isinstance(
            value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a positive integer, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value}")
    return int(value)


def check_float_dtype(dtype: DTypeLike, name: str = "dtype") -> np.dtype:
    """``dtype`` as a NumPy dtype; it must be a floating-point type."""
    if dtype is None:
        raise TypeError(f"{name} must be a floating-point dtype such as "
                        "np.float32 or np.float64, got None")
    try:
        dtype = np.dtype(dtype)
    except TypeError as err:
        raise TypeError(f"{name} must be a floating-point dtype, got "
                        f"{dtype!r}") from err
    if dtype.kind != "f":
        raise TypeError(f"{name} must be a floating-point dtype such as "
                        f"np.float32 or np.float64, got {dtype}")
    return dtype


def _shape_text(shape: Sequence[int | None]) -> str:
    letters = iter("NMKLPQ")
    parts = [str(s) if s is not None else next(letters) for s in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def check_array(x: ArrayLike, name: str, *,
                shape: Sequence[int | None] | None = None,
                ndim: int | Sequence[int] | None = None,
                dtype: DTypeLike | None = None) -> np.ndarray:
    """``x`` as a floating-point ndarray of real numbers.

    Integers and booleans become float64 (or ``dtype``); a float array
    keeps its dtype unless ``dtype`` is given. ``shape`` is a tuple whose
    ``None`` entries match any size, e.g. ``(None, 4)`` for (N, 4);
    ``ndim`` is an allowed number of dimensions (or a tuple of them).
    Strings, complex numbers and objects raise ``TypeError``; a wrong shape
    raises ``ValueError``.
    """
    arr = np.asarray(x)
    # Check the kind BEFORE casting: np.asarray(["1.5"], dtype=float)
    # would silently parse strings.
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got an array of "
                        f"dtype {arr.dtype}")
    if shape is not None:
        shape = tuple(shape)
        if arr.ndim != len(shape) or any(
                want is not None and got != want
                for got, want in zip(arr.shape, shape)):
            raise ValueError(f"{name} must have shape {_shape_text(shape)}, "
                             f"got {arr.shape}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{k}-D" for k in allowed)
            raise ValueError(f"{name} must be a {want} array, got shape "
                             f"{arr.shape}")
    if dtype is not None:
        return arr.astype(dtype, copy=False)
    return arr if arr.dtype.kind == "f" else arr.astype(np.float64)


def check_finite(arr: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` if ``arr`` holds NaN or infinity, saying where
    the first one is."""
    if not np.all(np.isfinite(arr)):
        where = [int(i) for i in np.argwhere(~np.isfinite(arr))[0]]
        raise ValueError(f"{name} must be finite, but {name}{where} is "
                         f"{arr[tuple(where)]}")


def check_labels(labels: ArrayLike, name: str,
                 n_classes: int | None = None) -> np.ndarray:
    """Integer class ids as int64 of shape (N,), each in [0, n_classes).

    Floats that are whole numbers (1.0) are accepted, as labels often
    arrive in a float array; 0.5 or NaN is refused.
    """
    arr = np.asarray(labels)
    # Whole floats below 2^53 (where every integer is exact) become ints;
    # 0.5, NaN, inf and 1e30 stay float and are refused below.
    if arr.dtype.kind == "f" and np.all(np.abs(arr) < 2.0**53) and np.all(
            arr == np.round(arr)):
        arr = arr.astype(np.int64)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must be integer class ids, got dtype "
                        f"{arr.dtype}")
    if arr.ndim != 1:
        raise ValueError(f"{name} must have shape (N,), one class id per "
                         f"row, got {arr.shape}")
    if arr.size and arr.min() < 0:
        raise ValueError(f"{name} must be >= 0, got {arr.min()}")
    if n_classes is not None and arr.size and arr.max() >= n_classes:
        raise ValueError(f"{name} must be < {n_classes} (the number of "
                         f"classes), got {arr.max()}")
    return arr.astype(np.int64, copy=False)


def check_same_rows(a: np.ndarray, b: np.ndarray, name_a: str,
                    name_b: str) -> None:
    """Raise ``ValueError`` unless ``a`` and ``b`` have as many rows."""
    rows_a = a.shape[0] if a.ndim else None
    rows_b = b.shape[0] if b.ndim else None
    if rows_a is None or rows_a != rows_b:
        raise ValueError(f"{name_a} and {name_b} must have the same number "
                         f"of rows (samples), got shapes {a.shape} and "
                         f"{b.shape}")


def check_rng(rng) -> np.random.Generator:
    """``np.random.default_rng(rng)`` for None, an int seed or a Generator;
    anything else raises ``TypeError``."""
    if rng is None or isinstance(rng, np.random.Generator):
        return np.random.default_rng(rng)
    if isinstance(rng, numbers.Integral) and not isinstance(
            rng, (bool, np.bool_)):
        return np.random.default_rng(int(rng))
    raise TypeError("rng must be None, an int seed or a "
                    f"numpy.random.Generator, got {type(rng).__name__}")


def check_input(x, layer, width: int | None = None) -> np.ndarray:
    """A layer's input as a float ndarray; with ``width``, of shape
    (N, width).

    Cheap (no pass over the data), so it can stay on the training path.
    Integer input becomes float64; strings and objects raise TypeError.
    """
    if not isinstance(x, np.ndarray):
        x = np.asarray(x)
    if x.dtype.kind != "f":
        if x.dtype.kind not in "biu":
            raise TypeError(f"{layer!r} expected a floating-point input, "
                            f"got dtype {x.dtype}")
        x = x.astype(np.float64)
    if width is not None and (x.ndim != 2 or x.shape[1] != width):
        raise ValueError(f"{layer!r} expected input of shape (N, {width}), "
                         f"got {x.shape}")
    return x


def check_forward_done(cache, layer) -> None:
    """Raise ``RuntimeError`` if ``backward`` comes before ``forward``
    (the layer's cache of the forward pass is still None)."""
    if cache is None:
        raise RuntimeError(f"{layer!r}.backward called before forward: "
                           "there is nothing stored to differentiate")


def check_dy(dy, shape: tuple[int, ...], layer) -> None:
    """Raise unless ``dy`` is a float ndarray of ``shape``, that of the
    layer's forward output (broadcasting would hide a mistake)."""
    if not isinstance(dy, np.ndarray):
        raise TypeError(f"{layer!r}.backward expected dy as an ndarray of "
                        f"shape {shape}, got {type(dy).__name__}")
    if dy.shape != shape:
        raise ValueError(f"{layer!r}.backward expected dy of shape {shape} "
                         f"(the shape of the forward output), got "
                         f"{dy.shape}")
    if dy.dtype.kind != "f":
        raise TypeError(f"{layer!r}.backward expected a floating-point dy, "
                        f"got dtype {dy.dtype}")


def check_shape(shape, name: str = "shape") -> tuple[int, ...]:
    """``shape`` as a tuple of ints; an int n means (n,). It must be
    non-empty, with every size a positive integer."""
    sizes = (shape,) if isinstance(shape, numbers.Integral) else shape
    try:
        sizes = tuple(sizes)
    except TypeError as err:
        raise TypeError(f"{name} must be a tuple of positive integers, got "
                        f"{shape!r}") from err
    if not all(isinstance(s, numbers.Integral)
               and not isinstance(s, (bool, np.bool_)) for s in sizes):
        raise TypeError(f"{name} must be a tuple of positive integers, got "
                        f"{shape!r}")
    if not sizes or not all(s > 0 for s in sizes):
        raise ValueError(f"{name} must be a non-empty tuple of positive "
                         f"integers, got {shape!r}")
    return tuple(int(s) for s in sizes)


def check_weight_shape(shape, name: str = "shape") -> tuple[int, int]:
    """``shape`` as (n_in, n_out): a weight matrix of positive sizes."""
    sizes = check_shape(shape, name)
    if len(sizes) != 2:
        raise ValueError(f"{name} must be a weight matrix shape (n_in, "
                         f"n_out), got {shape!r}")
    return sizes[0], sizes[1]


def check_target(target: ArrayLike, pred: np.ndarray,
                 name: str = "target") -> np.ndarray:
    """A regression target as a float array of ``pred``'s shape and dtype.

    A (N,) target for a (N, 1) prediction is reshaped to (N, 1) on
    purpose: broadcasting (N, 1) against (N,) would silently give an
    (N, N) difference and a wrong loss. Any other mismatch raises.
    """
    target = check_array(target, name, dtype=pred.dtype)
    if target.shape == pred.shape:
        return target
    if pred.ndim == 2 and pred.shape[1] == 1 and target.ndim == 1 \
            and target.shape[0] == pred.shape[0]:
        return target.reshape(-1, 1)
    raise ValueError(f"{name} must have the prediction's shape "
                     f"{pred.shape}, got {target.shape}")


def check_windows(history: ArrayLike, name: str = "history") -> np.ndarray:
    """Time-series windows as a finite float array of shape (M, W), W >= 1.

    One window of shape (W,) becomes (1, W); the caller can tell it came
    alone by ``np.ndim(history) == 1``.
    """
    arr = check_array(history, name, ndim=(1, 2))
    check_finite(arr, name)
    if arr.shape[-1] == 0:
        raise ValueError(f"{name} must hold at least one value per window, "
                         f"got shape {arr.shape}")
    return np.atleast_2d(arr)


def check_recording(snapshots, shapes: Sequence[tuple[int, ...]],
                    name: str) -> list[list[np.ndarray]]:
    """A recorded run: a list of snapshots, each a list of arrays with the
    given ``shapes`` (one per entry of ``model.parameters()``)."""
    if isinstance(snapshots, (str, bytes)) or not isinstance(
            snapshots, Sequence):
        raise TypeError(f"{name} must be a list of parameter snapshots "
                        f"(e.g. Recorder.{name}), got "
                        f"{type(snapshots).__name__}")
    checked = []
    for t, snapshot in enumerate(snapshots):
        if len(snapshot) != len(shapes):
            raise ValueError(f"{name}[{t}] must hold {len(shapes)} arrays, "
                             "one per entry of model.parameters(), got "
                             f"{len(snapshot)}")
        checked.append([check_array(value, f"{name}[{t}][{i}]", shape=shape)
                        for i, (value, shape) in enumerate(zip(snapshot,
                                                               shapes))])
    return checked
