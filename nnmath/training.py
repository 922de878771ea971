"""Training loop: mini-batches, ``fit``, ``evaluate``, ``predict`` and ``accuracy``.

Discussed in the book chapter *Approximating sin(x)*.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

import numpy as np

from ._validation import (as_float_array, check_finite, check_ndim, check_same_rows, make_rng,
                          positive_int)
from .layers import Layer
from .optimizers import Optimizer

__all__ = ["History", "iterate_minibatches", "fit", "evaluate", "predict", "accuracy"]

LossFn = Callable[[np.ndarray, np.ndarray], "tuple[float, np.ndarray]"]


@dataclass
class History:
    """Per-epoch records of a ``fit``.

    Attributes
    ----------
    loss : list of float
        Mean training loss over each epoch's mini-batches (each measured before its update).
    val_loss : list of float
        Loss on the validation set after each epoch (empty without ``validation``).
    lr : list of float
        Learning rate used by the epoch's first step.
    """

    loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        return len(self.loss)


def _check_xy(X, y, dtype=None) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X, "X", dtype=dtype)
    check_ndim(X, 2, "X", "one row per sample; reshape a single feature with X.reshape(-1, 1)")
    check_finite(X, "X")
    y = np.asarray(y)
    if y.ndim == 0:
        raise ValueError(f"y must have one entry (or row) per sample, got a scalar {y!r}")
    check_same_rows(X, y, "X", "y")
    if y.dtype.kind == "f":
        check_finite(y, "y")
        if dtype is not None:
            y = y.astype(dtype, copy=False)
    elif y.dtype.kind not in "biu":
        raise TypeError(f"y must be numeric, got dtype {y.dtype}")
    return X, y


def iterate_minibatches(X, y, batch_size: int, *, shuffle: bool = True, rng=None
                        ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(X_batch, y_batch)`` pairs covering the data once; the last batch may be smaller.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray, shape (N, ...)
    batch_size : int
    shuffle : bool
        Visit the rows in a random order drawn from ``rng``.
    rng : None, int or numpy.random.Generator
    """
    X, y = _check_xy(X, y)
    batch_size = positive_int(batch_size, "batch_size")
    yield from _batches(X, y, batch_size, make_rng(rng) if shuffle else None)


def _batches(X, y, batch_size, rng):
    n = X.shape[0]
    if batch_size >= n:
        yield X, y  # one full batch: the order of the rows does not change its gradient
        return
    if rng is None:
        for start in range(0, n, batch_size):
            yield X[start:start + batch_size], y[start:start + batch_size]  # views, no copy
        return
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        # Gather one batch at a time: it stays in cache for the forward pass, where gathering the
        # whole shuffled data set first would stream it through memory twice more.
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]


def _model_dtype(model: Layer):
    params = model.parameters()
    return params[0].value.dtype if params else None


