"""Learning-rate schedules at chosen steps, against their formulas
evaluated by hand; NumPy scalars and bad arguments."""

import math

import numpy as np
import pytest

from nnmath import schedules as S


@pytest.mark.parametrize("schedule, expected", [
    (S.constant(0.1), {0: 0.1, 7: 0.1, 10**6: 0.1}),
    (S.step_decay(1.0, step_size=10, gamma=0.5),
     {0: 1.0, 9: 1.0, 10: 0.5, 19: 0.5, 25: 0.25, 100: 2.0**-10}),
    (S.step_decay(0.2, step_size=3), {2: 0.2, 3: 0.02, 6: 0.002}),
    (S.piecewise_constant([3, 6], [0.3, 0.2, 0.1]),
     {0: 0.3, 2: 0.3, 3: 0.2, 5: 0.2, 6: 0.1, 1000: 0.1}),
    (S.piecewise_constant([], [0.05]), {0: 0.05, 99: 0.05}),
    (S.exponential_decay(0.1, decay_rate=0.5, decay_steps=10),
     {0: 0.1, 5: 0.1 * math.sqrt(0.5), 10: 0.05, 20: 0.025, 30: 0.0125}),
    (S.exponential_decay(2.0, decay_rate=0.9), {0: 2.0, 1: 1.8, 2: 1.62}),
    (S.cosine_decay(1.0, total_steps=100, lr_min=0.1),
     {0: 1.0, 25: 0.1 + 0.45 * (1 + math.sqrt(0.5)), 50: 0.55,
      75: 0.1 + 0.45 * (1 - math.sqrt(0.5)), 100: 0.1, 101: 0.1,
      10**5: 0.1}),
    (S.cosine_decay(0.4, total_steps=8), {0: 0.4, 4: 0.2, 8: 0.0, 9: 0.0}),
    (S.cosine_decay(0.4, total_steps=8, lr_min=0.4), {0: 0.4, 5: 0.4}),
])
def test_schedule_values(schedule, expected):
    got = {t: schedule(t) for t in expected}
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_cosine_decay_is_monotone_until_total_steps():
    lrs = [S.cosine_decay(1.0, 50, lr_min=0.01)(t) for t in range(60)]
    assert all(a > b for a, b in zip(lrs[:50], lrs[1:51]))
    assert lrs[50:] == [pytest.approx(0.01)] * 10


# Each schedule built from NumPy scalars gives, step for step, what the
# same schedule of Python numbers gives.
NUMPY_ARGS = [
    (S.constant, (np.float32(0.1),)),
    (S.constant, (np.int64(1),)),
    (S.step_decay, (np.float64(1.0), np.int64(3), np.float32(0.5))),
    (S.piecewise_constant, ([np.int64(3), np.int32(6)],
                            [np.float32(0.3), np.float64(0.2), 1])),
    (S.exponential_decay, (np.float32(0.1), np.float32(0.5), np.uint8(2))),
    (S.cosine_decay, (np.float64(1.0), np.int64(10), np.float32(0.25))),
]


@pytest.mark.parametrize("make, args", NUMPY_ARGS)
def test_numpy_scalars_are_accepted(make, args):
    def python(a):
        if isinstance(a, list):
            return [python(v) for v in a]
        return a.item() if isinstance(a, np.generic) else a

    from_numpy, from_python = make(*args), make(*[python(a) for a in args])
    for t in range(15):
        got = from_numpy(t)
        assert got == from_python(t) and isinstance(got, float)


