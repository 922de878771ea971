"""Initialisers: shapes, dtypes, variances from the Glorot/He formulas, determinism."""

import numpy as np
import pytest

from nnmath import initializers as I

ALL = [I.zeros, I.normal, I.uniform, I.glorot_uniform, I.glorot_normal, I.he_uniform, I.he_normal]


@pytest.mark.parametrize("init", ALL)
@pytest.mark.parametrize("shape", [(3, 5), (7,), 4, (2, 3, 4)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_shape_and_dtype(init, shape, dtype):
    w = init(shape, rng=0, dtype=dtype)
    assert w.shape == (shape if isinstance(shape, tuple) else (shape,))
    assert w.dtype == dtype


# (init, expected variance for fan_in, fan_out, half-width of the support or None for a Gaussian)
FORMULAS = {
    "glorot_uniform": (I.glorot_uniform, lambda fi, fo: 2.0 / (fi + fo), lambda fi, fo: np.sqrt(6.0 / (fi + fo))),
    "glorot_normal": (I.glorot_normal, lambda fi, fo: 2.0 / (fi + fo), None),
    "he_uniform": (I.he_uniform, lambda fi, fo: 2.0 / fi, lambda fi, fo: np.sqrt(6.0 / fi)),
    "he_normal": (I.he_normal, lambda fi, fo: 2.0 / fi, None),
}


@pytest.mark.parametrize("name", sorted(FORMULAS))
@pytest.mark.parametrize("fan_in, fan_out", [(300, 700), (800, 100)])
def test_empirical_variance_matches_formula(name, fan_in, fan_out):
    init, variance, limit = FORMULAS[name]
    w = init((fan_in, fan_out), rng=1)
    assert abs(w.mean()) < 0.01 * np.sqrt(variance(fan_in, fan_out))
    # 2e5+ samples: the variance estimate is within ~0.5% of the truth (std error sqrt(2/n))
    assert w.var() == pytest.approx(variance(fan_in, fan_out), rel=0.03)
    if limit is not None:
        a = limit(fan_in, fan_out)
        assert np.abs(w).max() <= a and np.abs(w).max() > 0.99 * a


@pytest.mark.parametrize("init, kwargs, variance", [
    (I.normal, {"std": 0.2}, 0.04), (I.uniform, {"limit": 0.3}, 0.09 / 3)])
def test_plain_normal_and_uniform_variance(init, kwargs, variance):
    w = init((500, 400), rng=2, **kwargs)
    assert w.var() == pytest.approx(variance, rel=0.03)


def test_zeros_is_zero():
    assert not np.any(I.zeros((3, 4)))


def test_xavier_aliases_are_the_glorot_functions():
    assert I.xavier_uniform is I.glorot_uniform
    assert I.xavier_normal is I.glorot_normal


@pytest.mark.parametrize("init", ALL[1:])
def test_same_seed_same_weights_different_seed_different(init):
    np.testing.assert_array_equal(init((20, 30), rng=7), init((20, 30), rng=7))
    np.testing.assert_array_equal(init((20, 30), rng=np.random.default_rng(7)), init((20, 30), rng=7))
    assert not np.array_equal(init((20, 30), rng=7), init((20, 30), rng=8))


@pytest.mark.parametrize("init", ALL[1:])
def test_generator_is_advanced_not_copied(init):
    gen = np.random.default_rng(3)
    assert not np.array_equal(init((5, 5), rng=gen), init((5, 5), rng=gen))


@pytest.mark.parametrize("shape", [(), (0, 3), (3, -1), (2.5, 3)])
def test_bad_shape_raises(shape):
    with pytest.raises(ValueError, match="shape must be a non-empty tuple of positive integers"):
        I.glorot_uniform(shape)


@pytest.mark.parametrize("bad_rng", ["seed", 1.5, [1, 2], True])
def test_bad_rng_type_raises(bad_rng):
    with pytest.raises(TypeError, match="rng must be None, an int seed or a numpy.random.Generator"):
        I.he_normal((2, 2), rng=bad_rng)
