"""Layers: forward values, the OVERWRITE contract of backward, dtypes, Dropout, Sequential, bad input."""

import numpy as np
import pytest

import nnmath as nn
from nnmath import activations as A

# Every layer type, built for inputs of width 4.
ALL_LAYERS = {
    "Dense": lambda: nn.Dense(4, 3, rng=0),
    "Sigmoid": nn.Sigmoid,
    "Tanh": nn.Tanh,
    "ReLU": nn.ReLU,
    "LeakyReLU": nn.LeakyReLU,
    "ELU": nn.ELU,
    "Swish": nn.Swish,
    "PReLU": lambda: nn.PReLU(4),
    "Dropout": lambda: nn.Dropout(0.5, rng=0),
    "Sequential": lambda: nn.Sequential(nn.Dense(4, 3, rng=0), nn.Tanh(), nn.Dense(3, 2, rng=1)),
}
WITH_PARAMS = ["Dense", "PReLU", "Sequential"]


def test_dense_forward_by_hand():
    layer = nn.Dense(2, 3)
    layer.W.value[...] = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    layer.b.value[...] = [0.5, -0.5, 1.0]
    y = layer.forward(np.array([[1.0, 1.0], [2.0, -1.0]]))
    np.testing.assert_array_equal(y, [[5.5, 6.5, 10.0], [-1.5, -1.5, 1.0]])


def test_dense_backward_by_hand():
    layer = nn.Dense(2, 2)
    layer.W.value[...] = [[1.0, 2.0], [3.0, 4.0]]
    x = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    layer.forward(x)
    dy = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
    dx = layer.backward(dy)
    # dW[i, j] = sum_n x[n, i] dy[n, j]; db[j] = sum_n dy[n, j]; dx[n, i] = sum_j dy[n, j] W[i, j]
    np.testing.assert_array_equal(layer.W.grad, [[2.0, -1.0], [1.0, 1.0]])
    np.testing.assert_array_equal(layer.b.grad, [2.0, 0.0])
    np.testing.assert_array_equal(dx, [[1.0, 3.0], [2.0, 4.0], [-1.0, -1.0]])


def test_dense_shapes_and_initial_bias():
    layer = nn.Dense(5, 7, rng=0)
    assert layer.W.value.shape == layer.W.grad.shape == (5, 7)
    assert layer.b.value.shape == (7,) and not np.any(layer.b.value)
    assert layer.parameters() == [layer.W, layer.b]
    assert repr(layer) == "Dense(5 -> 7)"


def test_dense_uses_the_given_initializer():
    seen = {}

    def init(shape, *, rng=None, dtype=np.float64):
        seen["shape"], seen["dtype"] = shape, dtype
        return np.full(shape, 0.5, dtype=dtype)

    layer = nn.Dense(3, 2, init=init, dtype=np.float32)
    assert seen == {"shape": (3, 2), "dtype": np.dtype(np.float32)}
    np.testing.assert_array_equal(layer.W.value, 0.5)


@pytest.mark.parametrize("layer, f", [
    (nn.Sigmoid(), A.sigmoid), (nn.Tanh(), np.tanh), (nn.ReLU(), A.relu), (nn.Swish(), A.swish),
    (nn.LeakyReLU(0.3), lambda x: A.leaky_relu(x, alpha=0.3)), (nn.ELU(0.7), lambda x: A.elu(x, alpha=0.7)),
])
def test_activation_layer_forward_matches_function(layer, f, rng):
    x = rng.normal(size=(6, 3))
    np.testing.assert_array_equal(layer.forward(x), f(x))


def test_prelu_forward_uses_per_unit_slope():
    layer = nn.PReLU(2, alpha0=0.5)
    layer.alpha.value[...] = [0.5, 2.0]
    y = layer.forward(np.array([[-2.0, -2.0], [3.0, 3.0]]))
    np.testing.assert_array_equal(y, [[-1.0, -4.0], [3.0, 3.0]])


@pytest.mark.parametrize("name", WITH_PARAMS)
def test_backward_overwrites_grads(name, rng):
    layer = ALL_LAYERS[name]()
    x = rng.normal(size=(5, 4))
    dy1 = rng.normal(size=layer.forward(x).shape)
    layer.backward(dy1)
    first = [p.grad.copy() for p in layer.parameters()]
    assert any(np.any(g) for g in first)
    layer.backward(dy1)  # same call again: same grads, not twice them
    for p, g in zip(layer.parameters(), first):
        np.testing.assert_array_equal(p.grad, g)
    dy2 = rng.normal(size=dy1.shape)  # a different dy: grads for dy2 alone, no trace of dy1
    layer.backward(dy2)
    fresh = ALL_LAYERS[name]()
    fresh.forward(x)
    fresh.backward(dy2)
    for p, q in zip(layer.parameters(), fresh.parameters()):
        np.testing.assert_allclose(p.grad, q.grad, rtol=1e-14)


