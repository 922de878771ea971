"""Every layer's backward against central differences (via
nnmath.gradcheck), and the checker itself: a deliberately wrong derivative
must fail it."""

import copy

import numpy as np
import pytest

import nnmath as nn
from nnmath.gradcheck import (check_layer, check_loss, numerical_gradient,
                              rel_error)
from nnmath.losses import mse

N, D = 5, 4

LAYERS = {
    "Dense": lambda: nn.Dense(D, 3, rng=0),
    "Dense_he_normal": lambda: nn.Dense(D, 6, init=nn.initializers.he_normal,
                                        rng=1),
    "Sigmoid": nn.Sigmoid,
    "Tanh": nn.Tanh,
    "ReLU": nn.ReLU,
    "LeakyReLU": lambda: nn.LeakyReLU(alpha=0.2),
    "ELU": lambda: nn.ELU(alpha=1.5),
    "Swish": nn.Swish,
    "Softplus": nn.Softplus,
    "GELU": nn.GELU,
    "PReLU": lambda: nn.PReLU(D, alpha=0.3),
    "Dropout": lambda: nn.Dropout(0.5, rng=0),
    "Sequential": lambda: nn.Sequential(
        nn.Dense(D, 6, rng=0), nn.Tanh(), nn.Dropout(0.3, rng=2),
        nn.Dense(6, 5, rng=1), nn.PReLU(5), nn.Dense(5, 4, rng=3), nn.ELU(),
        nn.Dense(4, 3, rng=4), nn.Swish(), nn.Dense(3, 3, rng=5),
        nn.GELU(), nn.Dense(3, 3, rng=6), nn.Softplus(), nn.Dense(3, 2, rng=7),
        nn.Sigmoid()),
}
WITH_PARAMS = ["Dense", "Dense_he_normal", "PReLU", "Sequential"]


def away_from_kinks(rng, shape=(N, D)):
    """Standard normal entries pushed at least 0.1 away from 0, where
    ReLU-like layers have a kink."""
    x = rng.standard_normal(shape)
    return np.sign(x) * (np.abs(x) + 0.1)


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layer_passes_gradient_check(name, rng):
    layer = LAYERS[name]()
    errors = check_layer(layer, away_from_kinks(rng), rng=1)
    # The input and every parameter were checked.
    expected_keys = {"x"} | {f"{i}:{p.name}"
                             for i, p in enumerate(layer.parameters())}
    assert set(errors) == expected_keys
    assert max(errors.values()) < 1e-6, errors


@pytest.mark.parametrize("name", WITH_PARAMS)
def test_need_dx_false_grads_match_central_differences(name, rng):
    # backward(u, need_dx=False) fills dL/dp for L = sum(forward(x) * u).
    layer = LAYERS[name]()
    x = away_from_kinks(rng)
    pristine = copy.deepcopy(layer)  # Dropout: the same mask every time
    u = rng.standard_normal(layer.forward(x, training=True).shape)
    assert layer.backward(u, need_dx=False) is None
    for i, p in enumerate(pristine.parameters()):

        def L():
            clone = copy.deepcopy(pristine)
            return float(np.sum(clone.forward(x, training=True) * u))

        numeric = numerical_gradient(L, p.value)
        assert rel_error(layer.parameters()[i].grad, numeric) < 1e-6


def test_prelu_slope_alpha_is_checked_and_nonzero(rng):
    x = away_from_kinks(rng)
    layer = nn.PReLU(D)
    layer.backward(np.ones_like(layer.forward(x)))
    np.testing.assert_allclose(layer.alpha.grad, np.minimum(x, 0).sum(axis=0))
    # Every column of x has negative entries with this seed.
    assert np.all(layer.alpha.grad < 0)
    assert check_layer(layer, x, rng=1)["0:alpha"] < 1e-6


def test_dropout_check_uses_a_real_mask(rng):
    layer = nn.Dropout(0.5, rng=0)
    out = layer.forward(np.ones((N, D)), training=True)
    # The mask is neither all-keep nor all-drop.
    assert 0 < np.count_nonzero(out) < out.size
    assert check_layer(layer, away_from_kinks(rng), rng=1)["x"] < 1e-6


def test_check_layer_in_eval_mode_for_dropout(rng):
    errors = check_layer(nn.Dropout(0.5, rng=0), away_from_kinks(rng),
                         training=False, rng=1)
    assert errors["x"] < 1e-6


# --- deliberately wrong derivatives must fail ------------------------------

class WrongTanh(nn.Tanh):
    def backward(self, dy, *, need_dx=True):
        super().backward(dy, need_dx=False)  # the checks
        return dy * (1.0 - self._y)  # should be 1 - y^2


