"""Plotting helpers draw on (and return) an Axes and leave global
matplotlib settings alone."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnmath as nn
from nnmath import activations as A
from nnmath import plotting as P
from nnmath.training import History


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def rcparams_unchanged():
    before = dict(matplotlib.rcParams)
    yield
    assert dict(matplotlib.rcParams) == before


def fresh_ax():
    return plt.figure().add_subplot()


def test_plot_history_draws_non_empty_curves():
    history = History(loss=[1.0, 0.5, 0.25], val_loss=[1.2, 0.7, 0.4],
                      lr=[0.1] * 3)
    ax = fresh_ax()
    assert P.plot_history(history, ax, label="run") is ax
    assert [line.get_label() for line in ax.lines] == ["run loss",
                                                       "run val_loss"]
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), history.val_loss)
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "epoch"


def test_plot_history_skips_empty_keys_and_linear_scale():
    ax = P.plot_history(History(loss=[3.0, 2.0]), log=False, label="a")
    assert isinstance(ax, matplotlib.axes.Axes)
    assert len(ax.lines) == 1 and ax.get_yscale() == "linear"
    assert ax.lines[0].get_label() == "a"  # one curve: the label alone


def test_plot_fit_1d():
    X = np.linspace(0, 1, 10).reshape(-1, 1)
    calls = []

    def predict(Z):
        calls.append(Z.shape)
        return 2 * Z

    ax = P.plot_fit_1d(predict, X, 2 * X, truth=lambda x: 2 * x,
                       ax=fresh_ax(), label="net")
    assert calls == [(500, 1)]
    assert [line.get_label() for line in ax.lines] == [
        "truth", "training points", "net"]
    np.testing.assert_allclose(ax.lines[2].get_ydata(),
                               2 * ax.lines[2].get_xdata())
    np.testing.assert_array_equal(ax.lines[1].get_xdata(), X[:, 0])


def test_plot_fit_1d_with_custom_grid_and_no_truth():
    ax = P.plot_fit_1d(lambda Z: Z, np.zeros((3, 1)), np.zeros((3, 1)),
                       grid=np.arange(7.0))
    assert len(ax.lines) == 2 and len(ax.lines[1].get_xdata()) == 7


def test_plot_fit_1d_bad_input():
    with pytest.raises(ValueError, match="as many values, got 3 and 2"):
        P.plot_fit_1d(lambda Z: Z, np.zeros(3), np.zeros(2))
    with pytest.raises(TypeError, match="X_train must hold real numbers"):
        P.plot_fit_1d(lambda Z: Z, ["a"], [1.0])


def test_plot_decision_boundary():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    y = np.array([0, 0, 1, 1])
    seen = []

    def predict(G):
        seen.append(G.shape)
        return (G[:, 0] > 0.5).astype(int)

    ax = P.plot_decision_boundary(predict, X, y, ax=fresh_ax(),
                                  resolution=30)
    assert seen == [(900, 2)]
    assert len(ax.collections) >= 2  # the filled regions and the data
    offsets = ax.collections[-1].get_offsets()
    np.testing.assert_array_equal(np.asarray(offsets), X)


def relative_luminance(rgb):
    """WCAG relative luminance of sRGB colours (..., 3) in [0, 1]."""
    rgb = np.asarray(rgb, dtype=float)
    linear = np.where(rgb <= 0.03928, rgb / 12.92,
                      ((rgb + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


@pytest.mark.parametrize("k", [1, 2, 3, 5, 10])
def test_class_colours_are_distinct_and_none_is_near_white(k):
    points, regions, norm = P.class_colormaps(k)
    assert points.N == regions.N == k
    dots = points(np.arange(k))[:, :3]
    tints = regions(np.arange(k))[:, :3]
    # each class id is mapped to its own colour, in order
    np.testing.assert_array_equal(norm(np.arange(k)), np.arange(k))
    for colours, gap in ((dots, 0.15), (tints, 0.06)):
        # pairwise distinct (Euclidean distance in RGB) ...
        d = np.linalg.norm(colours[:, None] - colours[None], axis=-1)
        assert np.all(d[~np.eye(k, dtype=bool)] > gap)
    # ... no point colour near white (the middle of coolwarm has
    # luminance 0.75; white 1) and no region tint is white either
    assert np.all(relative_luminance(dots) < 0.6)
    assert np.all(relative_luminance(tints) < 0.95)
    # a light region under each dark point: contrast ratio >= 1.5
    ratio = (relative_luminance(tints) + 0.05) / (
        relative_luminance(dots) + 0.05)
    assert np.all(ratio >= 1.5)
    # opaque, so a dark page does not show through the regions
    assert np.all(regions(np.arange(k))[:, 3] == 1.0)


def test_class_colormaps_bad_input():
    with pytest.raises(ValueError, match="n_classes"):
        P.class_colormaps(0)
    with pytest.raises(ValueError, match="at most 10"):
        P.class_colormaps(11)
    with pytest.raises(TypeError, match="n_classes"):
        P.class_colormaps(2.5)
    # a NumPy integer is an integer
    assert P.class_colormaps(np.int64(3))[0].N == 3


def test_plot_decision_boundary_three_classes_three_colours():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]])
    y = np.array([0, 1, 2])
    ax = P.plot_decision_boundary(lambda G: np.clip(G[:, 0].round(), 0, 2)
                                  .astype(int), X, y, ax=fresh_ax(),
                                  resolution=30)
    points, regions, _ = P.class_colormaps(3)
    ax.figure.canvas.draw()
    dots = ax.collections[-1].get_facecolors()
    np.testing.assert_allclose(dots, points(np.arange(3)))
    fills = ax.collections[0].get_facecolors()  # the filled contour set
    np.testing.assert_allclose(fills[:, :3], regions(np.arange(3))[:, :3])


@pytest.mark.parametrize("X, kwargs, exc, words", [
    (np.zeros((4, 3)), {}, ValueError,
     r"X must have shape \(N, 2\), got \(4, 3\)"),
    (np.zeros((4, 2)), {"resolution": 0}, ValueError, "resolution"),
    (np.zeros((4, 2)), {"resolution": "50"}, TypeError, "resolution"),
    (np.zeros((4, 2)), {"margin": -1.0}, ValueError, "margin"),
])
def test_plot_decision_boundary_bad_input(X, kwargs, exc, words):
    with pytest.raises(exc, match=words):
        P.plot_decision_boundary(lambda G: np.zeros(len(G)), X, np.zeros(4),
                                 ax=fresh_ax(), **kwargs)


@pytest.mark.parametrize("f, f_grad, kwargs", [
    (A.tanh, A.tanh_grad, {}),
    (A.leaky_relu, A.leaky_relu_grad, {"alpha": 0.2}),
])
def test_plot_activation(f, f_grad, kwargs):
    ax = P.plot_activation(f, f_grad, lim=3.0, name="g", **kwargs)
    labelled = [line for line in ax.lines
                if not line.get_label().startswith("_")]
    assert [line.get_label() for line in labelled] == ["g(x)", "g'(x)"]
    x = labelled[0].get_xdata()
    assert x[0] == -3.0 and x[-1] == 3.0
    np.testing.assert_array_equal(labelled[0].get_ydata(), f(x, **kwargs))
    np.testing.assert_array_equal(labelled[1].get_ydata(),
                                  f_grad(x, **kwargs))


def test_plot_activation_bad_lim():
    with pytest.raises(ValueError, match="lim must be > 0"):
        P.plot_activation(A.relu, A.relu_grad, lim=0.0)


def test_helpers_without_ax_make_one_new_figure_each():
    n = len(plt.get_fignums())
    P.plot_history(History(loss=[1.0]))
    P.plot_activation(A.relu, A.relu_grad)
    P.plot_network(nn.Dense(2, 1, rng=0))
    assert len(plt.get_fignums()) == n + 3


def test_helpers_with_ax_make_no_new_figure():
    ax = fresh_ax()
    n = len(plt.get_fignums())
    P.plot_history(History(loss=[1.0]), ax)
    P.plot_activation(A.relu, A.relu_grad, ax=ax)
    assert len(plt.get_fignums()) == n


def test_plot_network_draws_one_edge_per_weight_coloured_by_sign():
    model = nn.Sequential(nn.Dense(2, 3, rng=0), nn.Tanh(),
                          nn.Dense(3, 1, rng=1))
    model[0].W.value[0, 0] = -5.0  # the largest |w|: widest edge, blue
    model[2].W.value[1, 0] = 2.5   # half of it, red
    fig, ax = plt.subplots()
    assert P.plot_network(model, ax=ax) is ax
    edges = list(ax.get_lines())
    assert len(edges) == 2 * 3 + 3 * 1
    widest = max(edges, key=lambda line: line.get_linewidth())
    assert widest.get_color() == "tab:blue"
    assert widest.get_linewidth() == pytest.approx(6.0)
    # Edges are drawn layer by layer, row by row: the second layer's
    # second weight is edge 6 + 1.
    assert edges[7].get_color() == "tab:red"
    assert edges[7].get_linewidth() == pytest.approx(3.0)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["input", "layer 1", "layer 2"]
    # One column of units per width: 2, 3 and 1 circles.
    sizes = [len(c.get_offsets()) for c in ax.collections]
    assert sizes == [2, 3, 1]


def test_plot_network_all_zero_weights_and_bad_input():
    layer = nn.Dense(2, 2, rng=0)
    layer.W.value[:] = 0.0
    ax = P.plot_network(layer)
    assert all(line.get_linewidth() == 0.0 for line in ax.get_lines())
    with pytest.raises(ValueError, match="needs a Dense layer"):
        P.plot_network(nn.Sequential(nn.Tanh()), ax=fresh_ax())
    with pytest.raises(ValueError, match="max_width must be > 0"):
        P.plot_network(layer, max_width=0.0)
    with pytest.raises(TypeError, match="node_size"):
        P.plot_network(layer, node_size="big")


def test_plot_confusion_matrix_counts_and_row_normalisation():
    cm = np.array([[3, 1], [0, 4]])
    ax = P.plot_confusion_matrix(cm, target_names=["cat", "dog"])
    assert [t.get_text() for t in ax.texts] == ["3", "1", "0", "4"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cat", "dog"]
    ax = P.plot_confusion_matrix(cm, normalize=True)
    assert [t.get_text() for t in ax.texts] == ["0.75", "0.25", "0.00",
                                                "1.00"]
    np.testing.assert_allclose(ax.images[0].get_array(),
                               [[0.75, 0.25], [0.0, 1.0]])


@pytest.mark.parametrize("cm, labels, match", [
    (np.zeros((2, 3)), None, r"square \(K, K\) matrix, got shape \(2, 3\)"),
    (np.zeros((2, 2)), ["a"], "name all 2 classes, got 1"),
    (np.zeros(4), None, "cm must be a 2-D array"),
])
def test_plot_confusion_matrix_bad_input(cm, labels, match):
    with pytest.raises(ValueError, match=match):
        P.plot_confusion_matrix(cm, target_names=labels)


def test_plot_network_scale_is_shared_and_clips():
    layer = nn.Dense(2, 1, rng=0)
    layer.W.value[:] = [[1.0], [-4.0]]
    ax = P.plot_network(layer, scale=2.0)
    widths = [line.get_linewidth() for line in ax.get_lines()]
    assert widths == [pytest.approx(3.0), pytest.approx(6.0)]  # 4 > 2: clip
    with pytest.raises(ValueError, match="scale must be > 0"):
        P.plot_network(layer, scale=0.0)


def small_run(epochs=6, lr=0.5, momentum=0.0):
    """A 2-3-2 tanh network trained full batch with a Recorder."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    model = nn.Sequential(nn.Dense(2, 3, rng=1), nn.Tanh(),
                          nn.Dense(3, 2, rng=2))
    recorder = P.Recorder(model)
    optimizer = nn.SGD(model.parameters(), lr=lr, momentum=momentum)
    nn.fit(model, nn.losses.softmax_cross_entropy, optimizer, X, y,
           epochs=epochs, callbacks=[recorder])
    return model, recorder, X, y


