"""Matplotlib helpers.

Each takes an optional ``ax`` and returns the ``ax`` it drew on (a new
figure when none is given); none changes global settings (rcParams), so
they compose with a reader's own figures.
"""

from __future__ import annotations

from typing import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from numpy.typing import ArrayLike

from ._validation import (check_array, check_bool, check_callable,
                          check_nonnegative, check_positive,
                          check_positive_int)
from .layers import Dense, Sequential

__all__ = ["plot_history", "plot_fit_1d", "plot_decision_boundary",
           "plot_activation", "plot_network", "plot_confusion_matrix"]


def plot_history(history, ax=None, *,
                 keys: Sequence[str] = ("loss", "val_loss"),
                 log: bool = True, label: str = ""):
    """Per-epoch curves of a ``History``, log y by default.

    Draws those of ``keys`` that are non-empty; ``label`` prefixes each
    curve's name (and is the whole name when only one curve is drawn).
    """
    log = check_bool(log, "log")
    if ax is None:
        ax = plt.figure().add_subplot()
    shown = [key for key in keys if len(getattr(history, key))]
    for key in shown:
        values = getattr(history, key)
        # With one curve per history, the caller's label alone names it.
        if label and len(shown) == 1:
            name = label
        else:
            name = f"{label} {key}".strip()
        ax.plot(np.arange(1, len(values) + 1), values, label=name)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    if shown:
        ax.legend()
    return ax


def plot_fit_1d(predict_fn: Callable[[np.ndarray], ArrayLike],
                X_train: ArrayLike, y_train: ArrayLike, *,
                truth: Callable[[np.ndarray], ArrayLike] | None = None,
                grid: ArrayLike | None = None, ax=None,
                label: str = "network"):
    """A 1-D regression fit: the training points, the model on a dense
    grid, and the truth.

    Parameters
    ----------
    predict_fn : callable
        Maps (M, 1) inputs to (M, 1) (or (M,)) outputs.
    X_train, y_train : array_like, shape (N, 1) or (N,)
    truth : callable, optional
        A vectorised f(x), drawn dashed.
    grid : array_like, shape (M,), optional
        The x values to draw the model at; default 500 points spanning
        X_train.
    """
    check_callable(predict_fn, "predict_fn")
    x = check_array(X_train, "X_train").reshape(-1)
    y = check_array(y_train, "y_train").reshape(-1)
    if x.size != y.size:
        raise ValueError(f"X_train and y_train must hold as many values, "
                         f"got {x.size} and {y.size}")
    if grid is None:
        grid = np.linspace(x.min(), x.max(), 500)
    grid = check_array(grid, "grid").reshape(-1)
    if ax is None:
        ax = plt.figure().add_subplot()
    if truth is not None:
        ax.plot(grid, truth(grid), "k--", lw=1, label="truth")
    ax.plot(x, y, "o", ms=3, alpha=0.6, label="training points")
    fitted = np.asarray(predict_fn(grid.reshape(-1, 1))).reshape(-1)
    ax.plot(grid, fitted, lw=2, label=label)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend()
    return ax


def plot_decision_boundary(predict_fn: Callable[[np.ndarray], ArrayLike],
                           X: ArrayLike, y: ArrayLike, *, ax=None,
                           resolution: int = 200, margin: float = 0.5):
    """Filled regions of the predicted class over a 2-D grid, with the
    data on top.

    Parameters
    ----------
    predict_fn : callable
        Maps (M, 2) inputs to (M,) integer class ids.
    X : array_like, shape (N, 2)
    y : array_like of int, shape (N,)
    resolution : int
        Grid points along each axis.
    margin : float
        How far the grid extends beyond the data, in input units.
    """
    check_callable(predict_fn, "predict_fn")
    X = check_array(X, "X", shape=(None, 2))
    y = np.asarray(y)
    resolution = check_positive_int(resolution, "resolution")
    margin = check_nonnegative(margin, "margin")
    if ax is None:
        ax = plt.figure().add_subplot()
    x0 = np.linspace(X[:, 0].min() - margin, X[:, 0].max() + margin,
                     resolution)
    x1 = np.linspace(X[:, 1].min() - margin, X[:, 1].max() + margin,
                     resolution)
    g0, g1 = np.meshgrid(x0, x1)
    grid = np.column_stack([g0.ravel(), g1.ravel()])
    classes = np.asarray(predict_fn(grid)).reshape(g0.shape)
    n_classes = int(max(classes.max(), np.max(y))) + 1
    # One colour band per class: levels halfway between the class ids.
    levels = np.arange(n_classes + 1) - 0.5
    ax.contourf(g0, g1, classes, levels=levels, cmap="coolwarm", alpha=0.3)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", vmin=0,
               vmax=max(n_classes - 1, 1), edgecolors="k", linewidths=0.5,
               s=20)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def plot_activation(f: Callable, f_grad: Callable, *, ax=None,
                    lim: float = 5.0, name: str = "f", **kwargs):
    """An activation f and its derivative f' on [-lim, lim].

    ``kwargs`` (e.g. ``alpha=0.2``) go to both functions.
    """
    check_callable(f, "f")
    check_callable(f_grad, "f_grad")
    lim = check_positive(lim, "lim")
    if ax is None:
        ax = plt.figure().add_subplot()
    x = np.linspace(-lim, lim, 801)
    ax.plot(x, f(x, **kwargs), label=f"{name}(x)")
    ax.plot(x, f_grad(x, **kwargs), "--", label=f"{name}'(x)")
    ax.axhline(0, color="grey", lw=0.5)
    ax.axvline(0, color="grey", lw=0.5)
    ax.set_xlabel("x")
    ax.legend()
    return ax