class WrongBiasDense(nn.Dense):
    def backward(self, dy, *, need_dx=True):
        dx = super().backward(dy, need_dx=need_dx)
        self.b.grad *= 2.0
        return dx


class WrongWeightDense(nn.Dense):
    def backward(self, dy, *, need_dx=True):
        dx = super().backward(dy, need_dx=need_dx)
        self.W.grad[...] = self.W.grad.T[::-1].T  # columns in reverse
        return dx


class WrongInputDense(nn.Dense):
    def backward(self, dy, *, need_dx=True):
        return super().backward(dy, need_dx=need_dx) * 1.01


class WrongReLU(nn.ReLU):
    def backward(self, dy, *, need_dx=True):
        super().backward(dy, need_dx=need_dx)
        return dy  # passes the gradient through where x < 0 too


class WrongPReLU(nn.PReLU):
    def backward(self, dy, *, need_dx=True):
        dx = super().backward(dy, need_dx=need_dx)
        # The wrong side of the kink: max(x, 0) for min(x, 0).
        self.alpha.grad = np.sum(dy * np.maximum(self._x, 0.0), axis=0)
        return dx


class UnscaledDropout(nn.Dropout):
    def backward(self, dy, *, need_dx=True):
        return dy * (self.mask != 0)  # forgets the 1/(1-p) scaling


@pytest.mark.parametrize("make, key", [
    (WrongTanh, "x"),
    (lambda: WrongBiasDense(D, 3, rng=0), "1:b"),
    (lambda: WrongWeightDense(D, 3, rng=0), "0:W"),
    (lambda: WrongInputDense(D, 3, rng=0), "x"),
    (WrongReLU, "x"),
    (lambda: WrongPReLU(D), "0:alpha"),
    (lambda: UnscaledDropout(0.5, rng=0), "x"),
    (lambda: nn.Sequential(nn.Dense(D, 3, rng=0), WrongTanh(),
                           nn.Dense(3, 2, rng=1)), "0:W"),
], ids=["Tanh", "Dense-b", "Dense-W", "Dense-x", "ReLU", "PReLU", "Dropout",
        "Sequential"])
def test_wrong_derivative_fails_gradient_check(make, key, rng):
    errors = check_layer(make(), away_from_kinks(rng), rng=1)
    assert errors[key] > 1e-3, errors


def test_wrong_dense_bias_leaves_weight_check_passing(rng):
    errors = check_layer(WrongBiasDense(D, 3, rng=0), away_from_kinks(rng),
                         rng=1)
    assert errors["0:W"] < 1e-6 and errors["x"] < 1e-6
    assert errors["1:b"] > 0.1


def test_check_loss_rejects_wrong_loss_gradient(rng):
    pred, target = rng.normal(size=(4, 2)), rng.normal(size=(4, 2))
    assert check_loss(mse, pred, target) < 1e-6

    def too_steep(p, t):
        value, grad = mse(p, t)
        return value, 1.1 * grad

    assert check_loss(too_steep, pred, target) > 1e-3


def test_check_layer_does_not_change_the_layer(rng):
    layer = LAYERS["Sequential"]()
    before = [p.value.copy() for p in layer.parameters()]
    x = away_from_kinks(rng)
    x_before = x.copy()
    check_layer(layer, x, rng=1)
    for p, b in zip(layer.parameters(), before):
        np.testing.assert_array_equal(p.value, b)
    np.testing.assert_array_equal(x, x_before)


def test_check_layer_and_check_loss_take_a_numpy_step(rng):
    x = away_from_kinks(rng)
    errors = check_layer(nn.Tanh(), x, rng=1, h=np.float32(1e-5))
    assert errors["x"] < 1e-6
    assert check_loss(mse, x, np.zeros_like(x), h=np.float64(1e-6)) < 1e-6


# --- the tools themselves --------------------------------------------------

def test_numerical_gradient_of_known_function(rng):
    x = rng.normal(size=(3, 2))
    g = numerical_gradient(lambda: float(np.sum(np.sin(x)) + np.sum(x**3)),
                           x)
    np.testing.assert_allclose(g, np.cos(x) + 3 * x**2, rtol=1e-7, atol=1e-9)


def test_numerical_gradient_restores_input(rng):
    x = rng.normal(size=(4,))
    saved = x.copy()
    numerical_gradient(lambda: float(np.sum(x**2)), x)
    np.testing.assert_array_equal(x, saved)


