"""Matplotlib helpers, and a visualiser for recorded training runs.

Each ``plot_*`` helper takes an optional ``ax`` and returns the ``ax`` it
drew on (a new figure when none is given); none changes global settings
(rcParams), so they compose with a reader's own figures.

The visualiser has a recording half, ``Recorder`` (a ``fit`` callback),
and a viewing half that reads any recording: ``layer_statistics``,
``plot_training`` (one epoch) and ``animate_training`` (all of them).
Discussed in the book chapter *A network visualiser*.
"""

from __future__ import annotations

import copy
from typing import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import animation, ticker
from matplotlib.colors import BoundaryNorm, ListedColormap, to_rgba_array
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from ._validation import (check_array, check_bool, check_callable,
                          check_integer, check_nonnegative,
                          check_positive, check_positive_int,
                          check_recording)
from .layers import Dense, Layer, Sequential

__all__ = ["class_colormaps", "plot_history", "plot_fit_1d",
           "plot_decision_boundary",
           "plot_activation", "plot_network", "plot_confusion_matrix",
           "Recorder", "layer_statistics", "plot_training",
           "animate_training"]


def class_colormaps(n_classes: int) -> tuple[ListedColormap, ListedColormap,
                                              BoundaryNorm]:
    """One distinct colour per class: ``(points, regions, norm)``.

    The points get the first K colours of matplotlib's qualitative
    "tab10" palette (class 0 blue, 1 orange, 2 green, 3 red, ...), none of
    them near white. The regions get the same colours, 40% colour and 60%
    white, light and opaque, so the points stand out on them on a light
    or a dark page. ``norm`` maps class id ``k`` to colour ``k`` exactly:
    ``scatter(..., c=y, cmap=points, norm=norm)``,
    ``contourf(..., levels=norm.boundaries, cmap=regions, norm=norm)``.

    Parameters
    ----------
    n_classes : int
        Number of classes K, 1 <= K <= 10.

    Returns
    -------
    points : ListedColormap
        K colours for the points, colour ``k`` for class ``k``.
    regions : ListedColormap
        The same K colours, lightened, for the regions.
    norm : BoundaryNorm
        Boundaries -0.5, 0.5, ..., K - 0.5, one bin per class id.

    Raises
    ------
    TypeError
        If ``n_classes`` is not an integer.
    ValueError
        If ``n_classes`` is below 1 or above 10.
    """
    n_classes = check_positive_int(n_classes, "n_classes")
    if n_classes > 10:
        raise ValueError(f"n_classes must be at most 10 (the colours of "
                         f"tab10), got {n_classes}")
    colours = to_rgba_array(plt.get_cmap("tab10").colors[:n_classes])
    light = 0.4 * colours + 0.6 * np.ones_like(colours)  # alpha stays 1
    norm = BoundaryNorm(np.arange(n_classes + 1) - 0.5, n_classes)
    return ListedColormap(colours), ListedColormap(light), norm


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

    Class ``k`` is drawn in colour ``k`` of :func:`class_colormaps`
    (light for its region, full for its points), so at most 10 classes.

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
    points, regions, norm = class_colormaps(n_classes)
    # One colour band per class: levels halfway between the class ids.
    ax.contourf(g0, g1, classes, levels=norm.boundaries, cmap=regions,
                norm=norm)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap=points, norm=norm,
               edgecolors="k", linewidths=0.5, s=20)
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
                 node_size: float = 300.0, scale: float | None = None):
    """A diagram of the Dense layers of ``model``.

    One column of circles per layer width and one edge per weight,
    coloured by sign (red positive, blue negative) and as wide as abs(w)
    relative to ``scale`` (by default the largest abs(w) in the model).

    Parameters
    ----------
    model : Sequential or Dense
        Its Dense layers are drawn; activation layers are not.
    max_width : float
        Line width of an edge with abs(w) = scale (or larger).
    node_size : float
        Marker area of a unit, in points squared.
    scale : float, optional
        The abs(w) drawn ``max_width`` wide. Pass one value for several
        diagrams (e.g. the largest abs(w) of a whole run) to compare sizes
        across them; larger abs(w) are drawn ``max_width`` wide.
    """
    max_width = check_positive(max_width, "max_width")
    node_size = check_positive(node_size, "node_size")
    if scale is not None:
        scale = check_positive(scale, "scale")
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
    if scale is None:
        biggest = max(float(np.max(np.abs(layer.W.value)))
                      for layer in dense)
    else:
        biggest = scale
    if biggest == 0:
        biggest = 1.0  # all weights zero: draw no width rather than 0 / 0
    for k, layer in enumerate(dense):
        W = layer.W.value
        for i in range(W.shape[0]):
            for j in range(W.shape[1]):
                w = float(W[i, j])
                ax.plot([k, k + 1], [ys[k][i], ys[k + 1][j]],
                        color="tab:red" if w > 0 else "tab:blue",
                        lw=max_width * min(abs(w) / biggest, 1.0),
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


class Recorder:
    """A ``fit`` callback that copies every parameter and its gradient
    after each epoch: the recording half of a visualiser.

    Pass it as ``fit(..., callbacks=[recorder])``; it never stops
    training. ``values[t]`` is the list of parameter values after ``t``
    epochs, in the order of ``model.parameters()`` (``values[0]`` is the
    state when the recorder was made); ``grads[t - 1]`` holds the
    gradients of epoch ``t``'s last step, taken at the state before that
    step (with full-batch training, the gradient at ``values[t - 1]``).
    With minibatches an epoch holds several steps: ``values`` keeps the
    state at the end of each epoch only.

    Parameters
    ----------
    model : Layer
        The model being trained (e.g. a Sequential).
    """

    def __init__(self, model: Layer) -> None:
        if not isinstance(model, Layer):
            raise TypeError("model must be a Layer (e.g. a Sequential), "
                            f"got {type(model).__name__}")
        self.model = model
        self.values = [[p.value.copy() for p in model.parameters()]]
        self.grads: list[list[np.ndarray]] = []

    def __call__(self, epoch: int, history) -> None:
        params = self.model.parameters()
        self.values.append([p.value.copy() for p in params])
        self.grads.append([p.grad.copy() for p in params])


def _dense_weights(model) -> tuple[list[int], list[Dense]]:
    """The positions of the Dense weight matrices in
    ``model.parameters()``, and the Dense layers themselves."""
    if isinstance(model, Sequential):
        layers = model.layers
    else:
        layers = [model]
    positions, dense = [], []
    offset = 0
    for layer in layers:
        if isinstance(layer, Dense):
            positions.append(offset)  # a Dense layer's parameters: W, b
            dense.append(layer)
        offset += len(layer.parameters())
    if not dense:
        raise ValueError("the visualiser needs a Dense layer or a "
                         f"Sequential with Dense layers, got {model!r}")
    return positions, dense


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a / b, NaN where b is 0 (a zero weight matrix has no scale)."""
    return np.divide(a, b, out=np.full_like(a, np.nan), where=b > 0)


def layer_statistics(model, values, grads=None) -> dict[str, np.ndarray]:
    """Per-layer statistics of a recorded run, one column per Dense layer.

    With ``W_t`` a layer's weight matrix after t epochs, ``G_t`` the
    gradient of epoch t's step and ``||.||`` the Frobenius norm:
    norm ``||W_t||``; change ``||W_t - W_0|| / ||W_0||``;
    step ``||W_t - W_{t-1}||``; update_ratio ``step / ||W_{t-1}||``;
    grad_norm ``||G_t||``. With minibatches, ``step`` sums the epoch's
    updates, so ``update_ratio`` is per epoch (for B batches of similar
    steps, up to B times one update's ratio).

    Parameters
    ----------
    model : Sequential or Dense
        Says which recorded arrays are Dense weights (its values are not
        used).
    values : sequence of T >= 2 snapshots
        Each a list of arrays shaped like ``model.parameters()``, as in
        ``Recorder.values``; ``values[t]`` is the state after t epochs.
    grads : sequence of T - 1 snapshots, optional
        As in ``Recorder.grads``.

    Returns
    -------
    dict of str to ndarray
        "norm" and "change" of shape (T, L); "step", "update_ratio" and
        (with ``grads``) "grad_norm" of shape (T - 1, L), row t - 1 for
        epoch t; L is the number of Dense layers. A ratio to a zero norm
        is NaN.
    """
    positions, _ = _dense_weights(model)
    shapes = [p.value.shape for p in model.parameters()]
    values = check_recording(values, shapes, "values")
    if len(values) < 2:
        raise ValueError("values must hold at least 2 snapshots (the start "
                         f"and one epoch), got {len(values)}")
    if grads is not None:
        grads = check_recording(grads, shapes, "grads")
        if len(grads) != len(values) - 1:
            raise ValueError("grads must hold one snapshot per epoch, "
                             f"len(values) - 1 = {len(values) - 1}, got "
                             f"{len(grads)}")
    stats: dict[str, list[np.ndarray]] = {
        "norm": [], "change": [], "step": [], "update_ratio": [],
        "grad_norm": []}
    for i in positions:
        W = np.array([state[i] for state in values])  # (T, n_in, n_out)
        norm = np.linalg.norm(W, axis=(1, 2))  # (T,)
        step = np.linalg.norm(np.diff(W, axis=0), axis=(1, 2))  # (T - 1,)
        distance = np.linalg.norm(W - W[0], axis=(1, 2))
        stats["norm"].append(norm)
        stats["change"].append(_ratio(distance, np.full_like(norm, norm[0])))
        stats["step"].append(step)
        stats["update_ratio"].append(_ratio(step, norm[:-1]))
        if grads is not None:
            G = np.array([state[i] for state in grads])  # (T - 1, ...)
            stats["grad_norm"].append(np.linalg.norm(G, axis=(1, 2)))
    return {key: np.column_stack(columns)
            for key, columns in stats.items() if columns}


def _classify(outputs: np.ndarray) -> np.ndarray:
    """Class ids from outputs (M, K): the argmax, or, for one output read
    as a logit, class 1 where it is > 0."""
    if outputs.shape[1] == 1:
        return (outputs[:, 0] > 0).astype(np.int64)
    return np.argmax(outputs, axis=1)


def _draw_training(fig: Figure, viewer, values, stats, X, y, epoch: int,
                   classify, resolution: int, scale: float) -> dict:
    """Draw epoch ``epoch`` of a checked recording on an empty ``fig``;
    return the artists that ``_update_training`` changes."""
    panels = fig.subplot_mosaic([["regions", "net", "net"],
                                 ["norm", "grad", "ratio"]])
    ax = panels["regions"]
    x0 = np.linspace(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5, resolution)
    x1 = np.linspace(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5, resolution)
    g0, g1 = np.meshgrid(x0, x1)
    grid = np.column_stack([g0.ravel(), g1.ravel()])  # (resolution^2, 2)
    # Colours as in plot_decision_boundary, one per class the network can
    # predict (K for K outputs, 2 for one logit), even one y lacks.
    n_out = viewer.forward(grid[:1]).shape[1]
    n_classes = max(int(np.max(y)) + 1, n_out if n_out > 1 else 2)
    points, regions, norm = class_colormaps(n_classes)
    image = ax.imshow(np.zeros(g0.shape), origin="lower", cmap=regions,
                      norm=norm, extent=(x0[0], x0[-1], x1[0], x1[-1]),
                      interpolation="nearest", aspect="auto")
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap=points, norm=norm,
               edgecolors="k", linewidths=0.5, s=16)
    ax.set(xlabel="$x_1$", ylabel="$x_2$")
    plot_network(viewer, ax=panels["net"], scale=scale, node_size=60.0)
    epochs = np.arange(len(values))
    curves = [("norm", r"$\|W\|_F$", "weight norm"),
              ("grad_norm", r"$\|\partial L/\partial W\|_F$",
               "gradient norm"),
              ("update_ratio", r"$\|\Delta W\|_F/\|W\|_F$",
               "update / weight ratio (dotted: 1e-3)")]
    cursors = []
    for (key, ylabel, title), name in zip(curves, ["norm", "grad", "ratio"]):
        ax = panels[name]
        x = epochs if key == "norm" else epochs[1:]
        # 300 epochs spaced evenly on the log axis draw the same curve as
        # all of them, and each frame draws several times faster.
        keep = np.unique(np.geomspace(1, len(x), 300).astype(int)) - 1
        if key in stats:
            for layer in range(stats[key].shape[1]):
                ax.plot(x[keep], stats[key][keep, layer], lw=1,
                        label=f"W{layer + 1}")
            if np.any(stats[key] > 0):  # a log axis needs a value > 0
                ax.set_yscale("log")
                # Ticks at 1, 2 and 5 per decade, so that a curve spanning
                # less than a decade still has labelled ticks.
                ax.yaxis.set_major_locator(
                    ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
                ax.yaxis.set_major_formatter(
                    ticker.LogFormatter(labelOnlyBase=False))
            if key == "norm":  # one legend serves the three panels
                ax.legend(fontsize=8)
        else:
            ax.text(0.5, 0.5, "no gradients recorded", ha="center",
                    transform=ax.transAxes)
        if key == "update_ratio":
            ax.axhline(1e-3, color="grey", ls=":", lw=1)
        cursors.append(ax.axvline(1, color="k", lw=1))
        ax.set_xscale("log")
        ax.minorticks_off()  # minor ticks of log axes cost most per frame
        ax.set(xlabel="epoch", ylabel=ylabel, title=title)
    artists = {"panels": panels, "image": image, "grid": grid,
               "cursors": cursors, "scale": scale}
    _update_training(artists, viewer, values, epoch, classify)
    return artists


def _update_training(artists: dict, viewer, values, epoch: int,
                     classify) -> None:
    """Show epoch ``epoch``: new regions, edge styles and cursors."""
    for p, v in zip(viewer.parameters(), values[epoch]):
        p.value[...] = v  # viewer is the caller's model, deep-copied
    classes = classify(viewer.forward(artists["grid"]))
    artists["image"].set_data(np.reshape(classes, artists["image"]
                                         .get_array().shape))
    panels, scale = artists["panels"], artists["scale"]
    panels["regions"].set_title(f"decision regions, epoch {epoch}")
    # The edges of plot_network, in its order, restyled for this epoch.
    edges = iter(panels["net"].get_lines())
    for layer in _dense_weights(viewer)[1]:
        for w in layer.W.value.ravel():
            edge = next(edges)
            edge.set_color("tab:red" if w > 0 else "tab:blue")
            edge.set_linewidth(6.0 * min(abs(float(w)) / scale, 1.0))
    panels["net"].set_title(f"weights after {epoch} epochs (red > 0, "
                            f"blue < 0; widest line |w| >= {scale:.2g})")
    for cursor in artists["cursors"]:
        cursor.set_xdata([max(epoch, 1)] * 2)


def _check_training_args(model, values, X, y, grads, classify,
                         resolution):
    """Shared checks of ``plot_training`` and ``animate_training``."""
    positions, _ = _dense_weights(model)
    if classify is None:
        classify = _classify
    check_callable(classify, "classify")
    X = check_array(X, "X", shape=(None, 2))
    y = np.asarray(y)
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},), one label per "
                         f"row of X, got {y.shape}")
    resolution = check_positive_int(resolution, "resolution")
    shapes = [p.value.shape for p in model.parameters()]
    values = check_recording(values, shapes, "values")
    stats = layer_statistics(model, values, grads)
    scale = max(float(np.max(np.abs(state[i])))
                for state in values for i in positions)
    return values, stats, X, y, classify, resolution, scale or 1.0


def plot_training(model, values, X, y, *, epoch: int = -1, grads=None,
                  classify: Callable | None = None, resolution: int = 101,
                  fig: Figure | None = None) -> Figure:
    """One epoch of a recorded run: decision regions, network diagram and
    per-layer statistics.

    Top: the predicted class over the input plane with ``(X, y)`` on top,
    and ``plot_network`` of the weights after ``epoch`` epochs, with edge
    widths on one scale for the whole run. Bottom, per Dense layer over
    all epochs (log axes), with a line at ``epoch``: the weight norm, the
    gradient norm and the update-to-weight ratio of
    ``layer_statistics`` (a dotted line marks 1e-3).

    Parameters
    ----------
    model : Sequential or Dense
        The trained architecture, 2 inputs; it is copied, not changed.
    values : sequence of T >= 2 snapshots, e.g. ``Recorder.values``
    X : array_like, shape (N, 2)
    y : array_like of int, shape (N,)
    epoch : int
        Which snapshot to draw (negative counts from the end).
    grads : sequence of T - 1 snapshots, optional, e.g. ``Recorder.grads``
    classify : callable, optional
        Maps the model's (M, K) outputs to (M,) class ids; by default the
        argmax, or for K = 1 (a logit) class 1 where the output is > 0.
    resolution : int
        Grid points along each axis of the input plane.
    fig : Figure, optional
        Drawn on after ``fig.clear()``; a new 12 x 7 inch one by default.
    """
    values, stats, X, y, classify, resolution, scale = _check_training_args(
        model, values, X, y, grads, classify, resolution)
    epoch = check_integer(epoch, "epoch")
    if not -len(values) <= epoch < len(values):
        raise ValueError(f"epoch must lie in [-{len(values)}, "
                         f"{len(values)}), got {epoch}")
    if fig is None:
        fig = plt.figure(figsize=(12, 7), layout="constrained")
    fig.clear()
    _draw_training(fig, copy.deepcopy(model), values, stats, X, y,
                   epoch % len(values), classify, resolution, scale)
    return fig


def animate_training(model, values, X, y, *,
                     frames: Sequence[int] | None = None, grads=None,
                     classify: Callable | None = None,
                     resolution: int = 101, figsize=(12, 7),
                     dpi: float = 60.0,
                     interval: float = 400.0) -> animation.FuncAnimation:
    """An animation of ``plot_training`` over the epochs of a recording.

    Turn it into a self-contained HTML player with ``anim.to_jshtml()``
    (the frames are embedded as images; no Python is needed to play it),
    or save it with ``anim.save``.

    Parameters
    ----------
    model, values, X, y, grads, classify, resolution
        As for ``plot_training``.
    frames : sequence of int, optional
        The epochs to show; by default 0 and 24 epochs spaced evenly on a
        log scale up to the last.
    figsize : (float, float)
        Figure size in inches.
    dpi : float
        Resolution of each frame (dots per inch).
    interval : float
        Milliseconds between frames.

    Returns
    -------
    matplotlib.animation.FuncAnimation
    """
    values, stats, X, y, classify, resolution, scale = _check_training_args(
        model, values, X, y, grads, classify, resolution)
    dpi = check_positive(dpi, "dpi")
    interval = check_positive(interval, "interval")
    last = len(values) - 1
    if frames is None:
        spaced = np.geomspace(1, last, 24).round().astype(np.int64)
        shown = [int(t) for t in np.unique(np.r_[0, spaced])]
    else:
        shown = [check_integer(t, "each frame") for t in frames]
    if not shown or min(shown) < 0 or max(shown) > last:
        raise ValueError(f"frames must be epochs in [0, {last}], got "
                         f"{shown!r}")
    fig = plt.figure(figsize=figsize, dpi=dpi, layout="constrained")
    viewer = copy.deepcopy(model)
    artists = _draw_training(fig, viewer, values, stats, X, y, shown[0],
                             classify, resolution, scale)
    # Lay the figure out once: every frame keeps the same axes, so
    # re-running the layout per frame would only cost time.
    fig.canvas.draw()
    fig.set_layout_engine("none")

    def draw(i: int) -> list:
        _update_training(artists, viewer, values, shown[i], classify)
        return []

    return animation.FuncAnimation(fig, draw, frames=len(shown),
                                   interval=interval, blit=False)