def test_recorder_keeps_values_and_the_gradients_of_each_step():
    model, rec, X, y = small_run(epochs=6, lr=0.5)
    assert len(rec.values) == 7 and len(rec.grads) == 6
    for now, value in zip(model.parameters(), rec.values[-1]):
        np.testing.assert_array_equal(now.value, value)
        assert value is not now.value  # a copy, not a view
    # Plain full-batch SGD: each recorded step is -lr times its gradient.
    for t in range(1, 7):
        for before, after, g in zip(rec.values[t - 1], rec.values[t],
                                    rec.grads[t - 1]):
            np.testing.assert_allclose(after - before, -0.5 * g,
                                       rtol=1e-12, atol=1e-15)
    with pytest.raises(TypeError, match="model must be a Layer"):
        P.Recorder("net")


def test_layer_statistics_by_hand():
    layer = nn.Dense(2, 1, rng=0)  # parameters: W (2, 1), b (1,)
    b = np.zeros(1)
    values = [[np.array([[3.0], [4.0]]), b],   # norm 5
              [np.array([[0.0], [8.0]]), b],   # step 5, norm 8
              [np.array([[0.0], [0.0]]), b]]   # step 8, norm 0
    grads = [[np.array([[1.0], [0.0]]), b], [np.array([[0.0], [2.0]]), b]]
    stats = P.layer_statistics(layer, values, grads)
    np.testing.assert_allclose(stats["norm"][:, 0], [5.0, 8.0, 0.0])
    np.testing.assert_allclose(stats["change"][:, 0],
                               [0.0, np.sqrt(9 + 16) / 5, 1.0])
    np.testing.assert_allclose(stats["step"][:, 0], [5.0, 8.0])
    np.testing.assert_allclose(stats["update_ratio"][:, 0], [1.0, 1.0])
    np.testing.assert_allclose(stats["grad_norm"][:, 0], [1.0, 2.0])
    # No gradients: no grad_norm; a zero weight matrix has no ratio (NaN).
    stats = P.layer_statistics(layer, values[::-1])
    assert "grad_norm" not in stats
    assert np.all(np.isnan(stats["change"][:, 0]))
    assert np.isnan(stats["update_ratio"][0, 0])


