"""Optimisers against updates worked out by hand; weight decay; bad
hyper-parameters."""

import math

import numpy as np
import pytest

import nnmath as nn
from nnmath import schedules
from nnmath.layers import Parameter

OPTIMISERS = {"SGD": nn.SGD, "RMSprop": nn.RMSprop, "Adam": nn.Adam}


def scalar_param(value=1.0, dtype=np.float64):
    return Parameter(np.array([value], dtype=dtype), "theta")


def run(opt, param, grads):
    """One step per gradient in ``grads``; return theta after each step."""
    path = []
    for g in grads:
        param.grad[...] = g
        opt.step()
        path.append(float(param.value[0]))
    return path


def test_sgd_plain():
    p = Parameter(np.array([1.0, -2.0]))
    p.grad[...] = [0.5, 0.25]
    nn.SGD([p], lr=0.1).step()
    np.testing.assert_allclose(p.value, [1.0 - 0.05, -2.0 - 0.025],
                               rtol=1e-15)


# theta0 = 1, lr = 0.5, mu = 0.5, gradients 1, 2, -1 (binary fractions:
# exact arithmetic)
#   momentum: v = 1, 2.5, 0.25;  theta = 1 - 0.5 v -> 0.5, -0.75, -0.875
#   Nesterov: theta -= 0.5 (g + 0.5 v) -> 1 - 0.75 = 0.25,
#             0.25 - 1.625 = -1.375, -1.375 + 0.4375 = -0.9375
@pytest.mark.parametrize("nesterov, expected", [
    (False, [0.5, -0.75, -0.875]), (True, [0.25, -1.375, -0.9375])])
def test_sgd_momentum_three_steps(nesterov, expected):
    p = scalar_param()
    opt = nn.SGD([p], lr=0.5, momentum=0.5, nesterov=nesterov)
    assert run(opt, p, [1.0, 2.0, -1.0]) == expected
    np.testing.assert_array_equal(opt.velocity[0], [0.25])


def test_rmsprop_two_steps():
    p = scalar_param()
    opt = nn.RMSprop([p], lr=0.01, rho=0.9, eps=1e-8)
    path = run(opt, p, [2.0, -1.0])
    s1 = 0.1 * 4.0                 # s = rho s + (1 - rho) g^2
    theta1 = 1.0 - 0.01 * 2.0 / (math.sqrt(s1) + 1e-8)
    s2 = 0.9 * s1 + 0.1 * 1.0
    theta2 = theta1 + 0.01 * 1.0 / (math.sqrt(s2) + 1e-8)
    assert path == pytest.approx([theta1, theta2], rel=1e-14)
    np.testing.assert_allclose(opt.sq[0], [s2], rtol=1e-15)


def test_adam_first_step_moves_by_lr_times_sign():
    # Bias correction makes m_hat = g and v_hat = g^2 on step 1:
    # delta = lr g / (|g| + eps).
    g = np.array([3.0, -0.5, 1e-9, -1e-8, 0.0])
    p = Parameter(np.zeros(5))
    p.grad[...] = g
    lr, eps = 0.1, 1e-8
    nn.Adam([p], lr=lr, eps=eps).step()
    expected = -lr * g / (np.abs(g) + eps)
    np.testing.assert_allclose(p.value, expected, rtol=1e-12, atol=0)
    # Large gradients: about lr sign(g); tiny ones (against eps) move less.
    np.testing.assert_allclose(p.value[:2], [-lr, lr], rtol=1e-7)
    assert p.value[2] == pytest.approx(-lr / 11, rel=1e-12)
    assert p.value[3] == pytest.approx(lr / 2, rel=1e-12)
    assert p.value[4] == 0.0


