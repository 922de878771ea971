"""Training: ``minibatches``, ``fit``, ``evaluate`` and ``predict``.

Discussed in the book chapter *Approximating sin(x)*.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

import numpy as np

from ._validation import (check_array, check_bool, check_callable,
                          check_finite, check_model_dtype,
                          check_positive_int, check_rng, check_same_rows)
from .layers import Layer
from .optimizers import Optimizer

__all__ = ["History", "minibatches", "fit", "evaluate", "predict"]

LossFn = Callable[[np.ndarray, np.ndarray], "tuple[float, np.ndarray]"]


@dataclass
class History:
    """Per-epoch records of a ``fit``.

    Attributes
    ----------
    loss : list of float
        Mean training loss over each epoch's mini-batches (each measured
        before its update), weighted by batch size.
    val_loss : list of float
        Loss on the validation set after each epoch (empty without
        ``validation``).
    lr : list of float
        Learning rate used by the epoch's first step.
    """

    loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        return len(self.loss)


def minibatches(X: np.ndarray, y: np.ndarray, batch_size: int, *,
                shuffle: bool = True, rng=None
                ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(X_batch, y_batch)`` pairs that cover the data once.

    With ``batch_size >= N`` it yields ``(X, y)`` itself, once, in its
    own order.

    Parameters
    ----------
    X : ndarray, shape (N, ...), e.g. (N, D) or (N, C, H, W)
    y : ndarray, shape (N, ...)
    batch_size : int
        Rows per batch; the last batch may be smaller.
    shuffle : bool
        Visit the rows in a random order drawn from ``rng``; otherwise in
        order, as views (no copy).
    rng : None, int or numpy.random.Generator
        Pass one Generator for every epoch: the same int seed each time
        would repeat the same order.
    """
    X, y = np.asarray(X), np.asarray(y)
    check_same_rows(X, y, "X", "y")
    batch_size = check_positive_int(batch_size, "batch_size")
    shuffle = check_bool(shuffle, "shuffle")
    n = X.shape[0]
    if batch_size >= n:
        # One full batch: the order of its rows does not change the mean
        # loss or its gradient, so there is nothing to shuffle.
        yield X, y
        return
    if not shuffle:
        for start in range(0, n, batch_size):
            yield X[start:start + batch_size], y[start:start + batch_size]
        return
    order = check_rng(rng).permutation(n)
    for start in range(0, n, batch_size):
        # Gather one batch at a time: it stays in cache for the forward
        # pass, where shuffling the whole data set first would stream it
        # through memory twice more.
        rows = order[start:start + batch_size]
        yield X[rows], y[rows]


def _check_samples(X, name: str, dtype: np.dtype) -> np.ndarray:
    """X as a finite array of ``dtype`` with one sample per row of its
    first axis: (N, D) for a Dense model, (N, C, H, W) for images."""
    X = check_array(X, name, dtype=dtype)
    if X.ndim < 2:
        raise ValueError(f"{name} must have at least 2 dimensions, the "
                         "batch first: (N, D), or (N, C, H, W) for images; "
                         f"got shape {X.shape}")
    check_finite(X, name)
    return X


def _check_data(X, y, dtype: np.dtype, names: tuple[str, str]
                ) -> tuple[np.ndarray, np.ndarray]:
    """X as finite (N, ...) of ``dtype`` (see ``_check_samples``); y
    numeric with N rows (float y cast to ``dtype``, integer labels
    kept)."""
    X = _check_samples(X, names[0], dtype)
    y = np.asarray(y)
    if y.dtype.kind not in "biuf":
        raise TypeError(f"{names[1]} must be numeric, got dtype {y.dtype}")
    check_same_rows(X, y, names[0], names[1])
    if y.dtype.kind == "f":
        y = y.astype(dtype, copy=False)
        check_finite(y, names[1])
    return X, y


