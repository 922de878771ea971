"""Layers: forward values, the OVERWRITE contract of backward, need_dx,
dtypes, Dropout, Sequential, bad input."""

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
    "Softplus": nn.Softplus,
    "GELU": nn.GELU,
    "PReLU": lambda: nn.PReLU(4),
    "Dropout": lambda: nn.Dropout(0.5, rng=0),
    "Sequential": lambda: nn.Sequential(nn.Dense(4, 3, rng=0), nn.Tanh(),
                                        nn.Dense(3, 2, rng=1)),
}
NAMES = sorted(ALL_LAYERS)
WITH_PARAMS = ["Dense", "PReLU", "Sequential"]
# Layers that take any width (no n_in), applied entry by entry.
ELEMENTWISE = ["Dropout", "ELU", "GELU", "LeakyReLU", "ReLU", "Sigmoid",
               "Softplus", "Swish", "Tanh"]


def forward_some(layer, rng, n=5):
    """Run a training-mode forward pass on an (n, 4) batch; return y."""
    return layer.forward(rng.normal(size=(n, 4)), training=True)


class Spy(nn.Layer):
    """Identity layer that records the ``need_dx`` of each backward."""

    def __init__(self):
        self.need_dx = []

    def forward(self, x, *, training=False):
        return x

    def backward(self, dy, *, need_dx=True):
        self.need_dx.append(need_dx)
        return dy if need_dx else None


# --- Dense -----------------------------------------------------------------

def test_dense_forward_by_hand():
    layer = nn.Dense(2, 3)
    layer.W.value[...] = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    layer.b.value[...] = [0.5, -0.5, 1.0]
    y = layer.forward(np.array([[1.0, 1.0], [2.0, -1.0]]))
    np.testing.assert_array_equal(y, [[5.5, 6.5, 10.0],
                                      [-1.5, -1.5, 1.0]])


def test_dense_backward_by_hand():
    layer = nn.Dense(2, 2)
    layer.W.value[...] = [[1.0, 2.0], [3.0, 4.0]]
    x = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    layer.forward(x)
    dy = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
    dx = layer.backward(dy)
    # dW[i, j] = sum_n x[n, i] dy[n, j]; db[j] = sum_n dy[n, j];
    # dx[n, i] = sum_j dy[n, j] W[i, j]
    np.testing.assert_array_equal(layer.W.grad, [[2.0, -1.0], [1.0, 1.0]])
    np.testing.assert_array_equal(layer.b.grad, [2.0, 0.0])
    np.testing.assert_array_equal(dx, [[1.0, 3.0], [2.0, 4.0], [-1.0, -1.0]])


def test_dense_backward_is_the_three_products(rng):
    layer = nn.Dense(5, 3, rng=0)
    x, dy = rng.normal(size=(7, 5)), rng.normal(size=(7, 3))
    layer.forward(x)
    dx = layer.backward(dy)
    np.testing.assert_allclose(layer.W.grad, x.T @ dy, rtol=1e-14)
    np.testing.assert_allclose(layer.b.grad, dy.sum(axis=0), rtol=1e-14)
    np.testing.assert_allclose(dx, dy @ layer.W.value.T, rtol=1e-14)


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
    assert layer.W.value.dtype == layer.b.value.dtype == np.float32


def test_dense_default_init_is_glorot_uniform():
    np.testing.assert_array_equal(
        nn.Dense(6, 4, rng=3).W.value,
        nn.initializers.glorot_uniform((6, 4), rng=3))


def test_dense_accepts_numpy_integer_sizes_and_seed():
    layer = nn.Dense(np.int64(4), np.int32(3), rng=np.int64(5))
    assert (layer.n_in, layer.n_out) == (4, 3)
    assert type(layer.n_in) is int and type(layer.n_out) is int
    assert layer.W.value.shape == (4, 3)
    np.testing.assert_array_equal(layer.W.value, nn.Dense(4, 3, rng=5).W.value)


