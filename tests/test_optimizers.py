"""Optimisers against updates worked out by hand."""

import math

import numpy as np
import pytest

import nnmath as nn
from nnmath import schedules
from nnmath.layers import Parameter


def scalar_param(value=1.0, dtype=np.float64):
    return Parameter(np.array([value], dtype=dtype), "theta")


def run(opt, param, grads):
    """Apply one step per gradient in ``grads``; return theta after each step."""
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
    np.testing.assert_allclose(p.value, [1.0 - 0.05, -2.0 - 0.025], rtol=1e-15)


# theta0 = 1, lr = 0.5, mu = 0.5, gradients 1, 2, -1 (binary fractions: exact arithmetic)
#   momentum: v = 1, 2.5, 0.25;        theta = 1 - 0.5 v  -> 0.5, -0.75, -0.875
#   Nesterov: theta -= 0.5 (g + 0.5 v) -> 1 - 0.75 = 0.25, 0.25 - 1.625 = -1.375, -1.375 + 0.4375 = -0.9375
@pytest.mark.parametrize("nesterov, expected", [(False, [0.5, -0.75, -0.875]), (True, [0.25, -1.375, -0.9375])])
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


def test_adam_first_step_moves_by_lr_times_sign():
    # bias correction makes m_hat = g and v_hat = g^2 on step 1: delta = lr g / (|g| + eps)
    g = np.array([3.0, -0.5, 1e-9, -1e-8, 0.0])
    p = Parameter(np.zeros(5))
    p.grad[...] = g
    lr, eps = 0.1, 1e-8
    nn.Adam([p], lr=lr, eps=eps).step()
    expected = -lr * g / (np.abs(g) + eps)
    np.testing.assert_allclose(p.value, expected, rtol=1e-12, atol=0)
    # large gradients: about lr * sign(g); tiny ones (compared with eps) move much less
    np.testing.assert_allclose(p.value[:2], [-lr, lr], rtol=1e-7)  # off by eps/|g| = 2e-8
    assert p.value[2] == pytest.approx(-lr / 11, rel=1e-12)
    assert p.value[3] == pytest.approx(lr / 2, rel=1e-12)
    assert p.value[4] == 0.0


def test_adam_three_steps_with_bias_correction():
    b1, b2, lr, eps = 0.9, 0.999, 0.01, 1e-8
    p = scalar_param(0.0)
    path = run(nn.Adam([p], lr=lr, beta1=b1, beta2=b2, eps=eps), p, [1.0, -1.0, 2.0])
    # step 1: m = 0.1, v = 0.001 -> m_hat = 1, v_hat = 1
    theta1 = -lr / (1 + eps)
    # step 2: m = 0.09 - 0.1 = -0.01, m_hat = -0.01 / 0.19 = -1/19; v = 0.000999 + 0.001 = 0.001999 = 1 - 0.999^2
    theta2 = theta1 + lr * (1 / 19) / (1 + eps)
    # step 3: m = -0.009 + 0.2 = 0.191, v = 0.001997001 + 0.004 = 0.005997001
    m_hat = 0.191 / (1 - 0.9**3)
    v_hat = 0.005997001 / (1 - 0.999**3)
    theta3 = theta2 - lr * m_hat / (math.sqrt(v_hat) + eps)
    assert path == pytest.approx([theta1, theta2, theta3], rel=1e-12)


def test_schedule_as_lr_is_used_per_step():
    p = scalar_param(0.0)
    opt = nn.SGD([p], lr=schedules.step_decay(1.0, step_size=1, gamma=0.5))
    assert [opt.current_lr(), opt.t] == [1.0, 0]
    path = run(opt, p, [1.0, 1.0, 1.0])
    assert path == [-1.0, -1.5, -1.75]
    assert opt.t == 3 and opt.current_lr() == 0.125


@pytest.mark.parametrize("make", [
    lambda ps, lr: nn.Adam(ps, lr=lr), lambda ps, lr: nn.RMSprop(ps, lr=lr),
    lambda ps, lr: nn.SGD(ps, lr=lr, momentum=0.9)])
def test_schedule_lr_with_stateful_optimizers(make):
    seen = []

    def schedule(t):
        seen.append(t)
        return 0.1

    p = scalar_param()
    run(make([p], schedule), p, [1.0, 1.0, 1.0])
    assert seen == [0, 1, 2]


@pytest.mark.parametrize("make", [nn.SGD, lambda ps: nn.SGD(ps, momentum=0.9, nesterov=True), nn.RMSprop, nn.Adam])
def test_updates_every_parameter_and_keeps_float32(make, rng):
    ps = [Parameter(rng.normal(size=(3, 2)).astype(np.float32)), Parameter(np.zeros(4, dtype=np.float32))]
    before = [p.value.copy() for p in ps]
    opt = make(ps)
    for _ in range(2):
        for p in ps:
            p.grad[...] = 1.0
        opt.step()
    for p, b in zip(ps, before):
        assert p.value.dtype == np.float32
        assert np.all(p.value < b)  # positive gradient: every entry goes down