def test_adam_three_steps_with_bias_correction():
    b1, b2, lr, eps = 0.9, 0.999, 0.01, 1e-8
    p = scalar_param(0.0)
    opt = nn.Adam([p], lr=lr, beta1=b1, beta2=b2, eps=eps)
    path = run(opt, p, [1.0, -1.0, 2.0])
    # step 1: m = 0.1, v = 0.001 -> m_hat = 1, v_hat = 1
    theta1 = -lr / (1 + eps)
    # step 2: m = 0.09 - 0.1 = -0.01, m_hat = -0.01 / 0.19 = -1/19;
    # v = 0.000999 + 0.001 = 0.001999 = 1 - 0.999^2, v_hat = 1
    theta2 = theta1 + lr * (1 / 19) / (1 + eps)
    # step 3: m = -0.009 + 0.2 = 0.191, v = 0.001997001 + 0.004
    m_hat = 0.191 / (1 - 0.9**3)
    v_hat = 0.005997001 / (1 - 0.999**3)
    theta3 = theta2 - lr * m_hat / (math.sqrt(v_hat) + eps)
    assert path == pytest.approx([theta1, theta2, theta3], rel=1e-12)
    np.testing.assert_allclose(opt.m[0], [0.191], rtol=1e-13)
    np.testing.assert_allclose(opt.v[0], [0.005997001], rtol=1e-13)
    assert opt.t == 3


def test_schedule_as_lr_is_used_per_step():
    p = scalar_param(0.0)
    opt = nn.SGD([p], lr=schedules.step_decay(1.0, step_size=1, gamma=0.5))
    assert [opt.current_lr(), opt.t] == [1.0, 0]
    path = run(opt, p, [1.0, 1.0, 1.0])
    assert path == [-1.0, -1.5, -1.75]
    assert opt.t == 3 and opt.current_lr() == 0.125


@pytest.mark.parametrize("make", [
    lambda ps, lr: nn.Adam(ps, lr=lr), lambda ps, lr: nn.RMSprop(ps, lr=lr),
    lambda ps, lr: nn.SGD(ps, lr=lr, momentum=0.9)],
    ids=["Adam", "RMSprop", "SGD-momentum"])
def test_schedule_lr_with_stateful_optimizers(make):
    seen = []

    def schedule(t):
        seen.append(t)
        return 0.1

    p = scalar_param()
    run(make([p], schedule), p, [1.0, 1.0, 1.0])
    assert seen == [0, 1, 2]


MAKERS = {
    "SGD": nn.SGD,
    "SGD-momentum": lambda ps, **kw: nn.SGD(ps, momentum=0.9, **kw),
    "SGD-nesterov": lambda ps, **kw: nn.SGD(ps, momentum=0.9, nesterov=True,
                                            **kw),
    "RMSprop": nn.RMSprop,
    "Adam": nn.Adam,
}


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_updates_every_parameter_and_keeps_float32(name, rng):
    ps = [Parameter(rng.normal(size=(3, 2)).astype(np.float32)),
          Parameter(np.zeros(4, dtype=np.float32))]
    before = [p.value.copy() for p in ps]
    opt = MAKERS[name](ps)
    for _ in range(2):
        for p in ps:
            p.grad[...] = 1.0
        opt.step()
    for p, b in zip(ps, before):
        assert p.value.dtype == p.grad.dtype == np.float32
        assert np.all(p.value < b)  # positive gradient: every entry goes down
    state = [a for attr in ("velocity", "sq", "m", "v")
             for a in getattr(opt, attr, [])]
    assert all(a.dtype == np.float32 for a in state)
    assert opt.t == 2


@pytest.mark.parametrize("name", sorted(MAKERS))
@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
def test_step_leaves_p_grad_unchanged(name, weight_decay, rng):
    ps = [Parameter(rng.normal(size=(3, 2))), Parameter(rng.normal(size=4))]
    opt = MAKERS[name](ps, weight_decay=weight_decay)
    for _ in range(3):
        grads = [rng.normal(size=p.value.shape) for p in ps]
        for p, g in zip(ps, grads):
            p.grad[...] = g
        opt.step()
        for p, g in zip(ps, grads):
            np.testing.assert_array_equal(p.grad, g)


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_weight_decay_equals_adding_lambda_theta_to_the_gradient(name):
    theta0 = np.array([1.0, -2.0, 0.5])
    g = np.array([0.3, 0.1, -0.2])
    decayed, by_hand = Parameter(theta0.copy()), Parameter(theta0.copy())
    plain = Parameter(theta0.copy())
    make = MAKERS[name]
    opt_decayed = make([decayed], lr=0.1, weight_decay=0.01)
    opt_by_hand = make([by_hand], lr=0.1)
    opt_plain = make([plain], lr=0.1)
    for _ in range(3):
        decayed.grad[...] = g
        # The gradient of the penalty (0.01 / 2) ||theta||^2 by hand.
        by_hand.grad[...] = g + 0.01 * by_hand.value
        plain.grad[...] = g
        opt_decayed.step()
        opt_by_hand.step()
        opt_plain.step()
    np.testing.assert_allclose(decayed.value, by_hand.value, rtol=1e-14)
    assert not np.allclose(decayed.value, plain.value, rtol=1e-6)