def test_dense_same_seed_same_weights():
    np.testing.assert_array_equal(nn.Dense(3, 4, rng=5).W.value,
                                  nn.Dense(3, 4, rng=5).W.value)
    assert not np.array_equal(nn.Dense(3, 4, rng=5).W.value,
                              nn.Dense(3, 4, rng=6).W.value)


def test_integer_input_is_accepted_as_float64():
    y = nn.Dense(2, 1, rng=0).forward(np.array([[1, 2], [3, 4]]))
    assert y.dtype == np.float64


# --- activation layers -----------------------------------------------------

@pytest.mark.parametrize("layer, f, f_grad", [
    (nn.Sigmoid(), A.sigmoid, A.sigmoid_grad),
    (nn.Tanh(), A.tanh, A.tanh_grad),
    (nn.ReLU(), A.relu, A.relu_grad),
    (nn.Swish(), A.swish, A.swish_grad),
    (nn.Softplus(), A.softplus, A.softplus_grad),
    (nn.GELU(), A.gelu, A.gelu_grad),
    (nn.LeakyReLU(0.3), lambda x: A.leaky_relu(x, alpha=0.3),
     lambda x: A.leaky_relu_grad(x, alpha=0.3)),
    (nn.ELU(0.7), lambda x: A.elu(x, alpha=0.7),
     lambda x: A.elu_grad(x, alpha=0.7)),
], ids=["Sigmoid", "Tanh", "ReLU", "Swish", "Softplus", "GELU", "LeakyReLU",
        "ELU"])