def test_layer_statistics_of_a_run_one_column_per_dense_layer():
    model, rec, X, y = small_run(epochs=5, lr=0.5)
    stats = P.layer_statistics(model, rec.values, rec.grads)
    assert stats["norm"].shape == (6, 2)
    assert stats["update_ratio"].shape == (5, 2)
    # Plain SGD: ||W_t - W_{t-1}|| = lr ||G_t||.
    np.testing.assert_allclose(stats["step"], 0.5 * stats["grad_norm"],
                               rtol=1e-12)


@pytest.mark.parametrize("values, grads, exc, match", [
    ("abc", None, TypeError, "values must be a list of parameter snapshots"),
    ([[np.zeros((2, 1))]] * 2, None, ValueError,
     r"values\[0\] must hold 2 arrays"),
    ([[np.zeros((1, 2)), np.zeros(1)]] * 2, None, ValueError,
     r"values\[0\]\[0\] must have shape \(2, 1\), got \(1, 2\)"),
    ([[np.zeros((2, 1)), np.zeros(1)]], None, ValueError,
     "at least 2 snapshots"),
    ([[np.zeros((2, 1)), np.zeros(1)]] * 3,
     [[np.zeros((2, 1)), np.zeros(1)]], ValueError,
     "one snapshot per epoch, len\\(values\\) - 1 = 2, got 1"),
])
def test_layer_statistics_bad_input(values, grads, exc, match):
    with pytest.raises(exc, match=match):
        P.layer_statistics(nn.Dense(2, 1, rng=0), values, grads)
    with pytest.raises(ValueError, match="needs a Dense layer"):
        P.layer_statistics(nn.Sequential(nn.Tanh()), [[], []])