@pytest.mark.parametrize("name", sorted(ALL_LAYERS))
def test_float32_forward_and_backward_stay_float32(name, rng):
    layer = ALL_LAYERS[name]()
    if name == "Dense":
        layer = nn.Dense(4, 3, rng=0, dtype=np.float32)
    elif name == "PReLU":
        layer = nn.PReLU(4, dtype=np.float32)
    elif name == "Sequential":
        layer = nn.Sequential(nn.Dense(4, 3, rng=0, dtype=np.float32), nn.Tanh(), nn.Dropout(0.2, rng=1),
                              nn.PReLU(3, dtype=np.float32))
    x = rng.normal(size=(5, 4)).astype(np.float32)
    y = layer.forward(x, training=True)
    dx = layer.backward(np.ones_like(y))
    assert y.dtype == np.float32 and dx.dtype == np.float32
    assert all(p.value.dtype == p.grad.dtype == np.float32 for p in layer.parameters())


def test_integer_input_is_accepted_as_float64():
    y = nn.Dense(2, 1, rng=0).forward(np.array([[1, 2], [3, 4]]))
    assert y.dtype == np.float64


# --- Dropout ------------------------------------------------------------------------------------

def test_dropout_is_identity_at_evaluation(rng):
    x = rng.normal(size=(10, 4))
    layer = nn.Dropout(0.5, rng=0)
    np.testing.assert_array_equal(layer.forward(x), x)
    dy = rng.normal(size=x.shape)
    np.testing.assert_array_equal(layer.backward(dy), dy)


def test_dropout_training_mask_scaling_and_backward():
    p = 0.25
    layer = nn.Dropout(p, rng=0)
    x = np.full((400, 50), 2.0)
    y = layer.forward(x, training=True)
    assert set(np.unique(y)) == {0.0, 2.0 / (1 - p)}  # inverted dropout: survivors scaled up
    assert np.mean(y == 0) == pytest.approx(p, abs=0.01)
    assert y.mean() == pytest.approx(2.0, rel=0.02)  # E[y] = x
    dx = layer.backward(np.ones_like(x))
    np.testing.assert_array_equal(dx, y / 2.0)  # the same mask, the same scale


def test_dropout_draws_a_new_mask_each_forward():
    layer = nn.Dropout(0.5, rng=0)
    x = np.ones((8, 8))
    assert not np.array_equal(layer.forward(x, training=True), layer.forward(x, training=True))


def test_dropout_p_zero_is_identity_in_training(rng):
    x = rng.normal(size=(4, 3))
    np.testing.assert_array_equal(nn.Dropout(0.0).forward(x, training=True), x)


@pytest.mark.parametrize("p", [1, 1.0, -0.1, 1.5, np.nan])
def test_dropout_p_outside_unit_interval(p):
    with pytest.raises(ValueError, match=r"Dropout p \(the probability of dropping a unit\) must be in \[0, 1\)"):
        nn.Dropout(p)


@pytest.mark.parametrize("p", [True, "0.5", None])
def test_dropout_p_must_be_a_number(p):
    with pytest.raises(TypeError, match=r"Dropout p .* must be a number"):
        nn.Dropout(p)


# --- Sequential ---------------------------------------------------------------------------------

def test_sequential_composes_and_concatenates_parameters(rng):
    d1, d2 = nn.Dense(4, 3, rng=0), nn.Dense(3, 2, rng=1)
    act = nn.Tanh()
    model = nn.Sequential(d1, act, d2)
    assert len(model) == 3 and model[1] is act
    assert model.parameters() == [d1.W, d1.b, d2.W, d2.b]
    x = rng.normal(size=(5, 4))
    np.testing.assert_allclose(model.forward(x), np.tanh(x @ d1.W.value + d1.b.value) @ d2.W.value + d2.b.value,
                               rtol=1e-14)


def test_sequential_rejects_non_layers():
    with pytest.raises(TypeError, match="argument 1 is a function"):
        nn.Sequential(nn.Tanh(), lambda x: x)


def test_sequential_passes_training_flag():
    model = nn.Sequential(nn.Dropout(0.5, rng=0))
    x = np.ones((6, 6))
    np.testing.assert_array_equal(model.forward(x), x)
    assert np.any(model.forward(x, training=True) == 0)


# --- bad input ----------------------------------------------------------------------------------

def test_dense_wrong_width_message():
    with pytest.raises(ValueError, match=r"^Dense\(4 -> 3\) expected input of shape \(N, 4\), got \(32, 3\)$"):
        nn.Dense(4, 3, rng=0).forward(np.zeros((32, 3)))


