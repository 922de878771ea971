"""Learning-rate schedules at chosen steps, against their formulas evaluated by hand."""

import math

import pytest

from nnmath import schedules as S


@pytest.mark.parametrize("schedule, expected", [
    (S.constant(0.1), {0: 0.1, 7: 0.1, 10**6: 0.1}),
    (S.step_decay(1.0, step_size=10, gamma=0.5), {0: 1.0, 9: 1.0, 10: 0.5, 19: 0.5, 25: 0.25, 100: 2.0**-10}),
    (S.step_decay(0.2, step_size=3), {2: 0.2, 3: 0.02, 6: 0.002}),
    (S.piecewise_constant([3, 6], [0.3, 0.2, 0.1]), {0: 0.3, 2: 0.3, 3: 0.2, 5: 0.2, 6: 0.1, 1000: 0.1}),
    (S.piecewise_constant([], [0.05]), {0: 0.05, 99: 0.05}),
    (S.exponential_decay(0.1, decay_rate=0.5, decay_steps=10),
     {0: 0.1, 5: 0.1 * math.sqrt(0.5), 10: 0.05, 20: 0.025, 30: 0.0125}),
    (S.exponential_decay(2.0, decay_rate=0.9), {0: 2.0, 1: 1.8, 2: 1.62}),
    (S.cosine_decay(1.0, total_steps=100, lr_min=0.1),
     {0: 1.0, 25: 0.1 + 0.45 * (1 + math.sqrt(0.5)), 50: 0.55, 75: 0.1 + 0.45 * (1 - math.sqrt(0.5)),
      100: 0.1, 101: 0.1, 10**5: 0.1}),
    (S.cosine_decay(0.4, total_steps=8), {0: 0.4, 4: 0.2, 8: 0.0, 9: 0.0}),
])
def test_schedule_values(schedule, expected):
    got = {t: schedule(t) for t in expected}
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_cosine_decay_is_monotone_until_total_steps():
    lrs = [S.cosine_decay(1.0, 50, lr_min=0.01)(t) for t in range(60)]
    assert all(a > b for a, b in zip(lrs[:50], lrs[1:51]))
    assert lrs[50:] == [pytest.approx(0.01)] * 10


@pytest.mark.parametrize("make, exc, words", [
    (lambda: S.constant(0.0), ValueError, "lr must be a finite positive number"),
    (lambda: S.constant(-1), ValueError, "lr must be a finite positive number"),
    (lambda: S.step_decay(0.1, 0), ValueError, "step_size must be a positive integer"),
    (lambda: S.step_decay(0.1, 2.5), TypeError, "step_size must be a positive integer"),
    (lambda: S.step_decay(0.1, 10, gamma=0), ValueError, "gamma must be a finite positive number"),
    (lambda: S.piecewise_constant([10], [0.1]), ValueError, r"len\(values\) = len\(boundaries\) \+ 1"),
    (lambda: S.piecewise_constant([10, 5], [0.1, 0.2, 0.3]), ValueError, "strictly increasing"),
    (lambda: S.piecewise_constant([0], [0.1, 0.2]), ValueError, "positive and strictly increasing"),
    (lambda: S.exponential_decay(0.1, 0.0), ValueError, "decay_rate must be a finite positive number"),
    (lambda: S.cosine_decay(0.1, 0), ValueError, "total_steps must be a positive integer"),
    (lambda: S.cosine_decay(0.1, 10, lr_min=0.2), ValueError, r"lr_min must lie in \[0, lr\]"),
    (lambda: S.cosine_decay(0.1, 10, lr_min=-0.1), ValueError, r"lr_min must lie in \[0, lr\]"),
])
def test_bad_schedule_arguments(make, exc, words):
    with pytest.raises(exc, match=words):
        make()
