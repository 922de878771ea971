"""The training loop: step counts, need_dx, validation, callbacks, dtypes,
reproducibility, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nnmath as nn
from nnmath import training
from nnmath.losses import (binary_cross_entropy_with_logits, mse,
                           softmax_cross_entropy)
from nnmath.training import minibatches

# Small data made here with NumPy, so these tests do not depend on
# nnmath.datasets.


def make_sine(n, low=-2 * np.pi, high=2 * np.pi, noise=0.0, rng=None):
    """n evenly spaced x in [low, high] (random with rng), y = sin(x)."""
    if rng is None:
        x = np.linspace(low, high, n)
    else:
        x = np.sort(np.random.default_rng(rng).uniform(low, high, n))
    y = np.sin(x)
    if noise:
        y = y + noise * np.random.default_rng(rng).standard_normal(n)
    return x.reshape(-1, 1), y.reshape(-1, 1)


def make_xor(n_per_corner=1, noise=0.0, rng=None):
    """The four XOR corners (labels 0, 1, 1, 0), each a Gaussian cloud."""
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    X = np.repeat(corners, n_per_corner, axis=0)
    y = np.repeat(np.array([0, 1, 1, 0]), n_per_corner)
    if noise:
        X = X + noise * np.random.default_rng(rng).standard_normal(X.shape)
    return X, y


def mlp(n_in=1, hidden=8, n_out=1, *, seed=0, dtype=np.float64, dropout=0.0):
    layers = [nn.Dense(n_in, hidden, rng=seed, dtype=dtype), nn.Tanh()]
    if dropout:
        layers.append(nn.Dropout(dropout, rng=seed + 100))
    layers.append(nn.Dense(hidden, n_out, rng=seed + 1, dtype=dtype))
    return nn.Sequential(*layers)


@pytest.fixture
def sine():
    return make_sine(40, low=-3, high=3)


class Recorder(nn.Layer):
    """Identity layer that records what flows through it: the dtypes, the
    number of forward passes, their training flags and each need_dx."""

    def __init__(self):
        self.dtypes, self.forwards, self.trainings = set(), 0, []
        self.need_dx = []

    def forward(self, x, *, training=False):
        self.dtypes.add(x.dtype)
        self.forwards += 1
        self.trainings.append(training)
        return x

    def backward(self, dy, *, need_dx=True):
        self.dtypes.add(dy.dtype)
        self.need_dx.append(need_dx)
        return dy if need_dx else None


# --- learning --------------------------------------------------------------

def test_fit_reduces_the_loss(sine):
    X, y = sine
    model = mlp()
    before = nn.evaluate(model, mse, X, y)
    history = nn.fit(model, mse, nn.Adam(model.parameters(), lr=0.02), X, y,
                     epochs=200)
    assert history.epochs == 200 and len(history.lr) == 200
    assert history.val_loss == []
    # Full batch: the loss of epoch 0 is measured before the first update.
    assert history.loss[0] == pytest.approx(before, rel=1e-12)
    assert history.loss[-1] < 0.1 * history.loss[0]
    assert nn.evaluate(model, mse, X, y) < 0.1 * before


def test_fit_learns_xor():
    X, y = make_xor()
    model = mlp(2, 8, 2, seed=3)
    nn.fit(model, softmax_cross_entropy,
           nn.Adam(model.parameters(), lr=0.05), X, y, epochs=300)
    assert nn.accuracy(nn.predict(model, X), y) == 1.0


def test_accuracy_is_still_importable_from_the_package():
    assert nn.accuracy is nn.metrics.accuracy


def test_full_batch_takes_one_step_per_epoch(sine):
    X, y = sine
    model = mlp()
    opt = nn.SGD(model.parameters(), lr=0.01)
    nn.fit(model, mse, opt, X, y, epochs=7)
    assert opt.t == 7


@pytest.mark.parametrize("n, batch_size", [
    (40, 7), (40, 8), (40, 40), (40, 100), (40, 1)])
def test_minibatches_take_ceil_n_over_b_steps_per_epoch(n, batch_size):
    X, y = make_sine(n)
    recorder = Recorder()
    model = nn.Sequential(recorder, nn.Dense(1, 1, rng=0))
    opt = nn.SGD(model.parameters(), lr=0.01)
    nn.fit(model, mse, opt, X, y, epochs=3, batch_size=batch_size, rng=0)
    assert opt.t == 3 * math.ceil(n / batch_size)
    assert recorder.forwards == opt.t and all(recorder.trainings)


@pytest.mark.parametrize("batch_size", [None, 4])
def test_fit_never_asks_for_the_model_input_gradient(sine, batch_size):
    X, y = sine
    first, middle = Recorder(), Recorder()
    model = nn.Sequential(first, nn.Dense(1, 4, rng=0), nn.Tanh(), middle,
                          nn.Dense(4, 1, rng=1))
    opt = nn.SGD(model.parameters(), lr=0.01)
    nn.fit(model, mse, opt, X, y, epochs=3, batch_size=batch_size, rng=0)
    assert first.need_dx == [False] * opt.t  # the first layer: never dx
    assert middle.need_dx == [True] * opt.t  # inner layers: always dx


def test_fit_calls_backward_with_need_dx_false_on_a_plain_layer(sine):
    X, y = sine
    calls = []

    class Logged(nn.Dense):
        def backward(self, dy, *, need_dx=True):
            calls.append(need_dx)
            return super().backward(dy, need_dx=need_dx)

    model = Logged(1, 1, rng=0)
    nn.fit(model, mse, nn.SGD(model.parameters()), X, y, epochs=2)
    assert calls == [False, False]


def test_history_lr_follows_a_schedule(sine):
    X, y = sine
    model = mlp()
    sched = nn.schedules.step_decay(0.1, step_size=2, gamma=0.5)
    history = nn.fit(model, mse, nn.SGD(model.parameters(), lr=sched), X, y,
                     epochs=3, batch_size=20, rng=0)
    # 2 steps per epoch: epoch e starts at step 2e.
    assert history.lr == [0.1, 0.05, 0.025]


def test_validation_fills_val_loss(sine):
    X, y = sine
    X_val, y_val = make_sine(15, low=-2.5, high=2.5)
    recorder = Recorder()
    model = nn.Sequential(mlp(), recorder)
    history = nn.fit(model, mse, nn.Adam(model.parameters(), lr=0.01), X, y,
                     epochs=5, validation=(X_val, y_val))
    assert len(history.val_loss) == 5
    # Validation runs in evaluation mode, once after each epoch.
    assert recorder.trainings == [True, False] * 5
    assert history.val_loss[-1] == pytest.approx(
        nn.evaluate(model, mse, X_val, y_val), rel=1e-12)


def test_validation_may_be_a_list_pair(sine):
    X, y = sine
    model = mlp()
    history = nn.fit(model, mse, nn.SGD(model.parameters()), X, y, epochs=2,
                     validation=[X[:5], y[:5]])
    assert len(history.val_loss) == 2


def count_checks(monkeypatch):
    """Count the calls fit makes to the array checks it imports, by the
    name of the argument checked."""
    counts = {}
    for helper in ("check_array", "check_finite"):
        real = getattr(training, helper)

        def counted(arr, name, *args, _real=real, **kwargs):
            counts[name] = counts.get(name, 0) + 1
            return _real(arr, name, *args, **kwargs)

        monkeypatch.setattr(training, helper, counted)
    return counts


@pytest.mark.parametrize("batch_size", [None, 10])
def test_the_data_and_validation_pair_are_checked_once_per_fit(
        sine, monkeypatch, batch_size):
    X, y = sine
    counts = count_checks(monkeypatch)
    per_run = []
    for epochs in (1, 6):
        counts.clear()
        model = mlp()
        history = nn.fit(model, mse, nn.SGD(model.parameters()), X, y,
                         epochs=epochs, batch_size=batch_size, rng=0,
                         validation=(X[:7], y[:7]))
        assert len(history.val_loss) == epochs
        per_run.append(dict(counts))
    assert per_run[0]["X_val"] >= 1 and per_run[0]["y_val"] >= 1
    assert per_run[0] == per_run[1]  # as many checks for 6 epochs as for 1


def test_callback_returning_true_stops_early(sine):
    X, y = sine
    calls = []

    def stop_after_three(epoch, history):
        calls.append((epoch, history.epochs))
        # A NumPy bool must stop training as well as a Python one.
        return np.int64(epoch) == 2

    model = mlp()
    opt = nn.SGD(model.parameters(), lr=0.01)
    history = nn.fit(model, mse, opt, X, y, epochs=50,
                     callbacks=[stop_after_three, lambda e, h: None])
    assert calls == [(0, 1), (1, 2), (2, 3)]
    assert history.epochs == 3 and opt.t == 3


def test_every_callback_runs_in_the_epoch_that_stops(sine):
    X, y = sine
    seen = []
    model = mlp()
    nn.fit(model, mse, nn.SGD(model.parameters()), X, y, epochs=10,
           callbacks=[lambda e, h: True, lambda e, h: seen.append(e)])
    assert seen == [0]


def xor_labels_as_float():
    X, y = make_xor(5, noise=0.1, rng=0)
    return X, y.astype(float)


@pytest.mark.parametrize("loss_fn, data, n_out", [
    (mse, make_sine(30), 1),
    (softmax_cross_entropy, make_xor(5, noise=0.1, rng=0), 2),
    (binary_cross_entropy_with_logits, xor_labels_as_float(), 1),
])
def test_float32_model_trains_in_float32_end_to_end(loss_fn, data, n_out):
    X, y = data  # float64 (or integer) data: cast to the model's float32
    recorder = Recorder()
    model = nn.Sequential(nn.Dense(X.shape[1], 6, rng=0, dtype=np.float32),
                          nn.Tanh(), recorder, nn.Dropout(0.1, rng=1),
                          nn.Dense(6, n_out, rng=2, dtype=np.float32))
    history = nn.fit(model, loss_fn, nn.Adam(model.parameters(), lr=0.01),
                     X, y, epochs=20, batch_size=8, rng=0,
                     validation=(X, y))
    # Forward activations and backward gradients alike.
    assert recorder.dtypes == {np.dtype(np.float32)}
    for p in model.parameters():
        assert p.value.dtype == p.grad.dtype == np.float32
    assert nn.predict(model, X).dtype == np.float32
    assert history.loss[-1] < history.loss[0]
    assert all(isinstance(v, float) for v in history.loss + history.val_loss)


@pytest.mark.parametrize("X_dtype", [np.float32, np.int64])
def test_a_float64_model_trains_in_float64_whatever_x_is(X_dtype):
    X = np.arange(12).reshape(6, 2).astype(X_dtype)
    recorder = Recorder()
    model = nn.Sequential(recorder, nn.Dense(2, 1, rng=0))
    nn.fit(model, mse, nn.SGD(model.parameters()), X,
           np.zeros((6, 1), np.float32), epochs=2)
    assert recorder.dtypes == {np.dtype(np.float64)}


def test_fit_has_no_dtype_argument_any_more(sine):
    X, y = sine
    model = mlp()
    with pytest.raises(TypeError, match="dtype"):
        nn.fit(model, mse, nn.SGD(model.parameters()), X, y, epochs=1,
               dtype=np.float32)


ACTIVATIONS = {
    "ReLU": nn.ReLU, "LeakyReLU": lambda: nn.LeakyReLU(np.float32(0.1)),
    "ELU": nn.ELU, "Swish": nn.Swish, "Sigmoid": nn.Sigmoid,
    "Softplus": nn.Softplus, "GELU": nn.GELU,
    "Tanh": nn.Tanh, "PReLU": lambda: nn.PReLU(6, dtype=np.float32),
}
OPTIMISERS = {
    "SGD-momentum-wd": lambda ps: nn.SGD(ps, lr=0.05, momentum=0.9,
                                         weight_decay=1e-3),
    "SGD-nesterov": lambda ps: nn.SGD(ps, lr=0.05, momentum=0.9,
                                      nesterov=True),
    "SGD-np-scalars": lambda ps: nn.SGD(ps, lr=np.float32(0.05),
                                        momentum=np.float32(0.9),
                                        weight_decay=np.float32(0.1)),
    "RMSprop": lambda ps: nn.RMSprop(ps, lr=0.01),
    "RMSprop-wd": lambda ps: nn.RMSprop(ps, lr=0.01, weight_decay=1e-3),
    "Adam-wd": lambda ps: nn.Adam(ps, lr=0.01, weight_decay=1e-3),
}


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("optimiser", sorted(OPTIMISERS))
def test_float32_stays_float32_through_every_activation_and_optimiser(
        activation, optimiser):
    X, y = make_xor(5, noise=0.1, rng=0)
    model = nn.Sequential(nn.Dense(2, 6, rng=0, dtype=np.float32),
                          ACTIVATIONS[activation](),
                          nn.Dense(6, 2, rng=1, dtype=np.float32))
    before = [p.value.copy() for p in model.parameters()]
    opt = OPTIMISERS[optimiser](model.parameters())
    nn.fit(model, softmax_cross_entropy, opt, X, y, epochs=3, batch_size=4,
           rng=0)
    state = [a for name in ("velocity", "sq", "m", "v")
             for a in getattr(opt, name, [])]
    assert len(state) >= len(before)  # every optimiser keeps some state
    values = [p.value for p in model.parameters()]
    grads = [p.grad for p in model.parameters()]
    assert {a.dtype for a in values + grads + state} == {
        np.dtype(np.float32)}
    assert any(not np.array_equal(a, b) for a, b in zip(values, before))


# --- reproducibility -------------------------------------------------------

def train_once(seed):
    X, y = make_sine(50, noise=0.1, rng=seed)
    model = mlp(seed=seed, dropout=0.2)
    history = nn.fit(model, mse, nn.Adam(model.parameters(), lr=0.01), X, y,
                     epochs=5, batch_size=8, rng=seed,
                     validation=(X[:10], y[:10]))
    return [p.value.copy() for p in model.parameters()], history


def test_same_seed_is_bit_identical_different_seed_differs():
    w1, h1 = train_once(7)
    w2, h2 = train_once(7)
    assert h1 == h2  # dataclass equality: every per-epoch list bit for bit
    for a, b in zip(w1, w2):
        np.testing.assert_array_equal(a, b)
    w3, h3 = train_once(8)
    assert h3.loss != h1.loss
    assert not np.array_equal(w3[0], w1[0])


def test_only_the_shuffling_seed_changes_the_run():
    X, y = make_sine(30)
    runs = []
    for fit_seed in (0, 0, 1):
        model = mlp(seed=0)
        history = nn.fit(model, mse, nn.SGD(model.parameters(), lr=0.05), X,
                         y, epochs=3, batch_size=4, rng=fit_seed)
        runs.append(history.loss)
    assert runs[0] == runs[1] and runs[0] != runs[2]


def test_full_batch_ignores_the_shuffling_seed():
    X, y = make_sine(30)
    runs = []
    for fit_seed in (0, 1):
        model = mlp(seed=0)
        runs.append(nn.fit(model, mse, nn.SGD(model.parameters(), lr=0.05),
                           X, y, epochs=3, rng=fit_seed).loss)
    assert runs[0] == runs[1]


def test_global_numpy_random_state_is_untouched(sine):
    X, y = sine
    np.random.seed(1234)
    before = np.random.get_state()
    model = nn.Sequential(nn.Dense(1, 4), nn.ReLU(), nn.Dropout(0.3),
                          nn.PReLU(4), nn.Dense(4, 1))
    nn.fit(model, mse, nn.Adam(model.parameters()), X, y, epochs=2,
           batch_size=8)
    nn.fit(model, mse, nn.RMSprop(model.parameters()), X, y, epochs=2,
           batch_size=8, rng=3)
    nn.predict(model, X)
    list(minibatches(X, y, 4))
    nn.initializers.he_normal((3, 3))
    after = np.random.get_state()
    assert before[0] == after[0] and before[2:] == after[2:]
    np.testing.assert_array_equal(before[1], after[1])


# --- mini-batches ----------------------------------------------------------

@given(n=st.integers(1, 60), batch_size=st.integers(1, 70),
       shuffle=st.booleans(), seed=st.integers(0, 2**32 - 1))
def test_minibatches_cover_every_row_once(n, batch_size, shuffle, seed):
    X = np.arange(2 * n, dtype=float).reshape(n, 2)
    y = np.arange(n)
    batches = list(minibatches(X, y, batch_size, shuffle=shuffle, rng=seed))
    assert len(batches) == math.ceil(n / batch_size)
    assert all(len(yb) == min(batch_size, n) for _, yb in batches[:-1])
    seen = np.concatenate([yb for _, yb in batches])
    np.testing.assert_array_equal(np.sort(seen), y)  # each row exactly once
    for Xb, yb in batches:  # rows and targets stay paired
        np.testing.assert_array_equal(Xb[:, 0], 2 * yb)
    if not shuffle or batch_size >= n:
        np.testing.assert_array_equal(seen, y)


@pytest.mark.parametrize("batch_size", [20, 21, 1000])
def test_one_full_batch_is_the_data_unshuffled(batch_size):
    X, y = np.arange(40.0).reshape(20, 2), np.arange(20)
    batches = list(minibatches(X, y, batch_size, shuffle=True, rng=0))
    assert len(batches) == 1
    np.testing.assert_array_equal(batches[0][0], X)
    np.testing.assert_array_equal(batches[0][1], y)


def test_minibatches_shuffle_reproducibly():
    X, y = np.zeros((20, 1)), np.arange(20)

    def order(seed):
        return np.concatenate([b for _, b in minibatches(X, y, 6, rng=seed)])

    np.testing.assert_array_equal(order(4), order(4))
    np.testing.assert_array_equal(order(np.random.default_rng(4)), order(4))
    assert not np.array_equal(order(4), np.arange(20))
    assert not np.array_equal(order(4), order(5))


def test_unshuffled_minibatches_are_views():
    X, y = np.arange(20.0).reshape(10, 2), np.arange(10)
    for Xb, yb in minibatches(X, y, 3, shuffle=False):
        assert np.shares_memory(Xb, X) and np.shares_memory(yb, y)


def test_minibatches_accept_a_numpy_batch_size():
    X, y = np.zeros((10, 1)), np.arange(10)
    assert len(list(minibatches(X, y, np.int64(4)))) == 3


@pytest.mark.parametrize("batch_size, exc", [
    (0, ValueError), (-1, ValueError), (2.0, TypeError), ("4", TypeError),
    (None, TypeError), (True, TypeError)])
def test_minibatches_bad_batch_size(batch_size, exc):
    with pytest.raises(exc, match="batch_size must be a positive integer"):
        list(minibatches(np.zeros((10, 1)), np.arange(10), batch_size))


def test_minibatches_bad_rows_and_rng():
    with pytest.raises(ValueError, match="X and y must have the same number "
                                         "of rows"):
        list(minibatches(np.zeros((10, 1)), np.arange(9), 4))
    with pytest.raises(TypeError, match="rng must be None, an int seed"):
        list(minibatches(np.zeros((10, 1)), np.arange(10), 4, rng="0"))


# --- image batches: X of any ndim >= 2, the batch first --------------------

def small_cnn(dtype=np.float64, seed=0):
    """(N, 1, 6, 6) -> conv 3x3 (2 maps) -> ReLU -> pool 2 -> dense 3."""
    rng = np.random.default_rng(seed)
    return nn.Sequential(nn.Conv2D(1, 2, 3, padding=1, rng=rng, dtype=dtype),
                         nn.ReLU(), nn.MaxPool2D(2), nn.Flatten(),
                         nn.Dense(2 * 3 * 3, 3, rng=rng, dtype=dtype))


def image_data(n=20, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 1, 6, 6)), rng.integers(0, 3, n)


@pytest.mark.parametrize("batch_size", [None, 6])
def test_fit_trains_on_image_batches(batch_size):
    X, labels = image_data()
    model = small_cnn()
    history = nn.fit(model, softmax_cross_entropy,
                     nn.Adam(model.parameters(), lr=0.05), X, labels,
                     epochs=30, batch_size=batch_size, rng=0,
                     validation=(X[:5], labels[:5]))
    assert history.epochs == 30 and len(history.val_loss) == 30
    assert history.loss[-1] < 0.5 * history.loss[0]
    scores = nn.predict(model, X)
    assert scores.shape == (20, 3)
    np.testing.assert_allclose(nn.predict(model, X, batch_size=7), scores,
                               rtol=1e-12)
    assert nn.evaluate(model, softmax_cross_entropy, X, labels) == \
        pytest.approx(softmax_cross_entropy(scores, labels)[0], rel=1e-12)


def test_image_batches_train_like_their_flattened_rows():
    """Flatten + Dense on (N, 1, 6, 6) and the same Dense on the (N, 36)
    rows: the same shuffled batches, so the same run, loss for loss."""
    X, labels = image_data(n=23)
    runs = []
    for X_in, first in [(X, [nn.Flatten()]), (X.reshape(23, 36), [])]:
        model = nn.Sequential(*first, nn.Dense(36, 3, rng=1))
        history = nn.fit(model, softmax_cross_entropy,
                         nn.SGD(model.parameters(), lr=0.1), X_in, labels,
                         epochs=4, batch_size=5, rng=2,
                         validation=(X_in[:4], labels[:4]))
        runs.append((history.loss, history.val_loss,
                     nn.predict(model, X_in)))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
    np.testing.assert_array_equal(runs[0][2], runs[1][2])


def test_minibatches_keep_the_rows_of_image_batches_together():
    X = np.arange(7 * 2 * 3 * 3, dtype=float).reshape(7, 2, 3, 3)
    y = np.arange(7)
    seen = []
    for Xb, yb in minibatches(X, y, 3, rng=0):
        assert Xb.shape[1:] == (2, 3, 3)
        np.testing.assert_array_equal(Xb, X[yb])   # each image with its y
        seen.extend(yb)
    assert sorted(seen) == list(range(7))


def test_a_float32_cnn_trains_in_float32_end_to_end():
    X, labels = image_data()
    model = small_cnn(dtype=np.float32)
    probe = Recorder()
    net = nn.Sequential(probe, *model.layers)
    nn.fit(net, softmax_cross_entropy, nn.Adam(net.parameters()), X, labels,
           epochs=1, batch_size=8, rng=0)
    assert probe.dtypes == {np.dtype(np.float32)}
    assert nn.predict(net, X).dtype == np.float32


def test_image_batches_are_checked_at_the_boundary():
    X, labels = image_data()
    X_bad = X.copy()
    X_bad[4, 0, 2, 5] = np.nan
    model = small_cnn()
    opt = nn.SGD(model.parameters())
    with pytest.raises(ValueError,
                       match=r"X must be finite, but X\[4, 0, 2, 5\] is nan"):
        nn.fit(model, softmax_cross_entropy, opt, X_bad, labels, epochs=1)
    with pytest.raises(ValueError, match="X_val must be finite"):
        nn.fit(model, softmax_cross_entropy, opt, X, labels, epochs=1,
               validation=(X_bad, labels))
    with pytest.raises(ValueError, match="X and y must have the same number"):
        nn.fit(model, softmax_cross_entropy, opt, X, labels[:5], epochs=1)
    # a wrong channel count reaches the layer, which names what it expected
    with pytest.raises(ValueError, match=r"Conv2D\(1 -> 2, 3x3, padding=1\)"
                                         r" expected input of shape"):
        nn.predict(model, np.ones((2, 3, 6, 6)))
    assert opt.t == 0


# --- predict, evaluate -----------------------------------------------------

def test_predict_in_batches_equals_one_pass(rng):
    model = mlp(3, 5, 2, dropout=0.5)
    X = rng.normal(size=(23, 3))
    full = nn.predict(model, X)
    np.testing.assert_allclose(nn.predict(model, X, batch_size=5), full,
                               rtol=1e-14)
    np.testing.assert_allclose(nn.predict(model, X, batch_size=np.int64(5)),
                               full, rtol=1e-14)
    # Evaluation mode: Dropout is off.
    np.testing.assert_array_equal(full, model.forward(X))


def test_predict_casts_x_to_the_model_dtype(rng):
    model = mlp(3, 5, 2, dtype=np.float32)
    assert nn.predict(model, rng.normal(size=(4, 3))).dtype == np.float32
    assert nn.predict(model, [[1, 2, 3]]).dtype == np.float32


def test_evaluate_is_the_loss_of_predict(rng):
    model = mlp(3, 5, 4)
    X, labels = rng.normal(size=(10, 3)), rng.integers(0, 4, 10)
    expected = softmax_cross_entropy(model.forward(X), labels)[0]
    assert nn.evaluate(model, softmax_cross_entropy, X, labels) == \
        pytest.approx(expected, rel=1e-14)
    assert nn.evaluate(model, softmax_cross_entropy, X, labels,
                       batch_size=3) == pytest.approx(expected, rel=1e-14)


def test_fit_is_silent_unless_verbose(sine, capsys):
    X, y = sine
    model = mlp()
    nn.fit(model, mse, nn.SGD(model.parameters()), X, y, epochs=3)
    assert capsys.readouterr().out == ""
    nn.fit(model, mse, nn.SGD(model.parameters()), X, y, epochs=5, verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines] == ["0", "2", "4"]
    nn.fit(model, mse, nn.SGD(model.parameters()), X, y, epochs=3,
           verbose=True)
    assert len(capsys.readouterr().out.splitlines()) == 3
    nn.fit(model, mse, nn.SGD(model.parameters()), X, y, epochs=4,
           verbose=np.int64(3), validation=(X, y))
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines] == ["0", "3"]
    assert all("val_loss" in line for line in lines)


# --- bad input -------------------------------------------------------------

def fit_linear(X, y, **kwargs):
    X_arr = np.asarray(X)
    n_in = X_arr.shape[1] if X_arr.ndim == 2 else 1
    model = nn.Dense(n_in, 1, rng=0)
    kwargs.setdefault("epochs", 2)
    opt = nn.SGD(model.parameters(), lr=kwargs.pop("lr", 0.01))
    return nn.fit(model, mse, opt, X, y, **kwargs)


GOOD_X, GOOD_Y = np.ones((6, 2)), np.zeros((6, 1))
NAN_X = GOOD_X.copy()
NAN_X[3, 1] = np.nan


@pytest.mark.parametrize("kwargs", [
    {"epochs": np.int64(2)}, {"epochs": np.uint8(2)},
    {"batch_size": np.int64(4)}, {"batch_size": np.int32(100)},
    {"rng": np.int64(3), "batch_size": 2}, {"verbose": 0},
    {"verbose": False}])
def test_fit_accepts_numpy_integers(kwargs, capsys):
    history = fit_linear(GOOD_X, GOOD_Y, **kwargs)
    assert history.epochs == int(kwargs.get("epochs", 2))
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("X, y, kwargs, exc, words", [
    (np.ones(6), GOOD_Y, {}, ValueError,
     r"X must have at least 2 dimensions, the batch first: \(N, D\), or "
     r"\(N, C, H, W\) for images; got shape \(6,\)"),
    (np.float64(1.0), GOOD_Y, {}, ValueError,
     r"X must have at least 2 dimensions.*got shape \(\)"),
    # a 3-D X reaches the model, whose first layer names what it expected
    (np.ones((6, 2, 1)), GOOD_Y, {}, ValueError,
     r"Dense\(1 -> 1\) expected input of shape \(N, 1\), got \(6, 2, 1\)"),
    (NAN_X, GOOD_Y, {}, ValueError, r"X must be finite, but X\[3, 1\] is nan"),
    (GOOD_X, np.full((6, 1), np.inf), {}, ValueError, "y must be finite"),
    (GOOD_X, np.zeros((5, 1)), {}, ValueError,
     r"X and y must have the same number of rows.*\(6, 2\) and \(5, 1\)"),
    (GOOD_X, np.float64(0.0), {}, ValueError,
     "X and y must have the same number of rows"),
    (GOOD_X, GOOD_Y, {"epochs": 0}, ValueError,
     "epochs must be a positive integer, got 0"),
    (GOOD_X, GOOD_Y, {"epochs": -3}, ValueError,
     "epochs must be a positive integer, got -3"),
    (GOOD_X, GOOD_Y, {"epochs": 2.0}, TypeError,
     "epochs must be a positive integer"),
    (GOOD_X, GOOD_Y, {"epochs": "2"}, TypeError,
     "epochs must be a positive integer"),
    (GOOD_X, GOOD_Y, {"epochs": None}, TypeError,
     "epochs must be a positive integer"),
    (GOOD_X, GOOD_Y, {"epochs": True}, TypeError,
     "epochs must be a positive integer"),
    (GOOD_X, GOOD_Y, {"batch_size": 0}, ValueError,
     "batch_size must be a positive integer"),
    (GOOD_X, GOOD_Y, {"batch_size": "4"}, TypeError,
     "batch_size must be a positive integer"),
    (GOOD_X, GOOD_Y, {"batch_size": 2.5}, TypeError,
     "batch_size must be a positive integer"),
    (GOOD_X, GOOD_Y, {"batch_size": True}, TypeError,
     "batch_size must be a positive integer"),
    (GOOD_X, GOOD_Y, {"verbose": "1"}, TypeError,
     "verbose must be a positive integer"),
    (GOOD_X, GOOD_Y, {"verbose": -1}, ValueError,
     "verbose must be a positive integer"),
    (GOOD_X, GOOD_Y, {"verbose": 0.5}, TypeError,
     "verbose must be a positive integer"),
    (GOOD_X, GOOD_Y, {"rng": "seed"}, TypeError,
     "rng must be None, an int seed or a numpy.random.Generator"),
    (GOOD_X, GOOD_Y, {"rng": np.random.RandomState(0)}, TypeError,
     "rng must be None, an int seed"),
    (GOOD_X, GOOD_Y, {"rng": 1.5, "batch_size": 2}, TypeError,
     "rng must be None, an int seed"),
    (np.array([["1", "2"]] * 6), GOOD_Y, {}, TypeError,
     "X must hold real numbers, got an array of dtype <U1"),
    (GOOD_X.astype(complex), GOOD_Y, {}, TypeError,
     "X must hold real numbers"),
    (GOOD_X, np.array([["1"]] * 6), {}, TypeError, "y must be numeric"),
    (GOOD_X, np.zeros((6, 1), complex), {}, TypeError, "y must be numeric"),
    (GOOD_X, GOOD_Y, {"validation": (np.ones(3), np.zeros(3))}, ValueError,
     "X_val must have at least 2 dimensions"),
    (GOOD_X, GOOD_Y, {"validation": (np.ones((3, 2)), np.zeros(4))},
     ValueError, "X_val and y_val must have the same number of rows"),
    (GOOD_X, GOOD_Y,
     {"validation": (np.full((3, 2), np.nan), np.zeros((3, 1)))},
     ValueError, "X_val must be finite"),
    (GOOD_X, GOOD_Y,
     {"validation": (np.ones((3, 2)), np.full((3, 1), np.nan))},
     ValueError, "y_val must be finite"),
    (GOOD_X, GOOD_Y,
     {"validation": (np.array([["a", "b"]] * 3), np.zeros((3, 1)))},
     TypeError, "X_val must hold real numbers"),
    (GOOD_X, GOOD_Y,
     {"validation": (np.ones((3, 2)), np.array([["a"]] * 3))},
     TypeError, "y_val must be numeric"),
])
def test_fit_bad_input(X, y, kwargs, exc, words):
    with pytest.raises(exc, match=words):
        fit_linear(X, y, **kwargs)


def test_bad_validation_is_refused_before_any_training(sine):
    X, y = sine
    model = mlp()
    opt = nn.SGD(model.parameters())
    with pytest.raises(ValueError, match="X_val"):
        nn.fit(model, mse, opt, X, y, epochs=3,
               validation=(np.ones(3), np.zeros(3)))
    assert opt.t == 0


def test_fit_wrong_input_width_names_the_layer():
    model = nn.Dense(2, 1, rng=0)
    with pytest.raises(ValueError, match=r"Dense\(2 -> 1\) expected input of "
                                         r"shape \(N, 2\), got \(6, 3\)"):
        nn.fit(model, mse, nn.SGD(model.parameters()), np.ones((6, 3)),
               GOOD_Y, epochs=1)


@pytest.mark.parametrize("batch_size", [None, 3])
def test_diverging_fit_names_the_epoch_and_says_lower_the_learning_rate(
        batch_size):
    X = np.linspace(-10, 10, 12).reshape(-1, 1)
    finished = []
    with pytest.raises(FloatingPointError,
                       match=r"at epoch (\d+) .*lower learning rate") as info:
        fit_linear(X, 3 * X, lr=10.0, epochs=10_000, batch_size=batch_size,
                   rng=0,
                   callbacks=[lambda epoch, history: finished.append(epoch)])
    # The epoch named is the first that did not finish.
    assert f"at epoch {len(finished)} " in str(info.value)
    assert 0 < len(finished) < 10_000


@pytest.mark.parametrize("X, exc, words", [
    (np.ones(4), ValueError, "X must have at least 2 dimensions"),
    (np.array([["1"], ["2"]]), TypeError, "X must hold real numbers"),
    (np.array([[np.nan]]), ValueError, "X must be finite"),
])
def test_predict_and_evaluate_bad_input(X, exc, words):
    model = nn.Dense(1, 1, rng=0)
    with pytest.raises(exc, match=words):
        nn.predict(model, X)
    with pytest.raises(exc, match=words):
        nn.evaluate(model, mse, X, np.zeros((len(X), 1)))


@pytest.mark.parametrize("batch_size, exc", [
    (0, ValueError), ("2", TypeError), (2.0, TypeError), (True, TypeError)])
def test_predict_bad_batch_size(batch_size, exc):
    with pytest.raises(exc, match="batch_size must be a positive integer"):
        nn.predict(nn.Dense(1, 1, rng=0), np.ones((4, 1)),
                   batch_size=batch_size)


@pytest.mark.parametrize("validation", [
    np.ones((3, 1)), (np.ones((3, 1)),),
    (np.ones((3, 1)), np.ones((3, 1)), np.ones(3)), "Xy"])
def test_validation_must_be_a_pair(sine, validation):
    X, y = sine
    model = mlp()
    with pytest.raises(TypeError, match=r"validation must be a pair "
                                        r"\(X_val, y_val\)"):
        nn.fit(model, mse, nn.SGD(model.parameters(), lr=0.01), X, y,
               epochs=1, validation=validation)
@pytest.mark.parametrize("shuffle", ["no", None, 1])
def test_shuffle_must_be_a_bool(shuffle):
    with pytest.raises(TypeError, match="shuffle"):
        fit_linear(GOOD_X, GOOD_Y, batch_size=2, shuffle=shuffle)


def _tiny_problem():
    X = np.linspace(-1, 1, 12).reshape(-1, 1)
    return X, np.sin(X)


def test_fit_refuses_an_optimizer_of_another_model():
    X, y = _tiny_problem()
    model = nn.Sequential(nn.Dense(1, 4, rng=0), nn.Tanh(),
                          nn.Dense(4, 1, rng=1))
    other = nn.Sequential(nn.Dense(1, 1, rng=2))
    with pytest.raises(ValueError, match="not the model's"):
        nn.fit(model, nn.losses.mse, nn.SGD(other.parameters()), X, y,
               epochs=1)


def test_fit_accepts_an_optimizer_of_some_of_the_parameters():
    # Freezing layers: the optimiser may hold a subset.
    X, y = _tiny_problem()
    model = nn.Sequential(nn.Dense(1, 4, rng=0), nn.Tanh(),
                          nn.Dense(4, 1, rng=1))
    first = model[0].W.value.copy()
    nn.fit(model, nn.losses.mse, nn.SGD(model[2].parameters(), lr=0.1), X,
           y, epochs=3)
    np.testing.assert_array_equal(model[0].W.value, first)


@pytest.mark.parametrize("kwargs, exc, words", [
    ({"model": "net"}, TypeError, "model must be a Layer"),
    ({"loss_fn": "mse"}, TypeError, "loss_fn must be a function"),
    ({"optimizer": None}, TypeError, "optimizer must be an Optimizer"),
    ({"callbacks": None}, TypeError, "callbacks must be a list"),
    ({"callbacks": [1]}, TypeError, "each callback must be a function"),
])
def test_fit_checks_its_collaborators(kwargs, exc, words):
    X, y = _tiny_problem()
    model = nn.Sequential(nn.Dense(1, 1, rng=0))
    args = {"model": model, "loss_fn": nn.losses.mse,
            "optimizer": nn.SGD(model.parameters()), "callbacks": ()}
    args.update(kwargs)
    with pytest.raises(exc, match=words):
        nn.fit(args["model"], args["loss_fn"], args["optimizer"], X, y,
               epochs=1, callbacks=args["callbacks"])


def test_a_model_of_mixed_dtypes_is_refused_not_promoted():
    X, y = _tiny_problem()
    model = nn.Sequential(nn.Dense(1, 4, rng=0, dtype=np.float32),
                          nn.PReLU(4), nn.Dense(4, 1, rng=1,
                                                dtype=np.float32))
    with pytest.raises(TypeError, match="mix dtypes"):
        nn.fit(model, nn.losses.mse, nn.SGD(model.parameters()), X, y,
               epochs=1)
    with pytest.raises(TypeError, match="mix dtypes"):
        nn.predict(model, X)