def test_zero_grad():
    ps = [Parameter(np.ones(3)), Parameter(np.ones((2, 2)))]
    for p in ps:
        p.grad[...] = 5.0
    nn.SGD(ps).zero_grad()
    assert all(not np.any(p.grad) for p in ps)


@pytest.mark.parametrize("cls", [nn.SGD, nn.RMSprop, nn.Adam])
@pytest.mark.parametrize("lr", [0, 0.0, -1, -1e-3, float("nan"), float("inf")])
def test_non_positive_learning_rate(cls, lr):
    with pytest.raises(ValueError, match=r"lr \(the learning rate\) must be a finite positive number"):
        cls([scalar_param()], lr=lr)


@pytest.mark.parametrize("cls", [nn.SGD, nn.RMSprop, nn.Adam])
@pytest.mark.parametrize("lr", ["0.1", None, True])
def test_learning_rate_of_wrong_type(cls, lr):
    with pytest.raises(TypeError, match=r"lr \(the learning rate\) must be a positive number"):
        cls([scalar_param()], lr=lr)


@pytest.mark.parametrize("make, words", [
    (lambda ps: nn.SGD(ps, momentum=1.0), r"momentum must lie in \[0, 1\)"),
    (lambda ps: nn.SGD(ps, momentum=-0.1), r"momentum must lie in \[0, 1\)"),
    (lambda ps: nn.SGD(ps, nesterov=True), "nesterov=True needs a momentum > 0"),
    (lambda ps: nn.RMSprop(ps, rho=1.0), r"rho must lie in \[0, 1\)"),
    (lambda ps: nn.RMSprop(ps, eps=0.0), "eps must be a finite positive number"),
    (lambda ps: nn.Adam(ps, beta1=1.0), r"beta1 must lie in \[0, 1\)"),
    (lambda ps: nn.Adam(ps, beta2=-0.5), r"beta2 must lie in \[0, 1\)"),
])
def test_bad_hyperparameters(make, words):
    with pytest.raises(ValueError, match=words):
        make([scalar_param()])


@pytest.mark.parametrize("cls", [nn.SGD, nn.RMSprop, nn.Adam])
def test_empty_or_wrong_parameter_list(cls):
    with pytest.raises(ValueError, match="empty parameter list; pass model.parameters()"):
        cls([])
    with pytest.raises(TypeError, match="expects Parameter objects; item 1 is a ndarray"):
        cls([scalar_param(), np.zeros(3)])


@pytest.mark.parametrize("make", [
    lambda ps, wd: nn.SGD(ps, lr=0.1, weight_decay=wd),
    lambda ps, wd: nn.SGD(ps, lr=0.1, momentum=0.9, weight_decay=wd),
    lambda ps, wd: nn.RMSprop(ps, lr=0.1, weight_decay=wd),
    lambda ps, wd: nn.Adam(ps, lr=0.1, weight_decay=wd),
])
def test_weight_decay_equals_adding_lambda_theta_to_the_gradient(make):
    theta0, g = np.array([1.0, -2.0, 0.5]), np.array([0.3, 0.1, -0.2])
    decayed, by_hand = nn.Parameter(theta0.copy()), nn.Parameter(theta0.copy())
    opt_decayed, opt_by_hand = make([decayed], 0.01), make([by_hand], 0.0)
    for _ in range(3):
        decayed.grad[...] = g
        by_hand.grad[...] = g + 0.01 * by_hand.value  # the gradient of (0.01 / 2) ||theta||^2
        opt_decayed.step()
        opt_by_hand.step()
    np.testing.assert_allclose(decayed.value, by_hand.value, rtol=1e-14)
    assert not np.allclose(decayed.value, make([nn.Parameter(theta0.copy())], 0.0).params[0].value)


def test_weight_decay_alone_shrinks_weights_geometrically():
    p = nn.Parameter(np.array([2.0, -4.0]))
    opt = nn.SGD([p], lr=0.1, weight_decay=0.5)
    for _ in range(4):
        p.grad[...] = 0.0
        opt.step()
    np.testing.assert_allclose(p.value, np.array([2.0, -4.0]) * (1 - 0.1 * 0.5) ** 4, rtol=1e-14)


@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf")])
def test_bad_weight_decay_value(bad):
    with pytest.raises(ValueError, match="weight_decay must be a finite number >= 0"):
        nn.SGD([nn.Parameter(np.zeros(2))], lr=0.1, weight_decay=bad)


@pytest.mark.parametrize("bad", ["0.1", True, None])
def test_bad_weight_decay_type(bad):
    with pytest.raises(TypeError, match="weight_decay must be a number"):
        nn.Adam([nn.Parameter(np.zeros(2))], lr=0.1, weight_decay=bad)