def test_plot_training_draws_regions_network_and_statistics():
    model, rec, X, y = small_run(epochs=8)
    before = [p.value.copy() for p in model.parameters()]
    fig = P.plot_training(model, rec.values, X, y, epoch=3, grads=rec.grads,
                          resolution=20)
    assert len(fig.axes) == 5
    regions, net, norm, grad, ratio = fig.axes
    assert regions.get_title() == "decision regions, epoch 3"
    assert "after 3 epochs" in net.get_title()
    # the regions are the argmax of the model loaded with snapshot 3
    viewer = nn.Sequential(nn.Dense(2, 3, rng=1), nn.Tanh(),
                           nn.Dense(3, 2, rng=2))
    for p, v in zip(viewer.parameters(), rec.values[3]):
        p.value[...] = v
    image = regions.images[0].get_array()
    x0 = np.linspace(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5, 20)
    x1 = np.linspace(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5, 20)
    g0, g1 = np.meshgrid(x0, x1)
    want = np.argmax(viewer.forward(np.c_[g0.ravel(), g1.ravel()]), axis=1)
    np.testing.assert_array_equal(np.asarray(image).ravel(), want)
    assert len(net.get_lines()) == 2 * 3 + 3 * 2
    assert [line.get_label() for line in ratio.get_lines()[:2]] == ["W1",
                                                                   "W2"]
    # the caller's model is left as it was
    for p, v in zip(model.parameters(), before):
        np.testing.assert_array_equal(p.value, v)
    fig = P.plot_training(model, rec.values, X, y)  # no grads: a note
    assert fig.axes[3].texts[0].get_text() == "no gradients recorded"