def fit(model: Layer, loss_fn: LossFn, optimizer: Optimizer, X, y, *,
        epochs: int, batch_size: int | None = None, rng=None,
        validation: tuple | None = None,
        callbacks: Sequence[Callable[[int, History], object]] = (),
        shuffle: bool = True, verbose: int = 0) -> History:
    """Train ``model`` by mini-batch gradient descent; return its History.

    Each step: ``pred = model.forward(Xb, training=True)``;
    ``loss, dpred = loss_fn(pred, yb)``;
    ``model.backward(dpred, need_dx=False)`` (the gradient with respect to
    the model's input is never used); ``optimizer.step()``.

    Parameters
    ----------
    model : Layer, e.g. a Sequential
    loss_fn : callable ``(pred, target) -> (loss, dpred)``
    optimizer : Optimizer over ``model.parameters()``
    X : array_like, shape (N, D) or (N, C, H, W)
        Any shape whose first axis is the batch ((N, C, H, W) for a
        convolutional model). Cast to the dtype of the model's
        parameters, so a float32 model trains in float32 end to end.
    y : array_like, shape (N, ...)
        Targets or integer labels, as ``loss_fn`` expects.
    epochs : int
        Passes over the data.
    batch_size : int or None
        None trains on the full batch (one step per epoch).
    rng : None, int or numpy.random.Generator
        Shuffles the rows each epoch (mini-batches only).
    validation : (X_val, y_val) or None
        Its loss is recorded in ``History.val_loss`` after every epoch.
    callbacks : sequence of ``callback(epoch, history)``
        Called after each epoch; if any returns a true value, training
        stops (after all of them have run).
    shuffle : bool
        Draw a new order of the rows each epoch (mini-batches only).
    verbose : int or bool
        0 (or False) is silent; k > 0 prints the losses every k epochs and
        at the last; True means every epoch.

    Raises
    ------
    FloatingPointError
        When the loss becomes NaN or infinite, naming the epoch and the
        learning rate.
    """
    if not isinstance(model, Layer):
        raise TypeError(f"model must be a Layer (e.g. a Sequential), got "
                        f"{type(model).__name__}")
    check_callable(loss_fn, "loss_fn")
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be an Optimizer (SGD, RMSprop, "
                        f"Adam), got {type(optimizer).__name__}")
    epochs = check_positive_int(epochs, "epochs")
    shuffle = check_bool(shuffle, "shuffle")
    if not isinstance(callbacks, (list, tuple)):
        raise TypeError("callbacks must be a list of functions "
                        f"callback(epoch, history), got {callbacks!r}")
    for callback in callbacks:
        check_callable(callback, "each callback")
    if batch_size is not None:
        batch_size = check_positive_int(batch_size, "batch_size")
    if verbose:  # True means every epoch
        verbose = 1 if verbose is True else check_positive_int(verbose,
                                                               "verbose")
    params = model.parameters()
    owned = {id(p) for p in params}
    if not all(id(p) in owned for p in optimizer.params):
        raise ValueError("optimizer holds parameters that are not the "
                         "model's: build it as SGD(model.parameters(), ...)")
    # The model's dtype rules: a float32 model trains in float32.
    dtype = check_model_dtype(params)
    X, y = _check_data(X, y, dtype, ("X", "y"))
    if validation is not None:
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            raise TypeError("validation must be a pair (X_val, y_val), got "
                            f"{type(validation).__name__}")
        X_val, y_val = _check_data(validation[0], validation[1], dtype,
                                   ("X_val", "y_val"))
    n = X.shape[0]
    if batch_size is None:
        batch_size = n
    rng = check_rng(rng)
    history = History()
    # Divergence is reported below, clearly, instead of as a warning.
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs):
            history.lr.append(optimizer.current_lr())
            total = 0.0
            for Xb, yb in minibatches(X, y, batch_size, shuffle=shuffle,
                                      rng=rng):
                loss, dpred = loss_fn(model.forward(Xb, training=True), yb)
                model.backward(dpred, need_dx=False)
                optimizer.step()
                total += loss * Xb.shape[0]
            epoch_loss = total / n
            if not math.isfinite(epoch_loss):
                raise FloatingPointError(
                    f"training diverged: the loss became {epoch_loss} at "
                    f"epoch {epoch} (learning rate {history.lr[-1]:.3g}); "
                    "try a lower learning rate")
            history.loss.append(epoch_loss)
            if validation is not None:
                pred = model.forward(X_val, training=False)
                history.val_loss.append(float(loss_fn(pred, y_val)[0]))
            if verbose and (epoch % verbose == 0 or epoch == epochs - 1):
                line = f"epoch {epoch:6d}  loss {epoch_loss:.6g}"
                if validation is not None:
                    line += f"  val_loss {history.val_loss[-1]:.6g}"
                print(line + f"  lr {history.lr[-1]:.4g}")
            stops = [callback(epoch, history) for callback in callbacks]
            if any(stops):
                break
    return history


def predict(model: Layer, X, *, batch_size: int | None = None
            ) -> np.ndarray:
    """The model's output in evaluation mode (``training=False``).

    Parameters
    ----------
    model : Layer
    X : array_like, shape (N, D) or (N, C, H, W)
        The batch axis first; cast to the model's dtype.
    batch_size : int or None
        Rows per forward pass, to bound memory; None means all at once.

    Returns
    -------
    ndarray, shape (N, n_out)
    """
    dtype = check_model_dtype(model.parameters())
    X = _check_samples(X, "X", dtype)
    if batch_size is None:
        return model.forward(X, training=False)
    batch_size = check_positive_int(batch_size, "batch_size")
    outputs = []
    for start in range(0, X.shape[0], batch_size):
        outputs.append(model.forward(X[start:start + batch_size]))
    return np.concatenate(outputs)


def evaluate(model: Layer, loss_fn: LossFn, X, y, *,
             batch_size: int | None = None) -> float:
    """Mean loss of ``model`` (evaluation mode) on ``(X, y)``.

    ``predict`` checks X and ``loss_fn`` checks y against the prediction.
    """
    return float(loss_fn(predict(model, X, batch_size=batch_size), y)[0])