@pytest.mark.parametrize("name", sorted(ALL_LAYERS))
@pytest.mark.parametrize("shape", [(4,), (2, 4, 1), ()])
def test_input_that_is_not_2d_raises(name, shape):
    with pytest.raises(ValueError, match=r"expected input of shape \(N, (4|D)\), got"):
        ALL_LAYERS[name]().forward(np.zeros(shape))


@pytest.mark.parametrize("name", sorted(ALL_LAYERS))
@pytest.mark.parametrize("bad", [np.array([["a", "b", "c", "d"]]), np.zeros((1, 4), dtype=complex)])
def test_non_real_input_raises_type_error(name, bad):
    with pytest.raises(TypeError, match="expected a floating-point input, got dtype"):
        ALL_LAYERS[name]().forward(bad)


@pytest.mark.parametrize("name", sorted(ALL_LAYERS))
def test_backward_before_forward_raises_runtime_error(name):
    with pytest.raises(RuntimeError, match="backward called before forward"):
        ALL_LAYERS[name]().backward(np.zeros((2, 3)))


@pytest.mark.parametrize("name", sorted(ALL_LAYERS))
def test_backward_with_wrong_dy_shape(name, rng):
    layer = ALL_LAYERS[name]()
    y = layer.forward(rng.normal(size=(5, 4)))
    with pytest.raises(ValueError, match=r"backward expected dy of shape"):
        layer.backward(np.zeros((y.shape[0] + 1, y.shape[1])))


@pytest.mark.parametrize("args, exc, words", [
    ((0, 3), ValueError, "n_in must be a positive integer"),
    ((4, -1), ValueError, "n_out must be a positive integer"),
    ((2.5, 3), TypeError, "n_in must be a positive integer"),
])
def test_dense_bad_sizes(args, exc, words):
    with pytest.raises(exc, match=words):
        nn.Dense(*args)


def test_dense_integer_dtype_rejected():
    with pytest.raises(TypeError, match="Dense dtype must be a floating type"):
        nn.Dense(2, 2, dtype=np.int32)


@pytest.mark.parametrize("make", [lambda r: nn.Dense(2, 2, rng=r), lambda r: nn.Dropout(0.5, rng=r)])
@pytest.mark.parametrize("bad_rng", ["0", 0.5, np.random.RandomState(0)])
def test_wrong_rng_type(make, bad_rng):
    with pytest.raises(TypeError, match="rng must be None, an int seed or a numpy.random.Generator"):
        make(bad_rng)


def test_dense_same_seed_same_weights():
    np.testing.assert_array_equal(nn.Dense(3, 4, rng=5).W.value, nn.Dense(3, 4, rng=5).W.value)
    assert not np.array_equal(nn.Dense(3, 4, rng=5).W.value, nn.Dense(3, 4, rng=6).W.value)


def _mlp(seed=0):
    return nn.Sequential(nn.Dense(5, 4, rng=seed), nn.ReLU(), nn.Dense(4, 3, rng=seed + 1), nn.Tanh())


def test_backward_params_fills_the_same_grads_as_backward(rng):
    x, dy = rng.normal(size=(6, 5)), rng.normal(size=(6, 3))
    full, params_only = _mlp(), _mlp()
    full.forward(x)
    params_only.forward(x)
    full.backward(dy)
    assert params_only.backward_params(dy) is None
    for p, q in zip(full.parameters(), params_only.parameters()):
        np.testing.assert_array_equal(p.grad, q.grad)


def test_dense_backward_params_skips_the_input_gradient(rng, monkeypatch):
    layer = nn.Dense(5, 4, rng=0)
    layer.forward(rng.normal(size=(6, 5)))
    products = []
    real_matmul = np.ndarray.__matmul__

    class Spy(np.ndarray):  # records each ``dy @ W^T`` that backward would compute
        def __matmul__(self, other):
            products.append(other.shape)
            return real_matmul(np.asarray(self), other)

    dy = rng.normal(size=(6, 4)).view(Spy)
    layer.backward(dy)
    assert products == [(4, 5)]
    layer.backward_params(dy)
    assert products == [(4, 5)]  # no second dx product


def test_backward_params_runs_a_subclass_own_backward(rng):
    calls = []

    class Logged(nn.Dense):
        def backward(self, dy):
            calls.append(dy.shape)
            return super().backward(dy)

    model = nn.Sequential(Logged(3, 2, rng=0))
    model.forward(rng.normal(size=(4, 3)))
    model.backward_params(np.ones((4, 2)))
    assert calls == [(4, 2)]


def test_backward_params_before_forward_raises():
    with pytest.raises(RuntimeError, match="before forward"):
        nn.Dense(3, 2).backward_params(np.ones((4, 2)))