def test_plot_training_one_logit_and_bad_input():
    model = nn.Sequential(nn.Dense(2, 2, rng=0), nn.Tanh(),
                          nn.Dense(2, 1, rng=1))
    rec = P.Recorder(model)
    rec(1, None)
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1])
    fig = P.plot_training(model, rec.values, X, y, resolution=5)
    image = np.asarray(fig.axes[0].images[0].get_array())
    assert set(np.unique(image)) <= {0, 1}
    with pytest.raises(ValueError, match=r"epoch must lie in \[-2, 2\)"):
        P.plot_training(model, rec.values, X, y, epoch=2)
    with pytest.raises(ValueError, match=r"y must have shape \(2,\)"):
        P.plot_training(model, rec.values, X, np.zeros(3))
    with pytest.raises(ValueError, match=r"X must have shape \(N, 2\)"):
        P.plot_training(model, rec.values, np.zeros((2, 3)), y)
    with pytest.raises(TypeError, match="classify must be a function"):
        P.plot_training(model, rec.values, X, y, classify="argmax")


def test_plot_training_colours_every_class_the_network_can_predict():
    # three outputs, but y holds only classes 0 and 1: the regions still
    # get three colours, so a predicted class 2 is not drawn as class 1
    model = nn.Sequential(nn.Dense(2, 3, rng=0))
    rec = P.Recorder(model)
    rec(1, None)
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1])
    fig = P.plot_training(model, rec.values, X, y, resolution=5)
    image = fig.axes[0].images[0]
    _, regions, norm = P.class_colormaps(3)
    np.testing.assert_array_equal(image.norm.boundaries, norm.boundaries)
    np.testing.assert_allclose(image.cmap(np.arange(3)),
                               regions(np.arange(3)))


def test_animate_training_frames_and_offline_player():
    model, rec, X, y = small_run(epochs=8)
    anim = P.animate_training(model, rec.values, X, y, grads=rec.grads,
                              frames=[0, 2, 8], resolution=10, dpi=20)
    assert isinstance(anim, matplotlib.animation.FuncAnimation)
    html = anim.to_jshtml()
    assert html.count("data:image/png;base64") == 3  # frames embedded
    regions = anim._fig.axes[0]
    assert regions.get_title() == "decision regions, epoch 8"
    assert len(list(anim.new_frame_seq())) == 3
    short = small_run(epochs=2)[1].values
    anim = P.animate_training(model, short, X, y, resolution=10, dpi=20)
    # default frames: 0 and log-spaced epochs up to the last, 1 and 2
    assert anim.to_jshtml().count("data:image/png;base64") == 3
    with pytest.raises(ValueError, match=r"frames must be epochs in \[0, 8\]"):
        P.animate_training(model, rec.values, X, y, frames=[0, 9])
    with pytest.raises(TypeError, match="each frame must be an integer"):
        P.animate_training(model, rec.values, X, y, frames=[0.5])


def test_plot_training_log_axes_label_a_range_under_a_decade():
    model, rec, X, y = small_run(epochs=8)
    fig = P.plot_training(model, rec.values, X, y, grads=rec.grads,
                          resolution=10)
    norm = fig.axes[2]
    fig.canvas.draw()
    low, high = norm.get_ylim()
    assert high / low < 10  # the norms span less than a decade ...
    labels = [t.get_text() for t in norm.get_yticklabels()
              if t.get_text() and low <= t.get_position()[1] <= high]
    assert labels  # ... and the axis still has a labelled tick