@pytest.mark.parametrize("h", [0.5, np.float32(0.5), np.int64(1)])
def test_numerical_gradient_step_may_be_a_numpy_scalar(h):
    # Central differences are exact for a quadratic, whatever the step.
    x = np.array([1.0, -2.0])
    g = numerical_gradient(lambda: float(np.sum(x**2)), x, h=h)
    np.testing.assert_allclose(g, [2.0, -4.0], rtol=1e-12)


@pytest.mark.parametrize("x", [np.zeros(3, dtype=np.float32), [1.0, 2.0],
                               np.arange(3)])
def test_numerical_gradient_needs_float64_array(x):
    with pytest.raises(TypeError, match="float64 ndarray"):
        numerical_gradient(lambda: 0.0, x)


CHECKERS = {
    "numerical_gradient": lambda h: numerical_gradient(lambda: 0.0,
                                                       np.zeros(2), h=h),
    "check_layer": lambda h: check_layer(nn.Tanh(), np.zeros((2, 2)), h=h),
    "check_loss": lambda h: check_loss(mse, np.zeros((2, 1)),
                                       np.zeros((2, 1)), h=h),
}


@pytest.mark.parametrize("fn", sorted(CHECKERS))
@pytest.mark.parametrize("h, exc, words", [
    (0, ValueError, "h must be > 0"), (-1e-6, ValueError, "h must be > 0"),
    (np.nan, ValueError, "h must be finite"),
    ("1e-6", TypeError, "h must be a real number"),
    (None, TypeError, "h must be a real number"),
    (True, TypeError, "h must be a real number")])
def test_bad_step(fn, h, exc, words):
    with pytest.raises(exc, match=words):
        CHECKERS[fn](h)


@pytest.mark.parametrize("x, exc, words", [
    (np.array([["a", "b"]]), TypeError, "x must hold real numbers"),
    (np.zeros((1, 2), complex), TypeError, "x must hold real numbers")])
def test_check_layer_bad_input(x, exc, words):
    with pytest.raises(exc, match=words):
        check_layer(nn.Tanh(), x)


def test_check_layer_bad_rng():
    with pytest.raises(TypeError, match="rng must be None, an int seed"):
        check_layer(nn.Tanh(), np.zeros((2, 2)), rng="0")


def test_check_loss_bad_pred():
    with pytest.raises(TypeError, match="pred must hold real numbers"):
        check_loss(mse, np.array([["a"]]), np.zeros((1, 1)))


@pytest.mark.parametrize("a, b, expected", [
    ([1.0, 2.0], [1.0, 2.0], 0.0),
    ([1.0, 2.0], [1.0, 2.2], 0.2 / 4.2),
    ([0.0, 0.0], [0.0, 0.0], 0.0),
    ([1e-20], [0.0], 1e-20 / 1e-12),  # the floor keeps 0/0 away
    ([-3.0], [3.0], 1.0),
    ([], [], 0.0),
])
def test_rel_error_values(a, b, expected):
    got = rel_error(np.array(a), np.array(b))
    assert type(got) is float
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-300)


def test_rel_error_floor_may_be_set():
    assert rel_error([1e-20], [0.0], floor=1e-30) == pytest.approx(1.0)
    assert rel_error([1e-20], [0.0], floor=np.float32(1e-10)) == \
        pytest.approx(1e-20 / np.float32(1e-10), rel=1e-6)


def test_rel_error_shape_mismatch():
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and "
                                         r"\(3,\)"):
        rel_error(np.zeros(2), np.zeros(3))


@pytest.mark.parametrize("a, b, name", [
    (np.array(["1"]), np.zeros(1), "a"), (np.zeros(1), [None], "b")])
def test_rel_error_non_real_input(a, b, name):
    with pytest.raises(TypeError, match=f"{name} must hold real numbers"):
        rel_error(a, b)


@pytest.mark.parametrize("floor", ["1e-12", None])
def test_rel_error_floor_of_wrong_type_names_floor(floor):
    with pytest.raises(TypeError, match="floor"):
        rel_error(np.zeros(1), np.zeros(1), floor=floor)


def test_numerical_gradient_of_a_non_contiguous_array():
    # A transposed view: a reshape(-1) would copy it, and perturbing the
    # copy would leave x and f unchanged (a silent gradient of zeros).
    A = np.arange(6.0).reshape(2, 3)
    x = A.T
    assert not x.flags.c_contiguous
    grad = numerical_gradient(lambda: float(np.sum(x ** 2)), x)
    np.testing.assert_allclose(grad, 2 * x, rtol=1e-8)
    np.testing.assert_array_equal(x, np.arange(6.0).reshape(2, 3).T)