def fit(model: Layer, loss_fn: LossFn, optimizer: Optimizer, X, y, *, epochs: int,
        batch_size: int | None = None, rng=None, validation: tuple | None = None,
        callbacks: Sequence[Callable[[int, History], object]] = (), shuffle: bool = True,
        dtype=None, verbose: int = 0) -> History:
    """Train ``model`` by mini-batch gradient descent and return its ``History``.

    Each step: ``pred = model.forward(Xb, training=True)``; ``loss, dpred = loss_fn(pred, yb)``;
    ``model.backward_params(dpred)`` (``backward`` without the model's input gradient, which
    nothing uses); ``optimizer.step()``.

    Parameters
    ----------
    model : Layer, e.g. a Sequential
    loss_fn : callable ``(pred, target) -> (loss, dpred)``, e.g. ``nnmath.losses.mse``
    optimizer : Optimizer over ``model.parameters()``
    X : ndarray, shape (N, D); cast to the model's dtype
    y : ndarray, shape (N, ...): targets or integer labels, as ``loss_fn`` expects
    epochs : int
        Passes over the data.
    batch_size : int or None
        None trains on the full batch (one step per epoch).
    rng : None, int or numpy.random.Generator
        Shuffles the rows each epoch (mini-batches only).
    validation : (X_val, y_val) or None
        Evaluated after every epoch into ``History.val_loss``.
    callbacks : sequence of ``callback(epoch, history)``
        Called after each epoch; a callback that returns a true value stops training.
    shuffle : bool
    dtype : numpy dtype or None
        The dtype to train in; None means the model's own (that of its parameters). X, y and the
        validation data are cast to it once, so a float32 model trains in float32 end to end.
    verbose : int
        0 is silent; k > 0 prints the loss every k epochs (and at the last).

    Raises
    ------
    FloatingPointError
        When the loss becomes NaN or infinite, naming the epoch and the learning rate.
    """
    epochs = positive_int(epochs, "epochs")
    if batch_size is not None:
        batch_size = positive_int(batch_size, "batch_size")
    model_dtype = _model_dtype(model)
    if dtype is None:
        dtype = model_dtype
    elif model_dtype is not None and np.dtype(dtype) != model_dtype:
        raise ValueError(f"fit(dtype={np.dtype(dtype)}) but the model's parameters are {model_dtype}; "
                         f"build the layers with dtype={np.dtype(dtype)} to train in it")
    X, y = _check_xy(X, y, dtype)
    if validation is not None:
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            raise TypeError(f"validation must be a pair (X_val, y_val), got {type(validation).__name__}")
        X_val, y_val = _check_xy(validation[0], validation[1], dtype)
    n = X.shape[0]
    full_batch = batch_size is None or batch_size >= n
    rng = make_rng(rng) if shuffle else None
    history = History()
    forward, backward, step = model.forward, model.backward_params, optimizer.step

    def train_step(Xb, yb) -> float:
        loss, dpred = loss_fn(forward(Xb, training=True), yb)
        backward(dpred)
        step()
        return loss

    with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below, clearly
        for epoch in range(epochs):
            history.lr.append(optimizer.current_lr())
            if full_batch:  # the common small-data case: no batching machinery at all
                epoch_loss = train_step(X, y)
            else:
                epoch_loss = sum(train_step(Xb, yb) * Xb.shape[0]
                                 for Xb, yb in _batches(X, y, batch_size, rng)) / n
            if not math.isfinite(epoch_loss):
                raise FloatingPointError(
                    f"training diverged: the loss became {epoch_loss} at epoch {epoch} "
                    f"(learning rate {history.lr[-1]:.3g}); try a lower learning rate")
            history.loss.append(epoch_loss)
            if validation is not None:
                history.val_loss.append(evaluate(model, loss_fn, X_val, y_val))
            if verbose and (epoch % verbose == 0 or epoch == epochs - 1):
                val = f"  val_loss {history.val_loss[-1]:.6g}" if validation is not None else ""
                print(f"epoch {epoch:6d}  loss {epoch_loss:.6g}{val}  lr {history.lr[-1]:.4g}")
            if any([cb(epoch, history) for cb in callbacks]):  # every callback runs, then any may stop
                break
    return history


def predict(model: Layer, X, *, batch_size: int | None = None) -> np.ndarray:
    """Model output in evaluation mode (``training=False``), in batches to bound memory.

    Parameters
    ----------
    X : ndarray, shape (N, D)

    Returns
    -------
    ndarray, shape (N, n_out)
    """
    X = as_float_array(X, "X", dtype=_model_dtype(model))
    check_ndim(X, 2, "X", "one row per sample; reshape a single feature with X.reshape(-1, 1)")
    check_finite(X, "X")
    if batch_size is None or batch_size >= X.shape[0]:
        return model.forward(X, training=False)
    batch_size = positive_int(batch_size, "batch_size")
    return np.concatenate([model.forward(X[i:i + batch_size], training=False)
                           for i in range(0, X.shape[0], batch_size)])


def evaluate(model: Layer, loss_fn: LossFn, X, y, *, batch_size: int | None = None) -> float:
    """Mean loss of ``model`` (evaluation mode) on ``(X, y)``."""
    X, y = _check_xy(X, y, _model_dtype(model))
    return float(loss_fn(predict(model, X, batch_size=batch_size), y)[0])


def accuracy(pred, labels, *, threshold: float = 0.5) -> float:
    """Fraction of correct predictions.

    Parameters
    ----------
    pred : ndarray
        Shape (N, K) with K > 1: class scores (logits or probabilities), the class is the argmax.
        Shape (N,) or (N, 1) of floats: one score per sample, the class is ``score > threshold``
        (use ``threshold=0.0`` for logits, 0.5 for probabilities). Integer (N,): class ids.
    labels : array_like of int, shape (N,)

    Returns
    -------
    float in [0, 1]
    """
    pred = np.asarray(pred)
    labels = np.asarray(labels)
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    check_ndim(labels, 1, "labels")
    if pred.ndim == 2 and pred.shape[1] > 1:
        classes = np.argmax(pred, axis=1)
    elif pred.ndim in (1, 2) and pred.dtype.kind == "f":
        classes = (pred.reshape(-1) > threshold).astype(np.int64)
    elif pred.ndim == 1 and pred.dtype.kind in "biu":
        classes = pred
    else:
        raise ValueError(f"accuracy: pred must be (N, K) scores, (N,) or (N, 1) scores, or (N,) class ids; "
                         f"got shape {pred.shape} and dtype {pred.dtype}")
    if classes.shape[0] != labels.shape[0]:
        raise ValueError(f"accuracy: pred has {classes.shape[0]} rows but labels has {labels.shape[0]}")
    return float(np.mean(classes == labels))
