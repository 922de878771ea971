"""Activations against their SymPy forms, finite differences, and known
values at extreme inputs; bad input."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnmath import activations as A
from nnmath import symbolic as S

NAMES = sorted(S.ACTIVATIONS)
KINKED = {"relu", "leaky_relu", "elu"}


def sample_points(name, rng, n=300, lim=6.0):
    """Random points in [-lim, lim], kept away from the kink at 0 for
    piecewise activations."""
    pts = rng.uniform(-lim, lim, n)
    if name in KINKED:
        pts = pts[np.abs(pts) > 1e-3]
    return np.concatenate([pts, [-lim, lim]])


def sympy_numpy(name, derivative=False):
    sym_form, _, _, kwargs = S.ACTIVATIONS[name]
    expr = sym_form(S.x, **kwargs)
    if derivative:
        expr = sp.diff(expr, S.x)
    return sp.lambdify(S.x, expr, "numpy")


@pytest.mark.parametrize("name", NAMES)
def test_grad_equals_sympy_derivative(name, rng):
    _, _, f_grad, kwargs = S.ACTIVATIONS[name]
    pts = sample_points(name, rng)
    expected = np.broadcast_to(sympy_numpy(name, derivative=True)(pts),
                               pts.shape)
    np.testing.assert_allclose(f_grad(pts, **kwargs), expected, rtol=1e-10,
                               atol=0)


@pytest.mark.parametrize("name", NAMES)
def test_value_equals_sympy_form(name, rng):
    _, f, _, kwargs = S.ACTIVATIONS[name]
    pts = sample_points(name, rng)
    expected = np.broadcast_to(sympy_numpy(name)(pts), pts.shape)
    np.testing.assert_allclose(f(pts, **kwargs), expected, rtol=1e-12,
                               atol=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_grad_matches_central_differences(name, rng):
    _, f, f_grad, kwargs = S.ACTIVATIONS[name]
    pts = sample_points(name, rng)
    h = 1e-6
    numeric = (f(pts + h, **kwargs) - f(pts - h, **kwargs)) / (2 * h)
    np.testing.assert_allclose(f_grad(pts, **kwargs), numeric, rtol=1e-6,
                               atol=1e-8)


@pytest.mark.parametrize("name", NAMES)
def test_shape_and_float32_dtype_kept(name, rng):
    _, f, f_grad, kwargs = S.ACTIVATIONS[name]
    x = rng.standard_normal((4, 3)).astype(np.float32)
    for fn in (f, f_grad):
        out = fn(x, **kwargs)
        assert out.shape == (4, 3) and out.dtype == np.float32


def test_integer_input_is_promoted_to_float64():
    out = A.relu(np.array([-2, 0, 3]))
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [0.0, 0.0, 3.0])


EVERY_FUNCTION = [getattr(A, name) for name in A.__all__]


@pytest.mark.parametrize("fn", EVERY_FUNCTION, ids=A.__all__)
@pytest.mark.parametrize("bad", [np.array(["1.0", "2.0"]), ["1.0"], None,
                                 np.array([1j]), np.array([None, 1.0])])
def test_non_real_input_raises_type_error_naming_x(fn, bad):
    with pytest.raises(TypeError, match="x must hold real numbers"):
        fn(bad)


# The activations with a slope or scale alpha, and their derivatives.
WITH_ALPHA = [A.leaky_relu, A.leaky_relu_grad, A.elu, A.elu_grad]


@pytest.mark.parametrize("fn", WITH_ALPHA)
@pytest.mark.parametrize("alpha", [np.float32(0.5), np.float64(0.5),
                                   np.int64(2), Fraction(1, 2)])
def test_alpha_accepts_numpy_scalars(fn, alpha):
    x = np.array([-2.0, -0.5, 1.0])
    np.testing.assert_array_equal(fn(x, alpha=alpha),
                                  fn(x, alpha=float(alpha)))


@pytest.mark.parametrize("fn", WITH_ALPHA)
@pytest.mark.parametrize("alpha", ["0.1", None, True, np.True_, [0.1], 1j])
def test_alpha_of_wrong_type_raises_type_error(fn, alpha):
    with pytest.raises(TypeError, match="alpha must be a real number"):
        fn(np.zeros(2), alpha=alpha)


@pytest.mark.parametrize("fn", WITH_ALPHA)
@pytest.mark.parametrize("alpha", [np.nan, np.inf])
def test_alpha_must_be_finite(fn, alpha):
    with pytest.raises(ValueError, match="alpha must be finite"):
        fn(np.zeros(2), alpha=alpha)


def test_leaky_relu_numpy_alpha_keeps_float32():
    x = np.array([-1.0, 1.0], np.float32)
    assert A.leaky_relu(x, alpha=np.float64(0.5)).dtype == np.float32
    assert A.elu_grad(x, alpha=np.float64(0.5)).dtype == np.float32


@pytest.mark.parametrize("fn", [A.softmax, A.log_softmax, A.logsumexp])
def test_axis_accepts_numpy_integers(fn, rng):
    z = rng.normal(size=(3, 4))
    np.testing.assert_array_equal(fn(z, axis=np.int64(0)), fn(z, axis=0))


@pytest.mark.parametrize("fn", [A.softmax, A.log_softmax, A.logsumexp])
@pytest.mark.parametrize("axis", ["1", 1.0])
def test_axis_of_wrong_type_names_axis(fn, axis):
    with pytest.raises(TypeError, match="axis"):
        fn(np.zeros((2, 2)), axis=axis)


# --- softmax family --------------------------------------------------------

def sympy_reference(z_row, k=None):
    """High-precision softmax (or logsumexp when k is None) of one row,
    evaluated by SymPy."""
    zs = [sp.Float(float(v), 30) for v in z_row]
    expr = S.logsumexp(zs) if k is None else S.softmax(zs)[k]
    return float(sp.N(expr, 30))


def test_softmax_log_softmax_logsumexp_match_sympy(rng):
    z = rng.normal(0, 3, size=(5, 4))
    lse_ref = np.array([sympy_reference(row) for row in z])
    p_ref = np.array([[sympy_reference(row, k) for k in range(4)]
                      for row in z])
    np.testing.assert_allclose(A.logsumexp(z, axis=1), lse_ref, rtol=1e-13)
    np.testing.assert_allclose(A.softmax(z), p_ref, rtol=1e-12)
    np.testing.assert_allclose(A.log_softmax(z), np.log(p_ref), rtol=1e-12,
                               atol=1e-13)


def test_softmax_along_axis_0_and_keepdims(rng):
    z = rng.normal(size=(3, 5))
    naive = np.exp(z) / np.exp(z).sum(axis=0, keepdims=True)
    np.testing.assert_allclose(A.softmax(z, axis=0), naive, rtol=1e-13)
    lse = A.logsumexp(z, axis=0, keepdims=True)
    assert lse.shape == (1, 5)
    np.testing.assert_allclose(lse[0], np.log(np.exp(z).sum(axis=0)),
                               rtol=1e-13)


def test_logsumexp_of_all_minus_inf_row_is_minus_inf():
    # No warning: -inf is the right answer.
    out = A.logsumexp(np.array([[-np.inf, -np.inf], [0.0, 0.0]]), axis=1)
    assert out[0] == -np.inf
    assert out[1] == pytest.approx(np.log(2.0))


finite_rows = arrays(np.float64,
                     st.tuples(st.integers(1, 5), st.integers(1, 6)),
                     elements=st.floats(-50, 50))


@given(z=finite_rows, c=st.floats(-100, 100))
def test_softmax_rows_sum_to_one_and_are_shift_invariant(z, c):
    p = A.softmax(z)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all((p >= 0) & (p <= 1))
    np.testing.assert_allclose(A.softmax(z + c), p, rtol=1e-9, atol=1e-15)
    # a different constant per row changes nothing either
    shifts = np.linspace(-c, c, z.shape[0])[:, None]
    np.testing.assert_allclose(A.softmax(z + shifts), p, rtol=1e-9, atol=1e-15)


@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-700, 700)))
def test_sigmoid_is_symmetric(x):
    np.testing.assert_allclose(A.sigmoid(-x), 1.0 - A.sigmoid(x), rtol=1e-12,
                               atol=1e-15)


@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-30, 30)))
def test_tanh_grad_is_one_minus_tanh_squared_and_sigmoid_identity(x):
    np.testing.assert_allclose(A.tanh_grad(x), 1.0 - np.tanh(x) ** 2,
                               rtol=1e-12, atol=1e-15)
    # tanh(x) = 2 sigma(2x) - 1
    np.testing.assert_allclose(A.tanh(x), 2.0 * A.sigmoid(2.0 * x) - 1.0,
                               atol=1e-12)


# --- stability at extreme logits -------------------------------------------

def test_extreme_logits_are_finite_and_exact():
    z = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0],
                  [1000.0, 1000.0, 1000.0]])
    with np.errstate(over="raise", invalid="raise"):
        p = A.softmax(z)
        logp = A.log_softmax(z)
        lse = A.logsumexp(z, axis=1)
    np.testing.assert_array_equal(p[0], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(p[1:], 1.0 / 3.0, rtol=1e-12)
    np.testing.assert_allclose(logp[0], [0.0, -2000.0, -1000.0], atol=1e-12)
    # ulp(1000) ~ 1e-13
    np.testing.assert_allclose(logp[1:], -np.log(3.0), atol=1e-12)
    np.testing.assert_allclose(
        lse, [1000.0, -1000.0 + np.log(3.0), 1000.0 + np.log(3.0)],
        rtol=1e-15)


def test_sigmoid_and_swish_at_extreme_inputs():
    x = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    with np.errstate(over="raise", invalid="raise"):
        s = A.sigmoid(x)
        g = A.sigmoid_grad(x)
        sw = A.swish(x)
        e = A.elu(x)
    np.testing.assert_allclose(s, [0.0, np.exp(-50.0), 0.5, 1.0, 1.0],
                               rtol=1e-12, atol=0)
    assert np.all(np.isfinite(g)) and g[0] == 0.0 and g[2] == 0.25
    np.testing.assert_allclose(
        sw, [0.0, -50.0 * np.exp(-50.0), 0.0, 50.0, 1000.0], rtol=1e-12,
        atol=1e-300)
    np.testing.assert_allclose(e, [-1.0, np.expm1(-50.0), 0.0, 50.0, 1000.0],
                               rtol=1e-15)


@pytest.mark.parametrize("fn, kwargs, at_zero", [
    (A.relu_grad, {}, 0.0), (A.leaky_relu_grad, {"alpha": 0.2}, 0.2),
    (A.elu_grad, {"alpha": 0.5}, 0.5)])
def test_kink_convention_at_zero(fn, kwargs, at_zero):
    assert fn(np.array([0.0]), **kwargs)[0] == at_zero


# --- softplus and GELU -----------------------------------------------------

def test_softplus_never_overflows_and_keeps_tiny_values():
    x = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    out = A.softplus(x)
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(out, [0.0, np.exp(-50.0), np.log(2.0),
                                     50.0, 1000.0], rtol=1e-14, atol=0)
    assert out[1] > 0  # log1p(exp(-50)), not log(1 + 0)


def test_gelu_tanh_form_is_within_5e_4_of_the_exact_gelu():
    import math
    x = np.linspace(-8.0, 8.0, 16001)
    exact = np.array([v * (1 + math.erf(v / math.sqrt(2))) / 2 for v in x])
    gap = np.max(np.abs(A.gelu(x) - exact))
    assert 1e-4 < gap < 5e-4  # an approximation, and a close one


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gelu_and_its_derivative_stay_finite_at_huge_inputs(dtype):
    big = np.finfo(dtype).max / 4
    x = np.array([-big, -1e4, 1e4, big], dtype)
    with np.errstate(over="raise", invalid="raise"):  # no inf, no nan
        y, d = A.gelu(x), A.gelu_grad(x)
    np.testing.assert_array_equal(y, [0.0, 0.0, 1e4, big])
    np.testing.assert_array_equal(d, [0.0, 0.0, 1.0, 1.0])
    assert y.dtype == d.dtype == dtype