def test_activation_layer_matches_its_function_and_derivative(
        layer, f, f_grad, rng):
    # The functions are checked against SymPy in test_activations.py.
    x = rng.normal(0, 3, size=(6, 3))
    x[np.abs(x) < 1e-3] = 0.5  # away from the kink
    dy = rng.normal(size=(6, 3))
    np.testing.assert_allclose(layer.forward(x), f(x), rtol=1e-15)
    np.testing.assert_allclose(layer.backward(dy), dy * f_grad(x),
                               rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("make, alpha", [
    (nn.LeakyReLU, 0.01), (nn.ELU, 1.0)])
def test_default_alphas(make, alpha):
    layer = make()
    assert layer.alpha == alpha
    assert repr(layer) == f"{type(layer).__name__}(alpha={alpha})"


@pytest.mark.parametrize("make", [nn.LeakyReLU, nn.ELU])
@pytest.mark.parametrize("alpha", [np.float32(0.25), np.float64(0.25),
                                   np.int64(2), 2])
def test_alpha_accepts_numpy_scalars(make, alpha):
    layer = make(alpha)
    assert type(layer.alpha) is float and layer.alpha == float(alpha)
    x = np.array([[-1.0, 2.0]])
    np.testing.assert_array_equal(layer.forward(x),
                                  make(float(alpha)).forward(x))


@pytest.mark.parametrize("make", [nn.LeakyReLU, nn.ELU])
@pytest.mark.parametrize("alpha", ["a", "0.1", None, True, np.True_, [0.1],
                                   1j])
def test_alpha_must_be_a_real_number(make, alpha):
    with pytest.raises(TypeError, match="alpha must be a real number"):
        make(alpha)


@pytest.mark.parametrize("make", [nn.LeakyReLU, nn.ELU])
@pytest.mark.parametrize("alpha", [np.nan, np.inf, -np.inf])
def test_alpha_must_be_finite(make, alpha):
    with pytest.raises(ValueError, match="alpha must be finite"):
        make(alpha)


# --- PReLU -----------------------------------------------------------------

def test_prelu_forward_uses_per_unit_slope():
    layer = nn.PReLU(2, alpha=0.5)
    np.testing.assert_array_equal(layer.alpha.value, [0.5, 0.5])
    layer.alpha.value[...] = [0.5, 2.0]
    y = layer.forward(np.array([[-2.0, -2.0], [3.0, 3.0]]))
    np.testing.assert_array_equal(y, [[-1.0, -4.0], [3.0, 3.0]])


def test_prelu_backward_by_hand():
    layer = nn.PReLU(2, alpha=0.5)
    layer.forward(np.array([[-2.0, 1.0], [3.0, -4.0]]))
    dx = layer.backward(np.array([[1.0, 2.0], [3.0, 0.5]]))
    # dalpha_j = sum_n dy_nj min(x_nj, 0); dx = dy where x > 0, else a dy
    np.testing.assert_array_equal(layer.alpha.grad, [-2.0, -2.0])
    np.testing.assert_array_equal(dx, [[0.5, 2.0], [3.0, 0.25]])


def test_prelu_defaults_and_parameters():
    layer = nn.PReLU(3)
    np.testing.assert_array_equal(layer.alpha.value, [0.25] * 3)
    assert layer.alpha.value.dtype == np.float64
    assert layer.parameters() == [layer.alpha]
    assert repr(layer) == "PReLU(3)"


@pytest.mark.parametrize("n_in, alpha", [
    (np.int64(3), np.float32(0.5)), (np.int32(3), np.int64(1)),
    (3, np.float64(0.5))])
def test_prelu_accepts_numpy_scalars(n_in, alpha):
    layer = nn.PReLU(n_in, alpha, dtype=np.float32)
    assert layer.n_in == 3 and type(layer.n_in) is int
    assert layer.alpha.value.dtype == np.float32
    np.testing.assert_array_equal(layer.alpha.value, [float(alpha)] * 3)


@pytest.mark.parametrize("dtype", [int, np.int32, bool, complex, None,
                                   "int8", "not a dtype"])
def test_prelu_dtype_must_be_floating(dtype):
    with pytest.raises(TypeError, match="dtype must be a floating-point"):
        nn.PReLU(2, dtype=dtype)


@pytest.mark.parametrize("kwargs, exc, words", [
    ({"n_in": 0}, ValueError, "n_in must be a positive integer"),
    ({"n_in": -2}, ValueError, "n_in must be a positive integer"),
    ({"n_in": 2.0}, TypeError, "n_in must be a positive integer"),
    ({"n_in": "2"}, TypeError, "n_in must be a positive integer"),
    ({"n_in": None}, TypeError, "n_in must be a positive integer"),
    ({"n_in": True}, TypeError, "n_in must be a positive integer"),
    ({"n_in": 2, "alpha": "a"}, TypeError, "alpha must be a real number"),
    ({"n_in": 2, "alpha": None}, TypeError, "alpha must be a real number"),
    ({"n_in": 2, "alpha": False}, TypeError, "alpha must be a real number"),
    ({"n_in": 2, "alpha": np.nan}, ValueError, "alpha must be finite"),
])
def test_prelu_bad_arguments(kwargs, exc, words):
    with pytest.raises(exc, match=words):
        nn.PReLU(**kwargs)


# --- backward overwrites, need_dx ------------------------------------------

@pytest.mark.parametrize("name", WITH_PARAMS)
def test_backward_overwrites_grads(name, rng):
    layer = ALL_LAYERS[name]()
    x = rng.normal(size=(5, 4))
    dy1 = rng.normal(size=layer.forward(x).shape)
    layer.backward(dy1)
    first = [p.grad.copy() for p in layer.parameters()]
    assert all(np.any(g) for g in first)
    layer.backward(dy1)  # same call again: same grads, not twice them
    for p, g in zip(layer.parameters(), first):
        np.testing.assert_array_equal(p.grad, g)
    # A different dy: grads for dy2 alone, no trace of dy1.
    dy2 = rng.normal(size=dy1.shape)
    layer.backward(dy2)
    fresh = ALL_LAYERS[name]()
    fresh.forward(x)
    fresh.backward(dy2)
    for p, q in zip(layer.parameters(), fresh.parameters()):
        np.testing.assert_allclose(p.grad, q.grad, rtol=1e-14)


@pytest.mark.parametrize("name", NAMES)
def test_need_dx_false_returns_none_and_fills_the_same_grads(name, rng):
    layer = ALL_LAYERS[name]()
    y = forward_some(layer, rng)
    dy = rng.normal(size=y.shape)
    dx = layer.backward(dy)
    assert isinstance(dx, np.ndarray) and dx.shape == (5, 4)
    full = [p.grad.copy() for p in layer.parameters()]
    for p in layer.parameters():
        p.grad[...] = np.nan  # need_dx=False must write every grad again
    assert layer.backward(dy, need_dx=False) is None
    assert len(full) == len(layer.parameters())
    for p, g in zip(layer.parameters(), full):
        np.testing.assert_array_equal(p.grad, g)


@pytest.mark.parametrize("name", WITH_PARAMS)
def test_need_dx_false_overwrites_grads_too(name, rng):
    layer = ALL_LAYERS[name]()
    x = rng.normal(size=(5, 4))
    y = layer.forward(x)
    layer.backward(rng.normal(size=y.shape))  # leaves grads of another dy
    dy = rng.normal(size=y.shape)
    layer.backward(dy, need_dx=False)
    fresh = ALL_LAYERS[name]()
    fresh.forward(x)
    fresh.backward(dy)
    for p, q in zip(layer.parameters(), fresh.parameters()):
        np.testing.assert_allclose(p.grad, q.grad, rtol=1e-14)


def test_dense_need_dx_false_skips_the_input_gradient(rng):
    layer = nn.Dense(5, 4, rng=0)
    layer.forward(rng.normal(size=(6, 5)))
    products = []
    real_matmul = np.ndarray.__matmul__

    class Recorded(np.ndarray):  # records each ``dy @ W^T`` backward makes
        def __matmul__(self, other):
            products.append(other.shape)
            return real_matmul(np.asarray(self), other)

    dy = rng.normal(size=(6, 4)).view(Recorded)
    assert layer.backward(dy, need_dx=False) is None
    assert products == []  # no dx product
    layer.backward(dy)
    assert products == [(4, 5)]  # the dx product, dy (6, 4) @ W^T (4, 5)


def test_sequential_passes_need_dx_false_to_its_first_layer_only(rng):
    spies = [Spy(), Spy(), Spy()]
    model = nn.Sequential(spies[0], nn.Dense(3, 3, rng=0), spies[1],
                          nn.Tanh(), spies[2])
    model.forward(rng.normal(size=(4, 3)))
    assert model.backward(np.ones((4, 3)), need_dx=False) is None
    assert [s.need_dx for s in spies] == [[False], [True], [True]]
    dx = model.backward(np.ones((4, 3)))
    assert dx.shape == (4, 3)
    assert [s.need_dx for s in spies] == [[False, True], [True, True],
                                          [True, True]]


def test_nested_sequential_passes_need_dx_down_to_the_first_leaf(rng):
    first, inner_last, outer_last = Spy(), Spy(), Spy()
    model = nn.Sequential(
        nn.Sequential(first, nn.Dense(2, 2, rng=0), inner_last),
        nn.Dense(2, 2, rng=1), outer_last)
    model.forward(rng.normal(size=(3, 2)))
    assert model.backward(np.ones((3, 2)), need_dx=False) is None
    assert first.need_dx == [False]
    assert inner_last.need_dx == outer_last.need_dx == [True]


def test_sequential_need_dx_false_fills_the_same_grads(rng):
    def mlp():
        return nn.Sequential(nn.Dense(5, 4, rng=0), nn.ReLU(),
                             nn.PReLU(4), nn.Dense(4, 3, rng=1), nn.Tanh())

    x, dy = rng.normal(size=(6, 5)), rng.normal(size=(6, 3))
    full, params_only = mlp(), mlp()
    full.forward(x)
    params_only.forward(x)
    dx = full.backward(dy)
    assert params_only.backward(dy, need_dx=False) is None
    assert dx.shape == x.shape
    for p, q in zip(full.parameters(), params_only.parameters()):
        np.testing.assert_array_equal(p.grad, q.grad)


def test_sequential_backward_chains_the_layers(rng):
    d1, act, d2 = nn.Dense(4, 3, rng=0), nn.Tanh(), nn.Dense(3, 2, rng=1)
    model = nn.Sequential(d1, act, d2)
    x, dy = rng.normal(size=(5, 4)), rng.normal(size=(5, 2))
    model.forward(x)
    h = np.tanh(x @ d1.W.value + d1.b.value)
    dh = (dy @ d2.W.value.T) * (1 - h**2)
    np.testing.assert_allclose(model.backward(dy), dh @ d1.W.value.T,
                               rtol=1e-13)
    np.testing.assert_allclose(d2.W.grad, h.T @ dy, rtol=1e-13)
    np.testing.assert_allclose(d1.W.grad, x.T @ dh, rtol=1e-13)


def test_a_subclass_backward_is_what_sequential_runs(rng):
    calls = []

    class Logged(nn.Dense):
        def backward(self, dy, *, need_dx=True):
            calls.append(need_dx)
            return super().backward(dy, need_dx=need_dx)

    model = nn.Sequential(Logged(3, 2, rng=0), Logged(2, 2, rng=1))
    model.forward(rng.normal(size=(4, 3)))
    model.backward(np.ones((4, 2)), need_dx=False)
    assert calls == [True, False]  # last layer first, then the first


# --- dtypes ----------------------------------------------------------------

def float32_layer(name):
    if name == "Dense":
        return nn.Dense(4, 3, rng=0, dtype=np.float32)
    if name == "PReLU":
        return nn.PReLU(4, dtype=np.float32)
    if name == "Sequential":
        return nn.Sequential(nn.Dense(4, 3, rng=0, dtype=np.float32),
                             nn.Tanh(), nn.Dropout(0.2, rng=1),
                             nn.PReLU(3, dtype=np.float32))
    return ALL_LAYERS[name]()


@pytest.mark.parametrize("name", NAMES)
def test_float32_forward_and_backward_stay_float32(name, rng):
    layer = float32_layer(name)
    x = rng.normal(size=(5, 4)).astype(np.float32)
    y = layer.forward(x, training=True)
    dx = layer.backward(np.ones_like(y))
    assert y.dtype == np.float32 and dx.dtype == np.float32
    assert layer.backward(np.ones_like(y), need_dx=False) is None
    for p in layer.parameters():
        assert p.value.dtype == p.grad.dtype == np.float32


@pytest.mark.parametrize("name", [
    "Dense", "PReLU",
    "Sequential"])  # it ends in a PReLU
def test_grads_keep_the_parameter_dtype_whatever_dy_is(name, rng):
    layer = float32_layer(name)
    y = layer.forward(rng.normal(size=(5, 4)).astype(np.float32))
    layer.backward(np.ones(y.shape, dtype=np.float64))
    assert [p.grad.dtype for p in layer.parameters()] == \
        [np.dtype(np.float32)] * len(layer.parameters())


@pytest.mark.parametrize("make", [nn.Dense, lambda n, m, **kw: nn.PReLU(
    n, **kw)])
@pytest.mark.parametrize("dtype", [np.int32, int, bool, complex, None, "i8",
                                   "not a dtype"])
def test_integer_or_other_dtypes_are_rejected(make, dtype):
    with pytest.raises(TypeError, match="dtype must be a floating-point"):
        make(2, 2, dtype=dtype)


@pytest.mark.parametrize("dtype", ["float32", np.dtype("f4"), np.float32])
def test_dtype_may_be_named_any_way_numpy_accepts(dtype):
    layer = nn.Dense(2, 2, dtype=dtype)
    assert layer.W.value.dtype == layer.b.value.dtype == np.float32


# --- Dropout ---------------------------------------------------------------

def test_dropout_is_identity_at_evaluation(rng):
    x = rng.normal(size=(10, 4))
    layer = nn.Dropout(0.5, rng=0)
    np.testing.assert_array_equal(layer.forward(x), x)
    dy = rng.normal(size=x.shape)
    np.testing.assert_array_equal(layer.backward(dy), dy)
    assert layer.backward(dy, need_dx=False) is None


def test_dropout_training_mask_scaling_and_backward():
    p = 0.25
    layer = nn.Dropout(p, rng=0)
    x = np.full((400, 50), 2.0)
    y = layer.forward(x, training=True)
    # Inverted dropout: survivors are scaled up.
    assert set(np.unique(y)) == {0.0, 2.0 / (1 - p)}
    assert np.mean(y == 0) == pytest.approx(p, abs=0.01)
    assert y.mean() == pytest.approx(2.0, rel=0.02)  # E[y] = x
    dx = layer.backward(np.ones_like(x))
    np.testing.assert_array_equal(dx, y / 2.0)  # same mask, same scale


def test_dropout_draws_a_new_mask_each_forward():
    layer = nn.Dropout(0.5, rng=0)
    x = np.ones((8, 8))
    assert not np.array_equal(layer.forward(x, training=True),
                              layer.forward(x, training=True))


def test_dropout_same_seed_same_mask():
    x = np.ones((8, 8))
    np.testing.assert_array_equal(
        nn.Dropout(0.5, rng=3).forward(x, training=True),
        nn.Dropout(0.5, rng=np.random.default_rng(3)).forward(x,
                                                              training=True))


def test_dropout_p_zero_is_identity_in_training(rng):
    x = rng.normal(size=(4, 3))
    np.testing.assert_array_equal(nn.Dropout(0.0).forward(x, training=True),
                                  x)


def test_dropout_float32_mask_keeps_float32():
    y = nn.Dropout(0.5, rng=0).forward(np.ones((4, 4), np.float32),
                                       training=True)
    assert y.dtype == np.float32


@pytest.mark.parametrize("p", [np.float32(0.25), np.float64(0.25), 0,
                               np.int64(0)])
def test_dropout_p_accepts_numpy_scalars(p):
    layer = nn.Dropout(p, rng=0)
    assert type(layer.p) is float and layer.p == float(p)
    assert repr(layer) == f"Dropout(p={float(p)})"


@pytest.mark.parametrize("p", [1, 1.0, -0.1, 1.5, np.float32(1)])
def test_dropout_p_outside_unit_interval(p):
    with pytest.raises(ValueError, match=r"p \(the probability of dropping\) "
                                         r"must lie in \[0, 1\)"):
        nn.Dropout(p)


@pytest.mark.parametrize("p", [np.nan, np.inf])
def test_dropout_p_must_be_finite(p):
    with pytest.raises(ValueError, match=r"p \(the probability of dropping\) "
                                         r"must be finite"):
        nn.Dropout(p)


@pytest.mark.parametrize("p", [True, np.False_, "0.5", None, [0.5]])
def test_dropout_p_must_be_a_number(p):
    with pytest.raises(TypeError, match=r"p \(the probability of dropping\) "
                                        r"must be a real number"):
        nn.Dropout(p)


# --- Sequential ------------------------------------------------------------

def test_sequential_composes_and_concatenates_parameters(rng):
    d1, d2 = nn.Dense(4, 3, rng=0), nn.Dense(3, 2, rng=1)
    act = nn.Tanh()
    model = nn.Sequential(d1, act, d2)
    assert len(model) == 3 and model[1] is act
    assert model.parameters() == [d1.W, d1.b, d2.W, d2.b]
    x = rng.normal(size=(5, 4))
    expected = np.tanh(x @ d1.W.value + d1.b.value) @ d2.W.value + d2.b.value
    np.testing.assert_allclose(model.forward(x), expected, rtol=1e-14)


def test_empty_sequential_is_the_identity(rng):
    model = nn.Sequential()
    x = rng.normal(size=(3, 2))
    np.testing.assert_array_equal(model.forward(x), x)
    np.testing.assert_array_equal(model.backward(x), x)
    assert model.backward(x, need_dx=False) is None
    assert model.parameters() == []


@pytest.mark.parametrize("bad, kind", [
    (lambda x: x, "function"), (nn.Tanh, "type"), (None, "NoneType"),
    (np.zeros(2), "ndarray")])
def test_sequential_rejects_non_layers(bad, kind):
    with pytest.raises(TypeError, match=f"argument 1 is a {kind}"):
        nn.Sequential(nn.Tanh(), bad)


def test_sequential_passes_training_flag():
    model = nn.Sequential(nn.Dropout(0.5, rng=0))
    x = np.ones((6, 6))
    np.testing.assert_array_equal(model.forward(x), x)
    assert np.any(model.forward(x, training=True) == 0)


# --- bad input -------------------------------------------------------------

def test_dense_wrong_width_message():
    with pytest.raises(ValueError, match=r"Dense\(4 -> 3\) expected input of "
                                         r"shape \(N, 4\), got \(32, 3\)"):
        nn.Dense(4, 3, rng=0).forward(np.zeros((32, 3)))


def test_prelu_wrong_width_message():
    with pytest.raises(ValueError, match=r"PReLU\(4\) expected input of "
                                         r"shape \(N, 4\), got \(2, 5\)"):
        nn.PReLU(4).forward(np.zeros((2, 5)))


@pytest.mark.parametrize("name", [n for n in NAMES
                                  if n not in ELEMENTWISE])
def test_input_that_is_not_2d_raises(name):
    # Dense and PReLU have a width, so their input must be (N, n_in).
    for shape in [(4,), (2, 4, 1), ()]:
        with pytest.raises(ValueError, match=r"expected input of shape \(N, "
                                             r"4\), got"):
            ALL_LAYERS[name]().forward(np.zeros(shape))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_layers_take_any_shape(name, rng):
    # Activations and Dropout act entry by entry, on any shape (an image
    # batch (N, C, H, W) included), and backward keeps that shape.
    layer = ALL_LAYERS[name]()
    for shape in [(4,), (2, 4, 1), (2, 3, 5, 5)]:
        x = rng.normal(size=shape)
        y = layer.forward(x, training=True)
        assert y.shape == shape
        assert layer.backward(np.ones(shape)).shape == shape


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("bad, dtype", [
    (np.array([["a", "b", "c", "d"]]), "<U1"),
    (np.zeros((1, 4), dtype=complex), "complex128"),
    (np.array([[None, 1, 2, 3]]), "object")])
def test_non_real_input_raises_type_error(name, bad, dtype):
    with pytest.raises(TypeError, match=f"dtype {dtype}"):
        ALL_LAYERS[name]().forward(bad)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("need_dx", [True, False])
def test_backward_before_forward_raises_runtime_error(name, need_dx):
    with pytest.raises(RuntimeError, match="backward called before forward"):
        ALL_LAYERS[name]().backward(np.zeros((2, 3)), need_dx=need_dx)


def wrong_shapes(n, width):
    """dy shapes that are not (n, width), some of which would broadcast."""
    shapes = [(n + 1, width), (1, width), (n,), (n, width, 1), ()]
    if width != 1:
        shapes.append((n, 1))  # would broadcast against (n, width)
    if width != n:
        shapes.append((width, n))
    return shapes


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("need_dx", [True, False])
@pytest.mark.parametrize("training", [True, False])
def test_backward_with_wrong_dy_shape(name, need_dx, training, rng):
    layer = ALL_LAYERS[name]()
    y = layer.forward(rng.normal(size=(5, 4)), training=training)
    for shape in wrong_shapes(*y.shape):
        with pytest.raises(ValueError, match=r"backward expected dy of shape "
                                             rf"\({y.shape[0]}, "
                                             rf"{y.shape[1]}\)"):
            layer.backward(np.zeros(shape), need_dx=need_dx)


@pytest.mark.parametrize("name", NAMES)
def test_dy_for_n_by_1_where_n_by_4_came_out_raises(name, rng):
    layer = ALL_LAYERS[name]()
    y = layer.forward(rng.normal(size=(6, 4)))
    with pytest.raises(ValueError, match=r"got \(6, 1\)"):
        layer.backward(np.ones((y.shape[0], 1)))


@pytest.mark.parametrize("name", NAMES)
def test_dy_that_is_a_list_raises(name, rng):
    layer = ALL_LAYERS[name]()
    y = layer.forward(rng.normal(size=(5, 4)))
    with pytest.raises(TypeError, match="dy as an ndarray.*got list"):
        layer.backward(y.tolist())


@pytest.mark.parametrize("name", NAMES)
def test_dy_of_strings_raises_type_error_naming_dy(name, rng):
    layer = ALL_LAYERS[name]()
    y = layer.forward(rng.normal(size=(5, 4)))
    with pytest.raises(TypeError, match="dy"):
        layer.backward(np.full(y.shape, "a"))


@pytest.mark.parametrize("args, exc, words", [
    ((0, 3), ValueError, "n_in must be a positive integer"),
    ((4, -1), ValueError, "n_out must be a positive integer"),
    ((2.5, 3), TypeError, "n_in must be a positive integer"),
    ((4.0, 3), TypeError, "n_in must be a positive integer"),
    (("4", 3), TypeError, "n_in must be a positive integer"),
    ((4, None), TypeError, "n_out must be a positive integer"),
    ((True, 3), TypeError, "n_in must be a positive integer"),
    ((4, np.True_), TypeError, "n_out must be a positive integer"),
    ((np.float64(4), 3), TypeError, "n_in must be a positive integer"),
])
def test_dense_bad_sizes(args, exc, words):
    with pytest.raises(exc, match=words):
        nn.Dense(*args)


@pytest.mark.parametrize("make", [lambda r: nn.Dense(2, 2, rng=r),
                                  lambda r: nn.Dropout(0.5, rng=r)],
                         ids=["Dense", "Dropout"])
@pytest.mark.parametrize("bad_rng", ["0", 0.5, True, np.random.RandomState(0)])
def test_wrong_rng_type(make, bad_rng):
    with pytest.raises(TypeError, match="rng must be None, an int seed or a "
                                        "numpy.random.Generator"):
        make(bad_rng)


def test_the_same_layer_twice_in_a_sequential_is_refused():
    # Its second use would overwrite the cache and the grads of the first.
    dense = nn.Dense(3, 3, rng=0)
    with pytest.raises(ValueError, match="same layer object twice"):
        nn.Sequential(dense, nn.Tanh(), dense)


def test_dense_checks_what_a_custom_init_returns():
    def wrong_shape(shape, *, rng=None, dtype=np.float64):
        return np.zeros(shape[::-1], dtype=dtype)

    with pytest.raises(ValueError, match=r"weights must have shape \(3, 4\)"):
        nn.Dense(3, 4, init=wrong_shape)

    def ignores_dtype(shape, *, rng=None, dtype=np.float64):
        return np.full(shape, 0.5)  # float64 whatever is asked

    layer = nn.Dense(3, 4, init=ignores_dtype, dtype=np.float32)
    assert layer.W.value.dtype == layer.b.value.dtype == np.float32


@pytest.mark.parametrize("value", ["x", None, np.array(["a"])])
def test_parameter_needs_real_numbers(value):
    with pytest.raises(TypeError, match="value must hold real numbers"):
        nn.Parameter(value)


@pytest.mark.parametrize("training", ["no", None, 1])
def test_dropout_training_flag_must_be_a_bool(training):
    # "no" is truthy: it would drop units when the caller meant not to.
    with pytest.raises(TypeError, match="training must be True or False"):
        nn.Dropout(0.5, rng=0).forward(np.ones((2, 3)), training=training)