# (make a schedule from one bad argument value, the argument's name)
ARGUMENTS = {
    "constant lr": (lambda v: S.constant(v), "lr"),
    "step_decay lr": (lambda v: S.step_decay(v, 10), "lr"),
    "step_decay gamma": (lambda v: S.step_decay(0.1, 10, gamma=v), "gamma"),
    "piecewise values": (lambda v: S.piecewise_constant([3], [0.1, v]),
                         r"values\[1\]"),
    "exponential lr": (lambda v: S.exponential_decay(v, 0.5), "lr"),
    "exponential decay_rate": (lambda v: S.exponential_decay(0.1, v),
                               "decay_rate"),
    "cosine lr": (lambda v: S.cosine_decay(v, 10), "lr"),
    "cosine lr_min": (lambda v: S.cosine_decay(0.1, 10, lr_min=v),
                      "lr_min"),
}
INT_ARGUMENTS = {
    "step_decay step_size": (lambda v: S.step_decay(0.1, v), "step_size"),
    "piecewise boundaries": (lambda v: S.piecewise_constant([v], [0.1, 0.2]),
                             r"boundaries\[0\]"),
    "exponential decay_steps": (lambda v: S.exponential_decay(0.1, 0.5, v),
                                "decay_steps"),
    "cosine total_steps": (lambda v: S.cosine_decay(0.1, v), "total_steps"),
}


@pytest.mark.parametrize("arg", sorted(ARGUMENTS))
@pytest.mark.parametrize("value", ["0.1", None, True, [0.1], 1j])
def test_real_arguments_of_wrong_type(arg, value):
    make, name = ARGUMENTS[arg]
    with pytest.raises(TypeError, match=f"{name} must be a real number"):
        make(value)


@pytest.mark.parametrize("arg", sorted(ARGUMENTS))
@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_real_arguments_must_be_finite(arg, value):
    make, name = ARGUMENTS[arg]
    with pytest.raises(ValueError, match=f"{name} must be finite"):
        make(value)


@pytest.mark.parametrize("arg", sorted(INT_ARGUMENTS))
@pytest.mark.parametrize("value", [2.0, 2.5, "2", None, True])
def test_integer_arguments_of_wrong_type(arg, value):
    make, name = INT_ARGUMENTS[arg]
    with pytest.raises(TypeError, match=f"{name} must be a positive integer"):
        make(value)


@pytest.mark.parametrize("arg", sorted(INT_ARGUMENTS))
@pytest.mark.parametrize("value", [0, -3, np.int64(0)])
def test_integer_arguments_must_be_positive(arg, value):
    make, name = INT_ARGUMENTS[arg]
    with pytest.raises(ValueError, match=f"{name} must be a positive integer"):
        make(value)


@pytest.mark.parametrize("make, words", [
    (lambda: S.constant(0.0), "lr must be > 0"),
    (lambda: S.constant(-1), "lr must be > 0"),
    (lambda: S.step_decay(0.1, 10, gamma=0), "gamma must be > 0"),
    (lambda: S.piecewise_constant([10], [0.1]),
     r"len\(values\) = len\(boundaries\) \+ 1"),
    (lambda: S.piecewise_constant([10], [0.1, 0.2, 0.3]),
     r"got 3 values and 1 boundaries"),
    (lambda: S.piecewise_constant([10, 5], [0.1, 0.2, 0.3]),
     "boundaries must be strictly increasing"),
    (lambda: S.piecewise_constant([5, 5], [0.1, 0.2, 0.3]),
     "boundaries must be strictly increasing"),
    (lambda: S.piecewise_constant([5], [0.1, 0.0]),
     r"values\[1\] must be > 0"),
    (lambda: S.exponential_decay(0.1, 0.0), "decay_rate must be > 0"),
    (lambda: S.cosine_decay(0.1, 10, lr_min=0.2),
     r"lr_min must lie in \[0, lr\]"),
    (lambda: S.cosine_decay(0.1, 10, lr_min=-0.1), "lr_min must be >= 0"),
])
def test_bad_schedule_values(make, words):
    with pytest.raises(ValueError, match=words):
        make()


@pytest.mark.parametrize("boundaries, values", [(None, [0.1]),
                                                ([3], None)])
def test_piecewise_constant_sequences_of_wrong_type(boundaries, values):
    with pytest.raises(TypeError, match="boundaries|values"):
        S.piecewise_constant(boundaries, values)
