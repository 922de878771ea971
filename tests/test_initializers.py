"""Initialisers: shapes, dtypes, variances from the Glorot/He formulas,
determinism, bad input."""

import numpy as np
import pytest

from nnmath import initializers as I

ANY_SHAPE = [I.zeros, I.normal, I.uniform]
WEIGHT = [I.glorot_uniform, I.glorot_normal, I.he_uniform, I.he_normal]
ALL = ANY_SHAPE + WEIGHT
RANDOM = ALL[1:]


def test_the_public_initialisers():
    assert set(I.__all__) == {f.__name__ for f in ALL}
    # The xavier_* aliases are gone: one name per function.
    assert not hasattr(I, "xavier_uniform")
    assert not hasattr(I, "xavier_normal")


@pytest.mark.parametrize("init", ANY_SHAPE)
@pytest.mark.parametrize("shape, expected", [
    ((3, 5), (3, 5)), ((7,), (7,)), (4, (4,)), ((2, 3, 4), (2, 3, 4)),
    (np.int64(3), (3,)), ((np.int64(2), np.int32(3)), (2, 3)),
    ([2, 3], (2, 3))])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_plain_initialisers_take_any_shape(init, shape, expected, dtype):
    w = init(shape, rng=0, dtype=dtype)
    assert w.shape == expected and w.dtype == dtype


@pytest.mark.parametrize("init", WEIGHT)
@pytest.mark.parametrize("shape", [(3, 5), [3, 5], (np.int64(3), 5)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, "float32"])
def test_weight_initialisers_take_an_n_in_n_out_shape(init, shape, dtype):
    w = init(shape, rng=0, dtype=dtype)
    assert w.shape == (3, 5) and w.dtype == np.dtype(dtype)


@pytest.mark.parametrize("init", WEIGHT)
@pytest.mark.parametrize("shape", [4, (7,), (2, 3, 4), np.int64(3)])
def test_weight_initialisers_refuse_other_shapes(init, shape):
    with pytest.raises(ValueError, match=r"shape must be a weight matrix "
                                         r"shape \(n_in, n_out\)"):
        init(shape)


@pytest.mark.parametrize("init", ALL)
@pytest.mark.parametrize("shape", [(), (0, 3), (3, -1), 0, -2])
def test_bad_sizes_raise(init, shape):
    with pytest.raises(ValueError, match="shape must be a non-empty tuple of "
                                         "positive integers"):
        init(shape)


@pytest.mark.parametrize("init", ALL)
def test_shape_none_raises_type_error(init):
    with pytest.raises(TypeError, match="shape"):
        init(None)


@pytest.mark.parametrize("init", ALL)
def test_sizes_of_the_wrong_type_raise_type_error(init):
    for shape in [(2.5, 3), ("2", 3), (2, True)]:
        with pytest.raises(TypeError, match="shape"):
            init(shape)


@pytest.mark.parametrize("init", ALL)
@pytest.mark.parametrize("dtype", [int, np.int32, bool, complex, None, "i4",
                                   "not a dtype", object])
def test_dtype_must_be_floating(init, dtype):
    with pytest.raises(TypeError, match="dtype must be a floating-point"):
        init((2, 2), dtype=dtype)


# (init, expected variance for n_in, n_out, half-width of the support or
# None for a Gaussian)
FORMULAS = {
    "glorot_uniform": (I.glorot_uniform, lambda fi, fo: 2.0 / (fi + fo),
                       lambda fi, fo: np.sqrt(6.0 / (fi + fo))),
    "glorot_normal": (I.glorot_normal, lambda fi, fo: 2.0 / (fi + fo), None),
    "he_uniform": (I.he_uniform, lambda fi, fo: 2.0 / fi,
                   lambda fi, fo: np.sqrt(6.0 / fi)),
    "he_normal": (I.he_normal, lambda fi, fo: 2.0 / fi, None),
}


