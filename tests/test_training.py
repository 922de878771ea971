"""The training loop: step counts, validation, callbacks, dtypes, reproducibility, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nnmath as nn
from nnmath.datasets import make_sine, make_xor
from nnmath.losses import binary_cross_entropy_with_logits, mse, softmax_cross_entropy
from nnmath.training import iterate_minibatches


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
    """Identity layer that records the dtypes flowing through it and counts passes."""

    def __init__(self):
        self.dtypes, self.forwards, self.trainings = set(), 0, []

    def forward(self, x, *, training=False):
        self.dtypes.add(x.dtype)
        self.forwards += 1
        self.trainings.append(training)
        return x

    def backward(self, dy):
        self.dtypes.add(dy.dtype)
        return dy


# --- learning -----------------------------------------------------------------------------------

def test_fit_reduces_the_loss(sine):
    X, y = sine
    model = mlp()
    before = nn.evaluate(model, mse, X, y)
    history = nn.fit(model, mse, nn.Adam(model.parameters(), lr=0.02), X, y, epochs=200)
    assert history.epochs == 200 and len(history.lr) == 200 and history.val_loss == []
    assert history.loss[0] == pytest.approx(before, rel=1e-12)  # full batch: epoch 0 loss is pre-update
    assert history.loss[-1] < 0.1 * history.loss[0]
    assert nn.evaluate(model, mse, X, y) < 0.1 * before


def test_fit_learns_xor():
    X, y = make_xor()
    model = mlp(2, 8, 2, seed=3)
    nn.fit(model, softmax_cross_entropy, nn.Adam(model.parameters(), lr=0.05), X, y, epochs=300)
    assert nn.accuracy(nn.predict(model, X), y) == 1.0


def test_full_batch_takes_one_step_per_epoch(sine):
    X, y = sine
    model = mlp()
    opt = nn.SGD(model.parameters(), lr=0.01)
    nn.fit(model, mse, opt, X, y, epochs=7)
    assert opt.t == 7


@pytest.mark.parametrize("n, batch_size", [(40, 7), (40, 8), (40, 40), (40, 100), (40, 1)])
def test_minibatches_take_ceil_n_over_b_steps_per_epoch(n, batch_size):
    X, y = make_sine(n)
    recorder = Recorder()
    model = nn.Sequential(recorder, nn.Dense(1, 1, rng=0))
    opt = nn.SGD(model.parameters(), lr=0.01)
    nn.fit(model, mse, opt, X, y, epochs=3, batch_size=batch_size, rng=0)
    assert opt.t == 3 * math.ceil(n / batch_size)
    assert recorder.forwards == opt.t and all(recorder.trainings)


def test_history_lr_follows_a_schedule(sine):
    X, y = sine
    model = mlp()
    sched = nn.schedules.step_decay(0.1, step_size=2, gamma=0.5)
    history = nn.fit(model, mse, nn.SGD(model.parameters(), lr=sched), X, y, epochs=3, batch_size=20, rng=0)
    assert history.lr == [0.1, 0.05, 0.025]  # 2 steps per epoch: epoch e starts at step 2e


def test_validation_fills_val_loss(sine):
    X, y = sine
    X_val, y_val = make_sine(15, low=-2.5, high=2.5)
    recorder = Recorder()
    model = nn.Sequential(mlp(), recorder)
    history = nn.fit(model, mse, nn.Adam(model.parameters(), lr=0.01), X, y, epochs=5,
                     validation=(X_val, y_val))
    assert len(history.val_loss) == 5
    assert recorder.trainings == [True, False] * 5  # validation runs in evaluation mode
    assert history.val_loss[-1] == pytest.approx(nn.evaluate(model, mse, X_val, y_val), rel=1e-12)


def test_callback_returning_true_stops_early(sine):
    X, y = sine
    calls = []

    def stop_after_three(epoch, history):
        calls.append((epoch, history.epochs))
        return np.int64(epoch) == 2  # a NumPy bool must stop training as well as a Python one

    model = mlp()
    opt = nn.SGD(model.parameters(), lr=0.01)
    history = nn.fit(model, mse, opt, X, y, epochs=50, callbacks=[stop_after_three, lambda e, h: None])
    assert calls == [(0, 1), (1, 2), (2, 3)]
    assert history.epochs == 3 and opt.t == 3


@pytest.mark.parametrize("loss_fn, data, n_out", [
    (mse, make_sine(30), 1),
    (softmax_cross_entropy, make_xor(5, noise=0.1, rng=0), 2),
    (binary_cross_entropy_with_logits, (make_xor(5, noise=0.1, rng=0)[0], make_xor(5)[1].astype(float)), 1),
])
def test_float32_model_trains_in_float32_end_to_end(loss_fn, data, n_out):
    X, y = data
    recorder = Recorder()
    model = nn.Sequential(nn.Dense(X.shape[1], 6, rng=0, dtype=np.float32), nn.Tanh(), recorder,
                          nn.Dropout(0.1, rng=1), nn.Dense(6, n_out, rng=2, dtype=np.float32))
    history = nn.fit(model, loss_fn, nn.Adam(model.parameters(), lr=0.01), X, y, epochs=20, batch_size=8,
                     rng=0, validation=(X, y))
    assert recorder.dtypes == {np.dtype(np.float32)}  # forward activations and backward gradients
    assert all(p.value.dtype == p.grad.dtype == np.float32 for p in model.parameters())
    assert nn.predict(model, X).dtype == np.float32
    assert history.loss[-1] < history.loss[0]
    assert all(isinstance(v, float) for v in history.loss + history.val_loss)


# --- reproducibility ----------------------------------------------------------------------------

def train_once(seed):
    X, y = make_sine(50, noise=0.1, random=True, rng=seed)
    model = mlp(seed=seed, dropout=0.2)
    history = nn.fit(model, mse, nn.Adam(model.parameters(), lr=0.01), X, y, epochs=5, batch_size=8,
                     rng=seed, validation=(X[:10], y[:10]))
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
        runs.append(nn.fit(model, mse, nn.SGD(model.parameters(), lr=0.05), X, y, epochs=3, batch_size=4,
                           rng=fit_seed).loss)
    assert runs[0] == runs[1] and runs[0] != runs[2]


def test_global_numpy_random_state_is_untouched(sine):
    X, y = sine
    np.random.seed(1234)
    before = np.random.get_state()
    model = nn.Sequential(nn.Dense(1, 4), nn.ReLU(), nn.Dropout(0.3), nn.PReLU(4), nn.Dense(4, 1))
    nn.fit(model, mse, nn.Adam(model.parameters()), X, y, epochs=2, batch_size=8)
    nn.fit(model, mse, nn.RMSprop(model.parameters()), X, y, epochs=2, batch_size=8, rng=3)
    nn.predict(model, X)
    nn.datasets.train_test_split(X, y, rng=None)
    nn.datasets.make_moons(10)
    after = np.random.get_state()
    assert before[0] == after[0] and before[2:] == after[2:]
    np.testing.assert_array_equal(before[1], after[1])


# --- mini-batches -------------------------------------------------------------------------------

@given(n=st.integers(1, 60), batch_size=st.integers(1, 70), shuffle=st.booleans(), seed=st.integers(0, 2**32 - 1))
def test_iterate_minibatches_covers_every_row_once(n, batch_size, shuffle, seed):
    X = np.arange(2 * n, dtype=float).reshape(n, 2)
    y = np.arange(n)
    batches = list(iterate_minibatches(X, y, batch_size, shuffle=shuffle, rng=seed))
    assert len(batches) == math.ceil(n / batch_size)
    assert all(len(yb) == min(batch_size, n) for _, yb in batches[:-1])
    seen = np.concatenate([yb for _, yb in batches])
    np.testing.assert_array_equal(np.sort(seen), y)  # each row exactly once
    for Xb, yb in batches:  # rows and targets stay paired
        np.testing.assert_array_equal(Xb[:, 0], 2 * yb)
    if not shuffle:
        np.testing.assert_array_equal(seen, y)


def test_iterate_minibatches_shuffles_reproducibly():
    X, y = np.zeros((20, 1)), np.arange(20)
    order = lambda seed: np.concatenate([b for _, b in iterate_minibatches(X, y, 6, rng=seed)])  # noqa: E731
    np.testing.assert_array_equal(order(4), order(4))
    assert not np.array_equal(order(4), np.arange(20))
    assert not np.array_equal(order(4), order(5))


# --- predict, evaluate, accuracy ----------------------------------------------------------------

def test_predict_in_batches_equals_one_pass(rng):
    model = mlp(3, 5, 2, dropout=0.5)
    X = rng.normal(size=(23, 3))
    full = nn.predict(model, X)
    np.testing.assert_allclose(nn.predict(model, X, batch_size=5), full, rtol=1e-14)
    np.testing.assert_array_equal(full, model.forward(X))  # evaluation mode: Dropout is off


def test_evaluate_is_the_loss_of_predict(rng):
    model = mlp(3, 5, 4)
    X, labels = rng.normal(size=(10, 3)), rng.integers(0, 4, 10)
    expected = softmax_cross_entropy(model.forward(X), labels)[0]
    assert nn.evaluate(model, softmax_cross_entropy, X, labels) == pytest.approx(expected, rel=1e-14)
    assert nn.evaluate(model, softmax_cross_entropy, X, labels, batch_size=3) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("pred, labels, kwargs, expected", [
    (np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]]), [1, 0, 0, 0], {}, 0.75),
    (np.array([[2.0, 1.0, 3.0], [0.0, 5.0, 1.0]]), [2, 2], {}, 0.5),
    (np.array([[0.7], [0.2], [0.55], [0.4]]), [1, 0, 0, 1], {}, 0.5),
    (np.array([[0.7], [0.2], [0.55], [0.4]]), [1, 0, 1, 1], {"threshold": 0.3}, 1.0),
    (np.array([-1.0, 2.0, 0.5]), [0, 1, 0], {"threshold": 0.0}, 2 / 3),
    (np.array([0, 2, 1, 1]), [0, 2, 2, 1], {}, 0.75),
    (np.array([0, 2, 1, 1]), np.array([[0], [2], [2], [1]]), {}, 0.75),
])
def test_accuracy(pred, labels, kwargs, expected):
    assert nn.accuracy(pred, labels, **kwargs) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("pred, labels, words", [
    (np.zeros((3, 2)), [0, 1], "pred has 3 rows but labels has 2"),
    (np.zeros((2, 2, 2)), [0, 1], r"pred must be \(N, K\) scores"),
    (np.zeros((2, 2)), np.zeros((2, 2)), "labels must be a 1-D array"),
])
def test_accuracy_bad_input(pred, labels, words):
    with pytest.raises(ValueError, match=words):
        nn.accuracy(pred, labels)


def test_fit_is_silent_unless_verbose(sine, capsys):
    X, y = sine
    model = mlp()
    nn.fit(model, mse, nn.SGD(model.parameters()), X, y, epochs=3)
    assert capsys.readouterr().out == ""
    nn.fit(model, mse, nn.SGD(model.parameters()), X, y, epochs=5, verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines] == ["0", "2", "4"]


# --- bad input ----------------------------------------------------------------------------------

def fit_linear(X, y, **kwargs):
    X_arr = np.asarray(X)
    n_in = X_arr.shape[1] if X_arr.ndim == 2 and X_arr.dtype.kind in "fiu" else 1
    model = nn.Dense(n_in, 1, rng=0)
    kwargs.setdefault("epochs", 2)
    return nn.fit(model, mse, nn.SGD(model.parameters(), lr=kwargs.pop("lr", 0.01)), X, y, **kwargs)


GOOD_X, GOOD_Y = np.ones((6, 2)), np.zeros((6, 1))
NAN_X = GOOD_X.copy()
NAN_X[3, 1] = np.nan


@pytest.mark.parametrize("X, y, kwargs, exc, words", [
    (np.ones(6), GOOD_Y, {}, ValueError, r"X must be a 2-D array of shape \(N, D\), got shape \(6,\).*reshape"),
    (np.ones((6, 2, 1)), GOOD_Y, {}, ValueError, "X must be a 2-D array"),
    (NAN_X, GOOD_Y, {}, ValueError, r"X must be finite, but X\[3, 1\] is nan"),
    (GOOD_X, np.full((6, 1), np.inf), {}, ValueError, "y must be finite"),
    (GOOD_X, np.zeros((5, 1)), {}, ValueError, "X and y must have the same number of rows.*got 6 and 5"),
    (GOOD_X, np.float64(0.0), {}, ValueError, "y must have one entry"),
    (GOOD_X, GOOD_Y, {"epochs": 0}, ValueError, "epochs must be a positive integer, got 0"),
    (GOOD_X, GOOD_Y, {"epochs": -3}, ValueError, "epochs must be a positive integer, got -3"),
    (GOOD_X, GOOD_Y, {"epochs": 2.0}, TypeError, "epochs must be a positive integer"),
    (GOOD_X, GOOD_Y, {"batch_size": 0}, ValueError, "batch_size must be a positive integer"),
    (GOOD_X, GOOD_Y, {"rng": "seed"}, TypeError, "rng must be None, an int seed or a numpy.random.Generator"),
    (GOOD_X, GOOD_Y, {"rng": np.random.RandomState(0)}, TypeError, "rng must be None, an int seed"),
    (np.array([["1", "2"]] * 6), GOOD_Y, {}, TypeError, "X must hold real numbers, got an array of dtype <U1"),
    (np.array([["a", "b"]] * 6), GOOD_Y, {}, TypeError, "X must hold real numbers"),
    (GOOD_X.astype(complex), GOOD_Y, {}, TypeError, "X must hold real numbers"),
    (GOOD_X, np.array([["1"]] * 6), {}, TypeError, "y must be numeric"),
    (GOOD_X, GOOD_Y, {"validation": (np.ones(3), np.zeros(3))}, ValueError, "X must be a 2-D array"),
    (GOOD_X, GOOD_Y, {"validation": (np.ones((3, 2)), np.zeros(4))}, ValueError, "same number of rows"),
])
def test_fit_bad_input(X, y, kwargs, exc, words):
    with pytest.raises(exc, match=words):
        fit_linear(X, y, **kwargs)


def test_fit_wrong_input_width_names_the_layer():
    with pytest.raises(ValueError, match=r"Dense\(2 -> 1\) expected input of shape \(N, 2\), got \(6, 3\)"):
        model = nn.Dense(2, 1, rng=0)
        nn.fit(model, mse, nn.SGD(model.parameters()), np.ones((6, 3)), GOOD_Y, epochs=1)


@pytest.mark.parametrize("batch_size", [None, 3])
def test_diverging_fit_names_the_epoch_and_says_lower_the_learning_rate(batch_size):
    X = np.linspace(-10, 10, 12).reshape(-1, 1)
    finished = []
    with pytest.raises(FloatingPointError, match=r"at epoch (\d+) .*lower learning rate") as info:
        fit_linear(X, 3 * X, lr=10.0, epochs=10_000, batch_size=batch_size, rng=0,
                   callbacks=[lambda epoch, history: finished.append(epoch)])
    assert f"at epoch {len(finished)} " in str(info.value)  # the first epoch that did not finish
    assert 0 < len(finished) < 10_000


@pytest.mark.parametrize("X, exc, words", [
    (np.ones(4), ValueError, "X must be a 2-D array"),
    (np.array([["1"], ["2"]]), TypeError, "X must hold real numbers"),
    (np.array([[np.nan]]), ValueError, "X must be finite"),
])
def test_predict_and_evaluate_bad_input(X, exc, words):
    model = nn.Dense(1, 1, rng=0)
    with pytest.raises(exc, match=words):
        nn.predict(model, X)
    with pytest.raises(exc, match=words):
        nn.evaluate(model, mse, X, np.zeros((len(X), 1)))


def test_validation_must_be_a_pair(sine):
    X, y = sine
    model = mlp()
    with pytest.raises(TypeError, match=r"validation must be a pair \(X_val, y_val\)"):
        nn.fit(model, mse, nn.SGD(model.parameters(), lr=0.01), X, y, epochs=1, validation=X)


def test_fit_dtype_must_match_the_model(sine):
    X, y = sine
    model = mlp()  # float64 parameters
    with pytest.raises(ValueError, match=r"fit\(dtype=float32\) but the model's parameters are float64"):
        nn.fit(model, mse, nn.SGD(model.parameters(), lr=0.01), X, y, epochs=1, dtype=np.float32)
    model32 = mlp(dtype=np.float32)
    history = nn.fit(model32, mse, nn.SGD(model32.parameters(), lr=0.01), X, y, epochs=2, dtype="float32")
    assert history.epochs == 2 and model32.parameters()[0].value.dtype == np.float32


@pytest.mark.parametrize("activation", [nn.ReLU(), nn.LeakyReLU(), nn.ELU(), nn.Swish(), nn.Sigmoid(),
                                        nn.PReLU(6, dtype=np.float32)])
@pytest.mark.parametrize("make_opt", [
    lambda ps: nn.SGD(ps, lr=0.05, momentum=0.9, weight_decay=1e-3),
    lambda ps: nn.SGD(ps, lr=0.05, momentum=0.9, nesterov=True),
    lambda ps: nn.RMSprop(ps, lr=0.01),
    lambda ps: nn.Adam(ps, lr=0.01, weight_decay=1e-3),
])
def test_float32_stays_float32_through_every_activation_and_optimiser(activation, make_opt):
    X, y = make_xor(5, noise=0.1, rng=0)
    model = nn.Sequential(nn.Dense(2, 6, rng=0, dtype=np.float32), activation,
                          nn.Dense(6, 2, rng=1, dtype=np.float32))
    opt = make_opt(model.parameters())
    nn.fit(model, softmax_cross_entropy, opt, X, y, epochs=3, batch_size=4, rng=0, dtype=np.float32)
    state = [a for name in ("velocity", "sq", "m", "v") for a in getattr(opt, name, [])]
    assert {a.dtype for a in [p.value for p in model.parameters()] + state} == {np.dtype(np.float32)}
