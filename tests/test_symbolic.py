"""The SymPy forms in nnmath.symbolic: the classic derivative identities
the book derives."""

import numpy as np
import pytest
import sympy as sp

import nnmath as nn
from nnmath import activations as A
from nnmath import symbolic as S

x = S.x


def is_zero(expr):
    return sp.simplify(expr) == 0


def test_activations_table_pairs_each_name_with_its_numpy_functions():
    assert set(S.ACTIVATIONS) == {"sigmoid", "tanh", "relu", "leaky_relu",
                                  "elu", "swish", "softplus", "gelu"}
    for name, (sym_form, f, f_grad, kwargs) in S.ACTIVATIONS.items():
        assert sym_form is getattr(S, name)
        assert f is getattr(A, name) and f_grad is getattr(A, f"{name}_grad")
        assert isinstance(kwargs, dict)


def test_sigmoid_derivative_is_sigma_times_one_minus_sigma():
    s = S.sigmoid(x)
    assert is_zero(sp.diff(s, x) - s * (1 - s))


def test_tanh_derivative_and_relation_to_sigmoid():
    assert is_zero(sp.diff(S.tanh(x), x) - (1 - S.tanh(x) ** 2))
    assert is_zero((2 * S.sigmoid(2 * x) - 1 - S.tanh(x)).rewrite(sp.exp))


def test_swish_derivative():
    s = S.sigmoid(x)
    assert is_zero(sp.diff(S.swish(x), x) - (s + x * s * (1 - s)))


@pytest.mark.parametrize("name, alpha, left_value, left_slope", [
    ("relu", None, 0, 0),
    ("leaky_relu", sp.Rational(1, 5), -sp.Rational(3, 5), sp.Rational(1, 5)),
    ("elu", 2, 2 * (sp.exp(-3) - 1), 2 * sp.exp(-3))])
def test_piecewise_forms_on_each_side_of_the_kink(name, alpha, left_value,
                                                  left_slope):
    form = getattr(S, name)
    expr = form(x) if alpha is None else form(x, alpha=alpha)
    d = sp.diff(expr, x)
    assert expr.subs(x, 3) == 3 and d.subs(x, 3) == 1
    assert sp.simplify(expr.subs(x, -3) - left_value) == 0
    assert sp.simplify(d.subs(x, -3) - left_slope) == 0


def test_softmax_sums_to_one_and_is_the_gradient_of_logsumexp():
    z = sp.symbols("z0:3", real=True)
    p = S.softmax(z)
    assert is_zero(sum(p) - 1)
    for k in range(3):
        assert is_zero(sp.diff(S.logsumexp(z), z[k]) - p[k])


def test_softmax_cross_entropy_gradient_is_softmax_minus_one_hot():
    z = sp.symbols("z0:3", real=True)
    p = S.softmax(z)
    for label in range(3):
        loss = S.softmax_cross_entropy(z, label)
        for k in range(3):
            one_hot = 1 if k == label else 0
            assert is_zero(sp.diff(loss, z[k]) - (p[k] - one_hot))


def test_bce_with_logits_gradient_is_sigmoid_minus_target_and_stable_form():
    z, y = sp.symbols("z y", real=True)
    loss = S.binary_cross_entropy_with_logits(z, y)
    assert is_zero(sp.diff(loss, z) - (S.sigmoid(z) - y))
    # the form the library evaluates: log(1 + e^z) - y z
    stable = sp.log(1 + sp.exp(z)) - y * z
    for zv, yv in [(-3, 0), (sp.Rational(1, 2), 1), (2, sp.Rational(1, 3))]:
        at = {z: zv, y: yv}
        diff = sp.N(loss.subs(at) - stable.subs(at), 30)
        assert diff == pytest.approx(0, abs=1e-25)


def test_mse_gradient():
    p = sp.symbols("p0:4", real=True)
    t = sp.symbols("t0:4", real=True)
    loss = S.mse(p, t)
    for pi, ti in zip(p, t):
        assert is_zero(sp.diff(loss, pi) - 2 * (pi - ti) / 4)


def test_mse_length_mismatch():
    with pytest.raises(ValueError, match="as many targets as predictions, "
                                         "got 3 and 2"):
        S.mse(sp.symbols("a b c"), [1, 2])


def test_symbolic_forms_accept_numbers():
    assert float(S.sigmoid(0)) == 0.5
    assert float(S.logsumexp([0, 0])) == pytest.approx(np.log(2.0))


@pytest.mark.parametrize("name, default", [("leaky_relu", 0.01),
                                           ("elu", 1.0)])
def test_default_alphas_agree_with_numpy_and_the_layers(name, default):
    # Left of the kink the slope is alpha (leaky ReLU) or alpha e^x (ELU,
    # alpha at x -> 0-): the SymPy, NumPy and layer defaults are one alpha.
    slope = sp.diff(getattr(S, name)(x), x)
    assert float(sp.limit(slope, x, 0, "-")) == default
    grad = getattr(A, f"{name}_grad")
    assert grad(np.array([-1e-300]))[0] == pytest.approx(default)
    layer = {"leaky_relu": nn.LeakyReLU, "elu": nn.ELU}[name]()
    assert layer.alpha == default


def test_softplus_derivative_is_the_sigmoid():
    assert is_zero(sp.diff(S.softplus(x), x) - S.sigmoid(x))


def test_gelu_tanh_form_and_exact_derivative():
    u = 2 * sp.sqrt(2 / sp.pi) * (x + sp.Float("0.044715") * x**3)
    # x sigma(u) is the usual (x/2)(1 + tanh(u/2))
    assert is_zero((S.gelu(x) - x * (1 + sp.tanh(u / 2)) / 2).rewrite(sp.exp))
    phi = sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi)
    cdf = (1 + sp.erf(x / sp.sqrt(2))) / 2
    assert is_zero(sp.diff(S.gelu_exact(x), x) - (cdf + x * phi))