def plot_network(model, ax=None, *, max_width: float = 6.0,
                 node_size: float = 300.0):
    """A diagram of the Dense layers of ``model``.

    One column of circles per layer width and one edge per weight,
    coloured by sign (red positive, blue negative) and as wide as |w|
    relative to the largest |w| in the model.

    Parameters
    ----------
    model : Sequential or Dense
        Its Dense layers are drawn; activation layers are not.
    max_width : float
        Line width of the edge with the largest |w|.
    node_size : float
        Marker area of a unit, in points squared.
    """
    max_width = check_positive(max_width, "max_width")
    node_size = check_positive(node_size, "node_size")
    if isinstance(model, Sequential):
        layers = model.layers
    else:
        layers = [model]
    dense = [layer for layer in layers if isinstance(layer, Dense)]
    if not dense:
        raise ValueError("plot_network needs a Dense layer or a Sequential "
                         f"with Dense layers, got {model!r}")
    if ax is None:
        ax = plt.figure().add_subplot()
    widths = [dense[0].n_in] + [layer.n_out for layer in dense]
    # Column k holds the units of layer k, centred on y = 0.
    ys = [np.arange(n) - (n - 1) / 2 for n in widths]
    biggest = max(float(np.max(np.abs(layer.W.value))) for layer in dense)
    if biggest == 0:
        biggest = 1.0  # all weights zero: draw no width rather than 0 / 0
    for k, layer in enumerate(dense):
        W = layer.W.value
        for i in range(W.shape[0]):
            for j in range(W.shape[1]):
                w = float(W[i, j])
                ax.plot([k, k + 1], [ys[k][i], ys[k + 1][j]],
                        color="tab:red" if w > 0 else "tab:blue",
                        lw=max_width * abs(w) / biggest,
                        alpha=0.8, zorder=1)
    for k, y in enumerate(ys):
        ax.scatter(np.full(len(y), k), y, s=node_size, c="white",
                   edgecolors="k", zorder=2)
    names = ["input"] + [f"layer {k + 1}" for k in range(len(dense))]
    ax.set_xticks(range(len(widths)), names)
    ax.set_yticks([])
    ax.set_xlim(-0.5, len(widths) - 0.5)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return ax


def plot_confusion_matrix(cm: ArrayLike, ax=None, *,
                          target_names: Sequence[str] | None = None,
                          normalize: bool = False):
    """Draw a confusion matrix with the counts in the cells.

    Rows are true classes, columns predicted ones. ``normalize=True``
    divides each row by its total, so a cell reads "the fraction of
    class i predicted as j" and the diagonal holds the per-class recall.

    Parameters
    ----------
    cm : array_like, shape (K, K)
    target_names : sequence of K str, optional
        Class names (as in ``classification_report``); default 0, ..., K-1.
    normalize : bool
    """
    values = check_array(cm, "cm", ndim=2)
    normalize = check_bool(normalize, "normalize")
    k = values.shape[0]
    if k == 0 or values.shape[1] != k:
        raise ValueError("cm must be a square (K, K) matrix, got shape "
                         f"{values.shape}")
    if target_names is None:
        names = [str(c) for c in range(k)]
    else:
        names = [str(name) for name in target_names]
    if len(names) != k:
        raise ValueError(f"target_names must name all {k} classes, got "
                         f"{len(names)}")
    if ax is None:
        ax = plt.figure().add_subplot()
    counts = values.astype(np.int64)
    if normalize:
        totals = values.sum(axis=1, keepdims=True)
        values = np.divide(values, totals, out=np.zeros_like(values),
                           where=totals > 0)
    image = ax.imshow(values, cmap="Blues", vmin=0.0)
    top = values.max()
    for i in range(k):
        for j in range(k):
            if normalize:
                text = f"{values[i, j]:.2f}"
            else:
                text = f"{counts[i, j]}"
            # Dark cells get white text so every count stays readable.
            ax.text(j, i, text, ha="center", va="center", fontsize=8,
                    color="white" if values[i, j] > 0.6 * top else "black")
    ax.set_xticks(range(k), names)
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    return ax