@pytest.mark.parametrize("name", sorted(FORMULAS))
@pytest.mark.parametrize("n_in, n_out", [(300, 700), (800, 100)])
def test_empirical_variance_matches_formula(name, n_in, n_out):
    init, variance, limit = FORMULAS[name]
    w = init((n_in, n_out), rng=1)
    var = variance(n_in, n_out)
    assert abs(w.mean()) < 0.01 * np.sqrt(var)
    # 8e4+ samples: the variance estimate is within about 0.5% of the
    # truth (standard error sqrt(2 / n)).
    assert w.var() == pytest.approx(var, rel=0.03)
    if limit is not None:
        a = limit(n_in, n_out)
        assert np.abs(w).max() <= a and np.abs(w).max() > 0.99 * a


def test_glorot_tells_n_in_from_n_out():
    # He depends on n_in alone: a (10, 1000) matrix is much wider spread
    # than a (1000, 10) one; Glorot treats both alike.
    assert I.he_normal((10, 1000), rng=0).var() > \
        50 * I.he_normal((1000, 10), rng=0).var()
    assert I.glorot_normal((10, 1000), rng=0).var() == pytest.approx(
        I.glorot_normal((1000, 10), rng=0).var(), rel=0.05)


@pytest.mark.parametrize("init, kwargs, variance", [
    (I.normal, {"std": 0.2}, 0.04), (I.uniform, {"limit": 0.3}, 0.09 / 3),
    (I.normal, {}, 0.01**2), (I.uniform, {}, 0.05**2 / 3),
    (I.normal, {"std": np.float32(0.5)}, 0.25),
    (I.uniform, {"limit": np.int64(2)}, 4 / 3)])
def test_plain_normal_and_uniform_variance(init, kwargs, variance):
    w = init((500, 400), rng=2, **kwargs)
    assert w.var() == pytest.approx(variance, rel=0.03)


@pytest.mark.parametrize("init, arg", [(I.normal, "std"),
                                       (I.uniform, "limit")])
def test_zero_spread_gives_zeros(init, arg):
    assert not np.any(init((3, 4), rng=0, **{arg: 0}))


@pytest.mark.parametrize("init, arg", [(I.normal, "std"),
                                       (I.uniform, "limit")])
@pytest.mark.parametrize("value, exc, words", [
    (-0.1, ValueError, "must be >= 0"), (np.float32(-1), ValueError,
                                         "must be >= 0"),
    (np.nan, ValueError, "must be finite"),
    (np.inf, ValueError, "must be finite"),
    ("0.1", TypeError, "must be a real number"),
    (None, TypeError, "must be a real number"),
    (True, TypeError, "must be a real number")])
def test_bad_spread(init, arg, value, exc, words):
    with pytest.raises(exc, match=f"{arg} {words}"):
        init((2, 2), **{arg: value})


def test_zeros_is_zero():
    w = I.zeros((3, 4))
    assert not np.any(w) and w.dtype == np.float64


@pytest.mark.parametrize("init", RANDOM)
def test_same_seed_same_weights_different_seed_different(init):
    np.testing.assert_array_equal(init((20, 30), rng=7),
                                  init((20, 30), rng=7))
    np.testing.assert_array_equal(init((20, 30), rng=np.random.default_rng(7)),
                                  init((20, 30), rng=np.int64(7)))
    assert not np.array_equal(init((20, 30), rng=7), init((20, 30), rng=8))


@pytest.mark.parametrize("init", RANDOM)
def test_float32_draws_the_same_numbers_rounded(init):
    np.testing.assert_array_equal(
        init((5, 6), rng=3, dtype=np.float32),
        init((5, 6), rng=3).astype(np.float32))


@pytest.mark.parametrize("init", RANDOM)
def test_generator_is_advanced_not_copied(init):
    gen = np.random.default_rng(3)
    assert not np.array_equal(init((5, 5), rng=gen), init((5, 5), rng=gen))


@pytest.mark.parametrize("init", RANDOM)
@pytest.mark.parametrize("bad_rng", ["seed", 1.5, [1, 2], True,
                                     np.random.RandomState(0)])
def test_bad_rng_type_raises(init, bad_rng):
    with pytest.raises(TypeError, match="rng must be None, an int seed or a "
                                        "numpy.random.Generator"):
        init((2, 2), rng=bad_rng)


def test_zeros_checks_its_rng_like_the_others():
    with pytest.raises(TypeError, match="rng"):
        I.zeros((2, 2), rng="seed")