def test_weight_decay_alone_shrinks_weights_geometrically():
    p = Parameter(np.array([2.0, -4.0]))
    opt = nn.SGD([p], lr=0.1, weight_decay=0.5)
    for _ in range(4):
        p.grad[...] = 0.0
        opt.step()
    np.testing.assert_allclose(p.value, np.array([2.0, -4.0]) * 0.95**4,
                               rtol=1e-14)


def test_sgd_weight_decay_may_be_a_numpy_float32():
    # The example: refused as "not a number" before.
    wd = np.float32(0.1)
    p = Parameter(np.array([2.0]))
    opt = nn.SGD([p], lr=0.5, weight_decay=wd)
    assert opt.weight_decay == float(wd)
    p.grad[...] = 0.0
    opt.step()
    np.testing.assert_allclose(p.value, [2.0 * (1 - 0.5 * float(wd))],
                               rtol=1e-15)


# Every hyper-parameter, given as NumPy scalars; the same update as with
# the equal Python floats.
NUMPY_HYPER = [
    ("SGD", {"lr": np.float32(0.5), "momentum": np.float32(0.5),
             "weight_decay": np.float32(0.25)}),
    ("SGD", {"lr": np.float64(0.5), "momentum": np.float64(0.5),
             "nesterov": np.True_}),
    ("SGD", {"lr": np.int64(1), "momentum": np.int64(0)}),
    ("RMSprop", {"lr": np.float32(0.01), "rho": np.float32(0.5),
                 "eps": np.float32(1e-6), "weight_decay": np.float64(0.1)}),
    ("Adam", {"lr": np.float32(0.01), "beta1": np.float32(0.5),
              "beta2": np.float32(0.75), "eps": np.float32(1e-6),
              "weight_decay": np.int64(0)}),
]


@pytest.mark.parametrize("name, kwargs", NUMPY_HYPER)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_numpy_scalar_hyperparameters_give_the_python_float_update(
        name, kwargs, dtype):
    python = {k: v.item() if isinstance(v, np.generic) else v
              for k, v in kwargs.items()}
    a, b = scalar_param(1.0, dtype), scalar_param(1.0, dtype)
    opt_a = OPTIMISERS[name]([a], **kwargs)
    opt_b = OPTIMISERS[name]([b], **python)
    for k, v in python.items():
        got = getattr(opt_a, k)
        assert got == v and type(got) in (float, bool), k
    assert run(opt_a, a, [1.0, -2.0, 0.5]) == run(opt_b, b, [1.0, -2.0, 0.5])
    assert a.value.dtype == dtype


def test_a_generator_of_parameters_is_accepted():
    ps = [scalar_param(), scalar_param()]
    opt = nn.Adam(p for p in ps)
    assert opt.params == ps


# --- bad input -------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(OPTIMISERS))
@pytest.mark.parametrize("lr", [0, 0.0, -1, -1e-3, np.float32(-0.1)])
def test_non_positive_learning_rate(name, lr):
    with pytest.raises(ValueError, match="lr must be > 0"):
        OPTIMISERS[name]([scalar_param()], lr=lr)


@pytest.mark.parametrize("name", sorted(OPTIMISERS))
@pytest.mark.parametrize("lr", [float("nan"), float("inf")])
def test_non_finite_learning_rate(name, lr):
    with pytest.raises(ValueError, match="lr must be finite"):
        OPTIMISERS[name]([scalar_param()], lr=lr)


@pytest.mark.parametrize("name", sorted(OPTIMISERS))
@pytest.mark.parametrize("lr", ["0.1", None, True, np.True_, [0.1]])
def test_learning_rate_of_wrong_type(name, lr):
    with pytest.raises(TypeError, match="lr must be a real number"):
        OPTIMISERS[name]([scalar_param()], lr=lr)


# (optimiser, argument): each probability-like hyper-parameter.
PROBABILITIES = [("SGD", "momentum"), ("RMSprop", "rho"), ("Adam", "beta1"),
                 ("Adam", "beta2")]


