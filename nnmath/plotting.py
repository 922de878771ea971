"""Matplotlib helpers. Each takes an optional ``ax`` and returns the ``ax`` it drew on; none
changes global settings (rcParams), so they compose with a reader's own figures.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

__all__ = ["plot_history", "plot_fit_1d", "plot_decision_boundary", "plot_activation", "plot_network",
           "plot_confusion_matrix"]


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.figure().add_subplot()
    return ax


def plot_history(history, ax=None, *, keys: Sequence[str] = ("loss", "val_loss"), log: bool = True,
                 label: str = ""):
    """Per-epoch curves from a ``History`` (those of ``keys`` that are non-empty), log y by default."""
    ax = _axes(ax)
    shown = [key for key in keys if len(getattr(history, key))]
    for key in shown:
        values = getattr(history, key)
        # With one curve per history, the caller's label alone names it.
        name = label if label and len(shown) == 1 else f"{label} {key}".strip()
        ax.plot(np.arange(1, len(values) + 1), values, label=name)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    if shown:
        ax.legend()
    return ax


def plot_fit_1d(predict: Callable[[np.ndarray], np.ndarray], X_train, y_train, *,
                truth: Callable[[np.ndarray], np.ndarray] | None = None, grid=None, ax=None,
                label: str = "network"):
    """A 1-D regression fit: the training points, the model on a dense grid, and the truth.

    Parameters
    ----------
    predict : callable mapping (M, 1) inputs to (M, 1) outputs
    X_train, y_train : ndarray, shape (N, 1)
    truth : optional vectorised f(x), drawn dashed
    grid : optional (M,) array of x values; defaults to 500 points spanning X_train
    """
    ax = _axes(ax)
    X_train = np.asarray(X_train).reshape(-1)
    if grid is None:
        grid = np.linspace(X_train.min(), X_train.max(), 500)
    grid = np.asarray(grid).reshape(-1)
    if truth is not None:
        ax.plot(grid, truth(grid), "k--", lw=1, label="truth")
    ax.plot(X_train, np.asarray(y_train).reshape(-1), "o", ms=3, alpha=0.6, label="training points")
    ax.plot(grid, np.asarray(predict(grid.reshape(-1, 1))).reshape(-1), lw=2, label=label)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend()
    return ax


def plot_decision_boundary(predict: Callable[[np.ndarray], np.ndarray], X, y, *, ax=None,
                           resolution: int = 200, margin: float = 0.5):
    """Filled regions of the predicted class over a 2-D grid, with the data on top.

    Parameters
    ----------
    predict : callable mapping (M, 2) inputs to (M,) class ids
    X : ndarray, shape (N, 2)
    y : ndarray of int, shape (N,)
    """
    ax = _axes(ax)
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"plot_decision_boundary needs 2-D inputs of shape (N, 2), got {X.shape}")
    x0 = np.linspace(X[:, 0].min() - margin, X[:, 0].max() + margin, resolution)
    x1 = np.linspace(X[:, 1].min() - margin, X[:, 1].max() + margin, resolution)
    g0, g1 = np.meshgrid(x0, x1)
    classes = np.asarray(predict(np.c_[g0.ravel(), g1.ravel()])).reshape(g0.shape)
    n_classes = int(max(classes.max(), np.max(y))) + 1
    levels = np.arange(n_classes + 1) - 0.5
    ax.contourf(g0, g1, classes, levels=levels, cmap="coolwarm", alpha=0.3)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", vmin=0, vmax=max(n_classes - 1, 1),
               edgecolors="k", linewidths=0.5, s=20)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def plot_activation(f: Callable, f_grad: Callable, *, ax=None, lim: float = 5.0, name: str = "f",
                    **kwargs):
    """An activation f and its derivative f' on [-lim, lim]; ``kwargs`` go to both."""
    ax = _axes(ax)
    x = np.linspace(-lim, lim, 801)
    ax.plot(x, f(x, **kwargs), label=f"{name}(x)")
    ax.plot(x, f_grad(x, **kwargs), "--", label=f"{name}'(x)")
    ax.axhline(0, color="grey", lw=0.5)
    ax.axvline(0, color="grey", lw=0.5)
    ax.set_xlabel("x")
    ax.legend()
    return ax


def plot_network(model, ax=None, *, max_width: float = 6.0, node_size: float = 300.0):
    """A network diagram of the Dense layers of ``model``: one column of circles per layer width,
    an edge per weight, coloured by sign (red positive, blue negative) and as wide as |w| relative
    to the largest |w| in the model.

    Parameters
    ----------
    model : Sequential (its Dense layers are drawn, activations are not) or a single Dense
    """
    from .layers import Dense, Sequential

    layers = model.layers if isinstance(model, Sequential) else [model]
    dense = [layer for layer in layers if isinstance(layer, Dense)]
    if not dense:
        raise ValueError(f"plot_network needs a Dense layer or a Sequential with Dense layers, got {model!r}")
    ax = _axes(ax)
    widths = [dense[0].n_in] + [layer.n_out for layer in dense]
    ys = [np.arange(n) - (n - 1) / 2 for n in widths]  # column k: the units of layer k, centred on 0
    biggest = max(float(np.max(np.abs(layer.W.value))) for layer in dense) or 1.0
    for k, layer in enumerate(dense):
        W = layer.W.value
        for i in range(W.shape[0]):
            for j in range(W.shape[1]):
                w = float(W[i, j])
                ax.plot([k, k + 1], [ys[k][i], ys[k + 1][j]], color="tab:red" if w > 0 else "tab:blue",
                        lw=max_width * abs(w) / biggest, alpha=0.8, zorder=1)
    for k, y in enumerate(ys):
        ax.scatter(np.full(len(y), k), y, s=node_size, c="white", edgecolors="k", zorder=2)
    ax.set_xticks(range(len(widths)))
    ax.set_xticklabels(["input"] + [f"layer {k + 1}" for k in range(len(dense))])
    ax.set_yticks([])
    ax.set_xlim(-0.5, len(widths) - 0.5)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return ax


def plot_confusion_matrix(cm, ax=None, *, labels: Sequence[str] | None = None, normalize: bool = False):
    """Draw a confusion matrix ``cm`` of shape (K, K) (rows true, columns predicted) with counts in the cells.

    ``normalize=True`` divides each row by its total, so a cell reads "the fraction of class i
    predicted as j" and the diagonal holds the per-class recall.
    """
    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1] or cm.shape[0] == 0:
        raise ValueError(f"cm must be a square (K, K) matrix, got shape {cm.shape}")
    k = cm.shape[0]
    names = [str(name) for name in labels] if labels is not None else [str(c) for c in range(k)]
    if len(names) != k:
        raise ValueError(f"labels must name all {k} classes, got {len(names)}")
    ax = _axes(ax)
    values = cm.astype(np.float64)
    if normalize:
        totals = values.sum(axis=1, keepdims=True)
        values = np.divide(values, totals, out=np.zeros_like(values), where=totals > 0)
    image = ax.imshow(values, cmap="Blues", vmin=0.0)
    top = values.max() if values.size else 0.0
    for i in range(k):
        for j in range(k):
            text = f"{values[i, j]:.2f}" if normalize else f"{int(cm[i, j])}"
            # Dark cells get white text so every count stays readable.
            ax.text(j, i, text, ha="center", va="center", fontsize=8,
                    color="white" if values[i, j] > 0.6 * top else "black")
    ax.set_xticks(range(k), names)
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    return ax