@pytest.mark.parametrize("name, arg", PROBABILITIES)
@pytest.mark.parametrize("value", [1.0, 1, -0.1, 1.5, np.float32(1.0)])
def test_probability_hyperparameters_out_of_range(name, arg, value):
    with pytest.raises(ValueError, match=rf"{arg} must lie in \[0, 1\)"):
        OPTIMISERS[name]([scalar_param()], **{arg: value})


@pytest.mark.parametrize("name, arg", PROBABILITIES)
@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_probability_hyperparameters_not_finite(name, arg, value):
    with pytest.raises(ValueError, match=f"{arg} must be finite"):
        OPTIMISERS[name]([scalar_param()], **{arg: value})


@pytest.mark.parametrize("name, arg", PROBABILITIES + [
    ("RMSprop", "eps"), ("Adam", "eps"), ("SGD", "weight_decay"),
    ("RMSprop", "weight_decay"), ("Adam", "weight_decay")])
@pytest.mark.parametrize("value", ["0.9", None, True, np.False_, [0.9], 1j])
def test_hyperparameters_of_wrong_type(name, arg, value):
    with pytest.raises(TypeError, match=f"{arg} must be a real number"):
        OPTIMISERS[name]([scalar_param()], **{arg: value})


def test_momentum_string_is_a_type_error():
    # The example: a raw Python comparison error before.
    with pytest.raises(TypeError, match="momentum"):
        nn.SGD([scalar_param()], momentum="0.9")


@pytest.mark.parametrize("name", ["RMSprop", "Adam"])
@pytest.mark.parametrize("eps, words", [
    (0.0, "eps must be > 0"), (-1e-8, "eps must be > 0"),
    (np.nan, "eps must be finite")])
def test_bad_eps(name, eps, words):
    with pytest.raises(ValueError, match=words):
        OPTIMISERS[name]([scalar_param()], eps=eps)


@pytest.mark.parametrize("name", sorted(OPTIMISERS))
@pytest.mark.parametrize("bad, words", [
    (-0.1, "weight_decay must be >= 0"), (np.float32(-1), "weight_decay "
                                                          "must be >= 0"),
    (float("nan"), "weight_decay must be finite"),
    (float("inf"), "weight_decay must be finite")])
def test_bad_weight_decay_value(name, bad, words):
    with pytest.raises(ValueError, match=words):
        OPTIMISERS[name]([scalar_param()], lr=0.1, weight_decay=bad)


@pytest.mark.parametrize("nesterov", [1, 0, "yes", None, 1.0])
def test_nesterov_must_be_a_bool(nesterov):
    with pytest.raises(TypeError, match="nesterov must be True or False"):
        nn.SGD([scalar_param()], momentum=0.9, nesterov=nesterov)


@pytest.mark.parametrize("momentum", [0, 0.0, np.float32(0)])
def test_nesterov_needs_momentum(momentum):
    with pytest.raises(ValueError, match="nesterov=True needs a momentum > 0"):
        nn.SGD([scalar_param()], momentum=momentum, nesterov=True)


@pytest.mark.parametrize("name", sorted(OPTIMISERS))
def test_empty_or_wrong_parameter_list(name):
    cls = OPTIMISERS[name]
    with pytest.raises(ValueError, match=f"{name} got an empty parameter "
                                         "list; pass model.parameters()"):
        cls([])
    with pytest.raises(TypeError, match=f"{name} expects Parameter objects; "
                                        "item 1 is a ndarray"):
        cls([scalar_param(), np.zeros(3)])
@pytest.mark.parametrize("name", sorted(OPTIMISERS))
@pytest.mark.parametrize("params", [None, Parameter(np.zeros(2))],
                         ids=["None", "a Parameter"])
def test_params_that_are_not_a_list_get_a_message_naming_params(name,
                                                                params):
    with pytest.raises(TypeError, match="params"):
        OPTIMISERS[name](params)


@pytest.mark.parametrize("make", [nn.SGD, nn.RMSprop, nn.Adam])
def test_a_parameter_given_twice_is_refused(make):
    p = nn.Parameter(np.zeros(3))
    with pytest.raises(ValueError, match="parameter twice"):
        make([p, p])


@pytest.mark.parametrize("make", [nn.SGD, nn.RMSprop, nn.Adam])
def test_params_as_a_string_names_params(make):
    with pytest.raises(TypeError, match="params must be a list"):
        make("params")
